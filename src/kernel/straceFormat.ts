// Render syscall events as strace (6.x, default options) prints them: args, -1 ERRNO (text), column 40.
import { ERRNO_TEXT, isErrorReturn } from './errno.js';
import { syscallByNumber, type Abi, type ArgKind } from './syscallTable.js';
import { extraArg } from './straceArgs.js';

/** Reads guest memory for the tracer; null when the range is not readable user memory. */
export type TraceMemoryReader = (addr: bigint, len: number) => Uint8Array | null;

/** One completed (or, for exit/exit_group, entered) syscall. */
export interface SyscallEvent {
  abi: Abi;
  nr: number;
  /** The six argument registers (already truncated to 32 bits for i386 numbers). */
  args: bigint[];
  /** The return value as a signed number; null when the call does not return (exit, exit_group). */
  ret: bigint | null;
  /** set_thread_area's struct user_desc as it was on entry (the call writes entry_number back). */
  before?: Uint8Array;
}

/** strace's default string limit (-s 32). */
export const STRACE_STRLEN = 32;
const ALIGN_COLUMN = 40;

/** Quote bytes like strace: C escapes, octal for the rest (3 digits when an octal digit follows). */
export function quoteBytes(bytes: Uint8Array, truncated: boolean): string {
  let s = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    switch (c) {
      case 0x22: s += '\\"'; continue;
      case 0x5c: s += '\\\\'; continue;
      case 0x0c: s += '\\f'; continue;
      case 0x0a: s += '\\n'; continue;
      case 0x0d: s += '\\r'; continue;
      case 0x09: s += '\\t'; continue;
      case 0x0b: s += '\\v'; continue;
    }
    if (c >= 0x20 && c < 0x7f) {
      s += String.fromCharCode(c);
    } else {
      const next = i + 1 < bytes.length ? bytes[i + 1]! : -1;
      const threeDigits = next >= 0x30 && next <= 0x37;
      s += '\\' + (threeDigits ? c.toString(8).padStart(3, '0') : c.toString(8));
    }
  }
  return s + '"' + (truncated ? '...' : '');
}

const toS32 = (v: bigint): bigint => BigInt.asIntN(32, v);
const hex = (v: bigint): string => (v === 0n ? '0' : '0x' + v.toString(16));
const ptr = (v: bigint): string => (v === 0n ? 'NULL' : '0x' + v.toString(16));

function flagNames(v: bigint, table: [bigint, string][], zeroName?: string): string {
  if (v === 0n && zeroName) return zeroName;
  const parts: string[] = [];
  let rest = v;
  for (const [bit, name] of table) {
    if (bit !== 0n && (rest & bit) === bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0n) parts.push(hex(rest));
  return parts.join('|');
}

const O_FLAGS: [bigint, string][] = [
  [0o100n, 'O_CREAT'], [0o200n, 'O_EXCL'], [0o400n, 'O_NOCTTY'], [0o1000n, 'O_TRUNC'], [0o2000n, 'O_APPEND'],
  // strace 6's order (as it prints them on this host): O_DIRECTORY comes after O_CLOEXEC
  [0o4000n, 'O_NONBLOCK'], [0o100000n, 'O_LARGEFILE'], [0o400000n, 'O_NOFOLLOW'], [0o1000000n, 'O_NOATIME'],
  [0o2000000n, 'O_CLOEXEC'], [0o200000n, 'O_DIRECTORY'],
];
function openFlags(v: bigint): string {
  const acc = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'][Number(v & 3n)]!;
  const rest = flagNames(v & ~3n, O_FLAGS);
  return rest ? `${acc}|${rest}` : acc;
}
const PROT: [bigint, string][] = [[1n, 'PROT_READ'], [2n, 'PROT_WRITE'], [4n, 'PROT_EXEC']];
const MAP: [bigint, string][] = [
  [1n, 'MAP_SHARED'], [2n, 'MAP_PRIVATE'], [0x10n, 'MAP_FIXED'], [0x20n, 'MAP_ANONYMOUS'], [0x100n, 'MAP_GROWSDOWN'],
  [0x2000n, 'MAP_LOCKED'], [0x4000n, 'MAP_NORESERVE'], [0x8000n, 'MAP_POPULATE'], [0x100000n, 'MAP_FIXED_NOREPLACE'],
];
const CLOCKS = [
  'CLOCK_REALTIME', 'CLOCK_MONOTONIC', 'CLOCK_PROCESS_CPUTIME_ID', 'CLOCK_THREAD_CPUTIME_ID', 'CLOCK_MONOTONIC_RAW',
  'CLOCK_REALTIME_COARSE', 'CLOCK_MONOTONIC_COARSE', 'CLOCK_BOOTTIME', 'CLOCK_REALTIME_ALARM', 'CLOCK_BOOTTIME_ALARM',
  undefined, 'CLOCK_TAI',
];
const IOCTLS: Record<string, string> = { '21505': 'TCGETS', '21506': 'TCSETS', '21523': 'TIOCGWINSZ', '21524': 'TIOCSWINSZ', '21519': 'TIOCGPGRP' };
const ARCH_CODES: Record<string, string> = {
  '4097': 'ARCH_SET_GS', '4098': 'ARCH_SET_FS', '4099': 'ARCH_GET_FS', '4100': 'ARCH_GET_GS', '4113': 'ARCH_GET_CPUID', '4114': 'ARCH_SET_CPUID',
};

/** `2026-11-26T14:16:04+0000` as strace prints a time_t. */
export function formatTimeT(sec: bigint): string {
  const d = new Date(Number(sec) * 1000);
  if (Number.isNaN(d.getTime())) return '';
  return d.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function le(bytes: Uint8Array, off: number, size: 4 | 8, signed: boolean): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[off + i]!);
  return signed ? BigInt.asIntN(size * 8, v) : v;
}

class Renderer {
  constructor(private readonly ev: SyscallEvent, private readonly read: TraceMemoryReader) {}
  private get word(): 4 | 8 {
    return this.ev.abi === 'i386' ? 4 : 8;
  }
  private get failed(): boolean {
    return this.ev.ret !== null && isErrorReturn(this.ev.ret);
  }

  private cString(addr: bigint, max: number): string {
    if (addr === 0n) return 'NULL';
    const out: number[] = [];
    for (let i = 0; i < max; i++) {
      const b = this.read(addr + BigInt(i), 1);
      if (!b) return out.length === 0 ? hex(addr) : quoteBytes(Uint8Array.from(out), true);
      if (b[0] === 0) return quoteBytes(Uint8Array.from(out), false);
      out.push(b[0]!);
    }
    return quoteBytes(Uint8Array.from(out), true);
  }

  private buffer(addr: bigint, len: bigint): string {
    const n = bufferBytes(len);
    const bytes = this.read(addr, n);
    if (!bytes) return hex(addr);
    return quoteBytes(bytes, len > BigInt(n));
  }

  private struct(addr: bigint, size: number, render: (b: Uint8Array) => string): string {
    if (addr === 0n) return 'NULL';
    const b = this.read(addr, size);
    return b ? render(b) : hex(addr);
  }

  arg(kind: ArgKind, i: number): string {
    const ev = this.ev;
    const v = ev.args[i] ?? 0n;
    const w = this.word;
    switch (kind) {
      case 'int': case 'fd': return toS32(v).toString();
      case 'uint': return (w === 4 ? BigInt.asUintN(32, v) : v).toString();
      case 'hex': return hex(v);
      case 'ptr': return ptr(v);
      case 'dirfd': return toS32(v) === -100n ? 'AT_FDCWD' : toS32(v).toString();
      case 'path': return this.cString(v, 4096);
      case 'wbuf': return this.buffer(v, ev.args[i + 1] ?? 0n);
      case 'rbuf': return this.failed || ev.ret === null ? hex(v) : this.buffer(v, ev.ret);
      case 'oflags': return openFlags(v);
      case 'mode': return '0' + v.toString(8).padStart(3, '0');
      case 'prot': return flagNames(v, PROT, 'PROT_NONE');
      case 'mflags': return flagNames(v, MAP, '0');
      case 'clockid': return CLOCKS[Number(toS32(v))] ?? `${hex(BigInt.asUintN(32, v))} /* CLOCK_??? */`;
      case 'timespec_in':
      case 'timespec_out':
      case 'timespec64_in':
      case 'timespec64_out': {
        if ((kind === 'timespec_out' || kind === 'timespec64_out') && this.failed) return ptr(v);
        const tw = kind.startsWith('timespec64') ? 8 : w; // struct __kernel_timespec: 64-bit fields in both ABIs
        return this.struct(v, 2 * tw, (b) => `{tv_sec=${le(b, 0, tw, true)}, tv_nsec=${le(b, tw, tw, true)}}`);
      }
      case 'timeval_out':
        if (this.failed) return ptr(v);
        return this.struct(v, 2 * w, (b) => `{tv_sec=${le(b, 0, w, true)}, tv_usec=${le(b, w, w, true)}}`);
      case 'tz':
        return this.struct(v, 8, (b) => `{tz_minuteswest=${le(b, 0, 4, true)}, tz_dsttime=${le(b, 4, 4, true)}}`);
      case 'time_out':
        return this.struct(v, w, (b) => {
          const t = le(b, 0, w, true);
          return `[${t} /* ${formatTimeT(t)} */]`;
        });
      case 'utsname':
        if (this.failed) return ptr(v);
        return this.struct(v, 130, (b) => {
          const field = (o: number): string => {
            let end = o;
            while (end < o + 65 && b[end] !== 0) end++;
            return quoteBytes(b.subarray(o, end), false);
          };
          return `{sysname=${field(0)}, nodename=${field(65)}, ...}`;
        });
      case 'uint_out':
        if (this.failed) return ptr(v);
        return this.struct(v, 4, (b) => `[${le(b, 0, 4, false)}]`);
      case 'iovec': return this.iovec(v, ev.args[i + 1] ?? 0n);
      case 'ioctlreq': return IOCTLS[BigInt.asUintN(32, v).toString()] ?? hex(v);
      case 'archcode': return ARCH_CODES[v.toString()] ?? hex(v);
      case 'archaddr': {
        const code = ev.args[0] ?? 0n;
        if ((code === 0x1003n || code === 0x1004n) && !this.failed) return this.struct(v, 8, (b) => `[${hex(le(b, 0, 8, false))}]`);
        return hex(v);
      }
      case 'user_desc': {
        const render = (b: Uint8Array): string => {
          const flags = le(b, 12, 4, false);
          const bit = (n: number): string => ((flags >> BigInt(n)) & 1n).toString();
          // strace: base_addr and limit as %#08x
          const x8 = (n: bigint): string => `0x${n.toString(16).padStart(6, '0')}`;
          return `{entry_number=${le(b, 0, 4, true)}, base_addr=${x8(le(b, 4, 4, false))}, limit=${x8(le(b, 8, 4, false))}, ` +
            `seg_32bit=${bit(0)}, contents=${(flags >> 1n) & 3n}, read_exec_only=${bit(3)}, limit_in_pages=${bit(4)}, ` +
            `seg_not_present=${bit(5)}, useable=${bit(6)}}`;
        };
        // strace prints the struct as the call received it
        return ev.before && v !== 0n ? render(ev.before) : this.struct(v, 16, render);
      }
      default:
        return extraArg(kind, { v, word: w, failed: this.failed, read: this.read, args: ev.args, index: i, i386: ev.abi === 'i386' }) ?? hex(v);
    }
  }

  private iovec(addr: bigint, count: bigint): string {
    const w = this.word;
    const n = Number(count < 0n ? 0n : count > 1024n ? 1024n : count);
    const raw = this.read(addr, n * 2 * w);
    if (!raw) return hex(addr);
    const items: string[] = [];
    for (let k = 0; k < n; k++) {
      const base = le(raw, k * 2 * w, w, false);
      const len = le(raw, k * 2 * w + w, w, false);
      items.push(`{iov_base=${this.buffer(base, len)}, iov_len=${len}}`);
    }
    return `[${items.join(', ')}]`;
  }

  ret(kind: string): string {
    const r = this.ev.ret;
    if (r === null) return '?';
    if (isErrorReturn(r)) {
      const e = Number(-r);
      const [name, text] = ERRNO_TEXT[e] ?? [`E??? (errno ${e})`, 'Unknown error'];
      return `-1 ${name} (${text})`;
    }
    if (kind === 'hex') return hex(this.ev.abi === 'i386' ? BigInt.asUintN(32, r) : BigInt.asUintN(64, r));
    if (kind === 'time') return `${r} (${formatTimeT(r)})`;
    return r.toString();
  }
}

/** Argument kinds formatSyscall renders from the register value alone, without reading memory. */
const REGISTER_ONLY: ReadonlySet<ArgKind> = new Set<ArgKind>(['int', 'uint', 'hex', 'ptr', 'fd', 'dirfd', 'oflags', 'mode', 'prot', 'mflags', 'clockid', 'ioctlreq', 'archcode', 'off64', 'hi32', 'fadvice']);

/** True when formatSyscall reads no memory for this syscall: its line may be formatted later. */
export function formatIsRegisterOnly(abi: Abi, nr: number): boolean {
  const info = syscallByNumber(abi, nr);
  return info === undefined || info.args.every((k) => REGISTER_ONLY.has(k));
}

/** Bytes `buffer()` reads for a buffer of `len` bytes (strace's string limit). */
function bufferBytes(len: bigint): number {
  return Number(len > BigInt(STRACE_STRLEN) ? BigInt(STRACE_STRLEN) : len < 0n ? 0n : len);
}

/** One read formatSyscall makes of guest memory. */
export interface TraceRead { addr: bigint; len: number }

/**
 * The reads formatSyscall will make for this event, known from its argument kinds: a debugger
 * copies them at the syscall and formats the line when it is shown, from the memory as it was.
 * Null when they cannot be known ahead (paths, iovecs): format now instead.
 * (Keep in step with Renderer.arg; test/kernel/straceFormat checks both ways agree.)
 */
export function traceMemoryNeeds(ev: SyscallEvent): TraceRead[] | null {
  const info = syscallByNumber(ev.abi, ev.nr);
  const needs: TraceRead[] = [];
  if (!info) return needs;
  const w = ev.abi === 'i386' ? 4 : 8;
  const failed = ev.ret !== null && isErrorReturn(ev.ret);
  const take = (addr: bigint, len: number): void => { if (addr !== 0n) needs.push({ addr, len }); }; // struct() prints NULL unread
  for (let i = 0; i < info.args.length; i++) {
    const kind = info.args[i]!;
    const v = ev.args[i] ?? 0n;
    switch (kind) {
      case 'path': case 'iovec': return null;
      case 'wbuf': needs.push({ addr: v, len: bufferBytes(ev.args[i + 1] ?? 0n) }); break;
      case 'rbuf': if (!failed && ev.ret !== null) needs.push({ addr: v, len: bufferBytes(ev.ret) }); break;
      case 'timespec_in': take(v, 2 * w); break;
      case 'timespec64_in': take(v, 16); break;
      case 'timespec_out': case 'timeval_out': if (!failed) take(v, 2 * w); break;
      case 'timespec64_out': if (!failed) take(v, 16); break;
      case 'tz': take(v, 8); break;
      case 'time_out': take(v, w); break;
      case 'utsname': if (!failed) take(v, 130); break;
      case 'uint_out': if (!failed) take(v, 4); break;
      case 'archaddr': take(v, 8); break;
      case 'user_desc': take(v, 16); break;
      default: if (!REGISTER_ONLY.has(kind)) return null;
    }
  }
  return needs;
}

/** A reader that answers exactly the given reads with the given bytes (null: unreadable), and nothing else. */
export function replayReader(reads: readonly (TraceRead & { bytes: Uint8Array | null })[]): TraceMemoryReader {
  return (addr, len) => {
    for (const r of reads) if (r.addr === addr && r.len === len) return r.bytes;
    return null; // not captured: the line shows the address, as for unreadable memory
  };
}



/** One strace line (no newline) for a syscall event. */
export function formatSyscall(ev: SyscallEvent, read: TraceMemoryReader): string {
  const info = syscallByNumber(ev.abi, ev.nr);
  const r = new Renderer(ev, read);
  let head: string;
  if (info && !info.fn && info.args.length === 0) {
    head = `${info.name}(${ev.args.slice(0, 6).map(hex).join(', ')})`; // not implemented: the raw registers
  } else if (info) {
    head = `${info.name}(${info.args.map((k, i) => r.arg(k, i)).filter((_, i) => !(info.args[i] === 'mode' && ((ev.args[i - 1] ?? 0n) & 0o100n) === 0n) &&
      !(info.args[i] === 'archaddr' && ev.args[0] === 0x1011n) && info.args[i] !== 'hi32').join(', ')})`;
  } else {
    // strace shows the number as a 64-bit unsigned value (-1 is syscall_0xffffffffffffffff)
    head = `syscall_0x${BigInt.asUintN(64, BigInt(ev.nr)).toString(16)}(${ev.args.slice(0, 6).map(hex).join(', ')})`;
  }
  head += ' ';
  if (head.length < ALIGN_COLUMN) head = head.padEnd(ALIGN_COLUMN, ' ');
  let tail = '';
  if (ev.before && ev.ret === 0n && info?.name === 'set_thread_area') {
    // and then the entry the kernel chose, when it wrote one back
    const after = read(ev.args[0]!, 4);
    if (after && after.some((x, i) => x !== ev.before![i])) tail = ` (entry_number=${le(after, 0, 4, true)})`;
  }
  return `${head}= ${r.ret(info?.ret ?? 'int')}${tail}`;
}

/**
 * The execve line strace prints first for the program it started, e.g.
 * `execve("./hi", ["./hi"], 0x7ffc4c528480 /* 35 vars *\/) = 0`.
 */
export function formatExecve(path: string, argv: string[], envpAddr: bigint, envCount: number): string {
  const enc = new TextEncoder();
  const str = (t: string, limit: boolean): string => {
    const b = enc.encode(t);
    return limit && b.length > STRACE_STRLEN ? quoteBytes(b.subarray(0, STRACE_STRLEN), true) : quoteBytes(b, false);
  };
  let head = `execve(${str(path, false)}, [${argv.map((a) => str(a, true)).join(', ')}], 0x${envpAddr.toString(16)} /* ${envCount} var${envCount === 1 ? '' : 's'} */) `;
  if (head.length < ALIGN_COLUMN) head = head.padEnd(ALIGN_COLUMN, ' ');
  return `${head}= 0`;
}

/** What a 64-bit strace says when the traced process makes a syscall of the other ABI than its last. */
export function formatPersonality(pid: number, bits: 32 | 64 = 32): string {
  return `[ Process PID=${pid} runs in ${bits} bit mode. ]`;
}

/** `+++ exited with N +++` */
export function formatExit(status: number): string {
  return `+++ exited with ${status} +++`;
}

/** `+++ killed by SIGSEGV +++` */
export function formatKilled(signalName: string): string {
  return `+++ killed by ${signalName} +++`;
}

/** `--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---` */
export function formatSignal(signalName: string, code: string, addr: bigint | null): string {
  const addrPart = addr === null ? '' : `, si_addr=${ptr(addr)}`;
  return `--- ${signalName} {si_signo=${signalName}, si_code=${code}${addrPart}} ---`;
}
