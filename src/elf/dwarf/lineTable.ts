// .debug_line: a line-number program (DWARF 2-5, section 6.2) decoded into its rows, as objdump's
// --dwarf=decodedline prints them: address, file, line, column, is_stmt, end of sequence.
import { DwarfCursor, DwarfError } from './DwarfCursor.js';
import { readForm, type FormContext } from './dwarfForms.js';

export interface LineRow {
  address: bigint;
  /** Index into LineTable.files. */
  file: number;
  line: number;
  column: number;
  isStmt: boolean;
  /** DW_LNE_set_discriminator's block number (0 without one): gcc numbers the blocks of one line. */
  discriminator: number;
  /** The first address after a sequence (its row carries no line of its own). */
  endSequence: boolean;
}

export interface LineTable {
  version: number;
  /** File paths by the program's file number (DWARF 5 counts from 0; DWARF 2-4 from 1, [0] is the unit's name). */
  files: string[];
  rows: LineRow[];
}

const DW_LNCT_path = 1, DW_LNCT_directory_index = 2;

/** dir/name, with "./" components dropped as gdb and addr2line print paths ("." + "./crt/crt1.c" is "crt/crt1.c"). */
function joinPath(dir: string, name: string): string {
  const p = name.startsWith('/') || dir === '' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`;
  return p.replace(/(^|\/)(?:\.\/)+/g, '$1').replace(/\/\.$/, '') || '.';
}

/** DWARF 5 directory/file entry lists: each entry's path and directory index, by their formats. */
function entryList(cur: DwarfCursor, forms: FormContext): { path: string; dir: number }[] {
  const formatCount = cur.u8();
  const formats: [number, number][] = [];
  for (let i = 0; i < formatCount; i++) formats.push([cur.uleb(), cur.uleb()]);
  const count = cur.uleb();
  const out: { path: string; dir: number }[] = [];
  for (let i = 0; i < count; i++) {
    let path = '', dir = 0;
    for (const [type, form] of formats) {
      const v = readForm(cur, form, forms);
      if (type === DW_LNCT_path && v.kind === 'str') path = v.value;
      else if (type === DW_LNCT_directory_index && v.kind === 'const') dir = v.value;
    }
    out.push({ path, dir });
  }
  return out;
}

/**
 * Decode the line program at `offset` of .debug_line. `compDir` and `unitName` are the unit's
 * DW_AT_comp_dir and DW_AT_name (DWARF 2-4 tables leave directory 0 and file 0 implicit).
 */
export function readLineTable(section: Uint8Array, offset: number, addressSize: number, compDir: string, unitName: string, forms: FormContext): LineTable {
  const cur = new DwarfCursor(section, '.debug_line', offset);
  const [unitLength, offsetSize] = cur.initialLength();
  const end = cur.pos + unitLength;
  if (end > section.length) throw new DwarfError(`.debug_line: unit at 0x${offset.toString(16)} runs past the section`);
  const version = cur.u16();
  if (version < 2 || version > 5) throw new DwarfError(`.debug_line: unsupported version ${version} at 0x${offset.toString(16)}`);
  if (version >= 5) {
    addressSize = cur.u8();
    cur.u8(); // segment selector size
  }
  const headerLength = cur.offset(offsetSize);
  const programStart = cur.pos + headerLength;
  const minInstLength = cur.u8();
  if (version >= 4) cur.u8(); // maximum operations per instruction (1 on x86)
  const defaultIsStmt = cur.u8() !== 0;
  const lineBase = cur.i8();
  const lineRange = cur.u8();
  const opcodeBase = cur.u8();
  if (lineRange === 0) throw new DwarfError(`.debug_line: line_range 0 at 0x${offset.toString(16)}`);
  const opLengths = [0];
  for (let i = 1; i < opcodeBase; i++) opLengths.push(cur.u8());

  const files: string[] = [];
  if (version >= 5) {
    const f = { ...forms, offsetSize, version };
    const dirs = entryList(cur, f).map((d) => d.path);
    const abs = (d: string): string => (d.startsWith('/') ? d : joinPath(dirs[0] ?? compDir, d));
    for (const e of entryList(cur, f)) files.push(joinPath(e.dir === 0 ? (dirs[0] ?? compDir) : abs(dirs[e.dir] ?? ''), e.path));
  } else {
    const dirs = [compDir];
    for (let s = cur.cstring(); s !== ''; s = cur.cstring()) dirs.push(s.startsWith('/') ? s : joinPath(compDir, s));
    files.push(joinPath(compDir, unitName));
    for (let name = cur.cstring(); name !== ''; name = cur.cstring()) {
      const dir = cur.uleb();
      cur.uleb(); cur.uleb(); // modification time, length
      files.push(joinPath(dirs[dir] ?? compDir, name));
    }
  }

  cur.pos = programStart;
  const rows: LineRow[] = [];
  let address = 0n, file = 1, line = 1, column = 0, isStmt = defaultIsStmt, discriminator = 0;
  const reset = (): void => { address = 0n; file = 1; line = 1; column = 0; isStmt = defaultIsStmt; };
  // (the discriminator is reset by every row appended, DWARF 5 section 6.2.5.1)
  const emit = (endSequence: boolean): void => { rows.push({ address, file, line, column, isStmt, discriminator, endSequence }); discriminator = 0; };
  const mask = addressSize === 8 ? (1n << 64n) - 1n : 0xffffffffn;
  const advance = (ops: number): void => { address = (address + BigInt(ops * minInstLength)) & mask; };
  while (cur.pos < end) {
    const op = cur.u8();
    if (op >= opcodeBase) {
      const adj = op - opcodeBase;
      advance(Math.floor(adj / lineRange));
      line += lineBase + (adj % lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: { // extended opcode
        const len = cur.uleb();
        const next = cur.pos + len;
        const ext = len > 0 ? cur.u8() : 0;
        if (ext === 1) { emit(true); reset(); }
        else if (ext === 2) address = cur.addr(len - 1);
        else if (ext === 4) discriminator = cur.uleb();
        else if (ext === 3) { // DW_LNE_define_file (DWARF 2-4)
          const name = cur.cstring(); cur.uleb(); cur.uleb(); cur.uleb();
          files.push(joinPath(compDir, name));
        }
        cur.pos = next; // unknown ones: skipped by their length
        break;
      }
      case 1: emit(false); break; // copy
      case 2: advance(cur.uleb()); break;
      case 3: line += cur.sleb(); break;
      case 4: file = cur.uleb(); break;
      case 5: column = cur.uleb(); break;
      case 6: isStmt = !isStmt; break;
      case 7: break; // basic_block
      case 8: advance(Math.floor((255 - opcodeBase) / lineRange)); break; // const_add_pc
      case 9: address = (address + BigInt(cur.u16())) & mask; break; // fixed_advance_pc
      case 10: case 11: break; // prologue_end, epilogue_begin
      case 12: cur.uleb(); break; // isa
      default: for (let i = 0; i < opLengths[op]!; i++) cur.uleb(); // an opcode this reader does not know
    }
  }
  return { version, files, rows };
}
