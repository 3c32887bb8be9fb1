// Turn a chosen iced Code plus resolved Intel-order operands into encoded bytes.
import iced from '../x86/icedModule.js';

const { Instruction, Encoder, MemoryOperand, OpCodeOperandKind: K } = iced;
type IcedInstruction = InstanceType<typeof Instruction>;

export interface ResolvedMem {
  base: number;
  index: number;
  scale: number;
  disp: bigint;
  displSize: number;
  seg: number;
}

export type ResolvedOp =
  | { t: 'R'; reg: number }
  | { t: 'M'; mem: ResolvedMem }
  | { t: 'I'; v: bigint; kind: number }
  | { t: 'B'; target: bigint };

export interface Prefixes {
  lock: boolean;
  rep: 'rep' | 'repe' | 'repne' | null;
  /** The rep prefix as written (repz, repnz ...), for messages. */
  repWord?: string;
  /** as's `rex64` prefix word: REX.W on an instruction that would not have it. */
  rex64?: boolean;
}

const encoders: Record<number, InstanceType<typeof Encoder>> = {};

function immArg(v: bigint, kind: number): number {
  switch (kind) {
    case K.imm8:
    case K.imm8sex16:
    case K.imm8sex32:
    case K.imm8sex64:
    case K.imm8_const_1:
      return Number(BigInt.asIntN(8, v));
    case K.imm16:
      return Number(BigInt.asIntN(16, v));
    default:
      return Number(BigInt.asIntN(32, v));
  }
}

function memOf(m: ResolvedMem): InstanceType<typeof MemoryOperand> {
  return new MemoryOperand(m.base, m.index, m.scale, m.disp, m.displSize, false, m.seg);
}

export function createInstruction(code: number, ops: ResolvedOp[]): IcedInstruction {
  const pat = ops.map((o) => o.t).join('');
  const o = ops as any[];
  const imm = (i: number): number => immArg(o[i].v, o[i].kind);
  switch (pat) {
    case '': return Instruction.create(code);
    case 'R': return Instruction.createReg(code, o[0].reg);
    case 'M': return Instruction.createMem(code, memOf(o[0].mem));
    case 'I': return Instruction.createI32(code, imm(0));
    case 'B': return Instruction.createBranch(code, o[0].target);
    case 'RR': return Instruction.createRegReg(code, o[0].reg, o[1].reg);
    case 'RM': return Instruction.createRegMem(code, o[0].reg, memOf(o[1].mem));
    case 'MR': return Instruction.createMemReg(code, memOf(o[0].mem), o[1].reg);
    case 'RI':
      return o[1].kind === K.imm64
        ? Instruction.createRegU64(code, o[0].reg, BigInt.asUintN(64, o[1].v))
        : Instruction.createRegI32(code, o[0].reg, imm(1));
    case 'MI': return Instruction.createMemI32(code, memOf(o[0].mem), imm(1));
    case 'IR': return Instruction.createI32Reg(code, imm(0), o[1].reg);
    case 'II': return Instruction.createI32I32(code, imm(0), imm(1));
    case 'RRI': return Instruction.createRegRegI32(code, o[0].reg, o[1].reg, imm(2));
    case 'RMI': return Instruction.createRegMemI32(code, o[0].reg, memOf(o[1].mem), imm(2));
    case 'MRI': return Instruction.createMemRegI32(code, memOf(o[0].mem), o[1].reg, imm(2));
    case 'RII': return Instruction.createRegI32I32(code, o[0].reg, imm(1), imm(2)); // extrq
    case 'RRII': return Instruction.createRegRegI32I32(code, o[0].reg, o[1].reg, imm(2), imm(3)); // insertq
    case 'RRR': return Instruction.createRegRegReg(code, o[0].reg, o[1].reg, o[2].reg);
    case 'MRR': return Instruction.createMemRegReg(code, memOf(o[0].mem), o[1].reg, o[2].reg);
    case 'RRM': return Instruction.createRegRegMem(code, o[0].reg, o[1].reg, memOf(o[2].mem));
    case 'RMR': return Instruction.createRegMemReg(code, o[0].reg, memOf(o[1].mem), o[2].reg);
    default: throw new Error(`unsupported operand pattern ${pat}`);
  }
}

export function applyPrefixes(ins: IcedInstruction, p: Prefixes): void {
  if (p.lock) ins.hasLockPrefix = true;
  if (p.rep === 'rep' || p.rep === 'repe') ins.hasRepePrefix = true;
  else if (p.rep === 'repne') ins.hasRepnePrefix = true;
}

// GNU as writes legacy prefixes as segment, 67, 66, rep, lock; iced puts lock first and 67 after 66.
const PREFIX_RANK: Record<number, number> = { 0x26: 1, 0x2e: 1, 0x36: 1, 0x3e: 1, 0x64: 1, 0x65: 1, 0x67: 2, 0x66: 3, 0xf2: 4, 0xf3: 4, 0xf0: 5 };

function asPrefixOrder(b: Uint8Array): Uint8Array {
  let n = 0;
  while (n < b.length && PREFIX_RANK[b[n]!] !== undefined) n++;
  if (n < 2) return b;
  const pre = Array.from(b.subarray(0, n)).sort((x, y) => PREFIX_RANK[x]! - PREFIX_RANK[y]!);
  b.set(pre, 0);
  return b;
}

/** REX.W added after the legacy prefixes (merged into a REX byte already there). */
function withRexW(b: Uint8Array): Uint8Array {
  let n = 0;
  while (n < b.length && PREFIX_RANK[b[n]!] !== undefined) n++;
  if (b[n]! >= 0x40 && b[n]! <= 0x4f) {
    b[n]! |= 0x08;
    return b;
  }
  const out = new Uint8Array(b.length + 1);
  out.set(b.subarray(0, n));
  out[n] = 0x48;
  out.set(b.subarray(n), n + 1);
  return out;
}

/** Encode at `ip`; throws iced's Error on encoding failures (caller maps to AsmError). */
export function encodeIced(bits: number, ins: IcedInstruction, ip: bigint, rex64 = false): Uint8Array {
  let enc = encoders[bits];
  if (!enc) {
    enc = new Encoder(bits);
    encoders[bits] = enc;
  }
  try {
    enc.encode(ins, ip);
    const bytes = asPrefixOrder(enc.takeBuffer());
    return rex64 ? withRexW(bytes) : bytes;
  } catch (e) {
    delete encoders[bits]; // a failed encode may leave partial bytes behind
    throw e;
  } finally {
    ins.free();
  }
}
