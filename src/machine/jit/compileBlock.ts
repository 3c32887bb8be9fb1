// The block compiler: a run of hot predecoded instructions in one page becomes one generated
// JavaScript function, so V8 compiles guest code straight-line instead of through fetch + switch.
// Every instruction keeps its exact effect on registers, lazy flags, memory and faults; a block
// never holds a control transfer, a privileged or timing-dependent instruction (those stay with
// the interpreter), and it leaves early when it writes to its own code page.
import { Op, type DecodedInsn } from '../decodedInsn.js';
import type { CpuCore } from '../CpuCore.js';
import { HANDLERS, JIT_OK } from '../isa/opcodes.js';
import type { Handler } from '../isa/opRow.js';
import { emitInsn, isInlineAlu, type EmitState } from './emitInsn.js';
import { flagsAfter, flagUse } from './flagCode.js';
import { FRELOAD, FSPILL, RELOAD, SPILL } from './operandCode.js';

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

/** CpuState's lazy-flag fields, which a block keeps in locals f_<field> like the registers. */
const FLAG_FIELDS = /cpu\.(fOp|fSize|fCin|fA|fB|fRes|fAHi|fBHi|fResHi|flagsRest)\b/g;

/**
 * The function body around a block's instructions: the guest registers it names (locals l0..l15
 * and h0..h15, the low and high halves) and the lazy-flag fields (f_fOp...) read from cpu on
 * entry, and the ones it writes stored back wherever it leaves (the SPILL/RELOAD marks of
 * operandCode's handlerCall and of `leave`, FSPILL/FRELOAD for the flags alone), and on a fault
 * unless the fault came from inside a handler (`sy`), which had them all in cpu. The faulting
 * instruction's index (`ji`) and the passes' instructions (`acc`) go to cpu only on a fault.
 */
function withStateLocals(text: string): string {
  const body = text.replace(FLAG_FIELDS, 'f_$1');
  const used = new Set<string>(), written = new Set<string>();
  for (const m of body.matchAll(/\b([lh]\d+|f_\w+)(=(?!=))?/g)) { used.add(m[1]!); if (m[2] !== undefined) written.add(m[1]!); }
  const home = (x: string): string => x[0] === 'f' ? `cpu.${x.slice(2)}` : `${x[0] === 'l' ? 'L' : 'H'}[${x.slice(1)}]`;
  const store = (xs: Iterable<string>): string => [...xs].map((x) => `${home(x)}=${x};`).join('');
  const load = (xs: Iterable<string>): string => [...xs].map((x) => `${x}=${home(x)};`).join('');
  const flags = (xs: Set<string>): string[] => [...xs].filter((x) => x[0] === 'f');
  const spill = store(written);
  const decl = used.size ? `let ${[...used].map((x) => `${x}=${home(x)}`).join(',')};\n` : '';
  const code = body.split(SPILL).join(spill).split(RELOAD).join(load(used))
    .split(FSPILL).join(store(flags(written))).split(FRELOAD).join(load(flags(used)));
  return `let acc=0,sy=0,ji=0,j=false;\n${decl}try{for(;;){\n${code}\n}}catch(x){cpu.jitIdx=ji;cpu.jitAcc=acc;if(sy===0){${spill}}throw x;}`;
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
  // room and cycle limit allow a whole further pass (the run loop's own entry test); acc (cpu.jitAcc
  // on a fault) keeps the passes' instructions for the fault's accounting.
  const head = addrs[0]!;
  const leave = (m: number, rip: number): string => rip === head
    ? `acc+=${m};cpu.cycles+=${prefix[m]};if(acc+${n}>room||cpu.cycles+${prefix[n]}>=limit){${SPILL}cpu.rip=${rip};return acc;}continue;`
    : `${SPILL}cpu.rip=${rip};cpu.cycles+=${prefix[m]};return acc+${m};`;
  let body = 'let a=0,b=0,c=0,r=0,s=0,t=0,g=null,u=0,w=0,wh=0,ah=0,bh=0,rh=0,sp=0,e=0,o=0,v=0,q=0,p=null,dv=null,x0=0,x1=0,x2=0,x3=0;\n';
  const cx: EmitState = { known: null, pending: '' };
  for (let k = 0; k < n; k++) {
    const d = insns[k]!;
    const trivialJcc = d.op === Op.JCC && d.target === addrs[k]! + d.len;
    if (!trivialJcc && flagUse(d) === 'flush') { body += cx.pending; cx.pending = ''; }
    body += emitInsn(d, k, addrs[k]!, leave, cx) + '\n';
    cx.known = flagsAfter(d, cx.known, isInlineAlu(d));
  }
  body += cx.pending;
  const last = insns[n - 1]!;
  body += leave(n, last.op === Op.JMP ? last.target : addrs[n - 1]! + last.len);
  const code = codeFor(withStateLocals(body));
  let innerLo = Infinity, innerHi = -Infinity;
  for (let k = 1; k < n; k++) { innerLo = Math.min(innerLo, addrs[k]!); innerHi = Math.max(innerHi, addrs[k]!); }
  return { code, insns: insns.slice(), handlers: HANDLERS, page, recs, count: n, cycles: prefix[n]!, starts, prefix, innerLo, innerHi };
}
