// An `objdump -d` listing of an ELF file: the same sections, labels, zero-skipping and column layout
// as GNU objdump 2.40, with instruction text from the x86 layer.
import { createObjdumpDecoder, decodeObjdumpStyle, findSymbol, formatAtt, offsetText, sortSymbols, type SymbolInfo } from '../x86/index.js';
import { ET_REL, SHF_EXECINSTR, SHT_NOBITS } from './elfConstants.js';
import type { ElfFile, ElfSection } from './readElf.js';

const BYTES_PER_LINE = 7; // objdump's insn_width for x86
const SKIP_ZEROES = 8;
const SKIP_ZEROES_AT_END = 3;

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
export function listSection(elf: ElfFile, sec: ElfSection, symbols: SymbolInfo[]): string {
  const sorted = sortSymbols(symbols, sec.name);
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
  const decoder = createObjdumpDecoder(bits, data, start);
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
        const insn = decodeObjdumpStyle(decoder, data, off, bits, start);
        const length = insn.length;
        const text = insn.valid ? formatAtt(insn, sorted.length ? symbolize : undefined) : insn.text;
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
  // objdump names dynamic symbols with their version: defined ones name@@VER (name@VER when hidden).
  const symbols = elf.symbols.length ? elf.symbols : elf.dynamicSymbols.map((s) => (
    s.version !== undefined && s.shndx !== 0 ? { ...s, name: `${s.name}${s.versionHidden ? '@' : '@@'}${s.version}` } : s));
  let text = `\n${displayName}:     file format ${objdumpFormatName(elf)}\n\n`;
  for (const sec of elf.sections) {
    if ((sec.flags & SHF_EXECINSTR) === 0 || sec.type === SHT_NOBITS || sec.size === 0) continue;
    text += listSection(elf, sec, symbols);
  }
  return text;
}
