# Hello world in 32-bit code through __kernel_vsyscall, found via AT_SYSINFO.
#
# SYSENTER saves nothing (no return address, no user stack pointer), so user
# code never executes it directly: it calls __kernel_vsyscall in the vDSO,
# which pushes %ecx, %edx, %ebp, copies %esp to %ebp and executes sysenter
# (on AMD CPUs under a 64-bit kernel: syscall). The kernel returns to the
# vDSO's landing pad with SYSEXIT (or SYSRETL / IRET). The address of
# __kernel_vsyscall is passed in the auxiliary vector as AT_SYSINFO (32):
# _start walks argc, argv[], envp[] on the initial stack to find it.

.code32

	AT_NULL = 0
	AT_SYSINFO = 32

	.text
	.globl	_start
_start:
	movl	(%esp), %eax		# argc
	leal	8(%esp,%eax,4), %esi	# envp = &argv[argc + 1]
1:	movl	(%esi), %eax		# skip envp[] up to its NULL
	addl	$4, %esi
	testl	%eax, %eax
	jnz	1b
2:	movl	(%esi), %eax		# auxv: {type, value} pairs
	cmpl	$AT_NULL, %eax
	je	no_sysinfo
	cmpl	$AT_SYSINFO, %eax
	je	3f
	addl	$8, %esi
	jmp	2b
3:	movl	4(%esi), %eax
	movl	%eax, vsyscall

	movl	$4, %eax		# write(1, msg, len)
	movl	$1, %ebx
	movl	$msg, %ecx
	movl	$len, %edx
	call	*vsyscall

	movl	$1, %eax		# exit(0)
	xorl	%ebx, %ebx
	call	*vsyscall

no_sysinfo:				# no vDSO entry point: say so, exit(1)
	movl	$4, %eax
	movl	$2, %ebx
	movl	$nomsg, %ecx
	movl	$nolen, %edx
	int	$0x80
	movl	$1, %eax
	movl	$1, %ebx
	int	$0x80

	.data
msg:
	.ascii	"Hello from __kernel_vsyscall (32-bit, AT_SYSINFO)\n"
	len = . - msg
nomsg:
	.ascii	"hello-sysenter: no AT_SYSINFO in the auxiliary vector\n"
	nolen = . - nomsg

	.bss
	.balign	4
vsyscall:
	.skip	4
