// The record an instruction is decoded into once (DecodedInsn) and the executor's op numbers.
// Kept apart from the decoder so that handlers and the table import it without an import cycle.
import type { CostClass } from './types.js';
import type { CompiledBlock } from './jit/compileBlock.js';
import type { OpRow } from './isa/opRow.js';

/** Executor opcodes (one per semantic, operand size in the record). */
export enum Op {
  UNEMULATED, NATIVE, INVALID,
  MOV, MOVZX, MOVSX, LEA, PUSH, POP, XCHG, CMPXCHG, XADD, BSWAP, CBW, CWD, CMOV, SETCC,
  ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST, INC, DEC, NEG, NOT,
  MUL, IMUL1, IMUL2, DIV, IDIV,
  ROL, ROR, RCL, RCR, SHL, SHR, SAR, SHLD, SHRD,
  BT, BTS, BTR, BTC, BSF, BSR,
  JMP, JMP_IND, JCC, CALL, CALL_IND, RET, LEAVE, ENTER, LOOP, LOOPE, LOOPNE, JCXZ,
  MOVS, STOS, LODS, CMPS, SCAS,
  CLD, STD, CLC, STC, CMC, CLI, STI, PUSHF, POPF, LAHF, SAHF,
  NOP, HLT, UD2, INT3, INT, IRET, SYSCALL, SYSRET, SYSENTER, SYSEXIT, SWAPGS,
  RDMSR, WRMSR, RDTSC, RDTSCP, CPUID, MOV_TO_CR, MOV_FROM_CR, LGDT, LIDT, LTR, MOV_TO_SEG, MOV_FROM_SEG,
  PUSH_SEG, POP_SEG,
  // Specialised forms chosen at decode time for the commonest operand shapes (fast path of exec()).
  MOV_RR4, MOV_RR8, MOV_RI4, MOV_RI8, MOV_RM4, MOV_RM8, MOV_MR4, MOV_MR8,
  ALU_RR4, ALU_RI4, ALU_RR8, ALU_RI8,
  PUSHA, POPA, SGDT, SIDT, LLDT, STR,
  INCDEC_R4, INCDEC_R8,
  ALU_RM4, ALU_RM8, PUSH_R8, POP_R8, PUSH_R4, POP_R4,
  // The groups' rows (isa/rowTable.ts: x87, SSE, the rest of the user ISA) follow the core ones:
  // their op is their index in the table (isa/opcodes.ts), from ROW on.
  ROW,
}

/** Operand kinds in a record: none, general/segment/control register, memory, immediate, XMMn, MMn, ST(i). */
export const K_NONE = 0, K_REG = 1, K_MEM = 2, K_IMM = 3, K_XMM = 4, K_MMX = 5, K_ST = 6;
/** Register number for the high-byte registers AH CH DH BH: 16 + (0..3). */
export const R_HIGH8 = 16;

/** A predecoded instruction. Fields are numbers only (monomorphic shape, no BigInt). */
export class DecodedInsn {
  op = Op.UNEMULATED;
  /** iced-x86 Code of the encoding (which form of the mnemonic: e.g. Paddb_mm_mmm64 vs Paddb_xmm_xmmm128). */
  code = 0;
  len = 0;
  bits = 64;
  /** Operand size in bytes (1 2 4 8). */
  osz = 4;
  /** Address size in bytes (2 4 8). */
  asz = 8;
  k0 = K_NONE; r0 = 0; s0 = 0;
  k1 = K_NONE; r1 = 0; s1 = 0;
  k2 = K_NONE; r2 = 0; s2 = 0;
  /** Memory operand: base/index GPR (-1 none), scale as shift, displacement, segment index (ES=0..GS=5). */
  base = -1; index = -1; scale = 0; disp = 0; seg = 3;
  /** An explicit segment override prefix was present (string source). */
  segOverride = false;
  immLo = 0; immHi = 0; imm2 = 0;
  /** Branch target (signed canonical). */
  target = 0;
  /** Condition code 0..15 (o no b ae e ne be a s ns p np l ge le g). */
  cond = 0;
  /** 0 none, 1 rep/repe, 2 repne. */
  rep = 0;
  lock = false;
  /** Stack slot size for push/pop/call/ret (bytes). */
  stackSize = 0;
  cost = 1;
  /** For the specialised ALU forms: the ALU op (ADD SUB AND OR XOR CMP TEST). */
  sub = 0;
  cls: CostClass = 'alu';
  /** AT&T text, computed at decode time only for unemulated instructions. */
  text = '';
  nativeName = '';
  /** Times the run loop reached this instruction while no block was compiled from it. */
  hits = 0;
  /** The block compiled from here (dropped with the page's records when the page is written). */
  block: CompiledBlock | null = null;
  /** The table row executing this instruction (TABLE[op]). */
  row: OpRow | null = null;
}
