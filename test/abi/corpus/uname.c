/* uname through libc. */
#include <stdio.h>
#include <sys/utsname.h>
int main(void) {
  struct utsname u;
  if (uname(&u) != 0) return 1;
  printf("sysname: %s\n", u.sysname);
  return 0;
}
