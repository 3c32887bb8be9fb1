// kernel/signal.c and arch/x86/kernel/signal*.c: handlers, masks, the alternate stack, sending
// signals to oneself, and the return from a handler (rt_sigreturn/sigreturn).
import { EFAULT, EINVAL, ENOMEM, EPERM, ESRCH } from '../errno.js';
import {
  NSIG, SA_NODEFER, SA_RESETHAND, SIG_DFL, SIG_IGN, SIGKILL, SIGSTOP, sigBit, signalName, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK,
  UNBLOCKABLE, type SigAction,
} from '../signal/signalState.js';
import { err, getWord, s32, wordOf, words, type Abi, type SyscallContext, type SyscallTable } from './context.js';

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
const MINSIGSTKSZ = 2048n;
const SI_USER = 0, SI_TKILL = -6;

const validSig = (sig: number): boolean => sig >= 1 && sig <= NSIG;

function readSigaction(ctx: SyscallContext, abi: Abi, addr: bigint): SigAction | null {
  const w = wordOf(abi);
  const b = ctx.copyFromUser(addr, 3 * w + 8);
  if (!b) return null;
  return { handler: getWord(b, 0, w, false), flags: getWord(b, w, w, false), restorer: getWord(b, 2 * w, w, false), mask: getWord(b, 3 * w, 8, false) };
}

function sigactionBytes(abi: Abi, a: SigAction): Uint8Array {
  const w = wordOf(abi);
  const out = new Uint8Array(3 * w + 8);
  out.set(words(w, a.handler, a.flags, a.restorer));
  out.set(words(8, a.mask), 3 * w);
  return out;
}

/** do_sigaction: install `act` (if any) for `sig`, returning the old one. */
function doSigaction(ctx: SyscallContext, sig: number, act: SigAction | null): SigAction | bigint {
  if (!validSig(sig) || (act && (sig === SIGKILL || sig === SIGSTOP))) return err(EINVAL);
  const s = ctx.signals;
  const old = { ...s.actions[sig]! };
  if (act) {
    s.actions[sig] = { ...act, mask: act.mask & ~UNBLOCKABLE };
    // a signal now ignored is dropped from the pending set
    if (s.ignores(sig)) s.pending &= ~sigBit(sig);
  }
  return old;
}

function sigprocmask(ctx: SyscallContext, how: number, set: bigint | null): bigint | null {
  const s = ctx.signals;
  if (set === null) return 0n;
  set &= ~UNBLOCKABLE;
  switch (how) {
    case SIG_BLOCK: s.blocked |= set; return 0n;
    case SIG_UNBLOCK: s.blocked &= ~set; return 0n;
    case SIG_SETMASK: s.blocked = set; return 0n;
    default: return null;
  }
}

/** Send `sig` to this process (the only one there is) as kill/tgkill do. */
function sendSelf(ctx: SyscallContext, sig: number, code: number, how: string): bigint {
  if (sig === 0) return 0n; // only the permission and existence checks
  ctx.signals.send({
    signo: sig, code, codeName: code === SI_TKILL ? 'SI_TKILL' : 'SI_USER', pid: ctx.pid, uid: ctx.uid,
    detail: `${signalName(sig)} sent by the program itself (${how})`,
  });
  return 0n;
}

export const SIGNAL_SYSCALLS: SyscallTable = {
  rt_sigaction: {
    args: ['signo', 'sigaction_in', 'sigaction_out', 'uint'], ret: 'int',
    fn(ctx, a, abi) {
      if (BigInt.asUintN(32, a[3]!) !== 8n) return err(EINVAL);
      let act: SigAction | null = null;
      if (a[1]! !== 0n) {
        act = readSigaction(ctx, abi, a[1]!);
        if (!act) return err(EFAULT);
      }
      const old = doSigaction(ctx, s32(a[0]!), act);
      if (typeof old === 'bigint') return old;
      if (a[2]! !== 0n && !ctx.copyToUser(a[2]!, sigactionBytes(abi, old))) return err(EFAULT);
      return 0n;
    },
  },
  /** i386 sigaction (#67): struct old_sigaction {handler, mask (32 bits), flags, restorer}. */
  sigaction: {
    args: ['signo', 'hex', 'hex'], ret: 'int',
    fn(ctx, a) {
      let act: SigAction | null = null;
      if (a[1]! !== 0n) {
        const b = ctx.copyFromUser(a[1]!, 16);
        if (!b) return err(EFAULT);
        act = { handler: getWord(b, 0, 4, false), mask: getWord(b, 4, 4, false), flags: getWord(b, 8, 4, false), restorer: getWord(b, 12, 4, false) };
      }
      const old = doSigaction(ctx, s32(a[0]!), act);
      if (typeof old === 'bigint') return old;
      if (a[2]! !== 0n && !ctx.copyToUser(a[2]!, words(4, old.handler, old.mask & 0xffffffffn, old.flags, old.restorer))) return err(EFAULT);
      return 0n;
    },
  },
  /** i386 signal (#48): SA_ONESHOT | SA_NOMASK semantics; returns the old handler. */
  signal: {
    args: ['signo', 'hex'], ret: 'hex',
    fn(ctx, a) {
      const old = doSigaction(ctx, s32(a[0]!), { handler: BigInt.asUintN(32, a[1]!), flags: SA_RESETHAND | SA_NODEFER, restorer: 0n, mask: 0n });
      return typeof old === 'bigint' ? old : old.handler;
    },
  },
  rt_sigprocmask: {
    args: ['sighow', 'sigset_in', 'sigset_out', 'uint'], ret: 'int',
    fn(ctx, a) {
      if (BigInt.asUintN(32, a[3]!) !== 8n) return err(EINVAL);
      const old = ctx.signals.blocked;
      let set: bigint | null = null;
      if (a[1]! !== 0n) {
        const b = ctx.copyFromUser(a[1]!, 8);
        if (!b) return err(EFAULT);
        set = getWord(b, 0, 8, false);
      }
      if (sigprocmask(ctx, s32(a[0]!), set) === null) return err(EINVAL);
      if (a[2]! !== 0n && !ctx.copyToUser(a[2]!, words(8, old))) return err(EFAULT);
      return 0n;
    },
  },
  /** i386 sigprocmask (#126): 32-bit old_sigset_t. */
  sigprocmask: {
    args: ['sighow', 'hex', 'hex'], ret: 'int',
    fn(ctx, a) {
      const old = ctx.signals.blocked;
      let set: bigint | null = null;
      if (a[1]! !== 0n) {
        const b = ctx.copyFromUser(a[1]!, 4);
        if (!b) return err(EFAULT);
        const low = getWord(b, 0, 4, false);
        const how = s32(a[0]!);
        set = how === SIG_SETMASK ? (old & ~0xffffffffn) | low : low;
      }
      if (sigprocmask(ctx, s32(a[0]!), set) === null) return err(EINVAL);
      if (a[2]! !== 0n && !ctx.copyToUser(a[2]!, words(4, old & 0xffffffffn))) return err(EFAULT);
      return 0n;
    },
  },
  rt_sigpending: {
    args: ['sigset_out', 'uint'], ret: 'int',
    fn(ctx, a) {
      const size = Number(BigInt.asUintN(32, a[1]!));
      if (size > 8) return err(EINVAL);
      const b = words(8, ctx.signals.pending & ctx.signals.blocked).subarray(0, size);
      return ctx.copyToUser(a[0]!, b) ? 0n : err(EFAULT);
    },
  },
  rt_sigsuspend: {
    args: ['sigset_in', 'uint'], ret: 'int',
    fn(ctx, a) {
      if (BigInt.asUintN(32, a[1]!) !== 8n) return err(EINVAL);
      const b = ctx.copyFromUser(a[0]!, 8);
      if (!b) return err(EFAULT);
      ctx.suspendWith(getWord(b, 0, 8, false) & ~UNBLOCKABLE);
      return err(4); // EINTR once a handler has run (nothing else could wake a lone process)
    },
  },
  pause: { args: [], ret: 'int', fn: (ctx) => (ctx.suspendWith(ctx.signals.blocked), err(4)) },
  sigaltstack: {
    args: ['stack_in', 'stack_out'], ret: 'int',
    fn(ctx, a, abi) {
      const w = wordOf(abi);
      const s = ctx.signals;
      const sp = ctx.userSp();
      const old = s.altStack;
      const oldFlags = old.size === 0n ? SS_DISABLE : s.onAltStack(sp) ? SS_ONSTACK : 0;
      if (a[0]! !== 0n) {
        const b = ctx.copyFromUser(a[0]!, 3 * w);
        if (!b) return err(EFAULT);
        const ssSp = getWord(b, 0, w, false);
        const flags = Number(getWord(b, w, 4, true));
        const size = getWord(b, 2 * w, w, false);
        if (s.onAltStack(sp)) return err(EPERM);
        const mode = flags & ~SS_AUTODISARM;
        if (mode !== SS_DISABLE && mode !== SS_ONSTACK && mode !== 0) return err(EINVAL);
        if (mode === SS_DISABLE) s.altStack = { sp: 0n, size: 0n, flags: SS_DISABLE };
        else {
          if (size < MINSIGSTKSZ) return err(ENOMEM);
          s.altStack = { sp: ssSp, size, flags: flags & SS_AUTODISARM };
        }
      }
      if (a[1]! !== 0n) {
        const out = new Uint8Array(3 * w);
        out.set(words(w, old.sp));
        new DataView(out.buffer).setInt32(w, oldFlags | (old.flags & SS_AUTODISARM), true);
        out.set(words(w, old.size), 2 * w);
        if (!ctx.copyToUser(a[1]!, out)) return err(EFAULT);
      }
      return 0n;
    },
  },
  kill: {
    args: ['int', 'signo'], ret: 'int',
    fn(ctx, a) {
      const pid = s32(a[0]!), sig = s32(a[1]!);
      if (sig < 0 || sig > NSIG) return err(EINVAL);
      // ourselves: our pid, our process group (0, -pid) or everyone we may signal (-1)
      if (pid !== ctx.pid && pid !== 0 && pid !== -1 && pid !== -ctx.pid) return err(ESRCH);
      return sendSelf(ctx, sig, SI_USER, 'kill');
    },
  },
  tkill: {
    args: ['int', 'signo'], ret: 'int',
    fn(ctx, a) {
      const tid = s32(a[0]!), sig = s32(a[1]!);
      if (tid <= 0 || sig < 0 || sig > NSIG) return err(EINVAL);
      if (tid !== ctx.pid) return err(ESRCH);
      return sendSelf(ctx, sig, SI_TKILL, 'tkill');
    },
  },
  tgkill: {
    args: ['int', 'int', 'signo'], ret: 'int',
    fn(ctx, a) {
      const tgid = s32(a[0]!), tid = s32(a[1]!), sig = s32(a[2]!);
      if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG) return err(EINVAL);
      if (tgid !== ctx.pid || tid !== ctx.pid) return err(ESRCH);
      return sendSelf(ctx, sig, SI_TKILL, 'tgkill');
    },
  },
  rt_sigreturn: { args: [], ret: 'int', fn: (ctx) => ctx.sigreturn(true) },
  sigreturn: { args: [], ret: 'int', fn: (ctx) => ctx.sigreturn(false) },
};
void SIG_DFL;
void SIG_IGN;
