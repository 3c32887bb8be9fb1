# vdso64.S — the x86_64 vDSO: clock_gettime, gettimeofday, time, getcpu, clock_getres and getrandom
# that run in user mode without entering the kernel. They read the kernel's time data from the [vvar]
# page (laid out like include/vdso/datapage.h) under its seqlock, and the TSC with RDTSC, as
# lib/vdso/gettimeofday.c does; clocks they do not serve fall back to a real SYSCALL.
# Assembled at address 0 and wrapped into an ELF shared object (soname linux-vdso.so.1).
	.code64

	.include "vdso_datapage.S"	# [vvar]'s layout (VD_*, VC_SIZE) and the clock ids it serves

	CLOCK_REALTIME_COARSE = 5
	CLOCK_MONOTONIC_COARSE = 6
	HRES_CLOCKS = (1 << 0) | (1 << 1) | (1 << 7) | (1 << 11)	# VDSO_HRES: REALTIME MONOTONIC BOOTTIME TAI
	RAW_CLOCKS = 1 << 4		# VDSO_RAW: MONOTONIC_RAW, read from clock_data[CS_RAW]
	COARSE_CLOCKS = (1 << 5) | (1 << 6)
	TICK_NSEC = 4000000		# resolution of the coarse clocks: one tick at HZ 250
	__NR_gettimeofday = 96
	__NR_time = 201
	__NR_clock_gettime = 228
	__NR_clock_getres = 229
	__NR_getcpu = 309
	__NR_getrandom = 318
	VGETRANDOM_STATE_SIZE = 144	# sizeof(struct vgetrandom_state): 128-byte batch/key, generation, pos, in_use
	GRND_FLAGS = 7			# GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE
	PROT_READ_WRITE = 3
	MAP_DROPPABLE_ANONYMOUS = 0x28
	EFAULT = 14

	.text
vdso_text_start:

# vvar_base: %r8 <- address of the [vvar] time data (position independent)
vvar_base:
	leaq	vdso_text_start(%rip), %r8
	subq	$vdso_text_start, %r8	# the vDSO's load address
	subq	$VVAR_OFFSET, %r8
	ret
	.size	vvar_base, .-vvar_base

# do_hres (clock_data[CS_HRES_COARSE]; do_hres_raw: clock_data[CS_RAW], for MONOTONIC_RAW): %edi = clock -> %rax = seconds, %rdx = nanoseconds, CF clear (the seqlock read loop);
# CF set when the clocksource is not one the vDSO may read (vdso_clocksource_ok): use the syscall
do_hres_raw:
	call	vvar_base
	addq	$VC_SIZE, %r8		# VDSO_RAW: its clocksource and base are clock_data[CS_RAW]
	jmp	.Lhres_vc
do_hres:
	call	vvar_base
.Lhres_vc:
	movl	%edi, %r9d
	shll	$4, %r9d
	leaq	VD_BASETIME(%r8,%r9), %r9	# &basetime[clock]
.Lretry:
	movl	VD_SEQ(%r8), %r10d
	testl	$1, %r10d		# odd: the kernel is updating
	jnz	.Lwait
	cmpl	$VDSO_CLOCKMODE_NONE, VD_CLOCK_MODE(%r8)
	je	.Lhres_none
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	subq	VD_CYCLE_LAST(%r8), %rax
	andq	VD_MASK(%r8), %rax
	movl	VD_MULT(%r8), %ecx
	imulq	%rcx, %rax
	addq	8(%r9), %rax		# + (nsec << shift)
	movl	VD_SHIFT(%r8), %ecx
	shrq	%cl, %rax		# nanoseconds since basetime
	movq	(%r9), %r11		# seconds
	cmpl	VD_SEQ(%r8), %r10d	# changed meanwhile: read again
	jne	.Lretry
	movl	$NSEC_PER_SEC, %ecx
.Lnormalize:				# __iter_div_u64_rem: usually no iteration at all
	cmpq	%rcx, %rax
	jb	.Lnormalized
	subq	%rcx, %rax
	incq	%r11
	jmp	.Lnormalize
.Lnormalized:
	movq	%rax, %rdx
	movq	%r11, %rax
	clc
	ret
.Lhres_none:
	stc
	ret
.Lwait:
	pause
	jmp	.Lretry
	.size	do_hres, .-do_hres

# do_coarse: %edi = clock -> %rax = seconds, %rdx = nanoseconds of the last tick (no TSC read)
do_coarse:
	call	vvar_base
	movl	%edi, %r9d
	shll	$4, %r9d
	leaq	VD_BASETIME(%r8,%r9), %r9
.Lcoarse_retry:
	movl	VD_SEQ(%r8), %r10d
	testl	$1, %r10d
	jnz	.Lcoarse_wait
	movq	(%r9), %rax
	movq	8(%r9), %rdx
	cmpl	VD_SEQ(%r8), %r10d
	jne	.Lcoarse_retry
	ret
.Lcoarse_wait:
	pause
	jmp	.Lcoarse_retry
	.size	do_coarse, .-do_coarse

# int clock_gettime(clockid_t clock %edi, struct timespec *ts %rsi)
	.globl	__vdso_clock_gettime
__vdso_clock_gettime:
	cmpl	$CLOCK_TAI, %edi
	ja	.Lcg_fallback
	movl	$HRES_CLOCKS, %eax
	btl	%edi, %eax
	jb	.Lcg_hres
	movl	$COARSE_CLOCKS, %eax
	btl	%edi, %eax
	jae	.Lcg_raw
	call	do_coarse
	jmp	.Lcg_store
.Lcg_raw:
	cmpl	$CLOCK_MONOTONIC_RAW, %edi
	jne	.Lcg_fallback
	call	do_hres_raw
	jnc	.Lcg_store
	jmp	.Lcg_fallback
.Lcg_hres:
	call	do_hres
	jc	.Lcg_fallback
.Lcg_store:
	movq	%rax, (%rsi)
	movq	%rdx, 8(%rsi)
	xorl	%eax, %eax
	ret
.Lcg_fallback:				# CPU-time clocks and unknown ids: ask the kernel
	movl	$__NR_clock_gettime, %eax
	syscall
	ret
	.size	__vdso_clock_gettime, .-__vdso_clock_gettime

# int gettimeofday(struct timeval *tv %rdi, struct timezone *tz %rsi)
	.globl	__vdso_gettimeofday
__vdso_gettimeofday:
	testq	%rdi, %rdi
	jz	.Lgtod_tz
	pushq	%rdi
	pushq	%rsi
	movl	$CLOCK_REALTIME, %edi
	call	do_hres
	popq	%rsi
	popq	%rdi
	jc	.Lgtod_fallback
	movq	%rax, (%rdi)		# tv_sec
	movq	%rdx, %rax
	xorl	%edx, %edx
	movl	$1000, %ecx
	divq	%rcx
	movq	%rax, 8(%rdi)		# tv_usec
.Lgtod_tz:
	testq	%rsi, %rsi
	jz	.Lgtod_done
	call	vvar_base
	movl	VD_TZ_MINUTESWEST(%r8), %eax
	movl	%eax, (%rsi)
	movl	VD_TZ_DSTTIME(%r8), %eax
	movl	%eax, 4(%rsi)
.Lgtod_done:
	xorl	%eax, %eax
	ret
.Lgtod_fallback:
	movl	$__NR_gettimeofday, %eax
	syscall
	ret
	.size	__vdso_gettimeofday, .-__vdso_gettimeofday

# time_t time(time_t *t %rdi): the seconds of CLOCK_REALTIME's base, no TSC read
	.globl	__vdso_time
__vdso_time:
	call	vvar_base
	movq	VD_BASETIME+CLOCK_REALTIME*16(%r8), %rax
	testq	%rdi, %rdi
	jz	.Ltime_done
	movq	%rax, (%rdi)
.Ltime_done:
	ret
	.size	__vdso_time, .-__vdso_time

# int getcpu(unsigned *cpu %rdi, unsigned *node %rsi, void *unused): RDTSCP returns TSC_AUX =
# node << 12 | cpu, which the kernel set up for this CPU
	.globl	__vdso_getcpu
__vdso_getcpu:
	rdtscp
	testq	%rdi, %rdi
	jz	.Lgetcpu_node
	movl	%ecx, %eax
	andl	$0xfff, %eax
	movl	%eax, (%rdi)
.Lgetcpu_node:
	testq	%rsi, %rsi
	jz	.Lgetcpu_done
	shrl	$12, %ecx
	movl	%ecx, (%rsi)
.Lgetcpu_done:
	xorl	%eax, %eax
	ret
	.size	__vdso_getcpu, .-__vdso_getcpu

# int clock_getres(clockid_t clock %edi, struct timespec *res %rsi)
	.globl	__vdso_clock_getres
__vdso_clock_getres:
	cmpl	$CLOCK_TAI, %edi
	ja	.Lres_fallback
	movl	$HRES_CLOCKS|RAW_CLOCKS, %eax
	btl	%edi, %eax
	jb	.Lres_hres
	movl	$COARSE_CLOCKS, %eax
	btl	%edi, %eax
	jae	.Lres_fallback
	movl	$TICK_NSEC, %eax
	jmp	.Lres_store
.Lres_hres:
	call	vvar_base
	movl	VD_HRTIMER_RES(%r8), %eax
.Lres_store:
	testq	%rsi, %rsi
	jz	.Lres_done
	movq	$0, (%rsi)
	movq	%rax, 8(%rsi)
.Lres_done:
	xorl	%eax, %eax
	ret
.Lres_fallback:
	movl	$__NR_clock_getres, %eax
	syscall
	ret
	.size	__vdso_clock_getres, .-__vdso_clock_getres

# ssize_t getrandom(void *buffer %rdi, size_t len %rsi, unsigned flags %edx, void *opaque_state %rcx,
# size_t opaque_len %r8), the checks of lib/vdso/getrandom.c in its order. The vDSO's ChaCha20
# generator is not modelled: vvar's rng is_ready stays 0, so every request takes Linux's own
# fallback to the getrandom syscall (simplified, and said so in src/kernel/README.md).
	.globl	__vdso_getrandom
__vdso_getrandom:
	cmpq	$-1, %r8			# opaque_len == ~0UL && !buffer && !len && !flags: the params query
	jne	.Lgr_checks
	testq	%rdi, %rdi
	jnz	.Lgr_checks
	testq	%rsi, %rsi
	jnz	.Lgr_checks
	testl	%edx, %edx
	jnz	.Lgr_checks
	movl	$VGETRANDOM_STATE_SIZE, (%rcx)	# struct vgetrandom_opaque_params
	movl	$PROT_READ_WRITE, 4(%rcx)
	movl	$MAP_DROPPABLE_ANONYMOUS, 8(%rcx)
	xorl	%eax, %eax
	movl	$13, %r9d
.Lgr_reserved:
	movl	$0, 8(%rcx,%r9,4)		# reserved[0..12]
	decl	%r9d
	jnz	.Lgr_reserved
	ret
.Lgr_checks:
	movl	%ecx, %eax			# the state must not straddle a page
	andl	$0xfff, %eax
	addl	$VGETRANDOM_STATE_SIZE, %eax
	cmpl	$0x1000, %eax
	ja	.Lgr_efault
	testl	$~GRND_FLAGS, %edx		# unknown flags: the kernel decides
	jnz	.Lgr_fallback
	cmpq	$VGETRANDOM_STATE_SIZE, %r8	# a state of another size: the kernel
	jne	.Lgr_fallback
	call	vvar_base
	cmpb	$0, VD_RNG_IS_READY(%r8)	# the kernel's RNG not ready: the kernel
	je	.Lgr_fallback
	testq	%rsi, %rsi
	jz	.Lgr_zero
.Lgr_fallback:
	movl	$__NR_getrandom, %eax		# getrandom(buffer, len, flags)
	syscall
	ret
.Lgr_zero:
	xorl	%eax, %eax
	ret
.Lgr_efault:
	movq	$-EFAULT, %rax
	ret
	.size	__vdso_getrandom, .-__vdso_getrandom
