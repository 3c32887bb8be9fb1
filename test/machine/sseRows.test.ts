// The SSE rows' machinery outside what the native oracle can reach: availability by CR0/CR4
// (the oracle always runs with Linux's CR4), #XM versus #UD by CR4.OSXMMEXCPT with nothing
// stored, the operand-kind constants shared with the decoder, and SSE loops under the block
// compiler ending exactly as interpreted.
import { describe, expect, it } from 'vitest';
import * as Dec from '../../src/machine/decodeInstruction.js';
import * as St from '../../src/machine/isa/sse/sseState.js';
import { getProfile } from '../../src/machine/profiles/index.js';
import { CODE, DATA, flatMachine, gas, hasGnuAs } from './harness.js';

const OSFXSR = 1n << 9n, OSXMMEXCPT = 1n << 10n, CR0_TS = 1n << 3n;

function run(src: string, setup: (m: ReturnType<typeof flatMachine>) => void = () => {}, engine: 'interpreter' | 'blocks' = 'interpreter') {
  const m = flatMachine(gas(64, `${src}\nhlt\n`, CODE).bytes, engine);
  setup(m);
  const r = m.run({ maxInstructions: 1e6 });
  return { m, r, fault: m.lastException };
}

describe('SSE rows', () => {
  it('number operand kinds as the decoder does', () => {
    expect([St.K_REG, St.K_MEM, St.K_IMM, St.K_XMM, St.K_MMX]).toEqual([Dec.K_REG, Dec.K_MEM, Dec.K_IMM, Dec.K_XMM, Dec.K_MMX]);
  });

  it.skipIf(!hasGnuAs)('raise #UD without CR4.OSFXSR and #NM with CR0.TS; MMX needs neither OSFXSR', () => {
    expect(run('pxor %xmm1,%xmm0').fault?.vector).toBe(6);
    expect(run('paddb %mm1,%mm0').fault).toBeNull();
    expect(run('pxor %xmm1,%xmm0', (m) => m.setCr(4, OSFXSR)).fault).toBeNull();
    expect(run('pxor %xmm1,%xmm0', (m) => { m.setCr(4, OSFXSR); m.setCr(0, m.getCr(0) | CR0_TS); }).fault?.vector).toBe(7);
    expect(run('paddb %mm1,%mm0', (m) => m.setCr(0, m.getCr(0) | CR0_TS)).fault?.vector).toBe(7);
  });

  it.skipIf(!hasGnuAs)('deliver an unmasked exception as #XM with CR4.OSXMMEXCPT, else #UD, storing no result but the flag', () => {
    // 1.0 / 0.0 with ZM cleared in MXCSR
    const src = `movl $0x1d80, 0x600000\nldmxcsr 0x600000\nmov $0x3f800000,%eax\nmovd %eax,%xmm0\npxor %xmm1,%xmm1\ndivss %xmm1,%xmm0`;
    for (const [cr4, vector] of [[OSFXSR | OSXMMEXCPT, 19], [OSFXSR, 6]] as const) {
      const { m, fault } = run(src, (mm) => mm.setCr(4, cr4));
      expect(fault?.vector).toBe(vector);
      expect(m.fpu.xmm32[0]).toBe(0x3f800000);
      expect(m.fpu.mxcsr & 0x3f).toBe(0x4);
    }
  });

  it.skipIf(!hasGnuAs)('run SSE4a on zen4-kvm (which announces it) and raise #UD on textbook (an Intel CPU has none)', () => {
    const src = 'mov $0xfedcba9876543210,%rax\nmovq %rax,%xmm1\nextrq $4, $8, %xmm1';
    const amd = run(src, (m) => m.setCr(4, OSFXSR));
    expect(amd.fault).toBeNull();
    expect(amd.m.fpu.xmm32[4]).toBe(0x21); // bits 4..11 of 0x...3210
    const intel = run(src, (m) => { m.profile = getProfile('textbook'); m.invalidateDecodeCache(); m.setCr(4, OSFXSR); });
    expect(intel.fault?.vector).toBe(6);
  });

  it.skipIf(!hasGnuAs)('end SSE loops compiled into blocks exactly as interpreted', () => {
    // strlen-style byte search, a float accumulation with conversions, and MMX arithmetic
    const src = `
      mov $0x600000,%rdi
      mov $0x6c6c6568,%eax
      mov %eax,(%rdi)
      movb $0x42,8(%rdi)
      movl $0x41414141,4(%rdi)
      mov $200,%ecx
      pxor %xmm7,%xmm7
      xorpd %xmm2,%xmm2
    1:
      movdqu (%rdi),%xmm0
      pcmpeqb %xmm7,%xmm0
      pmovmskb %xmm0,%eax
      bsf %eax,%edx
      cvtsi2sd %ecx,%xmm1
      mulsd %xmm1,%xmm1
      sqrtsd %xmm1,%xmm1
      addsd %xmm1,%xmm2
      cvttsd2si %xmm2,%rsi
      paddw %mm1,%mm0
      psllq $1,%mm0
      pshufd $0x1b,%xmm2,%xmm3
      dec %ecx
      jnz 1b
      emms`;
    const setup = (m: ReturnType<typeof flatMachine>): void => m.setCr(4, OSFXSR | OSXMMEXCPT);
    const a = run(src, setup, 'interpreter'), b = run(src, setup, 'blocks');
    expect(a.fault).toBeNull();
    expect(b.fault).toBeNull();
    expect(b.m.compiledInstructions).toBeGreaterThan(1000);
    for (const r of ['rax', 'rdx', 'rsi', 'rcx'] as const) expect(b.m.getReg(r)).toBe(a.m.getReg(r));
    expect(a.m.getReg('rdx')).toBe(9n);
    expect(a.m.getReg('rsi')).toBe(20100n); // sum of 1..200
    expect(Array.from(b.m.fpu.xmm32)).toEqual(Array.from(a.m.fpu.xmm32));
    expect(Array.from(b.m.fpu.fpMant)).toEqual(Array.from(a.m.fpu.fpMant));
    expect(b.m.read(DATA, 16)).toEqual(a.m.read(DATA, 16));
  });
});
