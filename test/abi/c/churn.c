/* Maps 200 MB, touches a page in every 64 KiB, unmaps, many times: the host memory behind the
   guest must follow what the guest holds now, not what it ever held. */
#include "nolibc.h"
int main(void) {
  for (int round = 0; round < 12; round++) {
    char *p = sys_mmap(0, 200u << 20, 3, 0x22, -1, 0);
    if ((long)p < 0 && (long)p > -4096) return 1;
    for (unsigned long off = 0; off < (200u << 20); off += 1 << 16) p[off] = (char)round;
    if (sys2(NR_munmap, p, 200u << 20) != 0) return 2;
  }
  char *big = sys_mmap(0, 1u << 30, 3, 0x22, -1, 0);
  say("mmap 1 GiB under --memory 512M (ENOMEM)", (long)big);
  return 0;
}
