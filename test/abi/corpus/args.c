/* argv and envp as execve placed them. */
#include <stdio.h>
#include <stdlib.h>
extern char **environ;
int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  int n = 0;
  for (char **e = environ; *e; e++) n++;
  printf("environment: %d variables, HOME=%s, LANG=%s\n", n, getenv("HOME"), getenv("LANG"));
  return argc;
}
