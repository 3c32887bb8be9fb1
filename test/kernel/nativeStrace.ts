// Native strace runs of small assembly programs, and trapdoor's trace of the same source, in one
// shape for comparing (the host's PID and execve line normalised away).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWithGnu, statusOf } from '../programs/nativeTools.js';
import { runCaptured, sourceFile } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'trapdoor-native-strace-'));
let n = 0;

/** A run's exit status (128 + signal when killed), trace lines and standard output (as hex). */
export interface Traced { status: number; lines: string[]; stdout: string }

/** Build `text` natively and run it under strace; the trace from an -o file or from stderr. */
export function straceNative(text: string, bits: 32 | 64, toFile: boolean): Traced {
  const src = join(work, `p${n}.S`);
  writeFileSync(src, text);
  const exe = buildWithGnu(src, bits, work, `p${n++}`);
  const out = join(work, `trace${n}`);
  const r = spawnSync('strace', [...(toFile ? ['-o', out] : []), exe], { encoding: 'buffer', timeout: 30_000, env: {} });
  const raw = toFile ? readFileSync(out, 'utf8') : r.stderr.toString('utf8');
  // the PID and the execve line (path, environment) are the host's
  const lines = raw.split('\n').filter((l) => l && !l.startsWith('execve(')).map(samePid);
  return { status: statusOf(r), lines, stdout: r.stdout.toString('hex') };
}

/** trapdoor's PID (4242) for the host's, in personality lines and getpid results. */
const samePid = (l: string): string => l.replace(/PID=\d+/, 'PID=4242').replace(/^(getpid\(\) +)= \d+$/, '$1= 4242');

/** The same under trapdoor; `file`: as --trace=FILE (the runner only needs to know there is one). */
export async function traced(text: string, opts: Parameters<typeof runCaptured>[1], file = false): Promise<Traced> {
  const r = await runCaptured(sourceFile(text), { ...opts, ...(file ? { traceFile: 'unused' } : {}) });
  return { status: r.exitCode, lines: r.rawTrace.filter((l) => !l.startsWith('execve(')), stdout: Buffer.from(r.stdoutBytes).toString('hex') };
}

