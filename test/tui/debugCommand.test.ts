// `trapdoor debug` argument and error handling (the command function; stdin here is not a TTY).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/CliError.js';
import { debugCommand, parseDebugArgs } from '../../src/cli/debugCommand.js';
import { DEFAULT_ENVIRONMENT } from '../../src/kernel/processImage.js';

async function failure(args: string[]): Promise<CliError> {
  try {
    await debugCommand(args);
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('debugCommand did not fail');
}

describe('trapdoor debug', () => {
  it('parses PROG, --profile, --kernel and the program arguments after --', () => {
    expect(parseDebugArgs(['p.S', '--profile', 'zen4-kvm', '--kernel=i386', '--', '-x', 'y'])).toEqual({ program: 'p.S', profile: 'zen4-kvm', kernel: 'i386', args: ['-x', 'y'], env: [...DEFAULT_ENVIRONMENT], hostFs: {} });
    expect(() => parseDebugArgs([])).toThrow(/which program/);
    expect(() => parseDebugArgs(['p.S', '--kernel', 'arm'])).toThrow(/--kernel must be i386 or x86_64/);
    expect(() => parseDebugArgs(['p.S', '--bogus'])).toThrow(/unknown option/);
  });
  it('gives the guest the environment `trapdoor run` gives it: the fixed default, --env over it, --env-host', () => {
    const env = parseDebugArgs(['p.S', '--env', 'HOME=/tmp', '--env=ZZ=1']).env;
    expect(env).toEqual([...DEFAULT_ENVIRONMENT.map((e) => (e.startsWith('HOME=') ? 'HOME=/tmp' : e)), 'ZZ=1']);
    process.env.TRAPDOOR_DEBUG_ENV_TEST = 'host';
    expect(parseDebugArgs(['p.S', '--env-host']).env).toContain('TRAPDOOR_DEBUG_ENV_TEST=host');
    delete process.env.TRAPDOOR_DEBUG_ENV_TEST;
    expect(() => parseDebugArgs(['p.S', '--env', 'NOEQUALS'])).toThrow(/--env needs NAME=VALUE/);
  });
  it('reports errors as one line with the contract exit status', async () => {
    expect((await failure(['no/such/prog.S'])).exitCode).toBe(127);
    expect((await failure(['programs/hello-syscall.S', '--profile', 'nosuch'])).exitCode).toBe(2);
    expect((await failure(['programs/hello-syscall.S', '--kernel', 'arm'])).exitCode).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'trapdoor-debug-'));
    const bad = join(dir, 'bad.S');
    writeFileSync(bad, '.code64\n_start:\n\tfrobnicate %eax\n');
    const asm = await failure([bad]);
    expect(asm.exitCode).toBe(126);
    expect(asm.message).toMatch(/bad\.S:3:\d+: error: /);
    const notElf = join(dir, 'data.bin');
    writeFileSync(notElf, 'hello');
    expect((await failure([notElf])).exitCode).toBe(126);
  });
  it('without a terminal, points to trapdoor run (exit 2)', async () => {
    const e = await failure(['programs/hello-syscall.S']);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('trapdoor run');
    expect(e.message.split('\n')).toHaveLength(1);
  });
});
