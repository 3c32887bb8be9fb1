// fs/: file descriptors and I/O (read_write.c, open.c, fcntl.c, ioctl.c, pipe.c, select.c) over
// the process's FileTable.
import { EBADF, EFAULT, EINVAL, ENAMETOOLONG, ENOTTY } from '../errno.js';
import { O_CLOEXEC, O_NONBLOCK } from '../files.js';
import { NSEC_PER_SEC } from '../timekeeping.js';
import {
  err, getWord, PATH_MAX, s32, slongOf, stringFromUser, ulongOf, wordOf, words, type Abi, type SyscallContext, type SyscallTable,
} from './context.js';

/** MAX_RW_COUNT: one read/write moves at most INT_MAX rounded down to a page. */
const MAX_RW_COUNT = 0x7ffff000n;
const clampCount = (n: bigint): number => Number(n > MAX_RW_COUNT ? MAX_RW_COUNT : n);
const AT_FDCWD = -100;

/** A path argument: the string, or the errno it fails with. */
export function pathArg(ctx: SyscallContext, addr: bigint): string | bigint {
  const path = stringFromUser(ctx, addr, PATH_MAX);
  if (path === null) return err(EFAULT);
  if (path === 'toolong') return err(ENAMETOOLONG);
  return path;
}

function openPath(ctx: SyscallContext, dirfd: number, addr: bigint, flags: number, mode: number): bigint {
  const path = pathArg(ctx, addr);
  if (typeof path !== 'string') return path;
  return BigInt(ctx.files.open(path, flags, mode & 0o7777, dirfd));
}

function doRead(ctx: SyscallContext, fd: number, buf: bigint, count: bigint, at?: number): bigint {
  if (!ctx.files.isOpen(fd)) return err(EBADF);
  const got = ctx.files.read(fd, clampCount(count), at);
  if (typeof got === 'number') return BigInt(got);
  if (got.length > 0 && !ctx.copyToUser(buf, got)) return err(EFAULT);
  return BigInt(got.length);
}

function doWrite(ctx: SyscallContext, fd: number, buf: bigint, count: bigint, at?: number): bigint {
  const n = clampCount(count);
  if (!ctx.files.isOpen(fd)) return err(EBADF);
  const bytes = n === 0 ? new Uint8Array(0) : ctx.copyFromUser(buf, n);
  if (!bytes) return err(EFAULT);
  return BigInt(ctx.files.write(fd, bytes, at));
}

/** An iovec array: [base, len] pairs, or an errno. */
function iovecs(ctx: SyscallContext, abi: Abi, addr: bigint, cnt: number): [bigint, number][] | bigint {
  const word = wordOf(abi);
  if (cnt < 0 || cnt > 1024) return err(EINVAL);
  const iov = ctx.copyFromUser(addr, cnt * 2 * word);
  if (!iov) return err(EFAULT);
  const out: [bigint, number][] = [];
  for (let i = 0; i < cnt; i++) out.push([getWord(iov, i * 2 * word, word, false), Number(getWord(iov, i * 2 * word + word, word, true))]);
  if (out.some(([, len]) => len < 0)) return err(EINVAL);
  return out;
}

function doWritev(ctx: SyscallContext, abi: Abi, a: bigint[]): bigint {
  const fd = s32(a[0]!);
  if (!ctx.files.isOpen(fd)) return err(EBADF);
  const v = iovecs(ctx, abi, a[1]!, s32(a[2]!));
  if (typeof v === 'bigint') return v;
  const parts: Uint8Array[] = [];
  for (const [base, len] of v) {
    if (len === 0) continue;
    const p = ctx.copyFromUser(base, len);
    if (!p) return err(EFAULT);
    parts.push(p);
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return BigInt(ctx.files.write(fd, all));
}

function doReadv(ctx: SyscallContext, abi: Abi, a: bigint[]): bigint {
  const fd = s32(a[0]!);
  if (!ctx.files.isOpen(fd)) return err(EBADF);
  const v = iovecs(ctx, abi, a[1]!, s32(a[2]!));
  if (typeof v === 'bigint') return v;
  let total = 0n;
  for (const [base, len] of v) {
    if (len === 0) continue;
    const r = doRead(ctx, fd, base, BigInt(len));
    if (r < 0n) return total > 0n ? total : r;
    total += r;
    if (r < BigInt(len)) break;
  }
  return total;
}

const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7;
const F_DUPFD_CLOEXEC = 1030, F_GETPIPE_SZ = 1032;

function fcntl(ctx: SyscallContext, a: bigint[]): bigint {
  const fd = s32(a[0]!);
  const f = ctx.files.get(fd);
  if (!f) return err(EBADF);
  const arg = s32(a[2]!);
  switch (s32(a[1]!)) {
    case F_DUPFD: return BigInt(ctx.files.dup(fd, arg < 0 ? -1 : arg));
    case F_DUPFD_CLOEXEC: return BigInt(ctx.files.dup(fd, arg < 0 ? -1 : arg, true));
    case F_GETFD: return ctx.files.getCloexec(fd) ? 1n : 0n;
    case F_SETFD: ctx.files.setCloexec(fd, (arg & 1) !== 0); return 0n;
    case F_GETFL: return BigInt(f.flags & ~O_CLOEXEC);
    case F_SETFL: f.flags = (f.flags & ~(O_NONBLOCK | 0o2000)) | (arg & (O_NONBLOCK | 0o2000)); return 0n;
    case F_GETLK: case F_SETLK: case F_SETLKW: return 0n; // one process: every lock is ours
    case F_GETPIPE_SZ: return f.kind === 'pipe' ? 65536n : err(EBADF);
    default: return err(EINVAL);
  }
}

const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TIOCGPGRP = 0x540f, TIOCGWINSZ = 0x5413;
const TIOCSWINSZ = 0x5414, FIONREAD = 0x541b, FIONBIO = 0x5421, FIOCLEX = 0x5451, FIONCLEX = 0x5450;

/** struct termios (asm-generic/termbits.h, 36 bytes): a cooked terminal as a shell leaves it. */
function termios(): Uint8Array {
  const b = new Uint8Array(36);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0o2400 | 0o400 | 0o20000, true); // c_iflag: ICRNL IXON IUTF8 (ICRNL=0o400, IXON=0o2000)
  dv.setUint32(4, 0o5, true); // c_oflag: OPOST ONLCR
  dv.setUint32(8, 0o277, true); // c_cflag: B38400 CS8 CREAD
  dv.setUint32(12, 0o105073, true); // c_lflag: ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
  const cc = [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0];
  cc.forEach((c, i) => { b[17 + i] = c; });
  return b;
}

function ioctl(ctx: SyscallContext, a: bigint[]): bigint {
  const fd = s32(a[0]!);
  const f = ctx.files.get(fd);
  if (!f) return err(EBADF);
  const req = Number(BigInt.asUintN(32, a[1]!));
  const tty = ctx.files.terminalOf(fd);
  switch (req) {
    case FIOCLEX: ctx.files.setCloexec(fd, true); return 0n;
    case FIONCLEX: ctx.files.setCloexec(fd, false); return 0n;
    case FIONBIO: return 0n;
    case FIONREAD: {
      if (f.kind !== 'pipe' && f.kind !== 'file' && !tty) return err(ENOTTY);
      const b = new Uint8Array(4);
      new DataView(b.buffer).setInt32(0, ctx.files.pending(f), true);
      return ctx.copyToUser(a[2]!, b) ? 0n : err(EFAULT);
    }
    case TCGETS:
      if (!tty) return err(ENOTTY);
      return ctx.copyToUser(a[2]!, termios()) ? 0n : err(EFAULT);
    case TCSETS: case TCSETSW: case TCSETSF:
      if (!tty) return err(ENOTTY);
      return ctx.copyFromUser(a[2]!, 36) ? 0n : err(EFAULT);
    case TIOCGWINSZ: {
      if (!tty) return err(ENOTTY);
      const b = new Uint8Array(8);
      const dv = new DataView(b.buffer);
      dv.setUint16(0, tty.rows, true);
      dv.setUint16(2, tty.cols, true);
      return ctx.copyToUser(a[2]!, b) ? 0n : err(EFAULT);
    }
    case TIOCSWINSZ: return tty ? 0n : err(ENOTTY);
    case TIOCGPGRP: {
      if (!tty) return err(ENOTTY);
      const b = new Uint8Array(4);
      new DataView(b.buffer).setInt32(0, ctx.pid, true);
      return ctx.copyToUser(a[2]!, b) ? 0n : err(EFAULT);
    }
    default: return err(ENOTTY);
  }
}

/** One poll round over (fd, events) pairs: the revents for each. */
function pollOnce(ctx: SyscallContext, fds: [number, number][]): number[] {
  const POLLIN = 1, POLLOUT = 4, POLLHUP = 0x10, POLLNVAL = 0x20;
  return fds.map(([fd, events]) => {
    if (fd < 0) return 0;
    const r = ctx.files.readiness(fd);
    if (!r) return POLLNVAL;
    let rev = 0;
    if (events & POLLIN && r.in) rev |= POLLIN;
    if (events & POLLOUT && r.out) rev |= POLLOUT;
    if (r.hup) rev |= POLLHUP;
    return rev;
  });
}

/** poll/ppoll on a timeout in ns (null: forever). Nothing becomes ready while the process waits alone. */
function doPoll(ctx: SyscallContext, addr: bigint, nfds: number, timeoutNs: bigint | null): bigint {
  if (nfds < 0 || nfds > ctx.files.maxFds) return err(EINVAL);
  const raw = nfds === 0 ? new Uint8Array(0) : ctx.copyFromUser(addr, nfds * 8);
  if (!raw) return err(EFAULT);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const fds: [number, number][] = [];
  for (let i = 0; i < nfds; i++) fds.push([dv.getInt32(i * 8, true), dv.getInt16(i * 8 + 4, true)]);
  const rev = pollOnce(ctx, fds);
  rev.forEach((r, i) => { dv.setInt16(i * 8 + 6, r, true); });
  const ready = rev.filter((r) => r !== 0).length;
  if (ready === 0 && timeoutNs !== null) ctx.sleepCycles(ctx.tk.cyclesFor(timeoutNs));
  if (nfds > 0 && !ctx.copyToUser(addr, raw)) return err(EFAULT);
  return BigInt(ready);
}

/** select/pselect6: fd_sets of `nfds` bits in longs of the ABI. */
function doSelect(ctx: SyscallContext, abi: Abi, nfds: number, sets: bigint[], timeoutNs: bigint | null): bigint {
  if (nfds < 0) return err(EINVAL);
  const word = wordOf(abi);
  const bytes = Math.ceil(nfds / (word * 8)) * word;
  const read = (addr: bigint): Uint8Array | null | 'fault' => (addr === 0n ? null : ctx.copyFromUser(addr, bytes) ?? 'fault');
  const ins = sets.map(read);
  if (ins.includes('fault')) return err(EFAULT);
  const outs = ins.map((s) => (s === null ? null : new Uint8Array(bytes)));
  let ready = 0;
  for (let fd = 0; fd < nfds; fd++) {
    const want = ins.map((s) => s !== null && s !== 'fault' && (s[fd >> 3]! & (1 << (fd & 7))) !== 0);
    if (!want.some((w) => w)) continue;
    const r = ctx.files.readiness(fd);
    if (!r) return err(EBADF);
    const got = [want[0] && (r.in || r.hup), want[1] && r.out, false];
    got.forEach((g, i) => {
      if (g) {
        outs[i]![fd >> 3]! |= 1 << (fd & 7);
        ready++;
      }
    });
  }
  if (ready === 0 && timeoutNs !== null) ctx.sleepCycles(ctx.tk.cyclesFor(timeoutNs));
  for (let i = 0; i < 3; i++) if (outs[i] && !ctx.copyToUser(sets[i]!, outs[i]!)) return err(EFAULT);
  return BigInt(ready);
}

/** A timespec/timeval argument in ns (null pointer: null), or an errno. */
export function timeArg(ctx: SyscallContext, addr: bigint, word: 4 | 8, unitNs: bigint): bigint | null | 'fault' | 'inval' {
  if (addr === 0n) return null;
  const b = ctx.copyFromUser(addr, 2 * word);
  if (!b) return 'fault';
  const sec = getWord(b, 0, word, true);
  const frac = getWord(b, word, word, true);
  if (sec < 0n || frac < 0n || frac * unitNs >= NSEC_PER_SEC) return 'inval';
  return sec * NSEC_PER_SEC + frac * unitNs;
}

function timeoutOf(t: ReturnType<typeof timeArg>): bigint | null | bigint[] {
  if (t === 'fault') return [err(EFAULT)];
  if (t === 'inval') return [err(EINVAL)];
  return t;
}

export const FS_SYSCALLS: SyscallTable = {
  read: { args: ['fd', 'rbuf', 'uint'], ret: 'int', fn: (ctx, a, abi) => doRead(ctx, s32(a[0]!), a[1]!, ulongOf(abi, a[2]!)) },
  write: { args: ['fd', 'wbuf', 'uint'], ret: 'int', fn: (ctx, a, abi) => doWrite(ctx, s32(a[0]!), a[1]!, ulongOf(abi, a[2]!)) },
  pread64: {
    args: ['fd', 'rbuf', 'uint', 'int'], ret: 'int',
    fn(ctx, a, abi) {
      // i386 passes the 64-bit offset in two registers (lo, hi)
      const off = abi === 'i386' ? (BigInt.asUintN(32, a[4]!) << 32n) | BigInt.asUintN(32, a[3]!) : BigInt.asIntN(64, a[3]!);
      if (off < 0n) return err(EINVAL);
      return doRead(ctx, s32(a[0]!), a[1]!, ulongOf(abi, a[2]!), Number(off));
    },
  },
  pwrite64: {
    args: ['fd', 'wbuf', 'uint', 'int'], ret: 'int',
    fn(ctx, a, abi) {
      const off = abi === 'i386' ? (BigInt.asUintN(32, a[4]!) << 32n) | BigInt.asUintN(32, a[3]!) : BigInt.asIntN(64, a[3]!);
      if (off < 0n) return err(EINVAL);
      return doWrite(ctx, s32(a[0]!), a[1]!, ulongOf(abi, a[2]!), Number(off));
    },
  },
  readv: { args: ['fd', 'hex', 'int'], ret: 'int', fn: (ctx, a, abi) => doReadv(ctx, abi, a) },
  writev: { args: ['fd', 'iovec', 'int'], ret: 'int', fn: (ctx, a, abi) => doWritev(ctx, abi, a) },
  lseek: {
    args: ['fd', 'int', 'whence'], ret: 'int',
    fn(ctx, a, abi) {
      const r = ctx.files.lseek(s32(a[0]!), slongOf(abi, a[1]!), s32(a[2]!));
      // a 32-bit lseek cannot return an offset past 2 GiB
      return abi === 'i386' && r > 0x7fffffffn ? err(75) : r;
    },
  },
  _llseek: {
    args: ['fd', 'uint', 'uint', 'ptr', 'whence'], ret: 'int',
    fn(ctx, a) {
      const off = BigInt.asIntN(64, (BigInt.asUintN(32, a[1]!) << 32n) | BigInt.asUintN(32, a[2]!));
      const r = ctx.files.lseek(s32(a[0]!), off, s32(a[4]!));
      if (r < 0n) return r;
      return ctx.copyToUser(a[3]!, words(8, r)) ? 0n : err(EFAULT);
    },
  },
  open: { args: ['path', 'oflags', 'mode'], ret: 'int', fn: (ctx, a) => openPath(ctx, AT_FDCWD, a[0]!, s32(a[1]!), s32(a[2]!)) },
  openat: { args: ['dirfd', 'path', 'oflags', 'mode'], ret: 'int', fn: (ctx, a) => openPath(ctx, s32(a[0]!), a[1]!, s32(a[2]!), s32(a[3]!)) },
  creat: { args: ['path', 'mode'], ret: 'int', fn: (ctx, a) => openPath(ctx, AT_FDCWD, a[0]!, 0o1101, s32(a[1]!)) },
  close: { args: ['fd'], ret: 'int', fn: (ctx, a) => BigInt(ctx.files.close(s32(a[0]!))) },
  dup: { args: ['fd'], ret: 'int', fn: (ctx, a) => BigInt(ctx.files.dup(s32(a[0]!))) },
  dup2: {
    args: ['fd', 'fd'], ret: 'int',
    fn(ctx, a) {
      const [o, n] = [s32(a[0]!), s32(a[1]!)];
      if (o === n) return ctx.files.isOpen(o) ? BigInt(o) : err(EBADF);
      return BigInt(ctx.files.dup2(o, n));
    },
  },
  dup3: {
    args: ['fd', 'fd', 'oflags'], ret: 'int',
    fn(ctx, a) {
      const [o, n, flags] = [s32(a[0]!), s32(a[1]!), s32(a[2]!)];
      if (flags & ~O_CLOEXEC || o === n) return err(EINVAL);
      return BigInt(ctx.files.dup2(o, n, (flags & O_CLOEXEC) !== 0));
    },
  },
  fcntl: { args: ['fd', 'fcntlcmd', 'hex'], ret: 'int', fn: (ctx, a) => fcntl(ctx, a) },
  fcntl64: { args: ['fd', 'fcntlcmd', 'hex'], ret: 'int', fn: (ctx, a) => fcntl(ctx, a) },
  ioctl: { args: ['fd', 'ioctlreq', 'hex'], ret: 'int', fn: (ctx, a) => ioctl(ctx, a) },
  pipe: {
    args: ['fdpair_out'], ret: 'int',
    fn(ctx, a) {
      const r = ctx.files.pipe(0);
      if (typeof r === 'number') return BigInt(r);
      return ctx.copyToUser(a[0]!, words(4, BigInt(r[0]), BigInt(r[1]))) ? 0n : err(EFAULT);
    },
  },
  pipe2: {
    args: ['fdpair_out', 'oflags'], ret: 'int',
    fn(ctx, a) {
      const flags = s32(a[1]!);
      if (flags & ~(O_CLOEXEC | O_NONBLOCK | 0o40000)) return err(EINVAL);
      const r = ctx.files.pipe(flags);
      if (typeof r === 'number') return BigInt(r);
      return ctx.copyToUser(a[0]!, words(4, BigInt(r[0]), BigInt(r[1]))) ? 0n : err(EFAULT);
    },
  },
  poll: {
    args: ['hex', 'uint', 'int'], ret: 'int',
    fn: (ctx, a) => {
      const ms = s32(a[2]!);
      return doPoll(ctx, a[0]!, s32(a[1]!), ms < 0 ? null : BigInt(ms) * 1_000_000n);
    },
  },
  ppoll: {
    args: ['hex', 'uint', 'timespec_in', 'hex', 'uint'], ret: 'int',
    fn(ctx, a, abi) {
      const t = timeoutOf(timeArg(ctx, a[2]!, wordOf(abi), 1n));
      return Array.isArray(t) ? t[0]! : doPoll(ctx, a[0]!, s32(a[1]!), t);
    },
  },
  select: {
    args: ['int', 'hex', 'hex', 'hex', 'hex'], ret: 'int',
    fn(ctx, a, abi) {
      const t = timeoutOf(timeArg(ctx, a[4]!, wordOf(abi), 1000n));
      return Array.isArray(t) ? t[0]! : doSelect(ctx, abi, s32(a[0]!), [a[1]!, a[2]!, a[3]!], t);
    },
  },
  pselect6: {
    args: ['int', 'hex', 'hex', 'hex', 'timespec_in', 'hex'], ret: 'int',
    fn(ctx, a, abi) {
      const t = timeoutOf(timeArg(ctx, a[4]!, wordOf(abi), 1n));
      return Array.isArray(t) ? t[0]! : doSelect(ctx, abi, s32(a[0]!), [a[1]!, a[2]!, a[3]!], t);
    },
  },
};
FS_SYSCALLS._newselect = FS_SYSCALLS.select!;
// i386's time64 variants (arch/x86/entry/syscalls/syscall_32.tbl 413, 414): a __kernel_timespec
FS_SYSCALLS.ppoll_time64 = {
  args: ['hex', 'uint', 'timespec64_in', 'hex', 'uint'], ret: 'int',
  fn: (ctx, a) => FS_SYSCALLS.ppoll!.fn(ctx, a, 'x86_64'),
};
FS_SYSCALLS.pselect6_time64 = {
  args: ['int', 'hex', 'hex', 'hex', 'timespec64_in', 'hex'], ret: 'int',
  fn(ctx, a, abi) {
    const t = timeoutOf(timeArg(ctx, a[4]!, 8, 1n));
    return Array.isArray(t) ? t[0]! : doSelect(ctx, abi, s32(a[0]!), [a[1]!, a[2]!, a[3]!], t);
  },
};
/** i386 select (#82) is old_select: one pointer to {n, inp, outp, exp, tvp}. */
FS_SYSCALLS['i386:select'] = {
  args: ['ptr'], ret: 'int',
  fn(ctx, a, abi) {
    const b = ctx.copyFromUser(a[0]!, 20);
    if (!b) return err(EFAULT);
    const v = [0, 1, 2, 3, 4].map((i) => getWord(b, i * 4, 4, false));
    return FS_SYSCALLS.select!.fn(ctx, v, abi);
  },
};
