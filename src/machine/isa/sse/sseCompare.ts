// SSE/SSE2 floating-point compares: cmpps/cmpss/cmppd/cmpsd with the eight legacy predicates
// (imm8[2:0]: EQ_OQ LT_OS LE_OS UNORD_Q NEQ_UQ NLT_US NLE_US ORD_Q) and comiss/ucomiss/comisd/
// ucomisd into ZF PF CF (SDM Vol.2 CMPPS, COMISS, UCOMISS). The signalling predicates and COMIS*
// raise IE on a QNaN too; the quiet ones only on an SNaN.
import type { Handler, OpRow } from '../opRow.js';
import { C_QNAN, C_SNAN, IE, beginFp, class32, class64, fp } from './sseFloatCore.js';
import { finishFp, in32, in64 } from './sseFloat.js';
import { D32, S32, T32, loadBinary, rowsOfAll, storeT } from './sseState.js';

/** Relation of x to y: 0 less, 1 equal, 2 greater, 3 unordered (IE per `signalling`). */
function rel32(a: number, b: number, signalling: boolean): number {
  const ca = class32(a), cb = class32(b);
  if (ca >= C_QNAN || cb >= C_QNAN) { if (signalling || ca === C_SNAN || cb === C_SNAN) fp.pre |= IE; return 3; }
  const x = in32(a, ca), y = in32(b, cb);
  return x < y ? 0 : x === y ? 1 : 2;
}
function rel64(ah: number, al: number, bh: number, bl: number, signalling: boolean): number {
  const ca = class64(ah, al), cb = class64(bh, bl);
  if (ca >= C_QNAN || cb >= C_QNAN) { if (signalling || ca === C_SNAN || cb === C_SNAN) fp.pre |= IE; return 3; }
  const x = in64(ah, al, ca), y = in64(bh, bl, cb);
  return x < y ? 0 : x === y ? 1 : 2;
}

/** Predicate p (0..7) true for relation r. */
function holds(p: number, r: number): boolean {
  switch (p) {
    case 0: return r === 1;
    case 1: return r === 0;
    case 2: return r <= 1;
    case 3: return r === 3;
    case 4: return r !== 1;
    case 5: return r !== 0;
    case 6: return r > 1;
    default: return r !== 3;
  }
}
const SIGNALLING = [false, true, true, false, false, true, true, false];

function cmp(double: boolean, scalar: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    beginFp(cpu.fpu.mxcsr);
    const p = d.immLo & 7, sig = SIGNALLING[p]!;
    T32.set(D32);
    if (double) {
      for (let i = 0; i < (scalar ? 1 : 2); i++) {
        const t = holds(p, rel64(D32[2 * i + 1]!, D32[2 * i]!, S32[2 * i + 1]!, S32[2 * i]!, sig)) ? -1 : 0;
        T32[2 * i] = t; T32[2 * i + 1] = t;
      }
    } else for (let i = 0; i < (scalar ? 1 : 4); i++) T32[i] = holds(p, rel32(D32[i]!, S32[i]!, sig)) ? -1 : 0;
    finishFp(cpu);
    storeT(cpu, d, 16);
  };
}

/** comis/ucomis: unordered ZF PF CF = 111, greater 000, less 001, equal 100; OF SF AF cleared. */
function comis(double: boolean, signalling: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    beginFp(cpu.fpu.mxcsr);
    const r = double ? rel64(D32[1]!, D32[0]!, S32[1]!, S32[0]!, signalling) : rel32(D32[0]!, S32[0]!, signalling);
    finishFp(cpu);
    cpu.setArith(r === 3 ? 0x45 : r === 0 ? 0x1 : r === 1 ? 0x40 : 0);
  };
}

const ZPC = 0x45;
export const SSE_COMPARE_ROWS: readonly OpRow[] = rowsOfAll([
  { names: ['Cmpps'], handler: cmp(false, false), cls: 'fpAdd', xmm: 'sse' },
  { names: ['Cmpss'], handler: cmp(false, true), cls: 'fpAdd', xmm: 'sse' },
  { names: ['Cmppd'], handler: cmp(true, false), cls: 'fpAdd', xmm: 'sse2' },
  { names: ['Cmpsd'], handler: cmp(true, true), cls: 'fpAdd', xmm: 'sse2' },
  { names: ['Comiss'], handler: comis(false, true), cls: 'fpAdd', xmm: 'sse' },
  { names: ['Ucomiss'], handler: comis(false, false), cls: 'fpAdd', xmm: 'sse' },
  { names: ['Comisd'], handler: comis(true, true), cls: 'fpAdd', xmm: 'sse2' },
  { names: ['Ucomisd'], handler: comis(true, false), cls: 'fpAdd', xmm: 'sse2' },
]).map((r) => (r.name.includes('COMIS') ? { ...r, flagsWritten: ZPC | 0x890 } : r));
