// The FPU state across a signal handler, as Linux saves it in the signal frame: the handler starts
// with a fresh FPU, scribbles on x87 and XMM registers, and edits the saved state in the frame (FCW,
// ST0, XMM1); after sigreturn the interrupted code sees the frame's state, the edits included. The
// frame's XSAVE metadata (FP_XSTATE_MAGIC1/2, sizes, XSTATE_BV, UC_FP_XSTATE) is checked in ways
// that do not depend on how many state components the CPU has.
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static unsigned char in[128] __attribute__((aligned(16))), out[128] __attribute__((aligned(16)));
static unsigned short cwIn = 0x027f, cwOut, cwSeen;
static long double stOut;
static double seven = 7.0;
static unsigned seenMxcsr, seenXmm0;

static void onUsr1(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  (void)si;
  __asm__ volatile("fnstcw %0" : "=m"(cwSeen));
  unsigned m;
  __asm__ volatile("stmxcsr %0; movd %%xmm0, %1" : "=m"(m), "=r"(seenXmm0));
  seenMxcsr = m;
  // clobber everything the interrupted code holds
  __asm__ volatile("fninit; fldpi; fldpi; pcmpeqb %%xmm0,%%xmm0; pcmpeqb %%xmm1,%%xmm1; pcmpeqb %%xmm7,%%xmm7" ::: "xmm0", "xmm1", "xmm7");
  unsigned char *fx;
#ifdef __x86_64__
  struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
  fx = (unsigned char *)fp;
  fp->cwd = 0x0c7f;                  // round toward zero, 64-bit precision
  fp->_xmm[1].element[0] = 0x11223344;
  fp->_st[0].exponent = 0x4001;      // ST0 * 4
  printf("frame: uc_flags&UC_FP_XSTATE %lu sig %d\n", uc->uc_flags & 1, sig);
#else
  struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
  fx = (unsigned char *)fp + 112;    // the FXSAVE/XSAVE image follows the fsave header
  fp->cw = 0xffff0c7f;               // the fsave header's x87 part is what sigreturn loads
  memcpy(fx + 160 + 16, "\x44\x33\x22\x11", 4);
  fp->_st[0].exponent = 0x4001;
  printf("frame: uc_flags&UC_FP_XSTATE %lu sig %d magic 0x%x\n", uc->uc_flags & 1, sig, fp->status >> 16);
#endif
  uint32_t magic1, ext, xsize, magic2;
  uint64_t xfeat;
  memcpy(&magic1, fx + 464, 4); memcpy(&ext, fx + 468, 4); memcpy(&xfeat, fx + 472, 8); memcpy(&xsize, fx + 480, 4);
  memcpy(&magic2, fx + xsize, 4);
  unsigned bv = fx[512];
#ifdef __x86_64__
  int hdr = 0;
#else
  int hdr = 112;
#endif
  printf("frame: magic1 %d extended_size ok %d xfeatures&3 %d magic2 %d xstate_bv&3 %d\n", magic1 == 0x46505853, ext == xsize + 4 + hdr,
         (int)(xfeat & 3), magic2 == 0x46505845, bv & 3);
}

int main(void) {
  for (int i = 0; i < 128; i++) in[i] = (unsigned char)(i * 5 + 3);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = onUsr1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, 0);
  long pid = getpid();
#ifdef __x86_64__
  long nr = SYS_kill, ret;
  __asm__ volatile(
      "fninit; fldcw %[cw]; fldl %[seven]; fldpi; fdiv %%st(1),%%st;"
      "movdqu 0(%[in]),%%xmm0; movdqu 16(%[in]),%%xmm1; movdqu 32(%[in]),%%xmm2; movdqu 112(%[in]),%%xmm7;"
      "syscall;"
      "movdqu %%xmm0,0(%[out]); movdqu %%xmm1,16(%[out]); movdqu %%xmm2,32(%[out]); movdqu %%xmm7,112(%[out]);"
      "fnstcw %[cwo]; fstpt %[st]; fstp %%st(0)"
      : "=a"(ret), [cwo] "=m"(cwOut), [st] "=m"(stOut)
      : "a"(nr), "D"(pid), "S"((long)SIGUSR1), [cw] "m"(cwIn), [seven] "m"(seven), [in] "r"(in), [out] "r"(out)
      : "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm7");
#else
  long ret;
  __asm__ volatile(
      "fninit; fldcw %[cw]; fldl %[seven]; fldpi; fdiv %%st(1),%%st;"
      "movdqu 0(%[in]),%%xmm0; movdqu 16(%[in]),%%xmm1; movdqu 32(%[in]),%%xmm2; movdqu 112(%[in]),%%xmm7;"
      "int $0x80;"
      "movdqu %%xmm0,0(%[out]); movdqu %%xmm1,16(%[out]); movdqu %%xmm2,32(%[out]); movdqu %%xmm7,112(%[out]);"
      "fnstcw %[cwo]; fstpt %[st]; fstp %%st(0)"
      : "=a"(ret), [cwo] "=m"(cwOut), [st] "=m"(stOut)
      : "a"(SYS_kill), "b"(pid), "c"((long)SIGUSR1), [cw] "m"(cwIn), [seven] "m"(seven), [in] "S"(in), [out] "D"(out)
      : "memory", "xmm0", "xmm1", "xmm2", "xmm7");
#endif
  printf("kill %ld; the handler saw fcw %#x mxcsr %#x xmm0 %#x\n", ret, cwSeen, seenMxcsr, seenXmm0);
  printf("after: fcw %#x st0 %.21Lg\n", cwOut, stOut);
  for (int r = 0; r < 8; r++) {
    if (r > 2 && r < 7) continue;
    printf("xmm%d", r);
    for (int j = 0; j < 16; j++) printf(" %02x", out[r * 16 + j]);
    printf("\n");
  }
  return 0;
}
