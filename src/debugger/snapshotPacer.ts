// When a running session publishes its next snapshot: at most ~30 a second, and rarely enough that
// building and drawing snapshots (the front end's work between slices) keeps to a small share of
// the wall clock, however fast the machine gets and however slow the screen is.

export interface PacingOptions {
  /** Shortest interval between snapshots (30 a second). */
  minIntervalMs: number;
  /** Longest interval (the panes still move while a long run goes on). */
  maxIntervalMs: number;
  /** No snapshot before this far into a run: a shorter run (instant to the eye) draws none. */
  firstMs: number;
  /** Share of the wall clock that snapshots may take. */
  share: number;
}

export const DEFAULT_PACING: PacingOptions = { minIntervalMs: 33, maxIntervalMs: 1000, firstMs: 100, share: 0.05 };

export class SnapshotPacer {
  /**
   * What one snapshot costs (event-loop ms: building it, the screen drawing it), as last learned.
   * Shared by the sessions of a process: it is a property of the screen, not of the program.
   */
  static learnedFrameCostMs = 15;

  private nextAt = 0;
  /** Time spent outside the machine since the last snapshot of this run (null: none yet). */
  private sincePublish: number | null = null;

  constructor(readonly options: PacingOptions = DEFAULT_PACING) {}

  get frameCostMs(): number {
    return SnapshotPacer.learnedFrameCostMs;
  }

  /** Interval between snapshots so that they take at most `share` of the time. */
  interval(): number {
    const o = this.options;
    return Math.min(o.maxIntervalMs, Math.max(o.minIntervalMs, this.frameCostMs / o.share));
  }

  /** A run begins at `now`. */
  begin(now: number): void {
    this.nextAt = now + Math.max(this.options.firstMs, this.interval());
    this.sincePublish = null;
  }

  /** The run spent `ms` outside the machine (publishing, the screen drawing, other events). */
  offMachine(ms: number): void {
    if (this.sincePublish !== null) this.sincePublish += ms;
  }

  due(now: number): boolean {
    return now >= this.nextAt;
  }

  /** A snapshot was published at `now`, after `buildMs` building it. */
  published(now: number, buildMs: number): void {
    // Everything off the machine since the previous snapshot is what that one cost to draw.
    if (this.sincePublish !== null) SnapshotPacer.learnedFrameCostMs = (SnapshotPacer.learnedFrameCostMs + this.sincePublish) / 2;
    this.sincePublish = buildMs;
    this.nextAt = now + this.interval();
  }
}
