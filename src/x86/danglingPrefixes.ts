// objdump ends an instruction at a REX prefix that is followed by another prefix (the REX is then
// ignored by the CPU) and prints the prefixes so far on a line of their own, e.g. `rex.W` or `ds rex.RXB`.
import type { Bitness } from './decode.js';

const LEGACY_NAMES: Record<number, string> = {
  0x26: 'es', 0x2e: 'cs', 0x36: 'ss', 0x3e: 'ds', 0x64: 'fs', 0x65: 'gs', 0x66: 'data16', 0x67: 'addr32', 0xf0: 'lock', 0xf2: 'repnz', 0xf3: 'repz',
};

export function rexName(b: number): string {
  const flags = `${b & 8 ? 'W' : ''}${b & 4 ? 'R' : ''}${b & 2 ? 'X' : ''}${b & 1 ? 'B' : ''}`;
  return flags ? `rex.${flags}` : 'rex';
}

const isRex = (b: number | undefined): boolean => b !== undefined && b >= 0x40 && b <= 0x4f;

/** Length of a prefix run at `offset` that objdump prints alone, or 0. */
export function danglingPrefixLength(bytes: Uint8Array, offset: number, bitness: Bitness): number {
  if (bitness !== 64) return 0;
  for (let i = offset; i < bytes.length && i - offset < 14; i++) {
    const b = bytes[i]!;
    if (isRex(b)) {
      const next = bytes[i + 1];
      if (next !== undefined && (LEGACY_NAMES[next] !== undefined || isRex(next) || next === 0x9b)) return i - offset + 1;
      return 0;
    }
    if (LEGACY_NAMES[b] === undefined) return 0;
  }
  return 0;
}

/** objdump's text for a dangling prefix run. */
export function danglingPrefixText(run: Uint8Array): string {
  return Array.from(run, (b) => (isRex(b) ? rexName(b) : LEGACY_NAMES[b]!)).join(' ');
}
