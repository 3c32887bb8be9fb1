import { describe, expect, it } from 'vitest';
import { decodeAt, disassemble, formatAtt, instructionText, type Bitness } from '../../src/x86/index.js';

/** xorshift32: deterministic bytes, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

describe('decode + format of random bytes', () => {
  it('never throws on 10,000 random byte strings (16, 32 and 64 bit)', () => {
    const next = rng(0x7d00);
    const bitnesses: Bitness[] = [16, 32, 64];
    let valid = 0;
    for (let n = 0; n < 10_000; n++) {
      const len = 1 + (next() % 15);
      const bytes = new Uint8Array(len).map(() => next() & 0xff);
      const bits = bitnesses[n % 3]!;
      const ip = BigInt(next()) << 12n;
      const insn = decodeAt(bytes, 0, bits, ip);
      expect(insn.length).toBeGreaterThanOrEqual(1);
      expect(insn.length).toBeLessThanOrEqual(len);
      const text = formatAtt(insn, (a) => `sym+0x${a.toString(16)}`);
      expect(text).not.toMatch(/undefined|NaN|\n/);
      expect(instructionText(bytes, bits, ip).length).toBeGreaterThan(0);
      if (insn.valid) valid++;
    }
    expect(valid).toBeGreaterThan(5000);
  });

  it('disassembles a 64 KiB block of random bytes without throwing, covering every byte', () => {
    const next = rng(42);
    const bytes = new Uint8Array(65536).map(() => next() & 0xff);
    for (const bits of [32, 64] as const) {
      const lines = disassemble(bytes, bits, 0x401000n, () => 'x');
      expect(lines.reduce((n, l) => n + l.bytes.length, 0)).toBe(bytes.length);
      expect(lines[0]!.ip).toBe(0x401000n);
    }
  });

  it('formats known instructions as objdump does (spot checks; the corpus test compares with objdump itself)', () => {
    expect(instructionText(Uint8Array.of(0x0f, 0x05), 64, 0n)).toBe('syscall');
    expect(instructionText(Uint8Array.of(0xcd, 0x80), 32, 0n)).toBe('int $0x80');
    expect(instructionText(Uint8Array.of(0x0f, 0x22, 0xd8), 64, 0n)).toBe('mov %rax,%cr3');
    expect(decodeAt(Uint8Array.of(0x0f, 0x34), 0, 32, 0n).mnemonic).toBe('sysenter');
    expect(decodeAt(Uint8Array.of(0xff), 0, 64, 0n).valid).toBe(false);
  });
});
