// Mangled ELF files (random byte flips in the headers, tables and symbols of a valid file) must either
// parse or fail with a one-line ElfError: never another exception, never a hang.
import { describe, expect, it } from 'vitest';
import { ElfError, objdumpListing, readElf, readStaticExecutable, writeExecutable } from '../../src/elf/index.js';

function sample(bits: 32 | 64): Uint8Array {
  const text = Uint8Array.of(0xb8, 0x3c, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05, 0xe8, 0xf2, 0xff, 0xff, 0xff);
  const base = bits === 64 ? 0x401000n : 0x8049000n;
  return writeExecutable({
    bits, entry: base,
    sections: [
      { name: '.text', addr: base, data: text, size: text.length, flags: { alloc: true, write: false, exec: true }, align: 1 },
      { name: '.data', addr: base + 0x1000n, data: Uint8Array.of(1, 2, 3, 4), size: 4, flags: { alloc: true, write: true, exec: false }, align: 4 },
    ],
    symbols: [
      { name: 'f.S', value: 0n, size: 0, type: 'file', bind: 'local', section: null },
      { name: 'v', value: base + 0x1000n, size: 4, type: 'object', bind: 'local', section: '.data' },
      { name: '_start', value: base, size: text.length, type: 'func', bind: 'global', section: '.text' },
    ],
  });
}

describe('mangled ELF files', () => {
  for (const bits of [64, 32] as const) {
    it(`${bits}-bit: 5,000 mutants either parse or give a one-line ElfError`, () => {
      const good = sample(bits);
      let x = 0x2468ace ^ bits;
      const next = (): number => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
      let rejected = 0;
      for (let n = 0; n < 5000; n++) {
        const m = Uint8Array.from(good);
        const flips = 1 + (next() % 4);
        for (let k = 0; k < flips; k++) {
          // Bias towards the ELF header and program headers, where the interesting fields are.
          const at = next() % 3 === 0 ? next() % 128 : next() % m.length;
          m[at] = next() & 0xff;
        }
        const cut = next() % 10 === 0 ? m.subarray(0, next() % m.length) : m;
        try {
          const elf = readElf(cut);
          try { readStaticExecutable(cut); } catch (e) { if (!(e instanceof ElfError)) throw e; }
          objdumpListing(elf, 'mutant');
        } catch (e) {
          if (!(e instanceof ElfError)) throw new Error(`mutant ${n} threw ${String(e)}`);
          expect((e as Error).message).not.toContain('\n');
          rejected++;
        }
      }
      expect(rejected).toBeGreaterThan(100);
    });
  }
});

describe('mangled symbol tables', () => {
  it('a symbol table entry size below the ELF minimum is an ElfError', () => {
    const m = Uint8Array.from(sample(64));
    const elf = readElf(m);
    const symtab = elf.sections.find((s) => s.name === '.symtab')!;
    const shoff = Number(new DataView(m.buffer).getBigUint64(40, true));
    new DataView(m.buffer).setBigUint64(shoff + symtab.index * 64 + 56, 1n, true);
    expect(() => readElf(m)).toThrow(ElfError);
    expect(() => readElf(m)).toThrow(/bad symbol table \(\.symtab\): entry size 1, need 24/);
  });
});
