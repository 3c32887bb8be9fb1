// The block compiler: a run of hot predecoded instructions in one page becomes one generated
// JavaScript function, so V8 compiles guest code straight-line instead of through fetch + switch.
// Every instruction keeps its exact effect on registers, lazy flags, memory and faults; a block
// never holds a control transfer, a privileged or timing-dependent instruction (those stay with
// the interpreter), and it leaves early when it writes to its own code page.
import { Op, K_IMM, K_REG, type DecodedInsn } from '../decodedInsn.js';
import type { CpuCore } from '../CpuCore.js';
import { HANDLERS, JIT_OK } from '../isa/opcodes.js';
import type { Handler } from '../isa/opRow.js';

/** A compiled block: runs from its first instruction, returns how many instructions it retired. */
export interface CompiledBlock {
  /** Runs the block (see BlockCode); sets cpu.rip and adds the retired instructions' cycles. */
  readonly code: BlockCode;
  /** The instructions, the page they sit in, and its decoded records when compiled (the code reads these). */
  readonly insns: DecodedInsn[];
  /** The table's handlers (isa/opcodes.ts HANDLERS), which the code calls for what it does not inline. */
  readonly handlers: readonly Handler[];
  readonly page: { recs: unknown };
  readonly recs: unknown;
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

/**
 * Whether an instruction may sit inside a block: its row's jit flag (isa/opcodes.ts). Rows leave
 * it off for branches other than JMP/Jcc (a JMP ends a block, a Jcc leaves it when taken), calls
 * and returns, string ops (REP loops re-execute), natives, privileged and system instructions,
 * POPF/STI/CLI (interrupt state), RDTSC (reads the cycle counter, which a block settles only when
 * it leaves), PUSHA/POPA and segment loads.
 */
export function isCompilable(d: DecodedInsn): boolean {
  return JIT_OK[d.op] === 1;
}

// Lazy-flag kinds as CpuCore stores them (flags.ts): ADD 1, SUB 2, LOGIC 3, INC 4, DEC 5.
const F_ADD = 1, F_SUB = 2, F_LOGIC = 3, F_INC = 4, F_DEC = 5;

/** JS statements that leave the memory operand's linear address in `e` (CpuCore.ea, specialised). */
function eaCode(d: DecodedInsn): string {
  const b = d.base, x = d.index, sc = 1 << d.scale;
  if (d.asz === 8) {
    let e = `e=${d.disp}`;
    if (b >= 0) e += `+(H[${b}]*4294967296+(L[${b}]>>>0))`;
    if (x >= 0) e += `+(H[${x}]*4294967296+(L[${x}]>>>0))*${sc}`;
    if (d.seg >= 4) e += `+cpu.segBase[${d.seg}]`;
    // Wrap to 64 bits as ea() does (only reachable with non-canonical register values).
    return `${e};if(e>=9223372036854775808)e-=18446744073709551616;else if(e<-9223372036854775808)e+=18446744073709551616;`;
  }
  let e = `e=(${d.disp}`;
  if (b >= 0) e += `+L[${b}]`;
  if (x >= 0) e += `+L[${x}]*${sc}`;
  e += ')>>>0;';
  if (d.bits !== 64) e += `if(cpu.segAttr[${d.seg}]===0)cpu.nullSegment(${d.seg});`;
  if (d.bits !== 64 || d.seg >= 4) e += `e=(e+cpu.segBase[${d.seg}])>>>0;`;
  return e;
}

/** CpuCore.lea specialised: 32-bit results with plain arithmetic, 64-bit ones in halves (locals x0..x3 only). */
function leaCode(d: DecodedInsn, k: number): string {
  const r0 = d.r0, b = d.base, x = d.index, sc = d.scale;
  if (d.osz === 4) {
    // The low 32 bits of the sum are the same whether the address size is 32 or 64.
    let e = `${d.disp}`;
    if (b >= 0) e += `+L[${b}]`;
    if (x >= 0) e += `+L[${x}]*${1 << sc}`;
    return `L[${r0}]=(${e})|0;H[${r0}]=0;`;
  }
  if (d.osz !== 8 || d.asz !== 8) return `F[${d.op}](cpu,D[${k}]);`;
  let code = `x0=${d.disp >>> 0};x1=${Math.floor(d.disp / 4294967296) | 0};`;
  if (b >= 0) code += `x2=x0+(L[${b}]>>>0);x0=x2>>>0;x1=(x1+H[${b}]+(x2>4294967295?1:0))|0;`;
  if (x >= 0) {
    code += sc ? `x2=(L[${x}]<<${sc})>>>0;x3=(H[${x}]<<${sc})|(L[${x}]>>>${32 - sc});` : `x2=L[${x}]>>>0;x3=H[${x}];`;
    code += `x2=x0+x2;x0=x2>>>0;x1=(x1+x3+(x2>4294967295?1:0))|0;`;
  }
  return `${code}L[${r0}]=x0;H[${r0}]=x1;`;
}

/** What the block knows statically about the lazy flags: set by an inline 32-bit op whose a, b, r locals still hold. */
interface KnownFlags { kind: number }

/** A condition code as a JS expression over the locals of the known flag producer (null: ask cpu.cond). */
function knownCond(f: KnownFlags | null, cc: number): string | null {
  if (f === null) return null;
  switch (f.kind) {
    case F_SUB:
      switch (cc) {
        case 2: return 'a<b'; case 3: return 'a>=b'; case 4: return 'r===0'; case 5: return 'r!==0';
        case 6: return 'a<=b'; case 7: return 'a>b'; case 8: return '(r|0)<0'; case 9: return '(r|0)>=0';
        case 12: return '(a|0)<(b|0)'; case 13: return '(a|0)>=(b|0)'; case 14: return '(a|0)<=(b|0)'; case 15: return '(a|0)>(b|0)';
      }
      return null;
    case F_LOGIC: // CF = OF = 0
      switch (cc) {
        case 0: return 'false'; case 1: return 'true'; case 2: return 'false'; case 3: return 'true';
        case 4: return 'r===0'; case 5: return 'r!==0'; case 6: return 'r===0'; case 7: return 'r!==0';
        case 8: return '(r|0)<0'; case 9: return '(r|0)>=0';
        case 12: return '(r|0)<0'; case 13: return '(r|0)>=0'; case 14: return '(r|0)<=0'; case 15: return '(r|0)>0';
      }
      return null;
    default: // ADD, INC, DEC: ZF and SF from the result
      switch (cc) {
        case 4: return 'r===0'; case 5: return 'r!==0'; case 8: return '(r|0)<0'; case 9: return '(r|0)>=0';
      }
      return null;
  }
}

/** The emitter's view of the flags: the known producer, and its lazy-flag stores not yet written to cpu. */
interface EmitState { known: KnownFlags | null; pending: string }

/**
 * How an instruction relates to deferred flag stores: 'keep' leaves them waiting (it neither
 * reads flags nor can fault or leave the block, nor touches the a, b, r locals), 'write' makes
 * its own (it may drop the waiting ones), 'flush' needs them in cpu first.
 */
function flagUse(d: DecodedInsn): 'keep' | 'write' | 'flush' {
  switch (d.op) {
    case Op.MOV_RR4: case Op.MOV_RR8: case Op.MOV_RI4: case Op.MOV_RI8: case Op.LEA: case Op.NOP: case Op.JMP:
      return 'keep';
    // (A JCC to the next instruction emits nothing; compileBlock keeps the stores waiting across it.)
    case Op.ALU_RR4: case Op.ALU_RI4: case Op.INCDEC_R4: return 'write';
    case Op.SHL: case Op.SHR: case Op.SAR:
      // A zero count changes no flag; any other sets them all (a CL count is not known here).
      return isShiftImm32(d) ? ((d.immLo & 31) === 0 ? 'keep' : 'write') : 'flush';
    default: return 'flush';
  }
}

/** A shift of a 32-bit register by an immediate count (compiled inline). */
function isShiftImm32(d: DecodedInsn): boolean {
  return d.osz === 4 && d.k0 === K_REG && d.k1 === K_IMM;
}

/** JS source for one instruction; `leave(k)` is the source that ends the block after k instructions. */
function emit(d: DecodedInsn, k: number, at: number, leave: (n: number, rip: number) => string, cx: EmitState): string {
  const known = cx.known;
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
    case Op.MOV_RM4: return `${idx}${eaCode(d)}L[${r0}]=cpu.rd32(e);H[${r0}]=0;`;
    case Op.MOV_RM8: return `${idx}${eaCode(d)}L[${r0}]=cpu.rd64(e);H[${r0}]=cpu.hi;`;
    case Op.MOV_MR4: return `${idx}${eaCode(d)}cpu.wr32(e,L[${r1}]);${smc}`;
    case Op.MOV_MR8: return `${idx}${eaCode(d)}cpu.wr64(e,L[${r1}],H[${r1}]);${smc}`;
    case Op.ALU_RR4: case Op.ALU_RI4: case Op.ALU_RM4: {
      const b = d.op === Op.ALU_RR4 ? `L[${r1}]>>>0` : d.op === Op.ALU_RI4 ? `${d.immLo >>> 0}` : 'cpu.rd32(e)';
      let r: string, f: number;
      switch (d.sub) {
        case Op.ADD: r = '(a+b)>>>0'; f = F_ADD; break;
        case Op.SUB: case Op.CMP: r = '(a-b)>>>0'; f = F_SUB; break;
        case Op.AND: case Op.TEST: r = '(a&b)>>>0'; f = F_LOGIC; break;
        case Op.OR: r = '(a|b)>>>0'; f = F_LOGIC; break;
        default: r = '(a^b)>>>0'; f = F_LOGIC; break;
      }
      const write = d.sub !== Op.CMP && d.sub !== Op.TEST ? `L[${r0}]=r;H[${r0}]=0;` : '';
      // The lazy-flag stores wait in cx.pending: the next flag writer may make them dead.
      cx.pending = `cpu.fOp=${f};cpu.fSize=4;cpu.fCin=0;cpu.fA=a;cpu.fB=b;cpu.fRes=r;`;
      return `${d.op === Op.ALU_RM4 ? idx + eaCode(d) : ''}a=L[${r0}]>>>0;b=${b};r=${r};${write}`;
    }
    case Op.ALU_RR8: case Op.ALU_RI8: case Op.ALU_RM8: {
      const b = d.op === Op.ALU_RR8 ? `b=L[${r1}]>>>0;bh=H[${r1}];` : d.op === Op.ALU_RI8 ? `b=${d.immLo >>> 0};bh=${d.immHi | 0};` : `${idx}${eaCode(d)}b=cpu.rd64(e);bh=cpu.hi;`;
      const write = d.sub !== Op.CMP && d.sub !== Op.TEST ? `L[${r0}]=r;H[${r0}]=cpu.hi;` : '';
      return `${b}r=cpu.alu(${d.sub},8,L[${r0}]>>>0,H[${r0}],b,bh);${write}`;
    }
    case Op.INCDEC_R4: case Op.INCDEC_R8: {
      const inc = d.sub === Op.INC;
      // INC/DEC keep CF: `c` gets it from the previous flag writer (known here, or settled from the lazy state).
      let s: string;
      const kind = cx.known?.kind;
      if (d.op === Op.INCDEC_R4 && kind === F_SUB) s = 'c=a<b?1:0;';
      else if (d.op === Op.INCDEC_R4 && kind === F_LOGIC) s = 'c=0;';
      else if (d.op === Op.INCDEC_R4 && kind === F_ADD) s = 'c=a+b>4294967295?1:0;';
      else if (d.op === Op.INCDEC_R4 && (kind === F_INC || kind === F_DEC)) s = '';
      else { s = `${cx.pending}if(cpu.fOp!==0)cpu.flagsRest=(cpu.flagsRest&-2)|cpu.carry();c=cpu.flagsRest&1;`; cx.pending = ''; }
      s += `a=L[${r0}]>>>0;s=a${inc ? '+' : '-'}1;r=s>>>0;L[${r0}]=r;`;
      const flags = `cpu.flagsRest=(cpu.flagsRest&-2)|c;cpu.fOp=${inc ? F_INC : F_DEC};cpu.fCin=0;cpu.fA=a;cpu.fB=1;cpu.fRes=r;`;
      if (d.op === Op.INCDEC_R4) { s += `H[${r0}]=0;`; cx.pending = `${flags}cpu.fSize=4;`; }
      else s += `ah=H[${r0}];rh=(ah+(s>4294967295?1:s<0?-1:0))|0;${flags}cpu.fSize=8;cpu.fAHi=ah;cpu.fBHi=0;cpu.fResHi=rh;H[${r0}]=rh;`;
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
    case Op.LEA: return leaCode(d, k);
    case Op.NOP: return '';
    case Op.SHL: case Op.SHR: case Op.SAR:
      if (isShiftImm32(d)) {
        // CpuCore.shift32 for a 32-bit register and an immediate count, flags set eagerly (AF cleared).
        const n = d.immLo & 31;
        if (n === 0) return `H[${r0}]=0;`;
        let code: string, of: string;
        if (d.op === Op.SHL) { code = `t=L[${r0}]>>>0;r=(t<<${n})>>>0;u=(t>>>${32 - n})&1;`; of = '((r>>>31)^u)'; }
        else if (d.op === Op.SHR) { code = `t=L[${r0}]>>>0;r=t>>>${n};u=(t>>>${n - 1})&1;`; of = '(t>>>31)'; }
        else { code = `t=L[${r0}]|0;r=(t>>${n})>>>0;u=(t>>${n - 1})&1;`; of = '0'; }
        cx.pending = `cpu.flagsRest=(cpu.flagsRest&-2262)|u|(${of}?2048:0)|(r===0?64:0)|(r>>>31?128:0)|PT[r&255];cpu.fOp=0;`;
        return `${code}L[${r0}]=r;H[${r0}]=0;`;
      }
      // A register below 64 bits cannot fault: the handler (isa/shifts.ts shift32) needs no RIP.
      if (d.osz !== 8 && d.k0 === K_REG) return `F[${d.op}](cpu,D[${k}]);`;
      break;
    case Op.JCC:
      // A branch to the next instruction changes nothing; a taken branch leaves the block.
      return d.target === next ? '' : `if(${knownCond(known, d.cond) ?? `cpu.cond(${d.cond})`}){${leave(k + 1, d.target)}}`;
    case Op.JMP: return '';
  }
  // Everything else: the row's handler, with RIP at the next instruction as handlers expect.
  return `${idx}cpu.rip=${next};F[${d.op}](cpu,D[${k}]);${smc}`;
}

/**
 * A block's generated code: `code(cpu, block, room, limit)` runs it (passes of a loop back to its
 * start while at most `room` instructions retire and cpu.cycles stays below `limit`) and returns
 * the instructions retired.
 */
export type BlockCode = (cpu: CpuCore, block: CompiledBlock, room: number, limit: number) => number;

// Generated functions by source text, shared by every CPU in the process (a restarted program, the
// next bench run, the kernel's entry code of each boot): V8 keeps their optimized code warm.
const codeCache = new Map<string, BlockCode>();
const CODE_CACHE_MAX = 20_000;

function codeFor(body: string): BlockCode {
  let code = codeCache.get(body);
  if (code === undefined) {
    if (codeCache.size >= CODE_CACHE_MAX) codeCache.clear();
    code = new Function('cpu', 'blk', 'room', 'limit', `const L=cpu.regLo,H=cpu.regHi,PT=cpu.parity,D=blk.insns,F=blk.handlers,P=blk.page,R=blk.recs;\n${body}`) as BlockCode;
    codeCache.set(body, code);
  }
  return code;
}

/**
 * The statically known flag producer after `d`: its a, b, r locals. Instructions that neither
 * write flags nor those locals keep it; anything else forgets it.
 */
function flagsAfter(d: DecodedInsn, known: KnownFlags | null): KnownFlags | null {
  switch (d.op) {
    case Op.ALU_RR4: case Op.ALU_RI4: case Op.ALU_RM4:
      return { kind: d.sub === Op.ADD ? F_ADD : d.sub === Op.SUB || d.sub === Op.CMP ? F_SUB : F_LOGIC };
    case Op.INCDEC_R4: return { kind: d.sub === Op.INC ? F_INC : F_DEC };
    // These touch neither the flags nor a, b, r (PUSH/POP use sp and a: POP_R4/R8 write a, so not them).
    case Op.MOV_RR4: case Op.MOV_RR8: case Op.MOV_RI4: case Op.MOV_RI8: case Op.MOV_RM4: case Op.MOV_RM8:
    case Op.MOV_MR4: case Op.MOV_MR8: case Op.PUSH_R4: case Op.PUSH_R8: case Op.NOP: case Op.LEA:
      return known;
    case Op.JCC: return known;
    default: return null;
  }
}

/**
 * Compile `insns` (consecutive, all in one page) into a block. `page.recs` is that page's
 * decoded-record array `recs`; a write to the page clears it.
 */
export function compileBlock(insns: DecodedInsn[], addrs: number[], page: { recs: unknown }, recs: unknown): CompiledBlock {
  const n = insns.length;
  const starts = new Float64Array(addrs);
  const prefix = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k]! + insns[k]!.cost;
  // A branch back to the first instruction loops inside the function while the run's instruction
  // room and cycle limit allow a whole further pass (the run loop's own entry test); cpu.jitAcc
  // keeps the passes' instructions for a fault's accounting.
  const head = addrs[0]!;
  const leave = (m: number, rip: number): string => rip === head
    ? `acc+=${m};cpu.cycles+=${prefix[m]};cpu.jitAcc=acc;if(acc+${n}>room||cpu.cycles+${prefix[n]}>=limit){cpu.rip=${rip};return acc;}continue;`
    : `cpu.rip=${rip};cpu.cycles+=${prefix[m]};return acc+${m};`;
  let body = 'let a=0,b=0,c=0,r=0,s=0,t=0,u=0,ah=0,bh=0,rh=0,sp=0,e=0,x0=0,x1=0,x2=0,x3=0;\n';
  const cx: EmitState = { known: null, pending: '' };
  for (let k = 0; k < n; k++) {
    const d = insns[k]!;
    const trivialJcc = d.op === Op.JCC && d.target === addrs[k]! + d.len;
    if (!trivialJcc && flagUse(d) === 'flush') { body += cx.pending; cx.pending = ''; }
    body += emit(d, k, addrs[k]!, leave, cx) + '\n';
    cx.known = flagsAfter(d, cx.known);
  }
  body += cx.pending;
  const last = insns[n - 1]!;
  body += leave(n, last.op === Op.JMP ? last.target : addrs[n - 1]! + last.len);
  const code = codeFor(`let acc=0;\nfor(;;){\n${body}\n}`);
  let innerLo = Infinity, innerHi = -Infinity;
  for (let k = 1; k < n; k++) { innerLo = Math.min(innerLo, addrs[k]!); innerHi = Math.max(innerHi, addrs[k]!); }
  return { code, insns: insns.slice(), handlers: HANDLERS, page, recs, count: n, cycles: prefix[n]!, starts, prefix, innerLo, innerHi };
}
