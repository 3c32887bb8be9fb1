// Random instruction bytes as programs, in both bitnesses and under both CPU profiles (and the
// i386 kernel for 32-bit code): no internal error may reach a user. Every run ends as an exit, a
// fatal signal with a one-line report, or the instruction limit; never a host exception (which the
// CLI reports as "internal error", exit 70), a machine stop or a kernel oops. Registers point into
// a writable page first, so that memory operands run instead of all faulting at once; a third of
// the picks come from the 0F map, a sixth are entry/exit/system instructions. Seeds reproduce.
import { describe, expect, it } from 'vitest';
import { writeExecutable } from '../../src/elf/index.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { capture } from './helpers.js';

const PROGRAMS = 60;

/** xorshift32, reproducible by seed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** Entry, exit and system opcodes, where the kernel and the CPU's privileged paths meet user code. */
const SYSTEM: readonly number[][] = [
  [0x0f, 0x05], [0x0f, 0x34], [0x0f, 0x35], [0x0f, 0x07], [0xcd, 0x80], [0xcf], [0x48, 0xcf], [0xca, 0x08, 0x00], [0xcb],
  [0xea, 0, 0x10, 0x40, 0, 0x33, 0], [0xff, 0x2b], [0xff, 0x1b], [0xf1], [0xce], [0xcc], [0x0f, 0xa2], [0x0f, 0x31], [0x0f, 0x01, 0xf9],
  [0x0f, 0x01, 0x03], [0x0f, 0x00, 0xc8], [0x0f, 0xc7, 0xf8], [0xf3, 0x0f, 0xae, 0xd8], [0xf3, 0x48, 0x0f, 0xae, 0xc0],
  [0x8e, 0xd8], [0x8e, 0xe0], [0x9d], [0x0f, 0x0b], [0xf4], [0xec], [0x6c],
];

/** mov $data, %e?x for every register but the stack pointer, then random and system instruction bytes. */
function program(seed: number, data: number): Uint8Array {
  const next = rng(seed);
  const out: number[] = [];
  for (const r of [0, 1, 2, 3, 5, 6, 7]) out.push(0xb8 + r, data & 0xff, (data >> 8) & 0xff, (data >> 16) & 0xff, data >>> 24);
  while (out.length < 512) {
    const pick = next() % 6;
    if (pick === 5) out.push(...SYSTEM[next() % SYSTEM.length]!);
    else if (pick < 2) out.push(0x0f, next() & 0xff, next() & 0xff, next() & 0xff); // two-byte map, modrm, one more
    else out.push(next() & 0xff, next() & 0xff);
  }
  return new Uint8Array(out);
}

const CASES = [
  { bits: 64, profile: 'textbook', kernel: 'x86_64' },
  { bits: 64, profile: 'zen4-kvm', kernel: 'x86_64' },
  { bits: 32, profile: 'textbook', kernel: 'x86_64' },
  { bits: 32, profile: 'zen4-kvm', kernel: 'x86_64' },
  { bits: 32, profile: 'textbook', kernel: 'i386' },
  { bits: 32, profile: 'zen4-kvm', kernel: 'i386' },
] as const;

describe('random instruction bytes', () => {
  for (const c of CASES) {
    it(`${c.bits}-bit, ${c.profile}, ${c.kernel} kernel: ${PROGRAMS} programs end without an internal error`, async () => {
      const kinds = new Map<string, number>();
      for (let i = 1; i <= PROGRAMS; i++) {
        const seed = i * 2654435761 + c.bits + (c.profile === 'textbook' ? 0 : 7) + (c.kernel === 'i386' ? 13 : 0);
        const base = c.bits === 64 ? 0x401000n : 0x8049000n;
        const data = Number(base + 0x1000n);
        const code = program(seed, data);
        const elf = writeExecutable({
          bits: c.bits, entry: base, symbols: [],
          sections: [
            { name: '.text', addr: base, data: code, size: code.length, flags: { alloc: true, write: false, exec: true }, align: 16 },
            { name: '.data', addr: base + 0x1000n, data: new Uint8Array(4096), size: 4096, flags: { alloc: true, write: true, exec: false }, align: 16 },
          ],
        });
        const where = `seed ${seed} (${c.bits}-bit, ${c.profile}, ${c.kernel})`;
        let out: ReturnType<LinuxKernel['run']>;
        try {
          const k = await LinuxKernel.boot({ elf, execPath: `fuzz-${i}`, streams: capture().streams, hz: 0, profile: c.profile, kernel: c.kernel });
          out = k.run({ maxInstructions: 5_000 });
        } catch (e) {
          throw new Error(`${where}: host exception ${(e as Error).stack ?? e}`);
        }
        expect([where, out.kind]).toEqual([where, expect.stringMatching(/^(exited|killed|limit)$/)]);
        if (out.kind === 'killed') {
          expect([where, out.report]).toEqual([where, expect.stringMatching(/^trapdoor: program killed by SIG[A-Z]+: [^\n]*$/)]);
          expect([where, out.signal.name]).not.toEqual([where, 'SIGKILL']); // a kernel oops
        }
        const key = out.kind === 'killed' ? out.signal.name : out.kind;
        kinds.set(key, (kinds.get(key) ?? 0) + 1);
      }
      expect(kinds.size).toBeGreaterThan(1); // the bytes reach more than one outcome
    });
  }
});
