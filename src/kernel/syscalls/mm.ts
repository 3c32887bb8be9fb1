// mm/: the program break and mappings (mm/mmap.c, mm/mremap.c, mm/mprotect.c).
import { EBADF, EINVAL, ENODEV } from '../errno.js';
import { err, s32, ulongOf, type SyscallTable } from './context.js';

const MAP_PRIVATE = 2;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;

export const MM_SYSCALLS: SyscallTable = {
  brk: { args: ['ptr'], ret: 'hex', fn: (ctx, a, abi) => ctx.mm.doBrk(ulongOf(abi, a[0]!)) },
  mmap: {
    args: ['ptr', 'uint', 'prot', 'mflags', 'fd', 'hex'], ret: 'hex',
    fn(ctx, a, abi) {
      const flags = s32(a[3]!);
      if ((flags & MAP_ANONYMOUS) === 0) return err(s32(a[4]!) < 0 ? EBADF : ENODEV);
      if ((flags & 3) !== MAP_PRIVATE) return err(EINVAL);
      return ctx.mm.mmapAnonymous(ulongOf(abi, a[0]!), ulongOf(abi, a[1]!), s32(a[2]!), (flags & MAP_FIXED) !== 0);
    },
  },
  munmap: { args: ['ptr', 'uint'], ret: 'int', fn: (ctx, a, abi) => ctx.mm.munmap(ulongOf(abi, a[0]!), ulongOf(abi, a[1]!)) },
};
MM_SYSCALLS.mmap2 = MM_SYSCALLS.mmap!;

/** i386 old_mmap (#90): one pointer to struct mmap_arg_struct {addr, len, prot, flags, fd, offset}. */
MM_SYSCALLS['i386:mmap'] = {
  args: ['ptr'], ret: 'hex',
  fn(ctx, a, abi) {
    const b = ctx.copyFromUser(a[0]!, 24);
    if (!b) return err(14);
    const dv = new DataView(b.buffer, b.byteOffset, 24);
    const args = [0, 1, 2, 3, 4, 5].map((i) => BigInt(dv.getUint32(i * 4, true)));
    if ((args[5]! & 0xfffn) !== 0n) return err(EINVAL);
    return MM_SYSCALLS.mmap!.fn(ctx, [...args.slice(0, 5), args[5]! >> 12n], abi);
  },
};
