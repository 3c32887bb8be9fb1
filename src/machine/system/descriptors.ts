// Segment descriptors: the GDT reads of segment loads (MOV Sreg, IRET, gates), the flat segments
// the fast system calls load, and the task register's load (busy bit included).
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { GuestFault } from '../GuestFault.js';
import { PAGE_SIZE, hex } from '../memory.js';

const TWO32 = 4294967296;

// ------------------------------------------------------------------ system (implicit supervisor) reads
/** A descriptor-table/TSS access: implicitly supervisor, so U/S is not checked (SDM 4.6). */
export function sysRd32(c: CpuCore, la: number): number {
  const v = Math.floor(la / PAGE_SIZE);
  const e = c.space?.pages.get(v);
  if (!e) throw new GuestFault(C.VEC_PF, 0, 'descriptor table page not present', la);
  const off = la - v * PAGE_SIZE;
  if (off > PAGE_SIZE - 4) return (sysRd8(c, la) | (sysRd8(c, la + 1) << 8) | (sysRd8(c, la + 2) << 16) | (sysRd8(c, la + 3) << 24)) >>> 0;
  return e.page.view.getUint32(off, true);
}
export function sysRd8(c: CpuCore, la: number): number {
  const v = Math.floor(la / PAGE_SIZE);
  const e = c.space?.pages.get(v);
  if (!e) throw new GuestFault(C.VEC_PF, 0, 'descriptor table page not present', la);
  return e.page.data[la - v * PAGE_SIZE]!;
}
function sysWr8(c: CpuCore, la: number, x: number): void {
  const v = Math.floor(la / PAGE_SIZE);
  const e = c.space?.pages.get(v);
  if (!e) throw new GuestFault(C.VEC_PF, 2, 'descriptor table page not present', la);
  e.page.data[la - v * PAGE_SIZE] = x;
  if (e.page.recs !== null) e.page.dropRecs();
}

export interface Desc { lo: number; hi: number; base: number; limit: number; attr: number; dpl: number; }

export function readDesc(c: CpuCore, sel: number): Desc | null {
  const idx = sel & ~7;
  if (sel & 4) return null; // LDT not modelled
  if (idx + 7 > c.gdtLimit) return null;
  const lo = sysRd32(c, c.gdtBase + idx), hi = sysRd32(c, c.gdtBase + idx + 4);
  let limit = (lo & 0xffff) | (hi & 0xf0000);
  const attr = (hi >>> 8) & 0xf0ff;
  if (attr & 0x8000) limit = limit * 4096 + 0xfff;
  const base = ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
  return { lo, hi, base, limit, attr, dpl: (attr >> 5) & 3 };
}

export function setSegCache(c: CpuCore, i: number, sel: number, base: number, limit: number, attr: number): void {
  c.segSel[i] = sel; c.segBase[i] = base; c.segLimit[i] = limit; c.segAttr[i] = attr;
}

/** Load CS with a flat code segment (fast system calls load fixed values, not descriptors). */
export function loadFlatCs(c: CpuCore, sel: number, dpl: number, long: boolean): void {
  setSegCache(c, C.SEG_CS, sel, 0, 0xffffffff, 0x9b | (dpl << 5) | (long ? 0xa000 : 0xc000));
  c.setCpl(dpl);
  c.updateBits();
}
export function loadFlatSs(c: CpuCore, sel: number, dpl: number): void {
  setSegCache(c, C.SEG_SS, sel, 0, 0xffffffff, 0xc093 | (dpl << 5));
}

/** Load a segment register from the GDT with the checks of MOV Sreg (host: errors returned, not raised). */
export function loadSegmentHost(c: CpuCore, i: number, sel: number, host: boolean): string | null {
  try { loadSegment(c, i, sel, host); return null; } catch (e) {
    if (e instanceof GuestFault && host) return e.reason;
    throw e;
  }
}

export function loadSegment(c: CpuCore, i: number, sel: number, host: boolean): void {
  sel &= 0xffff;
  const lma = (c.efer & C.EFER_LMA) !== 0;
  if ((sel & ~3) === 0) {
    if (i === C.SEG_CS || (i === C.SEG_SS && !(lma && c.bits === 64 && c.cpl !== 3) && !host)) throw new GuestFault(C.VEC_GP, 0, 'null selector');
    // A null selector: in 64-bit mode the FS/GS base is kept (it is managed through the MSRs).
    const keepBase = lma && (i === C.SEG_FS || i === C.SEG_GS);
    setSegCache(c, i, sel, keepBase ? c.segBase[i]! : 0, 0, 0);
    return;
  }
  const d = readDesc(c, sel);
  if (!d) throw new GuestFault(C.VEC_GP, sel & ~3, `selector ${hex(sel)} beyond GDT limit`);
  const type = d.attr & 15, isCode = (type & 8) !== 0, s = (d.attr & 0x10) !== 0;
  const rpl = sel & 3;
  if (i === C.SEG_CS) {
    if (!s || !isCode) throw new GuestFault(C.VEC_GP, sel & ~3, `selector ${hex(sel)} is not a code segment`);
    if (!(d.attr & 0x80)) throw new GuestFault(C.VEC_NP, sel & ~3, `segment ${hex(sel)} not present`);
    const newCpl = host ? rpl : c.cpl;
    setSegCache(c, i, (sel & ~3) | newCpl, d.base, d.limit, d.attr);
    c.setCpl(newCpl);
    c.updateBits();
    return;
  }
  if (!s) throw new GuestFault(C.VEC_GP, sel & ~3, `selector ${hex(sel)} is a system segment`);
  if (i === C.SEG_SS) {
    if (isCode || !(type & 2) || (!host && (rpl !== c.cpl || d.dpl !== c.cpl))) throw new GuestFault(C.VEC_GP, sel & ~3, `selector ${hex(sel)} not a writable data segment at CPL ${c.cpl}`);
    if (!(d.attr & 0x80)) throw new GuestFault(C.VEC_SS, sel & ~3, `segment ${hex(sel)} not present`);
  } else {
    if (isCode && !(type & 2)) throw new GuestFault(C.VEC_GP, sel & ~3, `selector ${hex(sel)} is an execute-only code segment`);
    if (!host && !(isCode && (type & 4)) && d.dpl < Math.max(c.cpl, rpl)) throw new GuestFault(C.VEC_GP, sel & ~3, `segment ${hex(sel)} DPL ${d.dpl} < max(CPL, RPL)`);
    if (!(d.attr & 0x80)) throw new GuestFault(C.VEC_NP, sel & ~3, `segment ${hex(sel)} not present`);
  }
  setSegCache(c, i, sel, d.base, d.limit, d.attr);
}

export function loadTaskRegister(c: CpuCore, sel: number): string | null {
  try {
    const d = readDesc(c, sel);
    if (!d || (sel & ~3) === 0) return 'selector beyond GDT limit';
    const type = d.attr & 0x1f;
    if (type !== 0x09 && type !== 0x01) return 'not an available TSS descriptor';
    let base = d.base;
    if (c.efer & C.EFER_LMA) base += (sysRd32(c, c.gdtBase + (sel & ~7) + 8) | 0) * TWO32;
    c.trSel = sel; c.trBase = base; c.trLimit = d.limit; c.trAttr = d.attr | 2;
    sysWr8(c, c.gdtBase + (sel & ~7) + 5, ((d.hi >>> 8) & 0xff) | 2); // mark busy
    return null;
  } catch (e) {
    if (e instanceof GuestFault) return e.reason;
    throw e;
  }
}
