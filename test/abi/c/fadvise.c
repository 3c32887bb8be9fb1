/* fadvise64 (and i386's fadvise64_64) with every advice, an unknown one, a 64-bit offset and bad
   fds: the strace lines must read as strace prints them (POSIX_FADV_* names, the offset whole). */
#include "nolibc.h"

#ifdef __x86_64__
static long fadv(int fd, long long off, long len, int advice) { return sys4(221, fd, off, len, advice); }
#else
static long fadv(int fd, long long off, long len, int advice) {
  return sys5(250, fd, (long)(off & 0xffffffff), (long)(off >> 32), len, advice);
}
static long fadv64_64(int fd, long long off, long long len, int advice) {
  return sys6(272, fd, (long)(off & 0xffffffff), (long)(off >> 32), (long)(len & 0xffffffff), (long)(len >> 32), advice);
}
#endif

int main(void) {
  int fd = sys3(NR_open, "/etc/passwd", 0, 0);
  for (int a = 0; a <= 6; a++) say("fadvise", fadv(fd, 4096, 100, a));
  say("fadvise 8 GiB", fadv(fd, 8LL << 30, 1, 2));
  say("fadvise -1", fadv(fd, -1, 0, 0));
  say("fadvise bad fd", fadv(99, 0, 0, 2));
#ifndef __x86_64__
  say("fadvise64_64", fadv64_64(fd, 8LL << 30, 5LL << 32, 3));
  say("fadvise64_64 unknown", fadv64_64(fd, 0, 0, 7));
#endif
  return 0;
}
