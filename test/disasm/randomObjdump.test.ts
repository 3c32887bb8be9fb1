// Differential test on random instructions: seeded random byte strings that iced-x86 decodes as one
// legacy-encoded instruction are linked by GNU as/ld and listed by objdump; every line must match ours.
import { describe, expect, it } from 'vitest';
import { objdumpListing, readElf } from '../../src/elf/index.js';
import { decodeAt } from '../../src/x86/index.js';
import { gnuBuild, hasTool, normalize } from './objdumpOracle.js';

const haveTools = hasTool('as') && hasTool('ld') && hasTool('objdump');
if (!haveTools) console.warn('skipping the random objdump differential: GNU as, ld or objdump not found');

const SEGMENTS = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65]);

/** Prefix mixes objdump resolves differently from the CPU and that no assembler emits: left out. */
function conflictingPrefixes(bytes: Uint8Array): boolean {
  let segs = 0, f2 = false, f3 = false;
  for (const b of bytes) {
    if (SEGMENTS.has(b)) segs++;
    else if (b === 0xf2) f2 = true;
    else if (b === 0xf3) f3 = true;
    else if (b === 0x66 || b === 0x67 || b === 0xf0 || (b >= 0x40 && b <= 0x4f)) continue;
    else break;
  }
  return segs > 1 || (f2 && f3);
}

function randomProgram(bits: 32 | 64, seed: number, count: number): string {
  let x = seed;
  const next = (): number => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
  const lines = ['.globl _start', '_start:'];
  while (lines.length < count + 2) {
    const b = new Uint8Array(15).map(() => next() & 0xff);
    let p = 0;
    while (p < 14 && (SEGMENTS.has(b[p]!) || [0x66, 0x67, 0xf0, 0xf2, 0xf3].includes(b[p]!) || (bits === 64 && b[p]! >= 0x40 && b[p]! <= 0x4f))) p++;
    if ([0xc4, 0xc5, 0x62, 0x8f, 0x9b].includes(b[p]!) || (b[p] === 0x0f && b[p + 1] === 0x0f)) continue; // VEX/EVEX/XOP, fwait, 3DNow!
    const d = decodeAt(b, 0, bits, 0n);
    if (!d.valid || conflictingPrefixes(d.bytes)) continue;
    lines.push('.byte ' + Array.from(d.bytes, (v) => '0x' + v.toString(16)).join(','));
  }
  return lines.join('\n') + '\n';
}

describe.skipIf(!haveTools)('random legacy-encoded instructions vs objdump -d', () => {
  for (const bits of [64, 32] as const) {
    it(`${bits}-bit: 4,000 random instructions list exactly as objdump lists them`, () => {
      let compared = 0;
      const mismatches: string[] = [];
      for (const seed of [0x1234567, 0x7654321]) {
        const { exe, exePath, objdump } = gnuBuild(randomProgram(bits, seed, 2000), bits);
        const ours = objdumpListing(readElf(exe), exePath).split('\n').map(normalize);
        const theirs = objdump.split('\n').map(normalize);
        for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
          if (/^[0-9a-f]+:/.test(theirs[i] ?? '')) compared++;
          if (ours[i] !== theirs[i]) mismatches.push(`objdump: ${theirs[i]}\n  ours:    ${ours[i]}`);
        }
      }
      console.log(`random ${bits}-bit: compared ${compared} lines with objdump -d, ${mismatches.length} differ`);
      expect(mismatches.slice(0, 10).join('\n')).toBe('');
      expect(compared).toBeGreaterThan(3000);
    });
  }
});
