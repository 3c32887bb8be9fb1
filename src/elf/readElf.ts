// Parse ELF32/ELF64 little-endian x86 files into plain data, rejecting bad input with one-line reasons.
import { ElfError } from './ElfError.js';
import {
  DT_NEEDED, ELFCLASS32, ELFCLASS64, ELFDATA2LSB, EM_386, EM_X86_64, ET_CORE, ET_DYN, ET_EXEC, ET_REL,
  PT_DYNAMIC, PT_INTERP, SHT_DYNAMIC, SHT_DYNSYM, SHT_GNU_VERDEF, SHT_GNU_VERNEED, SHT_GNU_VERSYM, SHT_NOBITS, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL,
  STB_WEAK, STT_FILE, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION,
} from './elfConstants.js';

export interface ElfProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  paddr: bigint;
  filesz: number;
  memsz: number;
  align: number;
}

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
  /** The section's bytes in the file (empty for SHT_NOBITS). */
  data: Uint8Array;
}

export type ElfSymbolType = 'notype' | 'object' | 'func' | 'section' | 'file' | 'other';
export type ElfSymbolBind = 'local' | 'global' | 'weak' | 'other';

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: number;
  type: ElfSymbolType;
  bind: ElfSymbolBind;
  /** st_shndx: 0 undefined, 0xfff1 absolute, otherwise a section index. */
  shndx: number;
  /** The defining section's name, or null for undefined/absolute symbols. */
  section: string | null;
  /** Dynamic symbols of a versioned file: the version name ('Base' for the file's own base version). */
  version?: string;
  /** The version is hidden (st_other of .gnu.version has bit 15): shown as name@VER, not name@@VER. */
  versionHidden?: boolean;
}

export interface ElfFile {
  bits: 32 | 64;
  machine: number;
  /** e_type: 1 ET_REL, 2 ET_EXEC, 3 ET_DYN, 4 ET_CORE. */
  type: number;
  entry: bigint;
  programHeaders: ElfProgramHeader[];
  sections: ElfSection[];
  symbols: ElfSymbol[];
  dynamicSymbols: ElfSymbol[];
  /** The PT_INTERP path (e.g. /lib64/ld-linux-x86-64.so.2), or null. */
  interp: string | null;
  bytes: Uint8Array;
}

const SYM_TYPES: Record<number, ElfSymbolType> = {
  [STT_NOTYPE]: 'notype', [STT_OBJECT]: 'object', [STT_FUNC]: 'func', [STT_SECTION]: 'section', [STT_FILE]: 'file',
};
const SYM_BINDS: Record<number, ElfSymbolBind> = { [STB_LOCAL]: 'local', [STB_GLOBAL]: 'global', [STB_WEAK]: 'weak' };

/** Parse an x86 ELF file (any type). Throws ElfError: not an ELF file, truncated, unsupported machine. */
export function readElf(bytes: Uint8Array): ElfFile {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file (bad magic number)');
  }
  if (bytes.length < 16) throw new ElfError(`truncated ELF file (${bytes.length} bytes)`);
  const cls = bytes[4];
  if (cls !== ELFCLASS32 && cls !== ELFCLASS64) throw new ElfError(`not an ELF file (bad class ${cls})`);
  if (bytes[5] !== ELFDATA2LSB) throw new ElfError('unsupported ELF file: big-endian data');
  const bits: 32 | 64 = cls === ELFCLASS64 ? 64 : 32;
  const ehsize = bits === 64 ? 64 : 52;
  if (bytes.length < ehsize) throw new ElfError(`truncated ELF file (${bytes.length} bytes, the ELF header needs ${ehsize})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number): number => dv.getUint16(o, true);
  const u32 = (o: number): number => dv.getUint32(o, true);
  const u64 = (o: number): bigint => dv.getBigUint64(o, true);
  const addr = (o: number): bigint => (bits === 64 ? u64(o) : BigInt(u32(o)));
  const word = (o: number): number => (bits === 64 ? Number(u64(o)) : u32(o));

  const type = u16(16);
  const machine = u16(18);
  if (machine !== EM_386 && machine !== EM_X86_64) {
    throw new ElfError(`unsupported machine ${machineName(machine)} (only i386 and x86-64)`);
  }
  if (bits === 64 && machine !== EM_X86_64) throw new ElfError('unsupported machine: 64-bit ELF class with i386 machine');
  if (bits === 32 && machine !== EM_386) throw new ElfError('unsupported machine: 32-bit ELF class with x86-64 machine (x32 is not supported)');
  const entry = addr(24);
  const phoff = bits === 64 ? Number(u64(32)) : u32(28);
  const shoff = bits === 64 ? Number(u64(40)) : u32(32);
  const o = bits === 64 ? 48 : 36;
  const phentsize = u16(o + 6);
  const phnum = u16(o + 8);
  const shentsize = u16(o + 10);
  let shnum = u16(o + 12);
  let shstrndx = u16(o + 14);

  const needPh = bits === 64 ? 56 : 32;
  const needSh = bits === 64 ? 64 : 40;
  if (phnum > 0) {
    if (phentsize < needPh) throw new ElfError(`not an ELF file (bad program header size ${phentsize})`);
    if (phoff + phnum * phentsize > bytes.length) throw new ElfError('truncated ELF file (program headers past the end of the file)');
  }
  const programHeaders: ElfProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    programHeaders.push(bits === 64
      ? { type: u32(p), flags: u32(p + 4), offset: Number(u64(p + 8)), vaddr: u64(p + 16), paddr: u64(p + 24), filesz: Number(u64(p + 32)), memsz: Number(u64(p + 40)), align: Number(u64(p + 48)) }
      : { type: u32(p), offset: u32(p + 4), vaddr: BigInt(u32(p + 8)), paddr: BigInt(u32(p + 12)), filesz: u32(p + 16), memsz: u32(p + 20), flags: u32(p + 24), align: u32(p + 28) });
  }
  for (const ph of programHeaders) {
    if (ph.filesz > 0 && ph.offset + ph.filesz > bytes.length) throw new ElfError('truncated ELF file (a segment extends past the end of the file)');
  }

  const sections: ElfSection[] = [];
  if (shoff !== 0) {
    if (shentsize < needSh) throw new ElfError(`not an ELF file (bad section header size ${shentsize})`);
    if (shoff + needSh > bytes.length) throw new ElfError('truncated ELF file (section headers past the end of the file)');
    // Extended numbering: the real counts live in section 0.
    if (shnum === 0) shnum = word(shoff + (bits === 64 ? 32 : 20));
    if (shstrndx === 0xffff) shstrndx = u32(shoff + (bits === 64 ? 44 : 28));
    if (shoff + shnum * shentsize > bytes.length) throw new ElfError('truncated ELF file (section headers past the end of the file)');
    for (let i = 0; i < shnum; i++) {
      const s = shoff + i * shentsize;
      const sec = bits === 64
        ? { nameOff: u32(s), type: u32(s + 4), flags: Number(u64(s + 8)), addr: u64(s + 16), offset: Number(u64(s + 24)), size: Number(u64(s + 32)), link: u32(s + 40), info: u32(s + 44), align: Number(u64(s + 48)), entsize: Number(u64(s + 56)) }
        : { nameOff: u32(s), type: u32(s + 4), flags: u32(s + 8), addr: BigInt(u32(s + 12)), offset: u32(s + 16), size: u32(s + 20), link: u32(s + 24), info: u32(s + 28), align: u32(s + 32), entsize: u32(s + 36) };
      const inFile = sec.type !== SHT_NOBITS && sec.type !== 0;
      if (inFile && sec.offset + sec.size > bytes.length) {
        throw new ElfError(`truncated ELF file (section ${i} extends past the end of the file)`);
      }
      const { nameOff, ...rest } = sec;
      sections.push({ index: i, name: String(nameOff), ...rest, data: inFile ? bytes.subarray(sec.offset, sec.offset + sec.size) : new Uint8Array(0) });
    }
    const strtab = sections[shstrndx];
    for (const sec of sections) sec.name = strtab ? cString(strtab.data, Number(sec.name)) : '';
  }

  const readSymbols = (kind: number): ElfSymbol[] => {
    const tab = sections.find((s) => s.type === kind);
    if (!tab) return [];
    const strs = sections[tab.link]?.data ?? new Uint8Array(0);
    const minimum = bits === 64 ? 24 : 16;
    const entsize = tab.entsize || minimum;
    if (entsize < minimum) throw new ElfError(`bad symbol table (${tab.name}): entry size ${entsize}, need ${minimum}`);
    const out: ElfSymbol[] = [];
    const tdv = new DataView(tab.data.buffer, tab.data.byteOffset, tab.data.byteLength);
    for (let off = entsize; off + entsize <= tab.data.length; off += entsize) {
      let name: number, value: bigint, size: number, info: number, shndx: number;
      if (bits === 64) {
        name = tdv.getUint32(off, true); info = tdv.getUint8(off + 4); shndx = tdv.getUint16(off + 6, true);
        value = tdv.getBigUint64(off + 8, true); size = Number(tdv.getBigUint64(off + 16, true));
      } else {
        name = tdv.getUint32(off, true); value = BigInt(tdv.getUint32(off + 4, true)); size = tdv.getUint32(off + 8, true);
        info = tdv.getUint8(off + 12); shndx = tdv.getUint16(off + 14, true);
      }
      const secName = shndx > 0 && shndx < 0xff00 ? sections[shndx]?.name ?? null : null;
      out.push({
        name: cString(strs, name), value, size, type: SYM_TYPES[info & 0xf] ?? 'other', bind: SYM_BINDS[info >> 4] ?? 'other',
        shndx, section: secName,
      });
    }
    return out;
  };

  const dynamicSymbols = readSymbols(SHT_DYNSYM);
  applyVersions(sections, dynamicSymbols);
  const interpPh = programHeaders.find((p) => p.type === PT_INTERP);
  const interp = interpPh ? cString(bytes.subarray(interpPh.offset, interpPh.offset + interpPh.filesz), 0) : null;
  return {
    bits, machine, type, entry, programHeaders, sections, symbols: readSymbols(SHT_SYMTAB), dynamicSymbols, interp, bytes,
  };
}

/** Attach version names from .gnu.version / .gnu.version_d / .gnu.version_r to the dynamic symbols. */
function applyVersions(sections: ElfSection[], dynamicSymbols: ElfSymbol[]): void {
  const versym = sections.find((s) => s.type === SHT_GNU_VERSYM);
  if (!versym) return;
  const names = new Map<number, string>([[1, 'Base']]);
  const str = (sec: ElfSection, off: number): string => cString(sections[sec.link]?.data ?? new Uint8Array(0), off);
  const view = (d: Uint8Array): DataView => new DataView(d.buffer, d.byteOffset, d.byteLength);
  const verdef = sections.find((s) => s.type === SHT_GNU_VERDEF);
  if (verdef) {
    const dv = view(verdef.data);
    for (let off = 0, n = 0; off + 20 <= verdef.data.length && n < 1000; n++) {
      const ndx = dv.getUint16(off + 4, true);
      const flags = dv.getUint16(off + 2, true);
      const aux = off + dv.getUint32(off + 12, true);
      if (aux + 8 <= verdef.data.length && (flags & 1) === 0) names.set(ndx, str(verdef, dv.getUint32(aux, true)));
      const next = dv.getUint32(off + 16, true);
      if (next === 0) break;
      off += next;
    }
  }
  const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
  if (verneed) {
    const dv = view(verneed.data);
    for (let off = 0, n = 0; off + 16 <= verneed.data.length && n < 1000; n++) {
      let aux = off + dv.getUint32(off + 8, true);
      for (let k = 0; k < dv.getUint16(off + 2, true) && aux + 16 <= verneed.data.length && k < 1000; k++) {
        names.set(dv.getUint16(aux + 6, true) & 0x7fff, str(verneed, dv.getUint32(aux + 8, true)));
        const nextAux = dv.getUint32(aux + 12, true);
        if (nextAux === 0) break;
        aux += nextAux;
      }
      const next = dv.getUint32(off + 12, true);
      if (next === 0) break;
      off += next;
    }
  }
  const dv = view(versym.data);
  dynamicSymbols.forEach((sym, i) => {
    const at = 2 * (i + 1);
    if (at + 2 > versym.data.length) return;
    const v = dv.getUint16(at, true);
    const name = names.get(v & 0x7fff);
    if ((v & 0x7fff) >= 1 && name !== undefined) {
      sym.version = name;
      sym.versionHidden = (v & 0x8000) !== 0;
    }
  });
}

/** Throw ElfError unless `elf` is a statically linked executable trapdoor can load. */
export function assertStaticExecutable(elf: ElfFile): void {
  if (elf.interp !== null) throw new ElfError(`dynamically linked (interpreter ${elf.interp}); only static executables can run`);
  if (elf.type === ET_EXEC || elf.type === ET_DYN) {
    const dyn = elf.sections.find((s) => s.type === SHT_DYNAMIC);
    if (dyn && hasNeeded(elf, dyn)) throw new ElfError('dynamically linked (it needs shared libraries); only static executables can run');
  }
  if (elf.type !== ET_EXEC) throw new ElfError(`not an executable (${typeName(elf.type)}); only static ET_EXEC files can run`);
  if (!elf.programHeaders.some((p) => p.type === 1)) throw new ElfError('not an executable (no loadable segment)');
  if (elf.programHeaders.some((p) => p.type === PT_DYNAMIC)) throw new ElfError('dynamically linked (it has a dynamic section)');
}

/**
 * Read a file execve would load (binfmt_elf): ET_EXEC or ET_DYN (PIE, static-pie, the dynamic
 * loader itself) with a loadable segment. Throws ElfError with the reason for anything else.
 */
export function readExecutable(bytes: Uint8Array): ElfFile {
  const elf = readElf(bytes);
  if (elf.type !== ET_EXEC && elf.type !== ET_DYN) throw new ElfError(`not an executable (${typeName(elf.type)})`);
  if (!elf.programHeaders.some((p) => p.type === 1)) throw new ElfError('not an executable (no loadable segment)');
  return elf;
}

/** Read, then check it is a static executable: the loader's one call. */
export function readStaticExecutable(bytes: Uint8Array): ElfFile {
  const elf = readElf(bytes);
  assertStaticExecutable(elf);
  return elf;
}

function hasNeeded(elf: ElfFile, dyn: ElfSection): boolean {
  const step = elf.bits === 64 ? 16 : 8;
  const dv = new DataView(dyn.data.buffer, dyn.data.byteOffset, dyn.data.byteLength);
  for (let off = 0; off + step <= dyn.data.length; off += step) {
    const tag = elf.bits === 64 ? Number(dv.getBigInt64(off, true)) : dv.getInt32(off, true);
    if (tag === 0) break;
    if (tag === DT_NEEDED) return true;
  }
  return false;
}

function typeName(type: number): string {
  switch (type) {
    case ET_REL: return 'a relocatable object file, ET_REL';
    case ET_DYN: return 'a shared object or position-independent executable, ET_DYN';
    case ET_CORE: return 'a core dump, ET_CORE';
    default: return `ELF type ${type}`;
  }
}

export function machineName(machine: number): string {
  const names: Record<number, string> = { 0: 'none', 2: 'SPARC', 3: 'i386', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64', 22: 'S390', 40: 'ARM', 50: 'IA-64', 62: 'x86-64', 183: 'AArch64', 243: 'RISC-V' };
  return names[machine] ? `${names[machine]} (e_machine ${machine})` : `e_machine ${machine}`;
}

function cString(data: Uint8Array, off: number): string {
  if (off >= data.length) return '';
  let end = off;
  while (end < data.length && data[end] !== 0) end++;
  return Buffer.from(data.subarray(off, end)).toString('latin1');
}
