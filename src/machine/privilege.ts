// Privilege machinery and the less frequent instructions: descriptors, IDT delivery, IRET,
// SYSCALL/SYSRET, SYSENTER/SYSEXIT, SWAPGS, MSRs, control registers, and everything execRare runs.
import * as C from './constants.js';
import type { CpuCore } from './CpuCore.js';
import { DecodedInsn, Op, K_IMM, K_MEM, K_REG } from './decodeInstruction.js';
import { F_NONE, SIGN_BIT, SIZE_MASK } from './flags.js';
import { GuestFault } from './GuestFault.js';
import { AddressSpace, PAGE_SIZE, numberToAddr } from './memory.js';
import type { TransferCause } from './types.js';
import { cpuidLeaf } from './system/cpuidLeaves.js';

const TWO32 = 4294967296;
const hex = (n: number | bigint): string => '0x' + (typeof n === 'bigint' ? n : numberToAddr(n)).toString(16);

// ------------------------------------------------------------------ system (implicit supervisor) reads
/** A descriptor-table/TSS access: implicitly supervisor, so U/S is not checked (SDM 4.6). */
function sysRd32(c: CpuCore, la: number): number {
  const v = Math.floor(la / PAGE_SIZE);
  const e = c.space?.pages.get(v);
  if (!e) throw new GuestFault(C.VEC_PF, 0, 'descriptor table page not present', la);
  const off = la - v * PAGE_SIZE;
  if (off > PAGE_SIZE - 4) return (sysRd8(c, la) | (sysRd8(c, la + 1) << 8) | (sysRd8(c, la + 2) << 16) | (sysRd8(c, la + 3) << 24)) >>> 0;
  return e.page.view.getUint32(off, true);
}
function sysRd8(c: CpuCore, la: number): number {
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
  e.page.recs = null;
}

interface Desc { lo: number; hi: number; base: number; limit: number; attr: number; dpl: number; }

function readDesc(c: CpuCore, sel: number): Desc | null {
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

function setSegCache(c: CpuCore, i: number, sel: number, base: number, limit: number, attr: number): void {
  c.segSel[i] = sel; c.segBase[i] = base; c.segLimit[i] = limit; c.segAttr[i] = attr;
}

/** Load CS with a flat code segment (fast system calls load fixed values, not descriptors). */
function loadFlatCs(c: CpuCore, sel: number, dpl: number, long: boolean): void {
  setSegCache(c, C.SEG_CS, sel, 0, 0xffffffff, 0x9b | (dpl << 5) | (long ? 0xa000 : 0xc000));
  c.setCpl(dpl);
  c.updateBits();
}
function loadFlatSs(c: CpuCore, sel: number, dpl: number): void {
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

// ------------------------------------------------------------------ control registers and MSRs
export function writeCr(c: CpuCore, n: number, v: number): void {
  switch (n) {
    case 0:
      c.cr0 = v | 0;
      if ((c.cr0 & C.CR0_PG) && (c.efer & C.EFER_LME)) c.efer |= C.EFER_LMA; else c.efer &= ~C.EFER_LMA;
      c.updateBits(); c.flushTlbs();
      return;
    case 2: c.cr2 = v; return;
    case 3: {
      const k = v;
      c.cr3 = k;
      let s = c.spaces.get(k);
      if (!s) { s = new AddressSpace(k); c.spaces.set(k, s); }
      c.space = s;
      c.flushTlbs();
      return;
    }
    case 4: c.cr4 = v | 0; c.flushTlbs(); return;
    default: throw new GuestFault(C.VEC_UD, -1, `mov to cr${n}`);
  }
}

export function rdmsrValue(c: CpuCore, idx: number): bigint | null {
  switch (idx >>> 0) {
    case C.MSR_EFER: return BigInt(c.efer >>> 0);
    case C.MSR_STAR: return c.star;
    case C.MSR_LSTAR: return numberToAddr(c.lstar);
    case C.MSR_CSTAR: return numberToAddr(c.cstar);
    case C.MSR_FMASK: return BigInt(c.fmask >>> 0);
    case C.MSR_FS_BASE: return numberToAddr(c.segBase[C.SEG_FS]!);
    case C.MSR_GS_BASE: return numberToAddr(c.segBase[C.SEG_GS]!);
    case C.MSR_KERNEL_GS_BASE: return numberToAddr(c.kernelGsBase);
    case C.MSR_SYSENTER_CS: return BigInt(c.sysenterCs >>> 0);
    case C.MSR_SYSENTER_ESP: return numberToAddr(c.sysenterEsp);
    case C.MSR_SYSENTER_EIP: return numberToAddr(c.sysenterEip);
    case C.MSR_TSC_AUX: return BigInt(c.tscAux >>> 0);
    case 0x10: return BigInt(Math.floor(c.cycles));
    default:
      if (idx >= 0x810 && idx <= 0x817) return 0n; // x2APIC ISR: nothing in service (INT 0x80 is a software interrupt)
      return null;
  }
}

export function wrmsrValue(c: CpuCore, idx: number, v: bigint): boolean {
  const n = Number(BigInt.asIntN(64, v));
  switch (idx >>> 0) {
    case C.MSR_EFER: {
      const lma = c.efer & C.EFER_LMA;
      c.efer = (Number(v & 0xffffn) & ~C.EFER_LMA) | lma;
      if ((c.cr0 & C.CR0_PG) && (c.efer & C.EFER_LME)) c.efer |= C.EFER_LMA;
      c.updateBits(); c.flushTlbs();
      return true;
    }
    case C.MSR_STAR: c.star = BigInt.asUintN(64, v); return true;
    case C.MSR_LSTAR: c.lstar = n; return true;
    case C.MSR_CSTAR: c.cstar = n; return true;
    case C.MSR_FMASK: c.fmask = Number(v & 0xffffffffn); return true;
    case C.MSR_FS_BASE: c.segBase[C.SEG_FS] = n; return true;
    case C.MSR_GS_BASE: c.segBase[C.SEG_GS] = n; return true;
    case C.MSR_KERNEL_GS_BASE: c.kernelGsBase = n; return true;
    case C.MSR_SYSENTER_CS: c.sysenterCs = Number(v & 0xffffn); return true;
    case C.MSR_SYSENTER_ESP: c.sysenterEsp = n; return true;
    case C.MSR_SYSENTER_EIP: c.sysenterEip = n; return true;
    case C.MSR_TSC_AUX: c.tscAux = Number(v & 0xffffffffn); return true;
    default: return false;
  }
}

// ------------------------------------------------------------------ transfers
/** A transfer whose description is built when first read (run() takes thousands a second; few are shown). */
class LazyTransfer {
  constructor(
    public cause: TransferCause, public fromCpl: number, public toCpl: number, public fromBits: 16 | 32 | 64,
    public toBits: 16 | 32 | 64, public modeSwitch: boolean, public fromRip: bigint, public toRip: bigint,
    private describe: (() => string) | string,
  ) {}
  get description(): string {
    if (typeof this.describe !== 'string') this.describe = this.describe();
    return this.describe;
  }
}

function record(c: CpuCore, cause: TransferCause, fromCpl: number, fromBits: 16 | 32 | 64, fromRip: number,
  description: string | (() => string), vector?: number, errorCode?: number): void {
  const t: import('./types.js').ControlTransfer = typeof description === 'string'
    ? {
      cause, fromCpl, toCpl: c.cpl, fromBits, toBits: c.bits,
      modeSwitch: fromCpl !== c.cpl || fromBits !== c.bits,
      fromRip: numberToAddr(fromRip), toRip: numberToAddr(c.rip), description,
    }
    : new LazyTransfer(cause, fromCpl, c.cpl, fromBits, c.bits, fromCpl !== c.cpl || fromBits !== c.bits,
      numberToAddr(fromRip), numberToAddr(c.rip), description);
  if (vector !== undefined) t.vector = vector;
  if (errorCode !== undefined && errorCode >= 0) t.errorCode = errorCode;
  c.transfer = t;
}

function regName(bits: number, base: string): string { return (bits === 64 ? 'R' : 'E') + base; }

/**
 * Deliver vector through the IDT (SDM Vol.3 6.12): gate type/DPL checks, TSS stack switch on a
 * privilege change, the hardware frame, IF cleared for interrupt gates. Throws GuestFault on failure.
 */
export function deliverEvent(c: CpuCore, vector: number, kind: 'int' | 'exception' | 'interrupt', errorCode: number, returnRip: number): void {
  const lma = (c.efer & C.EFER_LMA) !== 0;
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = kind === 'int' ? c.rip : returnRip;
  const gsz = lma ? 16 : 8;
  const ext = kind === 'int' ? 0 : 1;
  const gateErr = vector * 8 + 2 + ext;
  if (vector * gsz + gsz - 1 > c.idtLimit) throw new GuestFault(C.VEC_GP, gateErr, `IDT limit: no gate for vector ${hex(vector)}`);
  const ga = c.idtBase + vector * gsz;
  const w0 = sysRd32(c, ga), w1 = sysRd32(c, ga + 4);
  const type = (w1 >>> 8) & 0x1f, gdpl = (w1 >>> 13) & 3, present = (w1 >>> 15) & 1;
  let offset = ((w1 & 0xffff0000) | (w0 & 0xffff)) >>> 0;
  if (lma) offset += (sysRd32(c, ga + 8) | 0) * TWO32;
  const sel = w0 >>> 16, ist = lma ? w1 & 7 : 0;
  if (type !== 0x0e && type !== 0x0f) throw new GuestFault(C.VEC_GP, gateErr, `IDT[${hex(vector)}] is not an interrupt/trap gate (type ${hex(type)})`);
  if (kind === 'int' && gdpl < c.cpl) throw new GuestFault(C.VEC_GP, gateErr, `INT ${hex(vector)}: gate DPL ${gdpl} < CPL ${c.cpl}`);
  if (!present) throw new GuestFault(C.VEC_NP, gateErr, `IDT[${hex(vector)}] not present`);
  if ((sel & ~3) === 0) throw new GuestFault(C.VEC_GP, ext, 'gate selector is null');
  const cd = readDesc(c, sel);
  if (!cd || !(cd.attr & 0x10) || !(cd.attr & 8)) throw new GuestFault(C.VEC_GP, (sel & ~3) | ext, `gate selector ${hex(sel)} is not a code segment`);
  if (cd.dpl > c.cpl) throw new GuestFault(C.VEC_GP, (sel & ~3) | ext, `gate code segment DPL ${cd.dpl} > CPL ${c.cpl}`);
  if (!(cd.attr & 0x80)) throw new GuestFault(C.VEC_NP, (sel & ~3) | ext, `segment ${hex(sel)} not present`);
  if (lma && !(cd.attr & 0x2000)) throw new GuestFault(C.VEC_GP, (sel & ~3) | ext, 'interrupt target not a 64-bit code segment');
  const newCpl = (cd.attr & 4) ? c.cpl : cd.dpl;
  const flags = c.materializeFlags();
  const oldSs = c.segSel[C.SEG_SS]!, oldSp = c.spAddr(), oldCs = c.segSel[C.SEG_CS]!;
  let sp: number, ssSel = oldSs, stackNote: string;
  let ssDesc: Desc | null = null;
  const priv = newCpl < c.cpl;
  if (lma) {
    if (priv || ist) {
      const off = ist ? 0x24 + (ist - 1) * 8 : 4 + newCpl * 8;
      sp = sysRd32(c, c.trBase + off) + (sysRd32(c, c.trBase + off + 4) | 0) * TWO32;
      ssSel = newCpl;
      stackNote = ist ? `stack switched to IST${ist} (${hex(sp)})` : `stack switched to RSP${newCpl} from TSS (${hex(sp)})`;
    } else { sp = oldSp; stackNote = 'same stack'; }
    sp -= sp % 16 === 0 ? 0 : ((sp % 16) + 16) % 16;
  } else if (priv) {
    if (c.trLimit < 8 * newCpl + 10) throw new GuestFault(C.VEC_TS, c.trSel & ~3, 'TSS too small');
    sp = sysRd32(c, c.trBase + 4 + newCpl * 8);
    ssSel = sysRd32(c, c.trBase + 8 + newCpl * 8) & 0xffff;
    ssDesc = readDesc(c, ssSel);
    if (!ssDesc || (ssSel & 3) !== newCpl || ssDesc.dpl !== newCpl || (ssDesc.attr & 0x1a) !== 0x12) throw new GuestFault(C.VEC_TS, ssSel & ~3, `TSS SS${newCpl} ${hex(ssSel)} invalid`);
    stackNote = `stack switched to SS${newCpl}:ESP${newCpl} from TSS (${hex(ssSel)}:${hex(sp)})`;
  } else { sp = oldSp; stackNote = 'same stack'; }
  // Push the frame with the new privilege (supervisor stack); on a fault restore CPL and rethrow.
  const slot = lma ? 8 : 4;
  const vals: number[] = [];
  const names: string[] = [];
  const ripName = lma ? 'RIP' : 'EIP', spName = lma ? 'RSP' : 'ESP', flName = lma ? 'RFLAGS' : 'EFLAGS';
  if (lma || priv) { vals.push(oldSs, oldSp); names.push('SS', spName); }
  vals.push(flags, oldCs, returnRip); names.push(flName, 'CS', ripName);
  if (errorCode >= 0) { vals.push(errorCode); names.push('error code'); }
  const savedCpl = c.cpl;
  c.setCpl(newCpl);
  try {
    let a = sp;
    for (const v of vals) {
      a -= slot;
      if (!lma) a = a >>> 0;
      if (slot === 8) c.wr64(a, v >>> 0, Math.floor(v / TWO32) | 0); else c.wr32(a, v >>> 0);
    }
    sp = a;
  } catch (e) { c.setCpl(savedCpl); throw e; }
  // Commit.
  if (lma) loadFlatSs(c, ssSel, newCpl);
  else if (priv && ssDesc) setSegCache(c, C.SEG_SS, ssSel, ssDesc.base, ssDesc.limit, ssDesc.attr);
  setSegCache(c, C.SEG_CS, (sel & ~3) | newCpl, cd.base, cd.limit, cd.attr);
  c.setCpl(newCpl);
  c.updateBits();
  c.setSp(sp);
  let nf = flags & ~(C.FLAG_TF | C.FLAG_NT | C.FLAG_RF | C.FLAG_VM);
  if (type === 0x0e) nf &= ~C.FLAG_IF;
  c.storeFlags(nf);
  c.rip = lma ? offset : offset >>> 0;
  const excName = C.EXCEPTION_NAMES[vector] ?? `exception ${vector}`;
  const what = kind === 'int' ? (vector === 3 ? 'INT3' : `INT ${hex(vector)}`)
    : kind === 'exception' ? `${excName}${errorCode >= 0 ? ` (error code ${hex(errorCode)}${vector === C.VEC_PF ? `, CR2 ${hex(c.cr2)}` : ''})` : ''}`
    : `interrupt ${hex(vector)}`;
  const desc = `${what}: ${type === 0x0e ? 'interrupt' : 'trap'} gate DPL ${gdpl}${kind === 'int' ? ` >= CPL ${fromCpl}` : ''}, ${stackNote}, pushed ${names.join(', ')}${type === 0x0e ? ', IF cleared' : ''}, CS <- ${hex(c.segSel[C.SEG_CS]!)}, ${ripName} <- ${hex(c.rip)}`;
  record(c, kind === 'int' ? 'int' : kind, fromCpl, fromBits, fromRip, desc, vector, errorCode);
}

/** Deliver a fault raised by an instruction; a fault while delivering becomes #DF, and a fault delivering #DF shuts down. */
export function raiseException(c: CpuCore, f: GuestFault): void {
  const rip = c.rip;
  if (f.vector === C.VEC_PF) c.cr2 = f.cr2;
  c.lastException = {
    vector: f.vector, name: C.EXCEPTION_NAMES[f.vector] ?? `vector ${f.vector}`, rip: numberToAddr(rip),
    reason: f.reason, notEmulated: f.notEmulated,
  };
  if (f.errorCode >= 0) c.lastException.errorCode = f.errorCode;
  if (f.vector === C.VEC_PF) c.lastException.cr2 = numberToAddr(f.cr2);
  c.cycles += c.costs['exception'] ?? 0;
  const isTrap = f.vector === C.VEC_BP;
  try {
    deliverEvent(c, f.vector, isTrap ? 'int' : 'exception', f.errorCode, rip);
  } catch (e2) {
    if (!(e2 instanceof GuestFault)) throw e2;
    try {
      deliverEvent(c, C.VEC_DF, 'exception', 0, rip);
      c.lastException = { vector: C.VEC_DF, name: '#DF', errorCode: 0, rip: numberToAddr(rip), reason: `double fault: ${f.reason}; then ${e2.reason}`, notEmulated: f.notEmulated };
    } catch (e3) {
      if (!(e3 instanceof GuestFault)) throw e3;
      c.shutdownMessage = `triple fault (shutdown) at ${hex(rip)}: ${C.EXCEPTION_NAMES[f.vector] ?? f.vector} ${f.reason}; delivery failed: ${e2.reason}`;
      c.stopRequest = '\0shutdown';
    }
  }
}

function readSlot(c: CpuCore, a: number, size: number): number {
  if (size === 8) { const lo = c.rd64(a); return c.hi * TWO32 + lo; }
  return size === 4 ? c.rd32(a) : c.rd16(a);
}

const IRET_MASK = C.FLAG_CF | C.FLAG_PF | C.FLAG_AF | C.FLAG_ZF | C.FLAG_SF | C.FLAG_TF | C.FLAG_DF | C.FLAG_OF | C.FLAG_NT | C.FLAG_RF | C.FLAG_AC | C.FLAG_ID;

function iret(c: CpuCore, d: DecodedInsn): void {
  const os = d.osz;
  const lma = (c.efer & C.EFER_LMA) !== 0;
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = c.rip - d.len;
  if (!lma && (c.flagsRest & C.FLAG_NT)) throw new GuestFault(C.VEC_UD, -1, 'iret with NT set (task return)', 0, true);
  let a = c.spAddr();
  const ripv = readSlot(c, a, os); a += os;
  const csSel = readSlot(c, a, os) & 0xffff; a += os;
  const fl = readSlot(c, a, os); a += os;
  const newCpl = csSel & 3;
  if (newCpl < c.cpl) throw new GuestFault(C.VEC_GP, csSel & ~3, `iret to CS ${hex(csSel)}: RPL < CPL`);
  const cd = readDesc(c, csSel);
  if (!cd || !(cd.attr & 0x10) || !(cd.attr & 8)) throw new GuestFault(C.VEC_GP, csSel & ~3, `iret: ${hex(csSel)} is not a code segment`);
  if (!(cd.attr & 4) && cd.dpl !== newCpl) throw new GuestFault(C.VEC_GP, csSel & ~3, `iret: CS DPL ${cd.dpl} != RPL ${newCpl}`);
  if (!(cd.attr & 0x80)) throw new GuestFault(C.VEC_NP, csSel & ~3, `iret: segment ${hex(csSel)} not present`);
  const popSs = newCpl > c.cpl || c.bits === 64;
  let spv = 0, ssSel = 0;
  let ssDesc: Desc | null = null;
  if (popSs) {
    spv = readSlot(c, a, os); a += os;
    ssSel = readSlot(c, a, os) & 0xffff; a += os;
    if ((ssSel & ~3) === 0) {
      if (!(lma && (cd.attr & 0x2000) && newCpl !== 3)) throw new GuestFault(C.VEC_GP, 0, 'iret: null SS');
    } else {
      ssDesc = readDesc(c, ssSel);
      if (!ssDesc || (ssSel & 3) !== newCpl || ssDesc.dpl !== newCpl || (ssDesc.attr & 0x1a) !== 0x12) throw new GuestFault(C.VEC_GP, ssSel & ~3, `iret: SS ${hex(ssSel)} invalid for CPL ${newCpl}`);
    }
  }
  // Commit.
  let mask = IRET_MASK;
  if (c.cpl === 0) mask |= C.FLAG_IF | C.FLAG_IOPL;
  else if (c.cpl <= ((c.flagsRest >> 12) & 3)) mask |= C.FLAG_IF;
  if (os === 2) mask &= 0xffff;
  const old = c.materializeFlags();
  c.storeFlags((old & ~mask) | (fl & mask));
  setSegCache(c, C.SEG_CS, csSel, cd.base, cd.limit, cd.attr);
  c.setCpl(newCpl);
  c.updateBits();
  c.rip = c.bits === 64 ? ripv : ripv >>> 0;
  if (popSs) {
    if (ssDesc) setSegCache(c, C.SEG_SS, ssSel, ssDesc.base, ssDesc.limit, ssDesc.attr);
    else loadFlatSs(c, ssSel, newCpl);
    if (os === 8 || c.bits === 64) c.setReg64Num(4, os === 8 ? spv : spv >>> 0);
    else { c.regLo[4] = spv | 0; c.regHi[4] = 0; }
  } else c.setSp(lma && fromBits === 64 ? a : a >>> 0);
  if (newCpl > fromCpl) {
    for (const i of [C.SEG_ES, C.SEG_DS, C.SEG_FS, C.SEG_GS]) {
      const at = c.segAttr[i]!;
      const conforming = (at & 0x1c) === 0x1c;
      if ((c.segSel[i]! & ~3) !== 0 && !conforming && ((at >> 5) & 3) < newCpl) setSegCache(c, i, 0, lma && i >= 4 ? c.segBase[i]! : 0, 0, 0);
    }
  }
  const ipn = fromBits === 64 ? 'RIP' : 'EIP';
  const popped = popSs ? `${ipn}, CS, ${fromBits === 64 ? 'RFLAGS' : 'EFLAGS'}, ${fromBits === 64 ? 'RSP' : 'ESP'}, SS` : `${ipn}, CS, EFLAGS`;
  record(c, 'iret', fromCpl, fromBits, fromRip,
    `IRET${os === 8 ? 'Q' : ''}: popped ${popped}; CS <- ${hex(csSel)}, ${ipn} <- ${hex(c.rip)}${popSs ? `, SS:${fromBits === 64 ? 'RSP' : 'ESP'} <- ${hex(ssSel)}:${hex(c.spAddr())}` : ''}, CPL ${fromCpl} -> ${newCpl}`);
}

function syscall(c: CpuCore, d: DecodedInsn, next: number): void {
  const lma = (c.efer & C.EFER_LMA) !== 0;
  if (!(c.efer & C.EFER_SCE)) throw new GuestFault(C.VEC_UD, -1, 'SYSCALL with EFER.SCE clear');
  if (!lma && c.profile.vendor === 'intel') throw new GuestFault(C.VEC_UD, -1, 'SYSCALL outside 64-bit mode on Intel');
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = next - d.len;
  const star = c.star;
  const kcs = Number((star >> 32n) & 0xfffcn);
  const flags = c.materializeFlags();
  if (lma) {
    c.setReg64Num(1, next);
    c.regLo[11] = flags & ~C.FLAG_RF; c.regHi[11] = 0;
    c.storeFlags(flags & ~c.fmask & ~C.FLAG_RF);
    loadFlatCs(c, kcs, 0, true);
    loadFlatSs(c, kcs + 8, 0);
    const from64 = fromBits === 64;
    const rip = c.rip = from64 ? c.lstar : c.cstar;
    record(c, 'syscall', fromCpl, fromBits, fromRip,
      () => `SYSCALL: RCX <- return RIP, R11 <- RFLAGS, CS <- ${hex(kcs)}, RIP <- ${from64 ? 'LSTAR' : 'CSTAR'} (${hex(rip)}), stack not switched`);
  } else {
    c.regLo[1] = next | 0; c.regHi[1] = 0;
    c.storeFlags(flags & ~(C.FLAG_IF | C.FLAG_VM | C.FLAG_RF));
    loadFlatCs(c, kcs, 0, false);
    loadFlatSs(c, kcs + 8, 0);
    c.rip = Number(star & 0xffffffffn);
    record(c, 'syscall', fromCpl, fromBits, fromRip,
      `SYSCALL (legacy mode): ECX <- return EIP, CS <- ${hex(kcs)}, EIP <- STAR[31:0] (${hex(c.rip)}), IF cleared, stack not switched`);
  }
}

function sysret(c: CpuCore, d: DecodedInsn): void {
  const lma = (c.efer & C.EFER_LMA) !== 0;
  if (!(c.efer & C.EFER_SCE)) throw new GuestFault(C.VEC_UD, -1, 'SYSRET with EFER.SCE clear');
  if (c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, 'SYSRET at CPL 3');
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = c.rip - d.len;
  const base = Number((c.star >> 48n) & 0xffffn);
  if (d.osz === 8) {
    const rcx = c.reg64(1);
    if (rcx >= 140737488355328 || rcx < -140737488355328 || c.regHi[1]! !== (c.regHi[1]! | 0) ||
      ((c.regHi[1]! >> 15) !== 0 && (c.regHi[1]! >> 15) !== -1)) throw new GuestFault(C.VEC_GP, 0, `SYSRET to non-canonical RCX ${hex(rcx)}`);
  }
  const r11 = c.regLo[11]!;
  c.storeFlags((r11 & 0x3c7fd7) | 2);
  if (d.osz === 8) {
    c.rip = c.reg64(1);
    loadFlatCs(c, (base + 16) | 3, 3, true);
  } else {
    c.rip = c.regLo[1]! >>> 0;
    loadFlatCs(c, base | 3, 3, false);
  }
  loadFlatSs(c, (base + 8) | 3, 3);
  void lma;
  const ipn = d.osz === 8 ? 'RIP' : 'EIP';
  const q = d.osz === 8, rip = c.rip, csSel = c.segSel[C.SEG_CS]!, ssSel = c.segSel[C.SEG_SS]!;
  record(c, 'sysret', fromCpl, fromBits, fromRip,
    () => `SYSRET${q ? 'Q' : 'L'}: ${ipn} <- ${q ? 'RCX' : 'ECX'} (${hex(rip)}), RFLAGS <- R11, CS <- ${hex(csSel)}, SS <- ${hex(ssSel)}, stack not switched`);
}

function sysenter(c: CpuCore, d: DecodedInsn): void {
  const lma = (c.efer & C.EFER_LMA) !== 0;
  if (lma && c.profile.vendor === 'amd') throw new GuestFault(C.VEC_UD, -1, 'SYSENTER in long mode on an AMD CPU');
  if ((c.sysenterCs & 0xfffc) === 0) throw new GuestFault(C.VEC_GP, 0, 'SYSENTER with SYSENTER_CS = 0');
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = c.rip - d.len;
  const cs = c.sysenterCs & 0xfffc;
  c.storeFlags(c.materializeFlags() & ~(C.FLAG_VM | C.FLAG_IF | C.FLAG_RF));
  loadFlatCs(c, cs, 0, lma);
  loadFlatSs(c, cs + 8, 0);
  if (lma) { c.rip = c.sysenterEip; c.setReg64Num(4, c.sysenterEsp); }
  else { c.rip = c.sysenterEip >>> 0; c.regLo[4] = c.sysenterEsp | 0; c.regHi[4] = 0; }
  const rip = c.rip, sp = c.spAddr();
  record(c, 'sysenter', fromCpl, fromBits, fromRip,
    () => `SYSENTER: CS <- SYSENTER_CS (${hex(cs)}), SS <- ${hex(cs + 8)}, ${lma ? 'RIP' : 'EIP'} <- SYSENTER_EIP (${hex(rip)}), ${lma ? 'RSP' : 'ESP'} <- SYSENTER_ESP (${hex(sp)}), IF cleared, nothing saved`);
}

function sysexit(c: CpuCore, d: DecodedInsn): void {
  if ((c.sysenterCs & 0xfffc) === 0) throw new GuestFault(C.VEC_GP, 0, 'SYSEXIT with SYSENTER_CS = 0');
  if (c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, 'SYSEXIT at CPL 3');
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = c.rip - d.len;
  const cs = c.sysenterCs;
  if (d.osz === 8) {
    c.rip = c.reg64(2);
    const sp = c.reg64(1);
    loadFlatCs(c, (cs + 32) | 3, 3, true);
    loadFlatSs(c, (cs + 40) | 3, 3);
    c.setReg64Num(4, sp);
  } else {
    c.rip = c.regLo[2]! >>> 0;
    const sp = c.regLo[1]!;
    loadFlatCs(c, (cs + 16) | 3, 3, false);
    loadFlatSs(c, (cs + 24) | 3, 3);
    c.regLo[4] = sp; c.regHi[4] = 0;
  }
  const w = d.osz === 8;
  const rip = c.rip, sp = c.spAddr(), csSel = c.segSel[C.SEG_CS]!, ssSel = c.segSel[C.SEG_SS]!;
  record(c, 'sysexit', fromCpl, fromBits, fromRip,
    () => `SYSEXIT: CS <- ${hex(csSel)}, SS <- ${hex(ssSel)}, ${w ? 'RIP <- RDX' : 'EIP <- EDX'} (${hex(rip)}), ${w ? 'RSP <- RCX' : 'ESP <- ECX'} (${hex(sp)})`);
}

// ------------------------------------------------------------------ the rest of the instruction set
function privileged(c: CpuCore, what: string): void {
  if (c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, `privileged instruction ${what} at CPL ${c.cpl}`);
}

function wrA(c: CpuCore, d: DecodedInsn, size: number, lo: number, hi: number, ea: number): void {
  if (d.k0 === K_REG) c.setR(d.r0, size, lo, hi); else c.wrMem(ea, size, lo, hi);
}

function rdA(c: CpuCore, d: DecodedInsn, size: number, forWrite: boolean): { v: number; h: number; ea: number } {
  if (d.k0 === K_REG) { const v = c.getR(d.r0, size); return { v, h: c.hi, ea: 0 }; }
  const ea = c.ea(d);
  if (forWrite) c.probeWrite(ea, size);
  const v = c.rdMem(ea, size);
  return { v, h: c.hi, ea };
}

function toBig(lo: number, hi: number, size: number): bigint {
  if (size === 8) return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  return BigInt(lo >>> 0);
}
function fromBig(c: CpuCore, v: bigint, size: number): number {
  const m = BigInt.asUintN(size * 8, v);
  c.hi = size === 8 ? Number(m >> 32n) | 0 : 0;
  return Number(m & 0xffffffffn);
}

const ACC = 0, CX = 1, DX = 2;

export function execRare(c: CpuCore, d: DecodedInsn, next: number): void {
  const size = d.osz;
  switch (d.op) {
    case Op.MOVZX: case Op.MOVSX: {
      const ss = d.k1 === K_REG ? d.s1 : d.s1;
      let v = d.k1 === K_REG ? c.getR(d.r1, ss) : c.rdMem(c.ea(d), ss);
      let h = 0;
      if (d.op === Op.MOVSX) {
        const sign = ss === 4 ? 0x80000000 : SIGN_BIT[ss]!;
        if (v & sign) { v = ss === 4 ? v : (v | ~SIZE_MASK[ss]!) >>> 0; h = -1; } else h = 0;
        if (size < 4) v &= SIZE_MASK[size]!;
      }
      c.setR(d.r0, size, v >>> 0, size === 8 ? h : 0);
      return;
    }
    case Op.XCHG: {
      if (d.k0 === K_REG && d.k1 === K_REG) {
        const a = c.getR(d.r0, size), ah = c.hi, b = c.getR(d.r1, size), bh = c.hi;
        c.setR(d.r0, size, b, bh); c.setR(d.r1, size, a, ah);
      } else {
        const memFirst = d.k0 === K_MEM;
        const ea = c.ea(d); c.probeWrite(ea, size);
        const r = memFirst ? d.r1 : d.r0;
        const m = c.rdMem(ea, size), mh = c.hi, v = c.getR(r, size), vh = c.hi;
        c.wrMem(ea, size, v, vh); c.setR(r, size, m, mh);
      }
      return;
    }
    case Op.CMPXCHG: {
      const { v, h, ea } = rdA(c, d, size, true);
      const acc = c.getR(ACC, size), acch = c.hi;
      c.alu(Op.CMP, size, acc, acch, v, h);
      const src = c.getR(d.r1, size), srch = c.hi;
      if (v === acc && (size !== 8 || h === acch)) wrA(c, d, size, src, srch, ea);
      else { if (d.k0 === K_MEM) c.wrMem(ea, size, v, h); c.setR(ACC, size, v, h); }
      return;
    }
    case Op.XADD: {
      const { v, h, ea } = rdA(c, d, size, true);
      const s = c.getR(d.r1, size), sh = c.hi;
      const r = c.alu(Op.ADD, size, v, h, s, sh), rh = c.hi;
      c.setR(d.r1, size, v, h);
      wrA(c, d, size, r, rh, ea);
      return;
    }
    case Op.BSWAP: {
      const v = c.getR(d.r0, size), h = c.hi;
      const sw = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
      if (size === 8) c.setR(d.r0, 8, sw(h), sw(v) | 0);
      else if (size === 4) c.setR(d.r0, 4, sw(v), 0);
      else c.setR(d.r0, 2, 0, 0); // bswap r16 is undefined; Intel and AMD give 0
      return;
    }
    case Op.CBW: {
      if (size === 2) { const v = c.regLo[0]! & 0xff; c.setR(ACC, 2, v & 0x80 ? v | 0xff00 : v, 0); }
      else if (size === 4) { const v = c.regLo[0]! & 0xffff; c.setR(ACC, 4, v & 0x8000 ? (v | 0xffff0000) >>> 0 : v, 0); }
      else c.regHi[0] = c.regLo[0]! >> 31;
      return;
    }
    case Op.CWD: {
      if (size === 2) c.setR(DX, 2, c.regLo[0]! & 0x8000 ? 0xffff : 0, 0);
      else if (size === 4) c.setR(DX, 4, c.regLo[0]! >> 31, 0);
      else { const s = c.regHi[0]! >> 31; c.setR(DX, 8, s, s); }
      return;
    }
    case Op.CMOV: {
      const v = c.src1(d, size), h = c.hi;
      if (c.cond(d.cond)) c.setR(d.r0, size, v, h);
      else if (size === 4) c.regHi[d.r0] = 0; // 32-bit cmov zero-extends even when false
      return;
    }
    case Op.SETCC: {
      const v = c.cond(d.cond) ? 1 : 0;
      if (d.k0 === K_REG) c.setR(d.r0, 1, v, 0); else c.wr8(c.ea(d), v);
      return;
    }
    case Op.NEG: {
      const { v, h, ea } = rdA(c, d, size, true);
      const r = c.alu(Op.SUB, size, 0, 0, v, h);
      wrA(c, d, size, r, c.hi, ea);
      return;
    }
    case Op.NOT: {
      const { v, h, ea } = rdA(c, d, size, true);
      wrA(c, d, size, (~v & SIZE_MASK[size === 8 ? 4 : size]!) >>> 0, ~h, ea);
      return;
    }
    case Op.MUL: case Op.IMUL1: mulDiv1(c, d, size); return;
    case Op.DIV: case Op.IDIV: mulDiv1(c, d, size); return;
    case Op.IMUL2: {
      const a = d.k2 === K_IMM ? c.src1(d, size) : c.getR(d.r0, size), ah = c.hi;
      const b = d.k2 === K_IMM ? (size === 8 ? d.immLo >>> 0 : (d.immLo & SIZE_MASK[size]!) >>> 0) : c.src1(d, size);
      const bh = d.k2 === K_IMM ? (size === 8 ? d.immHi : 0) : c.hi;
      const bits = size * 8;
      const sa = BigInt.asIntN(bits, toBig(a, ah, size)), sb = BigInt.asIntN(bits, toBig(b, bh, size));
      const p = sa * sb;
      const r = fromBig(c, p, size), rh = c.hi;
      const over = BigInt.asIntN(bits, p) !== p;
      c.setR(d.r0, size, r, rh);
      c.setArith((over ? C.FLAG_CF | C.FLAG_OF : 0) | c.szp(r, rh, size));
      return;
    }
    case Op.ROL: case Op.ROR: case Op.RCL: case Op.RCR: case Op.SHL: case Op.SHR: case Op.SAR:
      shift(c, d, size); return;
    case Op.SHLD: case Op.SHRD: {
      const { v, h, ea } = rdA(c, d, size, true);
      const s = c.getR(d.r1, size), sh = c.hi;
      const bits = size * 8;
      let n = (d.k2 === K_IMM ? d.immLo & 0xff : c.regLo[CX]! & 0xff) & (size === 8 ? 63 : 31);
      if (n === 0) { if (size === 4 && d.k0 === K_REG) c.regHi[d.r0] = 0; return; }
      const dv = toBig(v, h, size), sv = toBig(s, sh, size);
      let r: bigint, cf: number;
      if (d.op === Op.SHLD) {
        const cat = (dv << BigInt(bits)) | sv; // dest:src
        const sh2 = cat << BigInt(n);
        r = BigInt.asUintN(bits, sh2 >> BigInt(bits));
        cf = Number((dv >> BigInt(bits - n)) & 1n);
        if (n > bits) cf = 0;
      } else {
        const cat = (sv << BigInt(bits)) | dv; // src:dest
        r = BigInt.asUintN(bits, cat >> BigInt(n));
        cf = Number((dv >> BigInt(n - 1)) & 1n);
      }
      const rl = fromBig(c, r, size), rh = c.hi;
      wrA(c, d, size, rl, rh, ea);
      const msb = Number((r >> BigInt(bits - 1)) & 1n), omsb = Number((dv >> BigInt(bits - 1)) & 1n);
      c.setArith(cf | c.szp(rl, rh, size) | (msb !== omsb ? C.FLAG_OF : 0));
      return;
    }
    case Op.BT: case Op.BTS: case Op.BTR: case Op.BTC: {
      const bits = size * 8;
      let ea = 0, bit: number;
      if (d.k1 === K_IMM) bit = d.immLo & (bits - 1);
      else {
        const off = c.getR(d.r1, size), oh = c.hi;
        if (d.k0 === K_MEM) {
          const so = size === 8 ? oh * TWO32 + off : size === 4 ? off | 0 : size === 2 ? (off << 16) >> 16 : off;
          const idx = Math.floor(so / bits);
          ea = c.ea(d) + idx * size;
          if (c.bits !== 64) ea = ea >>> 0;
          bit = so - idx * bits;
        } else bit = off & (bits - 1);
      }
      if (d.k0 === K_MEM && d.k1 === K_IMM) ea = c.ea(d);
      if (d.k0 === K_MEM && d.op !== Op.BT) c.probeWrite(ea, size);
      let v = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(ea, size), h = c.hi;
      const inHi = bit >= 32, b = bit & 31;
      const cur = ((inHi ? h : v) >>> b) & 1;
      if (d.op !== Op.BT) {
        const m = 1 << b;
        let w = inHi ? h : v;
        w = d.op === Op.BTS ? w | m : d.op === Op.BTR ? w & ~m : w ^ m;
        if (inHi) h = w | 0; else v = w >>> 0;
        if (d.k0 === K_REG) c.setR(d.r0, size, v, h); else c.wrMem(ea, size, v, h);
      }
      c.setArith((c.materializeFlags() & (C.ARITH_FLAGS & ~C.FLAG_CF)) | cur);
      return;
    }
    case Op.BSF: case Op.BSR: {
      const v = c.src1(d, size), h = size === 8 ? c.hi : 0;
      const f = c.materializeFlags() & C.ARITH_FLAGS & ~C.FLAG_ZF;
      if (v === 0 && h === 0) { c.setArith(f | C.FLAG_ZF); return; }
      let idx: number;
      if (d.op === Op.BSF) idx = v !== 0 ? 31 - Math.clz32(v & -v) : 32 + 31 - Math.clz32(h & -h);
      else idx = h !== 0 ? 63 - Math.clz32(h) : 31 - Math.clz32(v);
      c.setR(d.r0, size, idx, 0);
      c.setArith(f);
      return;
    }
    case Op.JMP_IND: {
      const v = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(c.ea(d), size);
      c.rip = size === 8 ? c.hi * TWO32 + v : v;
      return;
    }
    case Op.CALL_IND: {
      const v = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(c.ea(d), size), vh = c.hi;
      c.push(next >>> 0, size === 8 ? Math.floor(next / TWO32) | 0 : 0, size);
      c.rip = size === 8 ? vh * TWO32 + v : v;
      return;
    }
    case Op.LEAVE: {
      const bp = c.bits === 64 ? c.reg64(5) : c.regLo[5]! >>> 0;
      const v = c.rdMem(bp, size), vh = c.hi;
      c.setSp(c.bits === 64 ? bp + size : (bp + size) >>> 0);
      c.setR(5, size, v, vh);
      return;
    }
    case Op.ENTER: {
      const alloc = d.immLo & 0xffff, level = d.imm2 & 31;
      const bp = c.getR(5, size), bph = c.hi;
      c.push(bp, bph, size);
      const frame = c.spAddr();
      let cur = c.bits === 64 ? c.reg64(5) : c.regLo[5]! >>> 0;
      for (let i = 1; i < level; i++) { cur -= size; const v = c.rdMem(cur, size); c.push(v, c.hi, size); }
      if (level > 0) c.push(frame >>> 0, Math.floor(frame / TWO32) | 0, size);
      c.setR(5, size, frame >>> 0, Math.floor(frame / TWO32) | 0);
      c.setSp(c.bits === 64 ? c.spAddr() - alloc : (c.spAddr() - alloc) >>> 0);
      return;
    }
    case Op.LOOP: case Op.LOOPE: case Op.LOOPNE: case Op.JCXZ: {
      const as = d.asz;
      if (d.op === Op.JCXZ) {
        const z = as === 8 ? (c.regLo[CX]! | c.regHi[CX]!) === 0 : c.regLo[CX]! === 0;
        if (z) c.rip = d.target;
        return;
      }
      let nz: boolean;
      if (as === 8) {
        const lo = (c.regLo[CX]! >>> 0) - 1; c.regLo[CX] = lo | 0; if (lo < 0) c.regHi[CX] = (c.regHi[CX]! - 1) | 0;
        nz = (c.regLo[CX]! | c.regHi[CX]!) !== 0;
      } else { c.regLo[CX] = (c.regLo[CX]! - 1) | 0; if (c.bits === 64) c.regHi[CX] = 0; nz = c.regLo[CX]! !== 0; }
      const zf = c.cond(4);
      if (nz && (d.op === Op.LOOP || (d.op === Op.LOOPE ? zf : !zf))) c.rip = d.target;
      return;
    }
    case Op.MOVS: case Op.STOS: case Op.LODS: case Op.CMPS: case Op.SCAS: stringOp(c, d); return;
    case Op.CLD: c.storeFlags(c.materializeFlags() & ~C.FLAG_DF); return;
    case Op.STD: c.storeFlags(c.materializeFlags() | C.FLAG_DF); return;
    case Op.CLC: c.storeFlags(c.materializeFlags() & ~C.FLAG_CF); return;
    case Op.STC: c.storeFlags(c.materializeFlags() | C.FLAG_CF); return;
    case Op.CMC: c.storeFlags(c.materializeFlags() ^ C.FLAG_CF); return;
    case Op.CLI: case Op.STI: {
      if (c.cpl > ((c.flagsRest >> 12) & 3)) throw new GuestFault(C.VEC_GP, 0, `${d.op === Op.CLI ? 'cli' : 'sti'} at CPL ${c.cpl} > IOPL`);
      const f = c.materializeFlags();
      if (d.op === Op.STI && !(f & C.FLAG_IF)) c.intShadow = true;
      c.storeFlags(d.op === Op.CLI ? f & ~C.FLAG_IF : f | C.FLAG_IF);
      return;
    }
    case Op.PUSHF: {
      const f = c.materializeFlags() & ~(C.FLAG_RF | C.FLAG_VM);
      c.push(size === 2 ? f & 0xffff : f, 0, size);
      return;
    }
    case Op.POPF: {
      const v = c.pop(size);
      let mask = IRET_MASK & ~C.FLAG_RF;
      const iopl = (c.flagsRest >> 12) & 3;
      if (c.cpl === 0) mask |= C.FLAG_IF | C.FLAG_IOPL;
      else if (c.cpl <= iopl) mask |= C.FLAG_IF;
      if (size === 2) mask &= 0xffff;
      const old = c.materializeFlags();
      c.storeFlags((old & ~mask) | (v & mask));
      return;
    }
    case Op.LAHF: c.setR(R_AH, 1, (c.materializeFlags() & 0xd5) | 2, 0); return;
    case Op.SAHF: {
      const ah = (c.regLo[0]! >> 8) & 0xd5;
      c.storeFlags((c.materializeFlags() & ~0xd5) | ah);
      return;
    }
    case Op.HLT: privileged(c, 'hlt'); c.halted = true; return;
    case Op.UD2: throw new GuestFault(C.VEC_UD, -1, 'ud2');
    case Op.INVALID: throw new GuestFault(C.VEC_UD, -1, 'invalid opcode');
    case Op.UNEMULATED: throw new GuestFault(C.VEC_UD, -1, `not emulated: ${d.text}`, 0, true);
    case Op.ROW: {
      const row = d.row!;
      // What CPUID denies the CPU does not run: the same list decides both (profile features).
      if (row.feature !== undefined && !c.features.has(row.feature)) {
        if (row.withoutFeature !== undefined) { row.withoutFeature(c, d); return; }
        throw new GuestFault(C.VEC_UD, -1, `${row.name} needs CPU feature '${row.feature}', which this profile's CPU lacks`);
      }
      row.handler(c, d);
      return;
    }
    case Op.INT3: softInt(c, 3); return;
    case Op.INT: softInt(c, d.immLo & 0xff); return;
    case Op.IRET: iret(c, d); return;
    case Op.SYSCALL: syscall(c, d, next); return;
    case Op.SYSRET: sysret(c, d); return;
    case Op.SYSENTER: sysenter(c, d); return;
    case Op.SYSEXIT: sysexit(c, d); return;
    case Op.SWAPGS: {
      if (c.bits !== 64) throw new GuestFault(C.VEC_UD, -1, 'swapgs outside 64-bit mode');
      privileged(c, 'swapgs');
      const g = c.segBase[C.SEG_GS]!;
      c.segBase[C.SEG_GS] = c.kernelGsBase; c.kernelGsBase = g;
      return;
    }
    case Op.RDMSR: {
      privileged(c, 'rdmsr');
      const idx = c.regLo[CX]! >>> 0;
      const v = rdmsrValue(c, idx);
      if (v === null) throw new GuestFault(C.VEC_GP, 0, `rdmsr of unknown MSR ${hex(idx)}`);
      if (idx >= 0x800 && idx <= 0x8ff && c.profile.virtualised) c.cycles += c.costs['vmExit'] ?? 0;
      c.setR(ACC, 4, Number(v & 0xffffffffn), 0); c.setR(DX, 4, Number(v >> 32n), 0);
      return;
    }
    case Op.WRMSR: {
      privileged(c, 'wrmsr');
      const idx = c.regLo[CX]! >>> 0;
      const v = (BigInt(c.regLo[DX]! >>> 0) << 32n) | BigInt(c.regLo[ACC]! >>> 0);
      if (!wrmsrValue(c, idx, v)) throw new GuestFault(C.VEC_GP, 0, `wrmsr to unknown MSR ${hex(idx)}`);
      return;
    }
    case Op.RDTSC: case Op.RDTSCP: {
      if ((c.cr4 & 4) && c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, 'rdtsc with CR4.TSD at CPL 3');
      const t = Math.floor(c.cycles);
      c.setR(ACC, 4, t >>> 0, 0); c.setR(DX, 4, Math.floor(t / TWO32) >>> 0, 0);
      if (d.op === Op.RDTSCP) c.setR(CX, 4, c.tscAux >>> 0, 0);
      return;
    }
    case Op.CPUID: cpuid(c); return;
    case Op.MOV_TO_CR: {
      privileged(c, 'mov to cr');
      const v = c.getR(d.r1, size), h = c.hi;
      if (d.r0 === 3) c.cycles += (c.costs['movCr3'] ?? 0) - (c.costs['movCr'] ?? 0);
      writeCr(c, d.r0, size === 8 ? h * TWO32 + v : v);
      return;
    }
    case Op.MOV_FROM_CR: {
      privileged(c, 'mov from cr');
      const n = d.r1;
      const v = n === 0 ? c.cr0 >>> 0 : n === 2 ? c.cr2 : n === 3 ? c.cr3 : n === 4 ? c.cr4 >>> 0 : -1;
      if (v === -1) throw new GuestFault(C.VEC_UD, -1, `mov from cr${n}`);
      c.setR(d.r0, size, v >>> 0, Math.floor(v / TWO32) | 0);
      return;
    }
    case Op.LGDT: case Op.LIDT: {
      privileged(c, d.op === Op.LGDT ? 'lgdt' : 'lidt');
      const ea = c.ea(d);
      const limit = c.rd16(ea);
      let base: number;
      if (c.bits === 64) { const lo = c.rd64(ea + 2); base = c.hi * TWO32 + lo; } else base = c.rd32(ea + 2);
      if (d.op === Op.LGDT) { c.gdtBase = base; c.gdtLimit = limit; } else { c.idtBase = base; c.idtLimit = limit; }
      return;
    }
    case Op.LTR: {
      privileged(c, 'ltr');
      const sel = d.k0 === K_REG ? c.getR(d.r0, 2) : c.rd16(c.ea(d));
      const err = loadTaskRegister(c, sel);
      if (err) throw new GuestFault(C.VEC_GP, sel & ~3, `ltr ${hex(sel)}: ${err}`);
      return;
    }
    case Op.MOV_TO_SEG: {
      if (d.r0 === C.SEG_CS) throw new GuestFault(C.VEC_UD, -1, 'mov to %cs');
      const sel = d.k1 === K_REG ? c.getR(d.r1, 2) : c.rd16(c.ea(d));
      loadSegment(c, d.r0, sel, false);
      return;
    }
    case Op.MOV_FROM_SEG: {
      const sel = c.segSel[d.r1]! & 0xffff;
      if (d.k0 === K_REG) c.setR(d.r0, d.s0, sel, 0); else c.wr16(c.ea(d), sel);
      return;
    }
    case Op.PUSH_SEG: c.push(c.segSel[d.r0]! & 0xffff, 0, size); return;
    case Op.POP_SEG: {
      const sp = c.spAddr();
      const sel = c.rdMem(sp, size) & 0xffff;
      loadSegment(c, d.r0, sel, false);
      c.setSp(c.bits === 64 ? sp + size : (sp + size) >>> 0);
      return;
    }
    case Op.PUSHA: {
      if (c.bits === 64) throw new GuestFault(C.VEC_UD, -1, 'pusha in 64-bit mode');
      const sp0 = c.regLo[4]!;
      const vals = [c.regLo[0]!, c.regLo[1]!, c.regLo[2]!, c.regLo[3]!, sp0, c.regLo[5]!, c.regLo[6]!, c.regLo[7]!];
      const start = c.spAddr();
      let a = start;
      for (const v of vals) { a = (a - size) >>> 0; c.wrMem(a, size, v >>> 0, 0); }
      c.setSp(a);
      return;
    }
    case Op.POPA: {
      if (c.bits === 64) throw new GuestFault(C.VEC_UD, -1, 'popa in 64-bit mode');
      let a = c.spAddr();
      const vals: number[] = [];
      for (let i = 0; i < 8; i++) { vals.push(c.rdMem(a, size)); a = (a + size) >>> 0; }
      for (let i = 0; i < 8; i++) { const r = 7 - i; if (r !== 4) c.setR(r, size, vals[i]!, 0); }
      c.setSp(a);
      return;
    }
    case Op.SGDT: case Op.SIDT: {
      if ((c.cr4 & (1 << 11)) && c.cpl > 0) throw new GuestFault(C.VEC_GP, 0, 'sgdt/sidt with CR4.UMIP at CPL 3');
      const ea = c.ea(d);
      const base = d.op === Op.SGDT ? c.gdtBase : c.idtBase, limit = d.op === Op.SGDT ? c.gdtLimit : c.idtLimit;
      c.probeWrite(ea, c.bits === 64 ? 10 : 6);
      c.wr16(ea, limit);
      if (c.bits === 64) c.wr64(ea + 2, base >>> 0, Math.floor(base / TWO32) | 0); else c.wr32(ea + 2, base >>> 0);
      return;
    }
    case Op.LLDT: {
      privileged(c, 'lldt');
      const sel = d.k0 === K_REG ? c.getR(d.r0, 2) : c.rd16(c.ea(d));
      if ((sel & ~3) !== 0) throw new GuestFault(C.VEC_GP, sel & ~3, 'lldt: local descriptor tables are not modelled (only a null selector)');
      c.ldtSel = 0;
      return;
    }
    case Op.STR: {
      if ((c.cr4 & (1 << 11)) && c.cpl > 0) throw new GuestFault(C.VEC_GP, 0, 'str with CR4.UMIP at CPL 3');
      if (d.k0 === K_REG) c.setR(d.r0, d.s0, c.trSel & 0xffff, 0); else c.wr16(c.ea(d), c.trSel & 0xffff);
      return;
    }
    default:
      throw new GuestFault(C.VEC_UD, -1, `not emulated: op ${d.op}`, 0, true);
  }
}

const R_AH = 16;

function softInt(c: CpuCore, vector: number): void {
  if (vector === C.VEC_BP) {
    // int3 is the #BP trap: remember it like other exceptions (the saved RIP is the next instruction)
    c.lastException = { vector: 3, name: '#BP', rip: numberToAddr(c.rip), reason: 'int3 breakpoint', notEmulated: false };
  }
  deliverEvent(c, vector, 'int', -1, c.rip);
}

function mulDiv1(c: CpuCore, d: DecodedInsn, size: number): void {
  const src = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(c.ea(d), size), srch = c.hi;
  const bits = size * 8;
  const signed = d.op === Op.IMUL1 || d.op === Op.IDIV;
  const s = signed ? BigInt.asIntN(bits, toBig(src, srch, size)) : toBig(src, srch, size);
  // accumulator pair: AL/AX for bytes, DX:AX, EDX:EAX, RDX:RAX
  let accLo: bigint, accHi: bigint;
  if (size === 1) { const ax = BigInt(c.regLo[0]! & 0xffff); accLo = ax & 0xffn; accHi = ax >> 8n; }
  else { accLo = toBig(c.getR(0, size), c.hi, size); accHi = toBig(c.getR(2, size), c.hi, size); }
  const setPair = (lo: bigint, hi: bigint): void => {
    if (size === 1) c.setR(0, 2, Number(((hi & 0xffn) << 8n) | (lo & 0xffn)), 0);
    else { const l = fromBig(c, lo, size); c.setR(0, size, l, c.hi); const h = fromBig(c, hi, size); c.setR(2, size, h, c.hi); }
  };
  if (d.op === Op.MUL || d.op === Op.IMUL1) {
    const a = signed ? BigInt.asIntN(bits, accLo) : accLo;
    const p = a * s;
    const lo = BigInt.asUintN(bits, p), hi = BigInt.asUintN(bits, p >> BigInt(bits));
    setPair(lo, hi);
    const over = signed ? BigInt.asIntN(bits, p) !== p : hi !== 0n;
    const rl = fromBig(c, lo, size);
    c.setArith((over ? C.FLAG_CF | C.FLAG_OF : 0) | c.szp(rl, c.hi, size));
    return;
  }
  if (s === 0n) throw new GuestFault(C.VEC_DE, -1, 'divide by zero');
  const dividendU = (accHi << BigInt(bits)) | accLo;
  const dividend = signed ? BigInt.asIntN(bits * 2, dividendU) : dividendU;
  const q = dividend / s, r = dividend % s;
  const fits = signed ? BigInt.asIntN(bits, q) === q : q < (1n << BigInt(bits));
  if (!fits) throw new GuestFault(C.VEC_DE, -1, 'divide overflow (quotient too large)');
  setPair(BigInt.asUintN(bits, q), BigInt.asUintN(bits, r));
}

function shift(c: CpuCore, d: DecodedInsn, size: number): void {
  const { v, h, ea } = rdA(c, d, size, true);
  const cnt = d.k1 === K_IMM ? d.immLo & 0xff : d.k1 === K_REG ? c.getR(d.r1, 1) : 1;
  const n = cnt & (size === 8 ? 63 : 31);
  if (n === 0) { if (size === 4 && d.k0 === K_REG) c.regHi[d.r0] = 0; return; } // 32-bit destination still zero-extended
  const bits = size * 8;
  const mask = (1n << BigInt(bits)) - 1n;
  const x = toBig(v, h, size);
  const f0 = c.materializeFlags();
  let r: bigint, cf: number, of: number;
  switch (d.op) {
    case Op.SHL:
      r = (x << BigInt(n)) & mask;
      cf = n <= bits ? Number((x >> BigInt(bits - n)) & 1n) : 0;
      of = Number((r >> BigInt(bits - 1)) & 1n) ^ cf;
      break;
    case Op.SHR:
      r = x >> BigInt(n);
      cf = Number((x >> BigInt(n - 1)) & 1n);
      of = Number((x >> BigInt(bits - 1)) & 1n);
      break;
    case Op.SAR: {
      const sx = BigInt.asIntN(bits, x);
      r = (sx >> BigInt(n)) & mask;
      cf = Number((sx >> BigInt(Math.min(n - 1, bits - 1))) & 1n);
      of = 0;
      break;
    }
    case Op.ROL: {
      const k = n % bits;
      r = k ? ((x << BigInt(k)) | (x >> BigInt(bits - k))) & mask : x;
      cf = Number(r & 1n);
      of = Number((r >> BigInt(bits - 1)) & 1n) ^ cf;
      const w = rdWrite(c, d, size, r, ea);
      c.setArith((f0 & C.ARITH_FLAGS & ~(C.FLAG_CF | C.FLAG_OF)) | cf | (of ? C.FLAG_OF : 0));
      void w; return;
    }
    case Op.ROR: {
      const k = n % bits;
      r = k ? ((x >> BigInt(k)) | (x << BigInt(bits - k))) & mask : x;
      const msb = Number((r >> BigInt(bits - 1)) & 1n), msb2 = Number((r >> BigInt(bits - 2)) & 1n);
      cf = msb; of = msb ^ msb2;
      rdWrite(c, d, size, r, ea);
      c.setArith((f0 & C.ARITH_FLAGS & ~(C.FLAG_CF | C.FLAG_OF)) | cf | (of ? C.FLAG_OF : 0));
      return;
    }
    case Op.RCL: case Op.RCR: {
      const k = size === 1 ? n % 9 : size === 2 ? n % 17 : n;
      let val = x, carry = BigInt(f0 & 1);
      let ofv = 0;
      for (let i = 0; i < k; i++) {
        if (d.op === Op.RCL) {
          const out = (val >> BigInt(bits - 1)) & 1n;
          val = ((val << 1n) | carry) & mask; carry = out;
        } else {
          const out = val & 1n;
          val = (val >> 1n) | (carry << BigInt(bits - 1)); carry = out;
        }
      }
      if (d.op === Op.RCL) ofv = Number((val >> BigInt(bits - 1)) & 1n) ^ Number(carry);
      else ofv = Number((val >> BigInt(bits - 1)) & 1n) ^ Number((val >> BigInt(bits - 2)) & 1n);
      rdWrite(c, d, size, val, ea);
      if (k === 0) return;
      c.setArith((f0 & C.ARITH_FLAGS & ~(C.FLAG_CF | C.FLAG_OF)) | Number(carry) | (ofv ? C.FLAG_OF : 0));
      return;
    }
    default: return;
  }
  const rl = rdWrite(c, d, size, r, ea);
  c.setArith(cf | (of ? C.FLAG_OF : 0) | c.szp(rl, c.hi, size)); // AF is undefined after a shift: cleared
}

function rdWrite(c: CpuCore, d: DecodedInsn, size: number, r: bigint, ea: number): number {
  const lo = fromBig(c, r, size), hi = c.hi;
  wrA(c, d, size, lo, hi, ea);
  c.hi = hi;
  return lo;
}

function stringOp(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz, as = d.asz;
  const step = (c.flagsRest & C.FLAG_DF) ? -size : size;
  const rep = d.rep;
  const cnt = (): number => as === 8 ? c.reg64(CX) : c.regLo[CX]! >>> 0;
  const setCnt = (v: number): void => { if (as === 8) c.setReg64Num(CX, v); else { c.regLo[CX] = v | 0; if (c.bits === 64) c.regHi[CX] = 0; } };
  const idx = (r: number): number => as === 8 ? c.reg64(r) : c.regLo[r]! >>> 0;
  const setIdx = (r: number, v: number): void => { if (as === 8) c.setReg64Num(r, v); else { c.regLo[r] = v | 0; if (c.bits === 64) c.regHi[r] = 0; } };
  const segAdd = (seg: number, a: number): number => {
    if (c.bits === 64) return seg >= 4 ? a + c.segBase[seg]! : a;
    return (a + c.segBase[seg]!) >>> 0;
  };
  const iter = c.costs['stringIter'] ?? 0;
  let guard = 0;
  for (;;) {
    if (rep && cnt() === 0) return;
    const si = idx(6), di = idx(7);
    switch (d.op) {
      case Op.MOVS: { const v = c.rdMem(segAdd(d.seg, si), size); c.wrMem(segAdd(C.SEG_ES, di), size, v, c.hi); setIdx(6, si + step); setIdx(7, di + step); break; }
      case Op.STOS: { const v = c.getR(ACC, size); c.wrMem(segAdd(C.SEG_ES, di), size, v, c.hi); setIdx(7, di + step); break; }
      case Op.LODS: { const v = c.rdMem(segAdd(d.seg, si), size); c.setR(ACC, size, v, c.hi); setIdx(6, si + step); break; }
      case Op.CMPS: {
        const a = c.rdMem(segAdd(d.seg, si), size), ah = c.hi;
        const b = c.rdMem(segAdd(C.SEG_ES, di), size), bh = c.hi;
        c.alu(Op.CMP, size, a, ah, b, bh); setIdx(6, si + step); setIdx(7, di + step); break;
      }
      case Op.SCAS: {
        const a = c.getR(ACC, size), ah = c.hi;
        const b = c.rdMem(segAdd(C.SEG_ES, di), size), bh = c.hi;
        c.alu(Op.CMP, size, a, ah, b, bh); setIdx(7, di + step); break;
      }
    }
    if (!rep) return;
    setCnt(cnt() - 1);
    c.cycles += iter;
    if (d.op === Op.CMPS || d.op === Op.SCAS) {
      const zf = c.cond(4);
      if (rep === 1 ? !zf : zf) return;
    }
    // Long rep strings yield back so timers and breakpoints are not starved (the instruction restarts).
    if (++guard >= 4096 && cnt() !== 0) { c.rip -= d.len; return; }
  }
}

function cpuid(c: CpuCore): void {
  const [a, b, cx, dx] = cpuidLeaf(c.profile, c.features, c.regLo[ACC]! >>> 0, c.regLo[CX]! >>> 0, c.cr4);
  c.setR(ACC, 4, a, 0); c.setR(3, 4, b, 0); c.setR(CX, 4, cx, 0); c.setR(DX, 4, dx, 0);
}

export { hex };
void K_MEM; void F_NONE;
