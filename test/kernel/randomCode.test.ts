// Random bytes as a program: the kernel never crashes, whatever the CPU raises. Each run ends as
// an exit, a fatal signal with a one-line report, or the instruction limit.
import { describe, expect, it } from 'vitest';
import { writeExecutable } from '../../src/elf/index.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { capture } from './helpers.js';

/** xorshift32: reproducible pseudo-random bytes. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x & 0xff;
  };
}

describe('random code', () => {
  for (const bits of [64, 32] as const) {
    it(`${bits}-bit: 150 random programs end cleanly`, async () => {
      const outcomes = new Map<string, number>();
      for (let seed = 1; seed <= 150; seed++) {
        const next = rng(seed * 7919 + bits);
        const code = new Uint8Array(256).map(() => next());
        const base = bits === 64 ? 0x401000n : 0x8049000n;
        const elf = writeExecutable({
          bits, entry: base, symbols: [],
          sections: [
            { name: '.text', addr: base, data: code, size: code.length, flags: { alloc: true, write: false, exec: true }, align: 16 },
            { name: '.data', addr: base + 0x1000n, data: new Uint8Array(64), size: 64, flags: { alloc: true, write: true, exec: false }, align: 16 },
          ],
        });
        const k = await LinuxKernel.boot({ elf, execPath: `random-${seed}`, streams: capture().streams, hz: 0 });
        const out = k.run({ maxInstructions: 20_000 });
        expect(['exited', 'killed', 'limit']).toContain(out.kind);
        if (out.kind === 'killed') {
          expect(out.report).toMatch(/^trapdoor: program killed by SIG[A-Z]+: /);
          expect(out.report).not.toContain('\n');
          expect(out.signal.name).not.toBe('SIGKILL'); // never a kernel oops
        }
        const key = out.kind === 'killed' ? out.signal.name : out.kind;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
      expect(outcomes.get('SIGSEGV') ?? 0).toBeGreaterThan(0);
    });
  }
});
