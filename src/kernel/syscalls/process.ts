// kernel/ (exit.c, sys.c, fork.c) and arch/x86/kernel (process_64.c, tls.c): the process itself:
// exit, ids, the TID address and the thread's TLS (FS/GS bases, GDT TLS entries).
import { EINVAL, EPERM } from '../errno.js';
import { err, s32, ulongOf, type SyscallTable } from './context.js';

const ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;

export const PROCESS_SYSCALLS: SyscallTable = {
  exit: { args: ['int'], ret: 'noreturn', fn: (ctx, a) => (ctx.exit(s32(a[0]!) & 0xff), 0n) },
  exit_group: { args: ['int'], ret: 'noreturn', fn: (ctx, a) => (ctx.exit(s32(a[0]!) & 0xff), 0n) },
  getpid: { args: [], ret: 'int', fn: (ctx) => BigInt(ctx.pid) },
  gettid: { args: [], ret: 'int', fn: (ctx) => BigInt(ctx.pid) },
  getppid: { args: [], ret: 'int', fn: (ctx) => BigInt(ctx.ppid) },
  set_tid_address: {
    args: ['ptr'], ret: 'int',
    fn(ctx, a, abi) {
      ctx.tidAddress = ulongOf(abi, a[0]!);
      return BigInt(ctx.pid);
    },
  },
  arch_prctl: {
    args: ['archcode', 'archaddr'], ret: 'int',
    fn(ctx, a) {
      if (!ctx.is64BitProcess) return err(EINVAL);
      const put = (v: bigint): bigint => {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setBigUint64(0, v, true);
        return ctx.copyToUser(a[1]!, b) ? 0n : err(14);
      };
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
      if (!u) return err(14);
      const dv = new DataView(u.buffer, u.byteOffset, 16);
      let entry = dv.getInt32(0, true);
      if (entry === -1) {
        entry = ctx.tlsEntryMin;
        dv.setInt32(0, entry, true);
        if (!ctx.copyToUser(a[0]!, u.slice(0, 4))) return err(14);
      }
      if (entry < ctx.tlsEntryMin || entry > ctx.tlsEntryMin + 2) return err(EINVAL);
      ctx.setTlsDescriptor(entry, dv.getUint32(4, true), dv.getUint32(8, true), dv.getUint32(12, true));
      return 0n;
    },
  },
};
