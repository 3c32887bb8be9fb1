// Dynamically linked programs (issue 11 §2): the host's ld.so and libc, loaded as Linux 6.x loads
// them. Oracle: the same binaries run natively under `setarch -R` (ASLR off, as trapdoor's layout
// is): the same /proc/self/maps, the same auxv entries the loader reads, the same syscalls strace shows.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';
import { haveTool, nativeHostProblem, straceProblem, syscallOutcomes } from './nativeTools.js';
import { trapdoor } from './trapdoorCli.js';

// The program reports where exec put things, then its own memory map.
const SOURCE = `#include <stdio.h>
#include <sys/auxv.h>
int main(void) {
  printf("AT_BASE %#lx\\nAT_ENTRY %#lx\\nAT_PHDR %#lx\\nAT_PHNUM %lu\\nAT_SYSINFO_EHDR %#lx\\nmain %p\\n",
    getauxval(AT_BASE), getauxval(AT_ENTRY), getauxval(AT_PHDR), getauxval(AT_PHNUM), getauxval(AT_SYSINFO_EHDR), (void *)main);
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  while (f && fgets(line, sizeof line, f)) fputs(line, stdout);
  return 0;
}
`;

/** The seed's hello: its start-up is nearly all the dynamic loader's. */
const HELLO = '#include <stdio.h>\nint main(void) { printf("Hello, World!\\n"); return 0; }\n';

function setarchProblem(): string | null {
  if (!haveTool('setarch')) return 'setarch is not installed';
  const r = spawnSync('setarch', ['-R', 'true']);
  return r.status === 0 ? null : 'setarch -R cannot turn off ASLR here';
}

const hostProblem = nativeHostProblem() ?? (haveTool('gcc') ? null : 'gcc is not installed') ?? setarchProblem();
if (hostProblem) console.warn(`test/programs/dynamicLinking: native comparisons SKIPPED: ${hostProblem}`);
const dir = mkdtempSync(join(tmpdir(), 'trapdoor-dyn-'));

/** Build SOURCE with `cc` and `flags`; null (and a reason) when that toolchain cannot. */
function build(name: string, cc: string, flags: string[], source = SOURCE): { exe: string | null; why: string } {
  if (hostProblem) return { exe: null, why: hostProblem };
  if (!haveTool(cc)) return { exe: null, why: `${cc} is not installed` };
  const src = join(dir, `${name}.c`);
  writeFileSync(src, source);
  const exe = join(dir, name);
  const r = spawnSync(cc, [...flags, '-O1', src, '-o', exe], { encoding: 'utf8' });
  return r.status === 0 ? { exe, why: '' } : { exe: null, why: `${cc} ${flags.join(' ')} failed: ${r.stderr.trim().split('\n')[0]}` };
}

function native(exe: string): { stdout: string; status: number | null } {
  const r = spawnSync('setarch', ['-R', exe], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { stdout: r.stdout, status: r.status };
}

const CASES = [
  { name: 'gcc-dyn64', cc: 'gcc', flags: [], bits: 64, interp: /ld-linux-x86-64\.so\.2$/m },
  { name: 'gcc-dyn32', cc: 'gcc', flags: ['-m32'], bits: 32, interp: /ld-linux\.so\.2$/m },
  { name: 'gcc-static-pie', cc: 'gcc', flags: ['-static-pie'], bits: 64, interp: null },
  { name: 'musl-dyn64', cc: 'musl-gcc', flags: [], bits: 64, interp: /ld-musl-x86_64\.so\.1$|musl.*libc\.so$/m },
] as const;

describe('dynamically linked programs', () => {
  for (const c of CASES) {
    const built = build(c.name, c.cc, [...c.flags]);
    const ia32 = c.bits === 32 ? ia32Problem() : null;
    const skip = built.exe === null ? built.why : ia32;
    it.skipIf(skip !== null)(`${c.name}: the same auxv and /proc/self/maps as natively under setarch -R${skip ? ` (SKIPPED: ${skip})` : ''}`, () => {
      const exe = built.exe!;
      const nat = native(exe);
      expect(nat.status).toBe(0);
      const ours = trapdoor(['run', '--kernel', 'x86_64', exe]);
      expect(ours.stderr).toBe('');
      expect(ours.status).toBe(0);
      expect(ours.stdout).toBe(nat.stdout);
      // and the test shows what it claims: an interpreter was mapped (or, for static-pie, none)
      if (c.interp) expect(ours.stdout).toMatch(c.interp);
      else expect(ours.stdout).toMatch(/^AT_BASE 0$/m);
    });
  }

  const dyn64 = build('hello-dyn64', 'gcc', [], HELLO);
  const strace = dyn64.exe ? straceProblem() : dyn64.why;
  it.skipIf(strace !== null)(`ld.so's start-up makes the syscalls strace shows natively, with the same results${strace ? ` (SKIPPED: ${strace})` : ''}`, () => {
    const exe = dyn64.exe!;
    const out = join(dir, 'native.strace');
    const r = spawnSync('setarch', ['-R', 'strace', '-qq', '-o', out, exe], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(r.status).toBe(0);
    const ours = trapdoor(['run', '--trace', exe]);
    expect(ours.status).toBe(0);
    const nativeTrace = spawnSync('cat', [out], { encoding: 'utf8' }).stdout;
    const outcomes = syscallOutcomes(nativeTrace);
    expect(outcomes).toContain('openat=ok'); // the loader opened libc: the comparison covers it
    expect(syscallOutcomes(ours.stderr)).toEqual(outcomes);
  });

  it.skipIf(dyn64.exe === null)(`a missing or foreign interpreter is a one-line error, exit 126${dyn64.exe ? '' : ` (SKIPPED: ${dyn64.why})`}`, () => {
    const exe = dyn64.exe!;
    const empty = join(dir, 'empty-root');
    mkdirSync(empty, { recursive: true });
    const missing = trapdoor(['run', '--root', empty, exe]);
    expect(missing.status).toBe(126);
    expect(missing.stderr).toMatch(/^trapdoor: .*: cannot load its interpreter \/lib64\/ld-linux-x86-64\.so\.2: No such file or directory \(ENOENT\).*\n$/);
    // a sysroot whose /lib64/ld-linux-x86-64.so.2 is a 32-bit file: ELIBBAD, as load_elf_binary says
    const foreign = join(dir, 'foreign-root');
    mkdirSync(join(foreign, 'lib64'), { recursive: true });
    const ld32 = ['/lib/ld-linux.so.2', '/usr/lib32/ld-linux.so.2'].find((p) => spawnSync('test', ['-f', p]).status === 0);
    if (!ld32) return;
    copyFileSync(ld32, join(foreign, 'lib64', 'ld-linux-x86-64.so.2'));
    const bad = trapdoor(['run', '--root', foreign, exe]);
    expect(bad.status).toBe(126);
    expect(bad.stderr).toMatch(/^trapdoor: .*: cannot load its interpreter \/lib64\/ld-linux-x86-64\.so\.2: it is a 32-bit i386 .*\(ELIBBAD\)\n$/);
  });

  const dyn32 = build('hello-dyn32', 'gcc', ['-m32'], SOURCE);
  it.skipIf(dyn32.exe === null)(`a 32-bit dynamic program runs under the i386 kernel too${dyn32.exe ? '' : ` (SKIPPED: ${dyn32.why})`}`, () => {
    const ours = trapdoor(['run', '--kernel', 'i386', dyn32.exe!]);
    expect(ours.stderr).toBe('');
    expect(ours.status).toBe(0);
    // ELF_ET_DYN_BASE of the 3G/1G split (TASK_SIZE / 3 * 2), ld.so right below mmap_base 0xb8000000
    expect(ours.stdout).toMatch(/^80000000-80001000 r--p 00000000 .*hello-dyn32$/m);
    expect(ours.stdout).toMatch(/^b7fff000-b8000000 rw-p \S+ \S+ \S+ +\S*ld-linux\.so\.2$/m);
  });
});

// The host's own tools, as a user would first try them (issue 11 §2): output, status and the
// outcome of every syscall strace shows natively. Both runs bind every symbol at start-up.
const TOOLS: { argv: string[]; what: string }[] = [
  { argv: ['/bin/echo', 'hi'], what: 'echo' },
  { argv: ['/bin/cat', '/etc/passwd'], what: 'cat FILE' },
  { argv: ['/bin/ls', '/'], what: 'ls / (getdents64)' },
  { argv: ['/usr/bin/sort', '/etc/passwd'], what: 'sort FILE' },
  { argv: ['/bin/true'], what: 'true' },
];

let defaultEnv: Record<string, string> | null = null;
/** The environment trapdoor gives a guest by default (what env prints), so that both runs see the same one. */
function guestEnvironment(): Record<string, string> {
  defaultEnv ??= Object.fromEntries(trapdoor(['run', '/usr/bin/env']).stdout.trim().split('\n')
    .map((l) => [l.split('=')[0]!, l.slice(l.indexOf('=') + 1)]));
  return defaultEnv;
}

describe('the host\'s dynamically linked tools', () => {
  const problem = nativeHostProblem() ?? straceProblem();
  for (const t of TOOLS) {
    const missing = problem ?? (spawnSync('test', ['-x', t.argv[0]!]).status === 0 ? null : `${t.argv[0]} is not installed`);
    it.skipIf(missing !== null)(`${t.what}: the output, status and syscalls of the native run${missing ? ` (SKIPPED: ${missing})` : ''}`, () => {
      const out = join(dir, `${t.what.split(' ')[0]}.strace`);
      const env = guestEnvironment();
      const nat = spawnSync('strace', ['-qq', '-o', out, ...t.argv], { encoding: 'utf8', env });
      const ours = trapdoor(['run', '--trace', ...t.argv]);
      expect(ours.status).toBe(nat.status);
      expect(ours.stdout).toBe(nat.stdout);
      const nativeOutcomes = syscallOutcomes(spawnSync('cat', [out], { encoding: 'utf8' }).stdout);
      expect(nativeOutcomes).toContain('mmap=ok');
      expect(syscallOutcomes(ours.stderr)).toEqual(nativeOutcomes);
    });
  }

  it.skipIf(problem !== null || spawnSync('test', ['-x', '/usr/bin/env']).status !== 0)('env prints the environment it was given (--env, and the default one)', () => {
    const ours = trapdoor(['run', '--env', 'GREETING=hello world', '/usr/bin/env']);
    expect(ours.status).toBe(0);
    expect(ours.stdout).toMatch(/^GREETING=hello world$/m);
    expect(ours.stdout).toMatch(/^PATH=/m);
  });
});
