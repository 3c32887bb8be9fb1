// Attribute values by form (DWARF 5 section 7.5.6, plus DWARF 4's and GNU's forms): read one, or
// skip it, in .debug_info and in DWARF 5 line-table headers.
import { DwarfCursor, DwarfError, stringAt } from './DwarfCursor.js';

export const DW_FORM = {
  addr: 0x01, block2: 0x03, block4: 0x04, data2: 0x05, data4: 0x06, data8: 0x07, string: 0x08, block: 0x09,
  block1: 0x0a, data1: 0x0b, flag: 0x0c, sdata: 0x0d, strp: 0x0e, udata: 0x0f, ref_addr: 0x10, ref1: 0x11,
  ref2: 0x12, ref4: 0x13, ref8: 0x14, ref_udata: 0x15, indirect: 0x16, sec_offset: 0x17, exprloc: 0x18,
  flag_present: 0x19, strx: 0x1a, addrx: 0x1b, ref_sup4: 0x1c, strp_sup: 0x1d, data16: 0x1e, line_strp: 0x1f,
  ref_sig8: 0x20, implicit_const: 0x21, loclistx: 0x22, rnglistx: 0x23, ref_sup8: 0x24, strx1: 0x25, strx2: 0x26,
  strx3: 0x27, strx4: 0x28, addrx1: 0x29, addrx2: 0x2a, addrx3: 0x2b, addrx4: 0x2c,
  GNU_addr_index: 0x1f01, GNU_str_index: 0x1f02, GNU_ref_alt: 0x1f20, GNU_strp_alt: 0x1f21,
} as const;

/** The sections and unit parameters forms need. */
export interface FormContext {
  offsetSize: 4 | 8;
  addressSize: number;
  version: number;
  str?: Uint8Array;
  lineStr?: Uint8Array;
  strOffsets?: Uint8Array;
  addrSection?: Uint8Array;
  /** DW_AT_str_offsets_base / DW_AT_addr_base of the unit (DWARF 5). */
  strOffsetsBase: number;
  addrBase: number;
}

/** A decoded value: a number (constants, offsets, references, flags), an address, a string, or a block. */
export type FormValue =
  | { kind: 'const'; value: number; signed?: boolean }
  | { kind: 'addr'; value: bigint }
  | { kind: 'str'; value: string }
  | { kind: 'ref'; value: number }
  | { kind: 'other' };

const OTHER: FormValue = { kind: 'other' };

function strx(c: FormContext, index: number): FormValue {
  if (!c.strOffsets) throw new DwarfError('.debug_str_offsets missing for DW_FORM_strx');
  const cur = new DwarfCursor(c.strOffsets, '.debug_str_offsets', c.strOffsetsBase + index * c.offsetSize);
  return { kind: 'str', value: stringAt(c.str, '.debug_str', cur.offset(c.offsetSize)) };
}

/** Entry `index` of the unit's .debug_addr table (DW_FORM_addrx, DW_RLE_*x). */
export function addressAtIndex(c: FormContext, index: number): bigint {
  if (!c.addrSection) throw new DwarfError('.debug_addr missing for DW_FORM_addrx');
  return new DwarfCursor(c.addrSection, '.debug_addr', c.addrBase + index * c.addressSize).addr(c.addressSize);
}

function addrx(c: FormContext, index: number): FormValue {
  return { kind: 'addr', value: addressAtIndex(c, index) };
}

/**
 * Read a value of `form` (implicitConst is the abbreviation's value for DW_FORM_implicit_const).
 * With resolve false, strings and indexed addresses are skipped, not looked up (a unit DIE's
 * attributes are read once for its table bases before they can be resolved).
 */
export function readForm(cur: DwarfCursor, form: number, c: FormContext, implicitConst = 0, resolve = true): FormValue {
  if (!resolve) {
    switch (form) {
      case DW_FORM.strp: case DW_FORM.line_strp: cur.offset(c.offsetSize); return OTHER;
      case DW_FORM.strx: case DW_FORM.GNU_str_index: case DW_FORM.addrx: case DW_FORM.GNU_addr_index: cur.uleb(); return OTHER;
      case DW_FORM.strx1: case DW_FORM.addrx1: cur.skip(1); return OTHER;
      case DW_FORM.strx2: case DW_FORM.addrx2: cur.skip(2); return OTHER;
      case DW_FORM.strx3: case DW_FORM.addrx3: cur.skip(3); return OTHER;
      case DW_FORM.strx4: case DW_FORM.addrx4: cur.skip(4); return OTHER;
    }
  }
  switch (form) {
    case DW_FORM.addr: return { kind: 'addr', value: cur.addr(c.addressSize) };
    case DW_FORM.data1: return { kind: 'const', value: cur.u8() };
    case DW_FORM.data2: return { kind: 'const', value: cur.u16() };
    case DW_FORM.data4: return { kind: 'const', value: cur.u32() };
    case DW_FORM.data8: return { kind: 'const', value: cur.u64n() };
    case DW_FORM.sdata: return { kind: 'const', value: cur.sleb(), signed: true };
    case DW_FORM.udata: return { kind: 'const', value: cur.uleb() };
    case DW_FORM.implicit_const: return { kind: 'const', value: implicitConst, signed: true };
    case DW_FORM.flag: return { kind: 'const', value: cur.u8() };
    case DW_FORM.flag_present: return { kind: 'const', value: 1 };
    case DW_FORM.sec_offset: return { kind: 'const', value: cur.offset(c.offsetSize) };
    case DW_FORM.string: return { kind: 'str', value: cur.cstring() };
    case DW_FORM.strp: return { kind: 'str', value: stringAt(c.str, '.debug_str', cur.offset(c.offsetSize)) };
    case DW_FORM.line_strp: return { kind: 'str', value: stringAt(c.lineStr, '.debug_line_str', cur.offset(c.offsetSize)) };
    case DW_FORM.strx: case DW_FORM.GNU_str_index: return strx(c, cur.uleb());
    case DW_FORM.strx1: return strx(c, cur.u8());
    case DW_FORM.strx2: return strx(c, cur.u16());
    case DW_FORM.strx3: return strx(c, cur.u24());
    case DW_FORM.strx4: return strx(c, cur.u32());
    case DW_FORM.addrx: case DW_FORM.GNU_addr_index: return addrx(c, cur.uleb());
    case DW_FORM.addrx1: return addrx(c, cur.u8());
    case DW_FORM.addrx2: return addrx(c, cur.u16());
    case DW_FORM.addrx3: return addrx(c, cur.u24());
    case DW_FORM.addrx4: return addrx(c, cur.u32());
    case DW_FORM.ref1: return { kind: 'ref', value: cur.u8() };
    case DW_FORM.ref2: return { kind: 'ref', value: cur.u16() };
    case DW_FORM.ref4: return { kind: 'ref', value: cur.u32() };
    case DW_FORM.ref8: return { kind: 'ref', value: cur.u64n() };
    case DW_FORM.ref_udata: return { kind: 'ref', value: cur.uleb() };
    case DW_FORM.ref_addr:
      // DWARF 2 wrote ref_addr with the address size; later versions with the offset size.
      cur.skip(c.version <= 2 ? c.addressSize : c.offsetSize); return OTHER;
    case DW_FORM.loclistx: case DW_FORM.rnglistx: return { kind: 'const', value: cur.uleb() };
    case DW_FORM.ref_sig8: cur.skip(8); return OTHER;
    case DW_FORM.ref_sup4: cur.skip(4); return OTHER;
    case DW_FORM.ref_sup8: cur.skip(8); return OTHER;
    case DW_FORM.strp_sup: case DW_FORM.GNU_ref_alt: case DW_FORM.GNU_strp_alt: cur.skip(c.offsetSize); return OTHER;
    case DW_FORM.data16: cur.skip(16); return OTHER;
    case DW_FORM.block1: cur.skip(cur.u8()); return OTHER;
    case DW_FORM.block2: cur.skip(cur.u16()); return OTHER;
    case DW_FORM.block4: cur.skip(cur.u32()); return OTHER;
    case DW_FORM.block: case DW_FORM.exprloc: cur.skip(cur.uleb()); return OTHER;
    case DW_FORM.indirect: return readForm(cur, cur.uleb(), c, implicitConst, resolve);
    default: throw new DwarfError(`${cur.section}: unknown attribute form 0x${form.toString(16)} at 0x${cur.pos.toString(16)}`);
  }
}
