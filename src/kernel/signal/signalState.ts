// A process's signal state (kernel/signal.c): the handlers (struct k_sigaction), the blocked mask,
// what is pending with its siginfo, the alternate stack, and the default action of each signal.

export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8;
export const SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15;
export const SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22;
export const SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29;
export const SIGPWR = 30, SIGSYS = 31, SIGRTMIN = 32, NSIG = 64;

export const SIG_DFL = 0n, SIG_IGN = 1n;
export const SA_NOCLDSTOP = 1n, SA_NOCLDWAIT = 2n, SA_SIGINFO = 4n, SA_UNSUPPORTED = 0x400n, SA_EXPOSE_TAGBITS = 0x800n;
export const SA_RESTORER = 0x04000000n, SA_ONSTACK = 0x08000000n, SA_RESTART = 0x10000000n;
export const SA_NODEFER = 0x40000000n, SA_RESETHAND = 0x80000000n;
export const SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 1 << 31;

const NAMES = [
  '', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV',
  'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU',
  'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];

/** `SIGSEGV`, `SIGRTMIN`, `SIGRT_3` as strace names them. */
export function signalName(sig: number): string {
  if (sig > 0 && sig < 32) return NAMES[sig]!;
  if (sig === 32) return 'SIGRTMIN';
  if (sig > 32 && sig <= 64) return `SIGRT_${sig - 32}`;
  return `${sig}`;
}

export type DefaultAction = 'term' | 'core' | 'ignore' | 'stop' | 'cont';

/** The default action of a signal (signal(7)). */
export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE: case SIGSEGV:
    case SIGXCPU: case SIGXFSZ: case SIGSYS:
      return 'core';
    case SIGCHLD: case SIGURG: case SIGWINCH:
      return 'ignore';
    case SIGCONT: return 'cont';
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU: return 'stop';
    default: return 'term';
  }
}

export const sigBit = (sig: number): bigint => 1n << BigInt(sig - 1);
/** SIGKILL and SIGSTOP can be neither caught, blocked nor ignored. */
export const UNBLOCKABLE = sigBit(SIGKILL) | sigBit(SIGSTOP);

export interface SigAction {
  handler: bigint;
  flags: bigint;
  restorer: bigint;
  mask: bigint;
}

/** What a delivered signal carries (siginfo_t) and, for a fault, the trap number and error code. */
export interface SigInfo {
  signo: number;
  /** si_code: SI_USER 0, SI_KERNEL 0x80, SI_TKILL -6, SEGV_MAPERR 1 ... */
  code: number;
  /** strace's name of the code. */
  codeName: string;
  addr?: bigint;
  pid?: number;
  uid?: number;
  trapno?: number;
  err?: number;
  /** A fault: forced through even when blocked or ignored (force_sig_fault). */
  forced?: boolean;
  /** What happened, for trapdoor's one-line report if it kills. */
  detail: string;
}

export class SignalState {
  readonly actions: SigAction[] = Array.from({ length: NSIG + 1 }, () => ({ handler: SIG_DFL, flags: 0n, restorer: 0n, mask: 0n }));
  blocked = 0n;
  pending = 0n;
  private readonly info = new Map<number, SigInfo>();
  altStack = { sp: 0n, size: 0n, flags: SS_DISABLE };
  /** An ignored signal is dropped; a tracer still sees it go by (strace prints it under ptrace). */
  onIgnored?: (si: SigInfo) => void;

  ignores(sig: number): boolean {
    const h = this.actions[sig]!.handler;
    return h === SIG_IGN || (h === SIG_DFL && defaultAction(sig) === 'ignore');
  }

  /** send_signal: queue it (one instance of a standard signal; an ignored one is dropped). */
  send(si: SigInfo): void {
    if (si.forced) {
      // force_sig_info_to_task: a blocked or ignored fault signal is unblocked and reset to SIG_DFL
      const act = this.actions[si.signo]!;
      if (act.handler === SIG_IGN || (this.blocked & sigBit(si.signo)) !== 0n) {
        this.blocked &= ~sigBit(si.signo);
        if (act.handler === SIG_IGN) act.handler = SIG_DFL;
      }
    } else if (this.ignores(si.signo)) {
      this.onIgnored?.(si);
      return;
    }
    if (this.pending & sigBit(si.signo)) return; // legacy signals do not queue twice
    this.pending |= sigBit(si.signo);
    this.info.set(si.signo, si);
  }

  /** Pending and not blocked: something to deliver on the way back to user mode. */
  get deliverable(): bigint {
    return this.pending & ~this.blocked;
  }

  /** dequeue_signal: the synchronous (fault) signals first, then the lowest number. */
  dequeue(): SigInfo | null {
    const ready = this.deliverable;
    if (ready === 0n) return null;
    const SYNC = sigBit(SIGSEGV) | sigBit(SIGBUS) | sigBit(SIGILL) | sigBit(SIGTRAP) | sigBit(SIGFPE) | sigBit(SIGSYS);
    const pick = ready & SYNC ? ready & SYNC : ready;
    let sig = 1;
    while (!(pick & sigBit(sig))) sig++;
    this.pending &= ~sigBit(sig);
    const si = this.info.get(sig)!;
    this.info.delete(sig);
    return si;
  }

  ignoredMask(): bigint {
    let m = 0n;
    for (let s = 1; s <= NSIG; s++) if (this.actions[s]!.handler === SIG_IGN) m |= sigBit(s);
    return m;
  }

  caughtMask(): bigint {
    let m = 0n;
    for (let s = 1; s <= NSIG; s++) if (this.actions[s]!.handler > SIG_IGN) m |= sigBit(s);
    return m;
  }

  /** Whether `sp` lies on the alternate stack (on_sig_stack). */
  onAltStack(sp: bigint): boolean {
    const a = this.altStack;
    return a.size > 0n && sp > a.sp && sp - a.sp <= a.size;
  }
}
