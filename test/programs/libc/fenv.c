// The SSE floating-point environment as C sees it: the four rounding modes (fesetround), the
// exception flags (fetestexcept), MXCSR's FTZ and DAZ, and unmasked exceptions (feenableexcept):
// #XM arrives as SIGFPE with the si_code of the exception and the MXCSR in the signal frame.
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <xmmintrin.h>

static volatile double zero = 0.0, one = 1.0, big = 1e308, tiny = 1e-308; // volatile: not folded
static sigjmp_buf back;

static void onFpe(int sig, siginfo_t *si, void *ucv) {
  const ucontext_t *uc = ucv;
  unsigned mxcsr = 0;
#ifdef __x86_64__
  mxcsr = uc->uc_mcontext.fpregs->mxcsr;
#else
  (void)uc;
#endif
  printf("SIGFPE %d si_code %d mxcsr %#x\n", sig, si->si_code, mxcsr);
  siglongjmp(back, 1); // returning would run the faulting instruction again
}

int main(void) {
  const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    double r = one / 3.0, s = sqrt(2.0 * one);
    float f = (float)(one / 7.0);
    printf("mode %d: %.17g %.17g %.9g %ld %ld %.17g %lld\n", m, r, s, f, lrint(2.5 * one), lrint(-2.5 * one), nearbyint(-1.5 * one), llrint(big / 1e290));
  }
  fesetround(FE_TONEAREST);
  feclearexcept(FE_ALL_EXCEPT);
  volatile double r = one / zero;
  printf("divbyzero %d ", fetestexcept(FE_DIVBYZERO) != 0);
  r = big * big;
  printf("overflow %d ", fetestexcept(FE_OVERFLOW) != 0);
  r = tiny * tiny;
  printf("underflow %d ", fetestexcept(FE_UNDERFLOW) != 0);
  r = zero / zero;
  printf("invalid %d inexact %d mxcsr %#x\n", fetestexcept(FE_INVALID) != 0, fetestexcept(FE_INEXACT) != 0, _mm_getcsr());
  _mm_setcsr(_mm_getcsr() | 0x8040); // FTZ | DAZ
  r = tiny * 1e-10;
  printf("ftz %g daz %g\n", r, tiny * 1e-10 + 0.0 * one);
  _mm_setcsr(0x1f80);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = onFpe;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &sa, 0);
  const int unmask[] = {FE_DIVBYZERO, FE_INVALID, FE_OVERFLOW, FE_UNDERFLOW, FE_INEXACT};
  for (int i = 0; i < 5; i++) {
    if (sigsetjmp(back, 1) == 0) {
      feclearexcept(FE_ALL_EXCEPT);
      feenableexcept(unmask[i]);
      r = i == 0 ? one / zero : i == 1 ? zero / zero : i == 2 ? big * big : i == 3 ? tiny * tiny : one / 3.0;
      printf("no signal for %d: %g\n", i, r);
    }
    fedisableexcept(FE_ALL_EXCEPT);
  }
  return 0;
}
