// The groups' lists of rows beyond the core integer/system set (x87, SSE, the rest of the user
// ISA): each group contributes one list, and isa/opcodes.ts appends them, in this order, to the
// core rows to make the one instruction table. A code entry wins over a mnemonic entry.
import type { OpRow } from './opRow.js';
import { USER_ISA_ROWS } from './userIsaRows.js';
import { SSE_ROWS } from './sse/sseRows.js';
import { X87_ROWS } from './x87/x87Rows.js';

/** The groups' rows, in the order listed (a later row for the same code is an error). */
export const ROWS: readonly OpRow[] = [...USER_ISA_ROWS, ...SSE_ROWS, ...X87_ROWS];
