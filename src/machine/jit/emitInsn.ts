// JS source for one instruction of a compiled block. The forms written here inline are the ones
// where a handler call would cost more than the instruction (see src/machine/README.md); all
// others call their row's handler. Locals of the generated function: a b r ah bh rh (the last
// flag producer's operands and result, flagCode.ts; c u for deferred flag stores), s t sp
// (scratch), w wh (the only scratch of instructions that keep flag stores waiting), e (the memory
// operand's address), o v q g p dv (memory access), x0..x3 (64-bit LEA).
import { Op, K_IMM, K_MEM, K_REG, type DecodedInsn } from '../decodedInsn.js';
import { aluKind, F_ADD, F_DEC, F_INC, F_LOGIC, F_SUB, isShiftImm32, knownCond, type KnownFlags } from './flagCode.js';
import { eaCode, FRELOAD, FSPILL, handlerCall, leaCode, memRead, memRmwLoad, memRmwStore, memWrite, regGet, regSet, srcCode } from './operandCode.js';

/** RSP from the address in `e` (CpuState.setReg64Num on the block's locals). */
const SET_RSP = 'l4=e|0;h4=Math.floor(e/4294967296)|0;';

/** The emitter's view of the flags: the known producer, and its lazy-flag stores not yet written to cpu. */
export interface EmitState { known: KnownFlags | null; pending: string }

/** `leave(n, rip)`: the source that ends the block after its first n instructions, at rip. */
export type Leave = (n: number, rip: number) => string;

/** Whether `d` is an ALU op with a memory destination or a 64-bit register one that emitInsn writes inline (flags known after it). */
export function isInlineAlu(d: DecodedInsn): boolean {
  switch (d.op) {
    case Op.ALU_RR4: case Op.ALU_RI4: case Op.ALU_RM4: case Op.ALU_RR8: case Op.ALU_RI8: case Op.ALU_RM8: return true;
    case Op.ADD: case Op.SUB: case Op.AND: case Op.OR: case Op.XOR: case Op.CMP: case Op.TEST:
      return d.k0 === K_MEM && (d.osz === 4 || d.osz === 8) && (d.k1 === K_IMM || (d.k1 === K_REG && d.r1 < 16));
    default: return false;
  }
}

/** The ALU result `r` (and `rh` at 8) of a op b, and the lazy-flag stores that describe it. */
function aluCode(sub: number, size: number): { code: string; flags: string } {
  let code: string;
  if (size === 4) {
    switch (sub) {
      case Op.ADD: code = 'r=(a+b)>>>0;'; break;
      case Op.SUB: case Op.CMP: code = 'r=(a-b)>>>0;'; break;
      case Op.AND: case Op.TEST: code = 'r=(a&b)>>>0;'; break;
      case Op.OR: code = 'r=(a|b)>>>0;'; break;
      default: code = 'r=(a^b)>>>0;'; break;
    }
    return { code, flags: `cpu.fOp=${aluKind(sub)};cpu.fSize=4;cpu.fCin=0;cpu.fA=a;cpu.fB=b;cpu.fRes=r;` };
  }
  switch (sub) {
    case Op.ADD: code = 's=a+b;r=s>>>0;rh=(ah+bh+(s>4294967295?1:0))|0;'; break;
    case Op.SUB: case Op.CMP: code = 's=a-b;r=s>>>0;rh=(ah-bh-(s<0?1:0))|0;'; break;
    case Op.AND: case Op.TEST: code = 'r=(a&b)>>>0;rh=ah&bh;'; break;
    case Op.OR: code = 'r=(a|b)>>>0;rh=ah|bh;'; break;
    default: code = 'r=(a^b)>>>0;rh=ah^bh;'; break;
  }
  return { code, flags: `cpu.fOp=${aluKind(sub)};cpu.fSize=8;cpu.fCin=0;cpu.fA=a;cpu.fAHi=ah;cpu.fB=b;cpu.fBHi=bh;cpu.fRes=r;cpu.fResHi=rh;` };
}

/** An inline ALU op (isInlineAlu): operands into a/ah and b/bh, the result, the write-back; flag stores left in cx.pending. */
function emitAlu(d: DecodedInsn, idx: string, smc: string, cx: EmitState): string {
  const sub = d.sub || d.op, size = d.osz, r0 = d.r0, r1 = d.r1;
  const { code, flags } = aluCode(sub, size);
  const writes = sub !== Op.CMP && sub !== Op.TEST;
  cx.pending = flags;
  if (d.k0 === K_REG) {
    const a = size === 8 ? `a=l${r0}>>>0;ah=h${r0};` : `a=l${r0}>>>0;`;
    let b: string;
    if (d.k1 === K_REG) b = size === 8 ? `b=l${r1}>>>0;bh=h${r1};` : `b=l${r1}>>>0;`;
    else if (d.k1 === K_IMM) b = size === 8 ? `b=${d.immLo >>> 0};bh=${d.immHi | 0};` : `b=${d.immLo >>> 0};`;
    else b = `${idx}${eaCode(d)}${memRead(size, 'b', 'bh')}`;
    return `${b}${a}${code}${writes ? regSet(r0, size, 'r', 'rh') : ''}`;
  }
  // Memory destination: read (probing for writing when the op stores), compute, store.
  const b = d.k1 === K_REG ? (size === 8 ? `b=l${r1}>>>0;bh=h${r1};` : `b=l${r1}>>>0;`)
    : size === 8 ? `b=${d.immLo >>> 0};bh=${d.immHi | 0};` : `b=${d.immLo >>> 0};`;
  if (!writes) return `${idx}${eaCode(d)}${memRead(size, 'a', 'ah')}${b}${code}`;
  return `${idx}${eaCode(d)}${memRmwLoad(size, 'a', 'ah')}${b}${code}${memRmwStore(size, 'r', 'rh')}${smc}`;
}

/** MOV of any size between registers, memory and immediates (null: leave it to the handler). */
function emitMov(d: DecodedInsn, idx: string, smc: string): string | null {
  const size = d.osz;
  if (size !== 1 && size !== 2 && size !== 4 && size !== 8) return null;
  if (d.k0 === K_REG && (d.r0 >= 16 && size !== 1)) return null;
  const src = srcCode(d, size, 'w', 'wh');
  if (src === null) return null;
  const mem = d.k1 === K_MEM ? idx : '';
  if (d.k0 === K_REG) return `${mem}${src}${regSet(d.r0, size, 'w', 'wh')}`;
  if (d.k0 !== K_MEM) return null;
  return `${idx}${src}${eaCode(d)}${memWrite(size, 'w', 'wh')}${smc}`;
}

/** MOVZX / MOVSX / MOVSXD into a 32- or 64-bit register. */
function emitMovx(d: DecodedInsn, idx: string): string | null {
  const size = d.osz, ss = d.s1;
  if ((size !== 4 && size !== 8) || d.r0 >= 16 || (ss !== 1 && ss !== 2 && ss !== 4)) return null;
  let src: string;
  if (d.k1 === K_REG) src = `w=${regGet(d.r1, ss)};`;
  else if (d.k1 === K_MEM) src = `${idx}${eaCode(d)}${memRead(ss, 'w', 'wh')}`;
  else return null;
  if (d.op === Op.MOVZX) return `${src}l${d.r0}=w|0;h${d.r0}=0;`;
  const ext = ss === 1 ? 'w=(w<<24)>>24;' : ss === 2 ? 'w=(w<<16)>>16;' : 'w=w|0;';
  return `${src}${ext}l${d.r0}=w;h${d.r0}=${size === 8 ? 'w>>31' : '0'};`;
}

/** IMUL r32, r/m32 (, imm): the truncated signed product; CF = OF = it did not fit; flags set eagerly (pending). */
function emitImul32(d: DecodedInsn, idx: string, cx: EmitState): string | null {
  if (d.osz !== 4 || (d.k1 !== K_REG && d.k1 !== K_MEM)) return null;
  const src = d.k1 === K_REG ? `w=l${d.r1};` : `${idx}${eaCode(d)}${memRead(4, 'w', 'wh')}w=w|0;`;
  const ops = d.k2 === K_IMM ? `s=w;t=${d.immLo | 0};` : `s=l${d.r0};t=w;`;
  cx.pending = 'cpu.flagsRest=(cpu.flagsRest&-2262)|(u?2049:0)|(r===0?64:0)|(r<0?128:0)|PT[r&255];cpu.fOp=0;';
  return `${src}${ops}r=Math.imul(s,t);u=s*t!==r;l${d.r0}=r;h${d.r0}=0;`;
}

/** JS source for one instruction; `leave` ends the block. */
export function emitInsn(d: DecodedInsn, k: number, at: number, leave: Leave, cx: EmitState): string {
  const known = cx.known;
  const next = at + d.len;
  const r0 = d.r0, r1 = d.r1;
  const idx = `ji=${k};`;
  // A store into this block's own page drops the page's decoded records: leave before running stale code.
  const smc = `if(P.recs!==R){${leave(k + 1, next)}}`;
  if (isInlineAlu(d)) return emitAlu(d, idx, smc, cx);
  let inline: string | null = null;
  switch (d.op) {
    case Op.MOV_RR4: return `l${r0}=l${r1};h${r0}=0;`;
    case Op.MOV_RR8: return `l${r0}=l${r1};h${r0}=h${r1};`;
    case Op.MOV_RI4: return `l${r0}=${d.immLo | 0};h${r0}=0;`;
    case Op.MOV_RI8: return `l${r0}=${d.immLo | 0};h${r0}=${d.immHi | 0};`;
    case Op.MOV_RM4: return `${idx}${eaCode(d)}${memRead(4, 'w', 'wh')}l${r0}=w|0;h${r0}=0;`;
    case Op.MOV_RM8: return `${idx}${eaCode(d)}${memRead(8, 'w', 'wh')}l${r0}=w|0;h${r0}=wh|0;`;
    case Op.MOV_MR4: return `${idx}${eaCode(d)}${memWrite(4, `l${r1}`, '')}${smc}`;
    case Op.MOV_MR8: return `${idx}${eaCode(d)}${memWrite(8, `l${r1}`, `h${r1}`)}${smc}`;
    case Op.MOV: inline = emitMov(d, idx, smc); break;
    case Op.MOVZX: case Op.MOVSX: inline = emitMovx(d, idx); break;
    case Op.IMUL2: inline = emitImul32(d, idx, cx); break;
    case Op.INCDEC_R4: case Op.INCDEC_R8: {
      const inc = d.sub === Op.INC;
      // INC/DEC keep CF: `c` gets it from the previous flag writer (known here, or from the lazy state in the locals).
      let s: string;
      const kind = known !== null ? known.kind : 0, size = known !== null ? known.size : 0;
      if (kind === F_SUB) s = size === 4 ? 'c=a<b?1:0;' : 'c=(ah>>>0)<(bh>>>0)||(ah===bh&&a<b)?1:0;';
      else if (kind === F_LOGIC) s = 'c=0;';
      else if (kind === F_ADD && size === 4) s = 'c=a+b>4294967295?1:0;';
      else if (kind === F_INC || kind === F_DEC) s = ''; // `c` still holds the CF that one kept
      else { s = `${cx.pending}c=cpu.carryOf(cpu.fOp,cpu.fSize,cpu.fA,cpu.fB,cpu.fCin,cpu.fRes,cpu.fAHi,cpu.fBHi,cpu.flagsRest);`; cx.pending = ''; }
      s += `a=l${r0}>>>0;s=a${inc ? '+' : '-'}1;r=s>>>0;l${r0}=r|0;`;
      const flags = `cpu.flagsRest=(cpu.flagsRest&-2)|c;cpu.fOp=${inc ? F_INC : F_DEC};cpu.fCin=0;cpu.fA=a;cpu.fB=1;cpu.fRes=r;`;
      if (d.op === Op.INCDEC_R4) { s += `h${r0}=0;`; cx.pending = `${flags}cpu.fSize=4;`; }
      else s += `ah=h${r0};rh=(ah+(s>4294967295?1:s<0?-1:0))|0;${flags}cpu.fSize=8;cpu.fAHi=ah;cpu.fBHi=0;cpu.fResHi=rh;h${r0}=rh;`;
      return s;
    }
    case Op.PUSH_R8:
      return `${idx}e=(h4*4294967296+(l4>>>0))-8;${memWrite(8, `l${r0}`, `h${r0}`)}${SET_RSP}${smc}`;
    case Op.POP_R8:
      return `${idx}e=h4*4294967296+(l4>>>0);${memRead(8, 'w', 'wh')}e+=8;${SET_RSP}l${r0}=w|0;h${r0}=wh|0;`;
    case Op.PUSH:
      // 64-bit PUSH of an immediate or memory (the kernel's pt_regs frame): source read first, as isa/stack.ts push.
      if (d.bits === 64 && d.osz === 8 && (d.k0 === K_IMM || d.k0 === K_MEM)) {
        const src = d.k0 === K_IMM ? '' : `${eaCode(d)}${memRead(8, 'w', 'wh')}`;
        const lo = d.k0 === K_IMM ? `${d.immLo >>> 0}` : 'w', hi = d.k0 === K_IMM ? `${d.immHi | 0}` : 'wh';
        return `${idx}${src}e=(h4*4294967296+(l4>>>0))-8;${memWrite(8, lo, hi)}${SET_RSP}${smc}`;
      }
      break;
    case Op.PUSH_R4:
      return `${idx}sp=((l4>>>0)-4)>>>0;cpu.wr32(sp,l${r0});l4=sp|0;${smc}`;
    case Op.POP_R4:
      return `${idx}sp=l4>>>0;w=cpu.rd32(sp);l4=(sp+4)|0;l${r0}=w|0;`;
    case Op.LEA: return leaCode(d, k);
    case Op.NOP: return '';
    case Op.SHL: case Op.SHR: case Op.SAR:
      if (isShiftImm32(d)) {
        // CpuCore.shift32 for a 32-bit register and an immediate count, flags set eagerly (AF cleared).
        const n = d.immLo & 31;
        if (n === 0) return `h${r0}=0;`;
        let code: string, of: string;
        if (d.op === Op.SHL) { code = `t=l${r0}>>>0;r=(t<<${n})>>>0;u=(t>>>${32 - n})&1;`; of = '((r>>>31)^u)'; }
        else if (d.op === Op.SHR) { code = `t=l${r0}>>>0;r=t>>>${n};u=(t>>>${n - 1})&1;`; of = '(t>>>31)'; }
        else { code = `t=l${r0}|0;r=(t>>${n})>>>0;u=(t>>${n - 1})&1;`; of = '0'; }
        cx.pending = `cpu.flagsRest=(cpu.flagsRest&-2262)|u|(${of}?2048:0)|(r===0?64:0)|(r>>>31?128:0)|PT[r&255];cpu.fOp=0;`;
        return `${code}l${r0}=r|0;h${r0}=0;`;
      }
      // A register below 64 bits cannot fault: the handler (isa/shifts.ts shift32) needs no RIP.
      if (d.osz !== 8 && d.k0 === K_REG) return handlerCall(d.op, k);
      break;
    case Op.JCC:
      // A branch to the next instruction changes nothing; a taken branch leaves the block.
      if (d.target === next) return '';
      // Unknown flags: cpu.cond reads (and may settle) the lazy flags, so they go to cpu and back.
      return `${knownCond(known, d.cond) === null ? `${FSPILL}j=cpu.cond(${d.cond});${FRELOAD}` : ''}if(${knownCond(known, d.cond) ?? 'j'}){${leave(k + 1, d.target)}}`;
    case Op.JMP: return '';
  }
  if (inline !== null) return inline;
  // Everything else: the row's handler, with RIP at the next instruction as handlers expect.
  return `${idx}cpu.rip=${next};${handlerCall(d.op, k)}${smc}`;
}
