// fs/: file descriptors and I/O (read_write.c, open.c, ioctl.c) over the process's FileTable.
import { EBADF, EINVAL, ENAMETOOLONG, ENOTTY } from '../errno.js';
import { err, getWord, PATH_MAX, s32, stringFromUser, ulongOf, wordOf, type SyscallContext, type SyscallTable } from './context.js';

/** MAX_RW_COUNT: one read/write moves at most INT_MAX rounded down to a page. */
const MAX_RW_COUNT = 0x7ffff000n;
const clampCount = (n: bigint): number => Number(n > MAX_RW_COUNT ? MAX_RW_COUNT : n);

function openPath(ctx: SyscallContext, pathArg: bigint, flags: number, mode: number, dirfd = -100): bigint {
  const path = stringFromUser(ctx, pathArg, PATH_MAX);
  if (path === null) return err(14);
  if (path === 'toolong') return err(ENAMETOOLONG);
  return BigInt(ctx.files.open(path, flags, mode & 0o7777, dirfd));
}

export const FS_SYSCALLS: SyscallTable = {
  read: {
    args: ['fd', 'rbuf', 'uint'], ret: 'int',
    fn(ctx, a, abi) {
      const fd = s32(a[0]!);
      if (!ctx.files.isOpen(fd)) return err(EBADF);
      const got = ctx.files.read(fd, clampCount(ulongOf(abi, a[2]!)));
      if (typeof got === 'number') return BigInt(got);
      if (got.length > 0 && !ctx.copyToUser(a[1]!, got)) return err(14);
      return BigInt(got.length);
    },
  },
  write: {
    args: ['fd', 'wbuf', 'uint'], ret: 'int',
    fn(ctx, a, abi) {
      const fd = s32(a[0]!);
      const count = clampCount(ulongOf(abi, a[2]!));
      if (!ctx.files.isOpen(fd)) return err(EBADF);
      const bytes = count === 0 ? new Uint8Array(0) : ctx.copyFromUser(a[1]!, count);
      if (!bytes) return err(14);
      return BigInt(ctx.files.write(fd, bytes));
    },
  },
  writev: {
    args: ['fd', 'iovec', 'int'], ret: 'int',
    fn(ctx, a, abi) {
      const word = wordOf(abi);
      const fd = s32(a[0]!);
      const cnt = s32(a[2]!);
      if (!ctx.files.isOpen(fd)) return err(EBADF);
      if (cnt < 0 || cnt > 1024) return err(EINVAL);
      const iov = ctx.copyFromUser(a[1]!, cnt * 2 * word);
      if (!iov) return err(14);
      const parts: Uint8Array[] = [];
      for (let i = 0; i < cnt; i++) {
        const base = getWord(iov, i * 2 * word, word, false);
        const len = Number(getWord(iov, i * 2 * word + word, word, false));
        if (len === 0) continue;
        const p = ctx.copyFromUser(base, len);
        if (!p) return err(14);
        parts.push(p);
      }
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        all.set(p, o);
        o += p.length;
      }
      return BigInt(ctx.files.write(fd, all));
    },
  },
  open: { args: ['path', 'oflags', 'mode'], ret: 'int', fn: (ctx, a) => openPath(ctx, a[0]!, s32(a[1]!), s32(a[2]!)) },
  openat: { args: ['dirfd', 'path', 'oflags', 'mode'], ret: 'int', fn: (ctx, a) => openPath(ctx, a[1]!, s32(a[2]!), s32(a[3]!), s32(a[0]!)) },
  close: { args: ['fd'], ret: 'int', fn: (ctx, a) => BigInt(ctx.files.close(s32(a[0]!))) },
  ioctl: {
    args: ['fd', 'ioctlreq', 'hex'], ret: 'int',
    fn: (ctx, a) => (ctx.files.isOpen(s32(a[0]!)) ? err(ENOTTY) : err(EBADF)),
  },
};
