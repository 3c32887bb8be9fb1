// fs/statfs.c and mm/fadvise.c: statfs/fstatfs (and i386's statfs64/fstatfs64) describe the file
// system a path lives on; fadvise64 takes the advice and does nothing visible, as on Linux.
import { statfsSync } from 'node:fs';
import { EBADF, EFAULT, EINVAL, ENOENT, ESPIPE } from '../errno.js';
import type { OpenFile } from '../files.js';
import { pathArg } from './fs.js';
import { err, s32, type Abi, type SyscallContext, type SyscallTable } from './context.js';

const PROC_SUPER_MAGIC = 0x9fa0n, TMPFS_MAGIC = 0x01021994n;
const ST_RDONLY = 1n, ST_VALID = 0x20n;

interface FsInfo { type: bigint; bsize: bigint; blocks: bigint; bfree: bigint; bavail: bigint; files: bigint; ffree: bigint; flags: bigint }

/** What the guest's view says of the file system at a host path (read-only unless --writable). */
function hostInfo(host: string, writable: boolean): FsInfo | bigint {
  try {
    const s = statfsSync(host, { bigint: true });
    return { type: s.type, bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree, flags: ST_VALID | (writable ? 0n : ST_RDONLY) };
  } catch {
    return err(ENOENT);
  }
}

/** The virtual trees: /proc is procfs, /dev a devtmpfs (tmpfs's magic), empty and read-only. */
function virtualInfo(path: string): FsInfo {
  const proc = path === '/proc' || path.startsWith('/proc/');
  return { type: proc ? PROC_SUPER_MAGIC : TMPFS_MAGIC, bsize: 4096n, blocks: 0n, bfree: 0n, bavail: 0n, files: 0n, ffree: 0n, flags: ST_VALID | ST_RDONLY };
}

function pathInfo(ctx: SyscallContext, addr: bigint): FsInfo | bigint {
  const path = pathArg(ctx, addr);
  if (typeof path !== 'string') return path;
  const where = ctx.files.locate(path, true);
  if (typeof where === 'number') return BigInt(where);
  if ('node' in where) return virtualInfo(where.path);
  if (!where.exists) return err(ENOENT);
  return hostInfo(where.host, ctx.files.host.mayWrite(where));
}

function fdInfo(ctx: SyscallContext, fd: number): FsInfo | bigint {
  const f = ctx.files.get(fd);
  if (!f) return err(EBADF);
  if (f.node || f.kind === 'null' || f.kind === 'zero' || f.kind === 'urandom' || f.kind === 'tty') return virtualInfo(f.path ?? '/dev');
  if (f.kind === 'pipe') return { ...virtualInfo('/'), type: 0x50495045n }; // PIPEFS_MAGIC
  if (f.path) {
    const where = ctx.files.locate(f.path, true);
    if (typeof where !== 'number' && !('node' in where) && where.exists) return hostInfo(where.host, ctx.files.host.mayWrite(where));
  }
  return virtualInfo('/dev'); // the std streams
}

/** struct statfs: 120 bytes of longs on x86_64, 64 bytes of u32 on i386; statfs64 is i386's 84-byte packed one. */
function layout(info: FsInfo, kind: 'statfs64' | 'statfs32' | 'statfs'): Uint8Array {
  const size = kind === 'statfs' ? 120 : kind === 'statfs32' ? 64 : 84;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  const u32 = (off: number, x: bigint): void => v.setUint32(off, Number(BigInt.asUintN(32, x)), true);
  const u64 = (off: number, x: bigint): void => v.setBigUint64(off, BigInt.asUintN(64, x), true);
  const counts = [info.blocks, info.bfree, info.bavail, info.files, info.ffree];
  if (kind === 'statfs') {
    [info.type, info.bsize, ...counts].forEach((x, i) => { u64(8 * i, x); });
    u64(64, 255n); // f_namelen (after the 8-byte f_fsid at 56)
    u64(72, info.bsize); // f_frsize
    u64(80, info.flags);
  } else if (kind === 'statfs32') {
    [info.type, info.bsize, ...counts].forEach((x, i) => { u32(4 * i, x); });
    u32(36, 255n);
    u32(40, info.bsize);
    u32(44, info.flags);
  } else {
    u32(0, info.type);
    u32(4, info.bsize);
    counts.forEach((x, i) => { u64(8 + 8 * i, x); });
    u32(56, 255n);
    u32(60, info.bsize);
    u32(64, info.flags);
  }
  return b;
}

function put(ctx: SyscallContext, buf: bigint, info: FsInfo | bigint, kind: 'statfs64' | 'statfs32' | 'statfs'): bigint {
  if (typeof info === 'bigint') return info;
  return ctx.copyToUser(buf, layout(info, kind)) ? 0n : err(EFAULT);
}

const plainKind = (abi: Abi): 'statfs' | 'statfs32' => (abi === 'x86_64' ? 'statfs' : 'statfs32');

/** fadvise64: the advice (POSIX_FADV_NORMAL..NOREUSE) is checked and taken; nothing is cached here to act on. */
function fadvise(ctx: SyscallContext, fd: number, advice: number): bigint {
  const f: OpenFile | undefined = ctx.files.get(fd);
  if (!f) return err(EBADF);
  if (f.kind === 'pipe') return err(ESPIPE);
  if (advice < 0 || advice > 5) return err(EINVAL);
  return 0n;
}

export const FS_STATFS_SYSCALLS: SyscallTable = {
  statfs: { args: ['path', 'ptr'], ret: 'int', fn: (ctx, a, abi) => put(ctx, a[1]!, pathInfo(ctx, a[0]!), plainKind(abi)) },
  fstatfs: { args: ['fd', 'ptr'], ret: 'int', fn: (ctx, a, abi) => put(ctx, a[1]!, fdInfo(ctx, s32(a[0]!)), plainKind(abi)) },
  statfs64: {
    args: ['path', 'uint', 'ptr'], ret: 'int',
    fn: (ctx, a) => (Number(a[1]!) !== 84 ? err(EINVAL) : put(ctx, a[2]!, pathInfo(ctx, a[0]!), 'statfs64')),
  },
  fstatfs64: {
    args: ['fd', 'uint', 'ptr'], ret: 'int',
    fn: (ctx, a) => (Number(a[1]!) !== 84 ? err(EINVAL) : put(ctx, a[2]!, fdInfo(ctx, s32(a[0]!)), 'statfs64')),
  },
  // x86_64 fadvise64(fd, offset, len, advice)
  fadvise64: { args: ['fd', 'off64', 'uint', 'fadvice'], ret: 'int', fn: (ctx, a) => fadvise(ctx, s32(a[0]!), s32(a[3]!)) },
  // i386 fadvise64(fd, offset lo, offset hi, len, advice)
  'i386:fadvise64': { args: ['fd', 'off64', 'hi32', 'uint', 'fadvice'], ret: 'int', fn: (ctx, a) => fadvise(ctx, s32(a[0]!), s32(a[4]!)) },
  // i386 fadvise64_64(fd, offset lo, offset hi, len lo, len hi, advice)
  fadvise64_64: { args: ['fd', 'off64', 'hi32', 'off64', 'hi32', 'fadvice'], ret: 'int', fn: (ctx, a) => fadvise(ctx, s32(a[0]!), s32(a[5]!)) },
};
