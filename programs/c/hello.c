/* Hello, World! through printf: the seed's first example (libc buffers it and makes one write). */
#include <stdio.h>

int main(void)
{
	printf("Hello, World!\n");
	return 0;
}
