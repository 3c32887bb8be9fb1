// AT&T register names -> iced-x86 Register values with their class and width.
import iced from '../x86/icedModule.js';

const { Register } = iced;

export type RegClass = 'gpr' | 'seg' | 'cr' | 'dr' | 'rip' | 'xmm' | 'mm' | 'st';

export interface RegInfo {
  name: string;
  reg: number;
  cls: RegClass;
  /** Width in bits (8/16/32/64); segment registers 16, control registers 32|64 by mode. */
  size: number;
  /** Needs a REX prefix (r8-r15, spl/bpl/sil/dil); only legal in 64-bit code. */
  rexOnly: boolean;
  /** ah/ch/dh/bh: cannot be combined with REX. */
  highByte: boolean;
}

const table = new Map<string, RegInfo>();

function add(name: string, reg: number, cls: RegClass, size: number, rexOnly = false, highByte = false): void {
  table.set(name, { name, reg, cls, size, rexOnly, highByte });
}

const R = Register as unknown as Record<string, number>;
for (const n of ['al', 'cl', 'dl', 'bl']) add(n, R[n.toUpperCase()]!, 'gpr', 8);
for (const n of ['ah', 'ch', 'dh', 'bh']) add(n, R[n.toUpperCase()]!, 'gpr', 8, false, true);
for (const n of ['spl', 'bpl', 'sil', 'dil']) add(n, R[n.toUpperCase()]!, 'gpr', 8, true);
for (const n of ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di']) {
  add(n, R[n.toUpperCase()]!, 'gpr', 16);
  add('e' + n, R['E' + n.toUpperCase()]!, 'gpr', 32);
  add('r' + n, R['R' + n.toUpperCase()]!, 'gpr', 64, true);
}
for (let i = 8; i <= 15; i++) {
  add(`r${i}b`, R[`R${i}L`]!, 'gpr', 8, true);
  add(`r${i}l`, R[`R${i}L`]!, 'gpr', 8, true);
  add(`r${i}w`, R[`R${i}W`]!, 'gpr', 16, true);
  add(`r${i}d`, R[`R${i}D`]!, 'gpr', 32, true);
  add(`r${i}`, R[`R${i}`]!, 'gpr', 64, true);
}
for (const n of ['es', 'cs', 'ss', 'ds', 'fs', 'gs']) add(n, R[n.toUpperCase()]!, 'seg', 16);
for (const i of [0, 2, 3, 4, 8]) add(`cr${i}`, R[`CR${i}`]!, 'cr', 0);
for (const i of [0, 1, 2, 3, 6, 7]) for (const name of [`db${i}`, `dr${i}`]) add(name, R[`DR${i}`]!, 'dr', 0);
for (let i = 0; i < 16; i++) add(`xmm${i}`, R[`XMM${i}`]!, 'xmm', 128, i >= 8);
for (let i = 0; i < 8; i++) add(`mm${i}`, R[`MM${i}`]!, 'mm', 64);
// The x87 stack: %st is %st(0); the operand parser reads `%st(i)` as one name.
add('st', R.ST0!, 'st', 80);
for (let i = 0; i < 8; i++) add(`st(${i})`, R[`ST${i}`]!, 'st', 80);
add('rip', R.RIP!, 'rip', 64);
add('eip', R.EIP!, 'rip', 32);

/** Look up a register by its AT&T name without the `%`. */
export function lookupRegister(name: string): RegInfo | undefined {
  return table.get(name.toLowerCase());
}

// Each general register's names at 8, 16, 32 and 64 bits.
const FAMILIES: string[][] = [
  ...['a', 'c', 'd', 'b'].map((x) => [`${x}l`, `${x}x`, `e${x}x`, `r${x}x`]),
  ...['sp', 'bp', 'si', 'di'].map((x) => [`${x}l`, x, `e${x}`, `r${x}`]),
  ...Array.from({ length: 8 }, (_, k) => [`r${k + 8}b`, `r${k + 8}w`, `r${k + 8}d`, `r${k + 8}`]),
];
const familyOf = new Map<string, string[]>();
for (const f of FAMILIES) for (const n of f) familyOf.set(n, f);
for (let k = 8; k <= 15; k++) familyOf.set(`r${k}l`, FAMILIES[k]!);


/** The general register with r's number at another width (%cx at 32 bits is %ecx); r itself when there is none (%ah). */
export function gprOfSize(r: RegInfo, size: number): RegInfo {
  const f = familyOf.get(r.name);
  const name = f?.[[8, 16, 32, 64].indexOf(size)];
  return (name && table.get(name)) || r;
}
