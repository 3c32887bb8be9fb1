// The FXSAVE/XSAVE family's rules that the native oracle (test/oracle/xsaveState.test.ts) cannot
// show on a Linux host: CR4.OSXSAVE clear (#UD), CR0.TS/EM (#NM: XSAVE checks TS only, FXSAVE both),
// XSTATE_BV bits beyond this CPU's XCR0 (the host's XCR0 has AVX and more), the XSAVE variants that
// CPUID leaf 0DH subleaf 1 does not announce (#UD), and FXSAVE/FXRSTOR with CR4.OSFXSR clear.
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../src/machine/index.js';
import { gas, hasGnuAs, K64, load, longModeMachine } from './harness.js';

const CR4_OSFXSR = 1n << 9n, CR4_OSXSAVE = 1n << 18n;
const CR0_EM = 1n << 2n, CR0_TS = 1n << 3n;
const AREA = K64.stackBase + 0x1000n;

function run(src: string, opts: { cr4?: bigint; cr0?: bigint; xcr0?: bigint; xmm0Ones?: boolean } = {}): { m: Machine; outcome: string } {
  const m = longModeMachine();
  if (opts.xmm0Ones) m.fpu.xmm32.fill(0xffffffff, 0, 4);
  m.setCr(4, (opts.cr4 ?? CR4_OSFXSR | CR4_OSXSAVE) | m.getCr(4));
  m.setCr(0, m.getCr(0) | (opts.cr0 ?? 0n));
  m.setXcr0(opts.xcr0 ?? 3n);
  load(m, K64.code, gas(64, `${src}\nhlt`, K64.code).bytes);
  m.setReg('rsp', K64.stack);
  m.setReg('rdi', AREA);
  m.setReg('rax', 3n);
  m.setReg('rdx', 0n);
  m.run({ maxInstructions: 50 });
  return { m, outcome: m.halted ? 'runs' : m.lastException?.name ?? 'running' };
}

describe.skipIf(!hasGnuAs)('FXSAVE/XSAVE family: the rules of the SDM', () => {
  it('XSAVE, XRSTOR and XGETBV raise #UD while CR4.OSXSAVE is clear; FXSAVE does not need it', () => {
    for (const src of ['xsave (%rdi)', 'xrstor (%rdi)', 'xor %ecx,%ecx\nxgetbv']) expect(run(src, { cr4: CR4_OSFXSR }).outcome, src).toBe('#UD');
    expect(run('fxsave (%rdi)', { cr4: CR4_OSFXSR }).outcome).toBe('runs');
  });

  it('CR0.TS makes all of them #NM; CR0.EM only the FXSAVE pair (XSAVE ignores EM)', () => {
    for (const src of ['fxsave (%rdi)', 'fxrstor (%rdi)', 'xsave (%rdi)', 'xrstor (%rdi)']) expect(run(src, { cr0: CR0_TS }).outcome, src).toBe('#NM');
    expect(run('fxsave (%rdi)', { cr0: CR0_EM }).outcome).toBe('#NM');
    expect(run('xsave (%rdi)', { cr0: CR0_EM }).outcome).toBe('runs');
  });

  it('XRSTOR of an XSTATE_BV bit that XCR0 lacks (AVX here) is #GP; XCR0 = x87 only makes RFBM drop SSE', () => {
    const avx = run('xsave (%rdi)\norl $4, 512(%rdi)\nxrstor (%rdi)');
    expect(avx.outcome).toBe('#GP');
    const x87Only = run('pcmpeqb %xmm0,%xmm0\nxsave (%rdi)', { xcr0: 1n });
    expect(x87Only.outcome).toBe('runs');
    expect(x87Only.m.read(AREA + 160n, 16).every((b) => b === 0), 'XMM0 not saved').toBe(true);
    expect(x87Only.m.read(AREA + 512n, 1)[0]! & 2).toBe(0);
  });

  it('XSAVEOPT, XSAVEC, XSAVES, XRSTORS are #UD: CPUID.(EAX=0DH,ECX=1):EAX announces none', () => {
    const m = longModeMachine();
    expect(m.cpuid(0xd, 1)[0]).toBe(0);
    for (const src of ['xsaveopt (%rdi)', 'xsavec (%rdi)', 'xsaves (%rdi)', 'xrstors (%rdi)', 'xsaveopt64 (%rdi)']) expect(run(src).outcome, src).toBe('#UD');
  });

  it('with CR4.OSFXSR clear FXSAVE stores neither MXCSR nor XMM registers, and FXRSTOR loads neither', () => {
    const src = 'movl $0x11111111, 24(%rdi)\nmovl $0x22222222, 160(%rdi)\nfxsave (%rdi)';
    const { m, outcome } = run(src, { cr4: CR4_OSXSAVE, xmm0Ones: true });
    expect(outcome).toBe('runs');
    const v = new DataView(m.read(AREA, 512).buffer);
    expect(v.getUint16(0, true)).toBe(0x37f);
    expect(v.getUint32(24, true)).toBe(0x11111111);
    expect(v.getUint32(160, true)).toBe(0x22222222);
    const r = run('movl $0xffffffff, 24(%rdi)\nmovl $0, 160(%rdi)\nfxrstor (%rdi)', { cr4: CR4_OSXSAVE, xmm0Ones: true });
    expect(r.outcome, 'reserved MXCSR bits are not checked either').toBe('runs');
    expect(r.m.fpu.mxcsr).toBe(0x1f80);
    expect(r.m.fpu.xmm32[0]).toBe(0xffffffff);
  });
});
