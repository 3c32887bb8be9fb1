// The no-op padding GNU as 2.40 writes for .align in code: long NOPs, and a jump over long runs.

const ALT64: number[][] = [
  [0x90], [0x66, 0x90], [0x0f, 0x1f, 0x00], [0x0f, 0x1f, 0x40, 0x00], [0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00], [0x0f, 0x1f, 0x80, 0, 0, 0, 0], [0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0],
  [0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0], [0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0],
  [0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0],
];
// i386 patterns (lea %esi forms); there is no 5-byte one.
const F32: (number[] | null)[] = [
  [0x90], [0x66, 0x90], [0x8d, 0x76, 0x00], [0x8d, 0x74, 0x26, 0x00], null,
  [0x8d, 0xb6, 0, 0, 0, 0], [0x8d, 0xb4, 0x26, 0, 0, 0, 0],
];

function outputNops(out: number[], patt: (number[] | null)[], count: number, max: number): void {
  const last = count % max;
  for (let i = 0; i < count - last; i += max) out.push(...patt[max - 1]!);
  if (last) {
    const p = patt[last - 1];
    if (p) out.push(...p);
    else out.push(...patt[last - 2]!, 0x90);
  }
}

/** `count` bytes of padding for code of the given bitness. */
export function nopFill(count: number, bits: 32 | 64): Uint8Array {
  const patt = bits === 64 ? ALT64 : F32;
  const max = patt.length;
  const maxNops = bits === 64 ? 7 : 2;
  const out: number[] = [];
  if (Math.floor(count / max) > maxNops) {
    const disp = count - 2;
    if (disp <= 127) {
      out.push(0xeb, disp);
      count = disp;
    } else {
      const d = count - 5;
      out.push(0xe9, d & 0xff, (d >> 8) & 0xff, (d >> 16) & 0xff, (d >>> 24) & 0xff);
      count = d;
    }
  }
  outputNops(out, patt, count, max);
  return Uint8Array.from(out);
}

/** The padding GNU ld puts between two files' code: 10-byte-max long NOPs (64-bit), `66 90` runs (i386). */
export function ldNopFill(count: number, bits: 32 | 64): Uint8Array {
  const out: number[] = [];
  if (bits === 64) outputNops(out, ALT64, count, 10);
  else {
    for (let i = 0; i + 1 < count; i += 2) out.push(0x66, 0x90);
    if (count % 2) out.push(0x90);
  }
  return Uint8Array.from(out);
}
