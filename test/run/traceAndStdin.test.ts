// --trace=FILE writes the strace lines to FILE; stdin reaches the guest's read(0, ...).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs, runCommand, runProgram } from '../../src/cli/runCommand.js';
import { BrokenPipe } from '../../src/kernel/files.js';
import { runCaptured, sourceFile } from '../kernel/helpers.js';

const QUIET = sourceFile(`\t.code64\n\t.text\n\t.globl _start\n_start:\n\tmovl $39, %eax\n\tsyscall\n\tmovl $231, %eax\n\tmovl $3, %edi\n\tsyscall\n`);

describe('--trace=FILE', () => {
  it('writes strace-format lines, the exit line last, and returns the program status', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trapdoor-trace-')), 'trace.txt');
    expect(await runCommand([QUIET, `--trace=${file}`])).toBe(3);
    const lines = readFileSync(file, 'utf8').split('\n');
    // the path in full, argv strings cut at strace's 32 characters
    expect(lines[0]).toMatch(new RegExp(`^execve\\("${QUIET}", \\["${QUIET.slice(0, 32)}"\\.\\.\\.\\], 0x[0-9a-f]+ /\\* 6 vars \\*/\\) = 0$`));
    expect(lines.slice(1).join('\n')).toBe(
      'getpid()                                = 4242\nexit_group(3)                           = ?\n+++ exited with 3 +++\n');
  });

  it('parses options the way DESIGN.md lists them', () => {
    expect(parseRunArgs(['p.S', '--trace', '--cycles', '--profile', 'zen4-kvm', '--kernel=i386', '--max-instructions', '9', '--root=/', '--writable', '/tmp', '--', '-x', 'y']))
      .toEqual({ prog: 'p.S', args: ['-x', 'y'], trace: true, cycles: true, profile: 'zen4-kvm', kernel: 'i386', maxInstructions: 9, hostFs: { root: '/', writable: ['/tmp'] } });
  });
});

const ECHO = `
	.code32
	.text
	.globl _start
_start:
	movl $3, %eax			# read(0, buf, 64)
	xorl %ebx, %ebx
	movl $buf, %ecx
	movl $64, %edx
	int $0x80
	movl %eax, %edx			# write(1, buf, n)
	movl $4, %eax
	movl $1, %ebx
	movl $buf, %ecx
	int $0x80
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
	.bss
buf:	.zero 64
`;

describe('standard input', () => {
  it('read(0) returns what the host gives on stdin', async () => {
    const r = await runCaptured(sourceFile(ECHO), { kernel: 'i386' }, 'typed line\n');
    expect(r.stdout).toBe('typed line\n');
    expect(r.trace[0]).toMatch(/^read\(0, "typed line\\n", 64\) += 11$/);
  });
});

describe('the first trace lines', () => {
  it('are the execve, then for a 32-bit process on the x86_64 kernel the personality notice, as strace prints them', async () => {
    const src = sourceFile(`\t.code32\n\t.text\n\t.globl _start\n_start:\n\tmovl $1, %eax\n\txorl %ebx, %ebx\n\tint $0x80\n`);
    const compat = await runCaptured(src, { kernel: 'x86_64', args: ['one'] });
    expect(compat.rawTrace[0]).toMatch(/^execve\(".*", \[".*"(\.\.\.)?, "one"\], 0x[0-9a-f]+ \/\* 6 vars \*\/\) = 0$/);
    expect(compat.rawTrace[1]).toBe('[ Process PID=4242 runs in 32 bit mode. ]');
    const i386 = await runCaptured(src, { kernel: 'i386' });
    expect(i386.rawTrace[1]).toBe('exit(0)                                 = ?');
  });
});

describe('a reader that goes away', () => {
  it('makes write fail with EPIPE and kills the program with SIGPIPE (141), silently', async () => {
    const src = sourceFile(`\t.code64\n\t.text\n\t.globl _start\n_start:\nagain:\n\tmovl $1, %eax\n\tmovl $1, %edi\n\tleaq msg(%rip), %rsi\n\tmovl $3, %edx\n\tsyscall\n\tjmp again\n\t.data\nmsg:\t.ascii "yo\\n"\n`);
    let writes = 0;
    const trace: string[] = [];
    const streams = {
      readStdin: () => new Uint8Array(0),
      writeStdout: () => {
        if (++writes > 2) throw new BrokenPipe();
      },
      writeStderr: () => {},
    };
    const r = await runProgram({ prog: src, args: [], trace: true, cycles: false, profile: 'textbook' }, streams, (l) => trace.push(l));
    expect(r.exitCode).toBe(141);
    expect(trace.slice(-4)).toEqual([
      'write(1, "yo\\n", 3)                     = 3',
      'write(1, "yo\\n", 3)                     = -1 EPIPE (Broken pipe)',
      '--- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=4242, si_uid=1000} ---',
      '+++ killed by SIGPIPE +++',
    ]);
  });
});
