// mm/: the program break and mappings (mm/mmap.c do_mmap's checks, mm/mremap.c, mm/mprotect.c,
// mm/madvise.c); the VMA work is the MemoryManager's.
import { EACCES, EBADF, EINVAL, ENODEV, EOVERFLOW } from '../errno.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_GROWSDOWN, PROT_WRITE } from '../memoryManager.js';
import { err, s32, ulongOf, type SyscallContext, type SyscallTable } from './context.js';

const PAGE_SHIFT = 12n;
/** Flags MAP_SHARED_VALIDATE accepts (LEGACY_MAP_MASK plus MAP_SYNC ...). */
const KNOWN_MAP_FLAGS = 0x3 | 0x10 | 0x20 | 0x40 | 0x100 | 0x800 | 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0xfc000000;

/** ksys_mmap_pgoff + do_mmap: the checks in Linux's order, then the mapping. */
function doMmap(ctx: SyscallContext, addr: bigint, len: bigint, prot: number, flags: number, fd: number, pgoff: bigint): bigint {
  const type = flags & 3;
  if (!(flags & MAP_ANONYMOUS)) {
    const f = ctx.files.get(fd);
    if (!f) return err(EBADF);
    if (len === 0n) return err(EINVAL);
    if (pgoff + (len >> PAGE_SHIFT) < pgoff) return err(EOVERFLOW);
    if (type === MAP_SHARED_VALIDATE && flags & ~KNOWN_MAP_FLAGS) return err(95); // EOPNOTSUPP
    if (type !== MAP_SHARED && type !== MAP_SHARED_VALIDATE && type !== MAP_PRIVATE) return err(EINVAL);
    if (type !== MAP_PRIVATE && prot & PROT_WRITE && !f.writable) return err(EACCES);
    if (!f.readable) return err(EACCES);
    // what has an mmap file operation here: the tree's regular files, and /dev/zero (anonymous memory)
    if (f.kind === 'zero') return ctx.mm.mmap(addr, len, prot, type === MAP_PRIVATE ? flags : (flags & ~3) | MAP_SHARED);
    if (f.kind !== 'file' && f.kind !== 'hostfile') return err(ENODEV);
    // a shared writable mapping would write the file back: not done (simplification), refused as read-only
    if (type !== MAP_PRIVATE && prot & PROT_WRITE) return err(EACCES);
    const st = ctx.files.statOf(f);
    const ino = typeof st === 'number' ? 0 : Number(st.ino);
    const dev = typeof st === 'number' ? 0n : st.dev;
    const data = f.kind === 'file' ? f.data! : ctx.files.hostBytes(f)!;
    return ctx.mm.mmap(addr, len, prot, flags, { data, name: f.path!, inode: ino, major: Number((dev >> 8n) & 0xfffn), minor: Number(dev & 0xffn) }, pgoff << PAGE_SHIFT);
  }
  if (len === 0n) return err(EINVAL);
  if (type === MAP_SHARED || type === MAP_SHARED_VALIDATE) {
    if (type === MAP_SHARED_VALIDATE && flags & ~KNOWN_MAP_FLAGS) return err(95);
    if (flags & MAP_GROWSDOWN) return err(EINVAL);
  } else if (type !== MAP_PRIVATE) {
    return err(EINVAL);
  }
  return ctx.mm.mmap(addr, len, prot, flags);
}

export const MM_SYSCALLS: SyscallTable = {
  brk: { args: ['ptr'], ret: 'hex', fn: (ctx, a, abi) => ctx.mm.doBrk(ulongOf(abi, a[0]!)) },
  mmap: {
    args: ['ptr', 'uint', 'prot', 'mflags', 'fd', 'hex'], ret: 'hex',
    fn(ctx, a) {
      const off = a[5]!;
      if (off & 0xfffn) return err(EINVAL);
      return doMmap(ctx, a[0]!, a[1]!, s32(a[2]!), s32(a[3]!), s32(a[4]!), off >> PAGE_SHIFT);
    },
  },
  /** i386 mmap2: the offset is in pages. */
  mmap2: {
    args: ['ptr', 'uint', 'prot', 'mflags', 'fd', 'hex'], ret: 'hex',
    fn: (ctx, a, abi) => doMmap(ctx, ulongOf(abi, a[0]!), ulongOf(abi, a[1]!), s32(a[2]!), s32(a[3]!), s32(a[4]!), ulongOf(abi, a[5]!)),
  },
  /** i386 old_mmap (#90): one pointer to struct mmap_arg_struct {addr, len, prot, flags, fd, offset}. */
  'i386:mmap': {
    args: ['ptr'], ret: 'hex',
    fn(ctx, a) {
      const b = ctx.copyFromUser(a[0]!, 24);
      if (!b) return err(14);
      const dv = new DataView(b.buffer, b.byteOffset, 24);
      const v = [0, 1, 2, 3, 4, 5].map((i) => dv.getUint32(i * 4, true));
      if (v[5]! & 0xfff) return err(EINVAL);
      return doMmap(ctx, BigInt(v[0]!), BigInt(v[1]!), v[2]! | 0, v[3]! | 0, v[4]! | 0, BigInt(v[5]! >>> 12));
    },
  },
  munmap: { args: ['ptr', 'uint'], ret: 'int', fn: (ctx, a, abi) => ctx.mm.munmap(ulongOf(abi, a[0]!), ulongOf(abi, a[1]!)) },
  mprotect: { args: ['ptr', 'uint', 'prot'], ret: 'int', fn: (ctx, a, abi) => ctx.mm.mprotect(ulongOf(abi, a[0]!), ulongOf(abi, a[1]!), s32(a[2]!)) },
  mremap: {
    args: ['ptr', 'uint', 'uint', 'mremapflags', 'ptr'], ret: 'hex',
    fn: (ctx, a, abi) => ctx.mm.mremap(ulongOf(abi, a[0]!), ulongOf(abi, a[1]!), ulongOf(abi, a[2]!), s32(a[3]!), ulongOf(abi, a[4]!)),
  },
  madvise: { args: ['ptr', 'uint', 'madvice'], ret: 'int', fn: (ctx, a, abi) => ctx.mm.madvise(ulongOf(abi, a[0]!), ulongOf(abi, a[1]!), s32(a[2]!)) },
  mlock: { args: ['ptr', 'uint'], ret: 'int', fn: () => 0n },
  munlock: { args: ['ptr', 'uint'], ret: 'int', fn: () => 0n },
  msync: {
    args: ['ptr', 'uint', 'int'], ret: 'int',
    fn: (ctx, a, abi) => (ulongOf(abi, a[0]!) & 0xfffn ? err(EINVAL) : 0n),
  },
};
