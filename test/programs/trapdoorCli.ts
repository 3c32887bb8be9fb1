// Runs the trapdoor CLI from source (node + tsx), as a user would run `npx trapdoor ...`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { statusOf, type RunResult } from './nativeTools.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli.tsx', import.meta.url));

export function trapdoor(args: string[], timeoutMs = 120_000): RunResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: statusOf(r) };
}

/** A one-line reason when a trapdoor command could not run at all (missing module, crash). */
export function trapdoorProblem(r: RunResult, what: string): string | null {
  if (r.status === 70 || /internal error|Cannot find module/.test(r.stderr)) {
    return `${what}: trapdoor could not run it yet: ${r.stderr.trim().split('\n')[0]}`;
  }
  return null;
}
