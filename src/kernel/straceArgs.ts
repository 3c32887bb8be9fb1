// strace's rendering of the arguments of the fs, mm, process and signal calls beyond the basics
// in straceFormat.ts: flag names, signal sets, struct sigaction, stack_t, rlimit, stat.
import type { ArgKind } from './syscalls/context.js';
import { signalName } from './signal/signalState.js';

const hex = (v: bigint): string => (v === 0n ? '0' : '0x' + v.toString(16));

function le(b: Uint8Array, off: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[off + i]!);
  return v;
}

function flags(v: bigint, table: [bigint, string][], zero: string): string {
  if (v === 0n) return zero;
  const parts: string[] = [];
  let rest = v;
  for (const [bit, name] of table) if ((rest & bit) === bit && bit !== 0n) { parts.push(name); rest &= ~bit; }
  if (rest) parts.push(hex(rest));
  return parts.join('|');
}

function named(v: number, table: Record<number, string>): string {
  return table[v] ?? String(v);
}

/** strace's sigset: `[INT QUIT]`, or `~[...]` with what is not in it when more than half is. */
export function formatSigset(set: bigint, bits = 64): string {
  let count = 0;
  for (let s = 1; s <= bits; s++) if (set & (1n << BigInt(s - 1))) count++;
  const inverted = count > bits / 2;
  const names: string[] = [];
  for (let s = 1; s <= bits; s++) {
    const on = (set & (1n << BigInt(s - 1))) !== 0n;
    if (on !== inverted) names.push(signalName(s).replace(/^SIG/, ''));
  }
  return `${inverted ? '~' : ''}[${names.join(' ')}]`;
}

const SA_FLAGS: [bigint, string][] = [
  [0x04000000n, 'SA_RESTORER'], [0x08000000n, 'SA_ONSTACK'], [0x10000000n, 'SA_RESTART'], [0x40000000n, 'SA_NODEFER'],
  [0x80000000n, 'SA_RESETHAND'], [4n, 'SA_SIGINFO'], [1n, 'SA_NOCLDSTOP'], [2n, 'SA_NOCLDWAIT'],
];
const RLIMITS: Record<number, string> = {
  0: 'RLIMIT_CPU', 1: 'RLIMIT_FSIZE', 2: 'RLIMIT_DATA', 3: 'RLIMIT_STACK', 4: 'RLIMIT_CORE', 5: 'RLIMIT_RSS', 6: 'RLIMIT_NPROC',
  7: 'RLIMIT_NOFILE', 8: 'RLIMIT_MEMLOCK', 9: 'RLIMIT_AS', 10: 'RLIMIT_LOCKS', 11: 'RLIMIT_SIGPENDING', 12: 'RLIMIT_MSGQUEUE',
  13: 'RLIMIT_NICE', 14: 'RLIMIT_RTPRIO', 15: 'RLIMIT_RTTIME',
};
const FCNTL: Record<number, string> = {
  0: 'F_DUPFD', 1: 'F_GETFD', 2: 'F_SETFD', 3: 'F_GETFL', 4: 'F_SETFL', 5: 'F_GETLK', 6: 'F_SETLK', 7: 'F_SETLKW', 1030: 'F_DUPFD_CLOEXEC', 1032: 'F_GETPIPE_SZ',
};
const FUTEX: Record<number, string> = { 0: 'FUTEX_WAIT', 1: 'FUTEX_WAKE', 3: 'FUTEX_REQUEUE', 4: 'FUTEX_CMP_REQUEUE', 5: 'FUTEX_WAKE_OP', 9: 'FUTEX_WAIT_BITSET', 10: 'FUTEX_WAKE_BITSET' };
const MADV: Record<number, string> = { 0: 'MADV_NORMAL', 1: 'MADV_RANDOM', 2: 'MADV_SEQUENTIAL', 3: 'MADV_WILLNEED', 4: 'MADV_DONTNEED', 8: 'MADV_FREE', 14: 'MADV_HUGEPAGE', 15: 'MADV_NOHUGEPAGE' };
/** include/uapi/linux/fadvise.h (x86: DONTNEED 4, NOREUSE 5). */
const FADV: Record<number, string> = { 0: 'POSIX_FADV_NORMAL', 1: 'POSIX_FADV_RANDOM', 2: 'POSIX_FADV_SEQUENTIAL', 3: 'POSIX_FADV_WILLNEED', 4: 'POSIX_FADV_DONTNEED', 5: 'POSIX_FADV_NOREUSE' };
const S_TYPES: Record<number, string> = { 0o010000: 'S_IFIFO', 0o020000: 'S_IFCHR', 0o040000: 'S_IFDIR', 0o100000: 'S_IFREG', 0o120000: 'S_IFLNK' };

export interface ArgContext {
  v: bigint;
  word: 4 | 8;
  failed: boolean;
  read: (addr: bigint, len: number) => Uint8Array | null;
  /** The whole argument list (a sigset's size, a stat's layout). */
  args: bigint[];
  /** Which of `args` this is. */
  index: number;
  i386: boolean;
}

/** Render one of the extra argument kinds; undefined when `kind` is not one of them. */
export function extraArg(kind: ArgKind, c: ArgContext): string | undefined {
  const { v, word: w } = c;
  const i32 = Number(BigInt.asIntN(32, v));
  const struct = (size: number, render: (b: Uint8Array) => string, out = false): string => {
    if (v === 0n) return 'NULL';
    if (out && c.failed) return hex(v);
    const b = c.read(v, size);
    return b ? render(b) : hex(v);
  };
  switch (kind) {
    case 'whence': return named(i32, { 0: 'SEEK_SET', 1: 'SEEK_CUR', 2: 'SEEK_END', 3: 'SEEK_DATA', 4: 'SEEK_HOLE' });
    case 'fcntlcmd': return named(i32, FCNTL);
    case 'atflags': return flags(BigInt.asUintN(32, v), [[0x100n, 'AT_SYMLINK_NOFOLLOW'], [0x200n, 'AT_EACCESS'], [0x400n, 'AT_SYMLINK_FOLLOW'], [0x800n, 'AT_NO_AUTOMOUNT'], [0x1000n, 'AT_EMPTY_PATH'], [0x4000n, 'AT_STATX_DONT_SYNC']], '0');
    case 'accmode': return flags(BigInt.asUintN(32, v), [[4n, 'R_OK'], [2n, 'W_OK'], [1n, 'X_OK']], 'F_OK');
    case 'grnd': return flags(BigInt.asUintN(32, v), [[1n, 'GRND_NONBLOCK'], [2n, 'GRND_RANDOM'], [4n, 'GRND_INSECURE']], '0');
    case 'signo': return i32 > 0 && i32 <= 64 ? signalName(i32) : String(i32);
    case 'sighow': return named(i32, { 0: 'SIG_BLOCK', 1: 'SIG_UNBLOCK', 2: 'SIG_SETMASK' });
    case 'sigset_in': case 'sigset_out': return struct(8, (b) => formatSigset(le(b, 0, 8)), kind === 'sigset_out');
    case 'sigaction_in': case 'sigaction_out':
      return struct(c.i386 ? 20 : 32, (b) => {
        const ws = c.i386 ? 4 : 8;
        const h = le(b, 0, ws);
        const fl = le(b, ws, ws);
        const handler = h === 0n ? 'SIG_DFL' : h === 1n ? 'SIG_IGN' : hex(h);
        const restorer = fl & 0x04000000n ? `, sa_restorer=${hex(le(b, 2 * ws, ws))}` : '';
        return `{sa_handler=${handler}, sa_mask=${formatSigset(le(b, 3 * ws, 8))}, sa_flags=${flags(fl, SA_FLAGS, '0')}${restorer}}`;
      }, kind === 'sigaction_out');
    case 'stack_in': case 'stack_out':
      return struct(3 * w, (b) => {
        const sf = Number(le(b, w, 4));
        const f = flags(BigInt(sf >>> 0), [[1n, 'SS_ONSTACK'], [2n, 'SS_DISABLE'], [0x80000000n, 'SS_AUTODISARM']], '0');
        return `{ss_sp=${hex(le(b, 0, w))}, ss_flags=${f}, ss_size=${le(b, 2 * w, w)}}`;
      }, kind === 'stack_out');
    case 'rlimit_res': return named(i32, RLIMITS);
    case 'rlimit_in': case 'rlimit_out': case 'rlimit64_in': case 'rlimit64_out': {
      const rw = kind.startsWith('rlimit64') ? 8 : w; // prlimit64's are 64-bit on both ABIs
      return struct(2 * rw, (b) => {
        const lim = (x: bigint): string => (x === (1n << BigInt(rw * 8)) - 1n ? (rw === 8 ? 'RLIM64_INFINITY' : 'RLIM_INFINITY') : x.toString());
        return `{rlim_cur=${lim(le(b, 0, rw))}, rlim_max=${lim(le(b, rw, rw))}}`;
      }, kind.endsWith('_out'));
    }
    case 'stat_out':
      return struct(w === 8 ? 144 : 96, (b) => {
        const mode = Number(w === 8 ? le(b, 24, 4) : le(b, 16, 4));
        const size = w === 8 ? le(b, 48, 8) : le(b, 44, 8);
        const type = S_TYPES[mode & 0o170000] ?? '0';
        return `{st_mode=${type}|0${(mode & 0o7777).toString(8)}, st_size=${size}, ...}`;
      }, true);
    case 'fdpair_out': return struct(8, (b) => `[${le(b, 0, 4)}, ${le(b, 4, 4)}]`, true);
    case 'futexop': {
      const op = i32 & ~(128 | 256);
      return `${FUTEX[op] ?? String(op)}${i32 & 128 ? '_PRIVATE' : ''}${i32 & 256 ? '|FUTEX_CLOCK_REALTIME' : ''}`;
    }
    case 'madvice': return named(i32, MADV);
    case 'mremapflags': return flags(BigInt.asUintN(32, v), [[1n, 'MREMAP_MAYMOVE'], [2n, 'MREMAP_FIXED'], [4n, 'MREMAP_DONTUNMAP']], '0');
    case 'clockflags': return i32 === 1 ? 'TIMER_ABSTIME' : String(i32);
    case 'off64': return (c.i386 ? BigInt.asIntN(64, (BigInt.asUintN(32, c.args[c.index + 1] ?? 0n) << 32n) | BigInt.asUintN(32, v)) : BigInt.asIntN(64, v)).toString();
    case 'hi32': return '';
    // strace's xlat for an unknown value: hex with the prefix's ??? comment
    case 'fadvice': return FADV[i32] ?? `${hex(BigInt.asUintN(32, v))} /* POSIX_FADV_??? */`;
    default: return undefined;
  }
}
