// The x87 and SSE registers as the debugger shows them: a snapshot of the machine's FPU state
// (XMM0-15, R0-R7 with tags, FCW/FSW/MXCSR), the Registers pane's rows, and gdb's `info float`,
// `info vector` and `info registers xmm0|st0` text (gdb's i387-tdep.c and its vector type layout).
import type { Machine } from '../machine/index.js';
import { hex } from './viewModel.js';

/** The x87 tags as gdb names them, by two-bit tag value. */
const TAG_NAMES = ['Valid', 'Zero', 'Special', 'Empty'] as const;
const FCW_DEFAULT = 0x037f;
const MXCSR_DEFAULT = 0x1f80;
/** FSW.ES: an unmasked x87 exception is pending. */
const FSW_ES = 0x80;

/** A copy of the FPU state at one stop (what `info float` and the pane read; never the live machine). */
export interface FpuSnapshot {
  /** XMM0-15 (XMM0-7 in 32-bit code), each as a 128-bit value, lane 0 lowest. */
  xmm: bigint[];
  mxcsr: number;
  /** Physical registers R0-R7 as 80-bit values (sign, exponent, 64-bit significand). */
  r: bigint[];
  /** Two-bit tag of R0-R7 (0 valid, 1 zero, 2 special, 3 empty). */
  tags: number[];
  top: number;
  fcw: number;
  /** FSW with TOP in bits 13:11, as FNSTSW stores it. */
  fsw: number;
  fip: number;
  fcs: number;
  fdp: number;
  fds: number;
  fop: number;
  /** Whether the program has changed the x87 state or the SSE state from what a process starts with. */
  x87Touched: boolean;
  sseTouched: boolean;
}

/** The state read from the machine's FPU (cpu.fpu) at a stop. */
export function readFpu(m: Machine): FpuSnapshot {
  const f = m.fpu;
  const count = m.bitness === 64 ? 16 : 8;
  const xmm: bigint[] = [];
  for (let i = 0; i < count; i++) {
    let v = 0n;
    for (let j = 3; j >= 0; j--) v = (v << 32n) | BigInt(f.xmm32[i * 4 + j]!);
    xmm.push(v);
  }
  const r: bigint[] = [];
  for (let i = 0; i < 8; i++) r.push((BigInt(f.fpSe[i]!) << 64n) | (BigInt(f.fpMant[2 * i + 1]!) << 32n) | BigInt(f.fpMant[2 * i]!));
  const tags = Array.from(f.fpTag, (t) => t & 3);
  const fsw = f.statusWord();
  // Registers keep their bits across FNINIT: only tags, control and status say the x87 was used.
  const x87Touched = tags.some((t) => t !== 3) || f.fpCw !== FCW_DEFAULT || fsw !== 0;
  const sseTouched = f.mxcsr !== MXCSR_DEFAULT || xmm.some((v) => v !== 0n);
  // What a debugger can read is the XSAVE image (ptrace's NT_X86_XSTATE): an AMD CPU writes the
  // last instruction/operand pointers and opcode there only while an x87 exception is pending.
  const ptrs = !f.pointersOnlyWhenPending || (fsw & FSW_ES) !== 0;
  return {
    xmm, mxcsr: f.mxcsr, r, tags, top: f.fpTop & 7, fcw: f.fpCw, fsw, x87Touched, sseTouched,
    fip: ptrs ? f.fpIp : 0, fcs: ptrs ? f.fpCs : 0, fdp: ptrs ? f.fpDp : 0, fds: ptrs ? f.fpDs : 0, fop: ptrs ? f.fpOp : 0,
  };
}

// ------------------------------------------------------------------ 80-bit extended values

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** An 80-bit x87 value as C's `%.{digits}Lg` prints it (exact: the significand is a BigInt). Finite values only. */
export function formatExtendedG(raw: bigint, digits = 19): string {
  const sign = (raw >> 79n) & 1n ? '-' : '';
  const exp = Number((raw >> 64n) & 0x7fffn);
  const mant = raw & 0xffffffffffffffffn;
  if (mant === 0n) return `${sign}0`;
  // value = mant * 2^e2; denormals (exponent 0) use the exponent of the smallest normal
  const e2 = (exp === 0 ? 1 : exp) - 16383 - 63;
  // Decimal exponent estimate, then exact rounding to `digits` significant digits.
  let p = Math.floor(Math.log10(Number(mant)) + e2 * Math.log10(2));
  let q = 0n;
  for (let tries = 0; tries < 3; tries++) {
    const k = p - (digits - 1);
    let num = mant;
    let den = 1n;
    if (e2 >= 0) num <<= BigInt(e2);
    else den <<= BigInt(-e2);
    if (k >= 0) den *= pow10(k);
    else num *= pow10(-k);
    q = num / den;
    const rem = num - q * den;
    // round half to even, as printf does in the default rounding mode
    if (rem * 2n > den || (rem * 2n === den && (q & 1n) === 1n)) q += 1n;
    if (q >= pow10(digits)) p++;
    else if (q < pow10(digits - 1)) p--;
    else break;
  }
  if (q >= pow10(digits)) {
    q /= 10n;
    p++;
  }
  let ds = q.toString();
  // %g: scientific when the exponent is below -4 or at least the precision; trailing zeros dropped
  if (p < -4 || p >= digits) {
    const mantissa = `${ds[0]}${ds.length > 1 ? `.${ds.slice(1)}` : ''}`.replace(/\.?0+$/, '');
    return `${sign}${mantissa}e${p < 0 ? '-' : '+'}${String(Math.abs(p)).padStart(2, '0')}`;
  }
  if (p >= 0) {
    ds = `${ds.slice(0, p + 1)}.${ds.slice(p + 1)}`;
  } else {
    ds = `0.${'0'.repeat(-p - 1)}${ds}`;
  }
  return `${sign}${ds.replace(/0+$/, '').replace(/\.$/, '')}`;
}

/** What gdb's `info float` prints after a register's raw bits: ` +1.5`, ` +Inf`, ` QNaN`, ` Denormal`. */
export function describeExtended(raw: bigint): string {
  const sign = (raw >> 79n) & 1n;
  const exp = Number((raw >> 64n) & 0x7fffn);
  const integer = (raw >> 63n) & 1n;
  const fraction = raw & 0x7fffffffffffffffn;
  const value = (): string => ` ${(sign ? '' : '+') + formatExtendedG(raw)}`;
  if (exp === 0x7fff && integer) {
    if (fraction === 0n) return ` ${sign ? '-' : '+'}Inf`;
    if (sign && fraction === 0x4000000000000000n) return ' Real Indefinite (QNaN)';
    return fraction & 0x4000000000000000n ? ' QNaN' : ' SNaN';
  }
  if (exp < 0x7fff && exp > 0 && integer) return value();
  if (exp === 0) return `${value()}${integer ? ' Pseudo-denormal' : fraction ? ' Denormal' : ''}`;
  return ' Unsupported';
}

const hex4 = (n: number): string => `0x${hex(n & 0xffff, 4)}`;
const flag = (on: boolean, name: string): string => ` ${on ? name : '  '}`;

/** gdb's `info float`: R7..R0 with tags, raw bits and values (`=>` at TOP), then FSW, FCW, tags, pointers, opcode. */
export function formatInfoFloat(s: FpuSnapshot): string {
  const lines: string[] = [];
  for (let i = 7; i >= 0; i--) {
    const raw = s.r[i]!;
    const tag = s.tags[i]!;
    lines.push(`${i === s.top ? '=>' : '  '}R${i}: ${TAG_NAMES[tag]!.padEnd(8)}0x${hex(raw, 20)}${tag !== 3 ? describeExtended(raw) : ''}`);
  }
  lines.push('');
  const sw = s.fsw;
  lines.push(`Status Word:         ${hex4(sw)}  ${flag(!!(sw & 1), 'IE')}${flag(!!(sw & 2), 'DE')}${flag(!!(sw & 4), 'ZE')}${flag(!!(sw & 8), 'OE')}${flag(!!(sw & 0x10), 'UE')}${flag(!!(sw & 0x20), 'PE')}  ${flag(!!(sw & 0x80), 'ES')}  ${flag(!!(sw & 0x40), 'SF')}  ${flag(!!(sw & 0x100), 'C0')}${flag(!!(sw & 0x200), 'C1')}${flag(!!(sw & 0x400), 'C2')}${flag(!!(sw & 0x4000), 'C3')}`);
  lines.push(`                       TOP: ${(sw >> 11) & 7}`);
  const cw = s.fcw;
  lines.push(`Control Word:        ${hex4(cw)}  ${flag(!!(cw & 1), 'IM')}${flag(!!(cw & 2), 'DM')}${flag(!!(cw & 4), 'ZM')}${flag(!!(cw & 8), 'OM')}${flag(!!(cw & 0x10), 'UM')}${flag(!!(cw & 0x20), 'PM')}`);
  lines.push(`                       PC: ${['Single Precision (24-bits)', 'Reserved', 'Double Precision (53-bits)', 'Extended Precision (64-bits)'][(cw >> 8) & 3]}`);
  lines.push(`                       RC: ${['Round to nearest', 'Round down', 'Round up', 'Round toward zero'][(cw >> 10) & 3]}`);
  lines.push(`Tag Word:            ${hex4(tagWord(s.tags))}`);
  lines.push(`Instruction Pointer: 0x${hex(s.fcs & 0xffff, 2)}:0x${hex(s.fip, 8)}`);
  lines.push(`Operand Pointer:     0x${hex(s.fds & 0xffff, 2)}:0x${hex(s.fdp, 8)}`);
  lines.push(`Opcode:              ${hex4(s.fop ? s.fop | 0xd800 : 0)}`);
  // (gdb pads the flag columns with spaces; trailing ones are dropped here)
  return lines.map((l) => l.trimEnd()).join('\n');
}

/** The 16-bit tag word: R_i's tag in bits 2i+1:2i. */
export function tagWord(tags: readonly number[]): number {
  return tags.reduce((w, t, i) => w | ((t & 3) << (2 * i)), 0);
}

// ------------------------------------------------------------------ vector registers

/** Lanes of a 128-bit value, lowest first, `bits` wide. */
export function lanes(v: bigint, bits: number): bigint[] {
  const out: bigint[] = [];
  const mask = (1n << BigInt(bits)) - 1n;
  for (let i = 0; i < 128 / bits; i++) out.push((v >> BigInt(i * bits)) & mask);
  return out;
}

/** gdb's array printing: `{0x1, 0x0 <repeats 15 times>}` (runs longer than `set print repeats`, 10, collapse). */
function gdbArray(items: string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length;) {
    let j = i;
    while (j < items.length && items[j] === items[i]) j++;
    const run = j - i;
    if (run > 10) parts.push(`${items[i]} <repeats ${run} times>`);
    else for (let k = 0; k < run; k++) parts.push(items[i]!);
    i = j;
  }
  return `{${parts.join(', ')}}`;
}

/** `info registers xmm0` as gdb prints a vector register: its union, every member in hex (raw lane bits). */
export function formatXmmRegister(name: string, v: bigint): string {
  const h = (bits: number): string => gdbArray(lanes(v, bits).map((x) => `0x${hex(x)}`));
  const body = `{v8_bfloat16 = ${h(16)}, v8_half = ${h(16)}, v4_float = ${h(32)}, v2_double = ${h(64)}, v16_int8 = ${h(8)}, v8_int16 = ${h(16)}, v4_int32 = ${h(32)}, v2_int64 = ${h(64)}, uint128 = 0x${hex(v)}}`;
  return `${column(name, 15)}${body}`;
}

const MXCSR_FLAGS: [number, string][] = [[0, 'IE'], [1, 'DE'], [2, 'ZE'], [3, 'OE'], [4, 'UE'], [5, 'PE'], [6, 'DAZ'], [7, 'IM'], [8, 'DM'], [9, 'ZM'], [10, 'OM'], [11, 'UM'], [12, 'PM'], [15, 'FZ']];

/** MXCSR's set flags as gdb prints its flags type: `[ IM DM ZM OM UM PM ]`. */
export function decodeMxcsr(v: number): string {
  const set = MXCSR_FLAGS.filter(([b]) => (v >>> b) & 1).map(([, n]) => n);
  return `[ ${set.join(' ')}${set.length ? ' ' : ''}]`;
}

export function formatMxcsrLine(v: number): string {
  return `${column('mxcsr', 15)}${column(`0x${hex(v)}`, 20)}${decodeMxcsr(v)}`;
}

/** gdb's `info vector`: every XMM register, then MXCSR. */
export function formatInfoVector(s: FpuSnapshot): string {
  return [...s.xmm.map((v, i) => formatXmmRegister(`xmm${i}`, v)), formatMxcsrLine(s.mxcsr)].join('\n');
}

/**
 * `info registers st0`: the value as gdb prints a long double (DECIMAL_DIG, 21 digits, for a
 * 64-bit significand) and its raw bits in gdb's second column.
 */
/** A column of `info registers` text: gdb's pad_to_column, at least one space, then up to `width`. */
function column(text: string, width: number): string {
  return text.length < width ? text.padEnd(width) : `${text} `;
}

export function formatStRegister(name: string, s: FpuSnapshot, i: number): string {
  const raw = s.r[(s.top + i) & 7]!;
  const exp = Number((raw >> 64n) & 0x7fffn);
  const special = describeExtended(raw).trim();
  const natural = exp === 0x7fff ? (/Inf/.test(special) ? `${special[0] === '-' ? '-' : ''}inf` : `${(raw >> 79n) & 1n ? '-' : ''}nan(0x${hex(raw & 0x7fffffffffffffffn)})`) : formatExtendedG(raw, 21);
  return `${column(name, 15)}${column(natural, 20)}(raw 0x${hex(raw, 20)})`;
}

/** (Columns as gdb's: the name in 15, the value in 20.) The FPU rows `info registers NAME` knows (xmmN, stN, mxcsr, fctrl, fstat, ftag, fop...), or undefined. */
export function fpuRegisterLine(name: string, s: FpuSnapshot): string | undefined {
  const n = name.toLowerCase().replace(/^\$/, '');
  const x = /^xmm(\d+)$/.exec(n);
  if (x) return Number(x[1]) < s.xmm.length ? formatXmmRegister(n, s.xmm[Number(x[1])]!) : undefined;
  const st = /^st(\d)$/.exec(n);
  if (st) return formatStRegister(n, s, Number(st[1]));
  const simple: Record<string, number> = { mxcsr: s.mxcsr, fctrl: s.fcw, fstat: s.fsw, ftag: tagWord(s.tags), fiseg: s.fcs, fioff: s.fip, foseg: s.fds, fooff: s.fdp, fop: s.fop };
  if (n === 'mxcsr') return formatMxcsrLine(s.mxcsr);
  if (n in simple) return `${column(n, 15)}${column(`0x${hex(simple[n]!)}`, 20)}${simple[n]}`;
  return undefined;
}

// ------------------------------------------------------------------ the Registers pane

/** How the pane shows XMM registers (the `v` key cycles). */
export type VectorFormat = 'dwords' | 'bytes' | 'doubles';
export const VECTOR_FORMATS: readonly VectorFormat[] = ['dwords', 'bytes', 'doubles'];

/** An XMM register's lanes for the pane, highest lane first as Intel writes them (bytes: lowest first, as in memory). */
export function formatXmmLanes(v: bigint, format: VectorFormat): string {
  if (format === 'bytes') return lanes(v, 8).map((b) => hex(b, 2)).join(' ');
  if (format === 'doubles') {
    const buf = new DataView(new ArrayBuffer(8));
    return lanes(v, 64)
      .reverse()
      .map((q) => {
        buf.setBigUint64(0, q);
        return String(buf.getFloat64(0));
      })
      .join('  ');
  }
  return lanes(v, 32).reverse().map((d) => hex(d, 8)).join(' ');
}

/** The pane's text for ST(i): the value gdb would print, or `empty`. */
export function stackEntry(s: FpuSnapshot, i: number): { tag: string; value: string } {
  const p = (s.top + i) & 7;
  const tag = TAG_NAMES[s.tags[p]!]!;
  return { tag, value: s.tags[p] === 3 ? '' : describeExtended(s.r[p]!).trim() };
}
