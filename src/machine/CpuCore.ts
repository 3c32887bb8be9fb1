// The CPU core: architectural state, guest memory access with permission checks, lazy flags,
// and the fetch/decode-cache/execute loop. Privilege transfers live in privilege.ts.
import * as C from './constants.js';
import { DecodedInsn, Op, K_IMM as K_IMM_, K_MEM as K_MEM_, K_REG as K_REG_, R_HIGH8 as R_HIGH8_, decodeInstruction } from './decodeInstruction.js';
import * as F from './flags.js';
import { PARITY, SIGN_BIT, SIZE_MASK } from './flags.js';
import { GuestFault } from './GuestFault.js';
import { AddressSpace, PhysicalMemory, PhysPage, Tlb, PERM_EXEC, PERM_USER, PERM_WRITE, numberToAddr } from './memory.js';
import * as P from './privilege.js';
import { compileBlock, isCompilable, MAX_BLOCK_INSNS, type CompiledBlock } from './compileBlock.js';
import { FpuState } from './isa/fpuState.js';
import { HardwareRng } from './isa/hardwareRng.js';
import type { ControlTransfer, CostProfile, Feature, ExceptionInfo, NativeFunction, RunLimits, RunResult, StepResult, TimerConfig, StopReason } from './types.js';

// Hot constants as module-local literals (imported bindings and namespaces are not always folded by the JIT).
const K_REG = 1, K_MEM = 2, K_IMM = 3, R_HIGH8 = 16;
const F_NONE = 0, F_ADD = 1, F_SUB = 2, F_LOGIC = 3, F_INC = 4, F_DEC = 5;
const ARITH_FLAGS = 0x8d5;
const FLAG_CF = 0x1;
const FLAG_IF = 0x200;
const FLAG_OF = 0x800;
const FLAG_PF = 0x4;
const FLAG_SF = 0x80;
const FLAG_ZF = 0x40;
if (K_REG !== K_REG_ || K_MEM !== K_MEM_ || K_IMM !== K_IMM_ || R_HIGH8 !== R_HIGH8_ || F_ADD !== F.F_ADD || F_SUB !== F.F_SUB
  || F_LOGIC !== F.F_LOGIC || F_INC !== F.F_INC || F_DEC !== F.F_DEC || F_NONE !== F.F_NONE || ARITH_FLAGS !== C.ARITH_FLAGS
  || FLAG_OF !== C.FLAG_OF || FLAG_IF !== C.FLAG_IF) throw new Error('machine: local constants out of sync');

// The hot switches use literal opcode numbers (tsc does not inline const enums); keep them in sync.
for (const [name, v] of Object.entries({ ALU_RM4: 123, ALU_RM8: 124, PUSH_R8: 125, POP_R8: 126, PUSH_R4: 127, POP_R4: 128, INCDEC_R4: 121, INCDEC_R8: 122, MOV_RR4: 103, MOV_RR8: 104, MOV_RI4: 105, MOV_RI8: 106, MOV_RM4: 107, MOV_RM8: 108, MOV_MR4: 109, MOV_MR8: 110, ALU_RR4: 111, ALU_RI4: 112, ALU_RR8: 113, ALU_RI8: 114, ADC: 19, ADD: 17, AND: 21, CALL: 53, CALL_IND: 54, CMOV: 15, CMP: 24, DEC: 27, IMUL2: 32, INC: 26, INVALID: 2, JCC: 52, JMP: 50, JMP_IND: 51, LEA: 6, MOV: 3, MOVSX: 5, MOVZX: 4, NATIVE: 1, NOP: 78, OR: 18, POP: 8, PUSH: 7, RET: 55, SAR: 41, SBB: 20, SETCC: 16, SHL: 39, SHR: 40, SUB: 22, TEST: 25, XOR: 23 })) {
  if ((Op as unknown as Record<string, number>)[name] !== v) throw new Error(`machine: opcode table out of sync (${name})`);
}

/** Whether a breakpoint sits on an instruction of the block after its first. */
function blockHasBreakpoint(b: CompiledBlock, bps: Set<number>): boolean {
  const st = b.starts;
  for (let k = 1; k < st.length; k++) if (bps.has(st[k]!)) return true;
  return false;
}

export interface NativeBinding { name: string; fn: NativeFunction; }

const TWO32 = 4294967296;
const CANON = 140737488355328; // 2^47

/** TRAPDOOR_NO_JIT=1 runs every instruction through the interpreter (to tell a block-compiler bug from others). */
const JIT_THRESHOLD = process.env.TRAPDOOR_NO_JIT === '1' ? Infinity : 16;

/** Step status codes of the internal loop. */
const S_OK = 0, S_STOP = 1;

export class CpuCore {
  profile: CostProfile;
  // --- general registers: low and high 32-bit halves ---
  readonly regLo = new Int32Array(16);
  readonly regHi = new Int32Array(16);
  /** Instruction pointer as a signed canonical number (exact in a double). */
  rip = 0;
  // --- flags: non-arithmetic bits (and arithmetic bits when fOp === F_NONE) ---
  flagsRest = 0x2;
  fOp = F_NONE; fSize = 4; fA = 0; fAHi = 0; fB = 0; fBHi = 0; fRes = 0; fResHi = 0; fCin = 0;
  // --- segments: selector + hidden descriptor cache ---
  readonly segSel = new Int32Array(6);
  readonly segBase = new Float64Array(6);
  readonly segLimit = new Float64Array(6);
  /** Descriptor attribute bits as in descriptor bytes 5..6: type(3:0) S(4) DPL(6:5) P(7) AVL(12) L(13) D/B(14) G(15). */
  readonly segAttr = new Int32Array(6);
  cpl = 0;
  /** Code size of the current CS: 16, 32 or 64. */
  bits: 16 | 32 | 64 = 32;
  cr0 = C.CR0_PE;
  cr2 = 0;
  cr3 = 0;
  cr4 = 0;
  efer = 0;
  star = 0n;
  lstar = 0;
  cstar = 0;
  fmask = 0;
  sysenterCs = 0;
  sysenterEsp = 0;
  sysenterEip = 0;
  kernelGsBase = 0;
  tscAux = 0;
  gdtBase = 0; gdtLimit = 0xffff;
  idtBase = 0; idtLimit = 0xffff;
  trSel = 0; trBase = 0; trLimit = 0; trAttr = 0;
  /** LDTR selector (only null is supported: LDTs are not modelled). */
  ldtSel = 0;
  /** The modelled cycle counter (RDTSC returns it). */
  cycles = 0;
  /** Instructions (and native calls) retired. */
  instructions = 0;
  lastException: ExceptionInfo | null = null;
  readonly phys = new PhysicalMemory();
  readonly spaces = new Map<number, AddressSpace>();
  space: AddressSpace | null = null;
  readonly natives = new Map<number, NativeBinding>();
  timer: TimerConfig | null = null;
  nextTimerAt = Infinity;
  halted = false;
  /** STI interrupt shadow: no external interrupt before the instruction after STI (so `sti; hlt` works). */
  intShadow = false;
  stopRequest: string | null = null;
  /** Set by a transfer during the current step (int/iret/syscall/...). */
  transfer: ControlTransfer | null = null;
  // TLBs: [supervisor, user] x read/write/exec; the active ones are swapped on CPL change.
  readonly tlbs = [new Tlb(), new Tlb(), new Tlb(), new Tlb(), new Tlb(), new Tlb()];
  rtlb: Tlb = this.tlbs[0]!;
  wtlb: Tlb = this.tlbs[1]!;
  xtlb: Tlb = this.tlbs[2]!;
  /** Linear base of the page the last instruction was fetched from (NaN: none) and its physical page. */
  codeBase = NaN;
  codePage: PhysPage | null = null;
  /** High half of the last 64-bit value read (operands, memory). */
  hi = 0;
  /** Cost-class cycles resolved from the profile. */
  costs: Record<string, number>;
  /** run() compiles a block from an instruction it has reached this many times (Infinity: never). */
  jitThreshold = JIT_THRESHOLD;
  /** The compiled block now running (null outside one) and the index of its instruction that may fault. */
  jitBlock: CompiledBlock | null = null;
  jitIdx = 0;
  /** Instructions of the completed passes of the looping block now running. */
  jitAcc = 0;
  /** The PF table, for compiled blocks that set flags eagerly. */
  readonly parity = PARITY;
  /** Instructions retired inside compiled blocks (tests check that compiled code really ran). */
  compiledInstructions = 0;
  /** Blocks compiled so far. */
  compiledBlocks = 0;
  /** x87, MMX and SSE registers. */
  readonly fpu = new FpuState();
  /** The generator behind RDRAND/RDSEED (seeded: rng.reseed(n) repeats a run's values). */
  readonly rng = new HardwareRng();
  /** The profile's CPU features (CPUID announces them; the decoder refuses instructions of others). */
  features: ReadonlySet<Feature>;

  constructor(profile: CostProfile) {
    this.profile = profile;
    this.costs = { ...profile.costs };
    this.features = new Set(profile.features);
    this.fpu.mxcsrMask = this.features.has('misalignsse') ? 0x2ffff : 0xffff;
    for (let i = 0; i < 6; i++) { this.segLimit[i] = 0xffffffff; this.segAttr[i] = 0xc093; }
    this.segAttr[C.SEG_CS] = 0xc09b;
    this.spaces.set(0, new AddressSpace(0));
    this.space = this.spaces.get(0)!;
  }

  // ================================================================== flags
  materializeFlags(): number {
    const op = this.fOp;
    if (op === F_NONE) return this.flagsRest;
    const size = this.fSize, a = this.fA, b = this.fB, r = this.fRes, cin = this.fCin;
    let cf = 0, of = 0, zf: boolean, sf: boolean;
    if (size !== 8) {
      const sign = SIGN_BIT[size]!;
      zf = r === 0; sf = (r & sign) !== 0;
      if (op === F_ADD) { cf = a + b + cin !== r ? 1 : 0; of = ((a ^ r) & (b ^ r) & sign) !== 0 ? 1 : 0; }
      else if (op === F_SUB) { cf = a < b + cin ? 1 : 0; of = ((a ^ b) & (a ^ r) & sign) !== 0 ? 1 : 0; }
      else if (op === F_INC) { cf = this.flagsRest & 1; of = r === sign ? 1 : 0; }
      else if (op === F_DEC) { cf = this.flagsRest & 1; of = r === sign - 1 ? 1 : 0; }
    } else {
      const ah = this.fAHi, bh = this.fBHi, rh = this.fResHi;
      zf = (r | rh) === 0; sf = rh < 0;
      if (op === F_ADD) {
        const cl = a + b + cin > 0xffffffff ? 1 : 0;
        cf = (ah >>> 0) + (bh >>> 0) + cl > 0xffffffff ? 1 : 0;
        of = ((ah ^ rh) & (bh ^ rh)) < 0 ? 1 : 0;
      } else if (op === F_SUB) {
        const ahu = ah >>> 0, bhu = bh >>> 0;
        cf = ahu < bhu || (ahu === bhu && a < b + cin) ? 1 : 0;
        of = ((ah ^ bh) & (ah ^ rh)) < 0 ? 1 : 0;
      } else if (op === F_INC) { cf = this.flagsRest & 1; of = rh === -0x80000000 && r === 0 ? 1 : 0; }
      else if (op === F_DEC) { cf = this.flagsRest & 1; of = rh === 0x7fffffff && r === 0xffffffff ? 1 : 0; }
    }
    const af = op === F_LOGIC ? 0 : (a ^ b ^ r) & 0x10;
    const f = (this.flagsRest & ~ARITH_FLAGS) | cf | PARITY[r & 0xff]! | af | (zf ? FLAG_ZF : 0)
      | (sf ? FLAG_SF : 0) | (of ? FLAG_OF : 0);
    this.flagsRest = f;
    this.fOp = F_NONE;
    return f;
  }

  storeFlags(v: number): void {
    this.fOp = F_NONE;
    this.flagsRest = (v | 2) & ~(0x8 | 0x20 | 0x8000) & 0x3fffff;
  }

  /** Set arithmetic flags eagerly (ops whose flags are not lazily computed). */
  setArith(bits: number): void {
    // flagsRest always holds the non-arithmetic bits: nothing lazy needs settling first.
    this.flagsRest = (this.flagsRest & ~ARITH_FLAGS) | bits;
    this.fOp = F_NONE;
  }

  szp(r: number, rHi: number, size: number): number {
    if (size === 8) return ((r | rHi) === 0 ? FLAG_ZF : 0) | (rHi < 0 ? FLAG_SF : 0) | PARITY[r & 0xff]!;
    return (r === 0 ? FLAG_ZF : 0) | ((r & SIGN_BIT[size]!) !== 0 ? FLAG_SF : 0) | PARITY[r & 0xff]!;
  }

  /** CF alone, without materialising the other flags. */
  carry(): number {
    const op = this.fOp;
    if (op === F_NONE || op === F_INC || op === F_DEC) return this.flagsRest & 1;
    if (op === F_LOGIC) return 0;
    const a = this.fA, b = this.fB, cin = this.fCin;
    if (this.fSize !== 8) return op === F_ADD ? (a + b + cin !== this.fRes ? 1 : 0) : (a < b + cin ? 1 : 0);
    if (op === F_ADD) {
      const cl = a + b + cin > 0xffffffff ? 1 : 0;
      return (this.fAHi >>> 0) + (this.fBHi >>> 0) + cl > 0xffffffff ? 1 : 0;
    }
    const ahu = this.fAHi >>> 0, bhu = this.fBHi >>> 0;
    return ahu < bhu || (ahu === bhu && a < b + cin) ? 1 : 0;
  }

  cond(cc: number): boolean {
    const op = this.fOp;
    if (op !== F_NONE) {
      if (cc === 4 || cc === 5) {
        const z = this.fSize === 8 ? (this.fRes | this.fResHi) === 0 : this.fRes === 0;
        return cc === 4 ? z : !z;
      }
      if (op === F_SUB && this.fCin === 0 && this.fSize === 4) {
        // after cmp/sub: compare the operands directly (unsigned for b/be/a/ae, signed for l/le/g/ge)
        const a = this.fA, b = this.fB;
        switch (cc) {
          case 2: return a < b;
          case 3: return a >= b;
          case 6: return a <= b;
          case 7: return a > b;
          case 12: return (a | 0) < (b | 0);
          case 13: return (a | 0) >= (b | 0);
          case 14: return (a | 0) <= (b | 0);
          case 15: return (a | 0) > (b | 0);
        }
      }
    }
    const f = this.fOp === F_NONE ? this.flagsRest : this.materializeFlags();
    let r: boolean;
    switch (cc >> 1) {
      case 0: r = (f & FLAG_OF) !== 0; break;
      case 1: r = (f & FLAG_CF) !== 0; break;
      case 2: r = (f & FLAG_ZF) !== 0; break;
      case 3: r = (f & (FLAG_CF | FLAG_ZF)) !== 0; break;
      case 4: r = (f & FLAG_SF) !== 0; break;
      case 5: r = (f & FLAG_PF) !== 0; break;
      case 6: r = ((f & FLAG_SF) !== 0) !== ((f & FLAG_OF) !== 0); break;
      default: r = (f & FLAG_ZF) !== 0 || (((f & FLAG_SF) !== 0) !== ((f & FLAG_OF) !== 0));
    }
    return (cc & 1) ? !r : r;
  }

  // ================================================================== registers
  getR(r: number, size: number): number {
    switch (size) {
      case 1: if (r >= R_HIGH8) return (this.regLo[r - R_HIGH8]! >> 8) & 0xff; this.hi = 0; return this.regLo[r]! & 0xff;
      case 2: this.hi = 0; return this.regLo[r]! & 0xffff;
      case 4: this.hi = 0; return this.regLo[r]! >>> 0;
      default: this.hi = this.regHi[r]!; return this.regLo[r]! >>> 0;
    }
  }

  setR(r: number, size: number, lo: number, hi: number): void {
    switch (size) {
      case 1:
        if (r >= R_HIGH8) { const i = r - R_HIGH8; this.regLo[i] = (this.regLo[i]! & ~0xff00) | ((lo & 0xff) << 8); }
        else this.regLo[r] = (this.regLo[r]! & ~0xff) | (lo & 0xff);
        return;
      case 2: this.regLo[r] = (this.regLo[r]! & ~0xffff) | (lo & 0xffff); return;
      case 4: this.regLo[r] = lo; this.regHi[r] = 0; return;
      default: this.regLo[r] = lo; this.regHi[r] = hi;
    }
  }

  /** Full 64-bit value of a GPR as a signed number (exact for canonical addresses). */
  reg64(r: number): number { return this.regHi[r]! * TWO32 + (this.regLo[r]! >>> 0); }

  setReg64Num(r: number, v: number): void {
    this.regLo[r] = v >>> 0 | 0;
    this.regHi[r] = Math.floor(v / TWO32) | 0;
  }

  /** Stack pointer as an address for the current stack width. */
  spAddr(): number { return this.bits === 64 ? this.reg64(4) : this.regLo[4]! >>> 0; }

  setSp(v: number): void {
    if (this.bits === 64) this.setReg64Num(4, v); else { this.regLo[4] = v | 0; this.regHi[4] = 0; }
  }

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
    for (const p of this.phys.frames.values()) p.recs = null;
    this.codeBase = NaN;
    this.costs = { ...this.profile.costs };
    this.features = new Set(this.profile.features);
    this.fpu.mxcsrMask = this.features.has('misalignsse') ? 0x2ffff : 0xffff;
  }

  /** Translate a linear address for an access kind (0 read, 1 write, 2 exec), filling the TLB or raising #PF/#GP. */
  translate(la: number, kind: number): PhysPage {
    if (la >= CANON || la < -CANON) {
      if (this.bits === 64 || (this.efer & C.EFER_LMA)) throw new GuestFault(C.VEC_GP, 0, `non-canonical address 0x${numberToAddr(la).toString(16)}`);
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
    if (p.recs !== null) p.recs = null;
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
      if (a >= 9223372036854775808) a -= 18446744073709551616;
      else if (a < -9223372036854775808) a += 18446744073709551616;
      return a;
    }
    if (b >= 0) a += this.regLo[b]!;
    if (x >= 0) a += this.regLo[x]! * (1 << d.scale);
    a = a >>> 0;
    if (this.bits !== 64 || d.seg >= 4) a = (a + this.segBase[d.seg]!) >>> 0;
    return a;
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
  alu(op: Op, size: number, a: number, ah: number, b: number, bh: number): number {
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

  // ================================================================== fetch / execute
  /** Decode (or fetch from cache) the instruction at this.rip. */
  fetch(): DecodedInsn {
    const la = this.rip;
    const off0 = la - this.codeBase;
    if (off0 >= 0 && off0 < 4096) {
      const recs = this.codePage!.recs;
      if (recs !== null) {
        const d = recs[off0 | 0];
        if (d !== undefined && d.bits === this.bits) return d;
      }
    }
    return this.fetchSlow(la);
  }

  private fetchSlow(la: number): DecodedInsn {
    const v = Math.floor(la / 4096), i = v & 255, t = this.xtlb;
    const p = t.tags[i] === v ? t.pages[i]! : this.translate(la, 2);
    const off = la - v * 4096;
    let recs = p.recs;
    // Records hold absolute branch targets: a page executed at another linear address decodes afresh.
    if (recs === null || p.recsBase !== v * 4096) { recs = new Array(4096); p.recs = recs; p.recsBase = v * 4096; }
    // Remember this page for the fast path (reset whenever translations may change).
    this.codeBase = v * 4096; this.codePage = p;
    const d = recs[off];
    if (d !== undefined && d.bits === this.bits) return d;
    return this.decodeAt(la, p, off, recs);
  }

  private decodeAt(la: number, p: PhysPage, off: number, recs: (DecodedInsn | undefined)[]): DecodedInsn {
    const nat = this.natives.get(la);
    let d: DecodedInsn;
    if (nat) {
      d = new DecodedInsn();
      d.op = 1 /* NATIVE */; d.len = 0; d.bits = this.bits; d.nativeName = nat.name; d.cls = 'callRet';
      d.cost = this.profile.nativeCosts[nat.name] ?? this.profile.nativeDefault;
      recs[off] = d;
      return d;
    }
    let bytes: Uint8Array;
    if (off <= 4096 - 15) bytes = p.data.subarray(off, off + 15);
    else {
      bytes = new Uint8Array(15);
      let n = 4096 - off;
      bytes.set(p.data.subarray(off));
      try {
        const p2 = this.translate(la + n, 2);
        bytes.set(p2.data.subarray(0, 15 - n), n); n = 15;
      } catch (e) {
        // Decode what we have; an instruction running into the missing page faults on that page.
        const d0 = decodeInstruction(bytes.subarray(0, n), this.bits, la);
        if (d0.op === 2 /* INVALID */) throw e;
        bytes = bytes.subarray(0, n);
      }
    }
    d = decodeInstruction(bytes, this.bits, la);
    d.cost = this.costs[d.cls] ?? 1;
    recs[off] = d;
    return d;
  }

  /** Compile a block starting at `d` (at linear `la`, in the current code page) and attach it to `d`. */
  private compileAt(d: DecodedInsn, la: number): void {
    const p = this.codePage!, recs = p.recs!, base = this.codeBase;
    const insns: DecodedInsn[] = [], addrs: number[] = [];
    let a = la;
    while (insns.length < MAX_BLOCK_INSNS) {
      const off = a - base;
      if (off >= 4096) break;
      let x = recs[off];
      if (x === undefined || x.bits !== this.bits) {
        try { x = this.decodeAt(a, p, off, recs); } catch { break; }
      }
      if (off + x.len > 4096 || !isCompilable(x)) break;
      insns.push(x); addrs.push(a);
      if (x.op === 50 /* JMP */) break;
      a += x.len;
    }
    if (insns.length < 2) { d.hits = -Infinity; return; } // nothing to gain over the interpreter
    d.block = compileBlock(insns, addrs, p, recs);
    this.compiledBlocks++;
    // The block's other instructions run one by one only when it is refused (a run's end, the timer):
    // don't let that make each of them start a block of its own, unless it is often a branch target.
    for (let k = 1; k < insns.length; k++) if (insns[k]!.block === null) insns[k]!.hits -= 1024;
  }

  /** Execute one instruction (or native call, or pending interrupt). Returns S_OK or S_STOP. */
  stepOne(): number {
    this.transfer = null;
    const shadow = this.intShadow;
    this.intShadow = false;
    if (this.cycles >= this.nextTimerAt && !shadow) {
      if (this.flagsRest & FLAG_IF) {
        const t = this.timer!;
        this.nextTimerAt += t.periodCycles * Math.max(1, Math.ceil((this.cycles - this.nextTimerAt + 1) / t.periodCycles));
        this.halted = false;
        P.deliverEvent(this, t.vector, 'interrupt', -1, this.rip);
        return this.stopRequest !== null ? S_STOP : S_OK;
      }
    }
    if (this.halted) {
      if (this.timer && (this.flagsRest & FLAG_IF)) { this.cycles = Math.max(this.cycles, this.nextTimerAt); return S_OK; }
      return S_STOP;
    }
    const start = this.rip;
    try {
      const d = this.fetch();
      this.cycles += d.cost;
      this.instructions++;
      this.exec(d);
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      this.rip = start;
      P.raiseException(this, e);
    }
    return this.stopRequest !== null ? S_STOP : S_OK;
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

  exec(d: DecodedInsn): void {
    const next = this.rip + d.len;
    this.rip = next;
    const size = d.osz;
    switch (d.op) {
      case 103 /* MOV_RR4 */: this.regLo[d.r0] = this.regLo[d.r1]!; this.regHi[d.r0] = 0; return;
      case 104 /* MOV_RR8 */: this.regLo[d.r0] = this.regLo[d.r1]!; this.regHi[d.r0] = this.regHi[d.r1]!; return;
      case 105 /* MOV_RI4 */: this.regLo[d.r0] = d.immLo; this.regHi[d.r0] = 0; return;
      case 106 /* MOV_RI8 */: this.regLo[d.r0] = d.immLo; this.regHi[d.r0] = d.immHi; return;
      case 107 /* MOV_RM4 */: { const v = this.rd32(this.ea(d)); this.regLo[d.r0] = v; this.regHi[d.r0] = 0; return; }
      case 108 /* MOV_RM8 */: { const v = this.rd64(this.ea(d)); this.regLo[d.r0] = v; this.regHi[d.r0] = this.hi; return; }
      case 109 /* MOV_MR4 */: this.wr32(this.ea(d), this.regLo[d.r1]!); return;
      case 110 /* MOV_MR8 */: this.wr64(this.ea(d), this.regLo[d.r1]!, this.regHi[d.r1]!); return;
      case 111 /* ALU_RR4 */: case 112 /* ALU_RI4 */: case 123 /* ALU_RM4 */: {
        const a = this.regLo[d.r0]! >>> 0;
        const b = d.op === 111 /* ALU_RR4 */ ? this.regLo[d.r1]! >>> 0 : d.op === 112 /* ALU_RI4 */ ? d.immLo >>> 0 : this.rd32(this.ea(d));
        let r: number;
        switch (d.sub) {
          case 17 /* ADD */: r = (a + b) >>> 0; this.fOp = F_ADD; break;
          case 22 /* SUB */: case 24 /* CMP */: r = (a - b) >>> 0; this.fOp = F_SUB; break;
          case 21 /* AND */: case 25 /* TEST */: r = (a & b) >>> 0; this.fOp = F_LOGIC; break;
          case 18 /* OR */: r = (a | b) >>> 0; this.fOp = F_LOGIC; break;
          default: r = (a ^ b) >>> 0; this.fOp = F_LOGIC; break;
        }
        this.fSize = 4; this.fCin = 0; this.fA = a; this.fB = b; this.fRes = r;
        if (d.sub !== 24 /* CMP */ && d.sub !== 25 /* TEST */) { this.regLo[d.r0] = r; this.regHi[d.r0] = 0; }
        return;
      }
      case 113 /* ALU_RR8 */: case 114 /* ALU_RI8 */: case 124 /* ALU_RM8 */: {
        let b: number, bh: number;
        if (d.op === 113 /* ALU_RR8 */) { b = this.regLo[d.r1]! >>> 0; bh = this.regHi[d.r1]!; }
        else if (d.op === 114 /* ALU_RI8 */) { b = d.immLo >>> 0; bh = d.immHi; }
        else { b = this.rd64(this.ea(d)); bh = this.hi; }
        const r = this.alu(d.sub, 8, this.regLo[d.r0]! >>> 0, this.regHi[d.r0]!, b, bh);
        if (d.sub !== 24 /* CMP */ && d.sub !== 25 /* TEST */) { this.regLo[d.r0] = r; this.regHi[d.r0] = this.hi; }
        return;
      }
      case 121 /* INCDEC_R4 */: case 122 /* INCDEC_R8 */: {
        if (this.fOp !== F_NONE) this.flagsRest = (this.flagsRest & ~1) | this.carry(); // INC/DEC keep CF
        const inc = d.sub === 26 /* INC */;
        const a = this.regLo[d.r0]! >>> 0;
        const s = inc ? a + 1 : a - 1;
        const r = s >>> 0;
        this.fOp = inc ? F_INC : F_DEC; this.fCin = 0; this.fA = a; this.fB = 1; this.fRes = r;
        this.regLo[d.r0] = r;
        if (d.op === 121 /* INCDEC_R4 */) { this.fSize = 4; this.regHi[d.r0] = 0; }
        else {
          const ah = this.regHi[d.r0]!;
          const rh = (ah + (s > 0xffffffff ? 1 : s < 0 ? -1 : 0)) | 0;
          this.fSize = 8; this.fAHi = ah; this.fBHi = 0; this.fResHi = rh; this.regHi[d.r0] = rh;
        }
        return;
      }
      case 125 /* PUSH_R8 */: {
        const sp = this.reg64(4) - 8;
        this.wr64(sp, this.regLo[d.r0]!, this.regHi[d.r0]!);
        this.setReg64Num(4, sp);
        return;
      }
      case 126 /* POP_R8 */: {
        const sp = this.reg64(4);
        const v = this.rd64(sp), h = this.hi;
        this.setReg64Num(4, sp + 8);
        this.regLo[d.r0] = v; this.regHi[d.r0] = h;
        return;
      }
      case 127 /* PUSH_R4 */: {
        const sp = ((this.regLo[4]! >>> 0) - 4) >>> 0;
        this.wr32(sp, this.regLo[d.r0]!);
        this.regLo[4] = sp;
        return;
      }
      case 128 /* POP_R4 */: {
        const sp = this.regLo[4]! >>> 0;
        const v = this.rd32(sp);
        this.regLo[4] = (sp + 4) >>> 0;
        this.regLo[d.r0] = v;
        return;
      }
      case 3 /* MOV */: {
        const v = this.src1(d, size), vh = this.hi;
        if (d.k0 === K_REG) this.setR(d.r0, size, v, vh); else this.wrMem(this.ea(d), size, v, vh);
        return;
      }
      case 17 /* ADD */: case 18 /* OR */: case 19 /* ADC */: case 20 /* SBB */: case 21 /* AND */: case 22 /* SUB */: case 23 /* XOR */: {
        if (d.k0 === K_REG) {
          const a = this.getR(d.r0, size), ah = this.hi;
          const b = this.src1(d, size), bh = this.hi;
          const r = this.alu(d.op, size, a, ah, b, bh);
          this.setR(d.r0, size, r, this.hi);
        } else {
          const ea = this.ea(d);
          this.probeWrite(ea, size);
          const a = this.rdMem(ea, size), ah = this.hi;
          const b = this.src1(d, size), bh = this.hi;
          const r = this.alu(d.op, size, a, ah, b, bh);
          this.wrMem(ea, size, r, this.hi);
        }
        return;
      }
      case 24 /* CMP */: case 25 /* TEST */: {
        const a = d.k0 === K_REG ? this.getR(d.r0, size) : this.rdMem(this.ea(d), size), ah = this.hi;
        const b = this.src1(d, size), bh = this.hi;
        this.alu(d.op, size, a, ah, b, bh);
        return;
      }
      case 26 /* INC */: case 27 /* DEC */: {
        const ea = d.k0 === K_MEM ? this.ea(d) : 0;
        if (d.k0 === K_MEM) this.probeWrite(ea, size);
        const a = d.k0 === K_REG ? this.getR(d.r0, size) : this.rdMem(ea, size), ah = this.hi;
        if (this.fOp !== F_NONE) this.flagsRest = (this.flagsRest & ~1) | this.carry(); // INC/DEC keep CF
        const r = this.alu(d.op === 26 /* INC */ ? 17 /* ADD */ : 22 /* SUB */, size, a, ah, 1, 0);
        this.fOp = d.op === 26 /* INC */ ? F_INC : F_DEC;
        if (d.k0 === K_REG) this.setR(d.r0, size, r, this.hi); else this.wrMem(ea, size, r, this.hi);
        return;
      }
      case 52 /* JCC */: if (this.cond(d.cond)) this.rip = d.target; return;
      case 50 /* JMP */: this.rip = d.target; return;
      case 53 /* CALL */: {
        const ss = d.stackSize;
        this.push(next >>> 0, ss === 8 ? Math.floor(next / TWO32) | 0 : 0, ss);
        this.rip = d.target;
        return;
      }
      case 55 /* RET */: {
        const lo = this.pop(d.stackSize);
        this.rip = d.stackSize === 8 ? this.hi * TWO32 + lo : lo;
        if (d.k0 === K_IMM) this.setSp(this.bits === 64 ? this.spAddr() + (d.immLo & 0xffff) : (this.spAddr() + (d.immLo & 0xffff)) >>> 0);
        return;
      }
      case 7 /* PUSH */: {
        let v: number, vh = 0;
        if (d.k0 === K_REG) { v = this.getR(d.r0, size); vh = this.hi; }
        else if (d.k0 === K_MEM) { v = this.rdMem(this.ea(d), size); vh = this.hi; }
        else { v = d.immLo >>> 0; vh = d.immHi; }
        this.push(v, vh, size);
        return;
      }
      case 8 /* POP */: {
        const sp = this.spAddr();
        const v = this.rdMem(sp, size), vh = this.hi;
        this.setSp(this.bits === 64 ? sp + size : (sp + size) >>> 0);
        if (d.k0 === K_REG) this.setR(d.r0, size, v, vh);
        else {
          try { this.wrMem(this.ea(d), size, v, vh); } catch (e) { this.setSp(sp); throw e; }
        }
        return;
      }
      case 6 /* LEA */: this.lea(d); return;
      case 39 /* SHL */: case 40 /* SHR */: case 41 /* SAR */:
        if (size !== 8 && d.k0 === K_REG) { this.shift32(d, size); return; }
        this.execRare(d, next); return;
      case 4 /* MOVZX */: case 5 /* MOVSX */: {
        const ss = d.s1;
        let v = d.k1 === K_REG ? this.getR(d.r1, ss) : this.rdMem(this.ea(d), ss), h = 0;
        if (d.op === 5 /* MOVSX */ && ss !== 4 ? (v & SIGN_BIT[ss]!) !== 0 : d.op === 5 /* MOVSX */ && (v & 0x80000000) !== 0) {
          if (ss !== 4) v = (v | ~SIZE_MASK[ss]!) >>> 0;
          h = -1;
          if (size < 4) v &= SIZE_MASK[size]!;
        }
        this.setR(d.r0, size, v, size === 8 ? h : 0);
        return;
      }
      case 15 /* CMOV */: {
        const v = this.src1(d, size), h = this.hi;
        if (this.cond(d.cond)) this.setR(d.r0, size, v, h);
        else if (size === 4) this.regHi[d.r0] = 0;
        return;
      }
      case 16 /* SETCC */: {
        const v = this.cond(d.cond) ? 1 : 0;
        if (d.k0 === K_REG) this.setR(d.r0, 1, v, 0); else this.wr8(this.ea(d), v);
        return;
      }
      case 32 /* IMUL2 */:
        if (size === 4) {
          const a = d.k2 === K_IMM ? this.src1(d, 4) | 0 : this.regLo[d.r0]!;
          const b = d.k2 === K_IMM ? d.immLo : this.src1(d, 4) | 0;
          const lo = Math.imul(a, b);
          const over = a * b !== lo;
          this.setR(d.r0, 4, lo >>> 0, 0);
          this.setArith((over ? FLAG_CF | FLAG_OF : 0) | this.szp(lo >>> 0, 0, 4));
          return;
        }
        this.execRare(d, next); return;
      case 78 /* NOP */: return;
      case 1 /* NATIVE */: this.callNative(d); return;
      default: this.execRare(d, next); return;
    }
  }

  /** SHL/SHR/SAR on an 8/16/32-bit register (flags as the SDM defines them for count 1; OF computed alike for
   *  larger counts; AF, undefined, cleared). */
  shift32(d: DecodedInsn, size: number): void {
    const n = (d.k1 === K_IMM ? d.immLo : d.k1 === K_REG ? this.regLo[1]! : 1) & 31;
    if (n === 0) { if (size === 4) this.regHi[d.r0] = 0; return; } // a 32-bit destination is still written (zero-extended)
    const v = this.getR(d.r0, size);
    const bits = size * 8, mask = SIZE_MASK[size]!;
    let r: number, cf: number, of: number;
    if (d.op === 39 /* SHL */) {
      r = n < 32 ? ((v << n) & mask) >>> 0 : 0;
      cf = n <= bits ? (v >>> (bits - n)) & 1 : 0;
      of = ((r >>> (bits - 1)) & 1) ^ cf;
    } else if (d.op === 40 /* SHR */) {
      r = v >>> n;
      cf = (v >>> (n - 1)) & 1;
      of = (v >>> (bits - 1)) & 1;
    } else {
      const sv = size === 4 ? v | 0 : size === 2 ? (v << 16) >> 16 : (v << 24) >> 24;
      r = ((sv >> n) & mask) >>> 0;
      cf = (sv >> (n - 1)) & 1;
      of = 0;
    }
    this.setR(d.r0, size, r, 0);
    this.flagsRest = (this.flagsRest & ~ARITH_FLAGS) | cf | (of ? FLAG_OF : 0) | this.szp(r, 0, size);
    this.fOp = F_NONE;
  }

  lea(d: DecodedInsn): void {
    const size = d.osz;
    if (d.asz === 8) {
      let lo = d.disp >>> 0, hi = Math.floor(d.disp / TWO32) | 0;
      if (d.base >= 0) {
        const s = lo + (this.regLo[d.base]! >>> 0);
        lo = s >>> 0; hi = (hi + this.regHi[d.base]! + (s > 0xffffffff ? 1 : 0)) | 0;
      }
      if (d.index >= 0) {
        const sc = d.scale;
        let xl = this.regLo[d.index]! >>> 0, xh = this.regHi[d.index]!;
        if (sc) { xh = (xh << sc) | (xl >>> (32 - sc)); xl = (xl << sc) >>> 0; }
        const s = lo + xl;
        lo = s >>> 0; hi = (hi + xh + (s > 0xffffffff ? 1 : 0)) | 0;
      }
      this.setR(d.r0, size, size === 2 ? lo & 0xffff : lo, hi);
    } else {
      let a = d.disp;
      if (d.base >= 0) a += this.regLo[d.base]!;
      if (d.index >= 0) a += this.regLo[d.index]! * (1 << d.scale);
      this.setR(d.r0, size, a >>> 0, 0);
    }
  }

  callNative(d: DecodedInsn): void {
    const nat = this.natives.get(this.rip);
    if (nat) nat.fn(this as unknown as import('./Machine.js').Machine);
    const ss = this.bits === 64 ? 8 : 4;
    const lo = this.pop(ss);
    this.rip = ss === 8 ? this.hi * TWO32 + lo : lo;
    void d;
  }

  /** Less frequent instructions (kept out of exec() so the hot switch stays small). */
  execRare(d: DecodedInsn, next: number): void {
    P.execRare(this, d, next);
  }

  // ================================================================== system state (see privilege.ts)
  updateBits(): void {
    const a = this.segAttr[C.SEG_CS]!;
    this.bits = (this.efer & C.EFER_LMA) && (a & 0x2000) ? 64 : (a & 0x4000) ? 32 : 16;
  }
  loadSegment(i: number, sel: number, host: boolean): string | null { return P.loadSegmentHost(this, i, sel, host); }
  writeCr(n: number, v: number): void { P.writeCr(this, n, v); }
  rdmsrValue(idx: number): bigint | null { return P.rdmsrValue(this, idx); }
  wrmsrValue(idx: number, v: bigint): boolean { return P.wrmsrValue(this, idx, v); }
  loadTaskRegister(sel: number): string | null { return P.loadTaskRegister(this, sel); }

  // ================================================================== step / run
  step(): StepResult {
    const rip = this.rip;
    const c0 = this.cycles;
    const d = this.peekNative();
    const wasHalted = this.halted;
    const status = this.stepOne();
    const res: StepResult = {
      rip: numberToAddr(rip), kind: wasHalted ? 'halt' : d ? 'native' : 'instruction', cycles: this.cycles - c0,
    };
    if (d) res.nativeName = d;
    if (this.transfer) {
      res.transfer = this.transfer;
      if (this.transfer.cause === 'interrupt') { res.kind = 'interrupt'; res.rip = this.transfer.fromRip; }
    }
    if (status === S_STOP) {
      if (this.stopRequest !== null) { res.stop = this.stopRequest === '\0shutdown' ? 'shutdown' : 'requested'; res.message = this.stopMessage(); }
      else { res.stop = 'halted'; res.kind = 'halt'; res.message = 'hlt with interrupts disabled or no timer'; }
    }
    return res;
  }

  private peekNative(): string | undefined {
    return this.natives.get(this.rip)?.name;
  }

  shutdownMessage = '';

  private stopMessage(): string {
    const m = this.stopRequest === '\0shutdown' ? this.shutdownMessage : this.stopRequest ?? '';
    this.stopRequest = null;
    return m;
  }

  /** run()'s converted copies of the caller's breakpoint Sets, by Set (see RunLimits.breakpointsVersion). */
  private bpCache = new WeakMap<Set<bigint>, { version: number; bps: Set<number>; lo: number; hi: number }>();

  /**
   * The breakpoints as numbers, with their range. A caller that swaps between a few Sets (the
   * debugger: vDSO entries, or the return of the call in flight) reuses each one's copy while its
   * version stays the same.
   */
  private breakpointTable(limits: RunLimits): { bps: Set<number>; lo: number; hi: number } | null {
    const src = limits.breakpoints;
    if (!src || !src.size) return null;
    const version = limits.breakpointsVersion;
    const c = version !== undefined ? this.bpCache.get(src) : undefined;
    if (c !== undefined && c.version === version) return c;
    const bps = new Set<number>();
    let lo = Infinity, hi = -Infinity;
    for (const b of src) {
      const a = Number(BigInt.asIntN(64, b));
      bps.add(a);
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
    const t = { version: version ?? -1, bps, lo, hi };
    if (version !== undefined) this.bpCache.set(src, t);
    return t;
  }

  run(limits: RunLimits = {}): RunResult {
    const max = limits.maxInstructions ?? Infinity;
    const maxCycles = limits.maxCycles ?? Infinity;
    // The range of breakpoint addresses: a loop outside it pays two compares, not a Set lookup.
    let bpVersion = limits.breakpointsVersion;
    let table = this.breakpointTable(limits);
    let bps: Set<number> | null = table === null ? null : table.bps;
    let bpLo = table === null ? Infinity : table.lo, bpHi = table === null ? -Infinity : table.hi;
    const stopSwitch = limits.stopOnModeSwitch === true, stopTransfer = limits.stopOnTransfer === true;
    const onSwitch = limits.onModeSwitch ?? null;
    const onBp = limits.onBreakpoint ?? null;
    let n = 0;
    /** The breakpoint address onBreakpoint just passed (NaN: none). */
    let passBp = NaN;
    let reason: StopReason = 'max-instructions';
    let message: string | undefined;
    let transfer: ControlTransfer | undefined;
    for (;;) {
      if (n >= max) { reason = 'max-instructions'; break; }
      if (this.cycles >= maxCycles) { reason = 'max-cycles'; break; }
      const rip0 = this.rip;
      if (bps !== null && n > 0 && rip0 >= bpLo && rip0 <= bpHi && rip0 !== passBp && bps.has(rip0)) {
        if (onBp === null) { reason = 'breakpoint'; break; }
        const stepped = onBp();
        if (stepped < 0) { reason = 'breakpoint'; break; }
        n += stepped;
        // 0: run the instruction here without asking again.
        passBp = stepped === 0 ? this.rip : NaN;
        if (limits.breakpointsVersion !== bpVersion) {
          bpVersion = limits.breakpointsVersion;
          table = this.breakpointTable(limits);
          bps = table === null ? null : table.bps;
          bpLo = table === null ? Infinity : table.lo; bpHi = table === null ? -Infinity : table.hi;
        }
        continue;
      }
      passBp = NaN;
      this.transfer = null;
      if (this.halted || this.cycles >= this.nextTimerAt || this.natives.has(this.rip)) {
        // Slow path: pending interrupt, HLT wait, or a native call (one step each).
        const st = this.stepOne();
        n++;
        if (st === S_STOP) {
          if (this.stopRequest !== null) { reason = this.stopRequest === '\0shutdown' ? 'shutdown' : 'requested'; message = this.stopMessage(); }
          else { reason = 'halted'; message = 'hlt with interrupts disabled or no timer'; }
          break;
        }
      } else {
        // Fast path: straight-line execution until something needs the outer loop.
        let start = this.rip;
        const n0 = n;
        const cycleLimit = Math.min(maxCycles, this.nextTimerAt);
        try {
          for (;;) {
            start = this.rip;
            const d = this.fetch();
            let blk = d.block;
            if (blk === null && ++d.hits === this.jitThreshold) { this.compileAt(d, start); blk = d.block; }
            if (blk !== null && n + blk.count <= max && this.cycles + blk.cycles < cycleLimit
              && (blk.innerHi < bpLo || blk.innerLo > bpHi || !blockHasBreakpoint(blk, bps!))) {
              this.jitBlock = blk;
              this.jitAcc = 0;
              // No further pass may run into the run's end, the timer, or a breakpoint on the block's start.
              const room = start >= bpLo && start <= bpHi && bps!.has(start) ? 0 : max - n;
              const k = blk.code(this, blk, room, cycleLimit);
              n += k;
              this.compiledInstructions += k;
              this.jitBlock = null;
            } else {
              this.cycles += d.cost;
              n++;
              this.exec(d);
              if (d.op === 53 /* CALL */ || d.op === 54 /* CALL_IND */ || d.op === 51 /* JMP_IND */) { if (this.natives.has(this.rip)) break; }
            }
            // transfer / stop request / hlt / timer re-arm all leave the fast path through these checks
            if (this.transfer !== null || this.stopRequest !== null || this.halted || n >= max || this.cycles >= cycleLimit) break;
            const rip = this.rip;
            if (rip >= bpLo && rip <= bpHi && bps!.has(rip)) break;
          }
        } catch (e) {
          const blk = this.jitBlock;
          this.jitBlock = null;
          if (blk !== null) {
            // Settle the block's instructions up to and including the faulting one, as the interpreter would have.
            const k = this.jitIdx, done = this.jitAcc + k + 1;
            start = blk.starts[k]!;
            this.cycles += blk.prefix[k + 1]!;
            n += done;
            this.compiledInstructions += done;
          }
          if (!(e instanceof GuestFault)) { this.instructions += n - n0; throw e; }
          this.rip = start;
          P.raiseException(this, e);
        }
        this.instructions += n - n0;
        if (this.stopRequest !== null) {
          reason = this.stopRequest === '\0shutdown' ? 'shutdown' : 'requested'; message = this.stopMessage();
          break;
        }
      }
      const t = this.transfer as ControlTransfer | null;
      if (t !== null && (stopTransfer || (stopSwitch && t.modeSwitch) || (onSwitch !== null && t.modeSwitch && onSwitch(t)))) {
        reason = 'mode-switch'; transfer = t; break;
      }
    }
    const r: RunResult = { reason, instructions: n };
    if (transfer) r.transfer = transfer;
    if (message !== undefined) r.message = message;
    return r;
  }
}
