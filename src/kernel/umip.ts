// fixup_umip_exception (arch/x86/kernel/umip.c, Linux 5.10+): with CR4.UMIP set, SGDT SIDT SMSW
// SLDT STR at CPL 3 raise #GP(0), and the #GP handler emulates them for 32- and 64-bit processes
// with dummy values: GDT/IDT base 0xfffffffffffe0000 / 0xffffffffffff0000 (the low 4 bytes in a
// 32-bit process) and limit 0, SMSW CR0_STATE, STR GDT_ENTRY_TSS * 8, SLDT 0 (no LDT). A register
// destination gets opnd_bytes bytes of the value over its pt_regs slot (so `sldt %esi` in a
// 64-bit process keeps the upper half of RSI, unlike the instruction); memory gets 2 bytes
// (SMSW/SLDT/STR) or limit + base. Simplified: an FS/GS segment override is not emulated (SIGSEGV).
import { Decoder, DecoderOptions, Mnemonic, OpKind, Register, RegisterExt } from '../x86/icedModule.js';
import type { PtRegs, PtRegsField } from './ptRegs.js';

/** CR0 as head_32/head_64 leave it: PE MP ET NE WP AM PG. */
const CR0_STATE = 0x80050033n;
const GDT_BASE = 0xfffffffffffe0000n, IDT_BASE = 0xffffffffffff0000n;
const GPR_FIELDS: readonly PtRegsField[] = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

export interface UmipContext {
  regs: PtRegs;
  /** user_64bit_mode(regs): the process runs 64-bit code at the fault. */
  longMode: boolean;
  /** GDT_ENTRY_TSS * 8 of this kernel. */
  tssSelector: number;
  /** The instruction's bytes, as many as are readable (insn_fetch_from_user). */
  fetch: (ip: bigint) => Uint8Array;
  copyToUser: (addr: bigint, bytes: Uint8Array) => boolean;
}

/** What the fixup did: not a UMIP instruction (deliver SIGSEGV as usual), emulated, or the store faulted. */
export type UmipOutcome = { kind: 'not-umip' } | { kind: 'emulated' } | { kind: 'store-fault'; addr: bigint };

const NOT: UmipOutcome = { kind: 'not-umip' };

export function fixupUmip(c: UmipContext): UmipOutcome {
  const ip = c.regs.get('ip');
  const bytes = c.fetch(ip);
  if (bytes.length === 0) return NOT;
  const decoder = new Decoder(c.longMode ? 64 : 32, bytes, DecoderOptions.None);
  decoder.ip = ip;
  const ins = decoder.decode();
  try {
    if (ins.isInvalid || ins.length > bytes.length) return NOT;
    const m = ins.mnemonic;
    const table = m === Mnemonic.Sgdt || m === Mnemonic.Sidt;
    if (!table && m !== Mnemonic.Smsw && m !== Mnemonic.Sldt && m !== Mnemonic.Str) return NOT;
    const toReg = ins.op0Kind === OpKind.Register;
    if (table && toReg) return NOT;
    let data: Uint8Array;
    if (table) {
      const baseSize = c.longMode ? 8 : 4;
      data = new Uint8Array(2 + baseSize);
      const base = m === Mnemonic.Sgdt ? GDT_BASE : IDT_BASE;
      for (let i = 0; i < baseSize; i++) data[2 + i] = Number((base >> BigInt(8 * i)) & 0xffn);
    } else {
      const value = m === Mnemonic.Smsw ? CR0_STATE : m === Mnemonic.Str ? BigInt(c.tssSelector) : 0n;
      const size = toReg ? RegisterExt.size(ins.op0Register) : 2;
      data = new Uint8Array(size);
      for (let i = 0; i < size; i++) data[i] = Number((value >> BigInt(8 * i)) & 0xffn);
    }
    if (toReg) {
      const field = GPR_FIELDS[RegisterExt.number(ins.op0Register)]!;
      const slotBits = BigInt(c.regs.bits);
      let v = c.regs.get(field);
      for (let i = 0; i < data.length && 8 * i < Number(slotBits); i++) {
        const sh = BigInt(8 * i);
        v = (v & ~(0xffn << sh)) | (BigInt(data[i]!) << sh);
      }
      c.regs.set(field, v);
    } else {
      const seg = ins.memorySegment;
      if (seg === Register.FS || seg === Register.GS) return NOT;
      const addr = effectiveAddress(c, ins.memoryBase, ins.memoryIndex, ins.memoryIndexScale, ins.memoryDisplacementU64);
      if (!c.copyToUser(addr, data)) return { kind: 'store-fault', addr };
    }
    c.regs.set('ip', ip + BigInt(ins.length));
    return { kind: 'emulated' };
  } finally {
    ins.free();
    decoder.free();
  }
}

/** insn_get_addr_ref: base + index * scale + displacement at the instruction's address size. */
function effectiveAddress(c: UmipContext, base: Register, index: Register, scale: number, disp: bigint): bigint {
  const reg = (r: Register): bigint => c.regs.get(GPR_FIELDS[RegisterExt.number(r)]!);
  let a = disp;
  let size = c.longMode ? 8 : 4;
  if (base !== Register.None) {
    if (base !== Register.RIP && base !== Register.EIP) a += reg(base); // iced folds RIP into the displacement
    size = RegisterExt.size(base);
  }
  if (index !== Register.None) {
    a += reg(index) * BigInt(scale);
    size = RegisterExt.size(index);
  }
  return BigInt.asUintN(size * 8, a);
}
