// A non-canonical address in a stack access raises #SS(0), not #GP(0) (SDM Vol.3 6.15, "Interrupt
// 12"; Linux turns #SS into SIGBUS). Translation sees only the address, so the exception path
// decides: the faulting instruction's stack accesses are its implicit ones (push, pop, call, ret,
// enter, leave, pushf, popf, pusha, popa, segment push/pop) at RSP, and memory operands through SS
// (an RSP or RBP base).
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { type DecodedInsn, K_MEM, Op } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';

const CANON = 140737488355328; // 2^47
/** How far from RSP an implicit stack access may fall (ENTER's frame and RET imm16 stay within 64 KiB). */
const STACK_WINDOW = 0x10000;

let implicit: Set<number> | null = null;

/** `f` itself, or #SS(0) when it is the non-canonical #GP of a stack access. */
export function asStackFault(c: CpuCore, f: GuestFault): GuestFault {
  const la = f.cr2;
  if (f.vector !== C.VEC_GP || !(la >= CANON || la < -CANON)) return f;
  let d: DecodedInsn;
  try { d = c.fetch(); } catch { return f; }
  implicit ??= new Set([Op.PUSH, Op.POP, Op.PUSH_R4, Op.PUSH_R8, Op.POP_R4, Op.POP_R8, Op.CALL, Op.CALL_IND, Op.RET,
    Op.ENTER, Op.LEAVE, Op.PUSHF, Op.POPF, Op.PUSH_SEG, Op.POP_SEG, Op.PUSHA, Op.POPA]);
  const viaRsp = implicit.has(d.op) && Math.abs(la - c.reg64(4)) <= STACK_WINDOW;
  const viaSs = d.seg === C.SEG_SS && (d.k0 === K_MEM || d.k1 === K_MEM || d.k2 === K_MEM) && Math.abs(la - c.ea(d)) < 64;
  return viaRsp || viaSs ? new GuestFault(C.VEC_SS, 0, `stack access to ${f.reason}`) : f;
}
