/* a recursion 50,000 calls deep: the stack grows far past its first pages. */
#include <stdio.h>
static int deep(int n, volatile char *prev) {
  volatile char frame[64];
  frame[0] = (char)n;
  if (n == 0) return prev ? 1 : 0;
  return deep(n - 1, frame) + (frame[0] == (char)n ? 0 : 1);
}
int main(void) {
  printf("depth reached: %d\n", deep(50000, 0));
  return 0;
}
