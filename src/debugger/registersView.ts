// Registers pane data from the machine, each value flagged when it differs from the previous stop.
import {
  type Machine, type RegName, type SegName,
  MSR_CSTAR, MSR_FMASK, MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_LSTAR, MSR_STAR,
  MSR_SYSENTER_CS, MSR_SYSENTER_EIP, MSR_SYSENTER_ESP, MSR_EFER,
} from '../machine/index.js';
import { decodeMxcsr, type FpuSnapshot, readFpu, stackEntry, tagWord } from './fpuView.js';
import { decodeFlags, hex, type RegisterCell, type RegistersView, type SegmentCell, type SseView, type X87View } from './viewModel.js';

/** Every value the pane shows, by display name: what the next stop compares against. */
export type RegisterSnapshot = Map<string, bigint>;

const GPR64: RegName[] = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
const GPR32: [string, RegName][] = [['eax', 'rax'], ['ebx', 'rbx'], ['ecx', 'rcx'], ['edx', 'rdx'], ['esi', 'rsi'], ['edi', 'rdi'], ['ebp', 'rbp'], ['esp', 'rsp']];
const SEGS: SegName[] = ['cs', 'ss', 'ds', 'es', 'fs', 'gs'];

const SELECTOR_MEANING: Record<number, string> = {
  0x10: 'kernel code', 0x18: 'kernel data', 0x23: 'user 32-bit code', 0x2b: 'user data', 0x33: 'user code',
  0x60: 'kernel code', 0x68: 'kernel data', 0x73: 'user code', 0x7b: 'user data', 0xd8: 'kernel per-cpu', 0: 'null',
};

export function selectorMeaning(selector: number): string {
  return SELECTOR_MEANING[selector & ~3] ?? SELECTOR_MEANING[selector] ?? `GDT[${selector >> 3}]`;
}

function safeMsr(m: Machine, idx: number): bigint {
  try {
    return m.readMsr(idx);
  } catch {
    return 0n;
  }
}

/** Read every register the pane shows. */
export function readRegisters(m: Machine): RegisterSnapshot {
  const s: RegisterSnapshot = new Map();
  const wide = m.longMode;
  if (wide) for (const r of GPR64) s.set(r, m.getReg(r));
  else for (const [n, r] of GPR32) s.set(n, m.getReg(r) & 0xffffffffn);
  s.set(wide ? 'rip' : 'eip', wide ? m.getReg('rip') : m.getReg('rip') & 0xffffffffn);
  s.set(wide ? 'rflags' : 'eflags', m.getReg('rflags'));
  for (const seg of SEGS) s.set(seg, BigInt(m.getSeg(seg).selector));
  s.set('cr3', m.getCr(3));
  if (wide) {
    s.set('fs_base', safeMsr(m, MSR_FS_BASE));
    s.set('gs_base', safeMsr(m, MSR_GS_BASE));
    s.set('kernel_gs_base', safeMsr(m, MSR_KERNEL_GS_BASE));
    s.set('star', safeMsr(m, MSR_STAR));
    s.set('lstar', safeMsr(m, MSR_LSTAR));
    s.set('cstar', safeMsr(m, MSR_CSTAR));
    s.set('fmask', safeMsr(m, MSR_FMASK));
  } else {
    s.set('fs_base', m.getSeg('fs').base);
    s.set('gs_base', m.getSeg('gs').base);
  }
  s.set('sysenter_cs', safeMsr(m, MSR_SYSENTER_CS));
  s.set('sysenter_esp', safeMsr(m, MSR_SYSENTER_ESP));
  s.set('sysenter_eip', safeMsr(m, MSR_SYSENTER_EIP));
  if (wide) s.set('efer', safeMsr(m, MSR_EFER));
  const f = readFpu(m);
  f.xmm.forEach((v, i) => { s.set(`xmm${i}`, v); });
  for (let i = 0; i < 8; i++) s.set(`st${i}`, f.r[(f.top + i) & 7]! | (BigInt(f.tags[(f.top + i) & 7]!) << 80n));
  s.set('fctrl', BigInt(f.fcw));
  s.set('fstat', BigInt(f.fsw));
  s.set('ftag', BigInt(tagWord(f.tags)));
  s.set('mxcsr', BigInt(f.mxcsr));
  return s;
}

/** The x87 rows: ST(0) to the deepest valid register, and the control registers. */
function x87View(f: FpuSnapshot, now: RegisterSnapshot, prev: RegisterSnapshot | null): X87View {
  const changed = (n: string): boolean => prev?.get(n) !== undefined && prev.get(n) !== now.get(n);
  let depth = 0;
  for (let i = 0; i < 8; i++) if (f.tags[(f.top + i) & 7] !== 3) depth = i + 1;
  const stack = Array.from({ length: depth }, (_, i) => {
    const e = stackEntry(f, i);
    return { name: `st${i}`, tag: e.tag, value: e.value || 'empty', changed: changed(`st${i}`) };
  });
  const cell = (name: string, v: number): RegisterCell => ({ name, value: hex(v, 4), changed: changed(name) });
  return { stack, control: [cell('fctrl', f.fcw), cell('fstat', f.fsw), cell('ftag', tagWord(f.tags))] };
}

function sseView(f: FpuSnapshot, now: RegisterSnapshot, prev: RegisterSnapshot | null): SseView {
  const changed = (n: string): boolean => prev?.get(n) !== undefined && prev.get(n) !== now.get(n);
  // Registers still zero and unchanged say nothing: the pane lists the others (xmm0 at least).
  const xmm = f.xmm.map((v, i) => ({ name: `xmm${i}`, value: hex(v, 32), changed: changed(`xmm${i}`) })).filter((c, i) => i === 0 || c.changed || f.xmm[i] !== 0n);
  return { xmm, mxcsr: { name: 'mxcsr', value: hex(f.mxcsr, 8), changed: changed('mxcsr'), decoded: decodeMxcsr(f.mxcsr) } };
}

/** Build the pane from a snapshot, comparing with the previous stop's snapshot. */
export function buildRegistersView(m: Machine, now: RegisterSnapshot, prev: RegisterSnapshot | null, fpu: FpuSnapshot = readFpu(m)): RegistersView {
  const wide = m.longMode;
  const digits = wide ? 16 : 8;
  const cell = (name: string, width = digits): RegisterCell => {
    const v = now.get(name) ?? 0n;
    const before = prev?.get(name);
    return { name, value: hex(v, width), changed: before !== undefined && before !== v };
  };
  const general = wide ? GPR64.map((r) => cell(r)) : GPR32.map(([n]) => cell(n));
  const ipName = wide ? 'rip' : 'eip';
  const flagsName = wide ? 'rflags' : 'eflags';
  const segments: SegmentCell[] = SEGS.map((seg) => ({ ...cell(seg, 4), meaning: selectorMeaning(Number(now.get(seg) ?? 0n)) }));
  const msrNames = wide ? ['star', 'lstar', 'cstar', 'fmask', 'sysenter_cs', 'sysenter_esp', 'sysenter_eip'] : ['sysenter_cs', 'sysenter_esp', 'sysenter_eip'];
  return {
    width: wide ? 64 : 32,
    cpl: m.cpl,
    general,
    ip: cell(ipName),
    flags: { ...cell(flagsName, 8), decoded: decodeFlags(now.get(flagsName) ?? 0n) },
    segments,
    control: [cell('cr3'), ...(wide ? [cell('efer', 4)] : [])],
    bases: wide ? [cell('fs_base'), cell('gs_base'), cell('kernel_gs_base')] : [cell('fs_base'), cell('gs_base')],
    msrs: msrNames.map((n) => cell(n, n === 'sysenter_cs' ? 4 : digits)),
    x87: fpu.x87Touched ? x87View(fpu, now, prev) : null,
    sse: fpu.sseTouched ? sseView(fpu, now, prev) : null,
  };
}

/** Register values by gdb-style name for conditions and `x` addresses: $rax, $eax, $ax, $al, $rip, $pc, $sp... */
export function registerForExpression(m: Machine, name: string): bigint | undefined {
  const n = name.toLowerCase();
  const full: Record<string, RegName> = {
    rax: 'rax', rbx: 'rbx', rcx: 'rcx', rdx: 'rdx', rsi: 'rsi', rdi: 'rdi', rbp: 'rbp', rsp: 'rsp',
    r8: 'r8', r9: 'r9', r10: 'r10', r11: 'r11', r12: 'r12', r13: 'r13', r14: 'r14', r15: 'r15', rip: 'rip',
    rflags: 'rflags', eflags: 'rflags',
  };
  if (full[n]) return m.getReg(full[n]!) & (n === 'eflags' ? 0xffffffffn : (1n << 64n) - 1n);
  if (n === 'pc') return m.longMode ? m.getReg('rip') : m.getReg('rip') & 0xffffffffn;
  if (n === 'sp') return m.longMode ? m.getReg('rsp') : m.getReg('rsp') & 0xffffffffn;
  if (n === 'fp') return m.longMode ? m.getReg('rbp') : m.getReg('rbp') & 0xffffffffn;
  const e32 = /^e(ax|bx|cx|dx|si|di|bp|sp|ip)$/.exec(n);
  if (e32) return m.getReg(`r${e32[1]}` as RegName) & 0xffffffffn;
  const rd = /^r(8|9|1[0-5])d$/.exec(n);
  if (rd) return m.getReg(`r${rd[1]}` as RegName) & 0xffffffffn;
  const w16 = /^(ax|bx|cx|dx|si|di|bp|sp)$/.exec(n);
  if (w16) return m.getReg(`r${w16[1]}` as RegName) & 0xffffn;
  const b8 = /^([abcd])l$/.exec(n);
  if (b8) return m.getReg(`r${b8[1]}x` as RegName) & 0xffn;
  if ((SEGS as string[]).includes(n)) return BigInt(m.getSeg(n as SegName).selector);
  if (n === 'cpl') return BigInt(m.cpl);
  if (n === 'cr3') return m.getCr(3);
  if (n === 'cr2') return m.getCr(2);
  if (n === 'orig_ax' || n === 'orig_rax' || n === 'orig_eax') return undefined;
  return undefined;
}
