// --trace=FILE writes the strace lines to FILE; stdin reaches the guest's read(0, ...).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs, runCommand } from '../../src/cli/runCommand.js';
import { runCaptured, sourceFile } from '../kernel/helpers.js';

const QUIET = sourceFile(`\t.code64\n\t.text\n\t.globl _start\n_start:\n\tmovl $39, %eax\n\tsyscall\n\tmovl $231, %eax\n\tmovl $3, %edi\n\tsyscall\n`);

describe('--trace=FILE', () => {
  it('writes strace-format lines, the exit line last, and returns the program status', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trapdoor-trace-')), 'trace.txt');
    expect(await runCommand([QUIET, `--trace=${file}`])).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe(
      'getpid()                                = 4242\nexit_group(3)                           = ?\n+++ exited with 3 +++\n');
  });

  it('parses options the way DESIGN.md lists them', () => {
    expect(parseRunArgs(['p.S', '--trace', '--cycles', '--profile', 'zen4-kvm', '--kernel=i386', '--max-instructions', '9', '--', '-x', 'y']))
      .toEqual({ prog: 'p.S', args: ['-x', 'y'], trace: true, cycles: true, profile: 'zen4-kvm', kernel: 'i386', maxInstructions: 9 });
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
