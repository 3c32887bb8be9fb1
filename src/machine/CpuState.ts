// The CPU's architectural state (registers, lazy arithmetic flags, segments, system registers,
// counters) with the flag and register accessors. CpuMemory adds memory access, CpuCore execution.
import * as C from './constants.js';
import * as F from './flags.js';
import { PARITY, SIGN_BIT } from './flags.js';
import { AddressSpace, PhysicalMemory, type PhysPage, Tlb } from './memory.js';
import type { CompiledBlock } from './jit/compileBlock.js';
import { FpuState } from './isa/fpuState.js';
import { HardwareRng } from './isa/hardwareRng.js';
import type { ControlTransfer, CostProfile, Feature, ExceptionInfo, NativeFunction, TimerConfig } from './types.js';

// Hot constants as module-local literals (imported bindings and namespaces are not always folded by the JIT).
const R_HIGH8 = 16;
const F_NONE = 0, F_ADD = 1, F_SUB = 2, F_LOGIC = 3, F_INC = 4, F_DEC = 5;
const ARITH_FLAGS = 0x8d5;
const FLAG_CF = 0x1;
const FLAG_OF = 0x800;
const FLAG_PF = 0x4;
const FLAG_SF = 0x80;
const FLAG_ZF = 0x40;
if (F_ADD !== F.F_ADD || F_SUB !== F.F_SUB || F_LOGIC !== F.F_LOGIC || F_INC !== F.F_INC || F_DEC !== F.F_DEC
  || F_NONE !== F.F_NONE || ARITH_FLAGS !== C.ARITH_FLAGS || FLAG_OF !== C.FLAG_OF) throw new Error('machine: local constants out of sync');

export interface NativeBinding { name: string; fn: NativeFunction; }

const TWO32 = 4294967296;

/** TRAPDOOR_NO_JIT=1 runs every instruction through the interpreter (to tell a block-compiler bug from others). */
const JIT_THRESHOLD = process.env.TRAPDOOR_NO_JIT === '1' ? Infinity : 16;

export class CpuState {
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
  /** IA32_SPEC_CTRL (0x48): IBRS (bit 0), STIBP (1), SSBD (2); the entry code's IBRS_ENTER/IBRS_EXIT write it. */
  specCtrl = 0;
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
  /** DR6 (debug status): BS (bit 14) after a single-step trap; reserved bits read as ones. */
  dr6 = 0xffff0ff0;
  /** XCR0: the XSAVE state components enabled (XSETBV); x87 only after reset. */
  xcr0 = 1;
  /** The generator behind RDRAND/RDSEED (seeded: rng.reseed(n) repeats a run's values). */
  readonly rng = new HardwareRng();
  /** The profile's CPU features (CPUID announces them; the decoder refuses instructions of others). */
  features: ReadonlySet<Feature>;

  constructor(profile: CostProfile) {
    this.profile = profile;
    this.costs = { ...profile.costs };
    this.features = new Set(profile.features);
    this.fpu.fitTo(this.profile.vendor, this.features);
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
    return this.carryOf(this.fOp, this.fSize, this.fA, this.fB, this.fCin, this.fRes, this.fAHi, this.fBHi, this.flagsRest);
  }

  /** CF of a lazy-flag state given field by field (compiled blocks keep the fields in locals). */
  carryOf(op: number, size: number, a: number, b: number, cin: number, res: number, ah: number, bh: number, rest: number): number {
    if (op === F_NONE || op === F_INC || op === F_DEC) return rest & 1;
    if (op === F_LOGIC) return 0;
    if (size !== 8) return op === F_ADD ? (a + b + cin !== res ? 1 : 0) : (a < b + cin ? 1 : 0);
    if (op === F_ADD) {
      const cl = a + b + cin > 0xffffffff ? 1 : 0;
      return (ah >>> 0) + (bh >>> 0) + cl > 0xffffffff ? 1 : 0;
    }
    const ahu = ah >>> 0, bhu = bh >>> 0;
    return ahu < bhu || (ahu === bhu && a < b + cin) ? 1 : 0;
  }

  /** Whether condition code cc (0..15: o no b ae e ne be a s ns p np l ge le g) holds. */
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

}
