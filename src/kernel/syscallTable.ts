// The syscalls trapdoor's kernel knows, with their real numbers on both ABIs (syscall_32.tbl,
// syscall_64.tbl) and the argument kinds strace uses to print them.

/** How strace renders one argument. */
export type ArgKind =
  | 'int' | 'uint' | 'hex' | 'ptr' | 'fd' | 'dirfd' | 'path' | 'wbuf' | 'rbuf' | 'oflags' | 'mode'
  | 'prot' | 'mflags' | 'clockid' | 'timespec_out' | 'timespec_in' | 'timeval_out' | 'tz'
  | 'time_out' | 'utsname' | 'uint_out' | 'iovec' | 'ioctlreq' | 'archcode' | 'archaddr' | 'user_desc';

/** How strace renders the return value. */
export type RetKind = 'int' | 'hex' | 'time' | 'noreturn';

export interface SyscallInfo {
  name: string;
  i386?: number;
  x86_64?: number;
  args: ArgKind[];
  ret: RetKind;
}

export const SYSCALLS: readonly SyscallInfo[] = [
  { name: 'read', i386: 3, x86_64: 0, args: ['fd', 'rbuf', 'uint'], ret: 'int' },
  { name: 'write', i386: 4, x86_64: 1, args: ['fd', 'wbuf', 'uint'], ret: 'int' },
  { name: 'writev', i386: 146, x86_64: 20, args: ['fd', 'iovec', 'int'], ret: 'int' },
  { name: 'open', i386: 5, x86_64: 2, args: ['path', 'oflags', 'mode'], ret: 'int' },
  { name: 'openat', i386: 295, x86_64: 257, args: ['dirfd', 'path', 'oflags', 'mode'], ret: 'int' },
  { name: 'close', i386: 6, x86_64: 3, args: ['fd'], ret: 'int' },
  { name: 'exit', i386: 1, x86_64: 60, args: ['int'], ret: 'noreturn' },
  { name: 'exit_group', i386: 252, x86_64: 231, args: ['int'], ret: 'noreturn' },
  { name: 'getpid', i386: 20, x86_64: 39, args: [], ret: 'int' },
  { name: 'getppid', i386: 64, x86_64: 110, args: [], ret: 'int' },
  { name: 'gettid', i386: 224, x86_64: 186, args: [], ret: 'int' },
  { name: 'gettimeofday', i386: 78, x86_64: 96, args: ['timeval_out', 'tz'], ret: 'int' },
  { name: 'time', i386: 13, x86_64: 201, args: ['time_out'], ret: 'time' },
  { name: 'clock_gettime', i386: 265, x86_64: 228, args: ['clockid', 'timespec_out'], ret: 'int' },
  { name: 'clock_getres', i386: 266, x86_64: 229, args: ['clockid', 'timespec_out'], ret: 'int' },
  { name: 'nanosleep', i386: 162, x86_64: 35, args: ['timespec_in', 'timespec_out'], ret: 'int' },
  { name: 'brk', i386: 45, x86_64: 12, args: ['ptr'], ret: 'hex' },
  { name: 'mmap', x86_64: 9, args: ['ptr', 'uint', 'prot', 'mflags', 'fd', 'hex'], ret: 'hex' },
  { name: 'mmap2', i386: 192, args: ['ptr', 'uint', 'prot', 'mflags', 'fd', 'hex'], ret: 'hex' },
  { name: 'munmap', i386: 91, x86_64: 11, args: ['ptr', 'uint'], ret: 'int' },
  { name: 'uname', i386: 122, x86_64: 63, args: ['utsname'], ret: 'int' },
  { name: 'getcpu', i386: 318, x86_64: 309, args: ['uint_out', 'uint_out', 'ptr'], ret: 'int' },
  { name: 'ioctl', i386: 54, x86_64: 16, args: ['fd', 'ioctlreq', 'hex'], ret: 'int' },
  { name: 'arch_prctl', i386: 384, x86_64: 158, args: ['archcode', 'archaddr'], ret: 'int' },
  { name: 'set_thread_area', i386: 243, x86_64: 205, args: ['user_desc'], ret: 'int' },
  { name: 'set_tid_address', i386: 258, x86_64: 218, args: ['ptr'], ret: 'int' },
];

export type Abi = 'i386' | 'x86_64';

const byNumber: Record<Abi, Map<number, SyscallInfo>> = { i386: new Map(), x86_64: new Map() };
const byName = new Map<string, SyscallInfo>();
for (const s of SYSCALLS) {
  byName.set(s.name, s);
  if (s.i386 !== undefined) byNumber.i386.set(s.i386, s);
  if (s.x86_64 !== undefined) byNumber.x86_64.set(s.x86_64, s);
}

/** The syscall with number `nr` in `abi`, or undefined (the kernel answers -ENOSYS). */
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
