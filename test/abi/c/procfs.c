/* The process image from inside: the auxv on the stack against /proc/self/auxv, its order,
   /proc/self/{cmdline,exe,status,stat,maps}, /dev/{null,zero,urandom}, and the vsyscall page. */
#define NOLIBC_OWN_START /* _start hands main2 the initial stack pointer */
#include "nolibc.h"
#ifdef __x86_64__
#define NR_readlink 89
#else
#define NR_readlink 85
#endif

static long slurp(const char *path, char *buf, long max) {
  long fd = sys2(NR_open, path, 0), n = 0, r;
  if (fd < 0) return fd;
  while (n < max && (r = sys3(NR_read, fd, buf + n, max - n)) > 0) n += r;
  sys1(NR_close, fd);
  return n;
}
static int same(const char *a, const char *b, long n) { for (long i = 0; i < n; i++) if (a[i] != b[i]) return 0; return 1; }
static int contains(const char *hay, long n, const char *needle) {
  long k = slen(needle);
  for (long i = 0; i + k <= n; i++) if (same(hay + i, needle, k)) return 1;
  return 0;
}
static const char *yes(int c) { return c ? "yes\n" : "no\n"; }

int main2(long *sp) {
  long argc = sp[0];
  char **argv = (char **)(sp + 1);
  char **envp = argv + argc + 1;
  char **e = envp;
  while (*e) e++;
  unsigned long *auxv = (unsigned long *)(e + 1);
  long n = 0;
  while (auxv[2 * n]) n++;
  n++; /* AT_NULL */
  static char buf[65536];
  long got = slurp("/proc/self/auxv", buf, sizeof buf);
  puts_("auxv file equals the stack's: "); puts_(yes(got == n * 2 * (long)sizeof(long) && same(buf, (char *)auxv, got)));
  puts_("auxv types:");
  for (long i = 0; i < n; i++) { puts_(" "); putnum(auxv[2 * i]); }
  puts_("\n");
  for (long i = 0; i < n; i++) {
    if (auxv[2 * i] == 6) say("AT_PAGESZ", auxv[2 * i + 1]);
    if (auxv[2 * i] == 17) say("AT_CLKTCK", auxv[2 * i + 1]);
    if (auxv[2 * i] == 25) { puts_("AT_RANDOM is on the stack: "); puts_(yes(auxv[2 * i + 1] > (unsigned long)sp)); }
    if (auxv[2 * i] == 31) { puts_("AT_EXECFN is argv[0]: "); puts_(yes(same((char *)auxv[2 * i + 1], argv[0], slen(argv[0]) + 1))); }
    if (auxv[2 * i] == 15) { puts_("AT_PLATFORM: "); puts_((char *)auxv[2 * i + 1]); puts_("\n"); }
  }
  /* the strings: argv then envp then the execfn, ascending, as binfmt_elf copies them */
  puts_("argv[0] below envp[0]: "); puts_(yes(!envp[0] || argv[0] < envp[0]));

  got = slurp("/proc/self/cmdline", buf, sizeof buf);
  long want = 0;
  for (long i = 0; i < argc; i++) want += slen(argv[i]) + 1;
  puts_("cmdline is argv: "); puts_(yes(got == want && same(buf, argv[0], want)));
  long l = sys3(NR_readlink, "/proc/self/exe", buf, sizeof buf);
  puts_("exe link is argv[0]: "); puts_(yes(l == (long)slen(argv[0]) && same(buf, argv[0], l)));
  got = slurp("/proc/self/status", buf, sizeof buf);
  puts_("status has Name, Pid and VmRSS: "); puts_(yes(contains(buf, got, "\nPid:\t") && contains(buf, got, "Name:\t") && contains(buf, got, "\nVmRSS:")));
  got = slurp("/proc/self/stat", buf, sizeof buf);
  long pid = sys1(NR_getpid, 0), v = 0;
  for (long i = 0; buf[i] >= '0' && buf[i] <= '9'; i++) v = v * 10 + buf[i] - '0';
  puts_("stat starts with the pid: "); puts_(yes(v == pid));

  say("read /dev/null", slurp("/dev/null", buf, 100));
  long fd = sys2(NR_open, "/dev/null", 1);
  say("write /dev/null", sys3(NR_write, fd, "abc", 3));
  sys1(NR_close, fd);
  buf[0] = 1; buf[99] = 1;
  got = slurp("/dev/zero", buf, 100);
  puts_("/dev/zero reads zeros: "); puts_(yes(got == 100 && buf[0] == 0 && buf[99] == 0));
  fd = sys2(NR_open, "/dev/urandom", 0);
  say("read /dev/urandom", sys3(NR_read, fd, buf, 16));
  sys1(NR_close, fd);
  say("open a missing /proc file (ENOENT)", sys2(NR_open, "/proc/self/no-such-file", 0));
#ifdef __x86_64__
  got = slurp("/proc/self/maps", buf, sizeof buf);
  puts_("maps lists [vsyscall] --xp: "); puts_(yes(contains(buf, got, "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0") && contains(buf, got, "[vsyscall]")));
  long t = ((long (*)(long *))0xffffffffff600400)(0);
  long t2 = sys1(201, 0);
  puts_("vsyscall time agrees with time(): "); puts_(yes(t2 - t <= 1 && t2 >= t));
#endif
  return 0;
}
#ifdef __x86_64__
__asm__(".globl _start\n_start:\n\tmov %rsp,%rdi\n\tand $-16,%rsp\n\tcall main2\n\tmov %eax,%edi\n\tmov $60,%eax\n\tsyscall\n");
#else
__asm__(".globl _start\n_start:\n\tmov %esp,%eax\n\tand $-16,%esp\n\tsub $12,%esp\n\tpush %eax\n\tcall main2\n\tmov %eax,%ebx\n\tmov $1,%eax\n\tint $0x80\n");
#endif
