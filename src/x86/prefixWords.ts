// objdump names prefixes an instruction does not use (`data16`, `addr32`, `rex.W`, `cs` in 64-bit
// code) as words before the mnemonic. Whether a prefix is used is found by probing: decode the bytes
// without it (or with the REX bit cleared) and see whether iced's text changes.
import { Code, Decoder, DecoderOptions, OpKind, Register, type Instruction } from './icedModule.js';
import type { Bitness } from './decode.js';
import type { EncodingInfo } from './encodingInfo.js';
import { FAR_INDIRECT, LOOPS, SEGMENT_PREFIX_BYTES, STRING_CODES } from './formatTables.js';
import { gasFormatter } from './iced.js';

/** iced's own GNU text for `bytes` decoded at `ip`, or null when they do not decode to one whole instruction. */
function icedText(bytes: Uint8Array, bitness: Bitness, ip: bigint, options: number): string | null {
  const decoder = new Decoder(bitness, bytes, options | DecoderOptions.NoInvalidCheck);
  decoder.ip = ip;
  const instr = decoder.decode();
  try {
    if (instr.isInvalid || instr.length !== bytes.length) return null;
    return gasFormatter().format(instr);
  } finally {
    instr.free();
    decoder.free();
  }
}

function withoutByte(bytes: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(bytes.length - 1);
  out.set(bytes.subarray(0, index));
  out.set(bytes.subarray(index + 1), index);
  return out;
}

// The words depend only on the bytes, the mode and the decoded form (the probes re-decode at a matching ip), and code
// repeats the same encodings a lot, so they are cached.
const prefixWordCache = new Map<string, string[]>();

export function cachedPrefixWords(instr: Instruction, bytes: Uint8Array, bitness: Bitness, enc: EncodingInfo, options: number): string[] {
  if (enc.prefixes.length === 0 && enc.rex === 0) return [];
  // The opcode form is part of the key: the same bytes decode differently AMD-style and Intel-style.
  let key = `${bitness}:${options}:${instr.code}:`;
  for (const b of bytes) key += String.fromCharCode(b);
  const hit = prefixWordCache.get(key);
  if (hit) return [...hit];
  const words = unusedPrefixWords(instr, bytes, bitness, enc, options);
  if (prefixWordCache.size >= 100_000) prefixWordCache.clear();
  prefixWordCache.set(key, words);
  return [...words];
}

/** objdump's words for prefixes the instruction does not use (`data16`, `cs`, `rex.W`), in byte order. */
function unusedPrefixWords(instr: Instruction, bytes: Uint8Array, bitness: Bitness, enc: EncodingInfo, options: number): string[] {
  const words: string[] = [];
  if (enc.prefixes.length === 0 && enc.rex === 0) return words;
  const original = gasFormatter().format(instr);
  const ip = instr.ip;
  let unused66 = 0;
  const n66 = enc.prefixes.filter((p) => p === 0x66).length;
  if (n66 > 0) {
    let stripped = bytes;
    for (let k = 0; k < n66; k++) stripped = withoutByte(stripped, stripped.indexOf(0x66));
    unused66 = icedText(stripped, bitness, ip + BigInt(n66), options) === original ? n66 : n66 - 1;
  }
  const n67 = enc.prefixes.filter((p) => p === 0x67).length;
  let unused67 = 0;
  // Address size matters to anything with a memory operand or an implicit (%rsi)/(%rdi)/%rcx use.
  const addressSized = [0, 1, 2, 3, 4].some((k) => k < instr.opCount && instr.opKind(k) === OpKind.Memory)
    || STRING_CODES.has(instr.code) || LOOPS.has(instr.mnemonic);
  if (n67 > 0 && addressSized) unused67 = n67 - 1;
  else if (n67 > 0) {
    let stripped = bytes;
    for (let k = 0; k < n67; k++) stripped = withoutByte(stripped, stripped.indexOf(0x67));
    unused67 = icedText(stripped, bitness, ip + BigInt(n67), options) === original ? n67 : n67 - 1;
  }
  // String instructions reading through %ds:(%rsi) show an override on that operand, never as a word.
  const operandsNameSegment = /%(es|cs|ss|ds):/.test(gasFormatter().formatAllOperands(instr)) && !STRING_CODES.has(instr.code);
  const lastSegment = [...enc.prefixes].reverse().find((p) => SEGMENT_PREFIX_BYTES.has(p));
  for (const p of enc.prefixes) {
    if (p === 0x66 && unused66 > 0) { words.push('data16'); unused66--; }
    if (p === 0x67 && unused67 > 0) { words.push(bitness === 32 ? 'addr16' : 'addr32'); unused67--; }
    // In 64-bit mode es/cs/ss/ds overrides have no effect; objdump names them as prefixes.
    if (bitness === 64 && p === lastSegment && (p === 0x26 || p === 0x2e || p === 0x36 || p === 0x3e) && instr.segmentPrefix !== Register.None && operandsNameSegment) {
      words.push(SEGMENT_PREFIX_BYTES.get(p)!);
    }
  }
  if (enc.rex !== 0) {
    let unused = false;
    if (enc.rex === 0x40) {
      unused = icedText(withoutByte(bytes, enc.rexIndex), bitness, ip + 1n, options) === original;
    } else {
      for (const bit of [8, 4, 2, 1]) {
        if ((enc.rex & bit) === 0) continue;
        const changed = Uint8Array.from(bytes); // a copy (Buffer.slice would be a view)
        changed[enc.rexIndex] = enc.rex & ~bit;
        const text = icedText(changed, bitness, ip, options);
        // Far indirect jumps/calls ignore REX.W in objdump's (AMD64) view.
        // A SIB byte without a base still consults REX.B, so objdump counts it as used.
        if (bit === 1 && ((enc.sib && enc.sib.mod === 0 && enc.sib.base === 5) || (enc.modrm >= 0 && (enc.modrm & 0xc7) === 0x05))) continue;
        if (text === original || (bit === 8 && FAR_INDIRECT.has(instr.code))) { unused = true; break; }
      }
    }
    if (instr.code === Code.Nopq) unused = true;
    if (unused) {
      const flags = `${enc.rex & 8 ? 'W' : ''}${enc.rex & 4 ? 'R' : ''}${enc.rex & 2 ? 'X' : ''}${enc.rex & 1 ? 'B' : ''}`;
      words.push(flags ? `rex.${flags}` : 'rex');
    }
  }
  return words;
}

const PREFIX_WORD_BYTES: Record<string, number[]> = {
  data16: [0x66], addr32: [0x67], addr16: [0x67], lock: [0xf0], rep: [0xf3], repz: [0xf3], repe: [0xf3], repnz: [0xf2], repne: [0xf2],
  bnd: [0xf2], xacquire: [0xf2], xrelease: [0xf3], notrack: [0x3e], es: [0x26], cs: [0x2e], ss: [0x36], ds: [0x3e], fs: [0x64], gs: [0x65],
};

/** objdump prints prefix names in the order their bytes appear; the mnemonic (last word) stays last. */
export function orderPrefixWords(parts: string[], bytes: Uint8Array, enc: EncodingInfo): string {
  const mnemonic = parts[parts.length - 1]!;
  const prefixes = parts.slice(0, -1);
  if (prefixes.length < 2) return parts.join(' ');
  const used = new Set<number>();
  const pos = (w: string): number => {
    if (w.startsWith('rex')) return enc.rexIndex;
    for (const b of PREFIX_WORD_BYTES[w] ?? []) {
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === b && !used.has(i)) { used.add(i); return i; }
    }
    return 100;
  };
  const keyed = prefixes.map((w, k) => ({ w, p: pos(w), k }));
  keyed.sort((a, b) => a.p - b.p || a.k - b.k);
  return [...keyed.map((x) => x.w), mnemonic].join(' ');
}

