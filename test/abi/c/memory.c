/* mm/mmap.c's rules as a program sees them: errno values, MAP_SHARED anonymous memory, mprotect
   faults, mremap, MADV_DONTNEED, VMA merging in /proc/self/maps, code written through an RWX
   mapping, brk, and a stack that grows on demand. Prints the same natively and under trapdoor. */
#include "nolibc.h"

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 1
#define MAP_PRIVATE 2
#define MAP_FIXED 0x10
#define MAP_ANON 0x20
#define MAP_FIXED_NOREPLACE 0x100000

/* How many /proc/self/maps lines start inside [lo, hi). */
static int vmas_in(unsigned long lo, unsigned long hi) {
  static char buf[16384];
  long fd = sys2(NR_open, "/proc/self/maps", 0), n = 0, r;
  while ((r = sys3(NR_read, fd, buf + n, sizeof buf - 1 - n)) > 0) n += r;
  sys1(NR_close, fd);
  buf[n] = 0;
  int count = 0;
  for (long i = 0; i < n; i++) {
    if (i != 0 && buf[i - 1] != '\n') continue;
    unsigned long v = 0;
    for (long j = i; buf[j] != '-'; j++) v = v * 16 + (buf[j] <= '9' ? buf[j] - '0' : buf[j] - 'a' + 10);
    if (v >= lo && v < hi) count++;
  }
  return count;
}

static int depth(int n) {
  volatile char pad[1024];
  pad[0] = (char)n;
  if (n == 0) return pad[0];
  return depth(n - 1) + pad[0] - (char)n + 1;
}

int main(void) {
  say("mmap len 0 (EINVAL)", (long)sys_mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0));
  say("mmap no type (EINVAL)", (long)sys_mmap(0, 4096, PROT_READ, MAP_ANON, -1, 0));
  say("mmap bad fd (EBADF)", (long)sys_mmap(0, 4096, PROT_READ, MAP_PRIVATE, 99, 0));
  int pfd[2];
  sys1(NR_pipe, pfd);
  say("mmap a pipe's read end (ENODEV)", (long)sys_mmap(0, 4096, PROT_READ, MAP_PRIVATE, pfd[0], 0));
  say("mmap a pipe's write end (EACCES)", (long)sys_mmap(0, 4096, PROT_READ, MAP_PRIVATE, pfd[1], 0));
#ifdef __x86_64__
  say("mmap misaligned offset (EINVAL)", (long)sys_mmap(0, 4096, PROT_READ, MAP_PRIVATE, pfd[0], 100));
#else
  long old_mmap_args[6] = {0, 4096, PROT_READ, MAP_PRIVATE, pfd[0], 100}; /* i386 old_mmap: the offset in bytes */
  say("mmap misaligned offset (EINVAL)", sys1(90, old_mmap_args));
#endif
  say("mmap fixed misaligned (EINVAL)", (long)sys_mmap((void *)0x10000001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0));
  say("munmap misaligned (EINVAL)", sys2(NR_munmap, 0x10001, 4096));
  say("munmap len 0 (EINVAL)", sys2(NR_munmap, 0x10000, 0));
  say("mprotect unmapped (ENOMEM)", sys3(NR_mprotect, 0x10000, 4096, PROT_READ));
  say("mprotect misaligned (EINVAL)", sys3(NR_mprotect, 0x10001, 4096, PROT_READ));

  /* three adjacent private anonymous maps with the same flags merge into one VMA */
  char *a = sys_mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
  unsigned long lo = (unsigned long)a, hi = lo + 3 * 4096;
  sys2(NR_munmap, a + 4096, 4096);
  say("after a hole, VMAs from a", vmas_in(lo, hi));
  char *b = sys_mmap(a + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0);
  say("refilled at the hole", b == a + 4096);
  say("merged again, VMAs from a", vmas_in(lo, hi));
  say("MAP_FIXED_NOREPLACE over it (EEXIST)", (long)sys_mmap(a, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON | MAP_FIXED_NOREPLACE, -1, 0));
  a[0] = 7; a[8191] = 9;
  say("mprotect read-only", sys3(NR_mprotect, a + 4096, 4096, PROT_READ));
  say("split in three, VMAs from a", vmas_in(lo, hi));
  say("still reads", a[8191]);
  say("mprotect back", sys3(NR_mprotect, a + 4096, 4096, PROT_READ | PROT_WRITE));
  say("merged back, VMAs from a", vmas_in(lo, hi));
  say("MADV_DONTNEED", sys3(NR_madvise, a, 3 * 4096, 4));
  say("reads zero after it", a[0] + a[8191]);

  /* mremap: grow (moving), shrink, errors */
  char *m = sys_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
  m[100] = 42;
  char *m2 = (char *)sys5(NR_mremap, m, 4096, 1 << 20, 1 /* MAYMOVE */, 0);
  say("mremap grows, keeps the data", m2[100]);
  m2[(1 << 20) - 1] = 1;
  say("mremap shrinks in place", (char *)sys5(NR_mremap, m2, 1 << 20, 8192, 0, 0) == m2);
  say("mremap bad flags (EINVAL)", sys5(NR_mremap, m2, 8192, 8192, 8, 0));
  say("mremap unmapped (EFAULT)", sys5(NR_mremap, 0x10000, 4096, 8192, 1, 0));

  /* MAP_SHARED anonymous */
  int *s = sys_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
  s[0] = 1234;
  say("MAP_SHARED anonymous", s[0]);

  /* code written through an RWX mapping runs */
  unsigned char *code = sys_mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANON, -1, 0);
  code[0] = 0xb8; code[1] = 41; code[2] = 0; code[3] = 0; code[4] = 0; code[5] = 0xc3; /* mov $41,%eax; ret */
  say("generated code", ((int (*)(void))code)());
  code[1] = 43;
  say("rewritten code", ((int (*)(void))code)());

  /* brk grows and shrinks */
  char *cur = (char *)sys1(NR_brk, 0);
  char *up = (char *)sys1(NR_brk, cur + (1 << 20));
  say("brk grew 1 MiB", up - cur);
  up[-1] = 5;
  say("brk shrank back", (char *)sys1(NR_brk, cur) == cur);

  /* a stack that grows: 4 MiB of frames, past the first 132 KiB */
  say("deep recursion", depth(4000));
  return 0;
}
