// Interrupts and exceptions: IDT delivery (gates, TSS stack switch, the hardware frame), faults
// becoming #DF and a triple fault, and IRET.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodeInstruction.js';
import { GuestFault } from '../GuestFault.js';
import { asStackFault } from './stackFault.js';
import { hex, numberToAddr } from '../memory.js';
import { loadFlatSs, readDesc, setSegCache, sysRd32, type Desc } from './descriptors.js';
import { record } from './transferRecord.js';
import { Mnemonic } from '../../x86/icedModule.js';
import type { CoreRows } from '../isa/coreRows.js';

const TWO32 = 4294967296;

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
  f = asStackFault(c, f);
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

/** The flags IRET and POPF may change at any privilege (IF and IOPL depend on CPL and IOPL). */
export const IRET_MASK = C.FLAG_CF | C.FLAG_PF | C.FLAG_AF | C.FLAG_ZF | C.FLAG_SF | C.FLAG_TF | C.FLAG_DF | C.FLAG_OF | C.FLAG_NT | C.FLAG_RF | C.FLAG_AC | C.FLAG_ID;

export function iret(c: CpuCore, d: DecodedInsn): void {
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

/** INT n and INT3 (a trap: the saved RIP is the next instruction). */
function softInt(c: CpuCore, vector: number): void {
  if (vector === C.VEC_BP) {
    c.lastException = { vector: 3, name: '#BP', rip: numberToAddr(c.rip), reason: 'int3 breakpoint', notEmulated: false };
  }
  deliverEvent(c, vector, 'int', -1, c.rip);
}

const gate = { cls: 'intGate', jit: false, flagsRead: C.ARITH_FLAGS, flagsWritten: 0 } as const;

export const INTERRUPT_ROWS: CoreRows = {
  INT3: { ...gate, mnemonics: [Mnemonic.Int3], handler: (c) => softInt(c, 3) },
  INT: { ...gate, mnemonics: [Mnemonic.Int], handler: (c, d) => softInt(c, d.immLo & 0xff) },
  IRET: { mnemonics: [Mnemonic.Iret, Mnemonic.Iretd, Mnemonic.Iretq], handler: iret, cls: 'iret', jit: false, flagsRead: 0, flagsWritten: C.ARITH_FLAGS },
};
