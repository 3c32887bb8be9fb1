// Decode one instruction with iced-x86 ONCE into a compact record the executor dispatches on.
import { Code, Decoder, DecoderOptions, Formatter, FormatterSyntax, Instruction, MemorySizeExt, Mnemonic, OpKind, Register, RegisterExt } from '../x86/icedModule.js';
import { instructionText } from '../x86/disassemble.js';
import { DecodedInsn, K_IMM, K_MEM, K_MMX, K_NONE, K_REG, K_ST, K_XMM, Op, R_HIGH8 } from './decodedInsn.js';
import { opFor, TABLE } from './isa/opcodes.js';
import type { OpRow } from './isa/opRow.js';

export { DecodedInsn, K_IMM, K_MEM, K_MMX, K_NONE, K_REG, K_ST, K_XMM, Op, R_HIGH8 };

const decoders: Record<number, Decoder> = {};
const scratch = new Instruction();
let formatter: Formatter | null = null;

function gprIndex(r: Register): number {
  if (r >= Register.AL && r <= Register.BL) return r - Register.AL;
  if (r >= Register.AH && r <= Register.BH) return R_HIGH8 + (r - Register.AH);
  if (r >= Register.SPL && r <= Register.R15L) return 4 + (r - Register.SPL);
  if (r >= Register.AX && r <= Register.R15W) return r - Register.AX;
  if (r >= Register.EAX && r <= Register.R15D) return r - Register.EAX;
  if (r >= Register.RAX && r <= Register.R15) return r - Register.RAX;
  return -1;
}

function isGpr(r: Register): boolean { return r >= Register.AL && r <= Register.R15; }
function isSeg(r: Register): boolean { return r >= Register.ES && r <= Register.GS; }
function isCr(r: Register): boolean { return r >= Register.CR0 && r <= Register.CR0 + 15; }

/** AT&T text of an iced instruction (for the not-emulated reason). */
export function attText(instr: Instruction): string {
  if (!formatter) {
    formatter = new Formatter(FormatterSyntax.Gas);
    formatter.spaceAfterOperandSeparator = false;
  }
  return formatter.format(instr);
}

/**
 * Decode the instruction at `ip` from `bytes` (up to 15 bytes) for a code size of `bits`.
 * Returns null when bytes end before the instruction does (the caller fetches more or faults).
 */
export function decodeInstruction(bytes: Uint8Array, bits: 16 | 32 | 64, ip: number): DecodedInsn {
  let dec = decoders[bits];
  if (!dec) { dec = new Decoder(bits, new Uint8Array(16), DecoderOptions.None); decoders[bits] = dec; }
  const buf = new Uint8Array(16);
  buf.set(bytes.subarray(0, 16));
  // Reuse one decoder per bitness over a fresh buffer (the wasm decoder copies its input).
  dec.free();
  dec = new Decoder(bits, buf, DecoderOptions.None);
  decoders[bits] = dec;
  dec.ip = BigInt.asUintN(64, BigInt(ip));
  dec.decodeOut(scratch);
  const d = new DecodedInsn();
  fill(d, scratch, bits, bytes.length);
  if (d.op === Op.UNEMULATED) {
    // The same text the disassembler and the Code pane show (objdump conventions).
    try { d.text = instructionText(buf.subarray(0, d.len), bits, BigInt.asUintN(64, BigInt(ip))).replace(/\s+/g, ' ').trim(); } catch { /* keep iced's text */ }
  }
  return d;
}

function fill(d: DecodedInsn, ins: Instruction, bits: 16 | 32 | 64, avail: number): void {
  d.bits = bits;
  d.len = ins.length;
  if (ins.isInvalid || ins.mnemonic === Mnemonic.INVALID || d.len > avail) {
    d.op = Op.INVALID; d.len = Math.max(1, Math.min(d.len, avail)); d.cls = 'exception'; d.row = TABLE[Op.INVALID]!;
    return;
  }
  const m = ins.mnemonic;
  d.code = ins.code;
  const op0 = opFor(ins.code, m);
  let op = op0 < 0 ? Op.UNEMULATED : op0;
  d.cond = ins.conditionCode > 0 ? ins.conditionCode - 1 : 0;
  d.rep = ins.hasRepnePrefix ? 2 : (ins.hasRepePrefix || ins.hasRepPrefix) ? 1 : 0;
  d.lock = ins.hasLockPrefix;
  d.stackSize = Math.abs(ins.stackPointerIncrement);
  d.asz = bits === 64 ? 8 : 4;
  const n = ins.opCount;
  for (let i = 0; i < n && i < 3; i++) {
    const kind = ins.opKind(i);
    let k = K_NONE, r = 0, s = 0;
    switch (kind) {
      case OpKind.Register: {
        const reg = ins.opRegister(i);
        if (isGpr(reg)) { k = K_REG; r = gprIndex(reg); s = RegisterExt.size(reg); }
        else if (isSeg(reg)) { k = K_REG; r = reg - Register.ES; s = 2; if (i === 0) op = op === Op.MOV ? Op.MOV_TO_SEG : op === Op.PUSH ? Op.PUSH_SEG : op === Op.POP ? Op.POP_SEG : Op.UNEMULATED; else if (op === Op.MOV) op = Op.MOV_FROM_SEG; }
        else if (isCr(reg)) { k = K_REG; r = reg - Register.CR0; s = bits === 64 ? 8 : 4; if (op === Op.MOV) op = i === 0 ? Op.MOV_TO_CR : Op.MOV_FROM_CR; }
        else if (reg >= Register.DR0 && reg <= Register.DR15) { k = K_REG; r = reg - Register.DR0; s = bits === 64 ? 8 : 4; }
        else if (reg >= Register.XMM0 && reg <= Register.XMM15) { k = K_XMM; r = reg - Register.XMM0; s = 16; }
        else if (reg >= Register.MM0 && reg <= Register.MM0 + 7) { k = K_MMX; r = reg - Register.MM0; s = 8; }
        else if (reg >= Register.ST0 && reg <= Register.ST0 + 7) { k = K_ST; r = reg - Register.ST0; s = 10; }
        else op = Op.UNEMULATED;
        break;
      }
      case OpKind.Memory: {
        k = K_MEM; s = MemorySizeExt.size(ins.memorySize); 
        const b = ins.memoryBase, x = ins.memoryIndex;
        if (b === Register.RIP || b === Register.EIP) {
          d.base = -1; d.disp = Number(BigInt.asIntN(64, ins.ipRelMemoryAddress));
          if (b === Register.EIP) d.disp = Number(BigInt.asUintN(32, ins.ipRelMemoryAddress));
        } else {
          d.base = b === Register.None ? -1 : gprIndex(b);
          const asz = b !== Register.None ? RegisterExt.size(b) : x !== Register.None ? RegisterExt.size(x) : (bits === 64 ? 8 : 4);
          d.asz = asz;
          if (asz === 2) op = Op.UNEMULATED;
          d.disp = asz === 8 ? Number(BigInt.asIntN(64, ins.memoryDisplacement)) : Number(BigInt.asUintN(32, ins.memoryDisplacement));
        }
        // XLAT's index is AL: its handler adds AL itself (iced names AL as the index register)
        d.index = x === Register.None || m === Mnemonic.Xlatb ? -1 : gprIndex(x);
        d.scale = [0, 0, 1, 1, 2, 2, 2, 2, 3][ins.memoryIndexScale] ?? 0;
        d.seg = ins.memorySegment - Register.ES;
        d.segOverride = ins.segmentPrefix !== Register.None;
        break;
      }
      case OpKind.NearBranch16: case OpKind.NearBranch32: case OpKind.NearBranch64:
        k = K_IMM; d.target = Number(BigInt.asIntN(64, ins.nearBranchTarget));
        if (op === Op.UNEMULATED) {
          if (m === Mnemonic.Jmp) op = Op.JMP;
          else if (m === Mnemonic.Call) op = Op.CALL;
          else if (ins.conditionCode > 0 && isJcc(m)) op = Op.JCC;
        }
        break;
      case OpKind.FarBranch16: case OpKind.FarBranch32:
        // ptr16:16 / ptr16:32 (far JMP/CALL): the offset in target, the selector in immLo.
        k = K_IMM; s = kind === OpKind.FarBranch16 ? 2 : 4;
        d.target = kind === OpKind.FarBranch16 ? ins.farBranch16 : ins.farBranch32; d.immLo = ins.farBranchSelector;
        break;
      case OpKind.Immediate8: case OpKind.Immediate16: case OpKind.Immediate32: case OpKind.Immediate64:
      case OpKind.Immediate8to16: case OpKind.Immediate8to32: case OpKind.Immediate8to64: case OpKind.Immediate32to64: {
        k = K_IMM;
        const v = BigInt.asIntN(64, ins.immediate(i));
        d.immLo = Number(BigInt.asIntN(32, v)); d.immHi = Number(BigInt.asIntN(32, v >> 32n));
        s = kind === OpKind.Immediate8 ? 1 : kind === OpKind.Immediate16 ? 2 : 4;
        break;
      }
      case OpKind.Immediate8_2nd:
        k = K_IMM; d.imm2 = ins.immediate8_2nd; s = 1;
        if (i === 1 && op === Op.ENTER) break;
        // shld/shrd imm8 count and enter's level both use this slot
        break;
      case OpKind.MemorySegSI: case OpKind.MemorySegESI: case OpKind.MemorySegRSI:
      case OpKind.MemorySegDI: case OpKind.MemorySegEDI: case OpKind.MemorySegRDI:
      case OpKind.MemoryESDI: case OpKind.MemoryESEDI: case OpKind.MemoryESRDI:
        k = K_NONE; s = MemorySizeExt.size(ins.memorySize);
        d.asz = (kind === OpKind.MemorySegRSI || kind === OpKind.MemorySegRDI || kind === OpKind.MemoryESRDI) ? 8
          : (kind === OpKind.MemorySegSI || kind === OpKind.MemorySegDI || kind === OpKind.MemoryESDI) ? 2 : 4;
        if (d.asz === 2) op = Op.UNEMULATED;
        if (kind !== OpKind.MemoryESDI && kind !== OpKind.MemoryESEDI && kind !== OpKind.MemoryESRDI) d.seg = ins.memorySegment - Register.ES;
        if (m === Mnemonic.Movsd || m === Mnemonic.Cmpsd) op = m === Mnemonic.Movsd ? Op.MOVS : Op.CMPS;
        break;
      default:
        op = Op.UNEMULATED;
    }
    if (i === 0) { d.k0 = k; d.r0 = r; d.s0 = s; } else if (i === 1) { d.k1 = k; d.r1 = r; d.s1 = s; } else { d.k2 = k; d.r2 = r; d.s2 = s; }
  }
  // a fourth operand is only ever insertq's second imm8 (the other slots hold xmm, xmm, imm8)
  if (n === 4 && ins.opKind(3) === OpKind.Immediate8_2nd) d.imm2 = ins.immediate8_2nd;
  // A group's row (operand decoding may have found it unrepresentable, or a string MOVSD/CMPSD).
  if (op0 >= Op.ROW && (op === op0 || op === Op.UNEMULATED)) { finishRow(d, TABLE[op0]!, op, bits, ins); return; }
  if (m === Mnemonic.Imul) op = n === 1 ? Op.IMUL1 : Op.IMUL2;
  if (op === Op.UNEMULATED && (m === Mnemonic.Jmp || m === Mnemonic.Call) && n === 1 && (d.k0 === K_REG || d.k0 === K_MEM)) {
    op = m === Mnemonic.Jmp ? Op.JMP_IND : Op.CALL_IND;
  }
  if (m === Mnemonic.Jmp && d.k0 !== K_IMM && op === Op.UNEMULATED) op = Op.JMP_IND;
  // movs/cmps with SSE operands (movsd %xmm) are not string ops: they have register operands
  if ((m === Mnemonic.Movsd || m === Mnemonic.Cmpsd) && (d.k0 === K_REG || d.k1 === K_REG)) op = Op.UNEMULATED;
  if (op === Op.LGDT || op === Op.LIDT || op === Op.LTR) { /* operand decoded as memory/register */ }
  if (m === Mnemonic.Int3) { op = Op.INT3; }
  if (op === Op.LOOP || op === Op.LOOPE || op === Op.LOOPNE || op === Op.JCXZ) {
    // the counter register (CX/ECX/RCX) follows the address size, which the Code name spells out
    const name = Code[ins.code] ?? '';
    d.asz = m === Mnemonic.Jrcxz || name.endsWith('_RCX') ? 8 : m === Mnemonic.Jecxz || name.endsWith('_ECX') ? 4 : 2;
  }
  // operand size
  let osz = d.s0;
  switch (op) {
    case Op.MOVS: case Op.STOS: case Op.LODS: case Op.CMPS: case Op.SCAS: osz = stringSize(m); break;
    case Op.CBW: osz = m === Mnemonic.Cbw ? 2 : m === Mnemonic.Cwde ? 4 : 8; break;
    case Op.CWD: osz = m === Mnemonic.Cwd ? 2 : m === Mnemonic.Cdq ? 4 : 8; break;
    case Op.PUSHF: case Op.POPF: case Op.IRET: case Op.PUSH: case Op.POP: case Op.PUSH_SEG: case Op.POP_SEG:
    case Op.CALL: case Op.CALL_IND: case Op.RET: case Op.LEAVE: case Op.ENTER:
      osz = d.stackSize || (bits === 64 ? 8 : 4);
      // ret imm16 / enter / leave move the stack by more (or less) than one slot: use the slot size
      if (op === Op.RET || op === Op.ENTER || op === Op.LEAVE) { osz = bits === 64 ? 8 : 4; if (W_FORMS.has(ins.code)) op = Op.UNEMULATED; }
      d.stackSize = osz;
      if (op === Op.IRET) osz = m === Mnemonic.Iret ? 2 : m === Mnemonic.Iretd ? 4 : 8;
      break;
    case Op.SYSRET: case Op.SYSEXIT: osz = (m === Mnemonic.Sysretq || m === Mnemonic.Sysexitq) ? 8 : 4; break;
    case Op.JMP_IND: osz = bits === 64 ? 8 : 4; break;
    case Op.MUL: case Op.IMUL1: case Op.DIV: case Op.IDIV: osz = d.s0; break;
    case Op.MOV_TO_SEG: osz = 2; break;
    default: if (osz === 0) osz = bits === 64 ? 8 : 4;
  }
  if (op === Op.PUSHA || op === Op.POPA) osz = m === Mnemonic.Pusha || m === Mnemonic.Popa ? 2 : 4;
  if (osz === 2 && (op === Op.ENTER || op === Op.LEAVE || op === Op.CALL || op === Op.CALL_IND || op === Op.RET || op === Op.JMP_IND)) op = Op.UNEMULATED;
  d.osz = osz;
  d.op = op;
  d.sub = op;
  const row = TABLE[op]!;
  d.cls = typeof row.cls === 'function' ? row.cls(d) : row.cls;
  specialise(d);
  d.row = TABLE[d.op]!;
  if (op === Op.UNEMULATED) d.text = attText(ins);
}

/** A table row's instruction: operand size from the first operand, cost class from the row. */
function finishRow(d: DecodedInsn, row: OpRow, op: Op, bits: number, ins: Instruction): void {
  d.osz = d.s0 || (bits === 64 ? 8 : 4);
  // An operand the decoder cannot represent (16-bit addressing, an unknown register) leaves op UNEMULATED.
  d.op = op;
  if (op === Op.UNEMULATED) { d.row = TABLE[op]!; d.text = attText(ins); return; }
  d.row = row;
  d.cls = typeof row.cls === 'function' ? row.cls(d) : row.cls;
}

const FAST_ALU = new Set<Op>([Op.ADD, Op.SUB, Op.AND, Op.OR, Op.XOR, Op.CMP, Op.TEST]);

/** Pick a specialised op for common shapes (32/64-bit register/immediate/memory operands). */
function specialise(d: DecodedInsn): void {
  const w = d.osz === 8 ? 1 : d.osz === 4 ? 0 : -1;
  if (w < 0) return;
  if (d.op === Op.MOV) {
    if (d.k0 === K_REG && d.r0 < 16) {
      if (d.k1 === K_REG && d.r1 < 16) d.op = w ? Op.MOV_RR8 : Op.MOV_RR4;
      else if (d.k1 === K_IMM) d.op = w ? Op.MOV_RI8 : Op.MOV_RI4;
      else if (d.k1 === K_MEM) d.op = w ? Op.MOV_RM8 : Op.MOV_RM4;
    } else if (d.k0 === K_MEM && d.k1 === K_REG && d.r1 < 16) d.op = w ? Op.MOV_MR8 : Op.MOV_MR4;
  } else if ((d.op === Op.INC || d.op === Op.DEC) && d.k0 === K_REG && d.r0 < 16) {
    d.sub = d.op; d.op = w ? Op.INCDEC_R8 : Op.INCDEC_R4;
  } else if (FAST_ALU.has(d.op) && d.k0 === K_REG && d.r0 < 16) {
    if (d.k1 === K_REG && d.r1 < 16) { d.sub = d.op; d.op = w ? Op.ALU_RR8 : Op.ALU_RR4; }
    else if (d.k1 === K_IMM) { d.sub = d.op; d.op = w ? Op.ALU_RI8 : Op.ALU_RI4; }
    else if (d.k1 === K_MEM) { d.sub = d.op; d.op = w ? Op.ALU_RM8 : Op.ALU_RM4; }
  } else if ((d.op === Op.PUSH || d.op === Op.POP) && d.k0 === K_REG && d.r0 < 16) {
    if (d.bits === 64 && d.osz === 8) d.op = d.op === Op.PUSH ? Op.PUSH_R8 : Op.POP_R8;
    else if (d.bits === 32 && d.osz === 4) d.op = d.op === Op.PUSH ? Op.PUSH_R4 : Op.POP_R4;
  }
}

const W_FORMS = new Set<number>([Code.Retnw, Code.Retnw_imm16, Code.Enterw_imm16_imm8, Code.Leavew]);

function isJcc(m: Mnemonic): boolean {
  return m >= Mnemonic.Ja && m <= Mnemonic.Js && m !== Mnemonic.Jmp && m !== Mnemonic.Jmpe
    && m !== Mnemonic.Jcxz && m !== Mnemonic.Jecxz && m !== Mnemonic.Jrcxz;
}

function stringSize(m: Mnemonic): number {
  switch (m) {
    case Mnemonic.Movsb: case Mnemonic.Stosb: case Mnemonic.Lodsb: case Mnemonic.Cmpsb: case Mnemonic.Scasb: return 1;
    case Mnemonic.Movsw: case Mnemonic.Stosw: case Mnemonic.Lodsw: case Mnemonic.Cmpsw: case Mnemonic.Scasw: return 2;
    case Mnemonic.Movsq: case Mnemonic.Stosq: case Mnemonic.Lodsq: case Mnemonic.Cmpsq: case Mnemonic.Scasq: return 8;
    default: return 4;
  }
}

/** AT&T text of the instruction in `bytes` (for messages). */
export function formatBytes(bytes: Uint8Array, bits: 16 | 32 | 64, ip: number): string {
  const buf = new Uint8Array(16); buf.set(bytes.subarray(0, 16));
  const dec = new Decoder(bits, buf, DecoderOptions.None);
  dec.ip = BigInt.asUintN(64, BigInt(ip));
  const ins = dec.decode();
  const t = attText(ins);
  ins.free(); dec.free();
  return t;
}
