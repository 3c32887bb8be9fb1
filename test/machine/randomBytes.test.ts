// Random bytes never crash the CPU: every outcome is a guest-visible event (an exception through
// the IDT, a halt, a transfer), never a host exception.
import { describe, it, expect } from 'vitest';
import { longModeMachine, protectedModeMachine, gate64, gate32, K64, K32, U, enterUser } from './harness.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s; };
}

describe('random bytes', () => {
  it('2,000 random 64-bit and 32-bit user code blocks run without host errors', () => {
    const next = rng(12345);
    let faults = 0;
    for (let i = 0; i < 2000; i++) {
      const long = i % 2 === 0;
      const m = long ? longModeMachine() : protectedModeMachine();
      for (let v = 0; v < 32; v++) {
        if (long) gate64(m, v, K64.code, 0); else gate32(m, v, K32.code, 0);
      }
      m.write(long ? K64.code : K32.code, new Uint8Array([0xf4])); // handlers: hlt
      const bytes = new Uint8Array(64);
      for (let j = 0; j < bytes.length; j++) bytes[j] = next() & 0xff;
      m.write(U.code, bytes);
      m.setReg('rax', U.data); m.setReg('rbx', U.data); m.setReg('rsi', U.data); m.setReg('rdi', U.data);
      m.setReg('rcx', 3n);
      if (long) enterUser(m, 0x33, 0x2b, U.code, U.stack); else enterUser(m, 0x73, 0x7b, U.code, U.stack);
      const r = m.run({ maxInstructions: 40 });
      expect(['max-instructions', 'halted', 'shutdown']).toContain(r.reason);
      if (m.lastException) faults++;
    }
    expect(faults).toBeGreaterThan(100); // most random code faults somewhere
  });
});
