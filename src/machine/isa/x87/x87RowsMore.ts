// The x87 group's rows for transcendentals, FXSAVE/XSAVE state management (filled as they land).
import type { OpRow } from '../opRow.js';

export const X87_MORE_ROWS: readonly OpRow[] = [];
