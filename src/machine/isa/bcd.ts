// The BCD adjustments AAA AAS AAM AAD DAA DAS (legacy and compatibility mode; #UD in 64-bit mode,
// where the decoder gives their bytes no meaning). Results and defined flags follow the SDM's
// pseudocode; the flags it leaves undefined are set as the AMD host computes them (measured
// natively in 32-bit code, test/oracle/userIsa.test.ts): AAA/AAS set OF SF ZF PF from the 16-bit
// AX +/- 0x106 they perform, DAA/DAS set OF from the 8-bit add/subtract of their whole
// adjustment, AAD sets every flag from its 8-bit AL + AH * base, AAM clears OF AF CF.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import type { OpRow } from './opRow.js';
import { Mnemonic } from '../../x86/icedModule.js';

const CF = 0x1, AF = 0x10, OF = 0x800;

const al = (c: CpuCore): number => c.regLo[0]! & 0xff;
const ah = (c: CpuCore): number => (c.regLo[0]! >>> 8) & 0xff;
const setAx = (c: CpuCore, ax: number): void => { c.regLo[0] = (c.regLo[0]! & ~0xffff) | (ax & 0xffff); };
const flagsIn = (c: CpuCore): number => c.materializeFlags();
/** SF ZF PF of the byte `v`. */
const szp8 = (c: CpuCore, v: number): number => c.szp(v & 0xff, 0, 1);

/** AAA / AAS: unpacked BCD after an add/subtract: AX +/- 0x106 when AL's low nibble overflowed, then AL &= 0x0f. */
function asciiAdjust(c: CpuCore, sub: boolean): void {
  const f = flagsIn(c);
  const ax = c.regLo[0]! & 0xffff;
  const adjust = (ax & 0x0f) > 9 || (f & AF) !== 0;
  const k = adjust ? 0x106 : 0;
  const t = (sub ? ax - k : ax + k) & 0xffff;
  // Signed overflow of the 16-bit add/subtract (AMD's OF).
  const of = (sub ? (ax ^ k) & (ax ^ t) : ~(ax ^ k) & (ax ^ t)) & 0x8000 ? OF : 0;
  setAx(c, (t & 0xff00) | (t & 0x0f));
  c.setArith((adjust ? AF | CF : 0) | of | c.szp(t, 0, 2));
}

/** AAM imm8: AH = AL / imm8, AL = AL mod imm8 (#DE for 0). */
function aam(c: CpuCore, d: DecodedInsn): void {
  const base = d.immLo & 0xff;
  if (base === 0) throw new GuestFault(C.VEC_DE, -1, 'aam with a zero base (divide error)');
  const a = al(c);
  const r = a % base;
  setAx(c, (Math.floor(a / base) << 8) | r);
  c.setArith(szp8(c, r));
}

/** AAD imm8: AL = AL + AH * imm8 (a byte add: its flags), AH = 0. */
function aad(c: CpuCore, d: DecodedInsn): void {
  const a = al(c), b = (ah(c) * (d.immLo & 0xff)) & 0xff;
  const r = (a + b) & 0xff;
  setAx(c, r);
  const of = ~(a ^ b) & (a ^ r) & 0x80 ? OF : 0;
  c.setArith((a + b > 0xff ? CF : 0) | ((a ^ b ^ r) & AF) | of | szp8(c, r));
}

/** DAA / DAS: packed BCD after an add/subtract of two digits. */
function decimalAdjust(c: CpuCore, sub: boolean): void {
  const f = flagsIn(c);
  const old = al(c), oldCf = f & CF;
  let v = old, cf = 0, af = 0, adj = 0;
  if ((old & 0x0f) > 9 || (f & AF)) {
    const r = sub ? old - 6 : old + 6;
    cf = oldCf | (r < 0 || r > 0xff ? CF : 0);
    v = r & 0xff;
    af = AF;
    adj = 6;
  }
  if (old > 0x99 || oldCf) {
    v = (sub ? v - 0x60 : v + 0x60) & 0xff;
    cf = CF;
    adj += 0x60;
  } else if (!sub) cf = 0; // DAA's second step clears CF; DAS's keeps the borrow of the first
  // OF: signed overflow of old AL +/- the whole adjustment (AMD).
  const of = (sub ? (old ^ adj) & (old ^ v) : ~(old ^ adj) & (old ^ v)) & 0x80 ? OF : 0;
  c.regLo[0] = (c.regLo[0]! & ~0xff) | v;
  c.setArith(cf | af | of | szp8(c, v));
}

const row = (name: string, mnemonic: Mnemonic, handler: OpRow['handler'], flagsRead: number): OpRow =>
  ({ name, mnemonics: [mnemonic], handler, cls: 'alu', jit: true, flagsRead, flagsWritten: C.ARITH_FLAGS });

export const BCD_ROWS: readonly OpRow[] = [
  row('AAA', Mnemonic.Aaa, (c) => asciiAdjust(c, false), AF),
  row('AAS', Mnemonic.Aas, (c) => asciiAdjust(c, true), AF),
  // AAM divides and AAD multiplies: priced as the divider and the multiplier.
  { ...row('AAM', Mnemonic.Aam, aam, 0), cls: 'div' },
  { ...row('AAD', Mnemonic.Aad, aad, 0), cls: 'mul' },
  row('DAA', Mnemonic.Daa, (c) => decimalAdjust(c, false), CF | AF),
  row('DAS', Mnemonic.Das, (c) => decimalAdjust(c, true), CF | AF),
];
