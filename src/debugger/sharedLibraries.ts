// The shared objects a process has mapped (ld.so, libc.so.6 ...), found as gdb's solib code finds
// them after the fact: a file mapping at offset 0 of an ELF shared object is a loaded object, its
// load bias where that mapping starts. Their symbols (.symtab, else .dynsym) join the debugger's.
import { readFileSync, statSync } from 'node:fs';
import { CallFrameInfo, readElf, type ElfFile } from '../elf/index.js';
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
  /** Where its PT_LOAD segments lie once mapped (from the bias): its symbols are in there. */
  loadFrom: bigint;
  loadTo: bigint;
  /** Symbols read from the file (null: it could not be read). */
  symbols: { name: string; addr: bigint }[] | null;
  /** The file has DWARF (.debug_info): gdb's "Yes" rather than "Yes (*)". */
  debugInfo: boolean;
  /** Its call frame information at its load bias, read when a backtrace first needs it (null: none). */
  cfi(): CallFrameInfo | null;
}

/** Largest shared object read for its symbols. */
const MAX_OBJECT_BYTES = 256 << 20;

export class SharedLibraries {
  private readonly byStart = new Map<bigint, LoadedObject>();

  /** @param hostPath where a guest path is on the host (the kernel's view: --root applies) */
  constructor(private readonly hostPath: (guestPath: string) => string, private readonly exePath: string) {}

  /** The object whose segments hold `addr`, or undefined. */
  containing(addr: bigint): LoadedObject | undefined {
    for (const o of this.byStart.values()) if (addr >= o.loadFrom && addr < o.loadTo) return o;
    return undefined;
  }

  /** Every loaded object, lowest address first. */
  all(): LoadedObject[] {
    return [...this.byStart.values()].sort((a, b) => (a.textFrom < b.textFrom ? -1 : 1));
  }

  /**
   * Look for objects mapped and unmapped since the last call (the VMAs as the kernel has them):
   * `added` the new ones, `removed` those whose first mapping is gone (dlclose, a failed load's
   * cleanup) or now holds another file.
   */
  refresh(vmas: readonly Vma[]): { added: LoadedObject[]; removed: LoadedObject[] } {
    const added: LoadedObject[] = [];
    const removed: LoadedObject[] = [];
    const seen = new Set<bigint>();
    for (const v of vmas) {
      if (v.offset !== 0n || v.inode === undefined || !v.name || v.name.startsWith('[') || v.name === this.exePath) continue;
      const known = this.byStart.get(v.start);
      if (known && known.path === v.name) {
        seen.add(v.start);
        continue;
      }
      const obj = this.read(v);
      if (!obj) continue;
      if (known) removed.push(known);
      seen.add(v.start);
      this.byStart.set(v.start, obj);
      added.push(obj);
    }
    for (const [start, o] of [...this.byStart]) {
      if (seen.has(start)) continue;
      this.byStart.delete(start);
      removed.push(o);
    }
    return { added, removed };
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
    const loads = elf.programHeaders.filter((p) => p.type === 1);
    const loadTo = loads.reduce((m, p) => (p.vaddr + BigInt(p.memsz) > m ? p.vaddr + BigInt(p.memsz) : m), 0n) + bias;
    const text = elf.sections.find((s) => s.name === '.text');
    const source = elf.symbols.length > 0 ? elf.symbols : elf.dynamicSymbols;
    let cfi: CallFrameInfo | null | undefined;
    const symbols = source
      .filter((s) => s.name && s.shndx !== 0 && (s.type === 'func' || s.type === 'object' || s.type === 'notype') && s.value !== 0n)
      .map((s) => ({ name: s.name, addr: s.value + bias }));
    return {
      path: v.name!, name: v.name!.slice(v.name!.lastIndexOf('/') + 1), bias, loadFrom: v.start, loadTo,
      textFrom: text ? text.addr + bias : v.start, textTo: text ? text.addr + BigInt(text.size) + bias : v.end,
      symbols, debugInfo: elf.sections.some((s) => s.name === '.debug_info'),
      cfi: () => {
        if (cfi === undefined) {
          try {
            const c = CallFrameInfo.fromElf(elf, bias);
            cfi = c.size ? c : null;
          } catch {
            cfi = null; // malformed: the unwinder falls back to the frame-pointer chain
          }
        }
        return cfi;
      },
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
