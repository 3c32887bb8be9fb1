// Loads of the original ISA that compilers rarely emit but programs still contain: XLAT (a byte
// table lookup at DS:[rBX + AL]) and LDS/LES/LFS/LGS/LSS (a far pointer m16:16/m16:32/m16:64 into
// a segment register and a general register).
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodedInsn.js';
import { loadSegment } from '../system/descriptors.js';
import type { Handler, OpRow } from './opRow.js';

/**
 * XLAT: AL = [seg:rBX + AL]. The decoder leaves the record without an index register; AL goes into
 * its displacement on each execution, so ea() wraps the sum at the address size as hardware does.
 */
function xlat(c: CpuCore, d: DecodedInsn): void {
  d.disp = c.regLo[0]! & 0xff;
  c.setR(0, 1, c.rd8(c.ea(d)), 0);
}

/**
 * LxS r, m16:N: the offset (N = operand size) then the selector, both read before anything
 * changes. REX.W (m16:64) is Intel's; AMD ignores it and loads m16:32, zero-extended (the Zen 4 host).
 */
function farPointer(seg: number): Handler {
  return (c: CpuCore, d: DecodedInsn): void => {
    const ea = c.ea(d), size = d.osz === 8 && c.profile.vendor === 'amd' ? 4 : d.osz;
    let lo: number, hi = 0;
    if (size === 8) { lo = c.rd64(ea); hi = c.hi; } else lo = size === 4 ? c.rd32(ea) : c.rd16(ea);
    const sel = c.rd16(c.bits === 64 ? ea + size : (ea + size) >>> 0);
    loadSegment(c, seg, sel, false);
    c.setR(d.r0, d.osz, lo, hi);
  };
}

const row = (name: string, mnemonics: Mnemonic[], handler: Handler, cls: OpRow['cls'], jit: boolean): OpRow =>
  ({ name, mnemonics, handler, cls, jit, flagsRead: 0, flagsWritten: 0 });

export const LEGACY_LOAD_ROWS: readonly OpRow[] = [
  row('XLAT', [Mnemonic.Xlatb], xlat, 'load', true),
  row('LDS', [Mnemonic.Lds], farPointer(C.SEG_DS), 'segLoad', false),
  row('LES', [Mnemonic.Les], farPointer(C.SEG_ES), 'segLoad', false),
  row('LFS', [Mnemonic.Lfs], farPointer(C.SEG_FS), 'segLoad', false),
  row('LGS', [Mnemonic.Lgs], farPointer(C.SEG_GS), 'segLoad', false),
  row('LSS', [Mnemonic.Lss], farPointer(C.SEG_SS), 'segLoad', false),
];
