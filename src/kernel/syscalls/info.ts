// kernel/sys.c, kernel/sys_ni.c, drivers/char/random.c: what the system says about itself
// (uname, sysinfo, times, getrusage, getcpu) and getrandom from the seeded generator.
import { EFAULT, EINVAL } from '../errno.js';
import { CLOCK_MONOTONIC, NSEC_PER_SEC } from '../timekeeping.js';
import { clockNow } from './time.js';
import { err, putWord, s32, ulongOf, wordOf, type SyscallTable } from './context.js';

const enc = new TextEncoder();
/** USER_HZ: clock_t ticks per second. */
const USER_HZ = 100n;

function utsname(machine: string): Uint8Array {
  const fields = ['Linux', 'trapdoor', '6.18.0-trapdoor', '#1 SMP PREEMPT_DYNAMIC trapdoor', machine, '(none)'];
  const out = new Uint8Array(65 * 6);
  fields.forEach((f, i) => { out.set(enc.encode(f).subarray(0, 64), i * 65); });
  return out;
}

export const INFO_SYSCALLS: SyscallTable = {
  uname: { args: ['utsname'], ret: 'int', fn: (ctx, a) => (ctx.copyToUser(a[0]!, utsname(ctx.unameMachine)) ? 0n : err(EFAULT)) },
  getcpu: {
    args: ['uint_out', 'uint_out', 'ptr'], ret: 'int',
    fn(ctx, a) {
      const zero = new Uint8Array(4);
      if (a[0]! !== 0n && !ctx.copyToUser(a[0]!, zero)) return err(EFAULT);
      if (a[1]! !== 0n && !ctx.copyToUser(a[1]!, zero)) return err(EFAULT);
      return 0n;
    },
  },
  sysinfo: {
    args: ['hex'], ret: 'int',
    fn(ctx, a, abi) {
      const w = wordOf(abi);
      // struct sysinfo: uptime, loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap,
      // procs (u16), totalhigh, freehigh, mem_unit (u32): 112 bytes on x86_64, 64 on i386
      const b = new Uint8Array(w === 8 ? 112 : 64);
      const v = new DataView(b.buffer);
      const up = clockNow(ctx, CLOCK_MONOTONIC)![0];
      const total = ctx.mm.memoryLimit;
      const free = total - ctx.mm.mappedBytes();
      const vals = [up, 0n, 0n, 0n, total, free < 0n ? 0n : free, 0n, 0n, 0n, 0n];
      vals.forEach((x, i) => { putWord(v, i * w, w === 4 ? (x > 0xffffffffn ? 0xffffffffn : x) : x, w); });
      v.setUint16(10 * w, 1, true); // procs
      const memUnitOff = w === 8 ? 104 : 52;
      v.setUint32(memUnitOff, 1, true);
      return ctx.copyToUser(a[0]!, b) ? 0n : err(EFAULT);
    },
  },
  times: {
    args: ['hex'], ret: 'int',
    fn(ctx, a, abi) {
      const w = wordOf(abi);
      const ns = (ctx.cycles() * NSEC_PER_SEC) / BigInt(Math.round(ctx.tk.tscHz));
      const ticks = (ns * USER_HZ) / NSEC_PER_SEC;
      if (a[0]! !== 0n) {
        const b = new Uint8Array(4 * w);
        putWord(new DataView(b.buffer), 0, ticks, w); // tms_utime: the process has been on the CPU all along
        if (!ctx.copyToUser(a[0]!, b)) return err(EFAULT);
      }
      const up = clockNow(ctx, CLOCK_MONOTONIC)!;
      return ulongOf(abi, up[0] * USER_HZ + up[1] / (NSEC_PER_SEC / USER_HZ));
    },
  },
  getrusage: {
    args: ['int', 'hex'], ret: 'int',
    fn(ctx, a, abi) {
      const who = s32(a[0]!);
      if (who !== 0 && who !== -1 && who !== 1) return err(EINVAL);
      const w = wordOf(abi);
      const b = new Uint8Array(18 * w); // two timevals and 14 longs
      if (who !== -1) {
        const ns = (ctx.cycles() * NSEC_PER_SEC) / BigInt(Math.round(ctx.tk.tscHz));
        const v = new DataView(b.buffer);
        putWord(v, 0, ns / NSEC_PER_SEC, w);
        putWord(v, w, (ns % NSEC_PER_SEC) / 1000n, w);
        putWord(v, 4 * w, ctx.mm.mappedBytes() / 1024n, w); // ru_maxrss in KiB
      }
      return ctx.copyToUser(a[1]!, b) ? 0n : err(EFAULT);
    },
  },
  getrandom: {
    args: ['wbuf', 'uint', 'grnd'], ret: 'int',
    fn(ctx, a, abi) {
      const GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;
      const flags = s32(a[2]!);
      if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) || (flags & GRND_INSECURE && flags & GRND_RANDOM)) return err(EINVAL);
      const count = ulongOf(abi, a[1]!);
      const n = Number(count > 0x1ffffffn ? 0x1ffffffn : count);
      if (n === 0) return 0n;
      return ctx.copyToUser(a[0]!, ctx.randomBytes(n)) ? BigInt(n) : err(EFAULT);
    },
  },
};
