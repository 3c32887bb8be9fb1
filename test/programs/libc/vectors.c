// Loops gcc -O3 vectorises (packed float/double/integer arithmetic, min/max, conversions,
// saturating byte code, rounding, complex products, reductions).
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#define N 515
static float a[N], b[N], c[N];
static double d[N], e[N];
static int32_t ia[N], ib[N];
static int64_t la[N];
static uint64_t ua[N];
static int8_t s8[N];
static uint8_t u8[N];
static uint16_t u16[N];
static float complex z[N];

int main(void) {
  for (int i = 0; i < N; i++) {
    a[i] = (float)(i - 250) * 0.37f; b[i] = (float)(N - i) * 0.25f + 0.1f; d[i] = (i - 300) / 7.0;
    ia[i] = i * 77777 - 3000000; ib[i] = (int32_t)((i * 2654435761u) >> 3); s8[i] = (int8_t)(i * 11);
    u8[i] = (uint8_t)(i * 13); u16[i] = (uint16_t)(i * 999); z[i] = a[i] + b[i] * I;
  }
  double fl = 0, ce = 0, tr = 0, ro = 0, ri = 0;
  for (int i = 0; i < N; i++) { fl += floor(d[i]); ce += ceil(d[i]); tr += trunc(d[i]); ro += round(d[i]); ri += rint(d[i] * 1.5); }
  float ff = 0;
  for (int i = 0; i < N; i++) ff += floorf(a[i]) + nearbyintf(b[i]);
  for (int i = 0; i < N; i++) { ia[i] = (int32_t)((uint32_t)ia[i] * (uint32_t)ib[i]); ib[i] = ia[i] < ib[i] ? ia[i] : ib[i]; }
  for (int i = 0; i < N; i++) { la[i] = (int64_t)d[i] * ia[i]; ua[i] = (uint64_t)(fabs(d[i]) * 1e17); e[i] = (double)ua[i] + (double)la[i]; }
  for (int i = 0; i < N; i++) { s8[i] = (int8_t)(s8[i] > 0 ? s8[i] : -s8[i]); u16[i] = u16[i] > 30000 ? u16[i] : 30000; u8[i] = u8[i] > 100 ? u8[i] - 100 : 0; }
  float complex zs = 0;
  for (int i = 0; i < N; i++) zs += z[i] * z[(i * 7) % N];
  float mx = -1e30f;
  double dmn = 1e300;
  for (int i = 0; i < N; i++) { mx = fmaxf(mx, a[i] * b[i]); dmn = fmin(dmn, d[i] * e[i]); }
  long s = 0;
  uint64_t h = 0;
  for (int i = 0; i < N; i++) { s += ia[i] + ib[i] + s8[i] + u16[i] + u8[i]; h = h * 31 + ua[i] + (uint64_t)la[i]; }
  for (int i = 0; i < N; i++) c[i] = sqrtf(a[i] * a[i] + b[i]) / (b[i] + 1.0f);
  float cs = 0;
  for (int i = 0; i < N; i++) cs += c[i];
  for (int i = 0; i < N; i++) ia[i] = (int)c[i] * 1000 + (int)(a[i] * 3.0f);
  for (int i = 0; i < N; i++) a[i] = (float)ia[i] / 3.0f;
  double hy = 0;
  for (int i = 0; i < N; i++) hy += hypot(d[i], e[i] * 1e-18) + (double)a[i];
  printf("%g %g %g %g %g %.9g\n%ld %llu\n%.9g %.9g %.9g %.17g\n%.9g %.17g\n", fl, ce, tr, ro, ri, ff, s,
         (unsigned long long)h, crealf(zs), cimagf(zs), mx, dmn, cs, hy);
  return 0;
}
