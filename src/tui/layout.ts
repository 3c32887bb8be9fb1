// Where each pane goes for a terminal size: a pure function, so sizes are testable without Ink.

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export interface Rect {
  width: number;
  height: number;
}

export interface Layout {
  /** Frame height: one less than the terminal, so Ink never clears the screen on each frame. */
  frameHeight: number;
  width: number;
  /** Height of the two columns above the bottom row. */
  upper: number;
  left: number;
  right: number;
  code: Rect;
  kernelStack: Rect;
  registers: Rect;
  cycles: Rect;
  /** The full-width bottom row: Syscalls over Output, then the Memory map. */
  bottomRow: number;
  syscalls: Rect;
  output: Rect;
  memoryMap: Rect;
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

/** Null when the terminal is smaller than MIN_COLUMNS x MIN_ROWS. */
export function computeLayout(columns: number, rows: number, needs: LayoutNeeds): Layout | null {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return null;
  const frameHeight = rows - 1;
  const main = frameHeight - STATUS_LINES;
  const bottomRow = Math.max(4, Math.min(9, Math.floor(main / 5) + 1));
  const upper = main - bottomRow;
  // Right column: as wide as the registers need, but never more than 45% of the screen.
  const right = Math.min(needs.registerWidth, Math.floor(columns * 0.45));
  const left = columns - right - 1; // one column for the separator
  const wanted = typeof needs.registerLines === 'function' ? needs.registerLines(right) : needs.registerLines;
  const registers = Math.min(wanted + 1, upper - 2);
  const cycles = upper - registers;
  const codeMin = 5;
  const kernelStack = Math.max(2, Math.min(needs.stackLines + 1, upper - codeMin));
  const code = upper - kernelStack;
  // Syscalls over Output on the left (strace lines are long), the Memory map on the right.
  const syscallsWidth = Math.floor(columns * 0.6);
  const memoryMapWidth = columns - syscallsWidth - 1;
  const outputHeight = Math.max(2, Math.floor(bottomRow / 2) - 1);
  const syscallsHeight = bottomRow - outputHeight;
  return {
    frameHeight,
    width: columns,
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
    memoryMap: { width: memoryMapWidth, height: bottomRow },
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
