/* read stdin, write it back upper-cased, count the bytes. */
#include <stdio.h>
#include <unistd.h>
int main(void) {
  char buf[256];
  long n, total = 0;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (long i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
    write(1, buf, n);
    total += n;
  }
  printf("%ld bytes\n", total);
  return 0;
}
