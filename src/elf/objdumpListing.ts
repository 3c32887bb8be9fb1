// An `objdump -d` listing of an ELF file: the same sections, labels, zero-skipping and column layout
// as GNU objdump 2.40, with instruction text from the x86 layer.
import { Decoder, DecoderError, DecoderOptions } from 'iced-x86';
import { findSymbol, formatAtt, offsetText, sortSymbols, toDecoded, type Bitness, type SymbolInfo } from '../x86/index.js';
import { ET_REL, SHF_EXECINSTR, SHT_NOBITS } from './elfConstants.js';
import type { ElfFile, ElfSection } from './readElf.js';

const BYTES_PER_LINE = 7; // objdump's insn_width for x86
const SKIP_ZEROES = 8;
const SKIP_ZEROES_AT_END = 3;

const PREFIX_NAMES: Record<number, string> = {
  0x26: 'es', 0x2e: 'cs', 0x36: 'ss', 0x3e: 'ds', 0x64: 'fs', 0x65: 'gs', 0x66: 'data16', 0xf0: 'lock', 0xf2: 'repnz', 0xf3: 'repz',
};

/** The text objdump prints for a lone byte that does not start a complete instruction. */
function loneByteText(b: number, bits: Bitness): string {
  if (bits === 64 && b >= 0x40 && b <= 0x4f) {
    const flags = `${b & 8 ? 'W' : ''}${b & 4 ? 'R' : ''}${b & 2 ? 'X' : ''}${b & 1 ? 'B' : ''}`;
    return flags ? `rex.${flags}` : 'rex';
  }
  if (b === 0x67) return bits === 64 ? 'addr32' : 'addr16';
  return PREFIX_NAMES[b] ?? `.byte 0x${b.toString(16)}`;
}

/** objdump's file-format name for the header line. */
export function objdumpFormatName(elf: ElfFile): string {
  return elf.bits === 64 ? 'elf64-x86-64' : 'elf32-i386';
}

function addressFormatter(bits: 32 | 64, sectionEnd: bigint): (addr: bigint) => string {
  const digits = bits === 64 ? 16 : 8;
  const endText = sectionEnd.toString(16).padStart(digits, '0');
  let skip = 0;
  while (endText[skip] === '0') skip++;
  if (skip === endText.length && sectionEnd !== 0n) skip = 0;
  if (skip !== 0) skip = (skip - 1) & -4;
  return (addr: bigint): string => {
    const s = addr.toString(16).padStart(digits, '0').slice(skip);
    const trimmed = s.replace(/^0+/, '');
    return trimmed === '' ? ' '.repeat(s.length - 1) + '0' : trimmed.padStart(s.length, ' ');
  };
}

function hexBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0') + ' ';
  return s;
}

/** The listing for one executable section, starting with its "Disassembly of section" header. */
export function listSection(elf: ElfFile, sec: ElfSection, sorted: SymbolInfo[]): string {
  const bits = elf.bits;
  const start = sec.addr;
  const end = start + BigInt(sec.size);
  const range = { name: sec.name, addr: start, size: sec.size };
  const relocatable = elf.type === ET_REL;
  const fmtAddr = addressFormatter(bits, end);
  const symbolize = (addr: bigint): string | null => {
    const sym = findSymbol(sorted, addr, { relocatable, section: range });
    return sym ? offsetText(sym.name, addr - sym.value) : offsetText(sec.name, addr - start);
  };
  const sectionSyms = sorted.filter((s) => s.section === sec.name && s.value >= start && s.value < end);
  const out: string[] = [`\nDisassembly of section ${sec.name}:\n`];
  const data = sec.data;
  // objdump decodes like an AMD64 CPU (66 honoured on near branches) and shows `lock nop`-style encodings.
  const decoder = new Decoder(bits, data, DecoderOptions.AMD | DecoderOptions.NoInvalidCheck);
  try {
    let off = 0;
    while (off < data.length) {
      const addr = start + BigInt(off);
      const label = findSymbol(sorted, addr, { section: range, requireSection: true });
      out.push(`\n${addr.toString(16).padStart(bits === 64 ? 16 : 8, '0')} <${label ? offsetText(label.name, addr - label.value) : offsetText(sec.name, addr - start)}>:\n`);
      const next = sectionSyms.find((s) => s.value > addr);
      const stop = next ? Number(next.value - start) : data.length;
      while (off < stop) {
        let z = off;
        while (z < stop && data[z] === 0) z++;
        if (z - off >= SKIP_ZEROES || (z === stop && z - off < SKIP_ZEROES_AT_END)) {
          if (z !== stop) z = off + ((z - off) & ~3);
          out.push('\t...\n');
          off = z;
          continue;
        }
        const ip = start + BigInt(off);
        decoder.position = off;
        decoder.ip = ip;
        const instr = decoder.decode();
        let length: number;
        let text: string;
        try {
          if (instr.isInvalid) {
            length = 1;
            text = decoder.lastError === DecoderError.NoMoreBytes ? loneByteText(data[off]!, bits) : '(bad)';
          } else {
            length = instr.length;
            text = formatAtt(toDecoded(instr, data.subarray(off, off + length), bits), symbolize);
          }
        } finally {
          instr.free();
        }
        const bytes = data.subarray(off, off + length);
        const first = hexBytes(bytes.subarray(0, BYTES_PER_LINE));
        out.push(`${fmtAddr(ip)}:\t${first.padEnd(BYTES_PER_LINE * 3)}\t${text}\n`);
        for (let k = BYTES_PER_LINE; k < length; k += BYTES_PER_LINE) {
          out.push(`${fmtAddr(ip + BigInt(k))}:\t${hexBytes(bytes.subarray(k, k + BYTES_PER_LINE))}\n`);
        }
        off += length;
      }
    }
  } finally {
    decoder.free();
  }
  return out.join('');
}

/** The whole `objdump -d FILE` output for an x86 ELF file (`displayName` is FILE as typed). */
export function objdumpListing(elf: ElfFile, displayName: string): string {
  const sorted = sortSymbols(elf.symbols.length ? elf.symbols : elf.dynamicSymbols);
  let text = `\n${displayName}:     file format ${objdumpFormatName(elf)}\n\n`;
  for (const sec of elf.sections) {
    if ((sec.flags & SHF_EXECINSTR) === 0 || sec.type === SHT_NOBITS || sec.size === 0) continue;
    text += listSection(elf, sec, sorted);
  }
  return text;
}
