// kernel/time/: clocks and sleeping on simulated time (nothing sleeps on the host).
import { EINVAL } from '../errno.js';
import {
  CLOCK_MONOTONIC_COARSE, CLOCK_PROCESS_CPUTIME_ID, CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_THREAD_CPUTIME_ID, NSEC_PER_SEC,
} from '../timekeeping.js';
import { err, getWord, putWord, s32, wordOf, words, type SyscallContext, type SyscallTable } from './context.js';

/** The clock's [sec, nsec] now; CPU-time clocks count the cycles since boot (the process has run all along). */
export function clockNow(ctx: SyscallContext, clock: number): [bigint, bigint] | null {
  const t = ctx.tk.read(clock, ctx.cycles());
  if (t) return t;
  if (clock === CLOCK_PROCESS_CPUTIME_ID || clock === CLOCK_THREAD_CPUTIME_ID) {
    const ns = (ctx.cycles() * NSEC_PER_SEC) / BigInt(Math.round(ctx.tk.tscHz));
    return [ns / NSEC_PER_SEC, ns % NSEC_PER_SEC];
  }
  return null;
}

export const TIME_SYSCALLS: SyscallTable = {
  gettimeofday: {
    args: ['timeval_out', 'tz'], ret: 'int',
    fn(ctx, a, abi) {
      const [sec, ns] = ctx.tk.read(CLOCK_REALTIME, ctx.cycles())!;
      if (a[0]! !== 0n && !ctx.copyToUser(a[0]!, words(wordOf(abi), sec, ns / 1000n))) return err(14);
      if (a[1]! !== 0n && !ctx.copyToUser(a[1]!, new Uint8Array(8))) return err(14);
      return 0n;
    },
  },
  time: {
    args: ['time_out'], ret: 'time',
    fn(ctx, a, abi) {
      const word = wordOf(abi);
      const [sec] = ctx.tk.read(CLOCK_REALTIME_COARSE, ctx.cycles())!;
      if (a[0]! !== 0n) {
        const b = new Uint8Array(word);
        putWord(new DataView(b.buffer), 0, sec, word);
        if (!ctx.copyToUser(a[0]!, b)) return err(14);
      }
      return sec;
    },
  },
  clock_gettime: {
    args: ['clockid', 'timespec_out'], ret: 'int',
    fn(ctx, a, abi) {
      const t = clockNow(ctx, s32(a[0]!));
      if (!t) return err(EINVAL);
      return ctx.copyToUser(a[1]!, words(wordOf(abi), t[0], t[1])) ? 0n : err(14);
    },
  },
  clock_getres: {
    args: ['clockid', 'timespec_out'], ret: 'int',
    fn(ctx, a, abi) {
      const clock = s32(a[0]!);
      if (!clockNow(ctx, clock)) return err(EINVAL);
      const res = clock === CLOCK_REALTIME_COARSE || clock === CLOCK_MONOTONIC_COARSE ? 4_000_000n : 1n;
      if (a[1]! !== 0n && !ctx.copyToUser(a[1]!, words(wordOf(abi), 0n, res))) return err(14);
      return 0n;
    },
  },
  nanosleep: {
    args: ['timespec_in', 'timespec_out'], ret: 'int',
    fn(ctx, a, abi) {
      const word = wordOf(abi);
      const req = ctx.copyFromUser(a[0]!, 2 * word);
      if (!req) return err(14);
      const sec = getWord(req, 0, word, true);
      const nsec = getWord(req, word, word, true);
      if (sec < 0n || nsec < 0n || nsec >= NSEC_PER_SEC) return err(EINVAL);
      ctx.sleepCycles(ctx.tk.cyclesFor(sec * NSEC_PER_SEC + nsec));
      return 0n;
    },
  },
};

const TIMER_ABSTIME = 1;

/** clock_nanosleep for a timespec of `word`-sized fields (time64 calls use 8 on i386 too). */
function clockNanosleep(ctx: SyscallContext, a: bigint[], word: 4 | 8): bigint {
  const clock = s32(a[0]!);
  const flags = s32(a[1]!);
  if (clock === CLOCK_THREAD_CPUTIME_ID) return err(EINVAL);
  const now = clockNow(ctx, clock);
  if (!now) return err(EINVAL);
  const req = ctx.copyFromUser(a[2]!, 2 * word);
  if (!req) return err(14);
  const sec = getWord(req, 0, word, true);
  const nsec = getWord(req, word, word, true);
  if (sec < 0n || nsec < 0n || nsec >= NSEC_PER_SEC) return err(EINVAL);
  let ns = sec * NSEC_PER_SEC + nsec;
  if (flags & TIMER_ABSTIME) ns -= now[0] * NSEC_PER_SEC + now[1];
  if (ns > 0n) ctx.sleepCycles(ctx.tk.cyclesFor(ns));
  return 0n;
}

Object.assign(TIME_SYSCALLS, {
  clock_nanosleep: { args: ['clockid', 'clockflags', 'timespec_in', 'timespec_out'], ret: 'int', fn: (ctx, a, abi) => clockNanosleep(ctx, a, wordOf(abi)) },
  clock_nanosleep_time64: { args: ['clockid', 'clockflags', 'timespec64_in', 'timespec64_out'], ret: 'int', fn: (ctx, a) => clockNanosleep(ctx, a, 8) },
  clock_gettime64: {
    args: ['clockid', 'timespec64_out'], ret: 'int',
    fn(ctx, a) {
      const t = clockNow(ctx, s32(a[0]!));
      if (!t) return err(EINVAL);
      return ctx.copyToUser(a[1]!, words(8, t[0], t[1])) ? 0n : err(14);
    },
  },
  clock_getres_time64: {
    args: ['clockid', 'timespec64_out'], ret: 'int',
    fn: (ctx, a) => TIME_SYSCALLS.clock_getres!.fn(ctx, a, 'x86_64'),
  },
} satisfies SyscallTable);
