// What `trapdoor calibrate` times: small instruction bodies, each run between `lfence; rdtsc` and
// `rdtscp` natively and under trapdoor. Per-class bodies isolate one cost class; per-path bodies
// are whole round trips into the kernel (the bench's names where bench has the same path).
import type { CostClass } from '../machine/index.js';

/** What the host must allow for a measurement to run natively. */
export type HostNeed = 'int80From64' | 'ia32';

export interface Measurement {
  /** The `NAME: N cycles` name (bench's key where bench measures the same path). */
  name: string;
  /** A per-class body or a round trip into the kernel (or the vDSO). */
  kind: 'class' | 'path';
  bits: 64 | 32;
  /** The class a per-class body is meant to isolate: fitted only when the emulator charges the body to it alone. */
  isolates?: CostClass;
  /** Instruction lines of the body (called with `call *`, ends with the harness's `ret`). */
  body: string[];
  /** What the host must allow for it to run natively (else it is reported as not measurable here). */
  needs?: HostNeed;
  /** Which program the body goes in: one that stops under trapdoor (an instruction not emulated yet) must not take others with it. */
  group: string;
  /** What the body goes through, in a few words. */
  note: string;
}

const rep = (n: number, line: string): string[] => Array.from({ length: n }, () => line);

/** A per-class body: `setup`, then `line` `count` times, then `after`; named `WHAT_xCOUNT`. */
function cls(isolates: CostClass, count: number, line: string, note: string, setup: string[] = [], what: string = isolates,
  group = 'classes64', after: string[] = []): Measurement {
  return { name: `${what}_x${count}`, kind: 'class', bits: 64, group, isolates, note: `${count} ${note}`, body: [...setup, ...rep(count, line), ...after] };
}

/** The paths and classes measured, in report order. */
export const MEASUREMENTS: readonly Measurement[] = [
  // Round trips (the bodies of programs/compare-methods.S where bench has the same name).
  { name: 'call', kind: 'path', bits: 64, group: 'paths64', body: ['call empty_function'], note: 'call + ret' },
  { name: 'vdso_clock_gettime', kind: 'path', bits: 64, group: 'paths64', note: 'vDSO, no kernel entry',
    body: ['movl $1, %edi', 'leaq ts(%rip), %rsi', 'call *vdso_clock_gettime(%rip)'] },
  { name: 'vdso_gettimeofday', kind: 'path', bits: 64, group: 'paths64', note: 'vDSO, no kernel entry',
    body: ['leaq tv(%rip), %rdi', 'xorl %esi, %esi', 'call *vdso_gettimeofday(%rip)'] },
  { name: 'syscall_clock_gettime', kind: 'path', bits: 64, group: 'paths64', note: 'SYSCALL',
    body: ['movl $228, %eax', 'movl $1, %edi', 'leaq ts(%rip), %rsi', 'syscall'] },
  { name: 'syscall_gettimeofday', kind: 'path', bits: 64, group: 'paths64', note: 'SYSCALL',
    body: ['movl $96, %eax', 'leaq tv(%rip), %rdi', 'xorl %esi, %esi', 'syscall'] },
  { name: 'syscall_getpid', kind: 'path', bits: 64, group: 'paths64', note: 'SYSCALL', body: ['movl $39, %eax', 'syscall'] },
  { name: 'syscall_enosys', kind: 'path', bits: 64, group: 'paths64', note: 'SYSCALL, no such number (ENOSYS)',
    body: ['movl $1000, %eax', 'syscall'] },
  { name: 'int80_getpid', kind: 'path', bits: 64, group: 'int80from64', needs: 'int80From64', note: 'INT 0x80 from 64-bit',
    body: ['movl $20, %eax', 'int $0x80'] },
  // 32-bit (bench's names): on the x86_64 kernel in compat mode, as on this host.
  { name: 'call_32', kind: 'path', bits: 32, group: 'paths32', needs: 'ia32', note: 'call + ret (32-bit)', body: ['call empty_function'] },
  { name: 'vdso_clock_gettime_32', kind: 'path', bits: 32, group: 'paths32', needs: 'ia32', note: '32-bit vDSO, no kernel entry',
    body: ['pushl $ts', 'pushl $1', 'call *vdso_clock_gettime', 'addl $8, %esp'] },
  { name: 'vdso_gettimeofday_32', kind: 'path', bits: 32, group: 'paths32', needs: 'ia32', note: '32-bit vDSO, no kernel entry',
    body: ['pushl $0', 'pushl $tv', 'call *vdso_gettimeofday', 'addl $8, %esp'] },
  { name: 'vsyscall_clock_gettime_32', kind: 'path', bits: 32, group: 'paths32', needs: 'ia32', note: '__kernel_vsyscall (SYSCALL32 on AMD, SYSENTER on Intel)',
    body: ['movl $265, %eax', 'movl $1, %ebx', 'movl $ts, %ecx', 'call *vsyscall'] },
  { name: 'vsyscall_getpid', kind: 'path', bits: 32, group: 'paths32', needs: 'ia32', note: '__kernel_vsyscall (SYSCALL32 on AMD, SYSENTER on Intel)',
    body: ['movl $20, %eax', 'call *vsyscall'] },
  { name: 'int80_getpid_32', kind: 'path', bits: 32, group: 'paths32', needs: 'ia32', note: 'INT 0x80 from 32-bit', body: ['movl $20, %eax', 'int $0x80'] },

  // Per-class bodies: dependent chains long enough for a coarse TSC, so the model's additive cost is the latency.
  cls('alu', 128, 'addq %rax, %rax', 'dependent add'),
  cls('load', 64, 'movq (%rax), %rax', 'dependent loads (pointer chase)', ['leaq self_pointer(%rip), %rax']),
  cls('store', 64, 'movq %rax, scratch(%rip)', 'stores to one address'),
  cls('mul', 64, 'imulq %rax, %rax', 'dependent imul'),
  cls('div', 16, 'divq %rcx', 'dependent 64-bit div', ['xorl %edx, %edx', 'movl $1000000, %eax', 'movl $7, %ecx']),
  cls('branch', 64, 'jmp 1f\n1:', 'taken jmp'),
  { name: 'rep_stosq_0', kind: 'class', bits: 64, group: 'classes64', isolates: 'string', note: 'rep stosq, rcx = 0',
    body: ['xorl %ecx, %ecx', 'leaq buffer(%rip), %rdi', 'rep stosq'] },
  { name: 'rep_stosq_256', kind: 'class', bits: 64, group: 'classes64', isolates: 'stringIter', note: 'rep stosq, 256 qwords',
    body: ['movl $256, %ecx', 'leaq buffer(%rip), %rdi', 'rep stosq'] },
  { name: 'rep_movsb_256', kind: 'class', bits: 64, group: 'classes64', isolates: 'stringIter', note: 'rep movsb, 256 bytes',
    body: ['movl $256, %ecx', 'leaq buffer(%rip), %rsi', 'leaq buffer+4096(%rip), %rdi', 'rep movsb'] },
  cls('rdtsc', 8, 'rdtsc', 'rdtsc'),
  cls('flags', 8, 'pushfq\npopfq', 'pushfq + popfq', [], 'pushf_popf'),
  // The model has no class for locked instructions: reported beside whatever the emulator charges.
  { name: 'lock_inc_x8', kind: 'class', bits: 64, group: 'classes64', note: '8 lock incq to memory', body: rep(8, 'lock incq scratch(%rip)') },
  cls('fence', 8, 'mfence', 'mfence', [], 'mfence'),
  { name: 'cpuid_0', kind: 'class', bits: 64, group: 'classes64', isolates: 'cpuid', note: 'CPUID leaf 0 (a VM exit in a guest)',
    body: ['pushq %rbx', 'xorl %eax, %eax', 'cpuid', 'popq %rbx'] },

  // SIMD and floating point, one program each: an instruction the emulator does not run yet stops only its own.
  cls('fpAdd', 64, 'addsd %xmm0, %xmm0', 'dependent addsd', ['movsd one(%rip), %xmm0'], 'addsd', 'fpAdd'),
  cls('fpMul', 64, 'mulsd %xmm0, %xmm0', 'dependent mulsd', ['movsd one(%rip), %xmm0'], 'mulsd', 'fpMul'),
  cls('fpDiv', 16, 'divsd %xmm1, %xmm0', 'dependent divsd', ['movsd one(%rip), %xmm0', 'movsd one(%rip), %xmm1'], 'divsd', 'fpDiv'),
  cls('fpSqrt', 16, 'sqrtsd %xmm0, %xmm0', 'dependent sqrtsd', ['movsd two(%rip), %xmm0'], 'sqrtsd', 'fpSqrt'),
  cls('fpCvt', 32, 'cvtsi2sdq %rax, %xmm0', 'cvtsi2sd', [], 'cvtsi2sd', 'fpCvt'),
  cls('simd', 64, 'paddd %xmm0, %xmm0', 'dependent paddd', [], 'paddd', 'simd'),
  cls('simdMul', 32, 'pmulld %xmm0, %xmm0', 'dependent pmulld', [], 'pmulld', 'simdMul'),
  cls('x87', 32, 'fadd %st(0), %st', 'dependent x87 fadd', ['fld1'], 'fadd', 'x87', ['fstp %st(0)']),
  cls('x87Trans', 4, 'fsin', 'x87 fsin', ['fldpi'], 'fsin', 'x87Trans', ['fstp %st(0)']),
  cls('fpState', 4, 'fxsave fxsave_area(%rip)', 'fxsave', [], 'fxsave', 'fpState'),
  cls('rdrand', 4, 'rdrand %rax', 'rdrand', [], 'rdrand', 'rdrand'),
];

/** The measurements of one program, in table order. */
export function measurementGroups(list: readonly Measurement[] = MEASUREMENTS): Map<string, Measurement[]> {
  const groups = new Map<string, Measurement[]>();
  for (const m of list) {
    const g = groups.get(m.group);
    if (g) g.push(m);
    else groups.set(m.group, [m]);
  }
  return groups;
}
