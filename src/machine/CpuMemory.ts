// Guest memory access for the CPU: translation through the per-privilege TLBs with the #PF/#GP
// checks, reads and writes of 1-8 bytes (a write drops the page's decoded instructions), operand
// addressing, the binary ALU and the stack.
import * as C from './constants.js';
import type { DecodedInsn } from './decodedInsn.js';
import { SIZE_MASK } from './flags.js';
import { GuestFault } from './GuestFault.js';
import { type PhysPage, PERM_EXEC, PERM_USER, PERM_WRITE, numberToAddr } from './memory.js';
import { CpuState } from './CpuState.js';

const K_REG = 1, K_MEM = 2;
const F_ADD = 1, F_SUB = 2, F_LOGIC = 3;
const TWO32 = 4294967296;
const TWO63 = 2 ** 63, TWO64 = 2 ** 64;
const CANON = 140737488355328; // 2^47

export class CpuMemory extends CpuState {
  // ================================================================== memory
  setCpl(cpl: number): void {
    if (cpl === this.cpl && this.rtlb === this.tlbs[cpl === 3 ? 3 : 0]) return;
    this.cpl = cpl;
    this.codeBase = NaN;
    const u = cpl === 3 ? 3 : 0;
    this.rtlb = this.tlbs[u]!; this.wtlb = this.tlbs[u + 1]!; this.xtlb = this.tlbs[u + 2]!;
  }

  flushTlbs(): void { for (const t of this.tlbs) t.flush(); this.codeBase = NaN; }

  invalidateDecodeCache(): void {
    for (const p of this.phys.frames.values()) { p.recs = null; p.spilled = null; }
    this.codeBase = NaN;
    this.costs = { ...this.profile.costs };
    this.features = new Set(this.profile.features);
    this.fpu.fitTo(this.profile.vendor, this.features);
  }

  /** Translate a linear address for an access kind (0 read, 1 write, 2 exec), filling the TLB or raising #PF/#GP. */
  translate(la: number, kind: number): PhysPage {
    if (la >= CANON || la < -CANON) {
      if (this.bits === 64 || (this.efer & C.EFER_LMA)) throw new GuestFault(C.VEC_GP, 0, `non-canonical address 0x${numberToAddr(la).toString(16)}`, la);
    }
    const v = Math.floor(la / 4096);
    const user = this.cpl === 3;
    const e = this.space?.pages.get(v);
    const nx = (this.efer & C.EFER_NXE) !== 0;
    const ec = (kind === 1 ? 2 : 0) | (user ? 4 : 0) | (kind === 2 && nx ? 16 : 0);
    if (!e) throw new GuestFault(C.VEC_PF, ec, 'page not present', la);
    if (user && !(e.perms & PERM_USER)) throw new GuestFault(C.VEC_PF, ec | 1, 'user access to supervisor page', la);
    if (kind === 1 && !(e.perms & PERM_WRITE) && (user || (this.cr0 & C.CR0_WP))) throw new GuestFault(C.VEC_PF, ec | 1, 'write to read-only page', la);
    if (kind === 2 && nx && !(e.perms & PERM_EXEC)) throw new GuestFault(C.VEC_PF, ec | 1, 'execute from no-execute page', la);
    const t = kind === 0 ? this.rtlb : kind === 1 ? this.wtlb : this.xtlb;
    const i = v & 255;
    t.tags[i] = v; t.pages[i] = e.page;
    return e.page;
  }

  rd8(la: number): number {
    const v = Math.floor(la / 4096), i = v & 255, t = this.rtlb;
    const p = t.tags[i] === v ? t.pages[i]! : this.translate(la, 0);
    return p.data[la - v * 4096]!;
  }

  rd16(la: number): number {
    const v = Math.floor(la / 4096), i = v & 255, t = this.rtlb, off = la - v * 4096;
    if (off > 4096 - 2) return this.rd8(la) | (this.rd8(la + 1) << 8);
    const p = t.tags[i] === v ? t.pages[i]! : this.translate(la, 0);
    return p.view.getUint16(off, true);
  }

  /** 32-bit read, unsigned. */
  rd32(la: number): number {
    const v = Math.floor(la / 4096), i = v & 255, t = this.rtlb, off = la - v * 4096;
    if (off > 4096 - 4) return (this.rd16(la) | (this.rd16(la + 2) << 16)) >>> 0;
    const p = t.tags[i] === v ? t.pages[i]! : this.translate(la, 0);
    return p.view.getUint32(off, true);
  }

  /** 64-bit read: low half returned (unsigned), high half in this.hi (int32). */
  rd64(la: number): number {
    const v = Math.floor(la / 4096), off = la - v * 4096;
    if (off > 4096 - 8) { const lo = this.rd32(la); this.hi = this.rd32(la + 4) | 0; return lo; }
    const i = v & 255, t = this.rtlb;
    const p = t.tags[i] === v ? t.pages[i]! : this.translate(la, 0);
    this.hi = p.view.getInt32(off + 4, true);
    return p.view.getUint32(off, true);
  }

  /** Read `size` bytes: low 32 bits returned unsigned; this.hi set for size 8 (else 0). */
  rdMem(la: number, size: number): number {
    switch (size) {
      case 1: this.hi = 0; return this.rd8(la);
      case 2: this.hi = 0; return this.rd16(la);
      case 4: this.hi = 0; return this.rd32(la);
      default: return this.rd64(la);
    }
  }

  wpage(la: number): PhysPage {
    const v = Math.floor(la / 4096), i = v & 255, t = this.wtlb;
    const p = t.tags[i] === v ? t.pages[i]! : this.translate(la, 1);
    if (p.recs !== null) p.dropRecs();
    return p;
  }

  wr8(la: number, x: number): void {
    const p = this.wpage(la);
    p.data[la - Math.floor(la / 4096) * 4096] = x;
  }

  wr16(la: number, x: number): void {
    const off = la - Math.floor(la / 4096) * 4096;
    if (off > 4096 - 2) { this.probeSplitWrite(la); this.wr8(la, x); this.wr8(la + 1, x >> 8); return; }
    this.wpage(la).view.setUint16(off, x & 0xffff, true);
  }

  wr32(la: number, x: number): void {
    const off = la - Math.floor(la / 4096) * 4096;
    if (off > 4096 - 4) { this.probeSplitWrite(la); this.wr16(la, x); this.wr16(la + 2, x >>> 16); return; }
    this.wpage(la).view.setUint32(off, x >>> 0, true);
  }

  wr64(la: number, lo: number, hi: number): void {
    const off = la - Math.floor(la / 4096) * 4096;
    if (off > 4096 - 8) { this.probeSplitWrite(la); this.wr32(la, lo); this.wr32(la + 4, hi); return; }
    const view = this.wpage(la).view;
    view.setUint32(off, lo >>> 0, true);
    view.setUint32(off + 4, hi >>> 0, true);
  }

  /** A write that crosses a page: check both pages first (so a fault leaves memory unchanged),
   *  faulting with CR2 = the first byte of the access on the failing page, as the CPU reports. */
  probeSplitWrite(la: number): void {
    this.wpage(la);
    this.wpage((Math.floor(la / 4096) + 1) * 4096);
  }

  wrMem(la: number, size: number, lo: number, hi: number): void {
    switch (size) {
      case 1: this.wr8(la, lo); return;
      case 2: this.wr16(la, lo); return;
      case 4: this.wr32(la, lo); return;
      default: this.wr64(la, lo, hi);
    }
  }

  /** Check that [la, la+size) is writable before a read-modify-write (so a fault leaves state unchanged). */
  probeWrite(la: number, size: number): void { this.wpage(la); if (size > 1) this.wpage(la + size - 1); }

  // ================================================================== operands
  /** Effective (linear) address of the memory operand, including segment base where it applies. */
  ea(d: DecodedInsn): number {
    let a = d.disp;
    const b = d.base, x = d.index;
    if (d.asz === 8) {
      if (b >= 0) a += this.regHi[b]! * TWO32 + (this.regLo[b]! >>> 0);
      if (x >= 0) a += (this.regHi[x]! * TWO32 + (this.regLo[x]! >>> 0)) * (1 << d.scale);
      if (d.seg >= 4) a += this.segBase[d.seg]!;
      if (a >= TWO63) a -= TWO64;
      else if (a < -TWO63) a += TWO64;
      return a;
    }
    if (b >= 0) a += this.regLo[b]!;
    if (x >= 0) a += this.regLo[x]! * (1 << d.scale);
    a = a >>> 0;
    if (this.bits !== 64) {
      if (this.segAttr[d.seg] === 0) this.nullSegment(d.seg);
      a = (a + this.segBase[d.seg]!) >>> 0;
    } else if (d.seg >= 4) a = (a + this.segBase[d.seg]!) >>> 0;
    return a;
  }

  /**
   * Outside 64-bit mode a segment register loaded with a null selector is unusable: an access
   * through it is #GP(0) (a null load leaves the descriptor cache's attributes 0).
   */
  nullSegment(seg: number): never {
    throw new GuestFault(C.VEC_GP, 0, `access through ${['%es', '%cs', '%ss', '%ds', '%fs', '%gs'][seg]} holding a null selector`);
  }

  /** Value of operand 1 (source) at `size`: register, memory or immediate. */
  src1(d: DecodedInsn, size: number): number {
    switch (d.k1) {
      case K_REG: return this.getR(d.r1, size);
      case K_MEM: return this.rdMem(this.ea(d), size);
      default:
        if (size === 8) { this.hi = d.immHi; return d.immLo >>> 0; }
        this.hi = 0; return (d.immLo & SIZE_MASK[size]!) >>> 0;
    }
  }

  // ================================================================== ALU
  /** Binary ALU op on `size`-byte values; result low half returned (unsigned), high half in this.hi. Sets lazy flags. */
  alu(op: number, size: number, a: number, ah: number, b: number, bh: number): number {
    let r = 0, rh = 0;
    const mask = SIZE_MASK[size]!;
    switch (op) {
      case 17 /* ADD */: case 19 /* ADC */: {
        const cin = op === 19 /* ADC */ ? this.carry() : 0;
        if (size === 8) { const s = a + b + cin; r = s >>> 0; rh = (ah + bh + (s > 0xffffffff ? 1 : 0)) | 0; }
        else r = ((a + b + cin) & mask) >>> 0;
        this.fOp = F_ADD; this.fCin = cin;
        break;
      }
      case 22 /* SUB */: case 20 /* SBB */: case 24 /* CMP */: {
        const cin = op === 20 /* SBB */ ? this.carry() : 0;
        if (size === 8) { const s = a - b - cin; r = s >>> 0; rh = (ah - bh - (s < 0 ? 1 : 0)) | 0; }
        else r = ((a - b - cin) & mask) >>> 0;
        this.fOp = F_SUB; this.fCin = cin;
        break;
      }
      case 21 /* AND */: case 25 /* TEST */: r = (a & b) >>> 0; rh = ah & bh; this.fOp = F_LOGIC; break;
      case 18 /* OR */: r = (a | b) >>> 0; rh = ah | bh; this.fOp = F_LOGIC; break;
      case 23 /* XOR */: r = (a ^ b) >>> 0; rh = ah ^ bh; this.fOp = F_LOGIC; break;
    }
    if (size !== 8) rh = 0;
    this.fSize = size; this.fA = a; this.fAHi = ah; this.fB = b; this.fBHi = bh; this.fRes = r; this.fResHi = rh;
    this.hi = rh;
    return r;
  }


  push(lo: number, hi: number, size: number): void {
    const sp = this.spAddr() - size;
    const a = this.bits === 64 ? sp : sp >>> 0;
    this.wrMem(a, size, lo, hi);
    this.setSp(a);
  }

  pop(size: number): number {
    const sp = this.spAddr();
    const v = this.rdMem(sp, size);
    this.setSp(this.bits === 64 ? sp + size : (sp + size) >>> 0);
    return v;
  }

}
