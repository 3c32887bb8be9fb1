// MOVBE (a load or store that reverses the bytes) and CMPXCHG8B/CMPXCHG16B (compare-and-swap of
// EDX:EAX / RDX:RAX with 8 or 16 bytes of memory).
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { K_MEM, type DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import type { OpRow } from './opRow.js';
import { Mnemonic } from '../../x86/icedModule.js';

const ZF = 0x40;
const ACC = 0, CX = 1, DX = 2, BX = 3;

const swap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

function movbe(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  if (d.k0 === K_MEM) {
    const v = c.getR(d.r1, size), h = c.hi;
    const ea = c.ea(d);
    if (size === 2) c.wr16(ea, ((v & 0xff) << 8) | ((v >>> 8) & 0xff));
    else if (size === 4) c.wr32(ea, swap32(v));
    else c.wr64(ea, swap32(h), swap32(v) | 0);
    return;
  }
  const ea = c.ea(d);
  if (size === 2) { const v = c.rd16(ea); c.setR(d.r0, 2, ((v & 0xff) << 8) | (v >>> 8), 0); }
  else if (size === 4) c.setR(d.r0, 4, swap32(c.rd32(ea)), 0);
  else { const lo = c.rd64(ea), hi = c.hi; c.setR(d.r0, 8, swap32(hi), swap32(lo) | 0); }
}

/**
 * CMPXCHG8B m64: EDX:EAX = m64 ? (m64 <- ECX:EBX, ZF=1) : (EDX:EAX <- m64, ZF=0). The memory is
 * written either way (the old value back on a mismatch), so a read-only page faults on both paths.
 */
function cmpxchg8b(c: CpuCore, d: DecodedInsn): void {
  const ea = c.ea(d);
  c.probeWrite(ea, 8);
  const lo = c.rd64(ea), hi = c.hi;
  const f = c.materializeFlags() & ~ZF;
  if (lo === c.regLo[ACC]! >>> 0 && hi === c.regLo[DX]!) {
    c.wr64(ea, c.regLo[BX]!, c.regLo[CX]!);
    c.storeFlags(f | ZF);
  } else {
    c.wr64(ea, lo, hi);
    c.setR(ACC, 4, lo, 0); c.setR(DX, 4, hi >>> 0, 0);
    c.storeFlags(f);
  }
}

/** CMPXCHG16B m128 (REX.W): RDX:RAX against 16 bytes that must be 16-byte aligned (#GP(0) otherwise). */
function cmpxchg16b(c: CpuCore, d: DecodedInsn): void {
  const ea = c.ea(d);
  if (ea % 16 !== 0) throw new GuestFault(C.VEC_GP, 0, `cmpxchg16b of a misaligned address (0x${(ea >>> 0).toString(16)} is not 16-byte aligned)`);
  c.probeWrite(ea, 16);
  const l0 = c.rd64(ea), h0 = c.hi, l1 = c.rd64(ea + 8), h1 = c.hi;
  const f = c.materializeFlags() & ~ZF;
  const r = c.regLo, rh = c.regHi;
  if (l0 === r[ACC]! >>> 0 && h0 === rh[ACC]! && l1 === r[DX]! >>> 0 && h1 === rh[DX]!) {
    c.wr64(ea, r[BX]!, rh[BX]!); c.wr64(ea + 8, r[CX]!, rh[CX]!);
    c.storeFlags(f | ZF);
  } else {
    c.wr64(ea, l0, h0); c.wr64(ea + 8, l1, h1);
    c.setR(ACC, 8, l0, h0); c.setR(DX, 8, l1, h1);
    c.storeFlags(f);
  }
}

export const BYTE_ORDER_AND_CAS_ROWS: readonly OpRow[] = [
  { name: 'MOVBE', mnemonics: [Mnemonic.Movbe], handler: movbe, cls: (d) => (d.k0 === K_MEM ? 'store' : 'load'), jit: true, flagsRead: 0, flagsWritten: 0, feature: 'movbe' },
  { name: 'CMPXCHG8B', mnemonics: [Mnemonic.Cmpxchg8b], handler: cmpxchg8b, cls: 'store', jit: true, flagsRead: 0, flagsWritten: ZF, feature: 'cx8' },
  { name: 'CMPXCHG16B', mnemonics: [Mnemonic.Cmpxchg16b], handler: cmpxchg16b, cls: 'store', jit: true, flagsRead: 0, flagsWritten: ZF, feature: 'cx16' },
];
