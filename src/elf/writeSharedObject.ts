// Write a small ET_DYN shared object with a dynamic symbol table, as the kernel's vDSO image is:
// one PT_LOAD from address 0 holding the ELF header, the hash tables, .dynsym/.dynstr, symbol
// versions, .dynamic, the notes (PT_NOTE), then the caller's sections at their assembled addresses.
import { createHash } from 'node:crypto';
import { ElfError } from './ElfError.js';
import {
  DT_GNU_HASH, DT_HASH, DT_NULL, DT_SONAME, DT_STRSZ, DT_STRTAB, DT_SYMENT, DT_SYMTAB, DT_VERDEF, DT_VERDEFNUM,
  DT_VERSYM, ET_DYN, gnuHash, NT_GNU_BUILD_ID, PAGE_SIZE, PF_R, PF_W, PF_X, PT_DYNAMIC, PT_GNU_EH_FRAME, PT_LOAD, PT_NOTE, SHT_NOTE, SHF_ALLOC, SHF_WRITE, SHN_ABS,
  SHT_DYNAMIC, SHT_DYNSYM, SHT_GNU_HASH, SHT_GNU_VERDEF, SHT_GNU_VERSYM, SHT_HASH, SHT_NOBITS, SHT_PROGBITS,
  SHT_STRTAB, STB_GLOBAL, STB_WEAK, STT_FUNC, STT_NOTYPE, STT_OBJECT, sysvHash,
} from './elfConstants.js';
import { alignUp, ehdrSize, ElfBuffer, phdrSize, shdrSize, StringTable, symSize, type SectionHeader } from './elfLayout.js';
import { sectionHeaderFlags, type OutputSection } from './writeExecutable.js';

export interface DynamicSymbol {
  name: string;
  value: bigint;
  size: number;
  type: 'func' | 'object' | 'notype';
  /** A version name from versionDefs, e.g. 'LINUX_2.6'. */
  version?: string;
  /** STB_WEAK (the vDSO's plain names, aliases of the __vdso_ ones) or STB_GLOBAL (default). */
  binding?: 'global' | 'weak';
}

/** An ELF note: owner name, type, descriptor bytes. */
export interface ElfNote { name: string; type: number; desc: Uint8Array }

export interface SharedObjectSpec {
  bits: 32 | 64;
  /** The caller's sections, placed at addresses relative to a load base of 0, above sharedObjectHeaderSize(). */
  sections: OutputSection[];
  dynamicSymbols: DynamicSymbol[];
  soname: string;
  /** Version definitions after the base one (the soname), e.g. ['LINUX_2.6'] or ['LINUX_2.5', 'LINUX_2.6']. */
  versionDefs?: string[];
  /** Notes for a .note section and its PT_NOTE (a GNU build ID, as ld --build-id=sha1 computes it, with buildId). */
  notes?: ElfNote[];
  buildId?: boolean;
  /** The caller's section that PT_GNU_EH_FRAME points at (the unwinders' .eh_frame_hdr). */
  ehFrameHdr?: string;
}

const align4 = (n: number): number => (n + 3) & ~3;

/** The .note section's bytes: each note's namesz, descsz, type, then name and descriptor padded to 4. */
function noteBytes(notes: readonly ElfNote[]): Uint8Array {
  const enc = new TextEncoder();
  const size = notes.reduce((n, x) => n + 12 + align4(x.name.length + 1) + align4(x.desc.length), 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let o = 0;
  for (const x of notes) {
    dv.setUint32(o, x.name.length + 1, true); dv.setUint32(o + 4, x.desc.length, true); dv.setUint32(o + 8, x.type, true);
    out.set(enc.encode(x.name), o + 12);
    o += 12 + align4(x.name.length + 1);
    out.set(x.desc, o);
    o += align4(x.desc.length);
  }
  return out;
}

/** The notes with a zeroed GNU build ID appended when asked for (filled in once the file is written). */
function allNotes(spec: Omit<SharedObjectSpec, 'sections'>): ElfNote[] {
  return [...(spec.notes ?? []), ...(spec.buildId ? [{ name: 'GNU', type: NT_GNU_BUILD_ID, desc: new Uint8Array(20) }] : [])];
}

interface Layout {
  order: DynamicSymbol[];
  nbuckets: number;
  bloomSize: number;
  bloomShift: number;
  dynstr: StringTable;
  parts: { name: string; type: number; off: number; size: number; align: number; entsize: number; link: string; info: number }[];
  end: number;
  versioned: boolean;
  notes: Uint8Array;
  phnum: number;
}

const VERDEF_SIZE = 20;
const VERDAUX_SIZE = 8;

function layout(spec: Omit<SharedObjectSpec, 'sections'>): Layout {
  const { bits } = spec;
  const word = bits === 64 ? 8 : 4;
  const versions = spec.versionDefs ?? [];
  const versioned = versions.length > 0;
  const n = spec.dynamicSymbols.length;
  const nbuckets = Math.max(1, n);
  const bloomSize = 1;
  const bloomShift = bits === 64 ? 6 : 5;
  // GNU hash wants the hashed symbols grouped by bucket, so order .dynsym that way.
  const order = [...spec.dynamicSymbols].sort((a, b) => (gnuHash(a.name) % nbuckets) - (gnuHash(b.name) % nbuckets));
  const dynstr = new StringTable();
  for (const s of order) dynstr.add(s.name);
  dynstr.add(spec.soname);
  for (const v of versions) dynstr.add(v);
  const nsyms = n + 1;
  const parts: Layout['parts'] = [];
  const notes = noteBytes(allNotes(spec));
  const phnum = 2 + (notes.length > 0 ? 1 : 0) + (spec.ehFrameHdr ? 1 : 0);
  let off = ehdrSize(bits) + phnum * phdrSize(bits);
  const place = (name: string, type: number, size: number, align: number, entsize: number, link: string, info: number): void => {
    off = alignUp(off, align);
    parts.push({ name, type, off, size, align, entsize, link, info });
    off += size;
  };
  place('.hash', SHT_HASH, 4 * (2 + nbuckets + nsyms), word, 4, '.dynsym', 0);
  place('.gnu.hash', SHT_GNU_HASH, 16 + word * bloomSize + 4 * nbuckets + 4 * n, word, 0, '.dynsym', 0);
  place('.dynsym', SHT_DYNSYM, nsyms * symSize(bits), word, symSize(bits), '.dynstr', 1);
  place('.dynstr', SHT_STRTAB, dynstr.length, 1, 0, '', 0);
  if (versioned) {
    place('.gnu.version', SHT_GNU_VERSYM, 2 * nsyms, 2, 2, '.dynsym', 0);
    place('.gnu.version_d', SHT_GNU_VERDEF, (VERDEF_SIZE + VERDAUX_SIZE) * (versions.length + 1), word, 0, '.dynstr', versions.length + 1);
  }
  const ndyn = 8 + (versioned ? 3 : 0);
  place('.dynamic', SHT_DYNAMIC, ndyn * 2 * word, word, 2 * word, '.dynstr', 0);
  if (notes.length > 0) place('.note', SHT_NOTE, notes.length, 4, 0, '', 0);
  return { order, nbuckets, bloomSize, bloomShift, dynstr, parts, end: off, versioned, notes, phnum };
}

/** Bytes taken by the ELF header and dynamic tables: the caller's sections must start at or above this. */
export function sharedObjectHeaderSize(spec: Omit<SharedObjectSpec, 'sections'>): number {
  return layout(spec).end;
}

/** Build the bytes of an ET_DYN shared object (the vDSO image) exporting `dynamicSymbols`. */
export function writeSharedObject(spec: SharedObjectSpec): Uint8Array {
  const { bits } = spec;
  const L = layout(spec);
  const word = bits === 64 ? 8 : 4;
  const versions = spec.versionDefs ?? [];
  const secs = [...spec.sections].sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  let last = L.end;
  for (const s of secs) {
    if (s.addr < BigInt(last)) {
      throw new ElfError(`shared object section ${s.name} at 0x${s.addr.toString(16)} overlaps the dynamic tables or the previous section (start it at or above 0x${last.toString(16)})`);
    }
    last = Number(s.addr) + s.size;
  }
  const fileEnd = secs.reduce((m, s) => Math.max(m, Number(s.addr) + (s.nobits ? 0 : s.size)), L.end);
  const memEnd = secs.reduce((m, s) => Math.max(m, Number(s.addr) + s.size), L.end);

  const shstr = new StringTable();
  const names = [...L.parts.map((p) => p.name), ...secs.map((s) => s.name), '.shstrtab'];
  const nameOffs = names.map((n) => shstr.add(n));
  const shstrBytes = shstr.bytes();
  const shstrOff = fileEnd;
  const shoff = alignUp(shstrOff + shstrBytes.length, 8);
  const shnum = names.length + 1;
  const out = new ElfBuffer(shoff + shnum * shdrSize(bits), bits);
  const part = (name: string) => L.parts.find((p) => p.name === name)!;
  const indexOfPart = (name: string): number => (name ? names.indexOf(name) + 1 : 0);

  // Which of the caller's sections holds a symbol decides its st_shndx.
  const shndxOf = (v: bigint): number => {
    const i = secs.findIndex((s) => v >= s.addr && v < s.addr + BigInt(Math.max(1, s.size)));
    return i < 0 ? SHN_ABS : L.parts.length + 1 + i;
  };
  const segFlags = PF_R | (secs.some((s) => s.flags.exec) ? PF_X : 0) | (secs.some((s) => s.flags.write) ? PF_W : 0);
  out.writeEhdr({ type: ET_DYN, entry: 0n, phoff: ehdrSize(bits), shoff, phnum: L.phnum, shnum, shstrndx: shnum - 1 });
  const dyn = part('.dynamic');
  out.writePhdr(ehdrSize(bits), { type: PT_LOAD, flags: segFlags, offset: 0, vaddr: 0n, filesz: fileEnd, memsz: memEnd, align: PAGE_SIZE });
  out.writePhdr(ehdrSize(bits) + phdrSize(bits), { type: PT_DYNAMIC, flags: PF_R, offset: dyn.off, vaddr: BigInt(dyn.off), filesz: dyn.size, memsz: dyn.size, align: word });
  if (L.notes.length > 0) {
    const note = part('.note');
    out.writePhdr(ehdrSize(bits) + 2 * phdrSize(bits), { type: PT_NOTE, flags: PF_R, offset: note.off, vaddr: BigInt(note.off), filesz: note.size, memsz: note.size, align: 4 });
    out.set(note.off, L.notes);
  }
  if (spec.ehFrameHdr) {
    const eh = secs.find((s) => s.name === spec.ehFrameHdr);
    if (!eh) throw new ElfError(`no section ${spec.ehFrameHdr} for PT_GNU_EH_FRAME`);
    out.writePhdr(ehdrSize(bits) + (L.phnum - 1) * phdrSize(bits), { type: PT_GNU_EH_FRAME, flags: PF_R, offset: Number(eh.addr), vaddr: eh.addr, filesz: eh.size, memsz: eh.size, align: 4 });
  }

  // .dynsym (index 0 is the null symbol)
  const dynsym = part('.dynsym');
  L.order.forEach((s, i) => {
    const type = s.type === 'func' ? STT_FUNC : s.type === 'object' ? STT_OBJECT : STT_NOTYPE;
    out.writeSym(dynsym.off + (i + 1) * symSize(bits), {
      name: L.dynstr.add(s.name), value: s.value, size: s.size, info: ((s.binding === 'weak' ? STB_WEAK : STB_GLOBAL) << 4) | type, other: 0, shndx: shndxOf(s.value),
    });
  });
  out.set(part('.dynstr').off, L.dynstr.bytes());

  // .hash: nbucket, nchain, buckets, chains (SysV)
  {
    const h = part('.hash').off;
    const nsyms = L.order.length + 1;
    out.u32(h, L.nbuckets);
    out.u32(h + 4, nsyms);
    const buckets = new Array<number>(L.nbuckets).fill(0);
    const chains = new Array<number>(nsyms).fill(0);
    L.order.forEach((s, i) => {
      const b = sysvHash(s.name) % L.nbuckets;
      chains[i + 1] = buckets[b]!;
      buckets[b] = i + 1;
    });
    buckets.forEach((v, i) => { out.u32(h + 8 + 4 * i, v); });
    chains.forEach((v, i) => { out.u32(h + 8 + 4 * L.nbuckets + 4 * i, v); });
  }

  // .gnu.hash: header, bloom filter, buckets (first symbol index per bucket), hash chain values
  {
    const g = part('.gnu.hash').off;
    const symoffset = 1;
    out.u32(g, L.nbuckets);
    out.u32(g + 4, symoffset);
    out.u32(g + 8, L.bloomSize);
    out.u32(g + 12, L.bloomShift);
    const C = BigInt(bits);
    const bloom = new Array<bigint>(L.bloomSize).fill(0n);
    const hashes = L.order.map((s) => gnuHash(s.name));
    for (const h of hashes) {
      const w = Math.floor(h / bits) % L.bloomSize;
      bloom[w] = bloom[w]! | (1n << (BigInt(h) % C)) | (1n << (BigInt(h >>> L.bloomShift) % C));
    }
    let p = g + 16;
    for (const b of bloom) p = out.word(p, b);
    const buckets = new Array<number>(L.nbuckets).fill(0);
    hashes.forEach((h, i) => {
      const b = h % L.nbuckets;
      if (buckets[b] === 0) buckets[b] = i + symoffset;
    });
    buckets.forEach((v) => { out.u32(p, v); p += 4; });
    hashes.forEach((h, i) => {
      const endOfChain = i + 1 === hashes.length || hashes[i + 1]! % L.nbuckets !== h % L.nbuckets;
      out.u32(p, endOfChain ? (h | 1) >>> 0 : (h & ~1) >>> 0);
      p += 4;
    });
  }

  if (L.versioned) {
    const vs = part('.gnu.version').off;
    out.u16(vs, 0);
    L.order.forEach((s, i) => {
      let ndx = 1;
      if (s.version !== undefined) {
        const k = versions.indexOf(s.version);
        if (k < 0) throw new ElfError(`symbol ${s.name} has version ${s.version}, which is not among the version definitions`);
        ndx = k + 2;
      }
      out.u16(vs + 2 * (i + 1), ndx);
    });
    const vd = part('.gnu.version_d').off;
    const all = [spec.soname, ...versions];
    all.forEach((name, i) => {
      const o = vd + i * (VERDEF_SIZE + VERDAUX_SIZE);
      out.u16(o, 1); // vd_version
      out.u16(o + 2, i === 0 ? 1 : 0); // VER_FLG_BASE on the file's own definition
      out.u16(o + 4, i + 1);
      out.u16(o + 6, 1);
      out.u32(o + 8, sysvHash(name));
      out.u32(o + 12, VERDEF_SIZE);
      out.u32(o + 16, i + 1 < all.length ? VERDEF_SIZE + VERDAUX_SIZE : 0);
      out.u32(o + 20, L.dynstr.add(name));
      out.u32(o + 24, 0);
    });
  } else if (spec.dynamicSymbols.some((s) => s.version !== undefined)) {
    throw new ElfError('symbol versions given without versionDefs');
  }

  // .dynamic
  {
    const entries: [number, number][] = [
      [DT_SONAME, L.dynstr.add(spec.soname)], [DT_HASH, part('.hash').off], [DT_GNU_HASH, part('.gnu.hash').off],
      [DT_STRTAB, part('.dynstr').off], [DT_SYMTAB, dynsym.off], [DT_STRSZ, L.dynstr.length], [DT_SYMENT, symSize(bits)],
    ];
    if (L.versioned) entries.push([DT_VERSYM, part('.gnu.version').off], [DT_VERDEF, part('.gnu.version_d').off], [DT_VERDEFNUM, versions.length + 1]);
    entries.push([DT_NULL, 0]);
    let p = dyn.off;
    for (const [tag, val] of entries.slice(0, dyn.size / (2 * word))) { p = out.word(p, tag); p = out.word(p, val); }
  }

  for (const s of secs) if (!s.nobits) out.set(Number(s.addr), s.data);
  out.set(shstrOff, shstrBytes);

  const headers: SectionHeader[] = [{ name: 0, type: 0, flags: 0, addr: 0n, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 }];
  headers.push(...L.parts.map((p, i) => ({
    name: nameOffs[i]!, type: p.type, flags: SHF_ALLOC | (p.name === '.dynamic' ? SHF_WRITE : 0), addr: BigInt(p.off), offset: p.off,
    size: p.size, link: indexOfPart(p.link), info: p.info, align: p.align, entsize: p.entsize,
  })));
  headers.push(...secs.map((s, i) => ({
    name: nameOffs[L.parts.length + i]!, type: s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags: sectionHeaderFlags(s.flags), addr: s.addr,
    offset: Number(s.addr), size: s.size, link: 0, info: 0, align: s.align, entsize: 0,
  })));
  headers.push({ name: nameOffs[names.length - 1]!, type: SHT_STRTAB, flags: 0, addr: 0n, offset: shstrOff, size: shstrBytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  headers.forEach((h, i) => { out.writeShdr(shoff + i * shdrSize(bits), h); });
  // ld --build-id=sha1: the hash of the whole file with the ID's bytes zero, then written into them.
  if (spec.buildId) out.set(part('.note').off + part('.note').size - 20, createHash('sha1').update(out.bytes).digest());
  return out.bytes;
}
