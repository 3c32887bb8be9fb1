/* clock_gettime, gettimeofday and time through libc (the vDSO where libc uses it). */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
int main(void) {
  struct timespec a, b;
  struct timeval tv;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_MONOTONIC, &b);
  gettimeofday(&tv, 0);
  time_t t = time(0);
  printf("monotonic: %s\n", (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)) ? "ok" : "went back");
  printf("gettimeofday after 2025: %s\n", tv.tv_sec > 1735689600 ? "yes" : "no");
  printf("time agrees with gettimeofday: %s\n", t - tv.tv_sec <= 1 && tv.tv_sec - t <= 1 ? "yes" : "no");
  struct timespec res;
  printf("clock_getres(CLOCK_REALTIME): %d\n", clock_getres(CLOCK_REALTIME, &res));
  return 0;
}
