// Bad input ends with one clear line and a documented exit status: every guest fault kind (as a
// signal, 128+signo), a runaway loop under --max-instructions (124), a missing file (127), and
// bad ELF, bad assembly and a dynamically linked ELF whose interpreter is missing (126).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { asmCommand } from '../../src/cli/asmCommand.js';
import { disasmCommand } from '../../src/cli/disasmCommand.js';
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

async function commandError(run: () => Promise<unknown>): Promise<CliError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('no CliError');
}

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
  it.skipIf(!dynamic)('a dynamically linked ELF whose interpreter is not in the --root sysroot: 126, one clear line', async () => {
    const root = mkdtempSync(join(tmpdir(), 'trapdoor-noroot-'));
    const e = await cliError(['--root', root, dynamic!]);
    expect(e.exitCode).toBe(126);
    expect(e.message).toMatch(/cannot load its interpreter \/\S+: No such file or directory \(ENOENT\)/);
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

// Issue 17: files that are no programs are refused before they are read, as execve refuses them.
describe('run/debug/asm/disasm refuse what is no regular file, before reading it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-nonregular-'));
  const fifo = join(dir, 'pipe.S');
  const haveFifo = spawnSync('mkfifo', [fifo]).status === 0;
  if (!haveFifo) console.warn('skipping the FIFO cases: mkfifo failed');
  const cli = (...args: string[]) => spawnSync('npx', ['tsx', 'src/cli.tsx', ...args], { encoding: 'utf8', timeout: 30_000 });
  const oneLine = (r: ReturnType<typeof cli>): string => {
    const lines = r.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines, r.stderr).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    return lines[0]!;
  };

  it('run /dev/zero: 126, "not a regular file", at once (it is never read)', async () => {
    const e = await cliError(['/dev/zero']);
    expect(e.exitCode).toBe(126);
    expect(e.message).toBe('/dev/zero: not a regular file');
  });

  it.skipIf(!haveFifo)('run FIFO: 126 at once (opening it does not wait for a writer)', async () => {
    const e = await cliError([fifo]);
    expect(e.exitCode).toBe(126);
    expect(e.message).toBe(`${fifo}: not a regular file`);
  });

  it('run DIRECTORY: 126', async () => {
    const e = await cliError([dir]);
    expect(e.exitCode).toBe(126);
    expect(e.message).toBe(`${dir}: is a directory`);
  });

  // root reads a mode-000 file anyway; as root the case runs the CLI as nobody (setpriv), else as this user.
  const root = process.getuid?.() === 0;
  const asNobody = root && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
  if (root && !asNobody) console.warn('skipping the mode-000 case: running as root, and setpriv cannot drop to nobody');
  it.skipIf(root && !asNobody)('run a mode-000 file: 126 "cannot read: permission denied", not "no such file"', () => {
    const p = join(dir, 'secret.S');
    writeFileSync(p, '_start: nop\n');
    chmodSync(p, 0);
    chmodSync(dir, 0o755);
    const cmd = [process.execPath, 'node_modules/.bin/tsx', 'src/cli.tsx', 'run', p]; // not npx: it would warn about nobody's cache
    const r = asNobody ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...cmd], { encoding: 'utf8', timeout: 30_000 })
      : spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(126);
    expect(oneLine(r)).toBe(`trapdoor: error: ${p}: cannot read: permission denied`);
  });

  it('the real command line: one line, the documented status, no stack trace', () => {
    for (const args of [['run', '/dev/zero'], ['debug', '/dev/zero']]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(126);
      expect(oneLine(r)).toBe('trapdoor: error: /dev/zero: not a regular file');
    }
  });

  it('asm and disasm refuse them the same way', async () => {
    for (const [cmd, args] of [[asmCommand, ['/dev/zero', '-o', join(dir, 'out')]], [disasmCommand, ['/dev/zero']], [asmCommand, [dir, '-o', join(dir, 'out')]]] as const) {
      const e = await commandError(() => cmd([...args]));
      expect(e.exitCode).toBe(126);
      expect(e.message).toMatch(/: (not a regular file|is a directory)$/);
    }
    expect((await commandError(() => asmCommand([join(dir, 'nope.S'), '-o', join(dir, 'out')]))).exitCode).toBe(127);
  });

  it.skipIf(!haveFifo)('debug FIFO and asm FIFO do not block', async () => {
    const r = cli('debug', fifo);
    expect(r.status).toBe(126);
    expect(oneLine(r)).toBe(`trapdoor: error: ${fifo}: not a regular file`);
    expect((await commandError(() => asmCommand([fifo, '-o', join(dir, 'out2')]))).message).toBe(`${fifo}: not a regular file`);
  });

  it("an empty .S: ld's warning about the missing _start, and the ELF is written", async () => {
    const p = join(dir, 'empty.S');
    writeFileSync(p, '');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await asmCommand([p, '-o', join(dir, 'empty')])).toBe(0);
      expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual(['trapdoor: warning: cannot find entry symbol _start; defaulting to 0x401000\n']);
    } finally {
      stderr.mockRestore();
    }
  });

  it('raw non-UTF-8 bytes in .ascii are copied as they are (ff fe), not replaced by U+FFFD', async () => {
    const p = join(dir, 'raw.S');
    writeFileSync(p, Buffer.concat([Buffer.from('.data\nmsg: .ascii "'), Buffer.from([0xff, 0xfe, 0xc3, 0xa9]), Buffer.from('"\n.text\n.globl _start\n_start: nop\n')]));
    const out = join(dir, 'raw');
    expect(await asmCommand([p, '-o', out])).toBe(0);
    expect(readFileSync(out).includes(Buffer.from([0xff, 0xfe, 0xc3, 0xa9]))).toBe(true);
    expect(readFileSync(out).includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
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

