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
  /** Release resources (timers). */
  dispose(): void;
}
