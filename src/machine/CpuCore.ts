// The CPU core: fetch through the decoded-instruction cache, execution (the hot forms inline,
// everything else through the instruction table's handlers), blocks compiled from hot code, and
// the step/run entry points. State is in CpuState, memory access in CpuMemory, the run loop in runLoop.ts.
import * as C from './constants.js';
import { DecodedInsn, Op, decodeInstruction } from './decodeInstruction.js';
import { GuestFault } from './GuestFault.js';
import { type PhysPage, numberToAddr } from './memory.js';
import { CpuMemory } from './CpuMemory.js';
import { compileBlock, isCompilable, MAX_BLOCK_INSNS } from './jit/compileBlock.js';
import { buildTable, HANDLERS, TABLE } from './isa/opcodes.js';
import { aluCmp, aluRmw, incDec } from './isa/alu.js';
import { call, callInd, jcc, jmp, jmpInd, ret } from './isa/branches.js';
import { callNative } from './isa/misc.js';
import { cmov, lea, mov, movx, setcc } from './isa/moves.js';
import { imul2 } from './isa/muldiv.js';
import { shiftOp } from './isa/shifts.js';
import { pop, push } from './isa/stack.js';
import { loadSegmentHost, loadTaskRegister } from './system/descriptors.js';
import { writeCr } from './system/controlRegisters.js';
import { deliverEvent, raiseException } from './system/interrupts.js';
import { rdmsrValue, wrmsrValue } from './system/msr.js';
import { runLoop } from './runLoop.js';
import { singleStepTrap } from './system/singleStep.js';
import type { CostProfile, RunLimits, RunResult, StepResult } from './types.js';

export type { NativeBinding } from './CpuState.js';

const F_NONE = 0, F_ADD = 1, F_SUB = 2, F_LOGIC = 3, F_INC = 4, F_DEC = 5;
const FLAG_IF = 0x200;
const FLAG_TF = 0x100;

// The hot switch uses literal opcode numbers (tsc does not inline enums); keep them in sync.
for (const [name, v] of Object.entries({ ALU_RM4: 123, ALU_RM8: 124, PUSH_R8: 125, POP_R8: 126, PUSH_R4: 127, POP_R4: 128, INCDEC_R4: 121, INCDEC_R8: 122, MOV_RR4: 103, MOV_RR8: 104, MOV_RI4: 105, MOV_RI8: 106, MOV_RM4: 107, MOV_RM8: 108, MOV_MR4: 109, MOV_MR8: 110, ALU_RR4: 111, ALU_RI4: 112, ALU_RR8: 113, ALU_RI8: 114, ADC: 19, ADD: 17, AND: 21, CALL: 53, CALL_IND: 54, CMOV: 15, CMP: 24, DEC: 27, IMUL2: 32, INC: 26, JCC: 52, JMP: 50, JMP_IND: 51, LEA: 6, MOV: 3, MOVSX: 5, MOVZX: 4, NATIVE: 1, NOP: 78, OR: 18, POP: 8, PUSH: 7, RET: 55, SAR: 41, SBB: 20, SETCC: 16, SHL: 39, SHR: 40, SUB: 22, TEST: 25, XOR: 23 })) {
  if ((Op as unknown as Record<string, number>)[name] !== v) throw new Error(`machine: opcode table out of sync (${name})`);
}

/** Step status codes of the internal loop. */
export const S_OK = 0, S_STOP = 1;

export class CpuCore extends CpuMemory {
  constructor(profile: CostProfile) { super(profile); buildTable(); }

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

  fetchSlow(la: number): DecodedInsn {
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

  decodeAt(la: number, p: PhysPage, off: number, recs: (DecodedInsn | undefined)[]): DecodedInsn {
    const nat = this.natives.get(la);
    let d: DecodedInsn;
    if (nat) {
      d = new DecodedInsn();
      d.op = 1 /* NATIVE */; d.row = TABLE[1]!; d.len = 0; d.bits = this.bits; d.nativeName = nat.name; d.cls = 'callRet';
      d.cost = this.profile.nativeCosts[nat.name] ?? this.profile.nativeDefault;
      recs[off] = d;
      return d;
    }
    let bytes: Uint8Array;
    let p2: PhysPage | null = null;
    if (off <= 4096 - 15) bytes = p.data.subarray(off, off + 15);
    else {
      bytes = new Uint8Array(15);
      let n = 4096 - off;
      bytes.set(p.data.subarray(off));
      try {
        p2 = this.translate(la + n, 2);
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
    // An instruction running into the next page is decoded from its bytes too: a write there must drop it.
    if (p2 !== null && off + d.len > 4096) p2.spillFrom(p, la - off + 4096);
    return d;
  }

  /** Compile a block starting at `d` (at linear `la`, in the current code page) and attach it to `d`. */
  compileAt(d: DecodedInsn, la: number): void {
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
        deliverEvent(this, t.vector, 'interrupt', -1, this.rip);
        return this.stopRequest !== null ? S_STOP : S_OK;
      }
    }
    if (this.halted) {
      if (this.timer && (this.flagsRest & FLAG_IF)) { this.cycles = Math.max(this.cycles, this.nextTimerAt); return S_OK; }
      return S_STOP;
    }
    const start = this.rip;
    const trap = (this.flagsRest & FLAG_TF) !== 0;
    try {
      const d = this.fetch();
      this.cycles += d.cost;
      this.instructions++;
      this.exec(d);
      if (trap) singleStepTrap(this);
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      this.rip = start;
      raiseException(this, e);
    }
    return this.stopRequest !== null ? S_STOP : S_OK;
  }


  /**
   * Execute one decoded instruction. The specialised 32/64-bit register forms (decodeInstruction's
   * specialise) run inline here; the commonest other ops call their handler directly (V8 inlines
   * those calls); the rest go through the table.
   */
  exec(d: DecodedInsn): void {
    this.rip += d.len;
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
      case 3 /* MOV */: mov(this, d); return;
      case 17 /* ADD */: case 18 /* OR */: case 19 /* ADC */: case 20 /* SBB */: case 21 /* AND */: case 22 /* SUB */: case 23 /* XOR */:
        aluRmw(this, d); return;
      case 24 /* CMP */: case 25 /* TEST */: aluCmp(this, d); return;
      case 26 /* INC */: case 27 /* DEC */: incDec(this, d); return;
      case 52 /* JCC */: jcc(this, d); return;
      case 50 /* JMP */: jmp(this, d); return;
      case 51 /* JMP_IND */: jmpInd(this, d); return;
      case 53 /* CALL */: call(this, d); return;
      case 54 /* CALL_IND */: callInd(this, d); return;
      case 55 /* RET */: ret(this, d); return;
      case 7 /* PUSH */: push(this, d); return;
      case 8 /* POP */: pop(this, d); return;
      case 6 /* LEA */: lea(this, d); return;
      case 39 /* SHL */: case 40 /* SHR */: case 41 /* SAR */: shiftOp(this, d); return;
      case 4 /* MOVZX */: case 5 /* MOVSX */: movx(this, d); return;
      case 15 /* CMOV */: cmov(this, d); return;
      case 16 /* SETCC */: setcc(this, d); return;
      case 32 /* IMUL2 */: imul2(this, d); return;
      case 78 /* NOP */: return;
      case 1 /* NATIVE */: callNative(this); return;
      default: HANDLERS[d.op]!(this, d);
    }
  }

  // ================================================================== system state (system/*.ts)
  updateBits(): void {
    const a = this.segAttr[C.SEG_CS]!;
    this.bits = (this.efer & C.EFER_LMA) && (a & 0x2000) ? 64 : (a & 0x4000) ? 32 : 16;
  }
  loadSegment(i: number, sel: number, host: boolean): string | null { return loadSegmentHost(this, i, sel, host); }
  writeCr(n: number, v: number): void { writeCr(this, n, v); }
  rdmsrValue(idx: number): bigint | null { return rdmsrValue(this, idx); }
  wrmsrValue(idx: number, v: bigint): boolean { return wrmsrValue(this, idx, v); }
  loadTaskRegister(sel: number): string | null { return loadTaskRegister(this, sel); }

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

  peekNative(): string | undefined {
    return this.natives.get(this.rip)?.name;
  }

  shutdownMessage = '';

  stopMessage(): string {
    const m = this.stopRequest === '\0shutdown' ? this.shutdownMessage : this.stopRequest ?? '';
    this.stopRequest = null;
    return m;
  }


  run(limits: RunLimits = {}): RunResult { return runLoop(this, limits); }
}
