/* getpid and friends: the values differ natively, the relations do not. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
  pid_t p = getpid();
  printf("getpid > 1: %s\n", p > 1 ? "yes" : "no");
  printf("getpid == syscall(SYS_getpid): %s\n", p == syscall(SYS_getpid) ? "yes" : "no");
  printf("getppid != getpid: %s\n", getppid() != p ? "yes" : "no");
  printf("gettid == getpid: %s\n", syscall(SYS_gettid) == p ? "yes" : "no");
  printf("getuid == geteuid: %s\n", getuid() == geteuid() ? "yes" : "no");
  return 0;
}
