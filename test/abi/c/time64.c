/* i386's time64 calls (struct __kernel_timespec: 64-bit fields) and the old getdents beside
   getdents64: clock_gettime64/clock_getres_time64/clock_nanosleep_time64, ppoll_time64 and
   pselect6_time64 with zero and bad timeouts, getdents and getdents64 listing the same directory. */
#include "nolibc.h"

#ifdef __x86_64__
#define NR_getdents 78
#define NR_getdents64 217
#else
#define NR_getdents 141
#define NR_getdents64 220
#define NR_clock_gettime64 403
#define NR_clock_getres_time64 406
#define NR_clock_nanosleep_time64 407
#define NR_pselect6_time64 413
#define NR_ppoll_time64 414
#endif

/* entries in a getdents buffer: d_reclen sits after d_ino and d_off (longs, or 8 bytes for dirent64) */
static int count(char *buf, long n, int reclen_at) {
  int k = 0;
  for (long off = 0; off < n; k++) off += *(unsigned short *)(buf + off + reclen_at);
  return k;
}

int main(void) {
  static char buf[65536];
  long fd = sys2(NR_open, "/proc/self", 0200000 /* O_DIRECTORY */);
  say("getdents with a 4-byte buffer (EINVAL)", sys3(NR_getdents, fd, buf, 4));
  long n = sys3(NR_getdents, fd, buf, sizeof buf);
  int old = count(buf, n, 2 * sizeof(long));
  sys1(NR_close, fd);
  fd = sys2(NR_open, "/proc/self", 0200000);
  n = sys3(NR_getdents64, fd, buf, sizeof buf);
  say("getdents and getdents64 list the same number of entries", old == count(buf, n, 16) && old > 2);
  say("getdents at the end of the directory", sys3(NR_getdents64, fd, buf, sizeof buf));
  say("getdents on a bad fd (EBADF)", sys3(NR_getdents, 99, buf, sizeof buf));
  sys1(NR_close, fd);
#ifndef __x86_64__
  long long ts[2] = { 0, 0 };
  say("clock_gettime64 CLOCK_MONOTONIC", sys2(NR_clock_gettime64, 1, ts));
  say("  tv_nsec below 1e9", ts[1] >= 0 && ts[1] < 1000000000);
  say("clock_getres_time64", sys2(NR_clock_getres_time64, 1, ts));
  say("  resolution 1 ns", ts[0] == 0 && ts[1] == 1);
  long long zero[2] = { 0, 0 }, bad[2] = { 0, 1000000000 };
  say("clock_nanosleep_time64 of 0", sys4(NR_clock_nanosleep_time64, 1, 0, zero, 0));
  say("clock_nanosleep_time64 tv_nsec 1e9 (EINVAL)", sys4(NR_clock_nanosleep_time64, 1, 0, bad, 0));
  struct { int fd; short events, revents; } p = { 1, 4 /* POLLOUT */, 0 };
  say("ppoll_time64 on stdout, timeout 0", sys5(NR_ppoll_time64, &p, 1, zero, 0, 8));
  say("  revents POLLOUT", p.revents);
  say("ppoll_time64 tv_nsec 1e9 (EINVAL)", sys5(NR_ppoll_time64, &p, 1, bad, 0, 8));
  unsigned long wset = 1ul << 1;
  say("pselect6_time64 on stdout, timeout 0", sys6(NR_pselect6_time64, 2, 0, (long)&wset, 0, (long)zero, 0));
  say("  write set", wset);
  say("pselect6_time64 tv_nsec 1e9 (EINVAL)", sys6(NR_pselect6_time64, 2, 0, (long)&wset, 0, (long)bad, 0));
#endif
  return 0;
}
