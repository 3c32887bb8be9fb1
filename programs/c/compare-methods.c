/* Times the ways in from C (-m32): int $0x80 inline, syscall() through the vDSO's SYSENTER, clock_gettime in the vDSO. */
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 200

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* getpid through the legacy gate: the IDT, the TSS stack switch, SAVE_ALL, IRET. */
static long getpid_int80(void)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(SYS_getpid) : "memory");
	return ret;
}

static uint64_t best(long (*fn)(void))
{
	uint64_t min = UINT64_MAX;
	for (int i = 0; i < ROUNDS; i++) {
		uint64_t t0 = rdtsc();
		fn();
		uint64_t t = rdtsc() - t0;
		if (t < min)
			min = t;
	}
	return min;
}

static long getpid_libc(void) { return syscall(SYS_getpid); }	/* libc: call *%gs:0x10 -> __kernel_vsyscall */
static long clock_vdso(void) { struct timespec ts; return clock_gettime(CLOCK_MONOTONIC, &ts); }

int main(void)
{
	uint64_t int80 = best(getpid_int80), fast = best(getpid_libc), vdso = best(clock_vdso);
	printf("cycles per call (best of %d): int $0x80 %llu, syscall() %llu, clock_gettime (vDSO) %llu\n",
	       ROUNDS, (unsigned long long)int80, (unsigned long long)fast, (unsigned long long)vdso);
	printf("fast entry cheaper than int $0x80: %s; the vDSO cheaper than both: %s\n",
	       fast < int80 ? "yes" : "no", vdso < fast && vdso < int80 ? "yes" : "no");
	return 0;
}
