// Entry instructions used the wrong way (issue 14 §1): SYSENTER in 64-bit mode, SYSCALL in compat
// mode, a raw SYSENTER with no vsyscall frame, and syscall numbers outside the table as strace
// prints them. Where this AMD host can show it, compared with native execution and strace; the
// Intel cases follow the SDM (SYSCALL: #UD unless CS.L = 1; SYSENTER in IA-32e mode enters the
// 64-bit code at SYSENTER_EIP) and arch/x86/entry/{entry_64_compat.S,syscall_32.c}.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nativeHostProblem, straceProblem } from '../programs/nativeTools.js';
import { ia32Problem } from '../hostIa32.js';
import { runCaptured, sourceFile } from './helpers.js';
import { straceNative, traced } from './nativeStrace.js';

const hostProblem = nativeHostProblem() ?? straceProblem();
const ia32 = hostProblem ?? ia32Problem();
const amdHost = !hostProblem && /AuthenticAMD/.test(readFileSync('/proc/cpuinfo', 'utf8'));
const amdProblem = hostProblem ?? (amdHost ? null : 'the host CPU is not AMD');
if (hostProblem) console.warn(`test/kernel/entryFaults: native comparisons SKIPPED: ${hostProblem}`);
else if (!amdHost) console.warn('test/kernel/entryFaults: AMD-only native comparisons SKIPPED: the host CPU is not AMD');
if (!hostProblem && ia32) console.warn(`test/kernel/entryFaults: 32-bit native comparisons SKIPPED: ${ia32}`);

const SYSENTER64 = `
	.code64
	.globl _start
_start:
	movl	$slot, %ebp		# do_fast_syscall_32 reads arg 6 at (u32)regs->sp = ebp: below 4 GiB
	movl	$20, %eax		# i386 getpid
	sysenter
	movl	$60, %eax
	xorl	%edi, %edi
	syscall
	.data
slot:	.long 0
`;

describe('SYSENTER in 64-bit mode', () => {
  it.skipIf(amdProblem)('AMD (zen4-kvm): #UD, SIGILL ILL_ILLOPN at the sysenter, as natively on this AMD host', async () => {
    const native = straceNative(SYSENTER64, 64, true);
    const ours = await traced(SYSENTER64, { profile: 'zen4-kvm' });
    expect(native.status).toBe(132);
    expect(ours).toEqual(native);
    expect(ours.lines[0]).toMatch(/^--- SIGILL \{si_signo=SIGILL, si_code=ILL_ILLOPN, si_addr=0x40100a\} ---$/);
  });

  it('Intel (textbook): entry_SYSENTER_compat runs the i386 syscall and SYSRETL returns to the 32-bit landing pad offset, truncated to 32 bits', async () => {
    const r = await runCaptured(sourceFile(SYSENTER64), { profile: 'textbook' });
    const k = r.kernel;
    // do_fast_syscall_32: vdso base + vdso_image_32.sym_int80_landing_pad; SYSRETL loads EIP = ECX[31:0]
    const landing32 = (await import('../../src/kernel/vdsoImage.js')).buildVdso(32, 'sysenter');
    const pad = (await landing32).symbols.get('int80_landing_pad')!;
    const eip = (k.vdsoBase + pad) & 0xffffffffn;
    expect(r.rawTrace.slice(1)).toEqual([
      '[ Process PID=4242 runs in 32 bit mode. ]',
      'getpid()                                = 4242',
      `--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x${eip.toString(16)}} ---`,
      '+++ killed by SIGSEGV +++',
    ]);
    expect(r.exitCode).toBe(139);
  });
});

// A frame like __kernel_vsyscall's, so that the landing pad's pops and ret come back here.
const SYSCALL32 = `
	.code32
	.globl _start
_start:
	pushl	$back
	pushl	$0
	pushl	$0
	pushl	$0
	movl	$20, %eax		# getpid
	syscall
back:
	movl	%eax, %ebx
	andl	$0, %ebx
	movl	$1, %eax
	int	$0x80
`;

describe('SYSCALL in compatibility mode', () => {
  it('Intel (textbook): #UD, SIGILL at the syscall (SDM: #UD unless CS.L = 1)', async () => {
    const ours = await traced(SYSCALL32, { profile: 'textbook', kernel: 'x86_64' });
    expect(ours.lines).toEqual([
      '--- SIGILL {si_signo=SIGILL, si_code=ILL_ILLOPN, si_addr=0x8049010} ---',
      '+++ killed by SIGILL +++',
    ]);
    expect(ours.status).toBe(132);
  });

  it.skipIf(amdProblem ?? ia32)('AMD (zen4-kvm): entry_SYSCALL_compat runs it and returns through the landing pad, as natively', async () => {
    const native = straceNative(SYSCALL32, 32, false);
    const ours = await traced(SYSCALL32, { profile: 'zen4-kvm', kernel: 'x86_64' });
    expect(native.status).toBe(0);
    expect(ours).toEqual(native);
  });
});

const RAW_SYSENTER32 = `
	.code32
	.globl _start
_start:
	movl	$20, %eax
	sysenter
	movl	$1, %eax
	int	$0x80
`;

describe('a raw SYSENTER from 32-bit code (no vsyscall frame)', () => {
  it.skipIf(amdProblem ?? ia32)('AMD on the x86_64 kernel (zen4-kvm): SIGILL (132), as natively', async () => {
    const native = straceNative(RAW_SYSENTER32, 32, true);
    const ours = await traced(RAW_SYSENTER32, { profile: 'zen4-kvm', kernel: 'x86_64' }, true);
    expect(native.status).toBe(132);
    expect(ours).toEqual(native);
  });

  it('Intel: do_SYSENTER_32 takes sp from ebp (0 here), get_user fails, and IRET to the landing pad faults on its pop', async () => {
    for (const kernel of ['x86_64', 'i386'] as const) {
      const r = await runCaptured(sourceFile(RAW_SYSENTER32), { profile: 'textbook', kernel });
      expect(r.exitCode).toBe(139);
      expect(r.rawTrace.slice(-2)).toEqual(['--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---', '+++ killed by SIGSEGV +++']);
    }
  });
});

const UNKNOWN64 = `
	.code64
	.globl _start
_start:
	movl	$9999, %eax
	movl	$1, %edi
	movl	$0x10, %esi
	movl	$4, %edx
	syscall
	movq	$-1, %rax
	syscall
	movq	$-2, %rax
	syscall
	movabsq	$0x100000027, %rax	# the number is the low 32 bits, sign-extended: getpid
	syscall
	movl	$60, %eax
	xorl	%edi, %edi
	syscall
`;

const UNKNOWN32 = `
	.code32
	.globl _start
_start:
	movl	$9999, %eax
	movl	$1, %ebx
	movl	$0x10, %ecx
	int	$0x80
	movl	$-1, %eax
	int	$0x80
	movl	$1, %eax
	xorl	%ebx, %ebx
	int	$0x80
`;

describe('syscall numbers outside the table', () => {
  it('are traced as strace prints them (64-bit)', async () => {
    const ours = await traced(UNKNOWN64, {});
    expect(ours.lines.slice(0, 2)).toEqual([
      'syscall_0x270f(0x1, 0x10, 0x4, 0, 0, 0) = -1 ENOSYS (Function not implemented)',
      'syscall_0xffffffffffffffff(0x1, 0x10, 0x4, 0, 0, 0) = -1 ENOSYS (Function not implemented)',
    ]);
  });

  it.skipIf(hostProblem)('64-bit: the same lines as native strace', async () => {
    expect(await traced(UNKNOWN64, {})).toEqual(straceNative(UNKNOWN64, 64, true));
  });

  it.skipIf(ia32)('32-bit on the x86_64 kernel: the same lines as native strace, the personality line on stderr only', async () => {
    expect(await traced(UNKNOWN32, { kernel: 'x86_64' })).toEqual(straceNative(UNKNOWN32, 32, false));
    const toFile = await traced(UNKNOWN32, { kernel: 'x86_64' }, true);
    expect(toFile).toEqual(straceNative(UNKNOWN32, 32, true));
    expect(toFile.lines.some((l) => l.startsWith('[ Process'))).toBe(false);
  });
});

describe('strace personality lines', () => {
  const INT80_FROM_64 = `
	.code64
	.globl _start
_start:
	movl	$20, %eax		# i386 getpid through int $0x80
	int	$0x80
	movl	$39, %eax		# x86_64 getpid
	syscall
	movl	$20, %eax
	int	$0x80
	movl	$60, %eax
	xorl	%edi, %edi
	syscall
`;
  it.skipIf(ia32)('a 64-bit process switching between int $0x80 and syscall gets a line at each change (exit is a 64-bit call), as natively', async () => {
    const native = straceNative(INT80_FROM_64, 64, false);
    expect(native.lines.filter((l) => l.startsWith('[ Process'))).toHaveLength(4);
    expect(await traced(INT80_FROM_64, {})).toEqual(native);
  });
});

describe('strace details', () => {
  const DETAILS = `
	.code32
	.globl _start
_start:
	movl	$265, %eax		# clock_gettime(99, buf): an unknown clock
	movl	$99, %ebx
	movl	$buf, %ecx
	int	$0x80
	movl	$265, %eax		# clock_gettime(-5, buf)
	movl	$-5, %ebx
	int	$0x80
	movl	$243, %eax		# set_thread_area(&desc): the kernel picks the entry
	movl	$desc, %ebx
	int	$0x80
	int3				# SIGTRAP: si_addr=NULL
	.data
desc:	.long -1, 0x1000, 0xfffff, 0x51
buf:	.zero 16
`;
  it.skipIf(ia32)('unknown clock ids, set_thread_area before and after, SIGTRAP of int3: as native strace prints them', async () => {
    const native = straceNative(DETAILS, 32, true);
    expect(native.lines[0]).toBe('clock_gettime(0x63 /* CLOCK_??? */, 0x804a010) = -1 EINVAL (Invalid argument)');
    expect(await traced(DETAILS, { kernel: 'x86_64' }, true)).toEqual(native);
  });
});

describe('software exceptions from 32-bit code through the kernel', () => {
  const prog = (insn: string): string => `\t.code32\n\t.globl _start\n_start:\n\tmovl $0x7fffffff, %eax\n\taddl $1, %eax\n\t${insn}\n\tmovl $1, %eax\n\tint $0x80\n`;
  for (const [name, insn] of [['into with OF set (#OF, a DPL 3 gate)', 'into'], ['int1 (#DB)', 'int1'], ['bound out of range (#BR)', 'pushl $3\n\tpushl $1\n\tboundl %eax, (%esp)']] as const) {
    it.skipIf(ia32)(`${name}: the signal line and status as natively`, async () => {
      const native = straceNative(prog(insn), 32, true);
      const ours = await traced(prog(insn), { kernel: 'x86_64' }, true);
      // INT1 is a trap (SDM, APM): si_addr is the next instruction; this host, a KVM guest on AMD,
      // reports the int1 itself (its ICEBP intercept), so there the native address is one less
      if (insn === 'int1') native.lines[0] = native.lines[0]!.replace('si_addr=0x8049008', 'si_addr=0x8049009');
      expect(ours).toEqual(native);
    });
  }
});

describe('user access to kernel addresses', () => {
  const access = (bits: 32 | 64, addr: string, store: boolean): string => bits === 64
    ? `\t.globl _start\n_start:\n\tmovabsq $${addr}, %rax\n\t${store ? 'movq %rbx, (%rax)' : 'movq (%rax), %rbx'}\n\tmovl $60, %eax\n\tsyscall\n`
    : `\t.code32\n\t.globl _start\n_start:\n\tmovl $${addr}, %eax\n\t${store ? 'movl %ebx, (%eax)' : 'movl (%eax), %ebx'}\n\tmovl $1, %eax\n\tint $0x80\n`;
  const cases = [
    [64, '0xffffffff81000000', false], [64, '0xffffffff81000000', true], [64, '0xffff888000000000', false],
    [32, '0xffffe000', false], [32, '0xfffff000', true],
  ] as const;
  for (const [bits, addr, store] of cases) {
    it.skipIf(bits === 32 ? ia32 : hostProblem)(`${bits}-bit ${store ? 'write to' : 'read of'} ${addr}: SIGSEGV SEGV_MAPERR as natively`, async () => {
      const native = straceNative(access(bits, addr, store), bits, true);
      expect(native.lines[0]).toContain('SEGV_MAPERR');
      expect(await traced(access(bits, addr, store), { kernel: 'x86_64' }, true)).toEqual(native);
    });
  }
});
