/* The smallest libc the ABI tests need: raw syscalls for x86_64 (syscall) and i386 (int $0x80),
   _start, and printing. Built with -nostdlib -mgeneral-regs-only, so it needs no SSE/x87. */
#ifndef NOLIBC_H
#define NOLIBC_H
typedef unsigned long size_t;
typedef long ssize_t;

#ifdef __x86_64__
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
  return r;
}
#define NR_read 0
#define NR_write 1
#define NR_open 2
#define NR_close 3
#define NR_pipe 22
#define NR_mmap 9
#define NR_mprotect 10
#define NR_munmap 11
#define NR_brk 12
#define NR_rt_sigaction 13
#define NR_rt_sigprocmask 14
#define NR_mremap 25
#define NR_madvise 28
#define NR_getpid 39
#define NR_kill 62
#define NR_exit 60
#define NR_rt_sigreturn 15
#define NR_sigaltstack 131
#define NR_tgkill 234
#define MMAP_NR NR_mmap
#define MMAP_OFF(o) (o)
#else
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  /* ebp holds the 6th argument: save it around the call (it may be the frame pointer) */
  __asm__ volatile("push %%ebp\n\tmov %7, %%ebp\n\tint $0x80\n\tpop %%ebp"
                   : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "g"(f) : "memory");
  return r;
}
#define NR_read 3
#define NR_write 4
#define NR_open 5
#define NR_close 6
#define NR_pipe 42
#define NR_mmap 192 /* mmap2: the offset in pages */
#define NR_mprotect 125
#define NR_munmap 91
#define NR_brk 45
#define NR_rt_sigaction 174
#define NR_rt_sigprocmask 175
#define NR_mremap 163
#define NR_madvise 219
#define NR_getpid 20
#define NR_kill 37
#define NR_exit 1
#define NR_rt_sigreturn 173
#define NR_sigaltstack 186
#define NR_tgkill 270
#define MMAP_NR NR_mmap
#define MMAP_OFF(o) ((o) >> 12)
#endif
#define sys1(n, a) sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b) sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys5(n, a, b, c, d, e) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

static void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off) {
  return (void *)sys6(MMAP_NR, (long)addr, (long)len, prot, flags, fd, MMAP_OFF(off));
}

static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { sys3(NR_write, 1, s, slen(s)); }
static void putnum(long v) {
  char b[24]; int i = 23; int neg = v < 0; unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
  b[i] = 0;
  do { b[--i] = '0' + u % 10; u /= 10; } while (u);
  if (neg) b[--i] = '-';
  puts_(b + i);
}
/* "label = value\n" */
static void say(const char *label, long v) { puts_(label); puts_(" = "); putnum(v); puts_("\n"); }
static void exit_(int s) { for (;;) sys1(NR_exit, s); }

#ifndef NOLIBC_OWN_START
int main(void);
#ifdef __x86_64__
__asm__(".globl _start\n_start:\n\txor %rbp,%rbp\n\tand $-16,%rsp\n\tcall main\n\tmov %eax,%edi\n\tmov $60,%eax\n\tsyscall\n");
#else
__asm__(".globl _start\n_start:\n\txor %ebp,%ebp\n\tand $-16,%esp\n\tcall main\n\tmov %eax,%ebx\n\tmov $1,%eax\n\tint $0x80\n");
#endif
#endif
#endif
