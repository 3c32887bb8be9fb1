// What one step inside the kernel's entry code did, in words (issue 12 item 5): swapgs, the stack
// switch to the task stack, each pt_regs push (PUSH_AND_CLEAR_REGS, SAVE_ALL), the C handler's
// syscall dispatch and the return path's pops. Facts from REFERENCE.md §1-3 and Linux's
// arch/x86/entry/entry_64.S, entry_64_compat.S, entry_32.S and syscall_64.c / syscall_32.c.
import { syscallByNumber } from '../kernel/syscallTable.js';
import { PT_REGS_32_FROM_TOP, PT_REGS_64_FROM_TOP } from './kernelStack.js';
import type { RegisterSnapshot } from './registersView.js';
import { hex } from './viewModel.js';

/** What the Session knows about the step just taken in ring 0. */
export interface EntryStepFacts {
  /** Symbol and offset of the instruction executed (`entry_SYSCALL_64+3`), or the native's name. */
  symbol: string | null;
  /** The instruction executed (AT&T, as the Code pane shows it) and its mnemonic; null for a native. */
  insn: { mnemonic: string; text: string } | null;
  /** Its line in the kernel's .S source (comment included) and the macro it came from. */
  source: { text: string; macro?: string } | null;
  /** Registers before and after the step (readRegisters). */
  before: RegisterSnapshot;
  after: RegisterSnapshot;
  /** The task's kernel stack: top (where pt_regs ends) and size. */
  stackTop: bigint;
  stackSize: number;
  /** A stack slot of the kernel's word size, or null when unreadable. */
  readSlot(addr: bigint, size: 4 | 8): bigint | null;
  /** A native kernel function (a C handler written in TypeScript) that ran as this step. */
  native: { name: string; cycles: number } | null;
}

/** A short label for the status line and the sentence that says what happened. */
export interface EntryStepNote {
  label: string;
  note: string;
}

const ENOSYS = 38n;

/** The source line's comment (`# pt_regs->ss`), without the hash. */
function commentOf(f: EntryStepFacts): string | null {
  const m = /#\s*(.*)$/.exec(f.source?.text ?? '');
  const c = m?.[1]?.trim() || null;
  // a macro's comment that names its parameters (\pop) says nothing about this expansion
  return c && !c.includes('\\') ? c : null;
}

function wide(f: EntryStepFacts): boolean {
  return f.before.has('rsp');
}

function spOf(s: RegisterSnapshot): bigint {
  return s.get('rsp') ?? s.get('esp') ?? 0n;
}

/** Kernel addresses: the upper half on x86_64, 0xc0000000 and up on i386 (PAGE_OFFSET). */
function isKernelAddress(a: bigint, is64: boolean): boolean {
  return is64 ? a >= 0xffff800000000000n : a >= 0xc0000000n;
}

function onTaskStack(f: EntryStepFacts, sp: bigint): boolean {
  return sp <= f.stackTop && sp >= f.stackTop - BigInt(f.stackSize);
}

/** pt_regs' fields from the top of the stack down, with the word size (8 on x86_64, compat included). */
function frameLayout(f: EntryStepFacts): { fields: readonly string[]; size: 4 | 8 } {
  return wide(f) ? { fields: PT_REGS_64_FROM_TOP, size: 8 } : { fields: PT_REGS_32_FROM_TOP, size: 4 };
}

function fieldAt(f: EntryStepFacts, addr: bigint): { name: string; index: number; count: number } | null {
  const { fields, size } = frameLayout(f);
  const i = Number((f.stackTop - addr) / BigInt(size)) - 1;
  return i >= 0 && i < fields.length && addr <= f.stackTop ? { name: fields[i]!, index: i + 1, count: fields.length } : null;
}

/** Fields of pt_regs a stack pointer move stepped over (lowest address first). */
function skipped(f: EntryStepFacts, from: bigint, to: bigint): string[] {
  const { size } = frameLayout(f);
  const out: string[] = [];
  for (let a = from; a < to; a += BigInt(size)) out.push(fieldAt(f, a)?.name ?? '?');
  return out;
}

/** The general registers that changed (rip, flags and the stack pointer aside), as `rdi = 0x...`. */
function changedRegisters(f: EntryStepFacts): string[] {
  const names = wide(f)
    ? ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15']
    : ['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp'];
  return names.filter((n) => f.before.get(n) !== f.after.get(n)).map((n) => `${n} = 0x${hex(f.after.get(n) ?? 0n)}`);
}

const SEGMENT_MEANING: Record<string, string> = {
  '0x7b': '__USER_DS: the kernel runs on the flat user data segment',
  '0x2b': '__USER_DS',
  '0xd8': '__KERNEL_PERCPU: on i386, %fs addresses the per-cpu area',
};

/** The name of the entry routine (local labels belong to the routine they are in). */
function routine(f: EntryStepFacts): string {
  return (f.symbol ?? '').replace(/\+\d+$/, '');
}

function describeNative(f: EntryStepFacts): EntryStepNote | null {
  const n = f.native!;
  const is64 = wide(f);
  const { size } = frameLayout(f);
  const slotOf = (regs: bigint, field: string): bigint | null => {
    const { fields } = frameLayout(f);
    const low = [...fields].reverse();
    return f.readSlot(regs + BigInt(low.indexOf(field) * size), size);
  };
  // arg 1, struct pt_regs *: RDI on x86_64; EAX on i386 (-mregparm=3)
  const regs = is64 ? f.before.get('rdi') : f.before.get('eax');
  const cycles = `${n.cycles} cycles`;
  const dispatchers: Record<string, { abi: 'x86_64' | 'i386'; exit: string | null; extra: string }> = {
    do_syscall_64: { abi: 'x86_64', exit: 'SYSRET', extra: '' },
    do_int80_syscall_32: { abi: 'i386', exit: null, extra: '' },
    do_int80_emulation: { abi: 'i386', exit: null, extra: 'INT 0x80 was raised by software (int80_is_external said no), so ' },
    do_fast_syscall_32: { abi: 'i386', exit: 'SYSRETL', extra: 'it set pt_regs->ip to the vDSO landing pad and read arg 6 from the user stack; ' },
    do_SYSENTER_32: { abi: 'i386', exit: is64 ? 'SYSRETL' : 'SYSEXIT', extra: 'pt_regs->sp <- the user stack pointer __kernel_vsyscall left in EBP, pt_regs->ip <- the vDSO landing pad; ' },
  };
  const d = dispatchers[n.name];
  if (!d || regs === undefined) {
    const what = n.name.startsWith('exc_') ? 'the exception\'s C handler' : n.name.startsWith('sysvec_') ? 'the interrupt\'s C handler' : 'a C function';
    return { label: `ran ${n.name}`, note: `${n.name} ran (${what}, TypeScript standing for Linux's C, one step: ${cycles})` };
  }
  const nrSlot = slotOf(regs, 'orig_ax');
  const ax = slotOf(regs, 'ax');
  const nr = nrSlot === null ? null : Number(d.abi === 'x86_64' ? BigInt.asIntN(64, nrSlot) : BigInt.asIntN(32, nrSlot & 0xffffffffn));
  const name = nr === null ? null : syscallByNumber(d.abi, nr)?.name ?? null;
  const result = ax === null ? '?' : String(size === 8 ? BigInt.asIntN(64, ax) : BigInt.asIntN(32, ax));
  // Since Linux 6.9 the tables are switch statements (x64_sys_call / ia32_sys_call), not indirect calls.
  const call = d.abi === 'x86_64'
    ? `x64_sys_call(regs, ${nr ?? '?'}) called ${name ? `__x64_sys_${name}` : '__x64_sys_ni_syscall (-ENOSYS)'}`
    : `ia32_sys_call(regs, ${nr ?? '?'}) called the i386 table's ${name ?? 'ni_syscall (-ENOSYS)'}`;
  let verdict = '';
  if (d.exit) {
    const ok = ((f.after.get(is64 ? 'rax' : 'eax') ?? 0n) & 0xffn) !== 0n;
    verdict = ok
      ? `; returned true: ${d.exit} is safe (the return IP and flags allow it)`
      : `; returned false: leave through IRET (${d.exit} would not restore this state)`;
  }
  return {
    label: `${n.name}: dispatched ${name ?? `syscall ${nr ?? '?'}`}`,
    note: `${n.name} (C, one step, ${cycles}): ${d.extra}${call}, which returned ${result} into pt_regs->ax${verdict}`,
  };
}

/**
 * Describe a step in ring 0, or null where words add nothing (a mode switch, described by the
 * CPU's own text, or code outside the entry routines).
 */
export function describeEntryStep(f: EntryStepFacts): EntryStepNote | null {
  if (f.native) return describeNative(f);
  const insn = f.insn;
  if (!insn) return null;
  const is64 = wide(f);
  const sp0 = spOf(f.before);
  const sp1 = spOf(f.after);
  const rsp = is64 ? 'RSP' : 'ESP';
  const comment = commentOf(f);
  const why = comment ? ` (${comment})` : '';
  const mn = insn.mnemonic.toLowerCase();
  const { size } = frameLayout(f);
  const macro = f.source?.macro ?? null;

  if (mn === 'swapgs') {
    const gs = f.after.get('gs_base') ?? 0n;
    const entering = isKernelAddress(gs, true);
    return entering
      ? { label: 'swapgs: GS -> the per-cpu area', note: `swapgs: GS base <- 0x${hex(gs)}, the per-cpu area (it was in MSR_KERNEL_GS_BASE); the user's GS base 0x${hex(f.before.get('gs_base') ?? 0n)} waits there for the swapgs before the return` }
      : { label: 'swapgs: GS -> the user\'s', note: `swapgs: GS base <- 0x${hex(gs)}, the user's again; the per-cpu area's address goes back into MSR_KERNEL_GS_BASE for the next entry` };
  }

  const cr3Before = f.before.get('cr3');
  const cr3After = f.after.get('cr3');
  if (cr3Before !== undefined && cr3After !== undefined && cr3Before !== cr3After) {
    // KPTI's SWITCH_TO_KERNEL_CR3 / SWITCH_TO_USER_CR3 (calling.S): bit 12 picks the user half of the PGD pair
    const toUser = (cr3After & 0x1000n) !== 0n;
    return {
      label: toUser ? 'CR3 -> the user page tables' : 'CR3 -> the kernel page tables',
      note: `${macro ? `${macro}: ` : ''}CR3 0x${hex(cr3Before)} -> 0x${hex(cr3After)}: page-table isolation (KPTI) ${toUser ? 'switches to the user copy of the page tables, which maps only the entry trampoline of the kernel' : 'switches to the kernel\'s full page tables'}; simplified here: both CR3 values share one page map, so the cost is modelled, not the isolation`,
    };
  }

  if (mn === 'call') {
    const target = /<([^>]+)>/.exec(insn.text)?.[1] ?? insn.text.replace(/^call\s+/, '');
    // a call to entry code of its own (error_entry): the return address goes on the stack
    if (!/^(do_|exc_|sysvec_)/.test(target)) return { label: `call ${target}`, note: `call ${target}: the return address goes on the stack at 0x${hex(sp1)}${why}` };
    const args = is64
      ? `regs = 0x${hex(f.after.get('rdi') ?? 0n)}${/do_syscall_64/.test(target) ? `, nr = ${BigInt.asIntN(64, f.after.get('rsi') ?? 0n)}` : ''}`
      : `regs = 0x${hex(f.after.get('eax') ?? 0n)}`;
    return { label: `call ${target}`, note: `call ${target}(${args}): into the C part of the entry${why}; the next step runs it` };
  }

  if (mn.startsWith('ret')) {
    const to = /<([^>]+)>/.exec(insn.text)?.[1];
    return { label: 'ret', note: `ret: back to the caller at 0x${hex(f.after.get(is64 ? 'rip' : 'eip') ?? 0n)}${to ? ` (${to})` : ''}; the return address was popped from below pt_regs${why}` };
  }
  if (mn === 'jmp') {
    const target = /<([^>]+)>/.exec(insn.text)?.[1] ?? insn.text.replace(/^jmp\s+/, '');
    return { label: `jmp ${target}`, note: `jmp ${target}${/restore|return/.test(target) ? ': the way back to user mode' : ''}${why}` };
  }
  if (mn === 'rdmsr') {
    const msr = f.before.get(is64 ? 'rcx' : 'ecx') ?? 0n;
    const lo = (f.after.get(is64 ? 'rax' : 'eax') ?? 0n) & 0xffffffffn;
    const x2apicIsr = msr >= 0x810n && msr <= 0x817n;
    return {
      label: `rdmsr 0x${msr.toString(16)}`,
      note: `rdmsr: EDX:EAX <- MSR 0x${msr.toString(16)}${x2apicIsr ? ' (an x2APIC in-service register; under KVM without APIC virtualisation the read exits to the hypervisor)' : ''}: EAX = 0x${lo.toString(16)}${why}`,
    };
  }

  const pushes = mn.startsWith('push') && sp1 < sp0;
  if (pushes && sp0 - sp1 === BigInt(size)) {
    const slot = fieldAt(f, sp1);
    const v = f.readSlot(sp1, size);
    const value = v === null ? '?' : `0x${hex(v)}`;
    if (!slot) return { label: `pushed ${value}`, note: `pushed ${value} at 0x${hex(sp1)}, below pt_regs${why}` };
    let meaning = '';
    if (slot.name === 'orig_ax' && v !== null) {
      const nr = Number(BigInt.asIntN(32, v & 0xffffffffn));
      const abi = is64 && /entry_SYSCALL_64/.test(routine(f)) ? 'x86_64' : 'i386';
      const name = nr >= 0 ? syscallByNumber(abi, nr)?.name : undefined;
      meaning = name ? `: the syscall number (${name}), kept for restarts and ptrace` : nr === -1 ? ': -1, no syscall (an exception or interrupt)' : '';
    } else if (slot.name === 'ax' && v !== null && BigInt.asIntN(size * 8, v) === -ENOSYS) {
      meaning = ': -ENOSYS, the result until a handler stores one';
    }
    const hw = ['ss', 'sp', 'flags', 'cs', 'ip'].includes(slot.name) ? ' (a software-built IRET frame: the CPU pushed nothing)' : '';
    const by = macro ? `${macro}: ` : '';
    const done = slot.index === slot.count ? `; pt_regs is complete: ${slot.count} fields, ${slot.count * size} bytes at 0x${hex(sp1)}` : '';
    return {
      label: `pushed pt_regs->${slot.name}`,
      note: `${by}pushed pt_regs->${slot.name} = ${value}${meaning}${hw} (${slot.index} of ${slot.count}, at 0x${hex(sp1)})${done}`,
    };
  }

  const pops = mn.startsWith('pop') && sp1 > sp0;
  if (pops && sp1 - sp0 === BigInt(size)) {
    const slot = fieldAt(f, sp0);
    const dest = /%(\w+)\s*$/.exec(insn.text)?.[1] ?? (mn.startsWith('popf') ? (is64 ? 'rflags' : 'eflags') : '?');
    const v = f.after.get(dest) ?? f.readSlot(sp0, size);
    const value = v === undefined || v === null ? '?' : `0x${hex(v)}`;
    if (!slot) return { label: `popped ${dest}`, note: `popped ${dest} = ${value}${why}` };
    const ret = slot.name === 'ax' ? ': the syscall\'s return value' : '';
    return { label: `popped pt_regs->${slot.name}`, note: `${macro ? `${macro}: ` : ''}${dest} <- pt_regs->${slot.name} = ${value}${ret}${why || ' (restoring the user\'s registers)'}` };
  }

  // The stack pointer moved without a push or pop: a stack switch, or frame slots skipped.
  if (sp1 !== sp0 && !pushes && !pops) {
    if (sp1 === f.stackTop || (onTaskStack(f, sp1) && !onTaskStack(f, sp0))) {
      const from = isKernelAddress(sp0, is64)
        ? (sp0 === (f.before.get('sysenter_esp') ?? -1n) ? 'the per-cpu SYSENTER entry stack (SYSENTER_ESP)' : 'another kernel stack')
        : 'the user stack';
      const source = is64 ? 'pcpu_hot.top_of_stack' : 'TSS.sp1';
      return {
        label: 'stack switch: the task\'s kernel stack',
        note: `stack switch: ${rsp} 0x${hex(sp0)} (${from}) -> 0x${hex(sp1)}, the top of the task's kernel stack (${source}), where pt_regs is built${from === 'the user stack' ? `; SYSCALL left ${rsp} alone, so the entry code switches itself` : ''}`,
      };
    }
    if (onTaskStack(f, sp0) && !onTaskStack(f, sp1)) {
      return { label: 'back on the user stack', note: `${rsp} <- 0x${hex(sp1)}, pt_regs->sp: back on the user stack, which ${is64 ? 'SYSRET' : 'SYSEXIT'} does not restore` };
    }
    if (sp1 > sp0 && onTaskStack(f, sp1)) {
      const over = skipped(f, sp0, sp1);
      const next = fieldAt(f, sp1);
      const at = next?.name === 'ip' ? ': now at the IRET frame' : next?.name === 'flags' ? ': now at pt_regs->flags' : '';
      return { label: `skipped pt_regs->${over.join(', ')}`, note: `${rsp} += ${sp1 - sp0}: skipped pt_regs->${over.join(', ->')}${at}${why}` };
    }
  }

  // A pt_regs slot read or written by offset from the stack pointer (RBP(%rsp), PT_EIP(%esp)).
  const flat = insn.text.replace(/\s+/g, ' ');
  const slotRef = /^(mov\w*) (.+?),\s*(.+)$/.exec(flat);
  if (slotRef) {
    const mem = /^(-?(?:0x[0-9a-f]+|\d+))?\(%[re]sp\)$/;
    const src = mem.exec(slotRef[2]!);
    const dst = mem.exec(slotRef[3]!);
    const slotAt = (m: RegExpExecArray): ReturnType<typeof fieldAt> => fieldAt(f, sp0 + BigInt(m[1] ?? '0'));
    if (src && !/%[re]sp$/.test(slotRef[3]!)) {
      const slot = slotAt(src);
      const reg = slotRef[3]!.replace(/^%/, '');
      const v = f.after.get(reg) ?? f.after.get(`r${reg.slice(1)}`);
      if (slot) return { label: `${reg} <- pt_regs->${slot.name}`, note: `${reg} <- pt_regs->${slot.name}${v === undefined ? '' : ` = 0x${hex(reg.startsWith('e') && is64 ? v & 0xffffffffn : v)}`}${why}` };
    }
    if (dst) {
      const slot = slotAt(dst);
      const v = f.readSlot(sp0 + BigInt(dst[1] ?? '0'), size);
      if (slot) return { label: `pt_regs->${slot.name} <- ${v === null ? '?' : `0x${hex(v)}`}`, note: `pt_regs->${slot.name} <- ${v === null ? '?' : `0x${hex(v)}`}${v !== null && BigInt.asIntN(size * 8, v) === -1n && slot.name === 'orig_ax' ? ' (-1)' : ''}${why}` };
    }
    // A store elsewhere (the per-cpu scratch slot): which value went where.
    const reg = /^%(\w+)$/.exec(slotRef[2]!);
    if (reg && /[(:]/.test(slotRef[3]!)) {
      const v = f.before.get(reg[1]!);
      return { label: comment ?? `stored ${reg[1]}`, note: `stored ${reg[1]}${v === undefined ? '' : ` = 0x${hex(v)}`} at ${slotRef[3]}${why}` };
    }
  }

  // test/cmp: the flags the next branch reads.
  if (mn.startsWith('test') || mn.startsWith('cmp')) {
    const fl = f.after.get(is64 ? 'rflags' : 'eflags') ?? 0n;
    const zf = (fl >> 6n) & 1n;
    return { label: `${mn}: ZF = ${zf}`, note: `${flat}: ZF = ${zf}${zf ? ' (zero)' : ' (not zero)'}: the flag the next branch reads${why}` };
  }
  if (mn === 'sti') return { label: 'sti: IF = 1', note: `sti: IF <- 1, but interrupts stay blocked for one more instruction (the STI shadow), so the return instruction runs first${why}` };
  if (mn === 'cld') return { label: 'cld: DF = 0', note: `cld: DF <- 0, so string instructions in the kernel's C code count upwards (the user may have left DF set)${why}` };

  // i386 SAVE_ALL: the data segments get the kernel's values.
  const seg = /^mov\w* %\w+,\s*%(ds|es|fs)$/.exec(flat);
  if (seg) {
    const v = f.after.get(seg[1]!) ?? 0n;
    const key = `0x${v.toString(16)}`;
    return { label: `${seg[1]} <- ${key}`, note: `${macro ? `${macro}: ` : ''}${seg[1]!.toUpperCase()} <- ${key}${SEGMENT_MEANING[key] ? ` (${SEGMENT_MEANING[key]})` : ''}` };
  }

  // CLEAR_REGS: a register zeroed so no user value steers the kernel's speculation.
  const xor = /^xor\w*\s+%(\w+),\s*%(\w+)$/.exec(insn.text.replace(/\s+/g, ' '));
  if (xor && xor[1] === xor[2]) {
    const reg = xor[1]!;
    const why2 = macro?.includes('CLEAR_REGS')
      ? 'CLEAR_REGS: no user value reaches the kernel\'s speculation (the user\'s is saved in pt_regs)'
      : (comment ?? (/SYSRET|unsafe_stack/.test(f.symbol ?? '') ? 'zeroed before the return, so no kernel value is left in it for user mode' : 'zeroed'));
    return { label: `cleared ${reg}`, note: `${reg} <- 0: ${why2}` };
  }

  // Conditional branches on the way out: which exit the C handler chose.
  if (/^j(?!mp)/.test(mn)) {
    const target = /<([^>]+)>/.exec(insn.text)?.[1] ?? null;
    const targetAddr = /\s([0-9a-f]{6,})\s*</.exec(insn.text)?.[1];
    const rip = f.after.get(is64 ? 'rip' : 'eip') ?? 0n;
    const taken = targetAddr !== undefined && rip === BigInt(`0x${targetAddr}`);
    const iret = target !== null && /restore|done/.test(target) && !/kernel/.test(target);
    const what = iret ? (taken ? ': leave through IRET' : `: on to the fast exit (${is64 && /compat/.test(routine(f)) ? 'SYSRETL' : is64 ? 'SYSRET' : 'SYSEXIT'})`) : '';
    return { label: taken ? `branch taken: ${target ?? ''}`.trim() : 'branch not taken', note: `${insn.text.replace(/\s+/g, ' ')}: ${taken ? `taken, to ${target}` : 'not taken'}${what}${why}` };
  }

  // Anything else: what changed, and what the source says it is for.
  const changed = changedRegisters(f);
  if (!changed.length && !comment) return null;
  const text = insn.text.replace(/\s+/g, ' ');
  return { label: comment ?? changed.join(', '), note: changed.length ? `${text}: ${changed.join(', ')}${why}` : `${text}: ${comment}` };
}
