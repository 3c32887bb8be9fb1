// The rows of the instruction table that the decoder looks up by iced-x86 code or mnemonic.
// Each instruction group contributes one list; a code entry wins over a mnemonic entry.
import type { OpRow } from './opRow.js';
import { USER_ISA_ROWS } from './userIsaRows.js';
import { SSE_ROWS } from './sse/sseRows.js';
import { X87_ROWS } from './x87/x87Rows.js';

/** Every row, in the order the groups are listed (a later row for the same code is an error). */
export const ROWS: readonly OpRow[] = [...USER_ISA_ROWS, ...SSE_ROWS, ...X87_ROWS];

const byCode = new Map<number, OpRow>();
const byMnemonic = new Map<number, OpRow>();
for (const row of ROWS) {
  for (const c of row.codes ?? []) {
    if (byCode.has(c)) throw new Error(`machine: code ${c} is in two rows (${byCode.get(c)!.name}, ${row.name})`);
    byCode.set(c, row);
  }
  for (const m of row.mnemonics ?? []) {
    if (byMnemonic.has(m)) throw new Error(`machine: mnemonic ${m} is in two rows (${byMnemonic.get(m)!.name}, ${row.name})`);
    byMnemonic.set(m, row);
  }
}

/** The row that executes an encoding, if the table has one. */
export function rowFor(code: number, mnemonic: number): OpRow | undefined {
  return byCode.get(code) ?? byMnemonic.get(mnemonic);
}
