// What a front end (the TUI, a test) needs from a debugging session: view models out, commands in.
import type { ViewModel } from './viewModel.js';

export interface DebugTarget {
  /** The view model of the latest stop (or the latest published snapshot while running). */
  view(): ViewModel;
  /**
   * Called with each new view model: after every stop, and while running at most ~30 times a
   * second, fewer when drawing them is costly (snapshotPacer.ts: about a tenth of the time).
   */
  subscribe(listener: (view: ViewModel) => void): () => void;
  /**
   * Run one command line of the command language (commands.ts). Execution commands that run for a
   * while (continue, finish, nexti over a long syscall) return at once and publish when they stop;
   * the returned promise settles at that stop. Errors are reported in the view's status message.
   */
  execute(line: string): Promise<void>;
  /** Stop a running continue at the next slice boundary (within 100 ms); false when nothing runs.
   *  Asked of the session itself: the screen may learn of a run only with its first snapshot. */
  interrupt(): boolean;
  /**
   * Show the Code pane around `addr` (hex) instead of the PC, `before`: around the instruction
   * before it; null goes back to the PC. Returns the address shown (null when there is none).
   * Optional: a front end without it does not browse.
   */
  browseCode?(addr: string | null, before?: boolean): string | null;
  /** The next instruction after `from` (hex) whose text or symbol contains `text`, or null. */
  searchCode?(text: string, from: string): string | null;
  /** Complete the command line's last word as gdb's Tab does (completion.ts). Optional. */
  complete?(line: string): { text: string; candidates: string[] };
  /** Release resources (timers). */
  dispose(): void;
}
