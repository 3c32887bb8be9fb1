// What a syscall function sees (the process, its memory, the machine state it owns) and the
// helpers every subsystem uses: words in the ABI's size, copy_{from,to}_user, user strings.
import type { FileTable } from '../files.js';
import type { MemoryManager } from '../memoryManager.js';
import type { SignalState } from '../signal/signalState.js';
import type { Timekeeper } from '../timekeeping.js';

export type Abi = 'i386' | 'x86_64';

/** What a syscall may touch. */
export interface SyscallContext {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  /** 'x86_64' or 'i686' (uname's machine field, the kernel's architecture). */
  unameMachine: string;
  files: FileTable;
  mm: MemoryManager;
  tk: Timekeeper;
  signals: SignalState;
  /** rt_sigreturn/sigreturn: restore the frame at the user stack; returns regs->ax. */
  sigreturn(rt: boolean): bigint;
  /** rt_sigsuspend/pause: wait with `mask` blocked (the old mask returns after the handler). */
  suspendWith(mask: bigint): void;
  /** The user stack pointer of the syscall (sigaltstack's "on it now?"). */
  userSp(): bigint;
  /** The current cycle counter (simulated time). */
  cycles(): bigint;
  /** nanosleep: let simulated time pass. */
  sleepCycles(cycles: bigint): void;
  copyFromUser(addr: bigint, len: number): Uint8Array | null;
  copyToUser(addr: bigint, bytes: Uint8Array): boolean;
  /** Set/get the user FS base (MSR_FS_BASE) and GS base (the user's, held in KERNEL_GS_BASE while in the kernel). */
  setFsBase(v: bigint): void;
  getFsBase(): bigint;
  setGsBase(v: bigint): void;
  getGsBase(): bigint;
  /** Install a TLS descriptor into GDT entry `entry` (set_thread_area); read one back (get_thread_area). */
  setTlsDescriptor(entry: number, base: number, limit: number, flags: number | null): void; // null: clear the slot
  tlsEntryMin: number;
  /** Whether arch_prctl's FS/GS codes apply (64-bit processes). */
  is64BitProcess: boolean;
  /** Bytes from the seeded generator (getrandom, /dev/urandom). */
  randomBytes(n: number): Uint8Array;
  /** getrlimit/setrlimit's limits, by resource number: [soft, hard] (RLIM_INFINITY = 2^64-1). */
  rlimits: Map<number, [bigint, bigint]>;
  /** CLOCK_REALTIME at boot in seconds (file times). */
  bootTimeSec: bigint;
  /** Process exit requested (exit/exit_group). */
  exit(status: number): void;
  tidAddress: bigint;
  /** set_robust_list's head (only kept: nothing walks it in one thread). */
  robustList: bigint;
  /** The registered rseq area. */
  rseq: { addr: bigint; len: number; sig: number } | null;
  /** set_thread_area's user_desc per GDT TLS entry. */
  tlsInUse: Map<number, Uint8Array>;
}

/** One syscall: how strace prints it and the function that runs it (negative errno on failure). */
export interface SyscallDef {
  args: ArgKind[];
  ret: RetKind;
  fn: (ctx: SyscallContext, a: bigint[], abi: Abi) => bigint;
}

/** How strace renders one argument. */
export type ArgKind =
  | 'int' | 'uint' | 'hex' | 'ptr' | 'fd' | 'dirfd' | 'path' | 'wbuf' | 'rbuf' | 'oflags' | 'mode'
  | 'prot' | 'mflags' | 'clockid' | 'timespec_out' | 'timespec_in' | 'timespec64_out' | 'timespec64_in' | 'timeval_out' | 'tz'
  | 'time_out' | 'utsname' | 'uint_out' | 'iovec' | 'ioctlreq' | 'archcode' | 'archaddr' | 'user_desc'
  | 'whence' | 'fcntlcmd' | 'atflags' | 'accmode' | 'stat_out' | 'fdpair_out' | 'rlimit_res' | 'rlimit_out'
  | 'rlimit_in' | 'rlimit64_in' | 'rlimit64_out' | 'grnd' | 'signo' | 'sigset_in' | 'sigset_out' | 'sighow' | 'sigaction_in' | 'sigaction_out'
  | 'stack_in' | 'stack_out' | 'futexop' | 'madvice' | 'mremapflags' | 'clockflags'
  /** A loff_t: one register on x86_64; on i386 this register (low half) and the next ('hi32', not printed). */
  | 'off64' | 'hi32' | 'fadvice';

/** How strace renders the return value. */
export type RetKind = 'int' | 'hex' | 'time' | 'noreturn';

export type SyscallTable = Record<string, SyscallDef>;

export const wordOf = (abi: Abi): 4 | 8 => (abi === 'i386' ? 4 : 8);
export const s32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
export const ulongOf = (abi: Abi, v: bigint): bigint => (abi === 'i386' ? BigInt.asUintN(32, v) : BigInt.asUintN(64, v));
export const slongOf = (abi: Abi, v: bigint): bigint => (abi === 'i386' ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v));
export const err = (errno: number): bigint => -BigInt(errno);

export function putWord(b: DataView, off: number, v: bigint, word: 4 | 8): void {
  if (word === 8) b.setBigUint64(off, BigInt.asUintN(64, v), true);
  else b.setUint32(off, Number(BigInt.asUintN(32, v)), true);
}

export function getWord(b: Uint8Array, off: number, word: 4 | 8, signed: boolean): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (word === 8) return signed ? dv.getBigInt64(off, true) : dv.getBigUint64(off, true);
  return signed ? BigInt(dv.getInt32(off, true)) : BigInt(dv.getUint32(off, true));
}

/** Words in the ABI's layout (timespec, timeval, rlimit ...). */
export function words(word: 4 | 8, ...vals: bigint[]): Uint8Array {
  const out = new Uint8Array(vals.length * word);
  const dv = new DataView(out.buffer);
  vals.forEach((v, i) => { putWord(dv, i * word, v, word); });
  return out;
}

const dec = new TextDecoder();
export const PATH_MAX = 4096;

/** strncpy_from_user: a NUL-terminated string, null on a fault, 'toolong' past `max`. */
export function stringFromUser(ctx: SyscallContext, addr: bigint, max: number): string | null | 'toolong' {
  const bytes: number[] = [];
  for (let i = 0; i < max; i++) {
    const b = ctx.copyFromUser(addr + BigInt(i), 1);
    if (!b) return null;
    if (b[0] === 0) return dec.decode(Uint8Array.from(bytes));
    bytes.push(b[0]!);
  }
  return 'toolong';
}
