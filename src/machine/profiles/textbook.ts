import type { CostProfile } from '../types.js';

/** The seed article's world: an Intel CPU on bare metal, no PTI; 32-bit programs on the i386 kernel. */
export const textbook: CostProfile = {
  name: 'textbook',
  description: 'Intel CPU on bare metal, no PTI (the seed article: fast entry ~25% cheaper than INT 0x80, vDSO dozens of times cheaper than a syscall)',
  vendor: 'intel',
  tscMHz: 3000,
  virtualised: false,
  pti: false,
  kernelFor32: 'i386',
  kernelVersion: '6.18',
  // An Ice Lake server core at 3.0 GHz (Xeon Gold 6354: family 6, model 0x6a, stepping 6).
  cpu: {
    signature: 0x000606a6, brand: 'Intel(R) Xeon(R) Gold 6354 CPU @ 3.00GHz', physAddrBits: 46, virtAddrBits: 48,
    caches: [
      { level: 1, type: 1, sizeKiB: 48, ways: 12, line: 64, sharedBy: 2 },
      { level: 1, type: 2, sizeKiB: 32, ways: 8, line: 64, sharedBy: 2 },
      { level: 2, type: 3, sizeKiB: 1280, ways: 20, line: 64, sharedBy: 2 },
      { level: 3, type: 3, sizeKiB: 39936, ways: 12, line: 64, sharedBy: 36 },
    ],
  },
  // An Intel core of the Ice Lake class, less what trapdoor does not emulate (AVX, AVX-512, VAES,
  // PCID, TSX...): CPUID announces exactly this list.
  features: [
    'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'cx8', 'apic', 'sep', 'pge', 'cmov', 'pat', 'clflush',
    'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'ssse3', 'cx16', 'sse4_1', 'sse4_2', 'movbe', 'popcnt', 'xsave',
    'rdrand', 'syscall', 'nx', 'rdtscp', 'lm', 'lahf_lm', 'abm', 'fsgsbase', 'bmi1', 'erms', 'rdseed',
    'clflushopt', 'clwb', '3dnowprefetch', 'umip', 'rdpid', 'aes', 'pclmulqdq', 'sha_ni', 'gfni',
  ],
  costs: {
    alu: 1, load: 1, store: 1, branch: 1, callRet: 2, mul: 3, div: 25, string: 2, stringIter: 1,
    intGate: 120, iret: 110, syscall: 110, sysret: 75, sysenter: 55, sysexit: 45, swapgs: 8,
    rdmsr: 60, wrmsr: 80, rdtsc: 10, movCr3: 150, movCr: 20, segLoad: 8, cpuid: 100, fence: 10,
    flags: 2, exception: 150, vmExit: 1200, halt: 1,
    // Latencies of Intel Ice Lake cores (Agner Fog's instruction tables; Intel's optimization manual).
    simd: 1, simdMul: 5, fpAdd: 4, fpMul: 4, fpDiv: 13, fpSqrt: 18, fpCvt: 5, x87: 3, x87Trans: 80,
    fpState: 70, rdrand: 460,
  },
  nativeCosts: {
    do_syscall_64: 40, do_int80_syscall_32: 50, do_fast_syscall_32: 50, do_int80_emulation: 50,
    sys_getpid: 20, sys_getppid: 20, sys_gettid: 20, sys_clock_gettime: 1000, sys_gettimeofday: 1000,
    sys_time: 60, sys_write: 400, sys_read: 400, copy_to_user: 20, copy_from_user: 20,
  },
  nativeDefault: 60,
  // Textbook world: a clock read in the kernel is slow (no TSC-based vDSO clock in the kernel path,
  // copy_to_user, timekeeping locks), so the vDSO wins by "dozens of times" as the seed article says.
};
