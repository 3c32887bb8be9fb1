// The shape of one row of the instruction table (src/machine/isa/opcodes.ts): everything the
// decoder, the cycle model, the interpreter and the block compiler need to know of an executor op.
import type { Code, Mnemonic } from '../../x86/icedModule.js';
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodeInstruction.js';
import type { CostClass, Feature } from '../types.js';

/**
 * Executes one decoded instruction. Called with cpu.rip already at the next instruction; a fault
 * is a thrown GuestFault (the run loop puts RIP back on the instruction and delivers it), so a
 * handler checks everything that can fault before it changes any state.
 */
export type Handler = (cpu: CpuCore, d: DecodedInsn) => void;

/** Arithmetic flag bits as in RFLAGS (CF 0x1, PF 0x4, AF 0x10, ZF 0x40, SF 0x80, OF 0x800). */
export type FlagMask = number;

export interface OpRow {
  /** Unique name, as the SDM spells the instruction where one row is one instruction (ADDPS, FLD, POPCNT). */
  name: string;
  /** iced-x86 mnemonics whose every form this row executes. */
  mnemonics?: readonly Mnemonic[];
  /** iced-x86 codes (single encodings) this row executes; a code entry wins over a mnemonic entry. */
  codes?: readonly Code[];
  handler: Handler;
  /** Cost class charged once per execution; a function picks it from the operands (load/store forms). */
  cls: CostClass | ((d: DecodedInsn) => CostClass);
  /** The block compiler may put this op inside a compiled block (it calls the handler or inlines it). */
  jit: boolean;
  /** Arithmetic flags the op reads and writes (0 for none). */
  flagsRead: FlagMask;
  flagsWritten: FlagMask;
  /** The CPU feature that makes the instruction exist: without it in the profile, decoding gives #UD. */
  feature?: Feature;
  /**
   * What the bytes do on a CPU without `feature`, instead of #UD (lzcnt without abm is bsr: the F3
   * prefix is ignored, as on hardware).
   */
  withoutFeature?: Handler;
}
