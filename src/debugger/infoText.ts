// Text of `info registers`, `info msr`, `info idt` and `info tss`, read straight from the machine.
import {
  type Machine, type RegName, MSR_CSTAR, MSR_EFER, MSR_FMASK, MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_LSTAR,
  MSR_STAR, MSR_SYSENTER_CS, MSR_SYSENTER_EIP, MSR_SYSENTER_ESP,
} from '../machine/index.js';
import { CommandError } from './commands.js';
import { istStackName } from '../kernel/idtGates.js';
import { selectorMeaning } from './registersView.js';
import { decodeFlags, hex } from './viewModel.js';

const GPR64: RegName[] = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'];

/** gdb's `info registers [NAME...]`: name, hex, natural value; only the named ones when given. */
export function formatRegisters(m: Machine, names: readonly string[] = [], describe: (addr: bigint) => string | null = () => null, more: (name: string) => string | undefined = () => undefined): string {
  const lines: string[] = [];
  const wide = m.longMode;
  const regs: [string, bigint][] = wide
    ? GPR64.map((r) => [r, m.getReg(r)])
    : (['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'rip'] as RegName[]).map((r) => [`e${r.slice(1)}`, m.getReg(r) & 0xffffffffn]);
  const rows = new Map<string, string>();
  for (const [n, v] of regs) {
    const natural = n.endsWith('ip') ? `0x${hex(v)}${describe(v) ? ` <${describe(v)}>` : ''}` : n.endsWith('sp') || n.endsWith('bp') ? `0x${hex(v)}` : BigInt.asIntN(wide ? 64 : 32, v).toString();
    rows.set(n, `${n.padEnd(8)} 0x${hex(v).padEnd(18)} ${natural}`);
  }
  const f = m.getReg('rflags');
  rows.set('eflags', `${'eflags'.padEnd(8)} 0x${hex(f).padEnd(18)} ${decodeFlags(f)}`);
  for (const s of ['cs', 'ss', 'ds', 'es', 'fs', 'gs'] as const) {
    const seg = m.getSeg(s);
    rows.set(s, `${s.padEnd(8)} 0x${hex(seg.selector).padEnd(18)} ${selectorMeaning(seg.selector)}, RPL ${seg.selector & 3}, base 0x${hex(seg.base)}`);
  }
  rows.set('cpl', `${'cpl'.padEnd(8)} ${String(m.cpl).padEnd(20)} ${m.bitness}-bit`);
  for (const n of [0, 2, 3, 4] as const) rows.set(`cr${n}`, `${`cr${n}`.padEnd(8)} 0x${hex(m.getCr(n))}`);
  if (names.length === 0) return [...rows.values()].join('\n');
  // gdb's names for the same rows: $pc, $sp, $fp, rflags and the other width of a general register.
  const alias = (n: string): string => {
    const w = n.toLowerCase().replace(/^\$/, '');
    if (w === 'pc') return wide ? 'rip' : 'eip';
    if (w === 'sp') return wide ? 'rsp' : 'esp';
    if (w === 'fp') return wide ? 'rbp' : 'ebp';
    if (w === 'rflags') return 'eflags';
    if (!wide && /^r(ax|bx|cx|dx|si|di|bp|sp|ip)$/.test(w)) return `e${w.slice(1)}`;
    return w;
  };
  for (const n of names) {
    const row = rows.get(alias(n)) ?? more(n);
    if (row === undefined) throw new RegisterNameError(n);
    lines.push(row);
  }
  return lines.join('\n');
}

/** `info registers NAME` for a name this machine has no register of (gdb: Invalid register `foo'). */
export class RegisterNameError extends CommandError {
  constructor(readonly register: string) {
    super(`Invalid register \`${register}'`);
  }
}

const MSRS: [string, number][] = [
  ['EFER', MSR_EFER], ['STAR', MSR_STAR], ['LSTAR', MSR_LSTAR], ['CSTAR', MSR_CSTAR], ['FMASK', MSR_FMASK],
  ['FS_BASE', MSR_FS_BASE], ['GS_BASE', MSR_GS_BASE], ['KERNEL_GS_BASE', MSR_KERNEL_GS_BASE],
  ['SYSENTER_CS', MSR_SYSENTER_CS], ['SYSENTER_ESP', MSR_SYSENTER_ESP], ['SYSENTER_EIP', MSR_SYSENTER_EIP],
];

export function formatMsrs(m: Machine): string {
  return MSRS.map(([name, idx]) => {
    let v: string;
    try {
      v = `0x${hex(m.readMsr(idx), 16)}`;
    } catch {
      v = '(not available)';
    }
    return `${name.padEnd(15)} 0x${idx.toString(16).padEnd(9)} ${v}`;
  }).join('\n');
}

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** What Intel names the exceptions (SDM Vol.3 Table 6-1) and the AMD/Linux additions (#VC), for `info idt`. */
const EXCEPTION_MNEMONICS = ['#DE', '#DB', 'NMI', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'CSO', '#TS', '#NP', '#SS', '#GP', '#PF', 'spurious', '#MF', '#AC', '#MC', '#XM', '#VE', '#CP', '', '', '', '', '', '', '#HV', '#VC', '#SX', ''];

/**
 * The IDT: every exception vector (0-31, an absent one as "not present", as Linux leaves the
 * reserved ones) and every other present gate: vector, type, DPL, IST stack, selector:handler. A run
 * of the per-vector stubs Linux fills the rest with (irq_entries_start, spurious_entries_start) is
 * one line.
 */
export function formatIdt(m: Machine, bits: 32 | 64, describe: (addr: bigint) => string | null): string {
  const idtr = m.getIdtr();
  const size = bits === 64 ? 16 : 8;
  const count = Math.min(256, Math.floor((idtr.limit + 1) / size));
  const lines = [`IDTR base 0x${hex(idtr.base)} limit 0x${idtr.limit.toString(16)}`];
  let table: Uint8Array;
  try {
    table = m.read(idtr.base, count * size);
  } catch {
    return `${lines[0]}\n(cannot read the IDT)`;
  }
  let run: { first: number; last: number; line: string; stub: string } | null = null;
  const endRun = (): void => {
    if (!run) return;
    const span = run.first === run.last ? `0x${run.first.toString(16)}` : `0x${run.first.toString(16)}-0x${run.last.toString(16)}`;
    lines.push(`${span.padEnd(13)} ${run.line}${run.first === run.last ? '' : ` .. (${run.last - run.first + 1} ${run.stub} stubs, one per vector)`}`);
    run = null;
  };
  for (let v = 0; v < count; v++) {
    const o = v * size;
    const lo = u32(table, o);
    const hi = u32(table, o + 4);
    const present = (hi >>> 15) & 1;
    const label = `0x${v.toString(16).padStart(2, '0')} ${(v < 32 ? EXCEPTION_MNEMONICS[v]! : '').padEnd(8)}`;
    if (!present) {
      endRun();
      if (v < 32) lines.push(`${label} not present`);
      continue;
    }
    let offset = BigInt((hi & 0xffff0000) >>> 0) | BigInt(lo & 0xffff);
    if (bits === 64) offset |= BigInt(u32(table, o + 8)) << 32n;
    const selector = lo >>> 16;
    const type = (hi >>> 8) & 0xf;
    const dpl = (hi >>> 13) & 3;
    const ist = bits === 64 ? hi & 7 : 0;
    const kind = type === 0xe ? 'interrupt gate' : type === 0xf ? 'trap gate' : type === 0x5 ? 'task gate' : `type ${type}`;
    const stack = ist ? `IST${ist} (${istStackName(ist) ?? '?'} stack)`.padEnd(17) : ''.padEnd(17);
    if (type === 0x5) {
      lines.push(`${label} ${kind.padEnd(14)} DPL ${dpl}  ${stack} TSS selector ${hex(selector, 4)}`);
      continue;
    }
    const name = describe(offset);
    const text = `${kind.padEnd(14)} DPL ${dpl}  ${stack} ${hex(selector, 4)}:0x${hex(offset)}${name ? ` <${name}>` : ''}`;
    const stub = /^(irq|spurious)_entries_start\b/.exec(name ?? '')?.[0];
    if (stub && run && run.stub === stub && run.last === v - 1) {
      run.last = v;
      continue;
    }
    endRun();
    if (stub) run = { first: v, last: v, line: text, stub };
    else lines.push(`${label} ${text}`);
  }
  endRun();
  return lines.join('\n');
}

/** The TSS fields the CPU uses: the ring-0 stack (and IST slots in long mode). */
export function formatTss(m: Machine, bits: 32 | 64): string {
  const tr = m.getTr();
  const lines = [`TR selector 0x${hex(tr.selector, 4)} base 0x${hex(tr.base)} limit 0x${tr.limit.toString(16)}`];
  let t: Uint8Array;
  try {
    t = m.read(tr.base, 104);
  } catch {
    return `${lines[0]}\n(cannot read the TSS)`;
  }
  const dv = new DataView(t.buffer, t.byteOffset, t.byteLength);
  if (bits === 64) {
    lines.push(`rsp0  0x${hex(dv.getBigUint64(4, true), 16)}   (stack the CPU loads on an interrupt from ring 3)`);
    lines.push(`rsp1  0x${hex(dv.getBigUint64(12, true), 16)}`);
    lines.push(`rsp2  0x${hex(dv.getBigUint64(20, true), 16)}   (Linux uses it as the SYSCALL user-RSP scratch slot)`);
    for (let i = 0; i < 7; i++) {
      const v = dv.getBigUint64(36 + i * 8, true);
      if (v) lines.push(`ist${i + 1}  0x${hex(v, 16)}`);
    }
  } else {
    lines.push(`esp0  0x${hex(dv.getUint32(4, true), 8)}   ss0 0x${hex(dv.getUint16(8, true), 4)}   (stack the CPU loads on an interrupt from ring 3)`);
    lines.push(`esp1  0x${hex(dv.getUint32(12, true), 8)}   ss1 0x${hex(dv.getUint16(16, true), 4)}`);
    lines.push(`esp2  0x${hex(dv.getUint32(20, true), 8)}   ss2 0x${hex(dv.getUint16(24, true), 4)}`);
  }
  lines.push(`I/O map base 0x${dv.getUint16(102, true).toString(16)}`);
  return lines.join('\n');
}
