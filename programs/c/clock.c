/* Reads the clock through libc: clock_gettime, gettimeofday and time go to the vDSO, not the kernel. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

int main(void)
{
	struct timespec mono, real;
	struct timeval tv;
	clock_gettime(CLOCK_MONOTONIC, &mono);	/* vDSO: reads [vvar] and the TSC */
	clock_gettime(CLOCK_REALTIME, &real);
	gettimeofday(&tv, NULL);
	time_t t = time(NULL);
	/* The same second from all three clocks of the wall time (a tick may pass between them). */
	long diff = (long)(t - real.tv_sec);
	printf("monotonic %s, realtime and gettimeofday agree: %s, time() agrees: %s\n",
	       mono.tv_sec >= 0 ? "read" : "failed",
	       tv.tv_sec - real.tv_sec <= 1 ? "yes" : "no",
	       diff >= 0 && diff <= 1 ? "yes" : "no");
	return 0;
}
