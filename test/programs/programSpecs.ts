// What each program in programs/ prints and how it ends, and how its output is compared.
// Hand-written from the programs' own text; the native run is the oracle for trapdoor.

export type OutputComparison =
  | 'exact' // stdout must be byte-identical natively and under trapdoor
  | 'numbers' // timing programs: same lines and format, numbers normalised
  | 'maps'; // /proc/self/maps: contents differ, compare the shape

export interface ProgramSpec {
  name: string;
  bits: 32 | 64;
  /** Exit status, 128 + signal when it dies of one. */
  exitStatus: number;
  /** The whole native stdout must match this. */
  stdout: RegExp;
  comparison: OutputComparison;
  /** A 64-bit program that executes int $0x80 (natively it needs the kernel's IA-32 emulation). */
  int80From64?: boolean;
}

const cycles = (names: string[]): RegExp => new RegExp(`^${names.map((n) => `${n}: \\d+ cycles\\n`).join('')}$`);

export const PROGRAMS: ProgramSpec[] = [
  { name: 'hello-int80', bits: 32, exitStatus: 0, stdout: /^Hello from int \$0x80 \(32-bit\)\n$/, comparison: 'exact' },
  { name: 'hello-syscall', bits: 64, exitStatus: 0, stdout: /^Hello from syscall \(64-bit\)\n$/, comparison: 'exact' },
  {
    name: 'hello-sysenter',
    bits: 32,
    exitStatus: 0,
    stdout: /^Hello from __kernel_vsyscall \(32-bit, AT_SYSINFO\)\n$/,
    comparison: 'exact',
  },
  {
    name: 'int80-from-64',
    bits: 64,
    int80From64: true,
    exitStatus: 0,
    stdout: /^Hello from int \$0x80 in a 64-bit process\ngetpid via int \$0x80 == getpid via syscall: yes\n$/,
    comparison: 'exact',
  },
  {
    name: 'clock-vdso',
    bits: 64,
    exitStatus: 0,
    stdout: /^resolved __vdso_clock_gettime through DT_(GNU_)?HASH\nvdso clock_gettime: ok\n$/,
    comparison: 'exact',
  },
  {
    name: 'compare-methods',
    bits: 64,
    int80From64: true,
    exitStatus: 0,
    stdout: cycles(['call', 'vdso_clock_gettime', 'syscall_clock_gettime', 'syscall_getpid', 'int80_getpid']),
    comparison: 'numbers',
  },
  {
    name: 'compare-methods32',
    bits: 32,
    exitStatus: 0,
    stdout: cycles(['call', 'vdso_clock_gettime', 'vsyscall_clock_gettime', 'vsyscall_getpid', 'int80_getpid']),
    comparison: 'numbers',
  },
  {
    name: 'faults',
    bits: 64,
    exitStatus: 139,
    stdout: new RegExp(
      '^write\\(1, 0x10, 8\\) from an unmapped address = -14\\n' +
        'clock_gettime\\(CLOCK_MONOTONIC, 0xffffffff81000000\\) into a kernel address = -14\\n' +
        'syscall 1000 \\(no such system call\\) = -38\\n' +
        'storing to address 0: expect SIGSEGV \\(exit status 139\\)\\n$',
    ),
    comparison: 'exact',
  },
  {
    name: 'maps',
    bits: 64,
    exitStatus: 0,
    stdout: /^([0-9a-f]+-[0-9a-f]+ [r-][w-][x-][ps] [0-9a-f]+ [0-9a-f]+:[0-9a-f]+ \d+ *.*\n)+$/,
    comparison: 'maps',
  },
];

/** Timing output with every number replaced by N. */
export function normaliseNumbers(text: string): string {
  return text.replace(/\d+/g, 'N');
}

/** The special rows ([vdso], [stack], ...) named in a /proc/self/maps text. */
export function mapsSpecialRows(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /\s(\[[a-z_]+\])$/.exec(line);
    if (m) names.add(m[1]!);
  }
  return names;
}

/** The rows every Linux maps output of a static program shows (older kernels: no [vvar_vclock]). */
export const REQUIRED_MAPS_ROWS = ['[vvar]', '[vdso]', '[stack]'];
