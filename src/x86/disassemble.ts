// Listings: decode a block of code and format each instruction as objdump does.
import { decodeAll, decodeAt, type Bitness, type DecodedInstruction } from './decode.js';
import { formatAtt, type Symbolizer } from './formatAtt.js';

export interface DisassemblyLine {
  ip: bigint;
  bytes: Uint8Array;
  /** objdump's text, with `<sym>` annotations when a symbolizer was given. */
  text: string;
  insn: DecodedInstruction;
}

/** Disassemble `bytes` (code placed at `ip`) into objdump-style lines. */
export function disassemble(bytes: Uint8Array, bitness: Bitness, ip: bigint, symbolize?: Symbolizer): DisassemblyLine[] {
  return decodeAll(bytes, bitness, ip).map((insn) => ({ ip: insn.ip, bytes: insn.bytes, text: formatAtt(insn, symbolize), insn }));
}

/** One instruction's AT&T text with single spaces (`mov %cr0,%rax`), e.g. for "not emulated: <text>". */
export function instructionText(bytes: Uint8Array, bitness: Bitness, ip: bigint, symbolize?: Symbolizer): string {
  if (bytes.length === 0) return '(bad)';
  return formatAtt(decodeAt(bytes, 0, bitness, ip), symbolize).replace(/\s+/g, ' ').trim();
}
