// The fast system calls: SYSCALL/SYSRET (AMD64; legacy-mode SYSCALL on AMD) and SYSENTER/SYSEXIT.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodeInstruction.js';
import { GuestFault } from '../GuestFault.js';
import { hex } from '../memory.js';
import { loadFlatCs, loadFlatSs } from './descriptors.js';
import { record } from './transferRecord.js';
import { Mnemonic } from '../../x86/icedModule.js';
import type { CoreRows } from '../isa/coreRows.js';

export function syscall(c: CpuCore, d: DecodedInsn): void {
  const next = c.rip;
  const lma = (c.efer & C.EFER_LMA) !== 0;
  if (!(c.efer & C.EFER_SCE)) throw new GuestFault(C.VEC_UD, -1, 'SYSCALL with EFER.SCE clear');
  // Intel SDM: #UD unless CS.L = 1 (64-bit mode), so compat-mode SYSCALL is #UD too; AMD runs both.
  if (c.bits !== 64 && c.profile.vendor === 'intel') throw new GuestFault(C.VEC_UD, -1, `SYSCALL in ${lma ? 'compatibility' : 'legacy'} mode on an Intel CPU`);
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = next - d.len;
  const star = c.star;
  const kcs = Number((star >> 32n) & 0xfffcn);
  const flags = c.materializeFlags();
  if (lma) {
    c.setReg64Num(1, next);
    c.regLo[11] = flags & ~C.FLAG_RF; c.regHi[11] = 0;
    c.storeFlags(flags & ~c.fmask & ~C.FLAG_RF);
    loadFlatCs(c, kcs, 0, true);
    loadFlatSs(c, kcs + 8, 0);
    const from64 = fromBits === 64;
    const rip = from64 ? c.lstar : c.cstar;
    c.rip = rip;
    record(c, 'syscall', fromCpl, fromBits, fromRip,
      () => `SYSCALL: RCX <- return RIP, R11 <- RFLAGS, CS <- ${hex(kcs)}, RIP <- ${from64 ? 'LSTAR' : 'CSTAR'} (${hex(rip)}), stack not switched`);
  } else {
    c.regLo[1] = next | 0; c.regHi[1] = 0;
    c.storeFlags(flags & ~(C.FLAG_IF | C.FLAG_VM | C.FLAG_RF));
    loadFlatCs(c, kcs, 0, false);
    loadFlatSs(c, kcs + 8, 0);
    c.rip = Number(star & 0xffffffffn);
    record(c, 'syscall', fromCpl, fromBits, fromRip,
      `SYSCALL (legacy mode): ECX <- return EIP, CS <- ${hex(kcs)}, EIP <- STAR[31:0] (${hex(c.rip)}), IF cleared, stack not switched`);
  }
}

export function sysret(c: CpuCore, d: DecodedInsn): void {
  const lma = (c.efer & C.EFER_LMA) !== 0;
  if (!(c.efer & C.EFER_SCE)) throw new GuestFault(C.VEC_UD, -1, 'SYSRET with EFER.SCE clear');
  if (c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, 'SYSRET at CPL 3');
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = c.rip - d.len;
  const base = Number((c.star >> 48n) & 0xffffn);
  if (d.osz === 8) {
    const rcx = c.reg64(1);
    if (rcx >= 140737488355328 || rcx < -140737488355328 || c.regHi[1]! !== (c.regHi[1]! | 0) ||
      ((c.regHi[1]! >> 15) !== 0 && (c.regHi[1]! >> 15) !== -1)) throw new GuestFault(C.VEC_GP, 0, `SYSRET to non-canonical RCX ${hex(rcx)}`);
  }
  const r11 = c.regLo[11]!;
  c.storeFlags((r11 & 0x3c7fd7) | 2);
  if (d.osz === 8) {
    c.rip = c.reg64(1);
    loadFlatCs(c, (base + 16) | 3, 3, true);
  } else {
    c.rip = c.regLo[1]! >>> 0;
    loadFlatCs(c, base | 3, 3, false);
  }
  loadFlatSs(c, (base + 8) | 3, 3);
  void lma;
  const ipn = d.osz === 8 ? 'RIP' : 'EIP';
  const q = d.osz === 8, rip = c.rip, csSel = c.segSel[C.SEG_CS]!, ssSel = c.segSel[C.SEG_SS]!;
  record(c, 'sysret', fromCpl, fromBits, fromRip,
    () => `SYSRET${q ? 'Q' : 'L'}: ${ipn} <- ${q ? 'RCX' : 'ECX'} (${hex(rip)}), RFLAGS <- R11, CS <- ${hex(csSel)}, SS <- ${hex(ssSel)}, stack not switched`);
}

export function sysenter(c: CpuCore, d: DecodedInsn): void {
  const lma = (c.efer & C.EFER_LMA) !== 0;
  if (lma && c.profile.vendor === 'amd') throw new GuestFault(C.VEC_UD, -1, 'SYSENTER in long mode on an AMD CPU');
  if ((c.sysenterCs & 0xfffc) === 0) throw new GuestFault(C.VEC_GP, 0, 'SYSENTER with SYSENTER_CS = 0');
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = c.rip - d.len;
  const cs = c.sysenterCs & 0xfffc;
  c.storeFlags(c.materializeFlags() & ~(C.FLAG_VM | C.FLAG_IF | C.FLAG_RF));
  loadFlatCs(c, cs, 0, lma);
  loadFlatSs(c, cs + 8, 0);
  if (lma) { c.rip = c.sysenterEip; c.setReg64Num(4, c.sysenterEsp); }
  else { c.rip = c.sysenterEip >>> 0; c.regLo[4] = c.sysenterEsp | 0; c.regHi[4] = 0; }
  const rip = c.rip, sp = c.spAddr();
  record(c, 'sysenter', fromCpl, fromBits, fromRip,
    () => `SYSENTER: CS <- SYSENTER_CS (${hex(cs)}), SS <- ${hex(cs + 8)}, ${lma ? 'RIP' : 'EIP'} <- SYSENTER_EIP (${hex(rip)}), ${lma ? 'RSP' : 'ESP'} <- SYSENTER_ESP (${hex(sp)}), IF cleared, nothing saved`);
}

export function sysexit(c: CpuCore, d: DecodedInsn): void {
  if ((c.sysenterCs & 0xfffc) === 0) throw new GuestFault(C.VEC_GP, 0, 'SYSEXIT with SYSENTER_CS = 0');
  if (c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, 'SYSEXIT at CPL 3');
  const fromCpl = c.cpl, fromBits = c.bits, fromRip = c.rip - d.len;
  const cs = c.sysenterCs;
  if (d.osz === 8) {
    c.rip = c.reg64(2);
    const sp = c.reg64(1);
    loadFlatCs(c, (cs + 32) | 3, 3, true);
    loadFlatSs(c, (cs + 40) | 3, 3);
    c.setReg64Num(4, sp);
  } else {
    c.rip = c.regLo[2]! >>> 0;
    const sp = c.regLo[1]!;
    loadFlatCs(c, (cs + 16) | 3, 3, false);
    loadFlatSs(c, (cs + 24) | 3, 3);
    c.regLo[4] = sp; c.regHi[4] = 0;
  }
  const w = d.osz === 8;
  const rip = c.rip, sp = c.spAddr(), csSel = c.segSel[C.SEG_CS]!, ssSel = c.segSel[C.SEG_SS]!;
  record(c, 'sysexit', fromCpl, fromBits, fromRip,
    () => `SYSEXIT: CS <- ${hex(csSel)}, SS <- ${hex(ssSel)}, ${w ? 'RIP <- RDX' : 'EIP <- EDX'} (${hex(rip)}), ${w ? 'RSP <- RCX' : 'ESP <- ECX'} (${hex(sp)})`);
}

const row = (m: Mnemonic[], handler: (c: CpuCore, d: DecodedInsn) => void, cls: 'syscall' | 'sysret' | 'sysenter' | 'sysexit', r: number, w: number) =>
  ({ mnemonics: m, handler, cls, jit: false, flagsRead: r, flagsWritten: w });

export const FAST_SYSCALL_ROWS: CoreRows = {
  SYSCALL: row([Mnemonic.Syscall], syscall, 'syscall', C.ARITH_FLAGS, 0),
  SYSRET: row([Mnemonic.Sysret, Mnemonic.Sysretq], sysret, 'sysret', 0, C.ARITH_FLAGS),
  SYSENTER: row([Mnemonic.Sysenter], sysenter, 'sysenter', 0, 0),
  SYSEXIT: row([Mnemonic.Sysexit, Mnemonic.Sysexitq], sysexit, 'sysexit', 0, 0),
};
