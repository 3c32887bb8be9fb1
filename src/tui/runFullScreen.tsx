// Run an Ink tree full screen on the alternate screen buffer, and give the terminal back on every
// exit path: normal unmount (q), Ctrl-C, SIGTERM/SIGHUP, and an uncaught exception.
import type React from 'react';
import { render } from 'ink';

export const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[2J\x1b[H';
export const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';

export interface FullScreenOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /** Called once when the screen is restored (to stop a running session, say). */
  onRestore?: () => void;
}

/** Renders `node`, resolves when the app exits. The promise rejects if the app threw. */
export async function runFullScreen(node: React.ReactNode, options: FullScreenOptions = {}): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const stderr = options.stderr ?? process.stderr;
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    try {
      stdin.setRawMode?.(false);
    } catch {
      // stdin may already be closed
    }
    stdout.write(LEAVE_ALT_SCREEN);
    options.onRestore?.();
  };
  // On resize, wipe the alternate screen first so Ink's redraw never leaves a torn frame behind.
  const onResize = (): void => {
    if (!restored) stdout.write('\x1b[2J\x1b[H');
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    restore();
    process.exit(128 + (signal === 'SIGTERM' ? 15 : signal === 'SIGHUP' ? 1 : 2));
  };
  const onFatal = (err: unknown): void => {
    restore();
    const msg = err instanceof Error ? err.message : String(err);
    stderr.write(`trapdoor: internal error: ${msg}\n`);
    if (process.env.TRAPDOOR_DEBUG && err instanceof Error) stderr.write(`${err.stack}\n`);
    process.exit(70);
  };
  const onExit = (): void => restore();

  stdout.write(ENTER_ALT_SCREEN);
  stdout.on('resize', onResize);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  process.on('exit', onExit);
  try {
    const instance = render(node, { stdin, stdout, stderr, exitOnCtrlC: false, patchConsole: true, maxFps: 30 });
    await instance.waitUntilExit();
  } finally {
    restore();
    stdout.off('resize', onResize);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
    process.off('exit', onExit);
  }
}
