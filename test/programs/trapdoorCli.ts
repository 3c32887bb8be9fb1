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

/**
 * `trapdoor asm ARGS` in-process (asmCommand is what the CLI dispatches to; no node start-up per
 * program). Errors the CLI would print become stderr text, as the CLI would show them.
 */
export async function trapdoorAsm(args: string[]): Promise<RunResult> {
  let asmCommand: (args: string[]) => Promise<number>;
  try {
    ({ asmCommand } = await import('../../src/cli/asmCommand.js'));
  } catch (e) {
    return { stdout: '', stderr: `trapdoor: internal error: ${(e as Error).message.split('\n')[0]}`, status: 70 };
  }
  try {
    return { stdout: '', stderr: '', status: await asmCommand(args) };
  } catch (e) {
    const err = e as Error & { exitCode?: number };
    return { stdout: '', stderr: `trapdoor: error: ${err.message}`, status: err.exitCode ?? 70 };
  }
}
