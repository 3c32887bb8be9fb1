/* CPU oracle for x87/MMX/SSE code, native side (64-bit): runs a batch of cases on the real CPU.
 * Each case is a few instructions with a full input state: the general registers, RFLAGS, a
 * 512-byte FXSAVE image (x87 stack, tags, FCW/FSW, MXCSR, XMM0-15) and scratch memory. The
 * harness loads it all (FXRSTOR64), runs the code at CODE_ADDR and stores it all back (FXSAVE64).
 * A fault is caught by a signal handler that takes the state at the fault from the signal
 * context (general registers and the fpstate Linux saved), with trap number, error code, CR2 and
 * si_code.
 * Input file: u32 case count, then per case: u32 code length, code, 16 x u64 registers (rax rcx
 * rdx rbx rsp rbp rsi rdi r8..r15), u64 rflags, 512-byte FXSAVE image, SCRATCH_SIZE bytes.
 * Output per case: 16 x u64, u64 rflags, 512-byte FXSAVE image, scratch, then 8 x u64: faulted,
 * rip, trap number, error code, cr2, signal, si_code, 0. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define CODE_ADDR 0x10000000UL
#define CODE_SIZE 0x100000UL
#define DATA_ADDR 0x10100000UL
#define DATA_SIZE 0x10000UL
#define SCRATCH_SIZE 256
#define RO_ADDR 0x10200000UL

struct state {
  uint64_t regs[16];
  uint64_t flags;
};
struct state oracle_in, oracle_out;
uint8_t oracle_fx_in[512] __attribute__((aligned(64)));
uint8_t oracle_fx_out[512] __attribute__((aligned(64)));
uint8_t oracle_fx_host[512] __attribute__((aligned(64)));
uint64_t oracle_host_rsp, oracle_code = CODE_ADDR;
void oracle_enter(void);
void oracle_exit(void);

/* Enter: save the host's callee-saved registers, stack and FPU state, load the guest's, jump to
 * the code. The code ends with `jmp *0(%rip)` to oracle_exit, which stores the state back. */
__asm__(
    ".text\n"
    ".globl oracle_enter\n"
    "oracle_enter:\n"
    "  push %rbx\n  push %rbp\n  push %r12\n  push %r13\n  push %r14\n  push %r15\n"
    "  mov %rsp, oracle_host_rsp(%rip)\n"
    "  fxsave64 oracle_fx_host(%rip)\n"
    "  fxrstor64 oracle_fx_in(%rip)\n"
    "  pushq oracle_in+128(%rip)\n  popfq\n"
    "  mov oracle_in+0(%rip), %rax\n  mov oracle_in+8(%rip), %rcx\n"
    "  mov oracle_in+16(%rip), %rdx\n  mov oracle_in+24(%rip), %rbx\n"
    "  mov oracle_in+40(%rip), %rbp\n  mov oracle_in+48(%rip), %rsi\n"
    "  mov oracle_in+56(%rip), %rdi\n  mov oracle_in+64(%rip), %r8\n"
    "  mov oracle_in+72(%rip), %r9\n  mov oracle_in+80(%rip), %r10\n"
    "  mov oracle_in+88(%rip), %r11\n  mov oracle_in+96(%rip), %r12\n"
    "  mov oracle_in+104(%rip), %r13\n  mov oracle_in+112(%rip), %r14\n"
    "  mov oracle_in+120(%rip), %r15\n  mov oracle_in+32(%rip), %rsp\n"
    "  jmp *oracle_code(%rip)\n"
    ".globl oracle_exit\n"
    "oracle_exit:\n"
    "  mov %rax, oracle_out+0(%rip)\n  mov %rcx, oracle_out+8(%rip)\n"
    "  mov %rdx, oracle_out+16(%rip)\n  mov %rbx, oracle_out+24(%rip)\n"
    "  mov %rsp, oracle_out+32(%rip)\n  mov %rbp, oracle_out+40(%rip)\n"
    "  mov %rsi, oracle_out+48(%rip)\n  mov %rdi, oracle_out+56(%rip)\n"
    "  mov %r8, oracle_out+64(%rip)\n  mov %r9, oracle_out+72(%rip)\n"
    "  mov %r10, oracle_out+80(%rip)\n  mov %r11, oracle_out+88(%rip)\n"
    "  mov %r12, oracle_out+96(%rip)\n  mov %r13, oracle_out+104(%rip)\n"
    "  mov %r14, oracle_out+112(%rip)\n  mov %r15, oracle_out+120(%rip)\n"
    "  pushfq\n  popq oracle_out+128(%rip)\n"
    "  fxsave64 oracle_fx_out(%rip)\n"
    "  fxrstor64 oracle_fx_host(%rip)\n"
    "  cld\n"
    "  mov oracle_host_rsp(%rip), %rsp\n"
    "  pop %r15\n  pop %r14\n  pop %r13\n  pop %r12\n  pop %rbp\n  pop %rbx\n"
    "  ret\n");

struct fault {
  uint64_t faulted, rip, trapno, err, cr2, signo, si_code, pad;
};
static struct fault fault;
static sigjmp_buf after_fault;
static uint8_t alt_stack[1 << 16];

static void on_fault(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  greg_t *g = uc->uc_mcontext.gregs;
  static const int order[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
  for (int i = 0; i < 16; i++) oracle_out.regs[i] = (uint64_t)g[order[i]];
  oracle_out.flags = (uint64_t)g[REG_EFL];
  /* The FPU state at the fault, as Linux saved it (the FXSAVE layout; Linux keeps its own
   * software bytes in 464..511, so only the 416 bytes FXSAVE writes are taken). */
  if (uc->uc_mcontext.fpregs) memcpy(oracle_fx_out, uc->uc_mcontext.fpregs, 416);
  fault.faulted = 1;
  fault.rip = (uint64_t)g[REG_RIP];
  fault.trapno = (uint64_t)g[REG_TRAPNO];
  fault.err = (uint64_t)g[REG_ERR];
  fault.cr2 = (uint64_t)g[REG_CR2];
  fault.signo = (uint64_t)sig;
  fault.si_code = (uint64_t)(int64_t)si->si_code;
  siglongjmp(after_fault, 1);
}

static void die(const char *what) {
  perror(what);
  exit(2);
}

static void catch_faults(void) {
  stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack};
  if (sigaltstack(&ss, 0)) die("sigaltstack");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  static const int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++)
    if (sigaction(signals[i], &sa, 0)) die("sigaction");
}

static void read_exact(FILE *f, void *p, size_t n) {
  if (fread(p, 1, n, f) != n) die("short case file");
}

static void write_all(const void *p, size_t n) {
  if (fwrite(p, 1, n, stdout) != n) die("write");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s CASEFILE\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) die(argv[1]);
  uint8_t *code = mmap((void *)CODE_ADDR, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  uint8_t *data = mmap((void *)DATA_ADDR, DATA_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  uint8_t *ro = mmap((void *)RO_ADDR, 0x1000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (code != (uint8_t *)CODE_ADDR || data != (uint8_t *)DATA_ADDR || ro != (uint8_t *)RO_ADDR)
    die("mmap at the oracle's fixed addresses");
  volatile uint8_t touch = ro[0]; /* present, so a store faults with P=1 as in the emulator */
  (void)touch;
  catch_faults();
  uint32_t n;
  read_exact(f, &n, 4);
  static const uint8_t jmp_rip[6] = {0xff, 0x25, 0, 0, 0, 0}; /* jmp *0(%rip); .quad oracle_exit */
  uint64_t exit_addr = (uint64_t)(uintptr_t)&oracle_exit;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t len;
    read_exact(f, &len, 4);
    if (len > CODE_SIZE - 16) die("code too long");
    read_exact(f, code, len);
    memcpy(code + len, jmp_rip, 6);
    memcpy(code + len + 6, &exit_addr, 8);
    read_exact(f, &oracle_in, sizeof oracle_in);
    read_exact(f, oracle_fx_in, 512);
    read_exact(f, data, SCRATCH_SIZE);
    memset(&fault, 0, sizeof fault);
    memcpy(oracle_fx_out, oracle_fx_in, 512); /* FXSAVE leaves bytes 416..511 alone */
    if (sigsetjmp(after_fault, 1) == 0) oracle_enter();
    write_all(&oracle_out, sizeof oracle_out);
    write_all(oracle_fx_out, 512);
    write_all(data, SCRATCH_SIZE);
    write_all(&fault, sizeof fault);
  }
  fclose(f);
  return 0;
}
