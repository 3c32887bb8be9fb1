// All symbols the debugger knows (program, shared libraries, kernel, vDSO) by name and by address.
import { hex } from './viewModel.js';

export type SymbolRegion = 'user' | 'lib' | 'kernel' | 'vdso';

export interface DebugSymbol {
  name: string;
  addr: bigint;
  region: SymbolRegion;
  /** The shared object it belongs to (`libc.so.6`), for a library's symbols. */
  object?: string;
  /** That object's path as mapped (`/lib/x86_64-linux-gnu/libc.so.6`): gdb's `from PATH` in bt. */
  objectPath?: string;
}

/** 1 for names that mark where a section begins or ends (`vdso_text_start`, `__bss_end`), else 0. */
const isMarker = (name: string): number => (/(^|_)(text|data|rodata|bss)_(start|end)$/.test(name) ? 1 : 0);

/** How far past a symbol an address may be and still be named after it (beyond: a bare address). */
const MAX_OFFSET = 0x10000n;

export class SymbolTable {
  private byName = new Map<string, DebugSymbol>();
  private sorted: DebugSymbol[] = [];
  private dirty = false;

  add(name: string, addr: bigint, region: SymbolRegion, object?: string, objectPath?: string): void {
    if (!name || name.startsWith('.L')) return;
    const s: DebugSymbol = object === undefined ? { name, addr, region } : objectPath === undefined ? { name, addr, region, object } : { name, addr, region, object, objectPath };
    // The first definition of a name wins (program symbols are added before kernel ones).
    if (!this.byName.has(name)) this.byName.set(name, s);
    this.sorted.push(s);
    this.dirty = true;
  }

  /** Forget the symbols of a shared object that was unmapped (those it defined at `bias`-relative addresses it had). */
  removeObject(object: string, from: bigint, to: bigint): void {
    const gone = (s: DebugSymbol): boolean => s.object === object && s.addr >= from && s.addr < to;
    const before = this.sorted.length;
    this.sorted = this.sorted.filter((s) => !gone(s));
    if (this.sorted.length === before) return;
    for (const [name, s] of this.byName) {
      if (!gone(s)) continue;
      // another definition of the name (an object still loaded, the kernel) takes over, as if added first
      const next = this.sorted.find((x) => x.name === name);
      if (next) this.byName.set(name, next);
      else this.byName.delete(name);
    }
  }

  lookup(name: string): bigint | undefined {
    return this.byName.get(name)?.addr;
  }

  get(name: string): DebugSymbol | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  private ensureSorted(): void {
    if (!this.dirty) return;
    // Stable by address; at one address a function's name before a section marker sharing it
    // (`__kernel_vsyscall`, not `vdso_text_start`), then the shorter name.
    this.sorted.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : isMarker(a.name) - isMarker(b.name) || a.name.length - b.name.length));
    this.dirty = false;
  }

  /** The symbol at or below addr (nearest), or null. */
  containing(addr: bigint): DebugSymbol | null {
    this.ensureSorted();
    const list = this.sorted;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.addr <= addr) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return null;
    // Several names at one address: take the first of them (sorted shortest first).
    let i = found;
    while (i > 0 && list[i - 1]!.addr === list[found]!.addr) i--;
    const s = list[i]!;
    return addr - s.addr <= MAX_OFFSET ? s : null;
  }

  /** `name+off` (decimal offset, as gdb prints `<sym+12>`), `name` at offset 0, `write+23 in libc.so.6` in a library, or null. */
  describe(addr: bigint): string | null {
    const s = this.containing(addr);
    if (!s) return null;
    const off = addr - s.addr;
    return `${off === 0n ? s.name : `${s.name}+${off}`}${s.object ? ` in ${s.object}` : ''}`;
  }

  /** Name of a symbol starting exactly at addr. */
  labelAt(addr: bigint): string | null {
    const s = this.containing(addr);
    return s && s.addr === addr ? s.name : null;
  }

  /** `0x401000 <_start>` style, for messages. */
  format(addr: bigint): string {
    const d = this.describe(addr);
    return d ? `0x${hex(addr)} <${d}>` : `0x${hex(addr)}`;
  }
}
