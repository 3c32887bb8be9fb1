// The shape the core groups (alu, moves, ...) give their rows in: keyed by executor op name, so
// that opcodes.ts lays them out in Op order (an op's number is its row's index in the table).
import type { Op } from '../decodedInsn.js';
import type { CostClass } from '../types.js';
import type { DecodedInsn } from '../decodedInsn.js';
import type { OpRow } from './opRow.js';
import * as C from '../constants.js';

export type CoreOpName = Exclude<keyof typeof Op, 'ROW'>;
export type CoreRows = Partial<Record<CoreOpName, Omit<OpRow, 'name'>>>;

const K_MEM = 2;
/** alu for register forms; store when operand 0 is memory, load when a source is. */
export const memCls = (d: DecodedInsn): CostClass => d.k0 === K_MEM ? 'store' : (d.k1 === K_MEM || d.k2 === K_MEM) ? 'load' : 'alu';

/** The arithmetic flags (CF PF AF ZF SF OF), and those a condition code can test (all but AF). */
export const ARITH = C.ARITH_FLAGS;
export const CONDS = C.ARITH_FLAGS & ~C.FLAG_AF;
