/* Signals as arch/x86/kernel/signal.c delivers them: faults to SA_SIGINFO handlers with si_code,
   si_addr, trapno and the error code in the ucontext, the handler skipping the faulting
   instruction through uc_mcontext's ip, masks while a handler runs, pending and blocked signals,
   SIG_IGN, SA_RESETHAND, the alternate stack, and a default action that kills. */
#include "nolibc.h"

#define SIGILL 4
#define SIGTRAP 5
#define SIGFPE 8
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGTERM 15
#define SA_SIGINFO 4
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESETHAND 0x80000000u

struct ksigaction { unsigned long handler, flags, restorer; unsigned long long mask; };
#ifdef __x86_64__
#define REG_IP 16
#define REG_ERR 19
#define REG_TRAPNO 20
#define MCONTEXT_OFF 40
#define NR_getpid_ 39
void restorer(void);
__asm__(".globl restorer\nrestorer:\n\tmov $15, %eax\n\tsyscall\n");
#define RESTORER_FLAG SA_RESTORER
#define RESTORER ((unsigned long)restorer)
#else
#define REG_IP 14
#define REG_ERR 13
#define REG_TRAPNO 12
#define MCONTEXT_OFF 20
#define RESTORER_FLAG 0 /* the vDSO's __kernel_rt_sigreturn / __kernel_sigreturn */
#define RESTORER 0
#endif

struct siginfo { int signo, errno_, code; int pad_; unsigned long addr; };
static volatile int skip, hits, usr1, usr2, nested;
static volatile long last_addr, last_trapno, last_err, last_code;
static char altstack[16384];
static volatile int on_alt;

static unsigned long *gregs(void *uc) { return (unsigned long *)((char *)uc + MCONTEXT_OFF); }

static void fault_handler(int sig, struct siginfo *si, void *uc) {
  hits++;
  unsigned long *g = gregs(uc);
  last_code = si->code;
#ifdef __x86_64__
  last_addr = si->addr;
#else
  last_addr = *(unsigned long *)((char *)si + 12); /* the 32-bit siginfo's union starts at 12 */
#endif
  last_trapno = g[REG_TRAPNO];
  last_err = g[REG_ERR];
  g[REG_IP] += skip; /* resume after the faulting instruction */
  (void)sig;
}

static void usr_handler(int sig) {
  if (sig == SIGUSR1) {
    usr1++;
    /* while the handler runs SIGUSR1 is blocked: this one waits until sigreturn */
    if (usr1 == 1) { sys3(NR_tgkill, sys1(NR_getpid, 0), sys1(NR_getpid, 0), SIGUSR1); nested = usr1; }
  } else {
    usr2++;
  }
  char probe;
  on_alt = (unsigned long)&probe >= (unsigned long)altstack && (unsigned long)&probe < (unsigned long)altstack + sizeof altstack;
}

static long sigaction_(int sig, void *handler, unsigned long flags) {
  struct ksigaction a = { (unsigned long)handler, flags | RESTORER_FLAG, RESTORER, 0 };
  return sys4(NR_rt_sigaction, sig, &a, 0, 8);
}

static void raise_(int sig) { long pid = sys1(NR_getpid, 0); sys3(NR_tgkill, pid, pid, sig); }

int main(void) {
  say("rt_sigaction SIGSEGV", sigaction_(SIGSEGV, fault_handler, SA_SIGINFO));
  say("rt_sigaction SIGKILL (EINVAL)", sigaction_(9, fault_handler, SA_SIGINFO));
  say("rt_sigaction bad size (EINVAL)", sys4(NR_rt_sigaction, SIGSEGV, 0, 0, 4));
  sigaction_(SIGILL, fault_handler, SA_SIGINFO);
  sigaction_(SIGFPE, fault_handler, SA_SIGINFO);
  sigaction_(SIGTRAP, fault_handler, SA_SIGINFO);

  /* a store to an unmapped address: movb $1,(reg) is 3 bytes */
  skip = 3;
  __asm__ volatile("movb $1, (%0)" : : "r"((char *)0x10) : "memory");
  say("SIGSEGV handled", hits);
  say("  si_code (SEGV_MAPERR)", last_code);
  say("  si_addr", last_addr);
  say("  trapno", last_trapno);
  say("  error code (user write, not present)", last_err);

  /* a write to a read-only page: SEGV_ACCERR, error code 7 */
  char *ro = sys_mmap(0, 4096, 1, 0x22, -1, 0);
  skip = 3;
  __asm__ volatile("movb $1, (%0)" : : "r"(ro) : "memory");
  say("SIGSEGV on a read-only page, si_code (SEGV_ACCERR)", last_code);
  say("  error code (user write, protection)", last_err);

  skip = 2;
  __asm__ volatile("ud2");
  say("SIGILL trapno", last_trapno);
  say("  si_code (ILL_ILLOPN)", last_code);

  skip = 2;
  __asm__ volatile("xor %%edx, %%edx\n\tmov $1, %%eax\n\txor %%ecx, %%ecx\n\tdiv %%ecx" : : : "eax", "ecx", "edx");
  say("SIGFPE trapno", last_trapno);
  say("  si_code (FPE_INTDIV)", last_code);

  skip = 0;
  __asm__ volatile("int3");
  say("SIGTRAP trapno", last_trapno);
  say("  si_code (SI_KERNEL)", last_code);
  say("faults handled", hits);

  /* SIGUSR1 raised inside its own handler waits for the sigreturn */
  sigaction_(SIGUSR1, usr_handler, 0);
  raise_(SIGUSR1);
  say("SIGUSR1 handled, nested raise delivered after", usr1);
  say("  count inside the first handler", nested);

  /* a blocked signal stays pending until unblocked */
  sigaction_(SIGUSR2, usr_handler, 0);
  unsigned long long set = 1ull << (SIGUSR2 - 1), pending = 0;
  say("block SIGUSR2", sys4(NR_rt_sigprocmask, 0 /* SIG_BLOCK */, &set, 0, 8));
  raise_(SIGUSR2);
  say("  not delivered while blocked", usr2);
  sys2(127 + (NR_getpid == 20 ? 49 : 0) /* rt_sigpending: 127 / i386 176 */, &pending, 8);
  say("  pending", pending == set);
  sys4(NR_rt_sigprocmask, 1 /* SIG_UNBLOCK */, &set, 0, 8);
  say("  delivered once unblocked", usr2);

  /* SIG_IGN drops it */
  struct ksigaction ign = { 1, RESTORER_FLAG, RESTORER, 0 };
  sys4(NR_rt_sigaction, SIGUSR2, &ign, 0, 8);
  raise_(SIGUSR2);
  say("ignored SIGUSR2 not delivered", usr2);

  /* the alternate stack */
  struct { void *sp; int flags; size_t size; } ss = { altstack, 0, sizeof altstack };
  say("sigaltstack", sys2(NR_sigaltstack, &ss, 0));
  sigaction_(SIGUSR2, usr_handler, SA_ONSTACK | SA_RESETHAND);
  raise_(SIGUSR2);
  say("SA_ONSTACK handler ran on the alternate stack", on_alt);

  /* SA_RESETHAND put SIG_DFL back; SIGTERM's default action ends the process */
  struct ksigaction old;
  sys4(NR_rt_sigaction, SIGUSR2, 0, &old, 8);
  say("SA_RESETHAND left SIG_DFL", old.handler == 0);
  raise_(SIGTERM);
  puts_("not reached\n");
  return 0;
}
