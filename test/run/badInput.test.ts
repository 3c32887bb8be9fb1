// Bad input ends with one clear line and a documented exit status: every guest fault kind (as a
// signal, 128+signo), a runaway loop under --max-instructions (124), a missing file (127), and
// bad ELF, bad assembly and dynamically linked ELF files (126).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/CliError.js';
import { writeExecutable } from '../../src/elf/index.js';
import { EXIT_INSTRUCTION_LIMIT, runCommand } from '../../src/cli/runCommand.js';
import { runCaptured, sourceFile } from '../kernel/helpers.js';

const prog64 = (body: string): string => sourceFile(`\t.code64\n\t.text\n\t.globl _start\n_start:\n${body}\n\tmovl $60, %eax\n\txorl %edi, %edi\n\tsyscall\n`);
const prog32 = (body: string): string => sourceFile(`\t.code32\n\t.text\n\t.globl _start\n_start:\n${body}\n\tmovl $1, %eax\n\txorl %ebx, %ebx\n\tint $0x80\n`);

/** The one report line the run printed on stderr. */
function reportLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('guest faults become signals', () => {
  it('a write to an unmapped page: SIGSEGV, 139', async () => {
    const r = await runCaptured(prog64('\tmovl $1, 0'));
    expect(r.exitCode).toBe(139);
    expect(reportLine(r.stderr)).toMatch(/^trapdoor: program killed by SIGSEGV: write to 0x0 \(page not present\) at 0x[0-9a-f]+: movl \$0x1,0x0$/);
    expect(r.trace.slice(-2)).toEqual(['--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---', '+++ killed by SIGSEGV +++']);
  });

  it('a user read of kernel memory: SIGSEGV', async () => {
    const r = await runCaptured(prog64('\tmovq 0xffffffff81000000, %rax'));
    expect(r.exitCode).toBe(139);
    expect(reportLine(r.stderr)).toMatch(/SIGSEGV: read from 0xffffffff81000000 \(kernel page, user access\) at 0x[0-9a-f]+: mov /);
  });

  it('a write to a read-only page: SIGSEGV (SEGV_ACCERR)', async () => {
    const r = await runCaptured(prog64('\tmovb $0, _start'));
    expect(r.exitCode).toBe(139);
    expect(reportLine(r.stderr)).toMatch(/SIGSEGV: write to 0x[0-9a-f]+ \(page is read-only\)/);
    expect(r.trace.at(-2)).toMatch(/si_code=SEGV_ACCERR/);
  });

  it('a privileged instruction at CPL 3 (hlt): #GP, SIGSEGV', async () => {
    const r = await runCaptured(prog64('\thlt'));
    expect(r.exitCode).toBe(139);
    expect(reportLine(r.stderr)).toMatch(/^trapdoor: program killed by SIGSEGV: general protection fault.* at 0x[0-9a-f]+: hlt$/);
  });

  it('a privileged instruction at CPL 3 in a 32-bit program (cli): SIGSEGV', async () => {
    const r = await runCaptured(prog32('\tcli'), { kernel: 'i386' });
    expect(r.exitCode).toBe(139);
    expect(reportLine(r.stderr)).toMatch(/general protection fault.*: cli$/);
  });

  it('ud2: #UD, SIGILL, 132', async () => {
    const r = await runCaptured(prog64('\tud2'));
    expect(r.exitCode).toBe(132);
    expect(reportLine(r.stderr)).toMatch(/^trapdoor: program killed by SIGILL: invalid opcode at 0x[0-9a-f]+: ud2$/);
  });

  it('an instruction the CPU does not emulate: SIGILL with the not-emulated reason', async () => {
    const r = await runCaptured(prog64('\t.byte 0xc5, 0xe8, 0x58, 0xd9')); // vaddps %xmm1,%xmm2,%xmm3
    expect(r.exitCode).toBe(132);
    expect(reportLine(r.stderr)).toMatch(/^trapdoor: program killed by SIGILL: not emulated: vaddps/);
  });

  it('int3: #BP through its DPL-3 gate, SIGTRAP, 133', async () => {
    const r = await runCaptured(prog64('\tint3'));
    expect(r.exitCode).toBe(133);
    expect(reportLine(r.stderr)).toMatch(/^trapdoor: program killed by SIGTRAP: breakpoint trap \(int3\) at 0x[0-9a-f]+$/);
  });

  it('int $0x81 (no gate): #GP, SIGSEGV', async () => {
    const r = await runCaptured(prog64('\tint $0x81'));
    expect(r.exitCode).toBe(139);
    expect(reportLine(r.stderr)).toMatch(/general protection fault.*: int +\$0x81$/);
  });

  it('a division by zero: #DE, SIGFPE, 136', async () => {
    const r = await runCaptured(prog32('\tmovl $7, %eax\n\txorl %edx, %edx\n\txorl %ecx, %ecx\n\tdivl %ecx'), { kernel: 'i386' });
    expect(r.exitCode).toBe(136);
    expect(reportLine(r.stderr)).toMatch(/^trapdoor: program killed by SIGFPE: divide error at 0x[0-9a-f]+: div +%ecx$/);
  });
});

describe('a runaway program', () => {
  it('stops at --max-instructions with one line and status 124', async () => {
    const r = await runCaptured(sourceFile('\t.text\n\t.globl _start\n_start:\n\tjmp _start\n'), { maxInstructions: 10_000 });
    expect(r.exitCode).toBe(EXIT_INSTRUCTION_LIMIT);
    expect(r.outcome).toEqual({ kind: 'limit', instructions: 10_000 });
  });
});

async function cliError(args: string[]): Promise<CliError> {
  try {
    await runCommand(args);
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('no CliError');
}

describe('files that cannot run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-bad-'));

  it('a missing file: 127', async () => {
    const e = await cliError([join(dir, 'nope')]);
    expect(e.exitCode).toBe(127);
    expect(e.message).toMatch(/nope: no such file$/);
  });

  it('not an ELF file: 126, one line', async () => {
    const p = join(dir, 'garbage');
    writeFileSync(p, Buffer.from('this is not a program at all, just text\n'));
    const e = await cliError([p]);
    expect(e.exitCode).toBe(126);
    expect(e.message).not.toContain('\n');
    expect(e.message).toMatch(/not an ELF file/);
  });

  it('a truncated ELF file: 126', async () => {
    const p = join(dir, 'truncated');
    writeFileSync(p, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]));
    const e = await cliError([p]);
    expect(e.exitCode).toBe(126);
    expect(e.message).not.toContain('\n');
  });

  it('bad assembly: 126 with file:line:col: error:', async () => {
    const p = sourceFile('\t.text\n_start:\n\tmovq %rax, %bogus\n');
    const e = await cliError([p]);
    expect(e.exitCode).toBe(126);
    expect(e.preformatted).toBe(true);
    expect(e.message.split('\n')[0]).toMatch(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: error: `));
  });

  const dynamic = ['/bin/true', '/usr/bin/true'].find((p) => existsSync(p) && spawnSync('readelf', ['-l', p]).stdout?.toString().includes('INTERP'));
  if (!dynamic) console.warn('skipping the dynamically linked ELF case: no dynamic /bin/true or no readelf');
  it.skipIf(!dynamic)('a dynamically linked ELF: 126, refused with a clear message', async () => {
    const e = await cliError([dynamic!]);
    expect(e.exitCode).toBe(126);
    expect(e.message).toMatch(/dynamically linked/);
    expect(e.message).not.toContain('\n');
  });

  it('an ELF whose segment lies in kernel space: 126, refused at exec', async () => {
    const p = join(dir, 'kernel-segment');
    writeFileSync(p, writeExecutable({
      bits: 64, entry: 0xffffffff80000000n, symbols: [],
      sections: [{ name: '.text', addr: 0xffffffff80000000n, data: new Uint8Array([0xf4]), size: 1, flags: { alloc: true, write: false, exec: true }, align: 16 }],
    }));
    const e = await cliError([p]);
    expect(e.exitCode).toBe(126);
    expect(e.message).toMatch(/lies outside user space$/);
  });

  it('bad options: usage, 2', async () => {
    expect((await cliError(['--bogus', 'x'])).exitCode).toBe(2);
    expect((await cliError(['p.S', '--profile', 'nope'])).exitCode).toBe(2);
    expect((await cliError(['p.S', '--kernel', 'arm'])).exitCode).toBe(2);
    expect((await cliError(['p.S', '--max-instructions', '-3'])).exitCode).toBe(2);
  });
});

describe('the real command line', () => {
  it('prints the kill report as one line on stderr and exits 128+11', () => {
    const p = prog64('\tmovl $1, 0');
    const r = spawnSync('npx', ['tsx', 'src/cli.tsx', 'run', p], { encoding: 'utf8' });
    expect(r.status).toBe(139);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^trapdoor: program killed by SIGSEGV: write to 0x0/);
  });

  it('a runaway loop: one line, status 124', () => {
    const p = sourceFile('\t.text\n\t.globl _start\n_start:\n\tjmp _start\n');
    const r = spawnSync('npx', ['tsx', 'src/cli.tsx', 'run', p, '--max-instructions', '5000'], { encoding: 'utf8' });
    expect(r.status).toBe(124);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^trapdoor: error: instruction limit reached/)]);
  });
});

