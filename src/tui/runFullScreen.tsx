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

export interface ScreenSize {
  columns: number;
  rows: number;
}

/**
 * Renders `makeNode(size)`, re-rendering it with the new size on resize; resolves when the app exits.
 * The size is pushed from here (not read in a hook) so the frame is redrawn at the new size before
 * Ink redraws the old one, which would be taller than a shrunken terminal and scroll it.
 */
export async function runFullScreen(makeNode: (size: ScreenSize) => React.ReactNode, options: FullScreenOptions = {}): Promise<void> {
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
  const size = (): ScreenSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  let instance: ReturnType<typeof render> | null = null;
  // On resize: wipe the alternate screen, forget Ink's previous frame, draw at the new size.
  const onResize = (): void => {
    if (restored || !instance) return;
    stdout.write('\x1b[2J\x1b[H');
    instance.clear();
    instance.rerender(makeNode(size()));
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
    instance = render(makeNode(size()), { stdin, stdout, stderr, exitOnCtrlC: false, patchConsole: true, maxFps: 30 });
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
