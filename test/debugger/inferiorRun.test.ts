// The debugger's program gets `trapdoor run`'s fixed environment by default, and `set args` /
// `set environment` / `unset environment` take effect at the next run, as gdb's do: the program's
// output equals its native run with the same argument words and environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';
import { DEFAULT_ENVIRONMENT } from '../../src/kernel/processImage.js';
import { runCaptured } from '../kernel/helpers.js';
import { buildProblem } from '../abi/cBuild.js';

const problem = buildProblem('glibc', 64);
if (problem) console.warn(`test/debugger/inferiorRun: SKIPPED: ${problem}`);

const asObject = (env: readonly string[]): Record<string, string> => Object.fromEntries(env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));

describe.skipIf(problem !== null)('the program the debugger runs', () => {
  it('gets run\'s default environment, then the arguments and environment set for the next run', async () => {
    const exe = join(mkdtempSync(join(tmpdir(), 'trapdoor-argsenv-')), 'argsenv');
    const src = fileURLToPath(new URL('./c/argsenv.c', import.meta.url));
    expect(spawnSync('gcc', ['-O1', '-static', src, '-o', exe]).status).toBe(0);

    const s = await Session.create({ program: exe });
    await s.execute('show environment');
    expect(s.view().status.message).toBe(DEFAULT_ENVIRONMENT.join('\n'));
    await s.execute('continue');
    const run = await runCaptured(exe);
    expect(s.view().output, 'debug and run give the same environment').toBe(run.stdout);
    expect(run.stdout).toBe(spawnSync(exe, { env: asObject(DEFAULT_ENVIRONMENT), encoding: 'utf8' }).stdout);

    await s.execute(`set args one 'two words' "three"`);
    await s.execute('set environment GREETING = hello world');
    await s.execute('unset environment HOME');
    await s.execute('set env PATH=/bin');
    await s.execute('show args');
    expect(s.view().status.message).toBe(`Argument list to give program being debugged when it is started is "one 'two words' "three"".`);
    await s.execute('run');
    await s.execute('continue');
    const env = [...DEFAULT_ENVIRONMENT.filter((e) => !e.startsWith('HOME=') && !e.startsWith('PATH=')), 'GREETING=hello world', 'PATH=/bin'];
    const native = spawnSync(exe, ['one', 'two words', 'three'], { env: asObject(env), encoding: 'utf8' }).stdout;
    expect(native).toContain('env GREETING=hello world');
    expect(s.view().output).toBe(native);
    // gdb's `run ARGS` sets the arguments too
    await s.execute('run 4 "5 6"');
    await s.execute('continue');
    expect(s.view().output).toBe(spawnSync(exe, ['4', '5 6'], { env: asObject(env), encoding: 'utf8' }).stdout);
    await s.execute('show args');
    expect(s.view().status.message).toBe('Argument list to give program being debugged when it is started is "4 "5 6"".');
  });
});
