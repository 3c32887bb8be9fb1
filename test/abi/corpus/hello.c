/* printf of strings, integers and doubles. */
#include <stdio.h>
int main(void) {
  printf("hello, %s!\n", "world");
  printf("%d %u %ld %x %o %c %5.2s|\n", -42, 42u, 1234567890L, 0xbeef, 8, 'z', "abc");
  printf("%.3f %g %e %.0f\n", 3.14159, 0.0001, 12345.678, 2.5);
  return 0;
}
