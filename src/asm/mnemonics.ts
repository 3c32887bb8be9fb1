// AT&T mnemonics -> Intel (iced) mnemonic names, the size suffix, and the special families.
import { isKnownMnemonic } from './opcodeTable.js';

export type StringOp = 'movs' | 'stos' | 'lods' | 'cmps' | 'scas' | 'ins' | 'outs' | 'xlat';
/** An x87 memory-size suffix: s (float/word int), l (double/dword int), t (80-bit), ll or q (qword int); '' for none. */
export type X87Suffix = '' | 's' | 'l' | 't' | 'll' | 'q';

export interface MnemonicSpec {
  /** iced Mnemonic enum names whose codes are candidates. */
  intel: string[];
  /** Operand size from the suffix (or from the name, e.g. cwtl), or null. */
  size: number | null;
  /** movzx/movsx: size of the source operand. */
  srcSize?: number;
  stringOp?: StringOp;
  /** A fixed instruction whose bytes do not depend on operands (e.g. nop). */
  fixed?: number[];
  /** jmp/jcc/call/loop/jecxz: takes a direct branch target. */
  branch?: boolean;
  movabs?: boolean;
  /** ljmp/lcall: far jump/call (ptr16:32 immediate pair or m16:32 memory). */
  far?: boolean;
  /** An x87 instruction, with the memory-size suffix it was written with. */
  x87?: X87Suffix;
  /** as's cmpltps-style (and pclmullqhqdq-style) pseudo-ops: the immediate they stand for. */
  cmpPredicate?: number;
}

const CC: Record<string, string> = {
  o: 'o', no: 'no', b: 'b', c: 'b', nae: 'b', ae: 'ae', nb: 'ae', nc: 'ae', e: 'e', z: 'e', ne: 'ne', nz: 'ne',
  be: 'be', na: 'be', a: 'a', nbe: 'a', s: 's', ns: 'ns', p: 'p', pe: 'p', np: 'np', po: 'np',
  l: 'l', nge: 'l', ge: 'ge', nl: 'ge', le: 'le', ng: 'le', g: 'g', nle: 'g',
};

const SUFFIX: Record<string, number> = { b: 8, w: 16, l: 32, q: 64 };
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

// Names whose AT&T spelling differs from Intel's, or that span several iced mnemonics.
const SPECIAL: Record<string, MnemonicSpec> = {
  cbtw: { intel: ['Cbw'], size: 16 }, cbw: { intel: ['Cbw'], size: 16 },
  cwtl: { intel: ['Cwde'], size: 32 }, cwde: { intel: ['Cwde'], size: 32 },
  cltq: { intel: ['Cdqe'], size: 64 }, cdqe: { intel: ['Cdqe'], size: 64 },
  cwtd: { intel: ['Cwd'], size: 16 }, cwd: { intel: ['Cwd'], size: 16 },
  cltd: { intel: ['Cdq'], size: 32 }, cdq: { intel: ['Cdq'], size: 32 },
  cqto: { intel: ['Cqo'], size: 64 }, cqo: { intel: ['Cqo'], size: 64 },
  movabs: { intel: ['Mov'], size: null, movabs: true },
  movslq: { intel: ['Movsxd'], size: 64, srcSize: 32 },
  movsxd: { intel: ['Movsxd'], size: null, srcSize: 32 },
  nop: { intel: ['Nop'], size: null, fixed: [0x90] },
  sal: { intel: ['Shl'], size: null },
  iret: { intel: ['Iret', 'Iretd', 'Iretq'], size: null },
  sysret: { intel: ['Sysret', 'Sysretq'], size: null },
  sysexit: { intel: ['Sysexit', 'Sysexitq'], size: null },
  pushf: { intel: ['Pushf', 'Pushfd', 'Pushfq'], size: null },
  popf: { intel: ['Popf', 'Popfd', 'Popfq'], size: null },
  pusha: { intel: ['Pusha', 'Pushad'], size: null },
  popa: { intel: ['Popa', 'Popad'], size: null },
  lret: { intel: ['Retf'], size: null },
  jecxz: { intel: ['Jecxz'], size: null, branch: true },
  jrcxz: { intel: ['Jrcxz'], size: null, branch: true },
  loop: { intel: ['Loop'], size: null, branch: true },
  loope: { intel: ['Loope'], size: null, branch: true }, loopz: { intel: ['Loope'], size: null, branch: true },
  loopne: { intel: ['Loopne'], size: null, branch: true }, loopnz: { intel: ['Loopne'], size: null, branch: true },
  jmp: { intel: ['Jmp'], size: null, branch: true },
  call: { intel: ['Call'], size: null, branch: true },
  ud2: { intel: ['Ud2'], size: null },
  ljmp: { intel: ['Jmp'], size: null, far: true },
  lcall: { intel: ['Call'], size: null, far: true },
  movq: { intel: ['Mov', 'Movq'], size: 64 }, // the GPR mov with a q suffix, or MMX/SSE movq
  fwait: { intel: ['Wait'], size: null },
  crc32b: { intel: ['Crc32'], size: null, srcSize: 8 },
  crc32w: { intel: ['Crc32'], size: null, srcSize: 16 },
  crc32l: { intel: ['Crc32'], size: null, srcSize: 32 },
  crc32q: { intel: ['Crc32'], size: null, srcSize: 64 },
};

// cmpeqps ... cmpordsd: cmpps/cmppd/cmpss/cmpsd with the predicate as an immediate.
['eq', 'lt', 'le', 'unord', 'neq', 'nlt', 'nle', 'ord'].forEach((p, i) => {
  for (const t of ['ps', 'pd', 'ss', 'sd']) SPECIAL[`cmp${p}${t}`] = { intel: [`Cmp${t}`], size: null, cmpPredicate: i };
});

// pclmullqlqdq ... pclmulhqhqdq: pclmulqdq with the qword selector as the immediate.
for (const [n, i] of [['lqlq', 0x00], ['hqlq', 0x01], ['lqhq', 0x10], ['hqhq', 0x11]] as const) SPECIAL[`pclmul${n}dq`] = { intel: ['Pclmulqdq'], size: null, cmpPredicate: i };

for (const [a, b] of [['b', 8], ['w', 16]] as const) {
  for (const [d, dsz] of [['w', 16], ['l', 32], ['q', 64]] as const) {
    if (dsz <= b) continue;
    SPECIAL[`movz${a}${d}`] = { intel: ['Movzx'], size: dsz, srcSize: b };
    SPECIAL[`movs${a}${d}`] = { intel: ['Movsx'], size: dsz, srcSize: b };
  }
}
for (const op of ['movs', 'stos', 'lods', 'cmps', 'scas', 'ins', 'outs'] as const) {
  for (const [s, sz] of Object.entries(SUFFIX)) if (sz < 64 || (op !== 'ins' && op !== 'outs')) SPECIAL[op + s] = { intel: [], size: sz, stringOp: op };
}
// xlat/xlatb: AL = [rBX + AL], an optional (%rbx)-style operand giving the address size and segment
SPECIAL.xlat = SPECIAL.xlatb = { intel: [], size: 8, stringOp: 'xlat' };
for (const [cc, canon] of Object.entries(CC)) {
  SPECIAL['j' + cc] = { intel: ['J' + canon], size: null, branch: true };
  SPECIAL['set' + cc] = { intel: ['Set' + canon], size: null };
  SPECIAL['cmov' + cc] = { intel: ['Cmov' + canon], size: null };
}

// Bases that take a suffix even though they are listed above.
const SUFFIXABLE_SPECIAL = /^(cmov|set|sal|iret|sysret|sysexit|pushf|popf|pusha|popa|lret|jmp|call|movabs|nop|ljmp|lcall)/;

const cache = new Map<string, MnemonicSpec | null>();

/** Resolve an AT&T mnemonic (lowercase) to what iced knows, or null when unknown. */
export function resolveMnemonic(m: string): MnemonicSpec | null {
  const hit = cache.get(m);
  if (hit !== undefined) return hit;
  const r = resolveUncached(m);
  cache.set(m, r);
  return r;
}

function plain(m: string): MnemonicSpec | null {
  const sp = SPECIAL[m];
  if (sp) return sp;
  if (/^[a-z][a-z0-9]*$/.test(m) && isKnownMnemonic(cap(m))) return { intel: [cap(m)], size: null };
  return null;
}

/** x87 mnemonics: the iced name, plain or with a memory-size suffix (flds, fildll, fistpq, fldt). */
function x87(m: string): MnemonicSpec | null {
  const direct = plain(m);
  if (direct) return { ...direct, x87: '' };
  for (const sfx of ['ll', 's', 'l', 't', 'q'] as const) {
    if (!m.endsWith(sfx)) continue;
    const base = plain(m.slice(0, -sfx.length));
    if (base && base.intel[0]!.startsWith('F')) return { ...base, x87: sfx };
  }
  return null;
}

function resolveUncached(m: string): MnemonicSpec | null {
  if (m.startsWith('f') && m !== 'fwait') return x87(m);
  const direct = plain(m);
  if (direct) return direct;
  const sz = SUFFIX[m[m.length - 1]!];
  if (sz === undefined || m.length < 2) return null;
  const base = m.slice(0, -1);
  const sp = SPECIAL[base];
  if (sp) {
    if (!SUFFIXABLE_SPECIAL.test(base) || sp.stringOp) return null;
    if (sp.fixed) return { intel: sp.intel, size: sz }; // nopw/nopl/nopq take an operand
    return { ...sp, size: sz };
  }
  const b = plain(base);
  return b ? { ...b, size: sz } : null;
}
