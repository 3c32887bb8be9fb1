// fs/stat.c, fs/open.c (access), fs/d_path.c (getcwd), fs/readdir.c: what the tree says about
// its files, in each ABI's struct stat (x86_64 stat, i386 stat and stat64, statx).
import { EBADF, EFAULT, EINVAL, ENOENT, ENOTDIR, ERANGE, EACCES, EOVERFLOW } from '../errno.js';
import type { LinuxStat } from '../hostFs.js';
import { S_IFMT } from '../virtualFs.js';
import { pathArg } from './fs.js';
import { err, s32, ulongOf, type Abi, type SyscallContext, type SyscallTable } from './context.js';

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;

type StatInfo = LinuxStat;
const sec = (ns: bigint): bigint => ns / 1_000_000_000n;
const nsec = (ns: bigint): bigint => ns % 1_000_000_000n;

/** The x86_64 struct stat (144 bytes), also newfstatat's. */
function stat64Layout(ctx: SyscallContext, s: StatInfo): Uint8Array {
  const b = new Uint8Array(144);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, s.dev, true);
  v.setBigUint64(8, s.ino, true);
  v.setBigUint64(16, s.nlink, true);
  v.setUint32(24, s.mode, true);
  v.setUint32(28, s.uid, true);
  v.setUint32(32, s.gid, true);
  v.setBigUint64(40, s.rdev, true);
  v.setBigInt64(48, s.size, true);
  v.setBigInt64(56, s.blksize, true);
  v.setBigInt64(64, s.blocks, true);
  [s.atimeNs, s.mtimeNs, s.ctimeNs].forEach((t, i) => {
    v.setBigInt64(72 + 16 * i, sec(t), true);
    v.setBigInt64(80 + 16 * i, nsec(t), true);
  });
  return b;
}

/** The i386 struct stat64 (96 bytes; fstat64/stat64/fstatat64). */
function i386Stat64Layout(ctx: SyscallContext, s: StatInfo): Uint8Array {
  const b = new Uint8Array(96);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, s.dev, true);
  v.setUint32(12, Number(s.ino & 0xffffffffn), true);
  v.setUint32(16, s.mode, true);
  v.setUint32(20, Number(s.nlink), true);
  v.setUint32(24, s.uid, true);
  v.setUint32(28, s.gid, true);
  v.setBigUint64(32, s.rdev, true);
  v.setBigInt64(44, s.size, true);
  v.setUint32(52, Number(s.blksize), true);
  v.setBigUint64(56, s.blocks, true);
  [s.atimeNs, s.mtimeNs, s.ctimeNs].forEach((t, i) => {
    v.setUint32(64 + 8 * i, Number(BigInt.asUintN(32, sec(t))), true);
    v.setUint32(68 + 8 * i, Number(nsec(t)), true);
  });
  v.setBigUint64(88, s.ino, true);
  return b;
}

/** The old i386 struct stat (64 bytes; stat/fstat/lstat on the 32-bit table). */
function i386StatLayout(ctx: SyscallContext, s: StatInfo): Uint8Array {
  const b = new Uint8Array(64);
  const v = new DataView(b.buffer);
  // the old struct stat has 32-bit fields: what does not fit is EOVERFLOW
  v.setUint32(0, Number(s.dev & 0xffffffffn), true);
  v.setUint32(4, Number(s.ino & 0xffffffffn), true);
  v.setUint16(8, s.mode, true);
  v.setUint16(10, Number(s.nlink), true);
  v.setUint16(12, s.uid, true);
  v.setUint16(14, s.gid, true);
  v.setUint32(16, Number(s.rdev & 0xffffffffn), true);
  v.setUint32(20, Number(s.size & 0xffffffffn), true);
  v.setUint32(24, Number(s.blksize), true);
  v.setUint32(28, Number(s.blocks & 0xffffffffn), true);
  [s.atimeNs, s.mtimeNs, s.ctimeNs].forEach((t, i) => {
    v.setUint32(32 + 8 * i, Number(BigInt.asUintN(32, sec(t))), true);
    v.setUint32(36 + 8 * i, Number(nsec(t)), true);
  });
  return b;
}

/** struct statx (256 bytes), the basic fields (STATX_BASIC_STATS). */
function statxLayout(ctx: SyscallContext, s: StatInfo): Uint8Array {
  const b = new Uint8Array(256);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x7ff, true);
  v.setUint32(4, 4096, true);
  v.setUint32(16, Number(s.nlink), true);
  v.setUint32(20, s.uid, true);
  v.setUint32(24, s.gid, true);
  v.setUint16(28, s.mode, true);
  v.setBigUint64(32, s.ino, true);
  v.setBigUint64(40, s.size, true);
  v.setBigUint64(48, s.blocks, true);
  // atime, btime, ctime, mtime (struct statx_timestamp: 64-bit seconds, 32-bit ns)
  [s.atimeNs, s.birthtimeNs, s.ctimeNs, s.mtimeNs].forEach((t, i) => {
    v.setBigInt64(64 + 16 * i, sec(t), true);
    v.setUint32(72 + 16 * i, Number(nsec(t)), true);
  });
  const major = (d: bigint): number => Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = (d: bigint): number => Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  v.setUint32(128, major(s.rdev), true);
  v.setUint32(132, minor(s.rdev), true);
  v.setUint32(136, major(s.dev), true);
  v.setUint32(140, minor(s.dev), true);
  return b;
}

type Layout = (ctx: SyscallContext, s: StatInfo) => Uint8Array;

/** The stat of dirfd+path (AT_EMPTY_PATH: of the fd itself), or an errno. */
function statAt(ctx: SyscallContext, dirfd: number, pathAddr: bigint, flags: number): StatInfo | bigint {
  const path = pathArg(ctx, pathAddr);
  if (typeof path !== 'string') return path;
  if (path === '' && flags & AT_EMPTY_PATH) {
    if (dirfd === AT_FDCWD) return orErr(ctx.files.statPath('.', true));
    const f = ctx.files.get(dirfd);
    return f ? orErr(ctx.files.statOf(f)) : err(EBADF);
  }
  return orErr(ctx.files.statPath(path, (flags & AT_SYMLINK_NOFOLLOW) === 0, dirfd));
}

const orErr = (r: number | StatInfo): StatInfo | bigint => (typeof r === 'number' ? BigInt(r) : r);

function put(ctx: SyscallContext, addr: bigint, s: StatInfo | bigint, layout: Layout): bigint {
  if (typeof s === 'bigint') return s;
  return ctx.copyToUser(addr, layout(ctx, s)) ? 0n : err(EFAULT);
}

const fstatWith = (layout: Layout): SyscallTable[string] => ({
  args: ['fd', 'stat_out'], ret: 'int',
  fn(ctx, a) {
    const f = ctx.files.get(s32(a[0]!));
    return f ? put(ctx, a[1]!, orErr(ctx.files.statOf(f)), layout) : err(EBADF);
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
  if (s32(size) <= 0) return err(EINVAL);
  const n = Number(ulongOf(abi, size) > 0x7fffffffn ? 0x7fffffffn : ulongOf(abi, size));
  const where = ctx.files.locate(path, false, dirfd);
  if (typeof where === 'number') return BigInt(where);
  let target: string;
  if ('node' in where) {
    if (where.node.kind !== 'link') return err(EINVAL);
    target = where.node.target!;
  } else {
    if (!where.exists) return err(ENOENT);
    const t = ctx.files.host.readlink(where);
    if (typeof t === 'number') return BigInt(t === -ENOENT ? t : t === -EINVAL ? t : t);
    target = t;
  }
  const bytes = new TextEncoder().encode(target).subarray(0, n);
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
      const cwd = new TextEncoder().encode(ctx.files.cwd + '\0');
      if (ulongOf(abi, a[1]!) < BigInt(cwd.length)) return err(ERANGE);
      return ctx.copyToUser(a[0]!, cwd) ? BigInt(cwd.length) : err(EFAULT);
    },
  },
  chdir: {
    args: ['path'], ret: 'int',
    fn(ctx, a) {
      const path = pathArg(ctx, a[0]!);
      if (typeof path !== 'string') return path;
      const where = ctx.files.locate(path, true);
      if (typeof where === 'number') return BigInt(where);
      if ('node' in where) {
        if (where.node.kind !== 'dir') return err(ENOTDIR);
        ctx.files.host.cwd = where.path;
        return 0n;
      }
      if (!where.exists) return err(ENOENT);
      const st = ctx.files.host.stat(where, true);
      if (typeof st === 'number') return BigInt(st);
      if ((st.mode & S_IFMT) !== 0o040000) return err(ENOTDIR);
      ctx.files.host.cwd = where.guest;
      return 0n;
    },
  },
  fchdir: {
    args: ['fd'], ret: 'int',
    fn(ctx, a) {
      const f = ctx.files.get(s32(a[0]!));
      if (!f) return err(EBADF);
      if (f.kind !== 'dir' && f.kind !== 'hostdir') return err(ENOTDIR);
      ctx.files.host.cwd = f.path!;
      return 0n;
    },
  },
  getdents64: { args: ['fd', 'hex', 'uint'], ret: 'int', fn: (ctx, a) => getdents(ctx, a, 'dirent64') },
  // the old linux_dirent (compat_linux_dirent for i386): longs of the ABI, d_type in the last byte
  getdents: { args: ['fd', 'hex', 'uint'], ret: 'int', fn: (ctx, a, abi) => getdents(ctx, a, abi === 'i386' ? 'dirent32' : 'dirent64old') },
  unlink: { args: ['path'], ret: 'int', fn: (ctx, a) => readOnly(ctx, AT_FDCWD, a[0]!) },
  unlinkat: { args: ['dirfd', 'path', 'int'], ret: 'int', fn: (ctx, a) => readOnly(ctx, s32(a[0]!), a[1]!) },
  mkdir: { args: ['path', 'mode'], ret: 'int', fn: (ctx, a) => readOnly(ctx, AT_FDCWD, a[0]!) },
  umask: { args: ['mode'], ret: 'int', fn: (ctx, a) => { const old = ctx.files.umask; ctx.files.umask = s32(a[0]!) & 0o777; return BigInt(old); } },
};

/**
 * getdents64 (struct linux_dirent64: d_ino, d_off, d_reclen, d_type, d_name) or getdents (struct
 * linux_dirent: d_ino, d_off as longs, d_reclen, d_name, NUL, d_type in the record's last byte),
 * records 8- or long-aligned as fs/readdir.c fills them. A buffer too small for one record is EINVAL.
 */
function getdents(ctx: SyscallContext, a: bigint[], layout: 'dirent64' | 'dirent64old' | 'dirent32'): bigint {
  const d = ctx.files.dirEntries(s32(a[0]!));
  if (typeof d === 'number') return BigInt(d);
  const max = Number(BigInt.asUintN(32, a[2]!));
  const long = layout === 'dirent32' ? 4 : 8;
  const out: number[] = [];
  let used = 0;
  let taken = 0;
  for (const e of d.entries) {
    const name = new TextEncoder().encode(e.name);
    const nameAt = layout === 'dirent64' ? 19 : 2 * long + 2;
    const reclen = (nameAt + name.length + (layout === 'dirent64' ? 1 : 2) + long - 1) & ~(long - 1);
    if (used + reclen > max) break;
    if (long === 4 && e.ino > 0xffffffffn) return err(EOVERFLOW);
    const rec = new Uint8Array(reclen);
    const v = new DataView(rec.buffer);
    if (long === 8) {
      v.setBigUint64(0, e.ino, true);
      v.setBigInt64(8, BigInt(taken + 1), true);
    } else {
      v.setUint32(0, Number(e.ino), true);
      v.setUint32(4, taken + 1, true);
    }
    v.setUint16(2 * long, reclen, true);
    if (layout === 'dirent64') rec[18] = e.type;
    else rec[reclen - 1] = e.type;
    rec.set(name, nameAt);
    out.push(...rec);
    used += reclen;
    taken++;
  }
  if (taken === 0 && d.entries.length > 0) return err(EINVAL);
  if (!ctx.copyToUser(a[1]!, Uint8Array.from(out))) return err(EFAULT);
  d.advance(taken);
  return BigInt(used);
}

/** Nothing in the tree can be changed: EACCES where it exists, ENOENT where not (a read-only tree). */
function readOnly(ctx: SyscallContext, dirfd: number, pathAddr: bigint): bigint {
  const s = statAt(ctx, dirfd, pathAddr, AT_SYMLINK_NOFOLLOW);
  if (typeof s === 'bigint') return s;
  return err(30); // EROFS: the guest changes nothing outside --writable (where this is not implemented yet)
}
