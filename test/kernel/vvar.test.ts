// [vvar] as Linux 6.18 lays it out, judged by this host: test/kernel/vvar/vvarLayout.c prints what a
// program sees of struct vdso_time_data (clock_data[CS_HRES_COARSE] and clock_data[CS_RAW], each
// with its seq, clock_mode, max_cycles, mask, shift and basetime[]; the timezone and hrtimer_res
// after the aux clocks) and reads CLOCK_MONOTONIC_RAW through libc, which takes the vDSO. Natively
// and under trapdoor: the same output, and neither strace nor --trace shows a clock_gettime call.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nativeHostProblem, runNative, straceNames, straceProblem, syscallNames } from '../programs/nativeTools.js';
import { ia32Problem } from '../hostIa32.js';
import { buildProblem, workDir } from '../abi/cBuild.js';
import { runCaptured } from './helpers.js';

const SRC = fileURLToPath(new URL('./vvar/vvarLayout.c', import.meta.url));
const problem64 = nativeHostProblem() ?? buildProblem('musl', 64) ?? straceProblem();
const problem32 = nativeHostProblem() ?? buildProblem('glibc', 32) ?? ia32Problem() ?? straceProblem();
if (problem64) console.warn(`test/kernel/vvar: SKIPPED: ${problem64}`);
if (problem32) console.warn(`test/kernel/vvar -m32: SKIPPED: ${problem32}`);

function build(bits: 32 | 64): string {
  const out = join(workDir, `vvarLayout${bits}`);
  const cc = bits === 64 ? 'musl-gcc' : 'gcc';
  const r = spawnSync(cc, [bits === 32 ? '-m32' : '-m64', '-static', '-O1', SRC, '-o', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cc} vvarLayout.c failed:\n${r.stderr}`);
  return out;
}

async function compare(bits: 32 | 64, kernels: ('i386' | 'x86_64' | undefined)[]): Promise<void> {
  const exe = build(bits);
  const native = runNative(exe);
  expect(native.status).toBe(0);
  expect(native.stdout).toContain('basetime[MONOTONIC_RAW] in CS_RAW within 2 s before now: 1');
  expect(straceNames(exe, workDir, `vvarLayout${bits}`)).not.toContain('clock_gettime');
  for (const kernel of kernels) {
    for (const profile of ['textbook', 'zen4-kvm']) {
      const r = await runCaptured(exe, { profile, ...(kernel ? { kernel } : {}) });
      expect(r.stdout, `${bits}-bit ${profile} ${kernel ?? ''}`).toBe(native.stdout);
      expect(r.exitCode).toBe(0);
      expect(syscallNames(r.rawTrace.join('\n'))).not.toContain('clock_gettime');
      expect(syscallNames(r.rawTrace.join('\n'))).not.toContain('clock_gettime64');
    }
  }
}

describe('[vvar] clock_data[CS_RAW] and CLOCK_MONOTONIC_RAW through the vDSO', () => {
  it.skipIf(problem64 !== null)('64-bit: the layout this host shows, and no syscall', () => compare(64, [undefined]));
  it.skipIf(problem32 !== null)('-m32 (i386 and compat): the layout this host shows, and no syscall', () => compare(32, ['i386', 'x86_64']));
});
