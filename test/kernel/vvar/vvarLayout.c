/* What a program can see of its [vvar] (Linux 6.18's struct vdso_time_data), printed so that a
   native run and a trapdoor run can be compared line by line; and CLOCK_MONOTONIC_RAW read through
   libc, which takes the vDSO (strace shows no clock_gettime syscall). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define VC 232u			/* sizeof(struct vdso_clock): clock_data[CS_RAW] */
#define BASETIME 40u		/* vdso_clock.basetime[] */
#define U32(o) (*(const volatile uint32_t *)(v + (o)))
#define U64(o) (*(const volatile uint64_t *)(v + (o)))

int main(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  unsigned long a = 0;
  while (f && fgets(line, sizeof line, f))
    if (strstr(line, "[vvar]\n")) sscanf(line, "%lx", &a);
  if (f) fclose(f);
  if (!a) { puts("no [vvar]"); return 1; }
  const unsigned char *v = (const unsigned char *)a;
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC_RAW, &ts) != 0) { puts("clock_gettime failed"); return 1; }
  uint32_t s0, s1;
  do { s0 = U32(0); s1 = U32(VC); } while ((s0 & 1) || s0 != U32(0));
  printf("seq of CS_HRES_COARSE == seq of CS_RAW: %d\n", s0 == s1);
  printf("clock_mode: %u %u\n", U32(4), U32(VC + 4));
  printf("shift equal: %d, mask: %llx %llx\n", U32(36) == U32(VC + 36), (unsigned long long)U64(24), (unsigned long long)U64(VC + 24));
  printf("max_cycles set and below mask: %d\n", U64(16) != 0 && U64(16) < U64(24) && U64(VC + 16) != 0);
  printf("basetime[MONOTONIC_RAW] in CS_HRES_COARSE: %llu %llu\n", (unsigned long long)U64(BASETIME + 64), (unsigned long long)U64(BASETIME + 72));
  printf("basetime[MONOTONIC] in CS_RAW: %llu %llu\n", (unsigned long long)U64(VC + BASETIME + 16), (unsigned long long)U64(VC + BASETIME + 24));
  uint64_t raw = U64(VC + BASETIME + 64);
  printf("basetime[MONOTONIC_RAW] in CS_RAW within 2 s before now: %d\n", raw <= (uint64_t)ts.tv_sec && (uint64_t)ts.tv_sec - raw < 2);
  printf("tz: %d %d, hrtimer_res: %u\n", (int)U32(2320), (int)U32(2324), U32(2328));
  return 0;
}
