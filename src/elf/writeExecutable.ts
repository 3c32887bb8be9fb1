// Write a static ET_EXEC file the way GNU ld lays one out: headers in their own read-only page,
// one PT_LOAD per run of sections with the same permissions, file offsets congruent to addresses.
import { ElfError } from './ElfError.js';
import {
  ET_EXEC, PAGE_SIZE, PF_R, PF_W, PF_X, PT_LOAD, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHN_ABS, SHT_NOBITS,
  SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STT_FILE, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION,
} from './elfConstants.js';
import { alignUp, ehdrSize, ElfBuffer, phdrSize, shdrSize, StringTable, symSize, type ProgramHeader, type SectionHeader } from './elfLayout.js';

export interface SectionFlags {
  alloc: boolean;
  write: boolean;
  exec: boolean;
}

export interface OutputSection {
  name: string;
  addr: bigint;
  /** The contents; ignored (may be empty) for nobits sections. */
  data: Uint8Array;
  /** Size in memory (for nobits sections the only size there is). */
  size: number;
  flags: SectionFlags;
  nobits?: boolean;
  align: number;
}

export type SymbolType = 'func' | 'object' | 'notype' | 'section' | 'file';

export interface OutputSymbol {
  name: string;
  value: bigint;
  size: number;
  type: SymbolType;
  bind: 'local' | 'global';
  /** The defining section's name, or null for an absolute symbol. */
  section: string | null;
}

export interface ExecutableSpec {
  bits: 32 | 64;
  entry: bigint;
  sections: OutputSection[];
  symbols: OutputSymbol[];
  /** Address of the read-only page holding the ELF and program headers; default: the page below the first section. */
  headerAddr?: bigint;
}

export const SYMBOL_TYPE_CODES: Record<SymbolType, number> = {
  notype: STT_NOTYPE, object: STT_OBJECT, func: STT_FUNC, section: STT_SECTION, file: STT_FILE,
};

export function sectionHeaderFlags(f: SectionFlags): number {
  return (f.alloc ? SHF_ALLOC : 0) | (f.write ? SHF_WRITE : 0) | (f.exec ? SHF_EXECINSTR : 0);
}

interface Segment {
  flags: number;
  vaddr: bigint;
  offset: number;
  filesz: number;
  memsz: number;
  sections: OutputSection[];
}

/** Build the bytes of a static executable (ET_EXEC) from placed sections and symbols. */
export function writeExecutable(spec: ExecutableSpec): Uint8Array {
  const { bits } = spec;
  const page = BigInt(PAGE_SIZE);
  const alloc = spec.sections.filter((s) => s.flags.alloc).sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  const nonAlloc = spec.sections.filter((s) => !s.flags.alloc);
  if (alloc.length === 0) throw new ElfError('cannot write an executable without loadable sections');
  for (let i = 1; i < alloc.length; i++) {
    const prev = alloc[i - 1]!;
    if (prev.addr + BigInt(prev.size) > alloc[i]!.addr) throw new ElfError(`sections ${prev.name} and ${alloc[i]!.name} overlap`);
  }

  // Runs of same-permission, address-ordered sections; a nobits section closes its run.
  const segments: Segment[] = [];
  let cur: Segment | null = null;
  let curClosed = false;
  for (const s of alloc) {
    const flags = PF_R | (s.flags.write ? PF_W : 0) | (s.flags.exec ? PF_X : 0);
    const end = s.addr + BigInt(s.size);
    if (!cur || cur.flags !== flags || curClosed || s.addr / page > (cur.vaddr + BigInt(cur.memsz) + page - 1n) / page) {
      cur = { flags, vaddr: s.addr, offset: 0, filesz: 0, memsz: 0, sections: [] };
      segments.push(cur);
      curClosed = false;
    }
    cur.sections.push(s);
    cur.memsz = Number(end - cur.vaddr);
    if (s.nobits) curClosed = true;
    else cur.filesz = cur.memsz;
  }

  const nPh = segments.length + 1;
  const headersSize = ehdrSize(bits) + nPh * phdrSize(bits);
  const headerAddr = spec.headerAddr ?? (alloc[0]!.addr / page) * page - page;
  if (headerAddr < 0n || headerAddr + BigInt(headersSize) > alloc[0]!.addr) {
    throw new ElfError(`no room for the ELF headers below the first section at 0x${alloc[0]!.addr.toString(16)}`);
  }

  // File offsets: each segment starts at the next offset congruent to its address mod the page size.
  let cursor = headersSize;
  for (const seg of segments) {
    const want = Number(seg.vaddr % page);
    seg.offset = cursor + ((want - (cursor % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE);
    cursor = seg.offset + seg.filesz;
  }

  // Section index table: null, allocated sections in address order, the caller's non-alloc ones, then ours.
  const shstr = new StringTable();
  const strtab = new StringTable();
  const outSections = [...alloc, ...nonAlloc];
  const indexOf = new Map<string, number>();
  outSections.forEach((s, i) => { indexOf.set(s.name, i + 1); });
  const symtabIndex = outSections.length + 1;
  const strtabIndex = symtabIndex + 1;
  const shstrtabIndex = symtabIndex + 2;
  const shnum = shstrtabIndex + 1;

  const nonAllocOffsets: number[] = [];
  for (const s of nonAlloc) {
    cursor = alignUp(cursor, Math.max(1, s.align));
    nonAllocOffsets.push(cursor);
    if (!s.nobits) cursor += s.data.length;
  }

  const syms = [...spec.symbols.filter((s) => s.bind === 'local'), ...spec.symbols.filter((s) => s.bind !== 'local')];
  const firstGlobal = 1 + syms.filter((s) => s.bind === 'local').length;
  const symNames = syms.map((s) => (s.type === 'section' ? 0 : strtab.add(s.name)));
  const symOff = alignUp(cursor, bits === 64 ? 8 : 4);
  const symtabSize = (syms.length + 1) * symSize(bits);
  const strOff = symOff + symtabSize;
  const strBytes = strtab.bytes();
  const shstrOff = strOff + strBytes.length;
  const shNames = outSections.map((s) => shstr.add(s.name));
  const symtabName = shstr.add('.symtab');
  const strtabName = shstr.add('.strtab');
  const shstrtabName = shstr.add('.shstrtab');
  const shstrBytes = shstr.bytes();
  const shoff = alignUp(shstrOff + shstrBytes.length, 8);
  const total = shoff + shnum * shdrSize(bits);

  const out = new ElfBuffer(total, bits);
  out.writeEhdr({ type: ET_EXEC, entry: spec.entry, phoff: ehdrSize(bits), shoff, phnum: nPh, shnum, shstrndx: shstrtabIndex });
  const phdrs: ProgramHeader[] = [
    { type: PT_LOAD, flags: PF_R, offset: 0, vaddr: headerAddr, filesz: headersSize, memsz: headersSize, align: PAGE_SIZE },
    ...segments.map((s) => ({ type: PT_LOAD, flags: s.flags, offset: s.offset, vaddr: s.vaddr, filesz: s.filesz, memsz: s.memsz, align: PAGE_SIZE })),
  ];
  phdrs.forEach((p, i) => { out.writePhdr(ehdrSize(bits) + i * phdrSize(bits), p); });

  const headers: SectionHeader[] = [{ name: 0, type: 0, flags: 0, addr: 0n, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 }];
  for (const seg of segments) {
    for (const s of seg.sections) {
      const offset = seg.offset + Number(s.addr - seg.vaddr);
      if (!s.nobits) {
        if (s.data.length > s.size) throw new ElfError(`section ${s.name} has ${s.data.length} bytes but size ${s.size}`);
        out.set(offset, s.data);
      }
      headers.push({
        name: shNames[headers.length - 1]!, type: s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags: sectionHeaderFlags(s.flags),
        addr: s.addr, offset, size: s.size, link: 0, info: 0, align: s.align, entsize: 0,
      });
    }
  }
  nonAlloc.forEach((s, i) => {
    if (!s.nobits) out.set(nonAllocOffsets[i]!, s.data);
    headers.push({
      name: shNames[headers.length - 1]!, type: s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags: sectionHeaderFlags(s.flags),
      addr: s.addr, offset: nonAllocOffsets[i]!, size: s.nobits ? s.size : s.data.length, link: 0, info: 0, align: s.align, entsize: 0,
    });
  });

  syms.forEach((s, i) => {
    let shndx = SHN_ABS;
    if (s.section !== null) {
      const idx = indexOf.get(s.section);
      if (idx === undefined) throw new ElfError(`symbol ${s.name} refers to unknown section ${s.section}`);
      shndx = idx;
    }
    const bind = s.bind === 'local' ? STB_LOCAL : STB_GLOBAL;
    out.writeSym(symOff + (i + 1) * symSize(bits), {
      name: symNames[i]!, value: s.value, size: s.size, info: (bind << 4) | SYMBOL_TYPE_CODES[s.type], other: 0, shndx,
    });
  });
  out.set(strOff, strBytes);
  out.set(shstrOff, shstrBytes);
  headers.push({ name: symtabName, type: SHT_SYMTAB, flags: 0, addr: 0n, offset: symOff, size: symtabSize, link: strtabIndex, info: firstGlobal, align: bits === 64 ? 8 : 4, entsize: symSize(bits) });
  headers.push({ name: strtabName, type: SHT_STRTAB, flags: 0, addr: 0n, offset: strOff, size: strBytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  headers.push({ name: shstrtabName, type: SHT_STRTAB, flags: 0, addr: 0n, offset: shstrOff, size: shstrBytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  headers.forEach((h, i) => { out.writeShdr(shoff + i * shdrSize(bits), h); });
  return out.bytes;
}
