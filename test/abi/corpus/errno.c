/* errno paths: a missing file, a bad pointer, a bad fd. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
  int fd = open("/nonexistent/trapdoor-file", O_RDONLY);
  printf("open missing: %d %s\n", fd, strerror(errno));
  long r = write(1, (void *)16, 4);
  printf("write from a bad pointer: %ld %s\n", r, strerror(errno));
  r = read(99, (void *)16, 1);
  printf("read a bad fd: %ld %s\n", r, strerror(errno));
  return 0;
}
