// Decode one x86 instruction with iced-x86 into plain data (iced objects are freed before returning).
import { Code, Decoder, DecoderError, DecoderOptions, FlowControl, Mnemonic, OpKind, type Instruction } from './icedModule.js';
import { danglingPrefixLength, danglingPrefixText, rexName } from './danglingPrefixes.js';
import { formatIced, joinMnemonic, objdumpBranchTarget } from './formatAtt.js';

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
export function toDecoded(instr: Instruction, bytes: Uint8Array, bitness: Bitness, decoderOptions: number = DecoderOptions.None): DecodedInstruction {
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
    text: formatIced(instr, bytes, bitness, decoderOptions),
    branchTarget: isBranch ? objdumpBranchTarget(instr, bitness) : null,
    ripTarget: ripRel ? instr.ipRelMemoryAddress : null,
  };
}

/**
 * Decode the instruction at `offset` in `bytes`, which sits at address `ip` (strict: encodings the CPU
 * rejects, like `lock nop`, come back with valid=false and length 1). Never throws for any bytes;
 * throws RangeError only when `offset` is outside `bytes`.
 */
export function decodeAt(bytes: Uint8Array, offset: number, bitness: Bitness, ip: bigint): DecodedInstruction {
  if (!(offset >= 0 && offset < bytes.length)) throw new RangeError(`decodeAt: offset ${offset} outside ${bytes.length} bytes`);
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

const PREFIX_NAMES: Record<number, string> = {
  0x26: 'es', 0x2e: 'cs', 0x36: 'ss', 0x3e: 'ds', 0x64: 'fs', 0x65: 'gs', 0x66: 'data16', 0xf0: 'lock', 0xf2: 'repnz', 0xf3: 'repz',
};
// x87 control instructions whose no-wait form iced decodes after a separate `fwait`; objdump joins them.
const WAIT_FORMS: Record<string, string> = { fninit: 'finit', fnclex: 'fclex', fnstsw: 'fstsw', fnstcw: 'fstcw', fnstenv: 'fstenv', fnsave: 'fsave', fnstenvs: 'fstenvs', fnsaves: 'fsaves', fneni: 'feni', fndisi: 'fdisi', 'fnsetpm(287': 'fsetpm(287' };

/** The text objdump prints for a lone byte that does not start a complete instruction. */
export function loneByteText(b: number, bitness: Bitness): string {
  if (bitness === 64 && b >= 0x40 && b <= 0x4f) return rexName(b);
  if (b === 0x67) return bitness === 64 ? 'addr32' : 'addr16';
  return PREFIX_NAMES[b] ?? `.byte 0x${b.toString(16)}`;
}

/** Decoder options that make iced see what objdump sees (AMD64 branch sizes, no #UD-only rejections, MPX). */
export const OBJDUMP_DECODER_OPTIONS = DecoderOptions.AMD | DecoderOptions.NoInvalidCheck | DecoderOptions.MPX;

/** A decoder over `data` (placed at `ip`) for decodeObjdumpStyle; the caller frees it. */
export function createObjdumpDecoder(bitness: Bitness, data: Uint8Array, ip = 0n): Decoder {
  const decoder = new Decoder(bitness, data, OBJDUMP_DECODER_OPTIONS);
  decoder.ip = ip;
  return decoder;
}

/**
 * Decode the instruction at `off` the way objdump splits the byte stream: a REX followed by another
 * prefix stands alone, fwait joins a following x87 instruction, bytes cut off by the end are `.byte`.
 * `decoder` must have been created over `data` with OBJDUMP_DECODER_OPTIONS; `base` is data[0]'s address.
 */
export function decodeObjdumpStyle(decoder: Decoder, data: Uint8Array, off: number, bitness: Bitness, base: bigint): DecodedInstruction {
  const ip = base + BigInt(off);
  const plain = (length: number, text: string): DecodedInstruction => ({
    ip, length, bitness, bytes: Uint8Array.from(data.subarray(off, off + length)), valid: false, code: Code.INVALID, mnemonic: text, text, branchTarget: null, ripTarget: null,
  });
  const dangling = danglingPrefixLength(data, off, bitness);
  if (dangling > 0) return plain(dangling, danglingPrefixText(data.subarray(off, off + dangling)));
  // fwait is a prefix to objdump: a second fwait, legacy prefixes and a REX may come between it and the x87 opcode.
  let x87At = off + 1;
  if (data[x87At] === 0x9b) x87At++;
  while (x87At < data.length && x87At - off < 14 && PREFIX_NAMES[data[x87At]!] !== undefined) x87At++;
  if (bitness === 64 && (data[x87At] ?? 0) >= 0x40 && (data[x87At] ?? 0) <= 0x4f) x87At++;
  if (data[off] === 0x9b && (data[x87At] ?? 0) >= 0xd8 && (data[x87At] ?? 0) <= 0xdf) {
    const inner = decodeObjdumpStyle(decoder, data, off + 1, bitness, base);
    if (inner.valid) {
      const [first, ...rest] = inner.text.split(' ');
      const renamed = WAIT_FORMS[first!];
      const text = renamed ? joinMnemonic(renamed, rest.join(' ').trim()).trimEnd().replace(/\(287\s+only\)/, '(287 only)') : inner.text;
      return { ...inner, ip, length: inner.length + 1, bytes: Uint8Array.from(data.subarray(off, off + inner.length + 1)), text };
    }
  }
  decoder.position = off;
  decoder.ip = ip;
  const instr = decoder.decode();
  try {
    if (instr.code === Code.Ud0) {
      // AMD's one-byte-shorter ud0; objdump decodes the ModRM form, so retry the Intel way.
      const strict = new Decoder(bitness, data.subarray(off, Math.min(data.length, off + 15)), DecoderOptions.NoInvalidCheck);
      strict.ip = ip;
      const again = strict.decode();
      try {
        if (again.isInvalid) return plain(1, strict.lastError === DecoderError.NoMoreBytes ? loneByteText(data[off]!, bitness) : '(bad)');
        return toDecoded(again, Uint8Array.from(data.subarray(off, off + again.length)), bitness, DecoderOptions.NoInvalidCheck);
      } finally {
        again.free();
        strict.free();
      }
    }
    if (instr.isInvalid) {
      return plain(1, decoder.lastError === DecoderError.NoMoreBytes ? loneByteText(data[off]!, bitness) : '(bad)');
    }
    return toDecoded(instr, Uint8Array.from(data.subarray(off, off + instr.length)), bitness, OBJDUMP_DECODER_OPTIONS);
  } finally {
    instr.free();
  }
}

/** Decode every instruction of a code block that starts at `ip`, split as objdump splits it. */
export function decodeAll(bytes: Uint8Array, bitness: Bitness, ip: bigint): DecodedInstruction[] {
  const out: DecodedInstruction[] = [];
  if (bytes.length === 0) return out;
  const decoder = new Decoder(bitness, bytes, OBJDUMP_DECODER_OPTIONS);
  try {
    for (let off = 0; off < bytes.length;) {
      const insn = decodeObjdumpStyle(decoder, bytes, off, bitness, ip);
      out.push(insn);
      off += insn.length;
    }
  } finally {
    decoder.free();
  }
  return out;
}
