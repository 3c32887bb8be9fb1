// Operand access shared by the MMX/SSE handlers: the availability checks (CR0/CR4), scratch
// registers D (destination) and S (source) the handlers compute in, loads with the legacy-SSE
// alignment rule, write-back with the MMX transition, and the row builder that turns iced codes
// into table rows by form (MMX register forms and XMM forms come from different CPU features).
import { Code } from '../../../x86/icedModule.js';
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodeInstruction.js';
import { GuestFault } from '../../GuestFault.js';
import type { CostClass, Feature } from '../../types.js';
import type { Handler, OpRow } from '../opRow.js';

/**
 * Operand kinds of a decoded record, as decodeInstruction.ts numbers them (literals here: the
 * decoder imports the row table, so importing its values would be a cycle; rowTable.test checks them).
 */
export const K_REG = 1, K_MEM = 2, K_IMM = 3, K_XMM = 4, K_MMX = 5;
export const CR0_EM = 1 << 2, CR0_TS = 1 << 3;
export const CR4_OSFXSR = 1 << 9, CR4_OSXMMEXCPT = 1 << 10;
export const VEC_UD = 6, VEC_NM = 7, VEC_GP = 13, VEC_MF = 16, VEC_XM = 19;
/** MXCSR.MM (AMD misaligned SSE mode, APM Vol.4 1.3.4). */
const MXCSR_MM = 1 << 17;

const buf = new ArrayBuffer(64);
/** Destination scratch: the first operand's value, and the result the handler writes back. */
export const D8 = new Uint8Array(buf, 0, 16), D16 = new Uint16Array(buf, 0, 8), D32 = new Uint32Array(buf, 0, 4);
export const DI8 = new Int8Array(buf, 0, 16), DI16 = new Int16Array(buf, 0, 8), DI32 = new Int32Array(buf, 0, 4);
export const DF32 = new Float32Array(buf, 0, 4), DF64 = new Float64Array(buf, 0, 2);
/** Source scratch: the second operand (register or memory), zero beyond what memory supplied. */
export const S8 = new Uint8Array(buf, 16, 16), S16 = new Uint16Array(buf, 16, 8), S32 = new Uint32Array(buf, 16, 4);
export const SI8 = new Int8Array(buf, 16, 16), SI16 = new Int16Array(buf, 16, 8), SI32 = new Int32Array(buf, 16, 4);
export const SF32 = new Float32Array(buf, 16, 4), SF64 = new Float64Array(buf, 16, 2);
/** A third scratch register for results built from both operands (shuffles, packs). */
export const T8 = new Uint8Array(buf, 32, 16), T16 = new Uint16Array(buf, 32, 8), T32 = new Uint32Array(buf, 32, 4);
export const TI16 = new Int16Array(buf, 32, 8), TI32 = new Int32Array(buf, 32, 4);
export const TF32 = new Float32Array(buf, 32, 4), TF64 = new Float64Array(buf, 32, 2);
/** The implicit XMM0 of the blendv forms. */
export const X8 = new Uint8Array(buf, 48, 16), X32 = new Uint32Array(buf, 48, 4);

/** SSE availability (SDM Vol.3 13.1): CR0.EM or a clear CR4.OSFXSR make it #UD, CR0.TS #NM. */
export function sseCheck(cpu: CpuCore): void {
  if ((cpu.cr0 & CR0_EM) || !(cpu.cr4 & CR4_OSFXSR)) throw new GuestFault(VEC_UD, -1, 'SSE instruction with CR0.EM set or CR4.OSFXSR clear');
  if (cpu.cr0 & CR0_TS) throw new GuestFault(VEC_NM, -1, 'SSE instruction with CR0.TS set');
}

/** MMX availability (SDM Vol.3 Table 12-1 / 22-x): CR0.EM #UD, CR0.TS #NM, a pending x87 exception #MF. */
export function mmxCheck(cpu: CpuCore): void {
  if (cpu.cr0 & CR0_EM) throw new GuestFault(VEC_UD, -1, 'MMX instruction with CR0.EM set');
  if (cpu.cr0 & CR0_TS) throw new GuestFault(VEC_NM, -1, 'MMX instruction with CR0.TS set');
  if (cpu.fpu.fpSw & 0x80) throw new GuestFault(VEC_MF, -1, 'MMX instruction with an x87 exception pending');
}

/**
 * The linear address of a 16-byte legacy-SSE memory operand, #GP(0) when it is not 16-byte
 * aligned (SDM Vol.1 Table 12-x "alignment"). AMD's misaligned SSE mode (MXCSR.MM with
 * misalignsse) lifts the rule for all but the explicitly aligned moves (`strict`).
 */
export function alignedEa(cpu: CpuCore, d: DecodedInsn, strict: boolean): number {
  const la = cpu.ea(d);
  if ((la & 15) !== 0 && (strict || !(cpu.fpu.mxcsr & MXCSR_MM))) throw new GuestFault(VEC_GP, 0, `misaligned 16-byte SSE operand at 0x${la.toString(16)}`);
  return la;
}

/** Read `size` bytes (1..16) at `la` into the dwords out[0..3] (zero beyond them); reads everything before returning. */
export function readMem(cpu: CpuCore, la: number, size: number, out: Uint32Array, out8: Uint8Array): void {
  if (size === 16) {
    const a = cpu.rd64(la), ah = cpu.hi, b = cpu.rd64(la + 8), bh = cpu.hi;
    out[0] = a; out[1] = ah; out[2] = b; out[3] = bh;
    return;
  }
  out[0] = 0; out[1] = 0; out[2] = 0; out[3] = 0;
  switch (size) {
    case 8: out[0] = cpu.rd64(la); out[1] = cpu.hi; return;
    case 4: out[0] = cpu.rd32(la); return;
    case 2: out[0] = cpu.rd16(la); return;
    case 1: out8[0] = cpu.rd8(la); return;
    default: throw new Error(`sse: memory operand of ${size} bytes`);
  }
}

/** Write dwords v[0..] as `size` bytes (4, 8 or 16) at `la`, checking the whole range first. */
export function writeMem(cpu: CpuCore, la: number, size: number, v: Uint32Array): void {
  if (size === 16) {
    cpu.probeWrite(la, 16);
    cpu.wr64(la, v[0]!, v[1]!); cpu.wr64(la + 8, v[2]!, v[3]!);
  } else if (size === 8) cpu.wr64(la, v[0]!, v[1]!);
  else if (size === 4) cpu.wr32(la, v[0]!);
  else if (size === 2) cpu.wr16(la, v[0]! & 0xffff);
  else throw new Error(`sse: memory store of ${size} bytes`);
}

/** Copy XMMr into a scratch register's dwords. */
export function getXmm(cpu: CpuCore, r: number, out: Uint32Array): void {
  const x = cpu.fpu.xmm32, i = r * 4;
  out[0] = x[i]!; out[1] = x[i + 1]!; out[2] = x[i + 2]!; out[3] = x[i + 3]!;
}

export function setXmm(cpu: CpuCore, r: number, v: Uint32Array): void {
  const x = cpu.fpu.xmm32, i = r * 4;
  x[i] = v[0]!; x[i + 1] = v[1]!; x[i + 2] = v[2]!; x[i + 3] = v[3]!;
}

/**
 * Operand `k` (kind, register, size) into `out`: an XMM/MMX register, memory (16-byte operands
 * aligned unless `unaligned`), or a general register's low 32/64 bits.
 */
export function loadOperand(cpu: CpuCore, d: DecodedInsn, kind: number, r: number, size: number, out: Uint32Array, out8: Uint8Array, unaligned: boolean): void {
  switch (kind) {
    case K_XMM: getXmm(cpu, r, out); return;
    case K_MMX: out[0] = cpu.fpu.fpMant[2 * r]!; out[1] = cpu.fpu.fpMant[2 * r + 1]!; out[2] = 0; out[3] = 0; return;
    case K_MEM: readMem(cpu, size === 16 && !unaligned ? alignedEa(cpu, d, false) : cpu.ea(d), size, out, out8); return;
    case K_REG: out[0] = cpu.regLo[r]!; out[1] = size === 8 ? cpu.regHi[r]! : 0; out[2] = 0; out[3] = 0; return;
    default: throw new Error(`sse: operand kind ${kind}`);
  }
}

/**
 * The common shape `op dst, src`: checks the unit, loads D from operand 0 and S from operand 1.
 * Returns the width in bytes (8 for MMX registers, 16 for XMM).
 */
export function loadBinary(cpu: CpuCore, d: DecodedInsn, unaligned = false): number {
  if (d.k0 === K_MMX) {
    mmxCheck(cpu);
    loadOperand(cpu, d, K_MMX, d.r0, 8, D32, D8, true);
    loadOperand(cpu, d, d.k1, d.r1, d.s1, S32, S8, true);
    return 8;
  }
  sseCheck(cpu);
  getXmm(cpu, d.r0, D32);
  loadOperand(cpu, d, d.k1, d.r1, d.s1, S32, S8, unaligned);
  return 16;
}

/** Write D back to operand 0 (an MMX write does the x87 -> MMX transition). */
export function storeD(cpu: CpuCore, d: DecodedInsn, width: number): void {
  if (width === 8) cpu.fpu.writeMmx(d.r0, D32[0]!, D32[1]!);
  else setXmm(cpu, d.r0, D32);
}

/** Write T back to operand 0. */
export function storeT(cpu: CpuCore, d: DecodedInsn, width: number): void {
  if (width === 8) cpu.fpu.writeMmx(d.r0, T32[0]!, T32[1]!);
  else setXmm(cpu, d.r0, T32);
}

// ------------------------------------------------------------------ rows
const legacyCodes = new Map<string, number[]>();
for (const name of Object.keys(Code)) {
  if (!/^[A-Z][a-z0-9]+(_|$)/.test(name)) continue; // skip numeric keys and VEX_/EVEX_/XOP_/D3NOW_ forms
  if (name === 'Movsd_m32_m32' || name === 'Cmpsd_m32_m32') continue; // the string instructions of the same name
  const mn = name.includes('_') ? name.slice(0, name.indexOf('_')) : name;
  const list = legacyCodes.get(mn) ?? [];
  list.push((Code as unknown as Record<string, number>)[name]!);
  legacyCodes.set(mn, list);
}
const codeName = (c: number): string => (Code as unknown as Record<number, string>)[c]!;

/** Whether an iced code is an MMX-register form (an `mm` operand and no `xmm`). */
function isMmxForm(c: number): boolean {
  const ops = codeName(c).split('_').slice(1);
  return ops.some((o) => /^mm/.test(o)) && !ops.some((o) => /^xmm/.test(o));
}

export interface RowSpec {
  /** iced code-name prefixes (the mnemonic as iced spells it: 'Paddb', 'Movdqa'). */
  names: readonly string[];
  handler: Handler;
  cls: CostClass;
  /** Feature of the XMM (and non-register) forms. */
  xmm: Feature;
  /** Feature of the MMX register forms (omit when there are none). */
  mm?: Feature;
}

/** Rows for every legacy encoding of the named instructions: one row for the XMM forms, one for the MMX forms. */
export function rowsOf(spec: RowSpec): OpRow[] {
  const xs: Code[] = [], ms: Code[] = [];
  for (const n of spec.names) {
    const codes = legacyCodes.get(n);
    if (!codes) throw new Error(`sse: iced has no instruction ${n}`);
    for (const c of codes) (isMmxForm(c) ? ms : xs).push(c as Code);
  }
  const base = spec.names[0]!.toUpperCase();
  const out: OpRow[] = [];
  if (xs.length) out.push({ name: base, codes: xs, handler: spec.handler, cls: spec.cls, jit: true, flagsRead: 0, flagsWritten: 0, feature: spec.xmm });
  if (ms.length) {
    if (!spec.mm) throw new Error(`sse: ${base} has MMX forms but no MMX feature`);
    out.push({ name: `${base} (MMX)`, codes: ms, handler: spec.handler, cls: spec.cls, jit: true, flagsRead: 0, flagsWritten: 0, feature: spec.mm });
  }
  return out;
}

/** Shorthand: rows for a list of specs. */
export function rowsOfAll(specs: readonly RowSpec[]): OpRow[] {
  return specs.flatMap(rowsOf);
}

