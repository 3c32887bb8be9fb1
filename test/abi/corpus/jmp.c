/* setjmp/longjmp across frames. */
#include <setjmp.h>
#include <stdio.h>
static jmp_buf env;
static int calls;
static void down(int n) { calls++; if (n == 0) longjmp(env, 42); down(n - 1); }
int main(void) {
  int r = setjmp(env);
  if (r == 0) { down(100); printf("not reached\n"); }
  printf("longjmp returned %d after %d calls\n", r, calls);
  return 0;
}
