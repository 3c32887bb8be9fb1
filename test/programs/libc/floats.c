// printf/strtod of doubles, libm (sqrt, sin, exp, log, pow...), qsort of doubles, float <-> integer
// conversions: what a compiler and libc emit for ordinary floating-point C (SSE2 scalar code on x86-64).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int byValue(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  printf("%f %.17g %e %g %a\n", 3.14159, 1.0 / 3, 6.02214076e23, -0.0, 0.1);
  volatile double v = 2.0; // volatile: computed at run time, not folded by the compiler
  printf("sqrt %.17g sin %.17g exp %.17g log %.17g pow %.17g\n", sqrt(v), sin(v), exp(v), log(v), pow(v, 0.5));
  printf("atan2 %.17g cos %.17g tan %.17g floor %g ceil %g round %g\n", atan2(v, 3.0), cos(v), tan(v), floor(-v / 3), ceil(v / 3), round(2.5));
  float f = (float)v * 1.7f;
  printf("float %f sqrtf %.9g sinf %.9g expf %.9g logf %.9g\n", f, sqrtf(f), sinf(f), expf(f), logf(f));
  double a[40];
  unsigned s = 12345;
  for (int i = 0; i < 40; i++) { s = s * 1103515245 + 12345; a[i] = (double)(s >> 8) / 1000.0 - 5000; }
  qsort(a, 40, sizeof a[0], byValue);
  for (int i = 0; i < 40; i += 8) printf("%.3f ", a[i]);
  printf("\n");
  long long ll = (long long)(a[39] * 1000);
  int ii = (int)a[0];
  unsigned long long ul = (unsigned long long)(v * 5e18);
  unsigned ui = (unsigned)(v * 2e9);
  printf("conv %lld %d %llu %u %f %f %.9g\n", ll, ii, ul, ui, (double)ll, (double)ul, (float)ul);
  printf("strtod %.17g atof %.17g strtof %.9g\n", strtod("1.2345678901234567e-300", 0), atof("0.1"), strtof("3.4028234e38", 0));
  char buf[64];
  snprintf(buf, sizeof buf, "%.30f", 0.1);
  puts(buf);
  return 0;
}
