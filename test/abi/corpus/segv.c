/* a SIGSEGV handler that siglongjmps out of the fault. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
static sigjmp_buf env;
static void handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  printf("caught signal %d, code %d, address %p\n", sig, si->si_code, si->si_addr);
  siglongjmp(env, 1);
}
int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, 0);
  for (int round = 0; round < 3; round++) {
    if (sigsetjmp(env, 1) == 0) {
      *(volatile int *)(16 + round * 4096) = 1;
      printf("not reached\n");
    } else {
      printf("recovered from round %d\n", round);
    }
  }
  return 0;
}
