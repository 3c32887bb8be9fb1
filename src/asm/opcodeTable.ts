// Candidate encodings per mnemonic, read from iced-x86's opcode tables (legacy encoding, and VEX for BMI1).
// Walking all of iced's codes costs ~50 ms at start-up, so the table ships precomputed in
// opcodeTable.json (regenerate: `npm run build && node scripts/genOpcodeTable.mjs`; a test checks it).
import { createRequire } from 'node:module';
import iced from '../x86/icedModule.js';

const { Code, CodeExt, EncodingKind, Mnemonic, OpCodeOperandKind: K } = iced;

export interface CodeInfo {
  code: number;
  name: string;
  kinds: number[];
  /** Operand size in bits (16/32/64), or 8 for byte forms, 0 when the code has none. */
  opSize: number;
  mode32: boolean;
  mode64: boolean;
  /** Takes a lock prefix (with a memory destination). */
  lockable: boolean;
}

// Alternate/undocumented encodings GNU as never emits, the 0xD0 /6 SAL alias, the x87 register-form
// aliases (DC D0, DD C8, DF D0 ...) and the 287/Cyrix-only x87 codes.
const EXCLUDED = /(_82|_F6r1|_F7r1|^Lfence_E.|^Mfence_F.|^Sfence_F.|^Umov|^Cmpxchg486|^Sal_|^Nop[wdq]$|rel8_16|rel16|_16_CX|_16_ECX|_16_RCX|^Jcxz|^F\w+_sti_D[C-F][0-9A-F]{2}$|^Fstpnce|^Fn?stdw|^Fn?stsg|^Ftstp$|^Frint2$|^Frichop$|^Frinear$)/;
// The VEX-encoded general-register instructions GNU as encodes (BMI1); every other VEX/EVEX form is AVX.
const VEX_GPR = /^VEX_(Andn|Bextr|Blsi|Blsmsk|Blsr)_r(32|64)_/;

let byMnemonic: Map<number, CodeInfo[]> | null = null;

const GPR_SIZE: Record<number, number> = {
  [K.r8_or_mem]: 8, [K.r8_reg]: 8, [K.r8_opcode]: 8, [K.al]: 8, [K.cl]: 8,
  [K.r16_or_mem]: 16, [K.r16_reg]: 16, [K.r16_opcode]: 16, [K.r16_rm]: 16, [K.r16_reg_mem]: 16, [K.ax]: 16,
  [K.r32_or_mem]: 32, [K.r32_reg]: 32, [K.r32_vvvv]: 32, [K.r32_opcode]: 32, [K.r32_rm]: 32, [K.r32_reg_mem]: 32, [K.eax]: 32,
  [K.r64_or_mem]: 64, [K.r64_reg]: 64, [K.r64_vvvv]: 64, [K.r64_opcode]: 64, [K.r64_rm]: 64, [K.r64_reg_mem]: 64, [K.rax]: 64,
};

/** The table as opcodeTable.json stores it: mnemonic number -> [code, name, kinds, opSize, mode32, mode64, lockable][]. */
export type OpcodeTableJson = Record<string, [number, string, number[], number, boolean, boolean, boolean][]>;

/** Walk iced's opcode tables (the source of truth for opcodeTable.json). */
export function buildOpcodeTable(): Map<number, CodeInfo[]> {
  const map = new Map<number, CodeInfo[]>();
  const names = Code as unknown as Record<number, string>;
  for (let c = 1; names[c] !== undefined; c++) {
    const name = names[c]!;
    if (EXCLUDED.test(name)) continue;
    const o = CodeExt.opCode(c);
    try {
      if (!(o.encoding === EncodingKind.Legacy || (o.encoding === EncodingKind.VEX && VEX_GPR.test(name))) || !o.isInstruction || !(o.mode32 || o.mode64)) continue;
      const kinds: number[] = [];
      for (let i = 0; i < o.opCount; i++) kinds.push(o.opKind(i));
      let opSize = o.operandSize;
      if (opSize === 0) for (const k of kinds) if (GPR_SIZE[k]) { opSize = GPR_SIZE[k]!; break; }
      const info: CodeInfo = { code: c, name, kinds, opSize, mode32: o.mode32, mode64: o.mode64, lockable: o.canUseLockPrefix };
      const list = map.get(o.mnemonic);
      if (list) list.push(info);
      else map.set(o.mnemonic, [info]);
    } finally {
      o.free();
    }
  }
  return map;
}

/** Serialise a table for opcodeTable.json. */
export function opcodeTableToJson(map: Map<number, CodeInfo[]>): OpcodeTableJson {
  const out: OpcodeTableJson = {};
  for (const [m, list] of map) out[m] = list.map((c) => [c.code, c.name, c.kinds, c.opSize, c.mode32, c.mode64, c.lockable]);
  return out;
}

function loadTable(): Map<number, CodeInfo[]> {
  let json: OpcodeTableJson;
  try { json = createRequire(import.meta.url)('./opcodeTable.json') as OpcodeTableJson; } catch { return buildOpcodeTable(); }
  const map = new Map<number, CodeInfo[]>();
  for (const [m, list] of Object.entries(json)) {
    map.set(Number(m), list.map(([code, name, kinds, opSize, mode32, mode64, lockable]) => ({ code, name, kinds, opSize, mode32, mode64, lockable })));
  }
  return map;
}

/** Candidate codes for an iced Mnemonic name like 'Add' (empty when there is none). */
export function candidates(mnemonicName: string): CodeInfo[] {
  byMnemonic ??= loadTable();
  const m = (Mnemonic as unknown as Record<string, number>)[mnemonicName];
  return m === undefined ? [] : (byMnemonic.get(m) ?? []);
}

/** Whether iced knows this Intel mnemonic (by its enum name, e.g. 'Cmovne'). */
export function isKnownMnemonic(mnemonicName: string): boolean {
  return candidates(mnemonicName).length > 0;
}

export function gprSizeOfKind(kind: number): number {
  return GPR_SIZE[kind] ?? 0;
}
