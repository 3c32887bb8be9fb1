// Differential oracle for MMX/SSE instructions: encodes random forms of an instruction list
// (legacy encodings built here byte by byte, so the bytes under test do not depend on trapdoor's
// assembler), gives each case a random register/MXCSR/memory state, runs the batch natively
// (fpHarness64.c) and in trapdoor, and names the first case that differs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Machine as MachineClass, RegName } from '../../src/machine/index.js';
import { readFxsave, writeFxsave } from '../../src/machine/isa/fxsaveImage.js';
import { fpDifferences, fxImage, hostProfile, nativeFpProblem, runEmulatedFp, runNativeFp, type FpCase, type FpResult } from './fpOracle.js';
import { SCRATCH_SIZE } from './generateBlock.js';
import { CODE_ADDR, DATA_ADDR, REG_NAMES_64, SCRATCH_ADDR, STACK_TOP } from './oracleLayout.js';
import { loadMachine, prepareMachine, type Engine } from './runInMachine.js';
import { SeededRandom } from './seededRandom.js';

/** Operand kinds of a ModRM form: XMM register, MMX register, general register (32/64 by `w`). */
export type Opnd = 'x' | 'mm' | 'r';

export interface SseForm {
  /** Text for reports ("paddb xmm, xmm/m128"). */
  name: string;
  /** Mandatory prefix (0x66 0xf2 0xf3), prefixes in order, or none. */
  pre?: number | number[];
  /** Opcode bytes after the prefix and REX (0x0f ...). */
  op: number[];
  /** What ModRM.reg names; a number is an opcode extension (/digit). */
  reg: Opnd | number;
  /** What ModRM.rm names when it is a register; null: memory only. */
  rm: Opnd | null;
  /** Memory form allowed (`rm` as m<size>). */
  mem?: boolean;
  /** Register form forbidden (memory-only instructions). */
  memOnly?: boolean;
  imm?: boolean;
  /** A second imm8 (extrq/insertq). */
  imm2?: boolean;
  /** REX.W. */
  w?: boolean;
  /** Memory operand size (for placing it inside scratch memory). */
  size?: number;
}

/** Random 32-bit patterns an SSE test should hit (float specials, integer extremes). */
const DWORDS = [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fa00000,
  0x00000001, 0x00800000, 0x807fffff, 0x3f800000, 0xbf800000, 0x4f000000, 0xcf000000, 0x7f7fffff, 0x0000ffff, 0xffff0000,
  0x80808080, 0x7f7f7f7f, 0x00ff00ff, 0x4b000000, 0x3effffff];
const QWORDS: [number, number][] = [[0, 0], [0, 0x80000000], [0, 0x7ff00000], [0, 0xfff00000], [0, 0x7ff80000], [0, 0x7ff40000],
  [1, 0], [0, 0x00100000], [0xffffffff, 0x000fffff], [0, 0x3ff00000], [0, 0xbff00000], [0, 0x43e00000], [0, 0xc3e00000],
  [0, 0x41e00000], [0xffc00000, 0x41dfffff], [0xffffffff, 0x7fefffff], [0, 0x3fe00000], [0, 0x43300000], [1, 0x3ff00000]];

/** 16 random bytes with a bias to interesting lanes. */
export function randomVector(rnd: SeededRandom, out: Uint8Array, at: number): void {
  const v = new DataView(out.buffer, out.byteOffset + at, 16);
  const mode = rnd.below(4);
  for (let j = 0; j < 4; j++) {
    if (mode === 0 || rnd.chance(0.4)) v.setUint32(j * 4, rnd.u32(), true);
    else if (mode === 1 && (j & 1) === 0) { const q = rnd.pick(QWORDS); v.setUint32(j * 4, q[0]! >>> 0, true); v.setUint32(j * 4 + 4, q[1]! >>> 0, true); j++; }
    else v.setUint32(j * 4, rnd.pick(DWORDS) >>> 0, true);
  }
}

export interface CaseOptions {
  /** MXCSR bits to randomise beyond the default 0x1f80 (flags, masks, RC, FTZ, DAZ). */
  mxcsr?: (rnd: SeededRandom) => number;
  /** Chance that a 16-byte memory operand is misaligned. */
  misalign?: number;
  /** Reshape a generated case (string data for the string compares, special operands ...). */
  tweak?: (rnd: SeededRandom, c: FpCase) => void;
}

/** One random encoding of `f` with a random machine state. */
export function randomCase(rnd: SeededRandom, f: SseForm, o: CaseOptions = {}): FpCase {
  const regNum = (k: Opnd | number, isDest: boolean): number => {
    if (typeof k === 'number') return k;
    if (k === 'mm') return rnd.below(8);
    if (k === 'x') return rnd.below(16);
    // general registers: never rsp/rbp (the harness's stack and the scratch base)
    let r: number;
    do r = rnd.below(16); while (r === 4 || r === 5 || (!isDest && false));
    return r;
  };
  const noModrm = !f.mem && f.rm === null;
  const useMem = f.memOnly || (f.mem && (f.rm === null || rnd.chance(0.35)));
  const reg = regNum(f.reg, true);
  const code: number[] = [];
  if (f.pre !== undefined) code.push(...(typeof f.pre === 'number' ? [f.pre] : f.pre));
  let rex = f.w ? 0x48 : 0;
  const rn = reg;
  if (rn >= 8 && f.reg !== 'mm' && typeof f.reg !== 'number') rex |= 0x44;
  let modrm: number, disp = -1;
  if (useMem) {
    // operands stay inside scratch memory (what lies beyond differs natively), misaligned by 1..15 sometimes
    const slots = Math.floor((SCRATCH_SIZE - 32) / 16);
    disp = rnd.below(slots + 1) * 16;
    if (rnd.chance(o.misalign ?? 0.05)) disp += 1 + rnd.below(15);
    modrm = 0x80 | ((rn & 7) << 3) | 5; // disp32(%rbp)
  } else if (noModrm) modrm = 0;
  else {
    const rm = regNum(f.rm!, false);
    if (rm >= 8 && f.rm !== 'mm') rex |= 0x41;
    modrm = 0xc0 | ((rn & 7) << 3) | (rm & 7);
  }
  if (rex) code.push(rex);
  code.push(...f.op);
  if (!noModrm) code.push(modrm);
  if (disp >= 0) code.push(disp & 0xff, disp >> 8, 0, 0);
  if (f.imm) code.push(rnd.below(256));
  if (f.imm2) code.push(rnd.below(256));

  const regs = Array.from({ length: 16 }, () => (rnd.chance(0.3) ? BigInt(rnd.pick(DWORDS) >>> 0) : rnd.u64()));
  regs[4] = STACK_TOP; regs[5] = SCRATCH_ADDR;
  const xmm = new Uint8Array(256);
  for (let i = 0; i < 16; i++) randomVector(rnd, xmm, i * 16);
  // sometimes make the operands equal lane-wise (compares) or one a copy of the other
  if (rnd.chance(0.2)) xmm.copyWithin(rnd.below(16) * 16, rnd.below(16) * 16, 16);
  const st: [number, number, number][] = [];
  for (let j = 0; j < 8; j++) st.push([rnd.below(0x10000), rnd.u32(), rnd.u32()]);
  const scratch = new Uint8Array(SCRATCH_SIZE);
  for (let i = 0; i < SCRATCH_SIZE; i += 16) randomVector(rnd, scratch, i);
  const mxcsr = o.mxcsr ? o.mxcsr(rnd) : 0x1f80 | rnd.below(64);
  const c: FpCase = {
    code: new Uint8Array(code), regs, rflags: 0x2n | BigInt(rnd.below(0x100) & 0xd5),
    scratch, fx: fxImage({ fcw: 0x37f, fsw: rnd.below(8) << 11, ftw: rnd.below(256), mxcsr, st, xmm }),
  };
  o.tweak?.(rnd, c);
  return c;
}

let reusable: MachineClass | null = null;

/** runEmulatedFp, faster: one Machine reused while cases end without an exception. */
function runEmulated(c: FpCase, engine: Engine): FpResult {
  if (engine !== 'interpreter') return runEmulatedFp(c, engine);
  if (!reusable) reusable = prepareMachine(64, new Uint8Array(64), { regs: c.regs, rflags: c.rflags, scratch: c.scratch }, 'protected', 'interpreter', hostProfile());
  const m = reusable;
  const code = new Uint8Array(64); code.set(c.code);
  m.write(CODE_ADDR, code);
  m.write(DATA_ADDR, c.scratch);
  c.regs.forEach((v, i) => { m.setReg(REG_NAMES_64[i]! as RegName, v); });
  m.setReg('rflags', c.rflags | 0x200n);
  m.setReg('rip', CODE_ADDR);
  readFxsave(m.fpu, c.fx, true);
  const end = CODE_ADDR + BigInt(c.code.length);
  const r = m.run({ maxInstructions: 100, breakpoints: new Set([end]) });
  if (m.getReg('rip') !== end || r.reason === 'shutdown') { reusable = null; return runEmulatedFp(c, engine); }
  const fx = new Uint8Array(c.fx);
  writeFxsave(m.fpu, fx, true);
  return { regs: REG_NAMES_64.map((n) => m.getReg(n as RegName)), rflags: m.getReg('rflags'), fx, scratch: m.read(DATA_ADDR, SCRATCH_SIZE) };
}

/** runGroup on the interpreter (`count` cases), then compiled blocks (`blockCount` cases, another seed): the first difference or null. */
export function runBothEngines(forms: readonly SseForm[], s: OracleSuite, seed: number, o: CaseOptions = {}): string | null {
  const r = runGroup(forms, s.count, seed + s.seedOffset, s.work, o);
  if (r.firstDifference || r.cases !== s.count) return r.firstDifference ?? `${r.cases} of ${s.count} cases ran`;
  const b = runGroup(forms, s.blockCount, seed + 500 + s.seedOffset, s.work, o, 'blocks');
  return b.firstDifference ? `compiled blocks: ${b.firstDifference}` : null;
}

export interface GroupReport {
  cases: number;
  faults: number;
  /** The first differing case, described, or null. */
  firstDifference: string | null;
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

/**
 * Run `count` random cases drawn from `forms` (seeded), natively and in trapdoor; stops at the
 * first difference and describes it (the instruction bytes, the seed and what differs).
 */
export function runGroup(forms: readonly SseForm[], count: number, seed: number, workDir: string, o: CaseOptions = {}, engine: Engine = 'interpreter'): GroupReport {
  const rnd = new SeededRandom(seed);
  const BATCH = 4000;
  let faults = 0;
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done);
    const picked: SseForm[] = [];
    const cases: FpCase[] = [];
    for (let k = 0; k < n; k++) { const f = forms[rnd.below(forms.length)]!; picked.push(f); cases.push(randomCase(rnd, f, o)); }
    const native = runNativeFp(cases, workDir);
    for (let k = 0; k < n; k++) {
      const c = cases[k]!, nat = native[k]!;
      if (nat.fault) faults++;
      let emu: FpResult;
      try { emu = runEmulated(c, engine); } catch (e) {
        return { cases: done + k, faults, firstDifference: `${picked[k]!.name} [${hex(c.code)}] (seed ${seed}, case ${done + k}): ${(e as Error).message}` };
      }
      const diff = fpDifferences(nat, emu, { ignoreLastInstruction: true });
      if (diff.length) {
        const mx = new DataView(c.fx.buffer).getUint32(24, true).toString(16);
        if (process.env.TRAPDOOR_SSE_DEBUG) console.log('inputs:', Array.from({ length: 16 }, (_, r) => `xmm${r}=${hex(c.fx.subarray(160 + r * 16, 176 + r * 16))}`).join('\n'));
        return { cases: done + k, faults, firstDifference: `${picked[k]!.name} [${hex(c.code)}] mxcsr ${mx} (seed ${seed}, case ${done + k}): ${diff.join('; ')}` };
      }
    }
  }
  return { cases: count, faults, firstDifference: null };
}

/** What every SSE oracle test file sets up: why native runs are impossible (or null), a work directory, case count and seed offset. */
export interface OracleSuite {
  problem: string | null; work: string; count: number; seedOffset: number;
  /** Cases per group run again as compiled blocks (count / 40: the block compiler calls the same handlers). */
  blockCount: number;
}

/**
 * Call at the top of a test file: checks the host, makes (and later removes) a work directory,
 * loads the machine. TRAPDOOR_SSE_CASES sets the cases per group (20,000), TRAPDOOR_SSE_SEED=n
 * shifts every seed (a longer bug hunt).
 */
export function oracleSuite(label: string): OracleSuite {
  const problem = nativeFpProblem();
  if (problem) console.warn(`test/oracle: ${label} SKIPPED: ${problem}`);
  const work = mkdtempSync(join(tmpdir(), 'trapdoor-sse-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  beforeAll(async () => {
    const why = await loadMachine();
    if (why) throw new Error(why);
  });
  const count = Number(process.env.TRAPDOOR_SSE_CASES ?? 20_000);
  return { problem, work, count, seedOffset: Number(process.env.TRAPDOOR_SSE_SEED ?? 0) * 1000, blockCount: Math.ceil(count / 40) };
}
