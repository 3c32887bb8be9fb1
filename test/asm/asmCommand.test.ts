// `trapdoor asm`: writes an executable ELF, and maps failures to the CLI's exit statuses.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asmCommand } from '../../src/cli/asmCommand.js';
import { CliError } from '../../src/cli/CliError.js';
import { readElf } from '../../src/elf/readElf.js';

const dir = mkdtempSync(join(tmpdir(), 'trapdoor-asmcmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function failure(args: string[]): Promise<CliError> {
  try {
    await asmCommand(args);
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

describe('trapdoor asm', () => {
  it('writes a mode-0755 static ELF64 with entry _start', async () => {
    const src = file('ok.S', '.globl _start\n_start:\n mov $60, %eax\n xor %edi, %edi\n syscall\n');
    const out = join(dir, 'ok');
    expect(await asmCommand([src, '-o', out])).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o755);
    const elf = readElf(readFileSync(out));
    expect(elf.bits).toBe(64);
    expect(elf.entry).toBe(0x401000n);
  });

  it('--32 makes an ELF32 at ld -m elf_i386 addresses; several files link together', async () => {
    const a = file('a.S', '.globl _start\n_start: call f\n mov $1, %eax\n int $0x80\n');
    const b = file('b.S', '.globl f\nf: xor %ebx, %ebx\n ret\n');
    const out = join(dir, 'ab');
    expect(await asmCommand(['--32', a, b, '-o', out])).toBe(0);
    const elf = readElf(readFileSync(out));
    expect(elf.bits).toBe(32);
    expect(elf.entry).toBe(0x8049000n);
  });

  it('.include reads a file next to the including one; errors there name that file', async () => {
    file('defs.inc', 'SYS_exit = 60\n.macro EXIT code\n mov $SYS_exit, %eax\n mov $\\code, %edi\n syscall\n.endm\n');
    const src = file('inc.S', '.include "defs.inc"\n.globl _start\n_start:\n EXIT 3\n');
    const out = join(dir, 'inc');
    expect(await asmCommand([src, '-o', out])).toBe(0);
    file('bad.inc', 'nop\n  movl %ax, %ebx\n');
    const e = await failure([file('inc2.S', '.include "bad.inc"\n'), '-o', join(dir, 'inc2')]);
    expect(e.message.split('\n')[0]).toBe(`${join(dir, 'bad.inc')}:2:8: error: operand size mismatch: '%ax' is not a 32-bit register (suffix 'l')`);
    const missing = await failure([file('inc3.S', '  .include "nope.inc"\n'), '-o', join(dir, 'inc3')]);
    expect(missing.message.split('\n')[0]).toMatch(/inc3\.S:1:12: error: cannot open include file 'nope\.inc'/);
  });

  it('missing input: exit 127', async () => {
    const e = await failure([join(dir, 'nope.S'), '-o', join(dir, 'x')]);
    expect(e.exitCode).toBe(127);
    expect(e.message).toContain('nope.S');
  });

  it('assembly error: exit 126 with the preformatted file:line:col message and caret', async () => {
    const src = file('bad.S', '_start:\n  movl %ax, %ebx\n');
    const e = await failure([src, '-o', join(dir, 'bad')]);
    expect(e.exitCode).toBe(126);
    expect(e.preformatted).toBe(true);
    expect(e.message.split('\n')).toEqual([`${src}:2:8: error: operand size mismatch: '%ax' is not a 32-bit register (suffix 'l')`, '  movl %ax, %ebx', '       ^']);
  });

  it('usage errors: exit 2', async () => {
    for (const args of [[], ['x.S'], ['x.S', '-o'], ['--bogus', 'x.S', '-o', 'y'], ['--32', '--64', 'x.S', '-o', 'y']]) {
      expect((await failure(args)).exitCode, JSON.stringify(args)).toBe(2);
    }
  });
});
