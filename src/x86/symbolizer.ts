// objdump's choice of `<sym+off>` for an address (find_symbol_for_address in binutils): symbols sorted
// by value, then functions/objects before others, globals before locals; the nearest one at or below
// the address wins, the first one below every symbol when none is.
import type { Symbolizer } from './formatAtt.js';

export interface SymbolInfo {
  name: string;
  value: bigint;
  /** Defining section name, or null for absolute symbols. */
  section: string | null;
  bind?: 'local' | 'global' | 'weak' | 'other';
  type?: string;
  /** st_size, which breaks ties between aliases (the larger wins). */
  size?: number;
  /** st_shndx when known: undefined (0) and common (0xfff2) symbols are never used. */
  shndx?: number;
}

export interface SectionRange {
  name: string;
  addr: bigint;
  size: number;
}

export interface SymbolizerOptions {
  /** A relocatable (.o) file: prefer symbols of `section` for addresses inside it, as objdump does. */
  relocatable?: boolean;
  /** The section being disassembled (for relocatable files and block labels). */
  section?: SectionRange;
  /** Only symbols from `section`; if none fits, the section name (objdump's block labels). */
  requireSection?: boolean;
}

export function offsetText(base: string, delta: bigint): string {
  if (delta === 0n) return base;
  return delta > 0n ? `${base}+0x${delta.toString(16)}` : `${base}-0x${(-delta).toString(16)}`;
}

const isFileName = (n: string): boolean => n.length > 2 && n[n.length - 2] === '.' && (n.endsWith('o') || n.endsWith('a'));
const isCompilerMarker = (n: string): boolean => n.includes('gnu_compiled') || n.includes('gcc2_compiled');

/** objdump's compare_symbols: the order that decides which of several symbols at one address is named. */
function compareSymbols(a: SymbolInfo, b: SymbolInfo, section: string | undefined): number {
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  if (section !== undefined) {
    const as = a.section === section, bs = b.section === section;
    if (as !== bs) return as ? -1 : 1;
  }
  for (const test of [isCompilerMarker, isFileName]) {
    const af = test(a.name), bf = test(b.name);
    if (af !== bf) return af ? 1 : -1;
  }
  const af = a.type === 'func', bf = b.type === 'func';
  if (af !== bf) return af ? -1 : 1;
  const ao = a.type === 'object', bo = b.type === 'object';
  if (ao !== bo) return ao ? -1 : 1;
  const al = a.bind === 'local', bl = b.bind === 'local';
  if (al !== bl) return al ? 1 : -1;
  const ag = a.bind === 'global', bg = b.bind === 'global';
  if (ag !== bg) return ag ? -1 : 1;
  const asz = a.size ?? 0, bsz = b.size ?? 0;
  if (asz !== bsz) return asz > bsz ? -1 : 1;
  const ad = a.name.startsWith('.'), bd = b.name.startsWith('.');
  if (ad !== bd) return ad ? 1 : -1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Symbols objdump keeps for lookups, in its sort order (symbols of `section` first at equal addresses). */
export function sortSymbols(symbols: SymbolInfo[], section?: string): SymbolInfo[] {
  return symbols
    .filter((s) => s.name !== '' && s.type !== 'file' && s.type !== 'section' && s.shndx !== 0 && s.shndx !== 0xfff2)
    .sort((a, b) => compareSymbols(a, b, section));
}

/** Find objdump's symbol for `addr` in `sorted` (from sortSymbols), or null. */
export function findSymbol(sorted: SymbolInfo[], addr: bigint, opts: SymbolizerOptions = {}): SymbolInfo | null {
  if (sorted.length === 0) return null;
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.value <= addr) lo = mid + 1; else hi = mid;
  }
  const min = Math.max(0, lo - 1);
  let place = min;
  while (place > 0 && sorted[place]!.value === sorted[place - 1]!.value) place--;
  const sec = opts.section;
  const inSec = sec !== undefined && addr >= sec.addr && addr < sec.addr + BigInt(sec.size);
  const want = sec !== undefined && (opts.requireSection === true || (opts.relocatable === true && inSec));
  if (want && sorted[place]!.section !== sec.name) {
    // The nearest symbol of this section at or below (the first at its address), else the next one above.
    let newPlace = -1;
    for (let i = min - 1; i >= 0; i--) {
      if (sorted[i]!.section !== sec.name) continue;
      if (newPlace >= 0 && sorted[i]!.value !== sorted[newPlace]!.value) break;
      newPlace = i;
    }
    if (newPlace >= 0) place = newPlace;
    else {
      for (let i = place + 1; i < sorted.length; i++) {
        if (sorted[i]!.section === sec.name) { place = i; break; }
      }
    }
    if (sorted[place]!.section !== sec.name) return null;
  }
  return sorted[place]!;
}

/** Build an objdump-like symbolizer from a symbol table. */
export function makeSymbolizer(symbols: SymbolInfo[], opts: SymbolizerOptions = {}): Symbolizer {
  const sorted = sortSymbols(symbols);
  return (addr: bigint): string | null => {
    const sym = findSymbol(sorted, addr, opts);
    if (sym) return offsetText(sym.name, addr - sym.value);
    return opts.section ? offsetText(opts.section.name, addr - opts.section.addr) : null;
  };
}
