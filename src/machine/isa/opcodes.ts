// THE instruction table: one row per executor op. The core groups' rows come first, in Op order
// (an op's number is its row's index); the groups' lists of isa/rowTable.ts (x87, SSE, the rest
// of the user ISA) follow from Op.ROW on. Decode (opFor), cost (row.cls), the interpreter
// (HANDLERS) and the block compiler (row.jit) all read it.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import { CONTROL_REGISTER_ROWS } from '../system/controlRegisters.js';
import { CPUID_ROWS } from '../system/cpuid.js';
import { FAST_SYSCALL_ROWS } from '../system/fastSyscalls.js';
import { INTERRUPT_ROWS } from '../system/interrupts.js';
import { MSR_ROWS } from '../system/msr.js';
import { SEGMENT_ROWS } from '../system/segmentInstructions.js';
import { ALU_ROWS } from './alu.js';
import { BIT_ROWS } from './bits.js';
import { BRANCH_ROWS } from './branches.js';
import type { CoreOpName, CoreRows } from './coreRows.js';
import { MISC_ROWS } from './misc.js';
import { MOVE_ROWS } from './moves.js';
import { MULDIV_ROWS } from './muldiv.js';
import type { Handler, OpRow } from './opRow.js';
import { ROWS } from './rowTable.js';
import { SHIFT_ROWS } from './shifts.js';
import { STACK_ROWS } from './stack.js';
import { STRING_ROWS } from './strings.js';

const GROUPS: readonly CoreRows[] = [ALU_ROWS, MOVE_ROWS, MULDIV_ROWS, SHIFT_ROWS, BIT_ROWS, STACK_ROWS, BRANCH_ROWS,
  STRING_ROWS, MISC_ROWS, INTERRUPT_ROWS, FAST_SYSCALL_ROWS, MSR_ROWS, CPUID_ROWS, CONTROL_REGISTER_ROWS, SEGMENT_ROWS];

/** The core integer and system rows, indexed by Op. */
function coreRows(): OpRow[] {
  const byName = new Map<string, Omit<OpRow, 'name'>>();
  for (const g of GROUPS) {
    for (const [name, row] of Object.entries(g)) {
      if (byName.has(name)) throw new Error(`machine: op ${name} has two rows`);
      byName.set(name, row!);
    }
  }
  const rows: OpRow[] = [];
  for (let op = 0; op < Op.ROW; op++) {
    const name = Op[op] as CoreOpName;
    const row = byName.get(name);
    if (!row) throw new Error(`machine: op ${name} has no row`);
    rows.push({ name, ...row });
  }
  return rows;
}

/** Every row: TABLE[op] executes op (filled by buildTable). */
export let TABLE: readonly OpRow[] = [];
/** HANDLERS[op]: what the interpreter calls for op (exec() runs the hottest forms inline instead). */
export let HANDLERS: readonly Handler[] = [];
/** Whether the block compiler may put op inside a block. */
export let JIT_OK: Uint8Array = new Uint8Array(0);

const byCode = new Map<number, number>();
const byMnemonic = new Map<number, number>();

/**
 * Assemble the table. Run on first use, not at module load: the groups' modules import the
 * decoder, which imports this module, so at load time a group's list may not exist yet.
 */
export function buildTable(): void {
  if (TABLE.length !== 0) return;
  const table = [...coreRows(), ...ROWS];
  table.forEach(index);
  TABLE = table;
  HANDLERS = table.map(checked);
  JIT_OK = Uint8Array.from(table, (r) => (r.jit ? 1 : 0));
}

function index(row: OpRow, op: number, table: readonly OpRow[]): void {
  // A group's row wins over a core row for the same mnemonic (the groups refine core mnemonics:
  // PAUSE, the fences); two groups claiming one encoding is an error.
  const group = op >= Op.ROW;
  for (const c of row.codes ?? []) {
    if (byCode.has(c)) throw new Error(`machine: code ${c} is in two rows (${table[byCode.get(c)!]!.name}, ${row.name})`);
    byCode.set(c, op);
  }
  for (const m of row.mnemonics ?? []) {
    const prev = byMnemonic.get(m);
    if (prev !== undefined && (prev >= Op.ROW || !group)) throw new Error(`machine: mnemonic ${m} is in two rows (${table[prev]!.name}, ${row.name})`);
    byMnemonic.set(m, op);
  }
}

/** The op executing an encoding (an index into TABLE), or -1 when no row has it. */
export function opFor(code: number, mnemonic: number): number {
  buildTable();
  return byCode.get(code) ?? byMnemonic.get(mnemonic) ?? -1;
}

/** The row executing an encoding, if the table has one. */
export function rowFor(code: number, mnemonic: number): OpRow | undefined {
  const op = opFor(code, mnemonic);
  return op < 0 ? undefined : TABLE[op];
}

/** A row's handler behind its feature check: what CPUID denies, the CPU does not run (one list decides both). */
function checked(row: OpRow): Handler {
  const f = row.feature;
  if (f === undefined) return row.handler;
  const h = row.handler, older = row.withoutFeature, why = `${row.name} needs CPU feature '${f}', which this profile's CPU lacks`;
  return (c: CpuCore, d: DecodedInsn): void => {
    if (!c.features.has(f)) {
      if (older !== undefined) { older(c, d); return; }
      throw new GuestFault(C.VEC_UD, -1, why);
    }
    h(c, d);
  };
}
