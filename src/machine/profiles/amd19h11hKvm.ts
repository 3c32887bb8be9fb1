import type { CostProfile } from '../types.js';

/**
 * This build machine as `trapdoor calibrate --runs 41` measured it on 2026-12-03 
 * 9.1-9.41: other agents shared its 2 vCPUs): AMD EPYC, family 19h model 11h
 * stepping 1 (Zen 4), a KVM guest under Linux 6.18, TSC 2596 MHz. `reference` holds the native
 * medians (interquartile means of 1000 rdtsc/rdtscp-fenced calls, median over 41 runs); the costs
 * are the least-squares fit of those (src/calibrate). Reproduce with `trapdoor calibrate -o FILE`.
 * Costs are whole TSC cycles: store, branch and call/ret come out 0 because one such instruction
 * costs well under a cycle of this TSC in a dependent chain; per-class rows are far off where the
 * model has one class for several real costs (rdtsc, div and the vDSO paths pull each other).
 */
export const amd19h11hKvm: CostProfile = {
  name: 'amd-19h-11h-kvm',
  description: 'AMD EPYC Zen 4 (family 19h model 11h), KVM guest, Linux 6.18: this build machine as trapdoor calibrate measured it on 2026-12-03',
  vendor: 'amd',
  tscMHz: 2596,
  virtualised: true,
  pti: false,
  kernelFor32: 'x86_64',
  kernelVersion: '6.18',
  cpu: {
    signature: 0x00a10f11, brand: 'AMD EPYC', physAddrBits: 48, virtAddrBits: 48,
    caches: [
      { level: 1, type: 1, sizeKiB: 32, ways: 8, line: 64, sharedBy: 1 },
      { level: 1, type: 2, sizeKiB: 32, ways: 8, line: 64, sharedBy: 1 },
      { level: 2, type: 3, sizeKiB: 1024, ways: 8, line: 64, sharedBy: 1 },
      { level: 3, type: 3, sizeKiB: 32768, ways: 16, line: 64, sharedBy: 2 },
    ],
  },
  features: [
    'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'cx8', 'apic', 'sep', 'pge', 'cmov', 'pat', 'clflush',
    'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'ssse3', 'cx16', 'sse4_1', 'sse4_2', 'movbe', 'popcnt', 'xsave',
    'rdrand', 'syscall', 'nx', 'rdtscp', 'lm', 'lahf_lm', 'abm', 'fsgsbase', 'bmi1', 'erms', 'rdseed',
    'clflushopt', 'clwb', '3dnowprefetch', 'umip', 'rdpid', 'hypervisor', 'x2apic', 'mmxext', 'misalignsse', 'aes', 'pclmulqdq', 'sha_ni', 'gfni', 'sse4a',
  ],
  costs: {
    alu: 1, load: 1, store: 0, branch: 0, callRet: 0, mul: 2, div: 5, string: 1,
    stringIter: 0, intGate: 90, iret: 70, syscall: 62, sysret: 58, sysenter: 50, sysexit: 40, swapgs: 6,
    rdmsr: 40, wrmsr: 60, rdtsc: 13, movCr3: 120, movCr: 20, segLoad: 6, cpuid: 9131, fence: 8,
    flags: 5, exception: 120, vmExit: 10509, halt: 1, simd: 0, simdMul: 1, fpAdd: 4, fpMul: 3,
    fpDiv: 13, fpSqrt: 20, fpCvt: 4, x87: 1, x87Trans: 100, fpState: 80, rdrand: 1200,
  },
  nativeCosts: {
    do_syscall_64: 66, do_int80_syscall_32: 70, do_fast_syscall_32: 74, do_int80_emulation: 70, sys_getpid: 161,
    sys_getppid: 20, sys_gettid: 20, sys_clock_gettime: 363, sys_gettimeofday: 281, sys_time: 40,
    sys_write: 400, sys_read: 400, copy_to_user: 15, copy_from_user: 15,
  },
  nativeDefault: 50,
  reference: {
    call: 0, vdso_clock_gettime: 52, vdso_gettimeofday: 52, syscall_clock_gettime: 625, syscall_gettimeofday: 515,
    syscall_getpid: 382, syscall_enosys: 232, int80_getpid: 10690, call_32: 0, vdso_clock_gettime_32: 52,
    vdso_gettimeofday_32: 52, vsyscall_clock_gettime_32: 583, vsyscall_getpid: 416, int80_getpid_32: 11318, alu_x128: 78,
    load_x64: 156, store_x64: 26, mul_x64: 130, div_x16: 182, branch_x64: 10,
    rep_stosq_0: 0, rep_stosq_256: 52, rep_movsb_256: 0, rdtsc_x8: 191, pushf_popf_x8: 78,
    lock_inc_x8: 51, mfence_x8: 321, cpuid_0: 9133, addsd_x64: 104, mulsd_x64: 104,
    divsd_x16: 126, sqrtsd_x16: 208, cvtsi2sd_x32: 29, paddd_x64: 19, pmulld_x32: 36,
    fadd_x32: 130, fsin_x4: 466, fxsave_x4: 237, rdrand_x4: 208,
  },
};
