// What the encoder decides for one instruction line: its statement, the chosen code and operands.
import type iced from '../x86/icedModule.js';
import type { SourcePos } from './AsmError.js';
import type { Prefixes } from './buildIcedInstruction.js';
import type { Expr } from './expression.js';
import type { MnemonicSpec } from './mnemonics.js';
import type { MemOperand, Operand } from './operand.js';

type Instruction = InstanceType<typeof iced.Instruction>;

export interface InsnStatement {
  spec: MnemonicSpec;
  mnemonic: string;
  mcol: number;
  ops: Operand[];
  prefixes: Prefixes;
  pos: SourcePos;
}

/** Parse-time value of an expression, or null when it is not a constant yet. */
export type ConstEval = (e: Expr) => bigint | null;
/** Link-time value of an expression (throws AsmError for undefined symbols). */
export type FinalEval = (e: Expr) => bigint;

export type PlanOp =
  | { t: 'R'; reg: number }
  | { t: 'M'; m: MemOperand; dispConst: bigint | null; displSize: number; addrBits: number }
  | { t: 'I'; expr: Expr; value: bigint | null; kind: number; col: number };

/** A chosen non-branch encoding: the size is final; bytes are re-made at link time if symbolic. */
export interface InsnPlan {
  kind: 'insn';
  bits: number;
  code: number;
  ops: PlanOp[];
  prefixes: Prefixes;
  size: number;
  /** Bytes when they depend on neither symbols nor the address. */
  bytes: Uint8Array | null;
  pos: SourcePos;
  col: number;
  /** String instructions are built by iced helpers rather than from operands. */
  stringBuild?: () => Instruction;
  /** ljmp/lcall $sel, $offset: the selector and offset expressions. */
  far?: { sel: Expr; off: Expr; selConst: bigint | null; offConst: bigint | null };
}

/** A direct jmp/jcc/call/loop: short and/or long forms; the layout picks one. */
export interface BranchPlan {
  kind: 'branch';
  bits: number;
  target: Expr;
  col: number;
  shortCode: number | null;
  longCode: number | null;
  shortSize: number;
  longSize: number;
  prefixes: Prefixes;
  pos: SourcePos;
}

export type Plan = InsnPlan | BranchPlan;
