// A little-endian reader over one DWARF section: fixed-size integers, LEB128, strings, and the
// 32/64-bit DWARF offset size. Malformed data raises DwarfError with the section and offset.

export class DwarfError extends Error {}

const dec = new TextDecoder();

export class DwarfCursor {
  private readonly dv: DataView;
  pos: number;

  constructor(readonly bytes: Uint8Array, readonly section: string, start = 0) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  get atEnd(): boolean { return this.pos >= this.bytes.length; }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new DwarfError(`${this.section}: truncated at offset 0x${this.pos.toString(16)}`);
  }

  u8(): number { this.need(1); return this.bytes[this.pos++]!; }
  i8(): number { const v = this.u8(); return v > 127 ? v - 256 : v; }
  u16(): number { this.need(2); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  u24(): number { const lo = this.u16(); return lo | (this.u8() << 16); }
  u32(): number { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  u64(): bigint { this.need(8); const v = this.dv.getBigUint64(this.pos, true); this.pos += 8; return v; }
  /** A 64-bit value that must fit a double exactly (offsets, lengths). */
  u64n(): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new DwarfError(`${this.section}: value 0x${v.toString(16)} too large at 0x${(this.pos - 8).toString(16)}`);
    return Number(v);
  }
  /** An address of `size` bytes. */
  addr(size: number): bigint {
    if (size === 8) return this.u64();
    if (size === 4) return BigInt(this.u32());
    if (size === 2) return BigInt(this.u16());
    throw new DwarfError(`${this.section}: unsupported address size ${size}`);
  }
  /** An offset of the unit's DWARF format: 4 bytes (32-bit DWARF) or 8 (64-bit). */
  offset(size: 4 | 8): number { return size === 8 ? this.u64n() : this.u32(); }

  uleb(): number {
    let result = 0, shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) return result;
      if (shift > 63) throw new DwarfError(`${this.section}: LEB128 too long at 0x${this.pos.toString(16)}`);
    }
  }

  sleb(): number {
    let result = 0, shift = 0, b: number;
    do {
      b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }

  cstring(): string {
    const end = this.bytes.indexOf(0, this.pos);
    if (end < 0) throw new DwarfError(`${this.section}: unterminated string at 0x${this.pos.toString(16)}`);
    const s = dec.decode(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return s;
  }

  skip(n: number): void { this.need(n); this.pos += n; }

  /** A unit's initial length: [length, offset size]; the cursor is left after it. */
  initialLength(): [number, 4 | 8] {
    const l = this.u32();
    if (l === 0xffffffff) return [this.u64n(), 8];
    if (l >= 0xfffffff0) throw new DwarfError(`${this.section}: reserved unit length 0x${l.toString(16)}`);
    return [l, 4];
  }
}

/** A NUL-terminated string at `offset` of a string section (.debug_str, .debug_line_str). */
export function stringAt(section: Uint8Array | undefined, name: string, offset: number): string {
  if (!section || offset >= section.length) throw new DwarfError(`${name}: no string at offset 0x${offset.toString(16)}`);
  return new DwarfCursor(section, name, offset).cstring();
}
