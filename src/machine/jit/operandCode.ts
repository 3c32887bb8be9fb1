// JS source for operands in generated blocks: the memory operand's address, register reads and
// writes at every size, and memory accesses with the TLB hit written inline (CpuMemory's rd*/wr*
// on a miss, a page-crossing access or a fault, so faults and their order stay theirs).
import { K_IMM, K_MEM, K_REG, type DecodedInsn } from '../decodedInsn.js';

/**
 * A call of the row's handler. Guest registers and lazy flags live in the block's locals
 * (compileBlock): the ones the block wrote go back to cpu before the call (SPILL) and all it uses
 * are read again after it (RELOAD); `sy` marks the call so that a fault inside it keeps the
 * handler's state. FSPILL and FRELOAD do the same for the flags alone (around cpu.cond, cpu.carry).
 */
export const SPILL = '\u0001S', RELOAD = '\u0001R', FSPILL = '\u0001s', FRELOAD = '\u0001r';
export function handlerCall(op: number, k: number): string {
  return `${SPILL}sy=1;F[${op}](cpu,D[${k}]);sy=0;${RELOAD}`;
}

/** JS statements that leave the memory operand's linear address in `e` (CpuCore.ea, specialised). */
export function eaCode(d: DecodedInsn): string {
  const b = d.base, x = d.index, sc = 1 << d.scale;
  if (d.asz === 8) {
    let e = `e=${d.disp}`;
    if (b >= 0) e += `+(h${b}*4294967296+(l${b}>>>0))`;
    if (x >= 0) e += `+(h${x}*4294967296+(l${x}>>>0))*${sc}`;
    if (d.seg >= 4) e += `+cpu.segBase[${d.seg}]`;
    // Wrap to 64 bits as ea() does (only reachable with non-canonical register values).
    return `${e};if(e>=9223372036854775808)e-=18446744073709551616;else if(e<-9223372036854775808)e+=18446744073709551616;`;
  }
  let e = `e=(${d.disp}`;
  if (b >= 0) e += `+l${b}`;
  if (x >= 0) e += `+l${x}*${sc}`;
  e += ')>>>0;';
  if (d.bits !== 64) e += `if(cpu.segAttr[${d.seg}]===0)cpu.nullSegment(${d.seg});`;
  if (d.bits !== 64 || d.seg >= 4) e += `e=(e+cpu.segBase[${d.seg}])>>>0;`;
  return e;
}

/** CpuCore.lea specialised: 32-bit results with plain arithmetic, 64-bit ones in halves (locals x0..x3 only). */
export function leaCode(d: DecodedInsn, k: number): string {
  const r0 = d.r0, b = d.base, x = d.index, sc = d.scale;
  if (d.osz === 4) {
    // The low 32 bits of the sum are the same whether the address size is 32 or 64.
    let e = `${d.disp}`;
    if (b >= 0) e += `+l${b}`;
    if (x >= 0) e += `+l${x}*${1 << sc}`;
    return `l${r0}=(${e})|0;h${r0}=0;`;
  }
  if (d.osz !== 8 || d.asz !== 8) return handlerCall(d.op, k);
  let code = `x0=${d.disp >>> 0};x1=${Math.floor(d.disp / 4294967296) | 0};`;
  if (b >= 0) code += `x2=x0+(l${b}>>>0);x0=x2>>>0;x1=(x1+h${b}+(x2>4294967295?1:0))|0;`;
  if (x >= 0) {
    code += sc ? `x2=(l${x}<<${sc})>>>0;x3=(h${x}<<${sc})|(l${x}>>>${32 - sc});` : `x2=l${x}>>>0;x3=h${x};`;
    code += `x2=x0+x2;x0=x2>>>0;x1=(x1+x3+(x2>4294967295?1:0))|0;`;
  }
  return `${code}l${r0}=x0|0;h${r0}=x1;`;
}

/** A general register's value at `size` as an expression (unsigned below 8; the low half at 8). */
export function regGet(r: number, size: number): string {
  switch (size) {
    case 1: return r >= 16 ? `((l${r - 16}>>8)&255)` : `(l${r}&255)`;
    case 2: return `(l${r}&65535)`;
    default: return `(l${r}>>>0)`;
  }
}

/** Statements writing `lo` (and `hi` at 8) to a general register as CpuState.setR does. */
export function regSet(r: number, size: number, lo: string, hi: string): string {
  switch (size) {
    case 1: return r >= 16 ? `l${r - 16}=(l${r - 16}&-65281)|((${lo}&255)<<8);` : `l${r}=(l${r}&-256)|(${lo}&255);`;
    case 2: return `l${r}=(l${r}&-65536)|(${lo}&65535);`;
    case 4: return `l${r}=${lo}|0;h${r}=0;`;
    default: return `l${r}=${lo}|0;h${r}=${hi}|0;`;
  }
}

/** The page offset `o`, page number `v` and TLB slot `q` of the address in `e`. */
const SLOT = 'o=e&4095;v=(e-o)/4096;q=v&255;';

/** Statements reading `size` bytes at `e` into `dst` (unsigned; the high half into `dstHi` at 8). */
export function memRead(size: number, dst: string, dstHi: string): string {
  const g = 'g=cpu.rtlb;';
  switch (size) {
    case 1: return `${SLOT}${g}${dst}=g.tags[q]===v?g.pages[q].data[o]:cpu.rd8(e);`;
    case 2: return `${SLOT}${g}${dst}=o<=4094&&g.tags[q]===v?g.pages[q].view.getUint16(o,true):cpu.rd16(e);`;
    case 4: return `${SLOT}${g}${dst}=o<=4092&&g.tags[q]===v?g.pages[q].view.getUint32(o,true):cpu.rd32(e);`;
    default:
      return `${SLOT}${g}if(o<=4088&&g.tags[q]===v){dv=g.pages[q].view;${dst}=dv.getUint32(o,true);${dstHi}=dv.getInt32(o+4,true);}else{${dst}=cpu.rd64(e);${dstHi}=cpu.hi;}`;
  }
}

const SETTER = ['', 'setUint8', 'setUint16', '', 'setUint32'];
const WRITER = ['', 'wr8', 'wr16', '', 'wr32'];

/** Statements writing `size` bytes of `lo` (`hi` at 8) at `e`, dropping the page's decoded code as wpage does. */
export function memWrite(size: number, lo: string, hi: string): string {
  const hit = `${SLOT}g=cpu.wtlb;if(o<=${4096 - size}&&g.tags[q]===v){p=g.pages[q];if(p.recs!==null)p.dropRecs();dv=p.view;`;
  if (size === 8) return `${hit}dv.setUint32(o,${lo},true);dv.setUint32(o+4,${hi},true);}else cpu.wr64(e,${lo},${hi});`;
  return `${hit}dv.${SETTER[size]}(o,${lo},true);}else cpu.${WRITER[size]}(e,${lo});`;
}

/**
 * A read-modify-write's first half: probe the destination for writing (a fault leaves memory
 * unchanged, with the write error code, as CpuMemory.probeWrite), read it into `dst`/`dstHi`,
 * and leave `dv` at the page's view for memRmwStore (null after the slow path).
 */
export function memRmwLoad(size: number, dst: string, dstHi: string): string {
  const get = size === 8 ? `${dst}=dv.getUint32(o,true);${dstHi}=dv.getInt32(o+4,true);` : `${dst}=dv.getUint32(o,true);`;
  const slow = size === 8 ? `${dst}=cpu.rd64(e);${dstHi}=cpu.hi;` : `${dst}=cpu.rd32(e);`;
  return `${SLOT}g=cpu.wtlb;if(o<=${4096 - size}&&g.tags[q]===v){p=g.pages[q];if(p.recs!==null)p.dropRecs();dv=p.view;${get}}else{cpu.probeWrite(e,${size});${slow}dv=null;}`;
}

/** The second half: store `lo` (and `hi`) where memRmwLoad read. */
export function memRmwStore(size: number, lo: string, hi: string): string {
  if (size === 8) return `if(dv!==null){dv.setUint32(o,${lo},true);dv.setUint32(o+4,${hi},true);}else cpu.wr64(e,${lo},${hi});`;
  return `if(dv!==null)dv.setUint32(o,${lo},true);else cpu.wr32(e,${lo});`;
}

/**
 * Statements leaving a source operand (operand `i`: 1 or 2) of `size` bytes in `dst` (and the
 * high half in `dstHi` at 8): register, immediate or memory (through `e`, which eaCode set).
 */
export function srcCode(d: DecodedInsn, size: number, dst: string, dstHi: string): string | null {
  if (d.k1 === K_REG) {
    if (d.r1 >= 16 && size !== 1) return null;
    return size === 8 ? `${dst}=l${d.r1}>>>0;${dstHi}=h${d.r1};` : `${dst}=${regGet(d.r1, size)};`;
  }
  if (d.k1 === K_IMM) {
    if (size === 8) return `${dst}=${d.immLo >>> 0};${dstHi}=${d.immHi | 0};`;
    return `${dst}=${(d.immLo & (size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff)) >>> 0};`;
  }
  if (d.k1 === K_MEM) return `${eaCode(d)}${memRead(size, dst, dstHi)}`;
  return null;
}
