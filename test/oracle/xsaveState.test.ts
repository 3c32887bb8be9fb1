// FXSAVE/FXRSTOR, XSAVE/XRSTOR and XGETBV against this machine's CPU: xsaveState.c, built 64- and
// 32-bit static, prints the images its saves store (after a known state, after crafted restores)
// and which restores fault; run natively and under trapdoor (the host vendor's profile: AMD and
// Intel differ in MXCSR_MASK and in when FIP/FDP/FOP are stored) the output must be the same.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';
import { haveTool, statusOf } from '../programs/nativeTools.js';
import { trapdoor } from '../programs/trapdoorCli.js';
import { hostProfile, nativeFpProblem } from './fpOracle.js';

const SOURCE = fileURLToPath(new URL('./xsaveState.c', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'trapdoor-xsave-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hostXsaveProblem(): string | null {
  const p = nativeFpProblem();
  if (p) return p;
  if (!haveTool('gcc')) return 'gcc is not installed';
  const cpu = spawnSync('grep', ['-m1', '-w', '-c', 'xsave', '/proc/cpuinfo'], { encoding: 'utf8' });
  return cpu.stdout.trim() === '1' ? null : 'the host CPU has no XSAVE';
}

describe('FXSAVE/XSAVE images: trapdoor stores what the CPU stores', () => {
  for (const bits of [64, 32] as const) {
    const problem = hostXsaveProblem() ?? (bits === 32 ? ia32Problem() : null);
    if (problem) console.warn(`test/oracle/xsaveState: ${bits}-bit SKIPPED: ${problem}`);
    it.skipIf(problem !== null)(`${bits}-bit: every save form and mask, crafted restores, the #GP rules`, () => {
      const exe = join(work, `xsave${bits}`);
      const cc = spawnSync('gcc', [...(bits === 32 ? ['-m32'] : []), '-O1', '-static', '-o', exe, SOURCE], { encoding: 'utf8' });
      if (cc.status !== 0 && bits === 32 && /cannot find|No such file/.test(cc.stderr)) {
        console.warn(`test/oracle/xsaveState: 32-bit SKIPPED: no 32-bit multilib (${cc.stderr.trim().split('\n')[0]})`);
        return;
      }
      expect(cc.status, cc.stderr).toBe(0);
      const native = spawnSync(exe, [], { encoding: 'utf8', timeout: 30_000 });
      expect(statusOf(native)).toBe(0);
      expect(native.stdout).toContain('xrstor byte 520: signal 11 code 128');
      const emulated = trapdoor(['run', '--profile', hostProfile(), exe], 200_000);
      expect(emulated.stderr).toBe('');
      expect(emulated.stdout.split('\n')).toEqual(native.stdout.split('\n'));
      expect(emulated.status).toBe(0);
    }, 250_000);
  }
});
