// The block compiler: a run of hot predecoded instructions in one page becomes one generated
// JavaScript function, so V8 compiles guest code straight-line instead of through fetch + switch.
// Every instruction keeps its exact effect on registers, lazy flags, memory and faults; a block
// never holds a control transfer, a privileged or timing-dependent instruction (those stay with
// the interpreter), and it leaves early when it writes to its own code page.
import { Op, K_REG, type DecodedInsn } from './decodeInstruction.js';
import type { CpuCore } from './CpuCore.js';

/** A compiled block: runs from its first instruction, returns how many instructions it retired. */
export interface CompiledBlock {
  /** Runs the block; sets cpu.rip and adds the retired instructions' cycles. */
  readonly run: (cpu: CpuCore) => number;
  /** Instructions on the longest path (the block may leave earlier at a taken branch). */
  readonly count: number;
  /** Cycles on the longest path. */
  readonly cycles: number;
  /** Linear address of each instruction. */
  readonly starts: Float64Array;
  /** prefix[k]: cycles of instructions 0..k-1 (prefix[count] === cycles). */
  readonly prefix: Float64Array;
  /** Lowest and highest address of an instruction after the first (a breakpoint there must stop the run). */
  readonly innerLo: number;
  readonly innerHi: number;
}

/** The longest block compiled (bounds the work between the run loop's checks). */
export const MAX_BLOCK_INSNS = 64;

// Instructions whose effect is registers, flags and data memory only: exec() runs them unchanged
// inside a block. Left out: branches, calls, returns, string ops (REP loops re-execute), natives,
// privileged and system instructions, POPF/STI/CLI (interrupt state), RDTSC (reads the cycle
// counter, which a block settles only when it leaves), PUSHA/POPA and segment loads.
const GENERIC = new Set<Op>([
  Op.MOV, Op.MOVZX, Op.MOVSX, Op.LEA, Op.PUSH, Op.POP, Op.XCHG, Op.CMPXCHG, Op.XADD, Op.BSWAP,
  Op.CBW, Op.CWD, Op.CMOV, Op.SETCC,
  Op.ADD, Op.OR, Op.ADC, Op.SBB, Op.AND, Op.SUB, Op.XOR, Op.CMP, Op.TEST, Op.INC, Op.DEC, Op.NEG, Op.NOT,
  Op.MUL, Op.IMUL1, Op.IMUL2, Op.DIV, Op.IDIV,
  Op.ROL, Op.ROR, Op.RCL, Op.RCR, Op.SHL, Op.SHR, Op.SAR, Op.SHLD, Op.SHRD,
  Op.BT, Op.BTS, Op.BTR, Op.BTC, Op.BSF, Op.BSR,
  Op.LEAVE, Op.CLD, Op.STD, Op.CLC, Op.STC, Op.CMC, Op.LAHF, Op.SAHF, Op.PUSHF, Op.NOP,
  Op.MOV_RR4, Op.MOV_RR8, Op.MOV_RI4, Op.MOV_RI8, Op.MOV_RM4, Op.MOV_RM8, Op.MOV_MR4, Op.MOV_MR8,
  Op.ALU_RR4, Op.ALU_RI4, Op.ALU_RR8, Op.ALU_RI8, Op.ALU_RM4, Op.ALU_RM8,
  Op.INCDEC_R4, Op.INCDEC_R8, Op.PUSH_R8, Op.POP_R8, Op.PUSH_R4, Op.POP_R4,
]);

/** Whether an instruction may sit inside a block (JCC and JMP may too: a JCC leaves when taken, a JMP ends it). */
export function isCompilable(d: DecodedInsn): boolean {
  return d.op === Op.JCC || d.op === Op.JMP || GENERIC.has(d.op);
}

// Lazy-flag kinds as CpuCore stores them (flags.ts): ADD 1, SUB 2, LOGIC 3, INC 4, DEC 5.
const F_ADD = 1, F_SUB = 2, F_LOGIC = 3, F_INC = 4, F_DEC = 5;

/** JS source for one instruction; `leave(k)` is the source that ends the block after k instructions. */
function emit(d: DecodedInsn, k: number, at: number, leave: (n: number, rip: number) => string): string {
  const next = at + d.len;
  const r0 = d.r0, r1 = d.r1;
  const idx = `cpu.jitIdx=${k};`;
  // A store into this block's own page drops the page's decoded records: leave before running stale code.
  const smc = `if(P.recs!==R){${leave(k + 1, next)}}`;
  switch (d.op) {
    case Op.MOV_RR4: return `L[${r0}]=L[${r1}];H[${r0}]=0;`;
    case Op.MOV_RR8: return `L[${r0}]=L[${r1}];H[${r0}]=H[${r1}];`;
    case Op.MOV_RI4: return `L[${r0}]=${d.immLo | 0};H[${r0}]=0;`;
    case Op.MOV_RI8: return `L[${r0}]=${d.immLo | 0};H[${r0}]=${d.immHi | 0};`;
    case Op.MOV_RM4: return `${idx}L[${r0}]=cpu.rd32(cpu.ea(D[${k}]));H[${r0}]=0;`;
    case Op.MOV_RM8: return `${idx}L[${r0}]=cpu.rd64(cpu.ea(D[${k}]));H[${r0}]=cpu.hi;`;
    case Op.MOV_MR4: return `${idx}cpu.wr32(cpu.ea(D[${k}]),L[${r1}]);${smc}`;
    case Op.MOV_MR8: return `${idx}cpu.wr64(cpu.ea(D[${k}]),L[${r1}],H[${r1}]);${smc}`;
    case Op.ALU_RR4: case Op.ALU_RI4: case Op.ALU_RM4: {
      const b = d.op === Op.ALU_RR4 ? `L[${r1}]>>>0` : d.op === Op.ALU_RI4 ? `${d.immLo >>> 0}` : `cpu.rd32(cpu.ea(D[${k}]))`;
      let r: string, f: number;
      switch (d.sub) {
        case Op.ADD: r = '(a+b)>>>0'; f = F_ADD; break;
        case Op.SUB: case Op.CMP: r = '(a-b)>>>0'; f = F_SUB; break;
        case Op.AND: case Op.TEST: r = '(a&b)>>>0'; f = F_LOGIC; break;
        case Op.OR: r = '(a|b)>>>0'; f = F_LOGIC; break;
        default: r = '(a^b)>>>0'; f = F_LOGIC; break;
      }
      const write = d.sub !== Op.CMP && d.sub !== Op.TEST ? `L[${r0}]=r;H[${r0}]=0;` : '';
      return `${d.op === Op.ALU_RM4 ? idx : ''}a=L[${r0}]>>>0;b=${b};r=${r};cpu.fOp=${f};cpu.fSize=4;cpu.fCin=0;cpu.fA=a;cpu.fB=b;cpu.fRes=r;${write}`;
    }
    case Op.ALU_RR8: case Op.ALU_RI8: case Op.ALU_RM8: {
      const b = d.op === Op.ALU_RR8 ? `b=L[${r1}]>>>0;bh=H[${r1}];` : d.op === Op.ALU_RI8 ? `b=${d.immLo >>> 0};bh=${d.immHi | 0};` : `${idx}b=cpu.rd64(cpu.ea(D[${k}]));bh=cpu.hi;`;
      const write = d.sub !== Op.CMP && d.sub !== Op.TEST ? `L[${r0}]=r;H[${r0}]=cpu.hi;` : '';
      return `${b}r=cpu.alu(${d.sub},8,L[${r0}]>>>0,H[${r0}],b,bh);${write}`;
    }
    case Op.INCDEC_R4: case Op.INCDEC_R8: {
      const inc = d.sub === Op.INC;
      // INC/DEC keep CF: settle it from the previous lazy state first.
      let s = `if(cpu.fOp!==0)cpu.flagsRest=(cpu.flagsRest&-2)|cpu.carry();a=L[${r0}]>>>0;s=a${inc ? '+' : '-'}1;r=s>>>0;`
        + `cpu.fOp=${inc ? F_INC : F_DEC};cpu.fCin=0;cpu.fA=a;cpu.fB=1;cpu.fRes=r;L[${r0}]=r;`;
      if (d.op === Op.INCDEC_R4) s += `cpu.fSize=4;H[${r0}]=0;`;
      else s += `ah=H[${r0}];rh=(ah+(s>4294967295?1:s<0?-1:0))|0;cpu.fSize=8;cpu.fAHi=ah;cpu.fBHi=0;cpu.fResHi=rh;H[${r0}]=rh;`;
      return s;
    }
    case Op.PUSH_R8:
      return `${idx}sp=(H[4]*4294967296+(L[4]>>>0))-8;cpu.wr64(sp,L[${r0}],H[${r0}]);cpu.setReg64Num(4,sp);${smc}`;
    case Op.POP_R8:
      return `${idx}sp=H[4]*4294967296+(L[4]>>>0);a=cpu.rd64(sp);ah=cpu.hi;cpu.setReg64Num(4,sp+8);L[${r0}]=a;H[${r0}]=ah;`;
    case Op.PUSH_R4:
      return `${idx}sp=((L[4]>>>0)-4)>>>0;cpu.wr32(sp,L[${r0}]);L[4]=sp;${smc}`;
    case Op.POP_R4:
      return `${idx}sp=L[4]>>>0;a=cpu.rd32(sp);L[4]=(sp+4)>>>0;L[${r0}]=a;`;
    case Op.LEA: return `cpu.lea(D[${k}]);`;
    case Op.NOP: return '';
    case Op.SHL: case Op.SHR: case Op.SAR:
      if (d.osz !== 8 && d.k0 === K_REG) return `cpu.shift32(D[${k}],${d.osz});`;
      break;
    case Op.JCC:
      // A branch to the next instruction changes nothing; a taken branch leaves the block.
      return d.target === next ? '' : `if(cpu.cond(${d.cond})){${leave(k + 1, d.target)}}`;
    case Op.JMP: return '';
  }
  // Everything else: the interpreter's own code for it, with RIP where exec() expects it.
  return `${idx}cpu.rip=${at};cpu.exec(D[${k}]);${smc}`;
}

/**
 * Compile `insns` (consecutive, all in one page) into a block for the CPU whose registers are
 * `regLo`/`regHi`. `page.recs` is that page's decoded-record array `recs`; a write to the page clears it.
 */
export function compileBlock(insns: DecodedInsn[], addrs: number[], regLo: Int32Array, regHi: Int32Array,
  page: { recs: unknown }, recs: unknown): CompiledBlock {
  const n = insns.length;
  const starts = new Float64Array(addrs);
  const prefix = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k]! + insns[k]!.cost;
  const leave = (m: number, rip: number): string => `cpu.rip=${rip};cpu.cycles+=${prefix[m]};return ${m};`;
  let body = 'let a=0,b=0,r=0,s=0,ah=0,bh=0,rh=0,sp=0;\n';
  for (let k = 0; k < n; k++) body += emit(insns[k]!, k, addrs[k]!, leave) + '\n';
  const last = insns[n - 1]!;
  body += leave(n, last.op === Op.JMP ? last.target : addrs[n - 1]! + last.len);
  const factory = new Function('L', 'H', 'D', 'P', 'R', `return function block(cpu){\n${body}\n};`) as
    (L: Int32Array, H: Int32Array, D: DecodedInsn[], P: unknown, R: unknown) => (cpu: CpuCore) => number;
  let innerLo = Infinity, innerHi = -Infinity;
  for (let k = 1; k < n; k++) { innerLo = Math.min(innerLo, addrs[k]!); innerHi = Math.max(innerHi, addrs[k]!); }
  return { run: factory(regLo, regHi, insns.slice(), page, recs), count: n, cycles: prefix[n]!, starts, prefix, innerLo, innerHi };
}
