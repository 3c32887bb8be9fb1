// glibc's ifunc'd string functions (SSE2/SSSE3/SSE4.2 variants, as CPUID steers them) and musl's:
// many lengths and alignments, so the vector loops, their heads and tails all run.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char big[40000], dst[40000];
static int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
  unsigned h = 0;
  for (int i = 0; i < (int)sizeof big - 1; i++) big[i] = (char)('a' + (i * 7 % 26));
  printf("strlen %zu\n", strlen(big));
  for (int off = 0; off < 64; off++)
    h = h * 31 + strlen(big + off) + (unsigned)(strchr(big + off, 'z') - big) + (unsigned)(strrchr(big + off, 'q') - big);
  printf("strlen/strchr/strrchr %u\n", h);
  for (int off = 0; off < 33; off++) {
    memcpy(dst + off, big + 3, 5000 + off);
    memmove(dst + off + 7, dst + off, 3000);
    memmove(dst + off, dst + off + 5, 2000 + off);
    h = h * 31 + dst[off + 4000] + dst[off + 1000] + sign(memcmp(dst + off, big + 3, 7 + off)) + sign(memcmp(dst, big, 40 + off));
  }
  printf("memcpy/memmove/memcmp %u\n", h);
  memset(dst, 'x', 33333);
  dst[33333] = 0;
  printf("memset %zu %d %d\n", strlen(dst), sign(strcmp(dst, big)), sign(strcmp(big + 26, big)));
  char *p = strstr(big, "kryfmt");
  printf("strstr %ld %d\n", p ? p - big : -1L, strstr(big, "zz") == NULL);
  printf("strncmp %d strcspn %zu strspn %zu strpbrk %ld\n", sign(strncmp(big, big + 26, 100)), strcspn(big, "z"), strspn(big, "ahov"), strpbrk(big, "xyz") - big);
  char *d = strdup(big + 30000);
  printf("strdup %zu %c\n", strlen(d), d[1234]);
  free(d);
  printf("memchr %ld %ld\n", (char *)memchr(big, 'b', 1000) - big, (char *)memchr(big + 1, 'a', 40) - big);
  char c[200];
  strcpy(c, "hello");
  strcat(c, ", world");
  strncat(c, "abcdef", 3);
  c[15] = 0;
  printf("%s %zu %d\n", c, strnlen(c, 100), sign(strcasecmp("Hello", "hELLO")));
  return 0;
}
