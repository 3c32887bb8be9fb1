// Flag instructions (CLC STC CMC CLD STD CLI STI LAHF SAHF), NOP and the fences, HLT, UD2, the
// records of undecodable and not-emulated bytes, and native (TypeScript) functions.
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import { privileged } from '../system/privileged.js';
import { memCls, type CoreRows } from './coreRows.js';

const TWO32 = 4294967296;
const R_AH = 16;
const CLI = Op.CLI, STI = Op.STI;

export function nop(): void { /* nothing */ }

/** A native function bound at this address: run it, then return as RET would. */
export function callNative(c: CpuCore): void {
  const nat = c.natives.get(c.rip);
  if (nat) nat.fn(c as unknown as import('../Machine.js').Machine);
  const ss = c.bits === 64 ? 8 : 4;
  const lo = c.pop(ss);
  c.rip = ss === 8 ? c.hi * TWO32 + lo : lo;
}

const flagOp = (f: (x: number) => number) => (c: CpuCore): void => c.storeFlags(f(c.materializeFlags()));

/** CLI STI: IOPL-sensitive; STI opens the one-instruction interrupt shadow (so `sti; hlt` works). */
function cliSti(c: CpuCore, d: DecodedInsn): void {
  if (c.cpl > ((c.flagsRest >> 12) & 3)) throw new GuestFault(C.VEC_GP, 0, `${d.op === CLI ? 'cli' : 'sti'} at CPL ${c.cpl} > IOPL`);
  const f = c.materializeFlags();
  if (d.op === STI && !(f & C.FLAG_IF)) c.intShadow = true;
  c.storeFlags(d.op === CLI ? f & ~C.FLAG_IF : f | C.FLAG_IF);
}

function lahf(c: CpuCore): void { c.setR(R_AH, 1, (c.materializeFlags() & 0xd5) | 2, 0); }

function sahf(c: CpuCore): void {
  const ah = (c.regLo[0]! >> 8) & 0xd5;
  c.storeFlags((c.materializeFlags() & ~0xd5) | ah);
}

function hlt(c: CpuCore): void { privileged(c, 'hlt'); c.halted = true; }

const M = Mnemonic;
const none = { jit: false, flagsRead: 0, flagsWritten: 0 } as const;
const flagRow = (m: Mnemonic, f: (x: number) => number, r: number, w: number) =>
  ({ mnemonics: [m], handler: flagOp(f), cls: 'alu', jit: true, flagsRead: r, flagsWritten: w } as const);

export const MISC_ROWS: CoreRows = {
  UNEMULATED: { ...none, cls: memCls, handler: (_c, d) => { throw new GuestFault(C.VEC_UD, -1, `not emulated: ${d.text}`, 0, true); } },
  NATIVE: { ...none, cls: 'callRet', handler: callNative },
  INVALID: { ...none, cls: 'exception', handler: () => { throw new GuestFault(C.VEC_UD, -1, 'invalid opcode'); } },
  CLD: flagRow(M.Cld, (f) => f & ~C.FLAG_DF, 0, 0),
  STD: flagRow(M.Std, (f) => f | C.FLAG_DF, 0, 0),
  CLC: flagRow(M.Clc, (f) => f & ~C.FLAG_CF, 0, C.FLAG_CF),
  STC: flagRow(M.Stc, (f) => f | C.FLAG_CF, 0, C.FLAG_CF),
  CMC: flagRow(M.Cmc, (f) => f ^ C.FLAG_CF, C.FLAG_CF, C.FLAG_CF),
  // The interrupt flag decides when the timer is delivered: the run loop must see each change.
  CLI: { ...none, mnemonics: [M.Cli], handler: cliSti, cls: 'alu' },
  STI: { ...none, mnemonics: [M.Sti], handler: cliSti, cls: 'alu' },
  LAHF: { mnemonics: [M.Lahf], handler: lahf, cls: 'alu', jit: true, flagsRead: 0xd5, flagsWritten: 0 },
  SAHF: { mnemonics: [M.Sahf], handler: sahf, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: 0xd5 },
  NOP: { mnemonics: [M.Nop, M.Pause, M.Lfence, M.Mfence, M.Sfence], handler: nop, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: 0 },
  HLT: { ...none, mnemonics: [M.Hlt], handler: hlt, cls: 'halt' },
  UD2: { ...none, mnemonics: [M.Ud2], handler: () => { throw new GuestFault(C.VEC_UD, -1, 'ud2'); }, cls: 'alu' },
};
