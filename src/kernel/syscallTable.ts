// The syscall tables of both ABIs: every number Linux assigns (syscalls/numbers.ts, generated from
// the uapi headers) with its name, and for the calls trapdoor implements the sys_* function and
// how strace prints it. Grouped by subsystem in syscalls/*.ts, one function per syscall.
import type { ArgKind, RetKind, SyscallContext, SyscallDef } from './syscalls/context.js';
import { FS_SYSCALLS } from './syscalls/fs.js';
import { FS_STAT_SYSCALLS } from './syscalls/fsStat.js';
import { FS_STATFS_SYSCALLS } from './syscalls/fsStatfs.js';
import { INFO_SYSCALLS } from './syscalls/info.js';
import { MM_SYSCALLS } from './syscalls/mm.js';
import { I386_NAMES, X86_64_NAMES } from './syscalls/numbers.js';
import { PROCESS_SYSCALLS } from './syscalls/process.js';
import { SIGNAL_SYSCALLS } from './syscalls/signal.js';
import { TIME_SYSCALLS } from './syscalls/time.js';

export type { ArgKind, RetKind, Abi } from './syscalls/context.js';
import type { Abi } from './syscalls/context.js';

export interface SyscallInfo {
  name: string;
  i386?: number;
  x86_64?: number;
  args: ArgKind[];
  ret: RetKind;
  /** The sys_* function; undefined for calls trapdoor does not implement (-ENOSYS with a note). */
  fn?: SyscallDef['fn'];
  /** Numbers with no entry point in Linux (sys_ni_syscall): -ENOSYS, as on Linux, without a note. */
  linuxHasNone?: boolean;
}

const IMPLEMENTED: Record<string, SyscallDef> = {
  ...FS_SYSCALLS, ...FS_STAT_SYSCALLS, ...FS_STATFS_SYSCALLS, ...MM_SYSCALLS, ...TIME_SYSCALLS, ...PROCESS_SYSCALLS, ...INFO_SYSCALLS, ...SIGNAL_SYSCALLS,
};

/** Entries of syscall_64.tbl / syscall_32.tbl without an entry point: Linux answers -ENOSYS. */
const NO_ENTRY: Record<Abi, readonly number[]> = {
  x86_64: [134, 156, 174, 177, 178, 180, 181, 182, 183, 184, 185, 205, 211, 214, 215, 236],
  i386: [17, 31, 32, 35, 44, 53, 56, 58, 98, 112, 127, 130, 137, 167, 169, 188, 189, 273],
};

const byNumber: Record<Abi, Map<number, SyscallInfo>> = { i386: new Map(), x86_64: new Map() };
const byName = new Map<string, SyscallInfo>();

function add(abi: Abi, names: Readonly<Record<number, string>>): void {
  for (const [nrText, name] of Object.entries(names)) {
    const nr = Number(nrText);
    let info = byName.get(name);
    if (!info) {
      const def = IMPLEMENTED[name];
      // a name implemented only as `i386:NAME` has no default (its other-ABI number is -ENOSYS)
      info = { name, args: def?.args ?? [], ret: def?.ret ?? 'int', fn: def?.fn };
      byName.set(name, info);
    }
    info[abi] = nr;
    const none = NO_ENTRY[abi].includes(nr);
    // the same name may have an entry in one ABI and none in the other (set_thread_area), or take
    // other arguments (i386 mmap is old_mmap: one pointer to the six arguments): `i386:NAME` keys
    const own = IMPLEMENTED[`${abi}:${name}`];
    if (none) byNumber[abi].set(nr, { ...info, fn: undefined, linuxHasNone: true });
    else if (own) byNumber[abi].set(nr, { ...info, args: own.args, ret: own.ret, fn: own.fn });
    else byNumber[abi].set(nr, info);
  }
}
add('x86_64', X86_64_NAMES);
add('i386', I386_NAMES);
for (const key of Object.keys(IMPLEMENTED)) {
  const name = key.replace(/^(i386|x86_64):/, '');
  if (!byName.has(name)) throw new Error(`syscall ${name} is implemented but has no number in either table`);
}

/** Every syscall either ABI knows, with its numbers. */
export const SYSCALLS: readonly SyscallInfo[] = [...byName.values()];

/** The syscall with number `nr` in `abi`, or undefined (no such number: -ENOSYS). */
export function syscallByNumber(abi: Abi, nr: number): SyscallInfo | undefined {
  return byNumber[abi].get(nr);
}

/** The syscall named `name`, or undefined. */
export function syscallByName(name: string): SyscallInfo | undefined {
  return byName.get(name);
}

/** The number of `name` in `abi` (throws if the ABI lacks it). */
export function syscallNumber(abi: Abi, name: string): number {
  const nr = byName.get(name)?.[abi];
  if (nr === undefined) throw new Error(`no ${abi} syscall named ${name}`);
  return nr;
}

/** Run syscall `nr` of `abi`: the value for regs->ax (a negative errno on failure). */
export function dispatchSyscall(ctx: SyscallContext, abi: Abi, nr: number, a: bigint[]): bigint {
  const fn = byNumber[abi].get(nr)?.fn;
  return fn ? fn(ctx, a, abi) : -38n; // -ENOSYS
}
