/* What a signal handler finds in the frame the kernel built, through glibc's own declarations of
   ucontext_t, siginfo_t and (i386, no SA_SIGINFO) struct sigcontext: each line is
   `FIELD OFFSET-FROM-FRAME VALUE(hex)`, named as trapdoor's debugger names the frame's members.
   Handlers: SIGUSR1 with SA_SIGINFO (rt_sigframe), and on i386 SIGUSR2 without (sigframe_ia32). */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <ucontext.h>
#include <unistd.h>

static char *frame;
/* the value as the bytes of its member hold it (no sign extension past its size) */
#define BITS(lv) ((unsigned long long)(uintptr_t)(lv) & (~0ULL >> (64 - 8 * sizeof(lv))))
#define P(name, lv) printf("%s %td %llx\n", name, (char *)&(lv) - frame, BITS(lv))
#define PV(name, off, v) printf("%s %td %llx\n", name, (ptrdiff_t)(off), (unsigned long long)(v))

static void siginfo_lines(siginfo_t *si) {
  P("info.si_signo", si->si_signo);
  P("info.si_errno", si->si_errno);
  P("info.si_code", si->si_code);
  P("info.si_pid", si->si_pid);
  P("info.si_uid", si->si_uid);
}

static void stack_lines(stack_t *st) {
  P("uc.uc_stack.ss_sp", st->ss_sp);
  P("uc.uc_stack.ss_flags", st->ss_flags);
  P("uc.uc_stack.ss_size", st->ss_size);
}

__attribute__((noinline)) void on_usr1(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  (void)sig;
#ifdef __x86_64__
  frame = (char *)uc - 8; /* struct rt_sigframe: pretcode, then uc */
  greg_t *g = uc->uc_mcontext.gregs;
  P("pretcode", *(unsigned long *)frame);
  P("uc.uc_flags", uc->uc_flags);
  P("uc.uc_link", uc->uc_link);
  stack_lines(&uc->uc_stack);
  static const char *const names[] = { "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "di", "si", "bp", "bx", "dx", "ax", "cx", "sp", "ip", "flags" };
  for (int r = REG_R8; r <= REG_EFL; r++) {
    char n[40];
    snprintf(n, sizeof n, "uc.uc_mcontext.%s", names[r]);
    P(n, g[r]);
  }
  char *csgsfs = (char *)&g[REG_CSGSFS];
  PV("uc.uc_mcontext.cs", csgsfs - frame, g[REG_CSGSFS] & 0xffff);
  PV("uc.uc_mcontext.gs", csgsfs + 2 - frame, (g[REG_CSGSFS] >> 16) & 0xffff);
  PV("uc.uc_mcontext.fs", csgsfs + 4 - frame, (g[REG_CSGSFS] >> 32) & 0xffff);
  PV("uc.uc_mcontext.ss", csgsfs + 6 - frame, (g[REG_CSGSFS] >> 48) & 0xffff);
  P("uc.uc_mcontext.err", g[REG_ERR]);
  P("uc.uc_mcontext.trapno", g[REG_TRAPNO]);
  P("uc.uc_mcontext.oldmask", g[REG_OLDMASK]);
  P("uc.uc_mcontext.cr2", g[REG_CR2]);
  P("uc.uc_mcontext.fpstate", uc->uc_mcontext.fpregs);
  P("uc.uc_sigmask", uc->uc_sigmask.__val[0]);
  siginfo_lines(si);
#else
  frame = (char *)si - 16; /* rt_sigframe_ia32: pretcode, sig, pinfo, puc, then info */
  greg_t *g = uc->uc_mcontext.gregs;
  P("pretcode", *(unsigned *)frame);
  P("sig", *(int *)(frame + 4));
  P("pinfo", *(unsigned *)(frame + 8));
  P("puc", *(unsigned *)(frame + 12));
  siginfo_lines(si);
  P("uc.uc_flags", uc->uc_flags);
  P("uc.uc_link", uc->uc_link);
  stack_lines(&uc->uc_stack);
  static const char *const names[] = { "gs", "fs", "es", "ds", "di", "si", "bp", "sp", "bx", "dx", "cx", "ax", "trapno", "err", "ip", "cs", "flags", "sp_at_signal", "ss" };
  for (int r = REG_GS; r <= REG_SS; r++) {
    char n[40];
    snprintf(n, sizeof n, "uc.uc_mcontext.%s", names[r]);
    P(n, g[r]);
  }
  P("uc.uc_mcontext.fpstate", uc->uc_mcontext.fpregs);
  P("uc.uc_mcontext.oldmask", uc->uc_mcontext.oldmask);
  P("uc.uc_mcontext.cr2", uc->uc_mcontext.cr2);
  PV("uc.uc_sigmask", (char *)&uc->uc_sigmask - frame, uc->uc_sigmask.__val[0] | (unsigned long long)uc->uc_sigmask.__val[1] << 32);
#endif
}

#ifndef __x86_64__
/* sigframe_ia32: pretcode, sig, then struct sigcontext (glibc's <bits/sigcontext.h>) */
__attribute__((noinline)) void on_usr2(int sig) {
  frame = (char *)&sig - 4;
  struct sigcontext *sc = (struct sigcontext *)(&sig + 1);
  P("pretcode", *(unsigned *)frame);
  P("sig", sig);
  P("sc.gs", sc->gs); P("sc.fs", sc->fs); P("sc.es", sc->es); P("sc.ds", sc->ds);
  P("sc.di", sc->edi); P("sc.si", sc->esi); P("sc.bp", sc->ebp); P("sc.sp", sc->esp);
  P("sc.bx", sc->ebx); P("sc.dx", sc->edx); P("sc.cx", sc->ecx); P("sc.ax", sc->eax);
  P("sc.trapno", sc->trapno); P("sc.err", sc->err); P("sc.ip", sc->eip); P("sc.cs", sc->cs);
  P("sc.flags", sc->eflags); P("sc.sp_at_signal", sc->esp_at_signal); P("sc.ss", sc->ss);
  P("sc.fpstate", sc->fpstate); P("sc.oldmask", sc->oldmask); P("sc.cr2", sc->cr2);
  PV("extramask", 720, *(unsigned *)(frame + 720));
}
#endif

int main(void) {
  struct sigaction a = { 0 };
  a.sa_sigaction = on_usr1;
  a.sa_flags = SA_SIGINFO;
  sigaddset(&a.sa_mask, SIGUSR2);
  sigaction(SIGUSR1, &a, 0);
  puts("-- SIGUSR1");
  raise(SIGUSR1);
#ifndef __x86_64__
  struct sigaction b = { 0 };
  b.sa_handler = on_usr2;
  sigaction(SIGUSR2, &b, 0);
  puts("-- SIGUSR2");
  raise(SIGUSR2);
#endif
  return 0;
}
