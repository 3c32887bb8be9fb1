import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { disasmCommand } from '../../src/cli/disasmCommand.js';
import { CliError } from '../../src/cli/CliError.js';
import { gnuBuild, hasTool } from './objdumpOracle.js';
import { tempFile } from '../elf/elfTestTools.js';

const haveTools = hasTool('as') && hasTool('ld') && hasTool('objdump');
if (!haveTools) console.warn('skipping trapdoor disasm vs objdump: GNU as, ld or objdump not found');

async function capture(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, cb?: unknown) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    if (typeof cb === 'function') cb();
    return true;
  }) as typeof process.stdout.write);
  try {
    const code = await disasmCommand(args);
    return { code, out };
  } finally {
    spy.mockRestore();
  }
}

async function cliError(args: string[]): Promise<CliError> {
  try {
    await capture(args);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error('expected a CliError');
}

afterEach(() => vi.restoreAllMocks());

describe('trapdoor disasm', () => {
  const program = `.globl _start
_start:
  mov $1, %eax
  mov $msg, %esi
  lea msg(%rip), %rsi
  call helper
  jmp done
helper:
  movabs $0x1122334455667788, %rax
  ret
done:
  mov $60, %eax
  xor %edi, %edi
  syscall
.data
msg: .ascii "hi\\n"
`;

  for (const bits of [64, 32] as const) {
    it.skipIf(!haveTools)(`prints exactly what objdump -d prints for a GNU-linked ${bits}-bit binary`, async () => {
      const text = bits === 64 ? program : program.replace('lea msg(%rip), %rsi', 'lea msg, %esi').replace('movabs $0x1122334455667788, %rax', 'mov $0x11223344, %eax').replace('mov $60, %eax\n  xor %edi, %edi\n  syscall', 'mov $1, %eax\n  int $0x80');
      const { exePath, objdump } = gnuBuild(text, bits);
      const { code, out } = await capture([exePath]);
      expect(code).toBe(0);
      expect(out).toBe(objdump);
    });
  }

  it.skipIf(!haveTools)('prints the same listing as objdump for the own 64-bit instruction list, byte for byte', async () => {
    const { exePath, objdump } = gnuBuild(readFileSync(new URL('./own64.S', import.meta.url), 'utf8'), 64);
    expect((await capture([exePath])).out).toBe(objdump);
  });

  it('a missing file exits 127', async () => {
    const e = await cliError(['/nonexistent/prog']);
    expect(e.exitCode).toBe(127);
    expect(e.message).toBe('/nonexistent/prog: no such file');
  });

  it('garbage and truncated files exit 126 with a one-line reason', async () => {
    const garbage = tempFile('garbage', new TextEncoder().encode('hello, world\n'));
    const e = await cliError([garbage]);
    expect(e.exitCode).toBe(126);
    expect(e.message).toBe(`${garbage}: not an ELF file (bad magic number)`);
    const trunc = tempFile('trunc', Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0));
    const t = await cliError([trunc]);
    expect(t.exitCode).toBe(126);
    expect(t.message).toMatch(/: truncated ELF file \(18 bytes/);
    expect(t.message).not.toContain('\n');
  });

  it.skipIf(!existsSync('/bin/ls'))('a wrong-machine ELF exits 126', async () => {
    const bytes = new Uint8Array(readFileSync('/bin/ls'));
    bytes[18] = 40; // EM_ARM
    const e = await cliError([tempFile('arm', bytes)]);
    expect(e.exitCode).toBe(126);
    expect(e.message).toMatch(/unsupported machine ARM/);
  });

  it('usage errors exit 2', async () => {
    expect((await cliError([])).exitCode).toBe(2);
    expect((await cliError(['a', 'b'])).exitCode).toBe(2);
    expect((await cliError(['--bogus', 'a'])).exitCode).toBe(2);
  });
});

describe('trapdoor disasm into a closed pipe', () => {
  it.skipIf(!haveTools)('stops quietly when the reader goes away (| head), without a stack trace', () => {
    const { exePath } = gnuBuild('.globl _start\n_start:\n.rept 30000\nnop\n.endr\n', 64);
    const root = new URL('../../', import.meta.url).pathname;
    const r = spawnSync('sh', ['-c', `"${root}node_modules/.bin/tsx" "${root}src/cli.tsx" disasm "${exePath}" | head -n 8; echo "status=\${PIPESTATUS:-}"`], { encoding: 'utf8', cwd: root, shell: false });
    expect(r.stdout).toContain('<_start>:');
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  });
});
