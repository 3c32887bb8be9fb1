// Call frame information (.eh_frame as gcc emits it for unwinding, and DWARF's .debug_frame):
// for a code address, how to find the caller's frame: the CFA (canonical frame address, a
// register plus an offset) and where each saved register and the return address live
// (DWARF 5 section 6.4, the LSB's .eh_frame format). Expressions are not evaluated: a frame
// whose rules need one is reported as such and unwinding stops there.
import type { ElfFile } from '../readElf.js';
import { DwarfCursor, DwarfError } from './DwarfCursor.js';

export type CfaRule = { kind: 'register'; reg: number; offset: number } | { kind: 'expression' };

export type RegisterRule =
  | { kind: 'undefined' }
  | { kind: 'same' }
  /** Saved at CFA + offset. */
  | { kind: 'offset'; offset: number }
  /** Its value is CFA + offset. */
  | { kind: 'valOffset'; offset: number }
  | { kind: 'register'; reg: number }
  | { kind: 'expression' };

/** The rules at one address: the CFA, the return-address column and each register's rule. */
export interface FrameRules {
  cfa: CfaRule;
  returnAddress: number;
  registers: Map<number, RegisterRule>;
  /** The FDE's first address (the function's start). */
  start: bigint;
}

interface Cie {
  codeAlign: number;
  dataAlign: number;
  returnAddress: number;
  fdeEncoding: number;
  /** 'z' augmentation: FDEs carry an augmentation data length. */
  augmentationData: boolean;
  addressSize: number;
  initial: Uint8Array;
}

interface Fde {
  start: bigint;
  end: bigint;
  cie: Cie;
  instructions: Uint8Array;
}

const DW_EH_PE_omit = 0xff;

/** The call frame tables of one ELF file; FDEs sorted by address. */
export class CallFrameInfo {
  private constructor(private readonly fdes: Fde[]) {}

  /** `bias`: where a position-independent file is loaded (0 for a fixed-address executable). */
  static fromElf(elf: ElfFile, bias = 0n): CallFrameInfo {
    const addressSize = elf.bits === 64 ? 8 : 4;
    const fdes: Fde[] = [];
    for (const name of ['.eh_frame', '.debug_frame']) {
      const sec = elf.sections.find((s) => s.name === name);
      if (sec && sec.data.length) readEntries(sec.data, name, sec.addr, addressSize, name === '.eh_frame', fdes);
    }
    if (bias) for (const f of fdes) { f.start += bias; f.end += bias; }
    fdes.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    return new CallFrameInfo(fdes);
  }

  get size(): number { return this.fdes.length; }

  /** The rules in force at `pc`, or null where no FDE covers it. */
  rulesAt(pc: bigint): FrameRules | null {
    let lo = 0, hi = this.fdes.length - 1, fde: Fde | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const f = this.fdes[mid]!;
      if (f.start <= pc) { if (pc < f.end) fde = f; lo = mid + 1; } else hi = mid - 1;
    }
    if (!fde) return null;
    const initial = run(fde.cie, fde.cie.initial, fde.start, null, null);
    const rules = run(fde.cie, fde.instructions, fde.start, pc, initial);
    return { cfa: rules.cfa, returnAddress: fde.cie.returnAddress, registers: rules.registers, start: fde.start };
  }
}

function readEntries(data: Uint8Array, name: string, sectionAddr: bigint, addressSize: number, eh: boolean, out: Fde[]): void {
  const cur = new DwarfCursor(data, name);
  const cies = new Map<number, Cie>();
  while (cur.pos + 4 <= data.length) {
    const entryStart = cur.pos;
    const [length, offsetSize] = cur.initialLength();
    if (length === 0) { if (eh) break; else continue; } // .eh_frame's terminator
    const end = cur.pos + length;
    const idPos = cur.pos;
    // The CIE id: 0 in .eh_frame, all ones in .debug_frame; in an FDE, where its CIE is.
    let id: number, isCie: boolean;
    if (offsetSize === 8) {
      const raw = cur.u64();
      isCie = eh ? raw === 0n : raw === 0xffffffffffffffffn;
      id = isCie ? 0 : Number(raw);
    } else {
      id = cur.u32();
      isCie = eh ? id === 0 : id === 0xffffffff;
    }
    if (isCie) {
      cies.set(entryStart, readCie(cur, end, addressSize));
    } else {
      const cieAt = eh ? idPos - id : id;
      let cie = cies.get(cieAt);
      if (!cie) {
        // A CIE after its FDE (allowed): read it where it is.
        const c = new DwarfCursor(data, name, cieAt);
        const [l, os] = c.initialLength();
        c.skip(os);
        cie = readCie(c, c.pos - os + l, addressSize);
        cies.set(cieAt, cie);
      }
      const enc = eh ? cie.fdeEncoding : 0;
      const start = readPointer(cur, enc, sectionAddr, addressSize);
      const range = readPointer(cur, enc & 0x0f, 0n, addressSize);
      if (eh && cie.augmentationData) cur.skip(cur.uleb());
      if (start !== 0n || range !== 0n) out.push({ start, end: start + range, cie, instructions: data.subarray(cur.pos, end) });
    }
    cur.pos = end;
  }
}

function readCie(cur: DwarfCursor, end: number, addressSize: number): Cie {
  const version = cur.u8();
  const aug = cur.cstring();
  if (aug.includes('eh')) cur.addr(addressSize);
  if (version >= 4) { cur.u8(); cur.u8(); } // address size, segment selector size (.debug_frame 4)
  const codeAlign = cur.uleb();
  const dataAlign = cur.sleb();
  const returnAddress = version === 1 ? cur.u8() : cur.uleb();
  let fdeEncoding = 0;
  const augmentationData = aug.startsWith('z');
  if (augmentationData) {
    const len = cur.uleb();
    const after = cur.pos + len;
    for (const ch of aug.slice(1)) {
      if (ch === 'R') fdeEncoding = cur.u8();
      else if (ch === 'L') cur.u8();
      else if (ch === 'P') { const e = cur.u8(); readPointer(cur, e & 0x7f, 0n, addressSize); }
      else if (ch === 'S' || ch === 'B') continue;
      else break; // unknown augmentation: the length lets us skip the rest
    }
    cur.pos = after;
  }
  return { codeAlign, dataAlign, returnAddress, fdeEncoding, augmentationData, addressSize, initial: cur.bytes.subarray(cur.pos, end) };
}

/** A pointer in an .eh_frame encoding (DW_EH_PE_*); pc-relative ones relative to `sectionAddr` + position. */
function readPointer(cur: DwarfCursor, enc: number, sectionAddr: bigint, addressSize: number): bigint {
  if (enc === DW_EH_PE_omit) return 0n;
  const at = sectionAddr + BigInt(cur.pos);
  let v: bigint;
  switch (enc & 0x0f) {
    case 0x00: v = cur.addr(addressSize); break;
    case 0x01: v = BigInt(cur.uleb()); break;
    case 0x02: v = BigInt(cur.u16()); break;
    case 0x03: v = BigInt(cur.u32()); break;
    case 0x04: v = cur.u64(); break;
    case 0x09: v = BigInt(cur.sleb()); break;
    case 0x0a: v = BigInt.asIntN(16, BigInt(cur.u16())); break;
    case 0x0b: v = BigInt.asIntN(32, BigInt(cur.u32())); break;
    case 0x0c: v = BigInt.asIntN(64, cur.u64()); break;
    default: throw new DwarfError(`.eh_frame: unknown pointer encoding 0x${enc.toString(16)}`);
  }
  if ((enc & 0x70) === 0x10) v += at; // pcrel
  const mask = addressSize === 8 ? (1n << 64n) - 1n : 0xffffffffn;
  return v & mask;
}

type Rules = { cfa: CfaRule; registers: Map<number, RegisterRule> };

/** Run CFA instructions from `loc` up to (not past) `pc`; null pc runs them all (a CIE's initial ones). */
function run(cie: Cie, code: Uint8Array, start: bigint, pc: bigint | null, initial: Rules | null): Rules {
  const cur = new DwarfCursor(code, '.eh_frame');
  let cfa: CfaRule = initial ? { ...initial.cfa } : { kind: 'register', reg: 0, offset: 0 };
  let regs = new Map(initial?.registers ?? []);
  const stack: Rules[] = [];
  let loc = start;
  const advance = (delta: number): boolean => {
    loc += BigInt(delta * cie.codeAlign);
    return pc !== null && loc > pc;
  };
  const restore = (r: number): void => {
    const rule = initial?.registers.get(r);
    if (rule) regs.set(r, rule); else regs.delete(r);
  };
  const setOffset = (reg: number, offset: number): void => { if (cfa.kind === 'register') cfa = { ...cfa, reg, offset }; };
  while (!cur.atEnd) {
    const op = cur.u8();
    const hi = op & 0xc0, low = op & 0x3f;
    if (hi === 0x40) { if (advance(low)) break; continue; }
    if (hi === 0x80) { regs.set(low, { kind: 'offset', offset: cur.uleb() * cie.dataAlign }); continue; }
    if (hi === 0xc0) { restore(low); continue; }
    switch (op) {
      case 0x00: break; // nop
      case 0x01: loc = cur.addr(cie.addressSize); if (pc !== null && loc > pc) return { cfa, registers: regs }; break;
      case 0x02: if (advance(cur.u8())) return { cfa, registers: regs }; break;
      case 0x03: if (advance(cur.u16())) return { cfa, registers: regs }; break;
      case 0x04: if (advance(cur.u32())) return { cfa, registers: regs }; break;
      case 0x05: { const r = cur.uleb(); regs.set(r, { kind: 'offset', offset: cur.uleb() * cie.dataAlign }); break; }
      case 0x06: restore(cur.uleb()); break;
      case 0x07: regs.set(cur.uleb(), { kind: 'undefined' }); break;
      case 0x08: regs.set(cur.uleb(), { kind: 'same' }); break;
      case 0x09: { const r = cur.uleb(); regs.set(r, { kind: 'register', reg: cur.uleb() }); break; }
      case 0x0a: stack.push({ cfa: { ...cfa }, registers: new Map(regs) }); break;
      case 0x0b: { const s = stack.pop(); if (s) { cfa = s.cfa; regs = s.registers; } break; }
      case 0x0c: { const r = cur.uleb(); cfa = { kind: 'register', reg: r, offset: cur.uleb() }; break; }
      case 0x0d: { const r = cur.uleb(); cfa = cfa.kind === 'register' ? { ...cfa, reg: r } : { kind: 'register', reg: r, offset: 0 }; break; }
      case 0x0e: { const o = cur.uleb(); if (cfa.kind === 'register') setOffset(cfa.reg, o); break; }
      case 0x0f: cur.skip(cur.uleb()); cfa = { kind: 'expression' }; break;
      case 0x10: { const r = cur.uleb(); cur.skip(cur.uleb()); regs.set(r, { kind: 'expression' }); break; }
      case 0x11: { const r = cur.uleb(); regs.set(r, { kind: 'offset', offset: cur.sleb() * cie.dataAlign }); break; }
      case 0x12: { const r = cur.uleb(); cfa = { kind: 'register', reg: r, offset: cur.sleb() * cie.dataAlign }; break; }
      case 0x13: { const o = cur.sleb() * cie.dataAlign; if (cfa.kind === 'register') setOffset(cfa.reg, o); break; }
      case 0x14: { const r = cur.uleb(); regs.set(r, { kind: 'valOffset', offset: cur.uleb() * cie.dataAlign }); break; }
      case 0x15: { const r = cur.uleb(); regs.set(r, { kind: 'valOffset', offset: cur.sleb() * cie.dataAlign }); break; }
      case 0x16: { const r = cur.uleb(); cur.skip(cur.uleb()); regs.set(r, { kind: 'expression' }); break; }
      case 0x2e: cur.uleb(); break; // GNU_args_size
      case 0x2f: { const r = cur.uleb(); regs.set(r, { kind: 'offset', offset: -cur.uleb() * cie.dataAlign }); break; }
      default: throw new DwarfError(`.eh_frame: unknown call frame instruction 0x${op.toString(16)}`);
    }
  }
  return { cfa, registers: regs };
}
