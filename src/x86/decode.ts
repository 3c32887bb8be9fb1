// Decode one x86 instruction with iced-x86 into plain data (iced objects are freed before returning).
import { Code, Decoder, DecoderOptions, FlowControl, Mnemonic, OpKind, type Instruction } from 'iced-x86';
import { formatIced, objdumpBranchTarget } from './formatAtt.js';

export type Bitness = 16 | 32 | 64;

export interface DecodedInstruction {
  ip: bigint;
  length: number;
  bitness: Bitness;
  /** The instruction's bytes (a copy). */
  bytes: Uint8Array;
  /** False when the bytes do not form a valid instruction (then length is at least 1). */
  valid: boolean;
  /** iced-x86's Code value (the exact opcode form). */
  code: number;
  /** iced-x86's mnemonic name in lower case, e.g. 'mov', 'syscall', 'iretq'. */
  mnemonic: string;
  /** The objdump-style AT&T text, without symbol annotations (`call   401000`). */
  text: string;
  /** Target of a direct near branch/call/loop, for `<sym+off>` annotations. */
  branchTarget: bigint | null;
  /** Absolute address a rip-relative memory operand refers to (objdump's `# 401020 <sym>`). */
  ripTarget: bigint | null;
}

const mnemonicNames: string[] = [];
for (const [name, value] of Object.entries(Mnemonic)) if (typeof value === 'number') mnemonicNames[value] = name.toLowerCase();

/** Turn a decoded iced instruction into our plain record. */
export function toDecoded(instr: Instruction, bytes: Uint8Array, bitness: Bitness): DecodedInstruction {
  const valid = !instr.isInvalid;
  const isBranch = valid && (instr.op0Kind === OpKind.NearBranch16 || instr.op0Kind === OpKind.NearBranch32 || instr.op0Kind === OpKind.NearBranch64)
    && instr.flowControl !== FlowControl.Next;
  const ripRel = valid && instr.isIpRelMemoryOperand;
  return {
    ip: instr.ip,
    length: valid ? instr.length : bytes.length,
    bitness,
    bytes,
    valid,
    code: instr.code,
    mnemonic: valid ? mnemonicNames[instr.mnemonic] ?? '' : '(bad)',
    text: formatIced(instr, bytes, bitness),
    branchTarget: isBranch ? objdumpBranchTarget(instr, bitness) : null,
    ripTarget: ripRel ? instr.ipRelMemoryAddress : null,
  };
}

/** Decode the instruction at `offset` in `bytes`, which sits at address `ip`. */
export function decodeAt(bytes: Uint8Array, offset: number, bitness: Bitness, ip: bigint): DecodedInstruction {
  const window = bytes.subarray(offset, Math.min(bytes.length, offset + 15));
  const decoder = new Decoder(bitness, window, DecoderOptions.None);
  decoder.ip = ip;
  const instr = decoder.decode();
  try {
    const len = instr.isInvalid ? 1 : instr.length;
    return toDecoded(instr, Uint8Array.from(window.subarray(0, Math.max(1, Math.min(len, window.length)))), bitness);
  } finally {
    instr.free();
    decoder.free();
  }
}

/** Decode every instruction of a code block that starts at `ip` (one decoder for the whole block). */
export function decodeAll(bytes: Uint8Array, bitness: Bitness, ip: bigint): DecodedInstruction[] {
  const out: DecodedInstruction[] = [];
  if (bytes.length === 0) return out;
  const decoder = new Decoder(bitness, bytes, DecoderOptions.None);
  decoder.ip = ip;
  try {
    while (decoder.canDecode) {
      const pos = decoder.position;
      const instr = decoder.decode();
      try {
        if (instr.isInvalid) {
          // objdump shows `(bad)` and moves on by one byte; so do we.
          const one = Uint8Array.from(bytes.subarray(pos, pos + 1));
          out.push({ ip: ip + BigInt(pos), length: 1, bitness, bytes: one, valid: false, code: Code.INVALID, mnemonic: '(bad)', text: '(bad)', branchTarget: null, ripTarget: null });
          decoder.position = pos + 1;
          decoder.ip = ip + BigInt(pos + 1);
          continue;
        }
        out.push(toDecoded(instr, Uint8Array.from(bytes.subarray(pos, pos + instr.length)), bitness));
      } finally {
        instr.free();
      }
    }
  } finally {
    decoder.free();
  }
  return out;
}


