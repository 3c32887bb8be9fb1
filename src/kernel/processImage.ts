// What the process looks like from outside (fs/proc/array.c, fs/proc/base.c): /proc/self/status,
// stat, auxv and cmdline, and the small fixed environment a program gets by default.
import type { SignalState } from './signal/signalState.js';

/** The environment a guest gets unless --env/--env-host say otherwise: fixed, so runs reproduce. */
export const DEFAULT_ENVIRONMENT: readonly string[] = [
  'PATH=/usr/local/bin:/usr/bin:/bin', 'HOME=/', 'TERM=xterm', 'LANG=C', 'USER=user', 'SHELL=/bin/sh',
];

/** Merge `NAME=VALUE` settings over an environment (a later one replaces an earlier NAME). */
export function withEnvironment(base: readonly string[], settings: readonly string[]): string[] {
  const out = [...base];
  for (const s of settings) {
    const name = s.slice(0, s.indexOf('='));
    const i = out.findIndex((e) => e.slice(0, e.indexOf('=')) === name);
    if (i >= 0) out[i] = s;
    else out.push(s);
  }
  return out;
}

export interface ProcessFacts {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  /** The executable's base name (comm, 15 characters at most). */
  comm: string;
  argv: string[];
  /** Bytes of address space mapped and of pages present (VmSize, VmRSS). */
  vmBytes: bigint;
  rssBytes: bigint;
  stackBytes: bigint;
  signals: SignalState;
  startBrk: bigint;
  brk: bigint;
  startStack: bigint;
}

const hex16 = (v: bigint): string => v.toString(16).padStart(16, '0');
const kb = (v: bigint): string => `${(v / 1024n).toString().padStart(8, ' ')} kB`;

/** /proc/PID/status, the fields a program or a person usually reads (same names, order and format). */
export function procStatus(p: ProcessFacts): string {
  const ids = (v: number): string => `${v}\t${v}\t${v}\t${v}`;
  const s = p.signals;
  return [
    `Name:\t${p.comm}`, 'Umask:\t0022', 'State:\tR (running)', `Tgid:\t${p.pid}`, 'Ngid:\t0', `Pid:\t${p.pid}`,
    `PPid:\t${p.ppid}`, 'TracerPid:\t0', `Uid:\t${ids(p.uid)}`, `Gid:\t${ids(p.gid)}`, 'FDSize:\t64', 'Groups:\t',
    `VmPeak:\t${kb(p.vmBytes)}`, `VmSize:\t${kb(p.vmBytes)}`, 'VmLck:\t       0 kB', 'VmPin:\t       0 kB',
    `VmHWM:\t${kb(p.rssBytes)}`, `VmRSS:\t${kb(p.rssBytes)}`, `VmData:\t${kb(p.brk - p.startBrk)}`,
    `VmStk:\t${kb(p.stackBytes)}`, 'Threads:\t1', 'SigQ:\t0/31668',
    `SigPnd:\t${hex16(s.pending)}`, `ShdPnd:\t${hex16(0n)}`, `SigBlk:\t${hex16(s.blocked)}`,
    `SigIgn:\t${hex16(s.ignoredMask())}`, `SigCgt:\t${hex16(s.caughtMask())}`,
    'CapInh:\t0000000000000000', 'CapPrm:\t0000000000000000', 'CapEff:\t0000000000000000',
    'Seccomp:\t0', 'Cpus_allowed:\t1', 'Cpus_allowed_list:\t0', 'voluntary_ctxt_switches:\t0', 'nonvoluntary_ctxt_switches:\t0',
  ].join('\n') + '\n';
}

/** /proc/PID/stat: the 52 fields of do_task_stat (times in clock ticks, most counters 0 here). */
export function procStat(p: ProcessFacts, utimeTicks: bigint): string {
  const f: (string | number | bigint)[] = [
    p.pid, `(${p.comm})`, 'R', p.ppid, p.pid, p.pid, 0, -1, 4194304, 0, 0, 0, 0, utimeTicks, 0, 0, 0, 20, 0, 1, 0, 0,
    p.vmBytes, p.rssBytes / 4096n, '18446744073709551615', 0, 0, p.startStack, 0, 0, p.signals.pending, p.signals.blocked,
    p.signals.ignoredMask(), p.signals.caughtMask(), 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, p.startBrk, p.brk, p.startStack, 0, 0, 0, 0, 0,
  ];
  return f.join(' ') + '\n';
}

/** /proc/PID/cmdline: the arguments, each NUL-terminated. */
export function procCmdline(argv: readonly string[]): Uint8Array {
  return new TextEncoder().encode(argv.map((a) => a + '\0').join(''));
}

/** /proc/PID/auxv: the auxiliary vector as the process got it, words of its ABI, AT_NULL included. */
/**
 * `compat`: a 32-bit process under the x86_64 kernel. Its saved auxv holds 32-bit pairs, but
 * fs/proc/base.c counts the file's length in the kernel's 64-bit words, two at a time up to a zero
 * word: the file runs to the first even-numbered 32-bit pair that is (0, 0), plus the pair after it
 * (zeros), as on Linux.
 */
export function procAuxv(auxv: readonly [number, bigint][], bits: 32 | 64, compat = false): Uint8Array {
  const w = bits / 8;
  let pairs = auxv.length;
  if (compat) {
    let j = 0;
    while (j < auxv.length && !(auxv[j]![0] === 0 && (auxv[j]![1] & 0xffffffffn) === 0n)) j += 2;
    pairs = j + 2;
  }
  const out = new Uint8Array(pairs * 2 * w);
  const dv = new DataView(out.buffer);
  auxv.forEach(([t, v], i) => {
    if (w === 8) {
      dv.setBigUint64(i * 16, BigInt(t), true);
      dv.setBigUint64(i * 16 + 8, v, true);
    } else {
      dv.setUint32(i * 8, t, true);
      dv.setUint32(i * 8 + 4, Number(v & 0xffffffffn), true);
    }
  });
  return out;
}
