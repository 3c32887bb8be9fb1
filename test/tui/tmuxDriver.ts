// Driving the built CLI in a detached tmux session (a real terminal): start a command, send keys,
// read the screen back with capture-pane. Shared by the tmux end-to-end tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach } from 'vitest';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const sessions: string[] = [];
let counter = 0;

export function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** Start `cmd` (CI removed from its environment: Ink draws every frame) in a new tmux session. */
export function start(cmd: string, columns = 120, rows = 36): string {
  const name = `trapdoor-e2e-${process.pid}-${counter++}`;
  sessions.push(name);
  // A shell stays after the program so the restored main screen and the exit status can be read.
  // (A tmux server that is just exiting, after another test's last session, refuses once: retry.)
  for (let attempt = 0; ; attempt++) {
    try {
      tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), `env -u CI ${cmd}; echo "EXIT=$?"; sleep 600`);
      return name;
    } catch (e) {
      if (attempt >= 2 || !String((e as Error).message).includes('server exited unexpectedly')) throw e;
    }
  }
}

export const screen = (name: string): string => tmux('capture-pane', '-p', '-t', name);
export const alternateOn = (name: string): boolean => tmux('display-message', '-p', '-t', name, '#{alternate_on}').trim() === '1';

export async function waitFor(name: string, test: (s: string) => boolean, what: string, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  let s = '';
  while (Date.now() < end) {
    s = screen(name);
    if (test(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; screen was:\n${s}`);
}

export const waitText = (name: string, text: string, ms?: number): Promise<string> => waitFor(name, (s) => s.includes(text), JSON.stringify(text), ms);

export function keys(name: string, ...k: string[]): void {
  tmux('send-keys', '-t', name, ...k);
}

/** Kill the sessions a test started (call once per test file, at its top level). */
export function killSessionsAfterEach(): void {
  afterEach(() => {
    for (const s of sessions.splice(0)) spawnSync('tmux', ['kill-session', '-t', s]);
  });
}
