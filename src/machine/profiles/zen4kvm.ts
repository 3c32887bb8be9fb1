import type { CostProfile } from '../types.js';

/** This build machine as measured (REFERENCE.md section 6): AMD Zen 4 in a KVM guest, Linux 6.18, no PTI. */
export const zen4kvm: CostProfile = {
  name: 'zen4-kvm',
  description: 'AMD EPYC Zen 4, KVM guest, x86_64 kernel 6.7+ (32-bit programs in compat mode; INT 0x80 pays a trapped x2APIC ISR read)',
  vendor: 'amd',
  tscMHz: 2596,
  virtualised: true,
  pti: false,
  kernelFor32: 'x86_64',
  kernelVersion: '6.18',
  // Zen 4 (family 19h, model 11h, stepping 1) as KVM's EPYC-Genoa CPU model shows it to a guest.
  cpu: {
    signature: 0x00a10f11, brand: 'AMD EPYC-Genoa Processor', physAddrBits: 48, virtAddrBits: 48,
    caches: [
      { level: 1, type: 1, sizeKiB: 32, ways: 8, line: 64, sharedBy: 1 },
      { level: 1, type: 2, sizeKiB: 32, ways: 8, line: 64, sharedBy: 1 },
      { level: 2, type: 3, sizeKiB: 1024, ways: 8, line: 64, sharedBy: 1 },
      { level: 3, type: 3, sizeKiB: 32768, ways: 16, line: 64, sharedBy: 1 },
    ],
  },
  // AMD Zen 4 as KVM shows it to a guest, less what trapdoor does not emulate (AVX, AVX2, AVX-512,
  // VAES, FMA, BMI2, ADX...): CPUID announces exactly this list.
  features: [
    'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'cx8', 'apic', 'sep', 'pge', 'cmov', 'pat', 'clflush',
    'mmx', 'fxsr', 'sse', 'sse2', 'pni', 'ssse3', 'cx16', 'sse4_1', 'sse4_2', 'movbe', 'popcnt', 'xsave',
    'rdrand', 'hypervisor', 'x2apic', 'syscall', 'nx', 'mmxext', 'rdtscp', 'lm', 'lahf_lm', 'abm', 'misalignsse',
    'fsgsbase', 'bmi1', 'erms', 'rdseed', 'clflushopt', 'clwb', '3dnowprefetch', 'umip', 'rdpid', 'aes', 'pclmulqdq', 'sha_ni', 'gfni', 'sse4a',
  ],
  costs: {
    alu: 1, load: 1, store: 1, branch: 1, callRet: 2, mul: 3, div: 14, string: 2, stringIter: 1,
    intGate: 90, iret: 70, syscall: 70, sysret: 65, sysenter: 50, sysexit: 40, swapgs: 6,
    rdmsr: 40, wrmsr: 60, rdtsc: 28, movCr3: 120, movCr: 20, segLoad: 6, cpuid: 1500, fence: 8,
    flags: 2, exception: 120, vmExit: 9840, halt: 1,
    // Latencies of AMD Zen 4 cores (Agner Fog's instruction tables; AMD's software optimization guide).
    simd: 1, simdMul: 3, fpAdd: 3, fpMul: 3, fpDiv: 13, fpSqrt: 20, fpCvt: 4, x87: 2, x87Trans: 100,
    fpState: 80, rdrand: 1200,
  },
  nativeCosts: {
    do_syscall_64: 60, do_int80_syscall_32: 70, do_fast_syscall_32: 205, do_int80_emulation: 70,
    sys_getpid: 20, sys_getppid: 20, sys_gettid: 20, sys_clock_gettime: 355, sys_gettimeofday: 355,
    sys_time: 40, sys_write: 400, sys_read: 400, copy_to_user: 15, copy_from_user: 15,
  },
  nativeDefault: 50,
  reference: {
    call: 4, syscall_getpid: 286, vsyscall_getpid: 442, int80_getpid: 10200,
    vdso_clock_gettime: 78, syscall_clock_gettime: 624,
  },
};
