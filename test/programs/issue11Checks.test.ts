// Items of issue 11 §2 not checked elsewhere: the seed's point in --trace (the loader's dozens of
// calls, then one write of "Hello, World!"), a gcc -m32 dynamic program's syscalls against its
// native strace, and /usr/bin/env against its native run with the same environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENVIRONMENT } from '../../src/kernel/processImage.js';
import { ia32Problem } from '../hostIa32.js';
import { haveTool, nativeHostProblem, straceProblem, syscallOutcomes } from './nativeTools.js';
import { trapdoor } from './trapdoorCli.js';

const dir = mkdtempSync(join(tmpdir(), 'trapdoor-issue11-'));
const host = nativeHostProblem() ?? (haveTool('gcc') ? null : 'gcc is not installed');
const env = Object.fromEntries(DEFAULT_ENVIRONMENT.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));

function build(name: string, flags: string[], source: string): string {
  writeFileSync(join(dir, `${name}.c`), source);
  const exe = join(dir, name);
  const r = spawnSync('gcc', [...flags, '-O1', join(dir, `${name}.c`), '-o', exe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return exe;
}

const SEED = '#include <stdio.h>\nint main(void) { printf("Hello, World!"); return 0; }\n';

describe('dynamically linked programs, the rest of issue 11 §2', () => {
  it.skipIf(host !== null)('--trace of the dynamic hello world: the loader\'s dozens of calls, then the one write(1, "Hello, World!", 13)', () => {
    const r = trapdoor(['run', '--trace', build('seed', [], SEED)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello, World!');
    const calls = r.stderr.split('\n').filter((l) => /^[a-z_0-9]+\(/.test(l));
    const writes = calls.filter((l) => l.startsWith('write('));
    expect(writes).toEqual(['write(1, "Hello, World!", 13)           = 13']);
    const before = calls.indexOf(writes[0]!);
    expect(before, 'dozens of calls come first').toBeGreaterThanOrEqual(24);
    expect(calls.slice(0, before).filter((l) => /^(openat|mmap|mprotect|arch_prctl|set_tid_address)\(/.test(l)).length).toBeGreaterThanOrEqual(12);
    expect(calls.slice(before + 1)).toEqual(['exit_group(0)                           = ?']);
  });

  const p32 = host ?? straceProblem() ?? ia32Problem();
  it.skipIf(p32 !== null)(`gcc -m32 (dynamic): output, status and syscalls of the native run, both kernels${p32 ? ` (SKIPPED: ${p32})` : ''}`, () => {
    const exe = build('seed32', ['-m32'], SEED);
    const out = join(dir, 'seed32.strace');
    const nat = spawnSync('setarch', ['-R', 'strace', '-qq', '-o', out, exe], { encoding: 'utf8', env });
    const want = syscallOutcomes(readFileSync(out, 'utf8'));
    expect(want).toContain('openat=ok');
    for (const kernel of ['x86_64', 'i386']) {
      const ours = trapdoor(['run', '--kernel', kernel, '--trace', exe]);
      expect(ours.status).toBe(nat.status);
      expect(ours.stdout).toBe(nat.stdout);
      expect(syscallOutcomes(ours.stderr), `on the ${kernel} kernel`).toEqual(want);
    }
  });

  const pEnv = host ?? (spawnSync('test', ['-x', '/usr/bin/env']).status === 0 ? null : '/usr/bin/env is not installed');
  it.skipIf(pEnv !== null)('/usr/bin/env prints what it prints natively given the same environment', () => {
    const nat = spawnSync('/usr/bin/env', { encoding: 'utf8', env });
    const ours = trapdoor(['run', '/usr/bin/env']);
    expect(ours.status).toBe(nat.status);
    expect(ours.stdout).toBe(nat.stdout);
    expect(ours.stdout).toBe(`${DEFAULT_ENVIRONMENT.join('\n')}\n`);
  });
});
