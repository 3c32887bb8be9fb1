/* malloc-heavy code: small blocks (brk), big ones (mmap), realloc growing one, frees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  enum { N = 2000 };
  char *p[N];
  unsigned long sum = 0;
  for (int i = 0; i < N; i++) { p[i] = malloc(16 + i % 300); memset(p[i], i & 0xff, 16 + i % 300); }
  for (int i = 0; i < N; i += 2) free(p[i]);
  for (int i = 1; i < N; i += 2) sum += (unsigned char)p[i][i % 16];
  char *big[8];
  for (int i = 0; i < 8; i++) { big[i] = malloc((size_t)(1 << 20) + 1 + i); big[i][0] = (char)i; big[i][1 << 20] = (char)(i + 1); }
  for (int i = 0; i < 8; i++) { sum += big[i][0] + big[i][1 << 20]; free(big[i]); }
  char *r = 0;
  for (int n = 1; n <= 1 << 18; n *= 2) { r = realloc(r, n); r[n - 1] = 1; }
  sum += r[(1 << 18) - 1];
  free(r);
  for (int i = 1; i < N; i += 2) free(p[i]);
  printf("checksum %lu\n", sum);
  return 0;
}
