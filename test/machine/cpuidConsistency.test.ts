// CPUID and what the CPU runs are one list (section 3 of issue 9): for every feature a profile
// lists whose instructions this CPU implements, CPUID announces the bit and the instruction runs;
// with the feature taken out of the profile, CPUID denies it and the instruction is #UD (or, where
// hardware gives the bytes an older meaning, runs as that). No profile announces what trapdoor
// does not run: AVX, AVX2, FMA, BMI2, AVX-512 and XCR0 bits beyond x87|SSE stay clear, so glibc's
// and musl's CPUID-driven string-function selection cannot pick such variants.
import { describe, expect, it } from 'vitest';
import { Machine, type CostProfile, type Feature } from '../../src/machine/index.js';
import { announcedFeatures } from '../../src/machine/system/cpuidLeaves.js';
import { getProfile, PROFILES } from '../../src/machine/profiles/index.js';
import { gas, hasGnuAs, K64, load, longModeMachine } from './harness.js';

const CR4_OSXSAVE = 1n << 18n, CR4_FSGSBASE = 1n << 16n, CR4_OSFXSR = 1n << 9n;

/** A feature, a snippet that needs it, and what runs without the feature. */
const NEEDS: { feature: Feature; src: string; without: '#UD' | 'older meaning' }[] = [
  { feature: 'popcnt', src: 'popcnt %eax, %ebx', without: '#UD' },
  { feature: 'abm', src: 'lzcnt %eax, %ebx', without: 'older meaning' },
  { feature: 'bmi1', src: 'tzcnt %eax, %ebx', without: 'older meaning' },
  { feature: 'bmi1', src: 'andn %eax, %ebx, %ecx', without: '#UD' },
  { feature: 'movbe', src: 'movbe 0xffffffff82002800, %eax', without: '#UD' },
  { feature: 'cx8', src: 'cmpxchg8b 0xffffffff82002800', without: '#UD' },
  { feature: 'cx16', src: 'cmpxchg16b 0xffffffff82002800', without: '#UD' },
  { feature: 'rdrand', src: 'rdrand %eax', without: '#UD' },
  { feature: 'rdseed', src: 'rdseed %eax', without: '#UD' },
  { feature: 'rdpid', src: 'rdpid %rax', without: '#UD' },
  { feature: 'fsgsbase', src: 'rdfsbase %rax', without: '#UD' },
  { feature: 'clflush', src: 'clflush 0xffffffff82002800', without: '#UD' },
  { feature: 'clflushopt', src: 'clflushopt 0xffffffff82002800', without: '#UD' },
  { feature: 'clwb', src: 'clwb 0xffffffff82002800', without: '#UD' },
  { feature: '3dnowprefetch', src: 'prefetchw 0xffffffff82002800', without: '#UD' },
  { feature: 'xsave', src: 'xor %ecx, %ecx\nxgetbv', without: '#UD' },
  { feature: 'aes', src: 'aesenc %xmm1, %xmm2', without: '#UD' },
  { feature: 'pclmulqdq', src: 'pclmulqdq $0x11, %xmm1, %xmm2', without: '#UD' },
  { feature: 'sha_ni', src: 'sha256rnds2 %xmm1, %xmm2', without: '#UD' },
  { feature: 'gfni', src: 'gf2p8affineqb $0, %xmm1, %xmm2', without: '#UD' },
];

function runWith(p: CostProfile, src: string): { outcome: string; cpuid: Set<Feature> } {
  const m = longModeMachine();
  m.profile = p;
  m.invalidateDecodeCache();
  m.setCr(4, CR4_OSXSAVE | CR4_FSGSBASE | CR4_OSFXSR | BigInt(Number(m.getCr(4))));
  load(m, K64.code, gas(64, `${src}\nhlt`, K64.code).bytes);
  m.setReg('rsp', K64.stack);
  m.run({ maxInstructions: 20 });
  const outcome = m.halted ? 'runs' : m.lastException?.name ?? 'running';
  return { outcome, cpuid: announcedFeatures((leaf) => m.cpuid(leaf)) };
}

describe.skipIf(!hasGnuAs)('CPUID says what the CPU runs', () => {
  for (const name of Object.keys(PROFILES)) {
    const p = getProfile(name);
    for (const n of NEEDS) {
      it(`${name}: ${n.feature} (${n.src.split('\n').pop()})`, () => {
        expect(p.features, `the ${name} profile lists ${n.feature}`).toContain(n.feature);
        const on = runWith(p, n.src);
        expect(on.cpuid.has(n.feature)).toBe(true);
        expect(on.outcome).toBe('runs');
        const off = runWith({ ...p, features: p.features.filter((f) => f !== n.feature) }, n.src);
        expect(off.cpuid.has(n.feature)).toBe(false);
        expect(off.outcome).toBe(n.without === '#UD' ? '#UD' : 'runs');
      });
    }
  }
});

describe('no profile announces what is not emulated', () => {
  for (const name of Object.keys(PROFILES)) {
    it(`${name}: no AVX, AVX2, FMA, BMI2, AVX-512, VAES; XCR0 and leaf 0xd cover x87|SSE only`, () => {
      const m = new Machine(name);
      m.setCr(4, CR4_OSXSAVE);
      const [, , ecx1] = m.cpuid(1);
      const [, ebx7, ecx7, edx7] = m.cpuid(7, 0);
      expect(ecx1 & (1 << 28), 'AVX').toBe(0);
      expect(ecx1 & (1 << 12), 'FMA').toBe(0);
      expect(ecx1 & (1 << 29), 'F16C').toBe(0);
      expect(ecx1 & (1 << 27), 'OSXSAVE follows CR4').not.toBe(0);
      expect(ebx7 & (1 << 5), 'AVX2').toBe(0);
      expect(ebx7 & (1 << 8), 'BMI2').toBe(0);
      expect(ebx7 & (1 << 16), 'AVX512F').toBe(0);
      expect(ebx7 & (1 << 19), 'ADX').toBe(0);
      expect(ecx7 & (1 << 9), 'VAES').toBe(0);
      expect(edx7 & (1 << 4), 'FSRM').toBe(0);
      const [xcr0Mask, , , xcr0High] = m.cpuid(0xd, 0);
      expect(xcr0Mask).toBe(0x3);
      expect(xcr0High).toBe(0);
      // The extended leaves: no XOP, FMA4, TBM (AMD) either; SSE4a only on AMD.
      const [, , ecxX] = m.cpuid(0x80000001);
      expect(ecxX & (1 << 6), 'SSE4a').toBe(getProfile(name).vendor === 'amd' ? 1 << 6 : 0);
      for (const [bit, what] of [[11, 'XOP'], [16, 'FMA4'], [21, 'TBM']] as const) expect(ecxX & (1 << bit), what).toBe(0);
    });
  }
});
