// objdump's choice of `<sym+off>` for an address: the closest symbol at or below it in the same section.
import type { Symbolizer } from './formatAtt.js';

export interface SymbolInfo {
  name: string;
  value: bigint;
  /** Defining section name, or null for absolute/undefined symbols. */
  section: string | null;
  bind?: 'local' | 'global' | 'weak' | 'other';
  type?: string;
}

export interface SectionRange {
  name: string;
  addr: bigint;
  size: number;
}

function offsetText(base: string, delta: bigint): string {
  if (delta === 0n) return base;
  return delta > 0n ? `${base}+0x${delta.toString(16)}` : `${base}-0x${(-delta).toString(16)}`;
}

/** Build an objdump-like symbolizer from a symbol table and the sections that hold code and data. */
export function makeSymbolizer(symbols: SymbolInfo[], sections: SectionRange[]): Symbolizer {
  const usable = symbols.filter((s) => s.name !== '' && s.type !== 'file' && s.type !== 'section' && s.section !== null);
  // Stable order by address; at one address objdump prefers a global symbol over a local one.
  const rank = (s: SymbolInfo): number => (s.bind === 'global' || s.bind === 'weak' ? 1 : 0);
  const bySection = new Map<string, SymbolInfo[]>();
  for (const s of usable) {
    const list = bySection.get(s.section!) ?? [];
    list.push(s);
    bySection.set(s.section!, list);
  }
  for (const list of bySection.values()) list.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : rank(a) - rank(b)));
  const allSorted = [...usable].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : rank(a) - rank(b)));

  const best = (list: SymbolInfo[], addr: bigint): SymbolInfo | null => {
    let lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.value <= addr) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0) return list[0] ?? null;
    return list[found]!;
  };

  return (addr: bigint): string | null => {
    const sec = sections.find((s) => addr >= s.addr && addr < s.addr + BigInt(Math.max(1, s.size)));
    const list = sec ? bySection.get(sec.name) ?? [] : allSorted;
    const sym = best(list.length ? list : allSorted, addr);
    return sym ? offsetText(sym.name, addr - sym.value) : null;
  };
}
