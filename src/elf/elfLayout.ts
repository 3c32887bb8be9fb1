// Small helpers the ELF writers share: string tables, alignment and header emitters.
import { ELFCLASS32, ELFCLASS64, ELFDATA2LSB, EM_386, EM_X86_64, EV_CURRENT } from './elfConstants.js';

export function alignUp(n: number, a: number): number {
  return a > 1 ? Math.ceil(n / a) * a : n;
}

/** A string table built in insertion order; index 0 is the empty string. */
export class StringTable {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private readonly offsets = new Map<string, number>([['', 0]]);
  private size = 1;

  add(s: string): number {
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const b = Buffer.from(s + '\0', 'utf8');
    const off = this.size;
    this.parts.push(b);
    this.offsets.set(s, off);
    this.size += b.length;
    return off;
  }

  get length(): number {
    return this.size;
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

export interface SectionHeader {
  name: number;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
}

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
  align: number;
}

export function ehdrSize(bits: 32 | 64): number {
  return bits === 64 ? 64 : 52;
}
export function phdrSize(bits: 32 | 64): number {
  return bits === 64 ? 56 : 32;
}
export function shdrSize(bits: 32 | 64): number {
  return bits === 64 ? 64 : 40;
}
export function symSize(bits: 32 | 64): number {
  return bits === 64 ? 24 : 16;
}

/** Writes little-endian fields into a fixed buffer. */
export class ElfBuffer {
  readonly bytes: Uint8Array;
  private readonly dv: DataView;
  constructor(size: number, readonly bits: 32 | 64) {
    this.bytes = new Uint8Array(size);
    this.dv = new DataView(this.bytes.buffer);
  }
  u8(o: number, v: number): void { this.dv.setUint8(o, v); }
  u16(o: number, v: number): void { this.dv.setUint16(o, v, true); }
  u32(o: number, v: number): void { this.dv.setUint32(o, v >>> 0, true); }
  u64(o: number, v: bigint | number): void { this.dv.setBigUint64(o, BigInt.asUintN(64, BigInt(v)), true); }
  /** An address/offset/size field: 4 bytes in ELF32, 8 in ELF64. Returns the next offset. */
  word(o: number, v: bigint | number): number {
    if (this.bits === 64) { this.u64(o, v); return o + 8; }
    this.u32(o, Number(BigInt.asUintN(32, BigInt(v)))); return o + 4;
  }
  set(o: number, data: Uint8Array): void { this.bytes.set(data, o); }

  writeEhdr(h: { type: number; entry: bigint; phoff: number; shoff: number; phnum: number; shnum: number; shstrndx: number }): void {
    const b = this.bits;
    this.set(0, Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, b === 64 ? ELFCLASS64 : ELFCLASS32, ELFDATA2LSB, EV_CURRENT, 0));
    this.u16(16, h.type);
    this.u16(18, b === 64 ? EM_X86_64 : EM_386);
    this.u32(20, EV_CURRENT);
    let o = this.word(24, h.entry);
    o = this.word(o, h.phoff);
    o = this.word(o, h.shoff);
    this.u32(o, 0); // e_flags
    this.u16(o + 4, ehdrSize(b));
    this.u16(o + 6, phdrSize(b));
    this.u16(o + 8, h.phnum);
    this.u16(o + 10, shdrSize(b));
    this.u16(o + 12, h.shnum);
    this.u16(o + 14, h.shstrndx);
  }

  writePhdr(o: number, p: ProgramHeader): void {
    if (this.bits === 64) {
      this.u32(o, p.type); this.u32(o + 4, p.flags); this.u64(o + 8, p.offset); this.u64(o + 16, p.vaddr);
      this.u64(o + 24, p.vaddr); this.u64(o + 32, p.filesz); this.u64(o + 40, p.memsz); this.u64(o + 48, p.align);
    } else {
      this.u32(o, p.type); this.u32(o + 4, p.offset); this.u32(o + 8, Number(p.vaddr)); this.u32(o + 12, Number(p.vaddr));
      this.u32(o + 16, p.filesz); this.u32(o + 20, p.memsz); this.u32(o + 24, p.flags); this.u32(o + 28, p.align);
    }
  }

  writeShdr(o: number, s: SectionHeader): void {
    this.u32(o, s.name); this.u32(o + 4, s.type);
    let p = this.word(o + 8, s.flags);
    p = this.word(p, s.addr);
    p = this.word(p, s.offset);
    p = this.word(p, s.size);
    this.u32(p, s.link); this.u32(p + 4, s.info);
    p = this.word(p + 8, s.align);
    this.word(p, s.entsize);
  }

  writeSym(o: number, s: { name: number; value: bigint; size: number; info: number; other: number; shndx: number }): void {
    if (this.bits === 64) {
      this.u32(o, s.name); this.u8(o + 4, s.info); this.u8(o + 5, s.other); this.u16(o + 6, s.shndx);
      this.u64(o + 8, s.value); this.u64(o + 16, s.size);
    } else {
      this.u32(o, s.name); this.u32(o + 4, Number(BigInt.asUintN(32, s.value))); this.u32(o + 8, s.size);
      this.u8(o + 12, s.info); this.u8(o + 13, s.other); this.u16(o + 14, s.shndx);
    }
  }
}
