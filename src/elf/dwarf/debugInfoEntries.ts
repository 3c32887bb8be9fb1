// .debug_info (DWARF 2-5) entries: the compilation units with their line programs, and the functions
// (DW_TAG_subprogram with code) with their address ranges, names and declaration lines.
import { DwarfCursor, DwarfError } from './DwarfCursor.js';
import { addressAtIndex, readForm, type FormContext, type FormValue } from './dwarfForms.js';

const DW_TAG_compile_unit = 0x11, DW_TAG_partial_unit = 0x3c, DW_TAG_subprogram = 0x2e;
const DW_AT = {
  name: 0x03, stmt_list: 0x10, low_pc: 0x11, high_pc: 0x12, comp_dir: 0x1b, decl_file: 0x3a, decl_line: 0x3b,
  specification: 0x47, abstract_origin: 0x31, ranges: 0x55, str_offsets_base: 0x72, addr_base: 0x73,
  rnglists_base: 0x74, linkage_name: 0x6e, MIPS_linkage_name: 0x2007,
} as const;
const DW_UT_compile = 1, DW_UT_partial = 3, DW_UT_skeleton = 4, DW_UT_type = 2, DW_UT_split_type = 6;

export interface DwarfSections {
  info?: Uint8Array; abbrev?: Uint8Array; str?: Uint8Array; lineStr?: Uint8Array; strOffsets?: Uint8Array;
  addr?: Uint8Array; ranges?: Uint8Array; rnglists?: Uint8Array;
}

export interface DwarfFunction {
  name: string;
  /** [low, high) address ranges (one for most functions; hot/cold splits give more). */
  ranges: [bigint, bigint][];
  /** The unit's file number of the declaration (a LineTable.files index), and its line. */
  declFile: number;
  declLine: number;
  unit: number;
}

export interface DwarfUnit {
  name: string;
  compDir: string;
  version: number;
  addressSize: number;
  /** Offset of the unit's line program in .debug_line, or -1. */
  stmtList: number;
  forms: FormContext;
}

interface Abbrev { tag: number; children: boolean; attrs: [number, number, number][] }

function readAbbrevs(section: Uint8Array, offset: number): Map<number, Abbrev> {
  const cur = new DwarfCursor(section, '.debug_abbrev', offset);
  const out = new Map<number, Abbrev>();
  for (;;) {
    const code = cur.uleb();
    if (code === 0) return out;
    const tag = cur.uleb();
    const children = cur.u8() !== 0;
    const attrs: [number, number, number][] = [];
    for (;;) {
      const at = cur.uleb(), form = cur.uleb();
      if (at === 0 && form === 0) break;
      attrs.push([at, form, form === 0x21 ? cur.sleb() : 0]);
    }
    out.set(code, { tag, children, attrs });
  }
}

/** DW_AT_ranges of a DIE: DWARF 2-4 .debug_ranges pairs or DWARF 5 .debug_rnglists entries. */
function readRanges(s: DwarfSections, u: DwarfUnit, v: FormValue, form: number, base: bigint, rnglistsBase: number): [bigint, bigint][] {
  if (v.kind !== 'const') return [];
  const out: [bigint, bigint][] = [];
  const size = u.addressSize;
  const max = size === 8 ? (1n << 64n) - 1n : 0xffffffffn;
  if (u.version < 5) {
    if (!s.ranges) return [];
    const cur = new DwarfCursor(s.ranges, '.debug_ranges', v.value);
    for (;;) {
      const a = cur.addr(size), b = cur.addr(size);
      if (a === 0n && b === 0n) return out;
      if (a === max) { base = b; continue; }
      out.push([base + a, base + b]);
    }
  }
  if (!s.rnglists) return [];
  let offset = v.value;
  if (form === 0x23) { // rnglistx: an index into the offsets table at DW_AT_rnglists_base
    const t = new DwarfCursor(s.rnglists, '.debug_rnglists', rnglistsBase + v.value * u.forms.offsetSize);
    offset = rnglistsBase + t.offset(u.forms.offsetSize);
  }
  const cur = new DwarfCursor(s.rnglists, '.debug_rnglists', offset);
  const addrx = (i: number): bigint => addressAtIndex(u.forms, i);
  for (;;) {
    const kind = cur.u8();
    switch (kind) {
      case 0: return out;
      case 1: base = addrx(cur.uleb()); break;
      case 2: { const a = addrx(cur.uleb()); out.push([a, addrx(cur.uleb())]); break; }
      case 3: { const a = addrx(cur.uleb()); out.push([a, a + BigInt(cur.uleb())]); break; }
      case 4: { const a = base + BigInt(cur.uleb()); out.push([a, base + BigInt(cur.uleb())]); break; }
      case 5: base = cur.addr(size); break;
      case 6: { const a = cur.addr(size); out.push([a, cur.addr(size)]); break; }
      case 7: { const a = cur.addr(size); out.push([a, a + BigInt(cur.uleb())]); break; }
      default: throw new DwarfError(`.debug_rnglists: unknown entry kind ${kind}`);
    }
  }
}

/** Every compilation unit and every function with code, from .debug_info. */
export function readDebugInfo(s: DwarfSections): { units: DwarfUnit[]; functions: DwarfFunction[] } {
  const units: DwarfUnit[] = [];
  const functions: DwarfFunction[] = [];
  if (!s.info || !s.abbrev) return { units, functions };
  const cur = new DwarfCursor(s.info, '.debug_info');
  while (!cur.atEnd) {
    const unitStart = cur.pos;
    const [length, offsetSize] = cur.initialLength();
    const unitEnd = cur.pos + length;
    const version = cur.u16();
    let unitType = DW_UT_compile, abbrevOffset: number, addressSize: number;
    if (version >= 5) {
      unitType = cur.u8(); addressSize = cur.u8(); abbrevOffset = cur.offset(offsetSize);
      if (unitType === DW_UT_skeleton || unitType === 5) cur.skip(8); // dwo_id
      else if (unitType === DW_UT_type || unitType === DW_UT_split_type) { cur.skip(8); cur.offset(offsetSize); }
    } else {
      abbrevOffset = cur.offset(offsetSize); addressSize = cur.u8();
    }
    if (version < 2 || version > 5) throw new DwarfError(`.debug_info: unsupported version ${version} at 0x${unitStart.toString(16)}`);
    const abbrevs = readAbbrevs(s.abbrev, abbrevOffset);
    const forms: FormContext = {
      offsetSize, addressSize, version, str: s.str, lineStr: s.lineStr, strOffsets: s.strOffsets, addrSection: s.addr,
      strOffsetsBase: 8, addrBase: 8,
    };
    const unit: DwarfUnit = { name: '', compDir: '', version, addressSize, stmtList: -1, forms };
    const isCode = unitType === DW_UT_compile || unitType === DW_UT_partial || unitType === DW_UT_skeleton;
    // Names by DIE offset, for functions named through DW_AT_specification / DW_AT_abstract_origin.
    const names = new Map<number, string>();
    const pending: { fn: DwarfFunction; ref: number }[] = [];
    let base = 0n, rnglistsBase = 12;
    while (cur.pos < unitEnd) {
      const dieOffset = cur.pos - unitStart;
      const code = cur.uleb();
      if (code === 0) continue; // the end of a DIE's children
      const ab = abbrevs.get(code);
      if (!ab) throw new DwarfError(`.debug_info: unknown abbreviation ${code} at 0x${(cur.pos - 1).toString(16)}`);
      let name = '', low: bigint | null = null, high: FormValue | null = null, ranges: [FormValue, number] | null = null;
      let declFile = 0, declLine = 0, ref = -1;
      const unitDie = ab.tag === DW_TAG_compile_unit || ab.tag === DW_TAG_partial_unit;
      if (unitDie) {
        // The bases must be known before the unit DIE's own strx/addrx attributes are read.
        const save = cur.pos;
        for (const [at, form, ic] of ab.attrs) {
          const v = readForm(cur, form, forms, ic, false);
          if (v.kind === 'const' && at === DW_AT.str_offsets_base) forms.strOffsetsBase = v.value;
          if (v.kind === 'const' && at === DW_AT.addr_base) forms.addrBase = v.value;
          if (v.kind === 'const' && at === DW_AT.rnglists_base) rnglistsBase = v.value;
        }
        cur.pos = save;
      }
      for (const [at, form, ic] of ab.attrs) {
        const v = readForm(cur, form, forms, ic);
        if (at === DW_AT.name && v.kind === 'str') name = v.value;
        else if (at === DW_AT.low_pc && v.kind === 'addr') low = v.value;
        else if (at === DW_AT.high_pc) high = v;
        else if (at === DW_AT.ranges) ranges = [v, form];
        else if (at === DW_AT.decl_file && v.kind === 'const') declFile = v.value;
        else if (at === DW_AT.decl_line && v.kind === 'const') declLine = v.value;
        else if ((at === DW_AT.specification || at === DW_AT.abstract_origin) && v.kind === 'ref') ref = v.value;
        else if (unitDie && at === DW_AT.comp_dir && v.kind === 'str') unit.compDir = v.value;
        else if (unitDie && at === DW_AT.stmt_list && v.kind === 'const') unit.stmtList = v.value;
      }
      if (name) names.set(dieOffset, name);
      if (unitDie) { unit.name = name; if (low !== null) base = low; }
      if (isCode && ab.tag === DW_TAG_subprogram) {
        let rs: [bigint, bigint][] = [];
        if (low !== null && high) rs = [[low, high.kind === 'addr' ? high.value : high.kind === 'const' ? low + BigInt(high.value) : low]];
        else if (ranges) rs = readRanges(s, unit, ranges[0], ranges[1], base, rnglistsBase);
        if (rs.length) {
          const fn: DwarfFunction = { name, ranges: rs, declFile, declLine, unit: units.length };
          functions.push(fn);
          if (!name && ref >= 0) pending.push({ fn, ref });
        }
      }
    }
    for (const p of pending) p.fn.name = names.get(p.ref) ?? '';
    cur.pos = unitEnd;
    if (isCode) units.push(unit);
  }
  return { units, functions };
}
