/* timers without SIGALRM: clock_nanosleep relative and absolute, nanosleep. */
#include <stdio.h>
#include <time.h>
static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
int main(void) {
  long long t0 = now();
  struct timespec d = {0, 20 * 1000 * 1000};
  clock_nanosleep(CLOCK_MONOTONIC, 0, &d, 0);
  long long t1 = now();
  printf("relative 20 ms: %s\n", t1 - t0 >= 20000000 ? "slept" : "too short");
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_nsec += 10 * 1000 * 1000;
  if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0);
  printf("absolute: %s\n", now() >= until.tv_sec * 1000000000LL + until.tv_nsec ? "reached" : "early");
  nanosleep(&d, 0);
  printf("nanosleep: %s\n", now() - t1 >= 30000000 ? "slept" : "too short");
  return 0;
}
