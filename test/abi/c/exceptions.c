/* The rarer exceptions as arch/x86/kernel/traps.c turns them into signals: a trap-flag single step
   (#DB, TRAP_TRACE, one trap per instruction), INTO and BOUND (32-bit), an unmasked SSE
   exception (#XM) and x87 exception (#MF) as SIGFPE with the code of the exception, a stack-segment fault (#SS, 64-bit), and (32-bit) a
   selector past the GDT's limit (#GP with the selector as error code) after set_thread_area refuses
   a not-present TLS entry (tls_desc_okay), so #NP cannot be reached from user mode that way. Each handler prints the
   siginfo and sigcontext fields and resumes past the instruction. */
#include "nolibc.h"

#define SIGBUS 7
#define SIGTRAP 5
#define SIGFPE 8
#define SIGSEGV 11
#define SA_SIGINFO 4
#define SA_RESTORER 0x04000000

struct ksigaction { unsigned long handler, flags, restorer; unsigned long long mask; };
#ifdef __x86_64__
enum { REG_IP = 16, REG_EFL = 17, REG_ERR = 19, REG_TRAPNO = 20, REG_FPSTATE = 23, MCONTEXT_OFF = 40 };
void restorer(void);
__asm__(".globl restorer\nrestorer:\n\tmov $15, %eax\n\tsyscall\n");
#define RESTORER_FLAG SA_RESTORER
#define RESTORER ((unsigned long)restorer)
#else
enum { REG_IP = 14, REG_EFL = 16, REG_ERR = 13, REG_TRAPNO = 12, REG_FPSTATE = 19, MCONTEXT_OFF = 20 };
#define RESTORER_FLAG 0
#define RESTORER 0
#endif

struct siginfo { int signo, errno_, code; int pad_; unsigned long addr; };
static volatile int skip, steps, stop_after, clear_fsw;
static volatile long last_sig, last_code, last_trapno, last_err, last_ip;
static volatile unsigned long last_addr;

static void handler(int sig, struct siginfo *si, void *uc) {
  unsigned long *g = (unsigned long *)((char *)uc + MCONTEXT_OFF);
  last_sig = sig;
  last_code = si->code;
#ifdef __x86_64__
  last_addr = si->addr;
#else
  last_addr = *(unsigned long *)((char *)si + 12);
#endif
  last_trapno = g[REG_TRAPNO];
  last_err = g[REG_ERR];
  last_ip = g[REG_IP];
  if (stop_after) {
    /* the saved flags still hold TF: the step goes on after sigreturn until we clear it */
    if (++steps == stop_after) g[REG_EFL] &= ~0x100ul;
    return;
  }
  if (clear_fsw) {
    /* the pending x87 exception is in the saved state: clear it, or the fwait faults again */
    char *fp = (char *)g[REG_FPSTATE];
#ifdef __x86_64__
    *(unsigned short *)(fp + 2) &= ~0x80ff;
#else
    *(unsigned long *)(fp + 4) &= ~0x80fful;
    *(unsigned short *)(fp + 112 + 2) &= ~0x80ff;
#endif
  }
  g[REG_IP] += skip;
}

static long sigaction_(int sig) {
  struct ksigaction a = { (unsigned long)handler, SA_SIGINFO | RESTORER_FLAG, RESTORER, 0 };
  return sys4(NR_rt_sigaction, sig, &a, 0, 8);
}

/* addresses are printed relative to a label of the case, so the output does not depend on the layout */
static void report(const char *what, unsigned long base) {
  puts_(what); puts_(":\n");
  say("  signal", last_sig);
  say("  si_code", last_code);
  say("  si_addr - label", last_addr ? (long)(last_addr - base) : -1);
  say("  trapno", last_trapno);
  say("  err", last_err);
  say("  ip - label", (long)(last_ip - base));
  last_sig = last_code = last_trapno = last_err = last_ip = 0;
  last_addr = 0;
}

extern char step_at[], xm_at[], mf_at[];
#ifdef __x86_64__
extern char ss_at[];
#else
extern char into_at[], bound_at[], np_at[];
#endif

int main(void) {
  sigaction_(SIGTRAP);
  sigaction_(SIGSEGV);
  sigaction_(SIGBUS);
  sigaction_(SIGFPE);

  /* TF set by popf: a trap after each following instruction, not after the popf */
  stop_after = 3;
  __asm__ volatile("pushf\n\torl $0x100, (%%" 
#ifdef __x86_64__
                   "rsp"
#else
                   "esp"
#endif
                   ")\n\tpopf\n"
                   ".globl step_at\nstep_at:\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n" ::: "memory", "cc");
  say("single steps", steps);
  report("single step (the third)", (unsigned long)step_at);
  stop_after = 0;

  skip = 0;

#ifndef __x86_64__
  __asm__ volatile("mov $0x7fffffff, %%eax\n\tadd $1, %%eax\n.globl into_at\ninto_at:\n\tinto\n" ::: "eax", "cc");
  report("into with OF set", (unsigned long)into_at);

  static int bounds[2] = { 0, 10 };
  skip = 2;
  __asm__ volatile("mov $11, %%eax\n.globl bound_at\nbound_at:\n\tbound %%eax, (%0)\n" : : "c"(bounds) : "eax");
  report("bound out of range", (unsigned long)bound_at);
#endif

  /* divss by zero with ZM unmasked (MXCSR 0x1d80); divss %xmm1,%xmm0 is 4 bytes */
  static unsigned int mx_unmasked = 0x1d80, mx_default = 0x1f80, mxcsr_after;
  static float one = 1.0f, zero = 0.0f;
  skip = 4;
  __asm__ volatile("movss %1, %%xmm0\n\tmovss %2, %%xmm1\n\tldmxcsr %0\n"
                   ".globl xm_at\nxm_at:\n\tdivss %%xmm1, %%xmm0\n"
                   : : "m"(mx_unmasked), "m"(one), "m"(zero) : "memory");
  __asm__ volatile("stmxcsr %0\n\tldmxcsr %1" : "=m"(mxcsr_after) : "m"(mx_default));
  report("SSE divide by zero, unmasked", (unsigned long)xm_at);
  say("  MXCSR after (ZE set, instruction skipped)", mxcsr_after);

  /* fdiv by zero with ZM unmasked (FCW 0x37b): the exception is raised at the next fwait */
  static unsigned short cw = 0x37b;
  skip = 1;
  clear_fsw = 1;
  __asm__ volatile("fninit\n\tfldcw %0\n\tfld1\n\tfldz\n\tfdivrp\n.globl mf_at\nmf_at:\n\tfwait\n\tfninit\n" : : "m"(cw));
  clear_fsw = 0;
  report("x87 divide by zero, unmasked (at fwait)", (unsigned long)mf_at);

#ifdef __x86_64__
  /* a non-canonical address through %rsp (SS) is #SS(0); mov (%rsp,%rax),%rcx is 4 bytes */
  skip = 4;
  __asm__ volatile("movabs $0x4000000000000000, %%rax\n.globl ss_at\nss_at:\n\tmov (%%rsp,%%rax), %%rcx\n" ::: "rax", "rcx");
  report("non-canonical stack access", (unsigned long)ss_at);
#else
  /* mov %eax,%fs is 2 bytes */
  struct { unsigned int entry, base, limit, flags; } d = { -1u, 0, 0xfffff, 1 | 1 << 4 | 1 << 5 /* seg_32bit, limit_in_pages, seg_not_present */ };
  say("set_thread_area of a not-present entry (EINVAL)", sys1(243, &d));
  skip = 2;
  __asm__ volatile(".globl np_at\nnp_at:\n\tmov %0, %%fs\n" : : "r"(0xfffb));
  report("selector 0xfffb past the GDT limit", (unsigned long)np_at);
#endif
  return 0;
}
