// Where each pane goes for a terminal size: a pure function, so sizes are testable without Ink.

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export interface Rect {
  width: number;
  height: number;
}

/** Panes that take turns in one slot: the one focused last is shown, the others are tabs in its title. */
export interface Deck {
  rect: Rect;
  panes: readonly string[];
}

export interface Layout {
  /** Frame height: one less than the terminal, so Ink never clears the screen on each frame. */
  frameHeight: number;
  width: number;
  /** Rows above the status line (what a zoomed pane gets). */
  main: number;
  /** Small terminals: Code and Registers on top, every other pane in one deck below them. */
  compact: boolean;
  /** Height of the two columns above the bottom row (compact: above the deck). */
  upper: number;
  left: number;
  right: number;
  code: Rect;
  kernelStack: Rect;
  registers: Rect;
  cycles: Rect;
  /** The full-width bottom row: Syscalls over Output, then the Memory map (compact: the deck). */
  bottomRow: number;
  syscalls: Rect;
  output: Rect;
  memoryMap: Rect;
  /** The Transitions pane's own slot in the bottom row, when the terminal is wide enough. */
  transitions: Rect | null;
  /** The slot shared by several panes (compact: all but Code and Registers; else Memory map and Transitions). */
  deck: Deck | null;
  status: number;
}

export interface LayoutNeeds {
  /** Lines the Registers pane wants (without its title), at the width it gets. */
  registerLines: number | ((width: number) => number);
  registerWidth: number;
  /** Lines the Kernel stack pane wants (without its title); 1 when it only shows a note. */
  stackLines: number;
}

const STATUS_LINES = 2;
/** Below this size every pane cannot show its essential rows at once: the compact layout. */
export const WIDE_COLUMNS = 100;
export const WIDE_ROWS = 30;
/** From this width the bottom row has room for the Transitions pane beside Syscalls and the Memory map. */
const TRANSITIONS_COLUMNS = 140;

export const COMPACT_DECK = ['Kernel stack', 'Cycles', 'Syscalls', 'Output', 'Memory map', 'Transitions'] as const;
export const WIDE_DECK = ['Memory map', 'Transitions'] as const;

/** Null when the terminal is smaller than MIN_COLUMNS x MIN_ROWS. */
export function computeLayout(columns: number, rows: number, needs: LayoutNeeds): Layout | null {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return null;
  const frameHeight = rows - 1;
  const main = frameHeight - STATUS_LINES;
  // Right column: as wide as the registers need, but never more than 45% of the screen.
  const right = Math.min(needs.registerWidth, Math.floor(columns * 0.45));
  const left = columns - right - 1; // one column for the separator
  const wanted = typeof needs.registerLines === 'function' ? needs.registerLines(right) : needs.registerLines;
  if (columns < WIDE_COLUMNS || rows < WIDE_ROWS) {
    // 80x24: Code and Registers (by priority: RIP, RFLAGS, CS/SS, the GS bases first) over a deck
    // of 8 rows, enough for the Cycles table, a pt_regs frame's ends, the newest syscalls.
    const deckHeight = Math.max(8, Math.floor(main * 0.4));
    const upper = main - deckHeight;
    const deck = { width: columns, height: deckHeight };
    return {
      frameHeight, width: columns, main, compact: true, upper, left, right,
      code: { width: left, height: upper },
      registers: { width: right, height: upper },
      kernelStack: deck, cycles: deck, bottomRow: deckHeight, syscalls: deck, output: deck, memoryMap: deck, transitions: null,
      deck: { rect: deck, panes: COMPACT_DECK },
      status: STATUS_LINES,
    };
  }
  const bottomRow = Math.max(4, Math.min(9, Math.floor(main / 5) + 1));
  const upper = main - bottomRow;
  const registers = Math.min(wanted + 1, upper - 2);
  const cycles = upper - registers;
  const codeMin = 5;
  const kernelStack = Math.max(2, Math.min(needs.stackLines + 1, upper - codeMin));
  const code = upper - kernelStack;
  // Syscalls over Output on the left (strace lines are long), then Transitions, the Memory map on the right.
  const wideBottom = columns >= TRANSITIONS_COLUMNS;
  const syscallsWidth = Math.floor(columns * (wideBottom ? 0.45 : 0.6));
  const transitionsWidth = wideBottom ? Math.floor(columns * 0.3) : 0;
  const memoryMapWidth = columns - syscallsWidth - 1 - (wideBottom ? transitionsWidth + 1 : 0);
  const outputHeight = Math.max(2, Math.floor(bottomRow / 2) - 1);
  const syscallsHeight = bottomRow - outputHeight;
  const memoryMap = { width: memoryMapWidth, height: bottomRow };
  return {
    frameHeight,
    width: columns,
    main,
    compact: false,
    upper,
    left,
    right,
    code: { width: left, height: code },
    kernelStack: { width: left, height: kernelStack },
    registers: { width: right, height: registers },
    cycles: { width: right, height: cycles },
    bottomRow,
    syscalls: { width: syscallsWidth, height: syscallsHeight },
    output: { width: syscallsWidth, height: outputHeight },
    memoryMap,
    transitions: wideBottom ? { width: transitionsWidth, height: bottomRow } : null,
    deck: wideBottom ? null : { rect: memoryMap, panes: WIDE_DECK },
    status: STATUS_LINES,
  };
}

/** Keep `focus` visible in a window of `size` over `total` items, placing it `bias` of the way down. */
export function windowAround(total: number, focus: number, size: number, bias = 1 / 3): { start: number; end: number } {
  if (total <= size) return { start: 0, end: total };
  let start = Math.max(0, focus - Math.floor(size * bias));
  start = Math.min(start, total - size);
  return { start, end: start + size };
}
