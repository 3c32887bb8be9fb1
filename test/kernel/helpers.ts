// Shared helpers for kernel and run tests: run assembly source or an ELF under the simulated
// kernel with captured standard streams.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram, type RunOptions, type RunResultSummary } from '../../src/cli/runCommand.js';
import type { StdStreams } from '../../src/kernel/files.js';

export interface Captured extends RunResultSummary {
  stdout: string;
  /** The standard output's bytes (binary output does not survive decoding as UTF-8). */
  stdoutBytes: Uint8Array;
  stderr: string;
  /** The strace lines of the program's own syscalls (without the leading execve / 32-bit notice). */
  trace: string[];
  /** Every line --trace printed. */
  rawTrace: string[];
}

export function capture(stdin = ''): { streams: StdStreams; out: Uint8Array[]; err: Uint8Array[] } {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  let input = Buffer.from(stdin);
  return {
    out, err,
    streams: {
      readStdin(max) {
        const b = input.subarray(0, max);
        input = input.subarray(b.length);
        return new Uint8Array(b);
      },
      writeStdout: (b) => out.push(b.slice()),
      writeStderr: (b) => err.push(b.slice()),
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'trapdoor-test-'));
let counter = 0;

/** Write `text` to a fresh .S file and return its path. */
export function sourceFile(text: string, name = 'prog'): string {
  const p = join(dir, `${name}-${counter++}.S`);
  writeFileSync(p, text);
  return p;
}

/** Run PROG (path) like `trapdoor run` would, capturing everything. */
export async function runCaptured(prog: string, opts: Partial<RunOptions> = {}, stdin = ''): Promise<Captured> {
  const c = capture(stdin);
  const trace: string[] = [];
  const r = await runProgram({ prog, args: [], trace: true, cycles: false, profile: 'textbook', ...opts }, c.streams, (l) => trace.push(l));
  const stdoutBytes = Buffer.concat(c.out);
  const stdout = stdoutBytes.toString('utf8');
  let stderr = Buffer.concat(c.err).toString('utf8');
  if (r.outcome.kind === 'killed') stderr += r.outcome.report + '\n';
  const own = trace.filter((l, i) => !(i <= 1 && (l.startsWith('execve(') || l.startsWith('[ Process PID='))));
  return { ...r, stdout, stdoutBytes, stderr, trace: own, rawTrace: trace };
}
