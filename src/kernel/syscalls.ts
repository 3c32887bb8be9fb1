// The system calls themselves (the sys_* functions), shared by both ABIs: numbers are looked up
// in syscallTable.ts, structures are laid out for the ABI's word size (i386 numbers mean 32-bit
// structures, also on the x86_64 kernel), user pointers go through copy_{from,to}_user.
import { EBADF, EFAULT, EINVAL, ENAMETOOLONG, ENODEV, ENOSYS, ENOTTY } from './errno.js';
import type { FileTable } from './files.js';
import type { MemoryManager } from './memoryManager.js';
import { syscallByNumber, type Abi } from './syscallTable.js';
import {
  CLOCK_PROCESS_CPUTIME_ID, CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_THREAD_CPUTIME_ID,
  NSEC_PER_SEC, type Timekeeper,
} from './timekeeping.js';

/** What a syscall may touch: the process, its memory and the machine state it owns. */
export interface SyscallContext {
  pid: number;
  ppid: number;
  /** 'x86_64' or 'i686' (uname's machine field, the kernel's architecture). */
  unameMachine: string;
  files: FileTable;
  mm: MemoryManager;
  tk: Timekeeper;
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
  /** Install a TLS descriptor into GDT entry `entry` (set_thread_area). */
  setTlsDescriptor(entry: number, base: number, limit: number, flags: number): void;
  tlsEntryMin: number;
  /** Whether arch_prctl's FS/GS codes apply (64-bit processes). */
  is64BitProcess: boolean;
  /** Process exit requested (exit/exit_group). */
  exit(status: number): void;
  tidAddress: bigint;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function putWord(b: DataView, off: number, v: bigint, word: 4 | 8): void {
  if (word === 8) b.setBigUint64(off, BigInt.asUintN(64, v), true);
  else b.setUint32(off, Number(BigInt.asUintN(32, v)), true);
}

function getWord(b: Uint8Array, off: number, word: 4 | 8, signed: boolean): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (word === 8) return signed ? dv.getBigInt64(off, true) : dv.getBigUint64(off, true);
  return signed ? BigInt(dv.getInt32(off, true)) : BigInt(dv.getUint32(off, true));
}

/** Two words (timespec/timeval) in the ABI's layout. */
function pair(word: 4 | 8, a: bigint, b: bigint): Uint8Array {
  const out = new Uint8Array(2 * word);
  const dv = new DataView(out.buffer);
  putWord(dv, 0, a, word);
  putWord(dv, word, b, word);
  return out;
}

/** strncpy_from_user: a NUL-terminated string, null on a fault, 'toolong' past `max`. */
function stringFromUser(ctx: SyscallContext, addr: bigint, max: number): string | null | 'toolong' {
  const bytes: number[] = [];
  for (let i = 0; i < max; i++) {
    const b = ctx.copyFromUser(addr + BigInt(i), 1);
    if (!b) return null;
    if (b[0] === 0) return dec.decode(Uint8Array.from(bytes));
    bytes.push(b[0]!);
  }
  return 'toolong';
}

const PATH_MAX = 4096;

function utsname(machine: string): Uint8Array {
  const fields = ['Linux', 'trapdoor', '6.18.0-trapdoor', '#1 SMP PREEMPT_DYNAMIC trapdoor', machine, '(none)'];
  const out = new Uint8Array(65 * 6);
  fields.forEach((f, i) => out.set(enc.encode(f).subarray(0, 64), i * 65));
  return out;
}

/** Run syscall `nr` of `abi`; returns the value for regs->ax (negative errno on failure). */
export function dispatchSyscall(ctx: SyscallContext, abi: Abi, nr: number, a: bigint[]): bigint {
  const info = syscallByNumber(abi, nr);
  if (!info) return -BigInt(ENOSYS);
  const word: 4 | 8 = abi === 'i386' ? 4 : 8;
  const s32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
  const ulong = (v: bigint): bigint => (word === 4 ? BigInt.asUintN(32, v) : BigInt.asUintN(64, v));
  const fault = -BigInt(EFAULT);

  switch (info.name) {
    case 'read': {
      const fd = s32(a[0]!);
      const count = ulong(a[2]!);
      if (!ctx.files.isOpen(fd)) return -BigInt(EBADF);
      const got = ctx.files.read(fd, Number(count > 0x7ffff000n ? 0x7ffff000n : count));
      if (typeof got === 'number') return BigInt(got);
      if (got.length > 0 && !ctx.copyToUser(a[1]!, got)) return fault;
      return BigInt(got.length);
    }
    case 'write': {
      const fd = s32(a[0]!);
      const count = Number(ulong(a[2]!) > 0x7ffff000n ? 0x7ffff000n : ulong(a[2]!));
      if (!ctx.files.isOpen(fd)) return -BigInt(EBADF);
      const bytes = count === 0 ? new Uint8Array(0) : ctx.copyFromUser(a[1]!, count);
      if (!bytes) return fault;
      return BigInt(ctx.files.write(fd, bytes));
    }
    case 'writev': {
      const fd = s32(a[0]!);
      const cnt = s32(a[2]!);
      if (!ctx.files.isOpen(fd)) return -BigInt(EBADF);
      if (cnt < 0 || cnt > 1024) return -BigInt(EINVAL);
      const iov = ctx.copyFromUser(a[1]!, cnt * 2 * word);
      if (!iov) return fault;
      const parts: Uint8Array[] = [];
      for (let i = 0; i < cnt; i++) {
        const base = getWord(iov, i * 2 * word, word, false);
        const len = Number(getWord(iov, i * 2 * word + word, word, false));
        if (len === 0) continue;
        const p = ctx.copyFromUser(base, len);
        if (!p) return fault;
        parts.push(p);
      }
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        all.set(p, o);
        o += p.length;
      }
      return BigInt(ctx.files.write(fd, all));
    }
    case 'open':
    case 'openat': {
      const pathArg = info.name === 'open' ? a[0]! : a[1]!;
      const flags = s32(info.name === 'open' ? a[1]! : a[2]!);
      const path = stringFromUser(ctx, pathArg, PATH_MAX);
      if (path === null) return fault;
      if (path === 'toolong') return -BigInt(ENAMETOOLONG);
      return BigInt(ctx.files.open(path, flags));
    }
    case 'close':
      return BigInt(ctx.files.close(s32(a[0]!)));
    case 'exit':
    case 'exit_group':
      ctx.exit(s32(a[0]!) & 0xff);
      return 0n;
    case 'getpid':
    case 'gettid':
      return BigInt(ctx.pid);
    case 'getppid':
      return BigInt(ctx.ppid);
    case 'set_tid_address':
      ctx.tidAddress = ulong(a[0]!);
      return BigInt(ctx.pid);
    case 'gettimeofday': {
      const [sec, ns] = ctx.tk.read(CLOCK_REALTIME, ctx.cycles())!;
      if (a[0]! !== 0n && !ctx.copyToUser(a[0]!, pair(word, sec, ns / 1000n))) return fault;
      if (a[1]! !== 0n && !ctx.copyToUser(a[1]!, new Uint8Array(8))) return fault;
      return 0n;
    }
    case 'time': {
      const [sec] = ctx.tk.read(CLOCK_REALTIME_COARSE, ctx.cycles())!;
      if (a[0]! !== 0n) {
        const b = new Uint8Array(word);
        putWord(new DataView(b.buffer), 0, sec, word);
        if (!ctx.copyToUser(a[0]!, b)) return fault;
      }
      return sec;
    }
    case 'clock_gettime': {
      const clock = s32(a[0]!);
      let t = ctx.tk.read(clock, ctx.cycles());
      if (!t && (clock === CLOCK_PROCESS_CPUTIME_ID || clock === CLOCK_THREAD_CPUTIME_ID)) {
        // The process has been on the CPU since boot: its CPU time is the elapsed cycles.
        const ns = (ctx.cycles() * NSEC_PER_SEC) / BigInt(Math.round(ctx.tk.tscHz));
        t = [ns / NSEC_PER_SEC, ns % NSEC_PER_SEC];
      }
      if (!t) return -BigInt(EINVAL);
      if (!ctx.copyToUser(a[1]!, pair(word, t[0], t[1]))) return fault;
      return 0n;
    }
    case 'clock_getres': {
      const clock = s32(a[0]!);
      const known = ctx.tk.read(clock, 0n) !== null || clock === CLOCK_PROCESS_CPUTIME_ID || clock === CLOCK_THREAD_CPUTIME_ID;
      if (!known) return -BigInt(EINVAL);
      const res = clock === CLOCK_REALTIME_COARSE || clock === CLOCK_MONOTONIC_COARSE ? 4_000_000n : 1n;
      if (a[1]! !== 0n && !ctx.copyToUser(a[1]!, pair(word, 0n, res))) return fault;
      return 0n;
    }
    case 'nanosleep': {
      const req = ctx.copyFromUser(a[0]!, 2 * word);
      if (!req) return fault;
      const sec = getWord(req, 0, word, true);
      const nsec = getWord(req, word, word, true);
      if (sec < 0n || nsec < 0n || nsec >= NSEC_PER_SEC) return -BigInt(EINVAL);
      ctx.sleepCycles(ctx.tk.cyclesFor(sec * NSEC_PER_SEC + nsec));
      return 0n;
    }
    case 'brk':
      return ctx.mm.doBrk(ulong(a[0]!));
    case 'mmap':
    case 'mmap2': {
      const flags = s32(a[3]!);
      const MAP_PRIVATE = 2, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
      if ((flags & MAP_ANONYMOUS) === 0) return -BigInt(s32(a[4]!) < 0 ? EBADF : ENODEV);
      if ((flags & 3) !== MAP_PRIVATE) return -BigInt(EINVAL);
      return ctx.mm.mmapAnonymous(ulong(a[0]!), ulong(a[1]!), s32(a[2]!), (flags & MAP_FIXED) !== 0);
    }
    case 'munmap':
      return ctx.mm.munmap(ulong(a[0]!), ulong(a[1]!));
    case 'uname':
      return ctx.copyToUser(a[0]!, utsname(ctx.unameMachine)) ? 0n : fault;
    case 'getcpu': {
      const zero = new Uint8Array(4);
      if (a[0]! !== 0n && !ctx.copyToUser(a[0]!, zero)) return fault;
      if (a[1]! !== 0n && !ctx.copyToUser(a[1]!, zero)) return fault;
      return 0n;
    }
    case 'ioctl':
      return ctx.files.isOpen(s32(a[0]!)) ? -BigInt(ENOTTY) : -BigInt(EBADF);
    case 'arch_prctl': {
      const code = s32(a[0]!);
      if (!ctx.is64BitProcess) return -BigInt(EINVAL);
      const ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
      const put = (v: bigint): bigint => {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setBigUint64(0, v, true);
        return ctx.copyToUser(a[1]!, b) ? 0n : fault;
      };
      switch (code) {
        case ARCH_SET_FS:
          if (a[1]! >= ctx.mm.userLimit) return -BigInt(EPERM_ARCH);
          ctx.setFsBase(a[1]!);
          return 0n;
        case ARCH_SET_GS:
          if (a[1]! >= ctx.mm.userLimit) return -BigInt(EPERM_ARCH);
          ctx.setGsBase(a[1]!);
          return 0n;
        case ARCH_GET_FS: return put(ctx.getFsBase());
        case ARCH_GET_GS: return put(ctx.getGsBase());
        default: return -BigInt(EINVAL);
      }
    }
    case 'set_thread_area': {
      const u = ctx.copyFromUser(a[0]!, 16);
      if (!u) return fault;
      const dv = new DataView(u.buffer, u.byteOffset, 16);
      let entry = dv.getInt32(0, true);
      if (entry === -1) {
        entry = ctx.tlsEntryMin;
        dv.setInt32(0, entry, true);
        if (!ctx.copyToUser(a[0]!, u.slice(0, 4))) return fault;
      }
      if (entry < ctx.tlsEntryMin || entry > ctx.tlsEntryMin + 2) return -BigInt(EINVAL);
      ctx.setTlsDescriptor(entry, dv.getUint32(4, true), dv.getUint32(8, true), dv.getUint32(12, true));
      return 0n;
    }
  }
  return -BigInt(ENOSYS);
}

/** arch_prctl(SET_FS) with a kernel address is -EPERM. */
const EPERM_ARCH = 1;
