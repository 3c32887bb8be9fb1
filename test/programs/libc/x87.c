// x87 as C uses it: long double arithmetic and libm (sinl, expl, fmodl, remainderl ...), printf and
// strtold of long doubles, the x87 rounding modes (fesetround), integer conversions (fistp; fisttp
// with -msse3), and unmasked x87 exceptions (feenableexcept): #MF arrives as SIGFPE with the
// si_code Linux's math_error picks and the x87 state of the signal frame. With -m32, double and
// float arithmetic is x87 code too.
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

static volatile long double zero = 0.0L, one = 1.0L, huge = 1e4000L, tiny = 1e-4000L; // volatile: not folded
static volatile double dtiny = 4.9406564584124654e-324;
static sigjmp_buf back;

static void onFpe(int sig, siginfo_t *si, void *ucv) {
  const ucontext_t *uc = ucv;
#ifdef __x86_64__
  const struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
  printf("SIGFPE %d si_code %d si_addr %p trapno %d cwd %#x swd %#x ftw %#x fop %#x fip %#llx\n", sig, si->si_code, si->si_addr,
         (int)uc->uc_mcontext.gregs[REG_TRAPNO], fp->cwd, fp->swd, fp->ftw, fp->fop, (unsigned long long)fp->rip);
#else
  const struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
  printf("SIGFPE %d si_code %d si_addr %p trapno %d cw %#lx sw %#lx tag %#lx status %#x cssel %#lx datasel %#lx fip %#lx\n", sig, si->si_code, si->si_addr,
         (int)uc->uc_mcontext.gregs[REG_TRAPNO], fp->cw & 0xffff, fp->sw & 0xffff, fp->tag & 0xffff, fp->status, fp->cssel, fp->datasel, fp->ipoff);
#endif
  siglongjmp(back, 1); // returning would run the faulting instruction again; the handler's FPU state is fresh
}

static void trap(const char *what, int excepts, long double (*f)(void)) {
  if (sigsetjmp(back, 1) == 0) {
    feclearexcept(FE_ALL_EXCEPT);
    feenableexcept(excepts);
    volatile long double r = f();
    printf("%s: no signal (%Lg)\n", what, r);
    fedisableexcept(FE_ALL_EXCEPT);
  } else {
    printf("%s: after the handler fcw %#x\n", what, (unsigned)({ unsigned short cw; __asm__ volatile("fnstcw %0" : "=m"(cw)); cw; }));
  }
}

static long double divide(void) { return one / zero; }
static long double invalid(void) { return sqrtl(-one); }
static long double overflow(void) { return huge * huge; }
static long double underflow(void) { return tiny * tiny; }
static long double inexact(void) { return one / 3; }
static long double denormal(void) {
  unsigned short cw = 0x037d; // DM unmasked: feenableexcept has no flag for it
  __asm__ volatile("fldcw %0" ::"m"(cw));
  return (long double)dtiny * 2;
}

int main(void) {
  long double third = one / 3, e = expl(one);
  printf("%.21Lg %.21Lg %La %Lf %Le\n", third, e, third, e * 1e10L, third / 1e300L);
  printf("strtold %.21Lg %.21Lg\n", strtold("0.1", 0), strtold("1.18973149535723176502e+4932", 0));
  volatile long double x = 0.75L;
  printf("sinl %.21Lg cosl %.21Lg tanl %.21Lg atan2l %.21Lg\n", sinl(x), cosl(x), tanl(x), atan2l(x, 2));
  printf("expl %.21Lg logl %.21Lg log2l %.21Lg log10l %.21Lg powl %.21Lg\n", expl(x), logl(x), log2l(x), log10l(x), powl(x, 3.5L));
  printf("sqrtl %.21Lg fmodl %.21Lg remainderl %.21Lg cbrtl %.21Lg hypotl %.21Lg\n", sqrtl(x), fmodl(100, x * 3.1L), remainderl(100, x * 3.1L), cbrtl(x), hypotl(x, 3));
  int ex;
  long double m = frexpl(x * 1e30L, &ex);
  printf("frexpl %.21Lg %d ldexpl %.21Lg scalbnl %.21Lg logbl %Lg\n", m, ex, ldexpl(x, -20), scalbnl(x, 100), logbl(x * 1e30L));
  printf("double: sin %.17g exp %.17g log %.17g pow %.17g atan %.17g %f\n", sin((double)x), exp((double)x * 7), log((double)x), pow((double)x, 0.3), atan((double)x), (double)x * 1e6);
  printf("float: %f %.9g %.9g\n", (float)x * 3.3f, sinf((float)x), expf((float)x));
  const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  for (int i = 0; i < 4; i++) {
    fesetround(modes[i]);
    long double r = one / 3;
    printf("mode %d: %.21Lg %.21Lg %ld %ld %.21Lg %lld %d %d\n", i, r, sqrtl(one * 2), lrintl(2.5L * one), lrintl(-2.5L * one), nearbyintl(-1.5L * one), llrintl(1e18L * x), (int)(r * 1e9L), (int)(-r * 7));
  }
  fesetround(FE_TONEAREST);
  long long ll = (long long)(x * -1e17L);
  unsigned long long ull = (unsigned long long)(x * 2e19L);
  short s = (short)(x * 40000); // out of range: the integer indefinite through fistp m16
  printf("conv %lld %llu %d %Lg %Lg\n", ll, ull, s, (long double)ll, (long double)ull);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = onFpe;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &sa, 0);
  trap("divide", FE_DIVBYZERO, divide);
  trap("invalid", FE_INVALID, invalid);
  trap("overflow", FE_OVERFLOW, overflow);
  trap("underflow", FE_UNDERFLOW, underflow);
  trap("inexact", FE_INEXACT, inexact);
  trap("denormal", 0, denormal);
  feclearexcept(FE_ALL_EXCEPT);
  volatile long double r = one / zero;
  printf("masked divide %Lg flags %#x\n", r, fetestexcept(FE_ALL_EXCEPT));
  return 0;
}
