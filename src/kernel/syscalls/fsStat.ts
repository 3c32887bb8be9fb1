// fs/stat.c, fs/open.c (access), fs/d_path.c (getcwd), fs/readdir.c: what the tree says about
// its files, in each ABI's struct stat (x86_64 stat, i386 stat and stat64, statx).
import { EBADF, EFAULT, EINVAL, ENOENT, ENOTDIR, ERANGE, EACCES } from '../errno.js';
import type { OpenFile } from '../files.js';
import { S_IFDIR, S_IFLNK, S_IFMT, type VNode } from '../virtualFs.js';
import { atPath, pathArg } from './fs.js';
import { err, s32, ulongOf, type Abi, type SyscallContext, type SyscallTable } from './context.js';

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;

interface StatInfo {
  mode: number;
  ino: number;
  dev: [number, number];
  rdev: [number, number];
  size: number;
  nlink: number;
}

/** new_encode_dev / huge_encode_dev. */
const encodeDev = ([major, minor]: [number, number]): number => (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);

function nodeStat(n: VNode, size: number): StatInfo {
  return { mode: n.mode, ino: n.ino, dev: n.dev, rdev: n.rdev ?? [0, 0], size: (n.mode & S_IFMT) === S_IFLNK ? n.target!.length : size, nlink: (n.mode & S_IFMT) === S_IFDIR ? 2 : 1 };
}

function fileStat(ctx: SyscallContext, f: OpenFile): StatInfo {
  const s = ctx.files.statOf(f);
  return { ...s, nlink: 1 };
}

/** The x86_64 struct stat (144 bytes), also newfstatat's. */
function stat64Layout(ctx: SyscallContext, s: StatInfo): Uint8Array {
  const b = new Uint8Array(144);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(encodeDev(s.dev)), true);
  v.setBigUint64(8, BigInt(s.ino), true);
  v.setBigUint64(16, BigInt(s.nlink), true);
  v.setUint32(24, s.mode, true);
  v.setUint32(28, ctx.uid, true);
  v.setUint32(32, ctx.gid, true);
  v.setBigUint64(40, BigInt(encodeDev(s.rdev)), true);
  v.setBigInt64(48, BigInt(s.size), true);
  v.setBigInt64(56, 4096n, true);
  v.setBigInt64(64, BigInt(Math.ceil(s.size / 512)), true);
  for (const off of [72, 88, 104]) v.setBigInt64(off, ctx.bootTimeSec, true);
  return b;
}

/** The i386 struct stat64 (96 bytes; fstat64/stat64/fstatat64). */
function i386Stat64Layout(ctx: SyscallContext, s: StatInfo): Uint8Array {
  const b = new Uint8Array(96);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(encodeDev(s.dev)), true);
  v.setUint32(12, s.ino, true);
  v.setUint32(16, s.mode, true);
  v.setUint32(20, s.nlink, true);
  v.setUint32(24, ctx.uid, true);
  v.setUint32(28, ctx.gid, true);
  v.setBigUint64(32, BigInt(encodeDev(s.rdev)), true);
  v.setBigInt64(44, BigInt(s.size), true);
  v.setUint32(52, 4096, true);
  v.setBigUint64(56, BigInt(Math.ceil(s.size / 512)), true);
  for (const off of [64, 72, 80]) v.setUint32(off, Number(ctx.bootTimeSec), true);
  v.setBigUint64(88, BigInt(s.ino), true);
  return b;
}

/** The old i386 struct stat (64 bytes; stat/fstat/lstat on the 32-bit table). */
function i386StatLayout(ctx: SyscallContext, s: StatInfo): Uint8Array {
  const b = new Uint8Array(64);
  const v = new DataView(b.buffer);
  v.setUint32(0, encodeDev(s.dev), true);
  v.setUint32(4, s.ino, true);
  v.setUint16(8, s.mode, true);
  v.setUint16(10, s.nlink, true);
  v.setUint16(12, ctx.uid, true);
  v.setUint16(14, ctx.gid, true);
  v.setUint32(16, encodeDev(s.rdev), true);
  v.setUint32(20, s.size, true);
  v.setUint32(24, 4096, true);
  v.setUint32(28, Math.ceil(s.size / 512), true);
  for (const off of [32, 40, 48]) v.setUint32(off, Number(ctx.bootTimeSec), true);
  return b;
}

/** struct statx (256 bytes), the basic fields (STATX_BASIC_STATS). */
function statxLayout(ctx: SyscallContext, s: StatInfo): Uint8Array {
  const b = new Uint8Array(256);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x7ff, true);
  v.setUint32(4, 4096, true);
  v.setUint32(16, s.nlink, true);
  v.setUint32(20, ctx.uid, true);
  v.setUint32(24, ctx.gid, true);
  v.setUint16(28, s.mode, true);
  v.setBigUint64(32, BigInt(s.ino), true);
  v.setBigUint64(40, BigInt(s.size), true);
  v.setBigUint64(48, BigInt(Math.ceil(s.size / 512)), true);
  for (const off of [64, 96, 112]) v.setBigInt64(off, ctx.bootTimeSec, true);
  v.setUint32(128, s.rdev[0], true);
  v.setUint32(132, s.rdev[1], true);
  v.setUint32(136, s.dev[0], true);
  v.setUint32(140, s.dev[1], true);
  return b;
}

type Layout = (ctx: SyscallContext, s: StatInfo) => Uint8Array;

/** The stat of dirfd+path (AT_EMPTY_PATH: of the fd itself), or an errno. */
function statAt(ctx: SyscallContext, dirfd: number, pathAddr: bigint, flags: number): StatInfo | bigint {
  const path = pathArg(ctx, pathAddr);
  if (typeof path !== 'string') return path;
  if (path === '' && flags & AT_EMPTY_PATH) {
    if (dirfd === AT_FDCWD) return statPath(ctx, '.', true);
    const f = ctx.files.get(dirfd);
    return f ? fileStat(ctx, f) : err(EBADF);
  }
  const abs = atPath(ctx, dirfd, path);
  if (typeof abs !== 'string') return abs;
  return statPath(ctx, abs, (flags & AT_SYMLINK_NOFOLLOW) === 0);
}

function statPath(ctx: SyscallContext, path: string, follow: boolean): StatInfo | bigint {
  const r = ctx.files.vfs.lookup(path, follow);
  if (typeof r === 'number') return err(r);
  return nodeStat(r.node, r.node.content ? r.node.content().length : 0);
}

function put(ctx: SyscallContext, addr: bigint, s: StatInfo | bigint, layout: Layout): bigint {
  if (typeof s === 'bigint') return s;
  return ctx.copyToUser(addr, layout(ctx, s)) ? 0n : err(EFAULT);
}

const fstatWith = (layout: Layout): SyscallTable[string] => ({
  args: ['fd', 'stat_out'], ret: 'int',
  fn(ctx, a) {
    const f = ctx.files.get(s32(a[0]!));
    return f ? put(ctx, a[1]!, fileStat(ctx, f), layout) : err(EBADF);
  },
});
const statWith = (layout: Layout, follow: boolean): SyscallTable[string] => ({
  args: ['path', 'stat_out'], ret: 'int',
  fn: (ctx, a) => put(ctx, a[1]!, statAt(ctx, AT_FDCWD, a[0]!, follow ? 0 : AT_SYMLINK_NOFOLLOW), layout),
});
const statatWith = (layout: Layout): SyscallTable[string] => ({
  args: ['dirfd', 'path', 'stat_out', 'atflags'], ret: 'int',
  fn(ctx, a) {
    const flags = s32(a[3]!);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800)) return err(EINVAL);
    return put(ctx, a[2]!, statAt(ctx, s32(a[0]!), a[1]!, flags), layout);
  },
});

function access(ctx: SyscallContext, dirfd: number, pathAddr: bigint, mode: number, flags: number): bigint {
  if (mode & ~7) return err(EINVAL);
  const s = statAt(ctx, dirfd, pathAddr, flags);
  if (typeof s === 'bigint') return s;
  // the tree is read-only except its devices; the permission bits of "other" decide the rest
  const isDevice = (s.mode & S_IFMT) === 0o020000;
  if ((mode & 2 && !isDevice) || (mode & 4 && !(s.mode & 0o444)) || (mode & 1 && !(s.mode & 0o111))) return err(EACCES);
  return 0n;
}

function readlink(ctx: SyscallContext, abi: Abi, dirfd: number, pathAddr: bigint, buf: bigint, size: bigint): bigint {
  const path = pathArg(ctx, pathAddr);
  if (typeof path !== 'string') return path;
  const n = Number(ulongOf(abi, size) > 0x7fffffffn ? 0x7fffffffn : ulongOf(abi, size));
  if (s32(size) <= 0) return err(EINVAL);
  const abs = atPath(ctx, dirfd, path);
  if (typeof abs !== 'string') return abs;
  const r = ctx.files.vfs.lookup(abs, false);
  if (typeof r === 'number') return err(r);
  if (r.node.kind !== 'link') return err(EINVAL);
  const bytes = new TextEncoder().encode(r.node.target!).subarray(0, n);
  return ctx.copyToUser(buf, bytes) ? BigInt(bytes.length) : err(EFAULT);
}

export const FS_STAT_SYSCALLS: SyscallTable = {
  fstat: fstatWith(stat64Layout),
  stat: statWith(stat64Layout, true),
  lstat: statWith(stat64Layout, false),
  newfstatat: statatWith(stat64Layout),
  'i386:fstat': fstatWith(i386StatLayout),
  'i386:stat': statWith(i386StatLayout, true),
  'i386:lstat': statWith(i386StatLayout, false),
  fstat64: fstatWith(i386Stat64Layout),
  stat64: statWith(i386Stat64Layout, true),
  lstat64: statWith(i386Stat64Layout, false),
  fstatat64: statatWith(i386Stat64Layout),
  statx: {
    args: ['dirfd', 'path', 'atflags', 'hex', 'stat_out'], ret: 'int',
    fn(ctx, a) {
      const flags = s32(a[2]!);
      if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 | 0x6000)) return err(EINVAL);
      return put(ctx, a[4]!, statAt(ctx, s32(a[0]!), a[1]!, flags), statxLayout);
    },
  },
  access: { args: ['path', 'accmode'], ret: 'int', fn: (ctx, a) => access(ctx, AT_FDCWD, a[0]!, s32(a[1]!), 0) },
  faccessat: { args: ['dirfd', 'path', 'accmode'], ret: 'int', fn: (ctx, a) => access(ctx, s32(a[0]!), a[1]!, s32(a[2]!), 0) },
  faccessat2: {
    args: ['dirfd', 'path', 'accmode', 'atflags'], ret: 'int',
    fn(ctx, a) {
      const flags = s32(a[3]!);
      if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x200)) return err(EINVAL);
      return access(ctx, s32(a[0]!), a[1]!, s32(a[2]!), flags);
    },
  },
  readlink: { args: ['path', 'rbuf', 'uint'], ret: 'int', fn: (ctx, a, abi) => readlink(ctx, abi, AT_FDCWD, a[0]!, a[1]!, a[2]!) },
  readlinkat: { args: ['dirfd', 'path', 'rbuf', 'uint'], ret: 'int', fn: (ctx, a, abi) => readlink(ctx, abi, s32(a[0]!), a[1]!, a[2]!, a[3]!) },
  getcwd: {
    args: ['rbuf', 'uint'], ret: 'int',
    fn(ctx, a, abi) {
      const cwd = new TextEncoder().encode(ctx.files.vfs.cwd + '\0');
      if (ulongOf(abi, a[1]!) < BigInt(cwd.length)) return err(ERANGE);
      return ctx.copyToUser(a[0]!, cwd) ? BigInt(cwd.length) : err(EFAULT);
    },
  },
  chdir: {
    args: ['path'], ret: 'int',
    fn(ctx, a) {
      const path = pathArg(ctx, a[0]!);
      if (typeof path !== 'string') return path;
      const r = ctx.files.vfs.lookup(path);
      if (typeof r === 'number') return err(r);
      if (r.node.kind !== 'dir') return err(ENOTDIR);
      ctx.files.vfs.cwd = r.path;
      return 0n;
    },
  },
  fchdir: {
    args: ['fd'], ret: 'int',
    fn(ctx, a) {
      const f = ctx.files.get(s32(a[0]!));
      if (!f) return err(EBADF);
      if (f.kind !== 'dir') return err(ENOTDIR);
      ctx.files.vfs.cwd = f.path!;
      return 0n;
    },
  },
  getdents64: {
    args: ['fd', 'hex', 'uint'], ret: 'int',
    fn(ctx, a) {
      const fd = s32(a[0]!);
      const left = ctx.files.takeDirEntries(fd);
      if (typeof left === 'number') return BigInt(left);
      const f = ctx.files.get(fd)!;
      const max = Number(BigInt.asUintN(32, a[2]!));
      const out: number[] = [];
      let n = 0;
      while (left.length > 0) {
        const name = new TextEncoder().encode(left[0]!);
        const reclen = (19 + name.length + 1 + 7) & ~7;
        if (n + reclen > max) break;
        const rec = new Uint8Array(reclen);
        const v = new DataView(rec.buffer);
        const child = ctx.files.vfs.lookup(`${f.path}/${left[0]}`, false);
        const node = typeof child === 'number' ? undefined : child.node;
        v.setBigUint64(0, BigInt(node?.ino ?? 1), true);
        v.setBigInt64(8, BigInt(n + reclen), true);
        v.setUint16(16, reclen, true);
        const t = node ? (node.mode & S_IFMT) >> 12 : 4; // DT_* is the S_IFMT type >> 12
        rec[18] = t;
        rec.set(name, 19);
        out.push(...rec);
        n += reclen;
        left.shift();
      }
      if (n === 0 && left.length > 0) return err(EINVAL);
      return ctx.copyToUser(a[1]!, Uint8Array.from(out)) ? BigInt(n) : err(EFAULT);
    },
  },
  unlink: { args: ['path'], ret: 'int', fn: (ctx, a) => readOnly(ctx, AT_FDCWD, a[0]!) },
  unlinkat: { args: ['dirfd', 'path', 'int'], ret: 'int', fn: (ctx, a) => readOnly(ctx, s32(a[0]!), a[1]!) },
  mkdir: { args: ['path', 'mode'], ret: 'int', fn: (ctx, a) => readOnly(ctx, AT_FDCWD, a[0]!) },
  umask: { args: ['mode'], ret: 'int', fn: (ctx, a) => { const old = ctx.umask; ctx.umask = s32(a[0]!) & 0o777; return BigInt(old); } },
};

/** Nothing in the tree can be changed: EACCES where it exists, ENOENT where not (a read-only tree). */
function readOnly(ctx: SyscallContext, dirfd: number, pathAddr: bigint): bigint {
  const s = statAt(ctx, dirfd, pathAddr, AT_SYMLINK_NOFOLLOW);
  if (typeof s === 'bigint') return s === err(ENOENT) ? err(ENOENT) : s;
  return err(EACCES);
}
