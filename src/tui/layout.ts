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
  left: number;
  right: number;
  code: Rect;
  kernelStack: Rect;
  bottomRow: number;
  syscalls: Rect;
  output: Rect;
  registers: Rect;
  cycles: Rect;
  memoryMap: Rect;
  status: number;
}

export interface LayoutNeeds {
  /** Lines the Registers pane wants (without its title). */
  registerLines: number;
  registerWidth: number;
  /** Lines the Kernel stack pane wants (without its title); 1 when it only shows a note. */
  stackLines: number;
}

const STATUS_LINES = 2;
const CYCLES_LINES = 10;

/** Null when the terminal is smaller than MIN_COLUMNS x MIN_ROWS. */
export function computeLayout(columns: number, rows: number, needs: LayoutNeeds): Layout | null {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return null;
  const frameHeight = rows - 1;
  const main = frameHeight - STATUS_LINES;
  // Right column: as wide as the registers need, but never more than 45% of the screen.
  const right = Math.min(needs.registerWidth, Math.floor(columns * 0.45));
  const left = columns - right - 1; // one column for the separator
  const registers = Math.min(needs.registerLines + 1, main - 6);
  const cycles = Math.min(CYCLES_LINES + 1, main - registers - 3);
  const memoryMap = main - registers - cycles;
  const bottomRow = Math.max(4, Math.min(8, Math.floor(main / 5)));
  const codeMin = 6;
  const kernelStack = Math.max(2, Math.min(needs.stackLines + 1, main - bottomRow - codeMin));
  const code = main - bottomRow - kernelStack;
  const syscallsWidth = Math.ceil((left * 3) / 5);
  return {
    frameHeight,
    width: columns,
    left,
    right,
    code: { width: left, height: code },
    kernelStack: { width: left, height: kernelStack },
    bottomRow,
    syscalls: { width: syscallsWidth, height: bottomRow },
    output: { width: left - syscallsWidth - 1, height: bottomRow },
    registers: { width: right, height: registers },
    cycles: { width: right, height: cycles },
    memoryMap: { width: right, height: memoryMap },
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
