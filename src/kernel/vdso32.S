# vdso32.S — the i386 vDSO: __kernel_vsyscall, the fast way into the kernel that the CPU vendor
# decides (SYSENTER; SYSCALL on AMD under a 64-bit kernel, patched at boot like the kernel's
# alternatives), and clock_gettime/gettimeofday/time reading the [vvar] time data with RDTSC
# under the seqlock. Assembled at address 0 and wrapped into an ELF shared object.
	.code32

	.include "vdso_datapage.S"	# [vvar]'s layout (VD_*, VC_SIZE) and the clock ids it serves

	HRES_CLOCKS = (1 << 0) | (1 << 1) | (1 << 7) | (1 << 11)	# VDSO_HRES: REALTIME MONOTONIC BOOTTIME TAI
	RAW_CLOCKS = 1 << 4		# VDSO_RAW: MONOTONIC_RAW, read from clock_data[CS_RAW]
	COARSE_CLOCKS = (1 << 5) | (1 << 6)
	__NR_clock_gettime = 265
	__NR_clock_getres = 266
	__NR_gettimeofday = 78
	__NR_clock_gettime64 = 403
	__NR_sigreturn = 119
	__NR_rt_sigreturn = 173
	TICK_NSEC = 4000000		# resolution of the coarse clocks: one tick at HZ 250

	.text
vdso_text_start:

# __kernel_vsyscall: eax = number, ebx ecx edx esi edi ebp = arguments (AT_SYSINFO points here).
# SYSENTER keeps no return address and no stack, so the user ESP goes in EBP and the kernel
# returns to int80_landing_pad.
	.globl	__kernel_vsyscall
__kernel_vsyscall:
	pushl	%ecx
	pushl	%edx
	pushl	%ebp
	movl	%esp, %ebp		# FAST_SYSCALL_ENTRY
	sysenter			# FAST_SYSCALL_INSN
	int	$0x80			# reached only where no fast entry exists
	.globl	int80_landing_pad
int80_landing_pad:
	popl	%ebp
	popl	%edx
	popl	%ecx
	ret
	.size	__kernel_vsyscall, .-__kernel_vsyscall

# vvar_base: %ecx <- address of the [vvar] time data
vvar_base:
	call	.Lhere
.Lhere:
	popl	%ecx
	subl	$.Lhere, %ecx		# the vDSO's load address
	subl	$VVAR_OFFSET, %ecx
	ret
	.size	vvar_base, .-vvar_base

# do_hres (clock_data[CS_HRES_COARSE]; do_hres_raw: clock_data[CS_RAW], for MONOTONIC_RAW): %eax = clock -> seconds in %ebx (low half; the base's stay at (%edi)), nanoseconds in
# %eax, CF clear; CF set when the clocksource is not one the vDSO may read (use the syscall)
# (clobbers ecx edx esi edi; callers save ebx esi edi)
do_hres_raw:
	call	vvar_base
	addl	$VC_SIZE, %ecx		# VDSO_RAW: its clocksource and base are clock_data[CS_RAW]
	jmp	.Lhres_vc
do_hres:
	call	vvar_base
.Lhres_vc:
	movl	%eax, %edi
	shll	$4, %edi
	leal	VD_BASETIME(%ecx,%edi), %edi	# &basetime[clock]
	movl	%ecx, %esi			# esi = vvar
.Lretry:
	movl	VD_SEQ(%esi), %ebx
	testl	$1, %ebx
	jnz	.Lwait
	cmpl	$VDSO_CLOCKMODE_NONE, VD_CLOCK_MODE(%esi)
	je	.Lhres_none
	pushl	%ebx				# the sequence number we started with
	rdtsc
	subl	VD_CYCLE_LAST(%esi), %eax
	sbbl	VD_CYCLE_LAST+4(%esi), %edx
	andl	VD_MASK(%esi), %eax
	andl	VD_MASK+4(%esi), %edx
	movl	%edx, %ecx
	imull	VD_MULT(%esi), %ecx		# high half * mult
	mull	VD_MULT(%esi)			# low half * mult -> edx:eax
	addl	%ecx, %edx
	addl	8(%edi), %eax			# + (nsec << shift)
	adcl	12(%edi), %edx
	movl	VD_SHIFT(%esi), %ecx
	shrdl	%cl, %edx, %eax
	shrl	%cl, %edx			# edx:eax = nanoseconds since basetime
	movl	(%edi), %ebx			# seconds (low 32 bits)
	popl	%ecx
	cmpl	VD_SEQ(%esi), %ecx
	jne	.Lretry
.Lnormalize:
	testl	%edx, %edx
	jnz	.Lsub_second
	cmpl	$NSEC_PER_SEC, %eax
	jb	.Ldone
.Lsub_second:
	subl	$NSEC_PER_SEC, %eax
	sbbl	$0, %edx
	incl	%ebx
	jmp	.Lnormalize
.Ldone:
	clc
	ret
.Lhres_none:
	stc
	ret
.Lwait:
	pause
	jmp	.Lretry
	.size	do_hres, .-do_hres

# int clock_gettime(clockid_t clock, struct old_timespec32 *ts)
	.globl	__vdso_clock_gettime
__vdso_clock_gettime:
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	16(%esp), %eax			# clock
	cmpl	$CLOCK_TAI, %eax
	ja	.Lcg_fallback
	movl	$HRES_CLOCKS, %edx
	btl	%eax, %edx
	jae	.Lcg_other
	call	do_hres
	jc	.Lcg_fallback
.Lcg_store:
	movl	20(%esp), %edx			# ts
	movl	%ebx, (%edx)
	movl	%eax, 4(%edx)
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
.Lcg_other:
	movl	$COARSE_CLOCKS, %edx
	btl	%eax, %edx
	jae	.Lcg_raw
	call	vvar_base
	shll	$4, %eax
	leal	VD_BASETIME(%ecx,%eax), %edi
.Lcoarse_retry:
	movl	VD_SEQ(%ecx), %esi
	testl	$1, %esi
	jnz	.Lcoarse_retry
	movl	(%edi), %ebx
	movl	8(%edi), %eax
	cmpl	VD_SEQ(%ecx), %esi
	jne	.Lcoarse_retry
	jmp	.Lcg_store
.Lcg_raw:
	cmpl	$CLOCK_MONOTONIC_RAW, %eax
	jne	.Lcg_fallback
	call	do_hres_raw
	jnc	.Lcg_store
.Lcg_fallback:				# through __kernel_vsyscall, as the real fallback does
	movl	16(%esp), %ebx
	movl	20(%esp), %ecx
	movl	$__NR_clock_gettime, %eax
	call	__kernel_vsyscall
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
	.size	__vdso_clock_gettime, .-__vdso_clock_gettime

# int clock_gettime64(clockid_t clock, struct __kernel_timespec *ts): 64-bit seconds and nanoseconds
	.globl	__vdso_clock_gettime64
__vdso_clock_gettime64:
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	16(%esp), %eax			# clock
	cmpl	$CLOCK_TAI, %eax
	ja	.Lcg64_fallback
	movl	$HRES_CLOCKS, %edx
	btl	%eax, %edx
	jae	.Lcg64_other
	call	do_hres
	jc	.Lcg64_fallback
	movl	4(%edi), %ecx			# the seconds' high half, carried when normalizing wrapped the low
	cmpl	(%edi), %ebx
	jae	.Lcg64_store
	incl	%ecx
.Lcg64_store:
	movl	20(%esp), %edx			# ts
	movl	%ebx, (%edx)
	movl	%ecx, 4(%edx)
	movl	%eax, 8(%edx)
	movl	$0, 12(%edx)
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
.Lcg64_other:
	movl	$COARSE_CLOCKS, %edx
	btl	%eax, %edx
	jae	.Lcg64_raw
	call	vvar_base
	shll	$4, %eax
	leal	VD_BASETIME(%ecx,%eax), %edi
.Lcoarse64_retry:
	movl	VD_SEQ(%ecx), %esi
	testl	$1, %esi
	jnz	.Lcoarse64_retry
	movl	(%edi), %ebx
	movl	4(%edi), %edx
	movl	8(%edi), %eax
	cmpl	VD_SEQ(%ecx), %esi
	jne	.Lcoarse64_retry
	movl	%edx, %ecx
	jmp	.Lcg64_store
.Lcg64_raw:
	cmpl	$CLOCK_MONOTONIC_RAW, %eax
	jne	.Lcg64_fallback
	call	do_hres_raw
	jc	.Lcg64_fallback
	movl	4(%edi), %ecx			# as after do_hres above
	cmpl	(%edi), %ebx
	jae	.Lcg64_store
	incl	%ecx
	jmp	.Lcg64_store
.Lcg64_fallback:
	movl	16(%esp), %ebx
	movl	20(%esp), %ecx
	movl	$__NR_clock_gettime64, %eax
	call	__kernel_vsyscall
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
	.size	__vdso_clock_gettime64, .-__vdso_clock_gettime64

# int gettimeofday(struct old_timeval32 *tv, struct timezone *tz)
	.globl	__vdso_gettimeofday
__vdso_gettimeofday:
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	16(%esp), %edi
	testl	%edi, %edi
	jz	.Lgtod_tz
	movl	$CLOCK_REALTIME, %eax
	call	do_hres
	jc	.Lgtod_fallback
	movl	16(%esp), %edi
	movl	%ebx, (%edi)			# tv_sec
	xorl	%edx, %edx
	movl	$1000, %ecx
	divl	%ecx
	movl	%eax, 4(%edi)			# tv_usec
.Lgtod_tz:
	movl	20(%esp), %edi
	testl	%edi, %edi
	jz	.Lgtod_done
	call	vvar_base
	movl	VD_TZ_MINUTESWEST(%ecx), %eax
	movl	%eax, (%edi)
	movl	VD_TZ_DSTTIME(%ecx), %eax
	movl	%eax, 4(%edi)
.Lgtod_done:
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
.Lgtod_fallback:
	movl	16(%esp), %ebx
	movl	20(%esp), %ecx
	movl	$__NR_gettimeofday, %eax
	call	__kernel_vsyscall
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
	.size	__vdso_gettimeofday, .-__vdso_gettimeofday

# time_t time(time_t *t)
	.globl	__vdso_time
__vdso_time:
	call	vvar_base
	movl	VD_BASETIME+CLOCK_REALTIME*16(%ecx), %eax
	movl	4(%esp), %edx
	testl	%edx, %edx
	jz	.Ltime_done
	movl	%eax, (%edx)
.Ltime_done:
	ret
	.size	__vdso_time, .-__vdso_time

# int clock_getres(clockid_t clock, struct old_timespec32 *res)
	.globl	__vdso_clock_getres
__vdso_clock_getres:
	movl	4(%esp), %eax
	cmpl	$CLOCK_TAI, %eax
	ja	.Lres_fallback
	movl	$HRES_CLOCKS|RAW_CLOCKS, %edx
	btl	%eax, %edx
	jb	.Lres_hres
	movl	$COARSE_CLOCKS, %edx
	btl	%eax, %edx
	jae	.Lres_fallback
	movl	$TICK_NSEC, %eax
	jmp	.Lres_store
.Lres_hres:
	call	vvar_base
	movl	VD_HRTIMER_RES(%ecx), %eax
.Lres_store:
	movl	8(%esp), %edx
	testl	%edx, %edx
	jz	.Lres_done
	movl	$0, (%edx)
	movl	%eax, 4(%edx)
.Lres_done:
	xorl	%eax, %eax
	ret
.Lres_fallback:
	pushl	%ebx
	movl	8(%esp), %ebx
	movl	12(%esp), %ecx
	movl	$__NR_clock_getres, %eax
	call	__kernel_vsyscall
	popl	%ebx
	ret
	.size	__vdso_clock_getres, .-__vdso_clock_getres

# int getcpu(unsigned *cpu, unsigned *node, void *unused): RDTSCP's TSC_AUX = node << 12 | cpu
	.globl	__vdso_getcpu
__vdso_getcpu:
	rdtscp
	movl	4(%esp), %edx
	testl	%edx, %edx
	jz	.Lgetcpu_node
	movl	%ecx, %eax
	andl	$0xfff, %eax
	movl	%eax, (%edx)
.Lgetcpu_node:
	movl	8(%esp), %edx
	testl	%edx, %edx
	jz	.Lgetcpu_done
	shrl	$12, %ecx
	movl	%ecx, (%edx)
.Lgetcpu_done:
	xorl	%eax, %eax
	ret
	.size	__vdso_getcpu, .-__vdso_getcpu

# Signal return trampolines (LINUX_2.5): a signal handler returns here to enter sigreturn.
	.globl	__kernel_sigreturn
__kernel_sigreturn:
	popl	%eax
	movl	$__NR_sigreturn, %eax
	int	$0x80
	.size	__kernel_sigreturn, .-__kernel_sigreturn

	.globl	__kernel_rt_sigreturn
__kernel_rt_sigreturn:
	movl	$__NR_rt_sigreturn, %eax
	int	$0x80
	.size	__kernel_rt_sigreturn, .-__kernel_rt_sigreturn
