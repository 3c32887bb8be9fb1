/* Handles a signal: SIGSEGV from a null write is delivered to a handler, which longjmps out. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf back;
static volatile sig_atomic_t caught;

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	caught = sig;
	/* si_addr is the faulting address: the null page. */
	if (info->si_addr == 0)
		siglongjmp(back, 1);
	siglongjmp(back, 2);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	int how = sigsetjmp(back, 1);
	if (how == 0) {
		*(volatile int *)0 = 1;	/* the CPU raises #PF, the kernel builds an rt_sigframe */
		printf("not reached\n");
		return 1;
	}
	printf("caught signal %d (SIGSEGV), si_addr %s\n", (int)caught, how == 1 ? "NULL" : "wrong");
	return 0;
}
