// What a block knows about the arithmetic flags while it is compiled: the last inline flag
// producer (its operands and result are still in the locals a, b, r and ah, bh, rh), so that a
// Jcc tests them directly and lazy-flag stores that the next producer overwrites are never made.
import { Op, K_IMM, K_REG, type DecodedInsn } from '../decodedInsn.js';

// Lazy-flag kinds as CpuCore stores them (flags.ts): ADD 1, SUB 2, LOGIC 3, INC 4, DEC 5.
export const F_ADD = 1, F_SUB = 2, F_LOGIC = 3, F_INC = 4, F_DEC = 5;

/** The statically known flag producer: its kind and operand size (4: a, b, r; 8: with ah, bh, rh). */
export interface KnownFlags { kind: number; size: number }

/** The lazy-flag kind of an ALU op (ADD SUB CMP AND TEST OR XOR), or 0 for one not inlined. */
export function aluKind(op: number): number {
  switch (op) {
    case Op.ADD: return F_ADD;
    case Op.SUB: case Op.CMP: return F_SUB;
    case Op.AND: case Op.TEST: case Op.OR: case Op.XOR: return F_LOGIC;
    default: return 0;
  }
}

/** A condition code as a JS expression over the known producer's locals (null: ask cpu.cond). */
export function knownCond(f: KnownFlags | null, cc: number): string | null {
  if (f === null) return null;
  if (f.size === 8) return knownCond64(f.kind, cc);
  switch (f.kind) {
    case F_SUB:
      switch (cc) {
        case 2: return 'a<b'; case 3: return 'a>=b'; case 4: return 'r===0'; case 5: return 'r!==0';
        case 6: return 'a<=b'; case 7: return 'a>b'; case 8: return '(r|0)<0'; case 9: return '(r|0)>=0';
        case 12: return '(a|0)<(b|0)'; case 13: return '(a|0)>=(b|0)'; case 14: return '(a|0)<=(b|0)'; case 15: return '(a|0)>(b|0)';
      }
      return null;
    case F_LOGIC: // CF = OF = 0
      switch (cc) {
        case 0: return 'false'; case 1: return 'true'; case 2: return 'false'; case 3: return 'true';
        case 4: return 'r===0'; case 5: return 'r!==0'; case 6: return 'r===0'; case 7: return 'r!==0';
        case 8: return '(r|0)<0'; case 9: return '(r|0)>=0';
        case 12: return '(r|0)<0'; case 13: return '(r|0)>=0'; case 14: return '(r|0)<=0'; case 15: return '(r|0)>0';
      }
      return null;
    default: // ADD, INC, DEC: ZF and SF from the result
      switch (cc) {
        case 4: return 'r===0'; case 5: return 'r!==0'; case 8: return '(r|0)<0'; case 9: return '(r|0)>=0';
      }
      return null;
  }
}

/** knownCond for a 64-bit producer: halves a/ah (unsigned low, signed high), b/bh, r/rh. */
function knownCond64(kind: number, cc: number): string | null {
  const z = '((r|rh)===0)', below = '((ah>>>0)<(bh>>>0)||(ah===bh&&a<b))', above = '((ah>>>0)>(bh>>>0)||(ah===bh&&a>b))';
  const less = '(ah<bh||(ah===bh&&a<b))', greater = '(ah>bh||(ah===bh&&a>b))';
  switch (cc) {
    case 4: return z; case 5: return `!${z}`; case 8: return 'rh<0'; case 9: return 'rh>=0';
  }
  if (kind === F_SUB) {
    switch (cc) {
      case 2: return below; case 3: return `!${below}`; case 6: return `!${above}`; case 7: return above;
      case 12: return less; case 13: return `!${less}`; case 14: return `!${greater}`; case 15: return greater;
    }
  } else if (kind === F_LOGIC) {
    switch (cc) {
      case 0: case 2: return 'false'; case 1: case 3: return 'true'; case 6: return z; case 7: return `!${z}`;
      case 12: return 'rh<0'; case 13: return 'rh>=0'; case 14: return `(rh<0||${z})`; case 15: return `!(rh<0||${z})`;
    }
  }
  return null;
}

/** A shift of a 32-bit register by an immediate count (compiled inline). */
export function isShiftImm32(d: DecodedInsn): boolean {
  return d.osz === 4 && d.k0 === K_REG && d.k1 === K_IMM;
}

/**
 * How an instruction relates to deferred flag stores: 'keep' leaves them waiting (it neither
 * reads flags nor can fault or leave the block, nor touches the a, b, r locals), 'write' makes
 * its own (it may drop the waiting ones; it cannot fault), 'flush' needs them in cpu first.
 */
export function flagUse(d: DecodedInsn): 'keep' | 'write' | 'flush' {
  switch (d.op) {
    case Op.MOV_RR4: case Op.MOV_RR8: case Op.MOV_RI4: case Op.MOV_RI8: case Op.LEA: case Op.NOP: case Op.JMP:
      return 'keep';
    case Op.MOV: case Op.MOVZX: case Op.MOVSX:
      // Register and immediate forms run inline without a fault; memory ones may fault.
      return d.k0 === K_REG && d.k1 !== 2 /* K_MEM */ && d.r0 < 16 && d.osz >= 4 ? 'keep' : 'flush';
    // (A JCC to the next instruction emits nothing; compileBlock keeps the stores waiting across it.)
    case Op.ALU_RR4: case Op.ALU_RI4: case Op.INCDEC_R4: case Op.ALU_RR8: case Op.ALU_RI8: return 'write';
    case Op.IMUL2: return d.osz === 4 && d.k1 === K_REG ? 'write' : 'flush';
    case Op.SHL: case Op.SHR: case Op.SAR:
      // A zero count changes no flag; any other sets them all (a CL count is not known here).
      return isShiftImm32(d) ? ((d.immLo & 31) === 0 ? 'keep' : 'write') : 'flush';
    default: return 'flush';
  }
}

/**
 * The statically known flag producer after `d` (`inlineAlu`: emit compiled d as an inline ALU
 * op). Instructions that neither write flags nor the a, b, r, ah, bh, rh locals keep it;
 * anything else forgets it.
 */
export function flagsAfter(d: DecodedInsn, known: KnownFlags | null, inlineAlu: boolean): KnownFlags | null {
  if (inlineAlu) return { kind: aluKind(d.sub || d.op), size: d.osz };
  switch (d.op) {
    case Op.INCDEC_R4: return { kind: d.sub === Op.INC ? F_INC : F_DEC, size: 4 };
    // These touch neither the flags nor a, b, r (PUSH/POP use sp and w).
    case Op.MOV_RR4: case Op.MOV_RR8: case Op.MOV_RI4: case Op.MOV_RI8: case Op.MOV_RM4: case Op.MOV_RM8:
    case Op.MOV_MR4: case Op.MOV_MR8: case Op.PUSH_R4: case Op.PUSH_R8: case Op.POP_R4: case Op.POP_R8:
    case Op.NOP: case Op.LEA: case Op.MOV: case Op.MOVZX: case Op.MOVSX:
      return known;
    case Op.JCC: return known;
    default: return null;
  }
}
