// Builds the ABI tests' C programs with the host's compilers: nolibc programs (gcc -nostdlib, no
// SSE/x87 needed) and the corpus (musl-gcc / gcc -static, -m64 and -m32). Missing compilers skip.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const C_DIR = fileURLToPath(new URL('./c/', import.meta.url));
export const CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'trapdoor-abi-'));

export type Libc = 'nolibc' | 'musl' | 'glibc';

const have = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const probes = new Map<string, string | null>();

/** Why `libc` at `bits` cannot be built here (a compiler or multilib missing), or null. */
export function buildProblem(libc: Libc, bits: 32 | 64): string | null {
  const key = `${libc}${bits}`;
  if (probes.has(key)) return probes.get(key)!;
  let p: string | null = null;
  const cc = libc === 'musl' ? 'musl-gcc' : 'gcc';
  if (!have(cc)) p = `${cc} is not installed`;
  else {
    const probe = join(work, `probe-${key}`);
    mkdirSync(probe, { recursive: true });
    const r = spawnSync(cc, [...flags(libc, bits), '-x', 'c', '-', '-o', join(probe, 'a.out')], {
      input: libc === 'nolibc' ? 'void _start(void){for(;;);}' : 'int main(void){return 0;}', encoding: 'utf8',
    });
    if (r.status !== 0) p = `${cc} ${bits === 32 ? '-m32 ' : ''}-static cannot link here (${libc === 'musl' ? 'musl-tools has no 32-bit libc' : 'install gcc-multilib'}): ${r.stderr.trim().split('\n').pop()}`;
  }
  probes.set(key, p);
  return p;
}

function flags(libc: Libc, bits: 32 | 64): string[] {
  const common = [bits === 32 ? '-m32' : '-m64', '-static', '-O1', '-fno-pie', '-no-pie', '-w'];
  if (libc === 'nolibc') return [...common, '-nostdlib', '-fno-builtin', '-mgeneral-regs-only', '-fno-stack-protector', '-fno-asynchronous-unwind-tables'];
  return common;
}

/** Compile NAME.c (test/abi/c for nolibc programs, test/abi/corpus for the libc corpus); returns the executable. */
export function buildC(name: string, libc: Libc, bits: 32 | 64): string {
  const out = join(work, `${name}-${libc}${bits}`);
  const cc = libc === 'musl' ? 'musl-gcc' : 'gcc';
  const src = join(libc === 'nolibc' ? C_DIR : CORPUS_DIR, `${name}.c`);
  const r = spawnSync(cc, [...flags(libc, bits), src, '-o', out, libc === 'nolibc' ? '' : '-lm'].filter(Boolean), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cc} ${name}.c failed:\n${r.stderr}`);
  return out;
}

export const workDir = work;
