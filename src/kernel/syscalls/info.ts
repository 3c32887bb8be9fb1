// kernel/sys.c and friends: what the system says about itself (uname, getcpu ...).
import { err, type SyscallTable } from './context.js';

const enc = new TextEncoder();

function utsname(machine: string): Uint8Array {
  const fields = ['Linux', 'trapdoor', '6.18.0-trapdoor', '#1 SMP PREEMPT_DYNAMIC trapdoor', machine, '(none)'];
  const out = new Uint8Array(65 * 6);
  fields.forEach((f, i) => out.set(enc.encode(f).subarray(0, 64), i * 65));
  return out;
}

export const INFO_SYSCALLS: SyscallTable = {
  uname: { args: ['utsname'], ret: 'int', fn: (ctx, a) => (ctx.copyToUser(a[0]!, utsname(ctx.unameMachine)) ? 0n : err(14)) },
  getcpu: {
    args: ['uint_out', 'uint_out', 'ptr'], ret: 'int',
    fn(ctx, a) {
      const zero = new Uint8Array(4);
      if (a[0]! !== 0n && !ctx.copyToUser(a[0]!, zero)) return err(14);
      if (a[1]! !== 0n && !ctx.copyToUser(a[1]!, zero)) return err(14);
      return 0n;
    },
  },
};
