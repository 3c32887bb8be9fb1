// The assembler's output before linking: sections of items whose sizes are fixed after relaxation.
import type { AsmError, SourcePos } from './AsmError.js';
import type { Expr } from './expression.js';
import type { BranchPlan, InsnPlan } from './selectEncoding.js';

export interface SectionFlags {
  alloc: boolean;
  write: boolean;
  exec: boolean;
}

export type Item =
  | { k: 'bytes'; data: Uint8Array; file: string; line: number }
  | { k: 'zero'; size: number; file: string; line: number }
  | { k: 'data'; width: 1 | 2 | 4 | 8; expr: Expr; pos: SourcePos; scope: FileScope }
  | { k: 'insn'; plan: InsnPlan; scope: FileScope }
  | { k: 'branch'; plan: BranchPlan; long: boolean; relaxable: boolean; scope: FileScope }
  | { k: 'align'; align: number; fill: number | null; max: number; bits: 32 | 64; betweenFiles?: boolean };

export interface ObjSection {
  name: string;
  flags: SectionFlags;
  nobits: boolean;
  align: number;
  items: Item[];
  /** Offset of each item (and one past the end) after relaxation. */
  offsets: number[];
  size: number;
}

export interface ObjSymbol {
  name: string;
  file: string;
  /** Defining section for a label; null for an absolute/expression symbol. */
  section: string | null;
  itemIndex: number;
  /** Parse-time position (provisional offset and frag) for same-frag differences. */
  provOffset: number;
  frag: number;
  expr: Expr | null;
  exprScope: FileScope | null;
  global: boolean;
  type: 'func' | 'object' | 'notype';
  sizeExpr: Expr | null;
  pos: SourcePos;
  /** Hidden: .L labels, numeric local labels and `.` markers are not written to the symbol table. */
  hidden: boolean;
}

export interface FileScope {
  file: string;
  symbols: Map<string, ObjSymbol>;
  /** Names declared .globl in this file (maybe defined elsewhere). */
  globalNames: Set<string>;
  /** Names declared .weak: as never relaxes a jump to one (it could be overridden). */
  weakNames: Set<string>;
}

export interface ObjectCode {
  bits: 32 | 64;
  sections: ObjSection[];
  scopes: FileScope[];
  globals: Map<string, ObjSymbol>;
  /** Names given as externally defined (assembleAt). */
  externs: Set<string>;
  /** as's warnings for the sources (formatted with AsmError.format()). */
  warnings: AsmError[];
}
