// The shared objects a process has mapped (ld.so, libc.so.6 ...), found as gdb's solib code finds
// them after the fact: a file mapping at offset 0 of an ELF shared object is a loaded object, its
// load bias where that mapping starts. Their symbols (.symtab, else .dynsym) join the debugger's.
import { readFileSync, statSync } from 'node:fs';
import { readElf, type ElfFile } from '../elf/index.js';
import type { Vma } from '../kernel/procMaps.js';

export interface LoadedObject {
  /** The path as the process mapped it (what /proc/self/maps shows). */
  path: string;
  /** Its file name (`libc.so.6`), as symbols are qualified. */
  name: string;
  bias: bigint;
  /** The .text range, as gdb's From/To columns show it (the mapping when there is no .text). */
  textFrom: bigint;
  textTo: bigint;
  /** Symbols read from the file (null: it could not be read). */
  symbols: { name: string; addr: bigint }[] | null;
  /** The file has DWARF (.debug_info): gdb's "Yes" rather than "Yes (*)". */
  debugInfo: boolean;
}

/** Largest shared object read for its symbols. */
const MAX_OBJECT_BYTES = 256 << 20;

export class SharedLibraries {
  private readonly byStart = new Map<bigint, LoadedObject>();

  /** @param hostPath where a guest path is on the host (the kernel's view: --root applies) */
  constructor(private readonly hostPath: (guestPath: string) => string, private readonly exePath: string) {}

  /** Every loaded object, lowest address first. */
  all(): LoadedObject[] {
    return [...this.byStart.values()].sort((a, b) => (a.textFrom < b.textFrom ? -1 : 1));
  }

  /** Look for objects mapped since the last call (the VMAs as the kernel has them); returns the new ones. */
  refresh(vmas: readonly Vma[]): LoadedObject[] {
    const found: LoadedObject[] = [];
    const seen = new Set<bigint>();
    for (const v of vmas) {
      if (v.offset !== 0n || v.inode === undefined || !v.name || v.name.startsWith('[') || v.name === this.exePath) continue;
      seen.add(v.start);
      const known = this.byStart.get(v.start);
      if (known && known.path === v.name) continue;
      const obj = this.read(v);
      if (!obj) continue;
      this.byStart.set(v.start, obj);
      found.push(obj);
    }
    // an object unmapped (dlclose, or a failed load's cleanup) is gone
    for (const start of [...this.byStart.keys()]) if (!seen.has(start)) this.byStart.delete(start);
    return found;
  }

  private read(v: Vma): LoadedObject | null {
    let elf: ElfFile;
    try {
      const host = this.hostPath(v.name!);
      if (statSync(host).size > MAX_OBJECT_BYTES) return null;
      elf = readElf(new Uint8Array(readFileSync(host)));
    } catch {
      return null; // not an ELF file (a data file mapped at offset 0), or gone
    }
    if (elf.type !== 3) return null; // only ET_DYN objects are shared libraries (the program is the exe)
    const first = elf.programHeaders.find((p) => p.type === 1);
    if (!first) return null;
    const bias = v.start - (first.vaddr & ~0xfffn);
    const text = elf.sections.find((s) => s.name === '.text');
    const source = elf.symbols.length > 0 ? elf.symbols : elf.dynamicSymbols;
    const symbols = source
      .filter((s) => s.name && s.shndx !== 0 && (s.type === 'func' || s.type === 'object' || s.type === 'notype') && s.value !== 0n)
      .map((s) => ({ name: s.name, addr: s.value + bias }));
    return {
      path: v.name!, name: v.name!.slice(v.name!.lastIndexOf('/') + 1), bias,
      textFrom: text ? text.addr + bias : v.start, textTo: text ? text.addr + BigInt(text.size) + bias : v.end,
      symbols, debugInfo: elf.sections.some((s) => s.name === '.debug_info'),
    };
  }
}

/** gdb's `info sharedlibrary` table. */
export function formatSharedLibraries(objects: readonly LoadedObject[], bits: 32 | 64): string {
  if (objects.length === 0) return 'No shared libraries loaded at this time.';
  const w = bits === 64 ? 18 : 10;
  const addr = (a: bigint): string => `0x${a.toString(16).padStart(bits / 4, '0')}`;
  const lines = [`${'From'.padEnd(w + 2)}${'To'.padEnd(w + 2)}Syms Read   Shared Object Library`];
  for (const o of objects) lines.push(`${addr(o.textFrom).padEnd(w + 2)}${addr(o.textTo).padEnd(w + 2)}${(o.symbols ? (o.debugInfo ? 'Yes' : 'Yes (*)') : 'No').padEnd(12)}${o.path}`);
  if (objects.some((o) => o.symbols && !o.debugInfo)) lines.push('(*): Shared library is missing debugging information.');
  return lines.join('\n');
}
