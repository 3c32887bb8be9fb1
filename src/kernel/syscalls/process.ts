// kernel/ (exit.c, sys.c, fork.c, futex/, rseq.c, sched/) and arch/x86/kernel (process_64.c,
// tls.c): the process itself: exit, ids, limits, the TID address, robust lists and rseq, futexes
// of a single thread, and the thread's TLS (FS/GS bases, GDT TLS entries).
import { EAGAIN, EBUSY, ECHILD, EFAULT, EINVAL, ENODEV, EPERM, ESRCH, ETIMEDOUT } from '../errno.js';
import { NSEC_PER_SEC } from '../timekeeping.js';
import { timeArg } from './fs.js';
import { err, getWord, s32, ulongOf, wordOf, words, type Abi, type SyscallContext, type SyscallTable } from './context.js';

const ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
const ARCH_GET_CPUID = 0x1011, ARCH_SET_CPUID = 0x1012;
export const RLIM_INFINITY = (1n << 64n) - 1n;
export const RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIMIT_AS = 9, RLIM_NLIMITS = 16;

/** The limits a login shell on Linux 6.x leaves (RLIMIT_STACK 8 MiB, NOFILE 1024/4096 ...), by resource. */
export function defaultRlimits(memoryLimit: bigint): Map<number, [bigint, bigint]> {
  const inf = RLIM_INFINITY;
  return new Map<number, [bigint, bigint]>([
    [0, [inf, inf]], [1, [inf, inf]], [2, [inf, inf]], [RLIMIT_STACK, [8n << 20n, inf]], [4, [0n, inf]], [5, [inf, inf]],
    [6, [31668n, 31668n]], [RLIMIT_NOFILE, [1024n, 4096n]], [8, [8n << 20n, 8n << 20n]], [RLIMIT_AS, [memoryLimit, memoryLimit]],
    [10, [inf, inf]], [11, [31668n, 31668n]], [12, [819200n, 819200n]], [13, [0n, 0n]], [14, [0n, 0n]], [15, [inf, inf]],
  ]);
}

function getRlimit(ctx: SyscallContext, res: number): [bigint, bigint] | null {
  return res >= 0 && res < RLIM_NLIMITS ? ctx.rlimits.get(res)! : null;
}

function setRlimit(ctx: SyscallContext, res: number, cur: bigint, max: bigint): bigint {
  const old = getRlimit(ctx, res);
  if (!old) return err(EINVAL);
  if (cur > max) return err(EINVAL);
  if (max > old[1]) return err(EPERM); // raising the hard limit needs CAP_SYS_RESOURCE
  ctx.rlimits.set(res, [cur, max]);
  if (res === RLIMIT_NOFILE) ctx.files.maxFds = Number(cur > 1048576n ? 1048576n : cur);
  return 0n;
}

/** A 32-bit struct rlimit: RLIM_INFINITY is ~0 (ugetrlimit) or clamped to 0x7fffffff (the old getrlimit). */
function rlimit32(v: bigint, oldStyle: boolean): bigint {
  if (v >= 0xffffffffn) return oldStyle ? 0x7fffffffn : 0xffffffffn;
  return v;
}

const sameProcess = (ctx: SyscallContext, pid: number): boolean => pid === 0 || pid === ctx.pid;

/** futex on a single-threaded process: WAIT sleeps out its timeout (nobody can wake it), WAKE wakes nobody. */
function futex(ctx: SyscallContext, abi: Abi, a: bigint[]): bigint {
  const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5, FUTEX_WAIT_BITSET = 9;
  const FUTEX_WAKE_BITSET = 10, FUTEX_CMD_MASK = ~(128 | 256);
  const op = s32(a[1]!) & FUTEX_CMD_MASK;
  const uaddr = a[0]!;
  if (uaddr & 3n) return err(EINVAL);
  switch (op) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      if (op === FUTEX_WAIT_BITSET && s32(a[5]!) === 0) return err(EINVAL);
      const cur = ctx.copyFromUser(uaddr, 4);
      if (!cur) return err(EFAULT);
      if (new DataView(cur.buffer, cur.byteOffset, 4).getUint32(0, true) !== Number(BigInt.asUintN(32, a[2]!))) return err(EAGAIN);
      const t = timeArg(ctx, a[3]!, wordOf(abi), 1n);
      if (t === 'fault') return err(EFAULT);
      if (t === 'inval') return err(EINVAL);
      if (t === null) return err(EAGAIN); // would sleep forever: no other thread exists to wake it (simplification)
      if (op === FUTEX_WAIT) ctx.sleepCycles(ctx.tk.cyclesFor(t));
      else {
        const now = ctx.tk.read(s32(a[1]!) & 256 ? 0 : 1, ctx.cycles())!;
        const nowNs = now[0] * NSEC_PER_SEC + now[1];
        if (t > nowNs) ctx.sleepCycles(ctx.tk.cyclesFor(t - nowNs));
      }
      return err(ETIMEDOUT);
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
      return 0n;
    default:
      return err(38); // ENOSYS, as Linux for unknown ops
  }
}

const ids = (get: (ctx: SyscallContext) => number): SyscallTable[string] => ({ args: [], ret: 'int', fn: (ctx) => BigInt(get(ctx)) });

export const PROCESS_SYSCALLS: SyscallTable = {
  exit: { args: ['int'], ret: 'noreturn', fn: (ctx, a) => (ctx.exit(s32(a[0]!) & 0xff), 0n) },
  exit_group: { args: ['int'], ret: 'noreturn', fn: (ctx, a) => (ctx.exit(s32(a[0]!) & 0xff), 0n) },
  getpid: ids((c) => c.pid),
  gettid: ids((c) => c.pid),
  getppid: ids((c) => c.ppid),
  getuid: ids((c) => c.uid), geteuid: ids((c) => c.uid), getgid: ids((c) => c.gid), getegid: ids((c) => c.gid),
  getuid32: ids((c) => c.uid), geteuid32: ids((c) => c.uid), getgid32: ids((c) => c.gid), getegid32: ids((c) => c.gid),
  getpgrp: ids((c) => c.pid),
  getpgid: { args: ['int'], ret: 'int', fn: (ctx, a) => (sameProcess(ctx, s32(a[0]!)) ? BigInt(ctx.pid) : err(ESRCH)) },
  getsid: { args: ['int'], ret: 'int', fn: (ctx, a) => (sameProcess(ctx, s32(a[0]!)) ? BigInt(ctx.pid) : err(ESRCH)) },
  setpgid: {
    args: ['int', 'int'], ret: 'int',
    fn(ctx, a) {
      const [pid, pgid] = [s32(a[0]!), s32(a[1]!)];
      if (pgid < 0) return err(EINVAL);
      if (!sameProcess(ctx, pid)) return err(ESRCH);
      return pgid === 0 || pgid === ctx.pid ? 0n : err(EPERM); // it leads its session: its group is its own
    },
  },
  setsid: { args: [], ret: 'int', fn: () => err(EPERM) }, // already a process group leader
  sched_yield: { args: [], ret: 'int', fn: () => 0n },
  sched_getaffinity: {
    args: ['int', 'uint', 'hex'], ret: 'int',
    fn(ctx, a, abi) {
      const len = Number(ulongOf(abi, a[1]!) > 4096n ? 4096n : ulongOf(abi, a[1]!));
      const word = wordOf(abi);
      if (!sameProcess(ctx, s32(a[0]!))) return err(ESRCH);
      if (len * 8 < 1 || len & (word - 1)) return err(EINVAL);
      const mask = new Uint8Array(word); // cpumask_size(): one long for nr_cpu_ids 1
      mask[0] = 1;
      return ctx.copyToUser(a[2]!, mask) ? BigInt(word) : err(EFAULT);
    },
  },
  set_tid_address: {
    args: ['ptr'], ret: 'int',
    fn(ctx, a, abi) {
      ctx.tidAddress = ulongOf(abi, a[0]!);
      return BigInt(ctx.pid);
    },
  },
  set_robust_list: {
    args: ['ptr', 'uint'], ret: 'int',
    fn: (ctx, a, abi) => {
      if (ulongOf(abi, a[1]!) !== BigInt(3 * wordOf(abi))) return err(EINVAL);
      ctx.robustList = a[0]!;
      return 0n;
    },
  },
  get_robust_list: {
    args: ['int', 'hex', 'hex'], ret: 'int',
    fn(ctx, a, abi) {
      if (!sameProcess(ctx, s32(a[0]!))) return err(ESRCH);
      const w = wordOf(abi);
      if (!ctx.copyToUser(a[1]!, words(w, ctx.robustList)) || !ctx.copyToUser(a[2]!, words(w, BigInt(3 * w)))) return err(EFAULT);
      return 0n;
    },
  },
  rseq: {
    args: ['ptr', 'uint', 'int', 'hex'], ret: 'int',
    fn(ctx, a) {
      const [addr, len, flags, sig] = [a[0]!, s32(a[1]!), s32(a[2]!), Number(BigInt.asUintN(32, a[3]!))];
      const RSEQ_FLAG_UNREGISTER = 1;
      if (flags & RSEQ_FLAG_UNREGISTER) {
        if (flags & ~RSEQ_FLAG_UNREGISTER) return err(EINVAL);
        if (!ctx.rseq || ctx.rseq.addr !== addr) return err(EINVAL);
        if (ctx.rseq.sig !== sig) return err(EPERM);
        ctx.rseq = null;
        return 0n;
      }
      if (flags) return err(EINVAL);
      if (ctx.rseq) return ctx.rseq.addr === addr && ctx.rseq.len === len ? (ctx.rseq.sig === sig ? err(EBUSY) : err(EPERM)) : err(EINVAL);
      if (addr & 31n || len < 32) return err(EINVAL);
      // the kernel fills cpu_id_start/cpu_id (0: the only CPU) and node_id/mm_cid on registration
      const fields = new Uint8Array(8);
      if (!ctx.copyToUser(addr, fields)) return err(EFAULT);
      ctx.rseq = { addr, len, sig };
      return 0n;
    },
  },
  futex: { args: ['ptr', 'futexop', 'int', 'hex', 'hex', 'int'], ret: 'int', fn: (ctx, a, abi) => futex(ctx, abi, a) },
  futex_time64: { args: ['ptr', 'futexop', 'int', 'hex', 'hex', 'int'], ret: 'int', fn: (ctx, a) => futex(ctx, 'x86_64', a) },
  wait4: { args: ['int', 'hex', 'hex', 'hex'], ret: 'int', fn: () => err(ECHILD) },
  waitid: { args: ['int', 'int', 'hex', 'hex', 'hex'], ret: 'int', fn: () => err(ECHILD) },
  waitpid: { args: ['int', 'hex', 'hex'], ret: 'int', fn: () => err(ECHILD) },
  getrlimit: {
    args: ['rlimit_res', 'rlimit_out'], ret: 'int',
    fn(ctx, a, abi) {
      const r = getRlimit(ctx, s32(a[0]!));
      if (!r) return err(EINVAL);
      const w = wordOf(abi);
      const v = w === 4 ? r.map((x) => rlimit32(x, true)) : r;
      return ctx.copyToUser(a[1]!, words(w, v[0]!, v[1]!)) ? 0n : err(EFAULT);
    },
  },
  ugetrlimit: {
    args: ['rlimit_res', 'rlimit_out'], ret: 'int',
    fn(ctx, a) {
      const r = getRlimit(ctx, s32(a[0]!));
      if (!r) return err(EINVAL);
      return ctx.copyToUser(a[1]!, words(4, rlimit32(r[0], false), rlimit32(r[1], false))) ? 0n : err(EFAULT);
    },
  },
  setrlimit: {
    args: ['rlimit_res', 'rlimit_in'], ret: 'int',
    fn(ctx, a, abi) {
      const w = wordOf(abi);
      const b = ctx.copyFromUser(a[1]!, 2 * w);
      if (!b) return err(EFAULT);
      const wide = (v: bigint): bigint => (w === 4 && v === 0xffffffffn ? RLIM_INFINITY : v);
      return setRlimit(ctx, s32(a[0]!), wide(getWord(b, 0, w, false)), wide(getWord(b, w, w, false)));
    },
  },
  prlimit64: {
    args: ['int', 'rlimit_res', 'rlimit64_in', 'rlimit64_out'], ret: 'int',
    fn(ctx, a) {
      if (!sameProcess(ctx, s32(a[0]!))) return err(ESRCH);
      const res = s32(a[1]!);
      const old = getRlimit(ctx, res);
      if (!old) return err(EINVAL);
      const prev: [bigint, bigint] = [old[0], old[1]];
      if (a[2]! !== 0n) {
        const b = ctx.copyFromUser(a[2]!, 16);
        if (!b) return err(EFAULT);
        const r = setRlimit(ctx, res, getWord(b, 0, 8, false), getWord(b, 8, 8, false));
        if (r) return r;
      }
      if (a[3]! !== 0n && !ctx.copyToUser(a[3]!, words(8, prev[0], prev[1]))) return err(EFAULT);
      return 0n;
    },
  },
  personality: {
    args: ['hex'], ret: 'hex',
    fn(ctx, a) {
      const old = ctx.mm.readImpliesExec ? 0x0400000n : 0n;
      const want = BigInt.asUintN(32, a[0]!);
      if (want !== 0xffffffffn) ctx.mm.readImpliesExec = (want & 0x0400000n) !== 0n;
      return old;
    },
  },
  arch_prctl: {
    args: ['archcode', 'archaddr'], ret: 'int',
    fn(ctx, a) {
      // do_arch_prctl_common (32- and 64-bit): CPUID is never made to fault, for no profile's CPU
      // announces CPUID faulting, so ARCH_SET_CPUID is -ENODEV whatever its argument
      if (s32(a[0]!) === ARCH_GET_CPUID) return 1n;
      if (s32(a[0]!) === ARCH_SET_CPUID) return err(ENODEV);
      if (!ctx.is64BitProcess) return err(EINVAL);
      const put = (v: bigint): bigint => (ctx.copyToUser(a[1]!, words(8, v)) ? 0n : err(EFAULT));
      switch (s32(a[0]!)) {
        case ARCH_SET_FS:
          if (a[1]! >= ctx.mm.userLimit) return err(EPERM);
          ctx.setFsBase(a[1]!);
          return 0n;
        case ARCH_SET_GS:
          if (a[1]! >= ctx.mm.userLimit) return err(EPERM);
          ctx.setGsBase(a[1]!);
          return 0n;
        case ARCH_GET_FS: return put(ctx.getFsBase());
        case ARCH_GET_GS: return put(ctx.getGsBase());
        default: return err(EINVAL);
      }
    },
  },
  set_thread_area: {
    args: ['user_desc'], ret: 'int',
    fn(ctx, a) {
      const u = ctx.copyFromUser(a[0]!, 16);
      if (!u) return err(EFAULT);
      const dv = new DataView(u.buffer, u.byteOffset, 16);
      const base = dv.getUint32(4, true), limit = dv.getUint32(8, true), flags = dv.getUint32(12, true);
      // LDT_empty / LDT_zero (asm/desc.h): "no segment at all", the slot is cleared
      const clear = (base === 0 && limit === 0 && (flags & 0x7f) === 0x28) || (base === 0 && limit === 0 && (flags & 0x7f) === 0);
      // tls_desc_okay: only present 32-bit data segments go into the TLS array
      if (!clear && (!(flags & 1) || ((flags >> 1) & 3) > 1 || flags & 0x20)) return err(EINVAL);
      let entry = dv.getInt32(0, true);
      if (entry === -1) {
        // the first free TLS slot
        entry = ctx.tlsEntryMin;
        while (entry < ctx.tlsEntryMin + 3 && ctx.tlsInUse.has(entry)) entry++;
        if (entry === ctx.tlsEntryMin + 3) return err(ESRCH);
        dv.setInt32(0, entry, true);
        if (!ctx.copyToUser(a[0]!, u.slice(0, 4))) return err(EFAULT);
      }
      if (entry < ctx.tlsEntryMin || entry > ctx.tlsEntryMin + 2) return err(EINVAL);
      if (clear) ctx.tlsInUse.delete(entry);
      else ctx.tlsInUse.set(entry, u.slice());
      ctx.setTlsDescriptor(entry, base, limit, clear ? null : flags);
      return 0n;
    },
  },
  get_thread_area: {
    args: ['user_desc'], ret: 'int',
    fn(ctx, a) {
      const u = ctx.copyFromUser(a[0]!, 16);
      if (!u) return err(EFAULT);
      const entry = new DataView(u.buffer, u.byteOffset, 16).getInt32(0, true);
      if (entry < ctx.tlsEntryMin || entry > ctx.tlsEntryMin + 2) return err(EINVAL);
      const saved = ctx.tlsInUse.get(entry) ?? (() => {
        const z = new Uint8Array(16);
        new DataView(z.buffer).setUint32(12, 0x28, true); // an empty slot reads back as seg_not_present, read_exec_only
        return z;
      })();
      const out = saved.slice();
      new DataView(out.buffer).setInt32(0, entry, true);
      return ctx.copyToUser(a[0]!, out) ? 0n : err(EFAULT);
    },
  },
};
