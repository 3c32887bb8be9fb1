// A signal frame on the user stack, field by field: struct rt_sigframe (64-bit), rt_sigframe_ia32
// and sigframe_ia32 as arch/x86/include/asm/sigframe.h and uapi/asm/sigcontext.h lay them out (the
// offsets are the kernel's own, src/kernel/signal/frames.ts), read from guest memory.
import { RT32, RT64, SC32, SC64, SF32 } from '../kernel/signal/frames.js';
import type { SignalFrameRecord } from '../kernel/signal/delivery.js';
import { signalName } from '../kernel/signal/signalState.js';
import { formatSigset } from '../kernel/straceArgs.js';
import { hex } from './viewModel.js';

export interface SignalFrameRow {
  addr: string;
  /** Bytes from the start of the frame. */
  offset: number;
  /** The C member, e.g. `uc.uc_mcontext.ip`. */
  field: string;
  value: string;
  /** What the value is: a symbol, a signal name, a sigset. */
  note: string | null;
}

export interface SignalFrameView {
  /** e.g. `rt_sigframe (64-bit) at 0x7fffffffe3f8 for SIGSEGV`. */
  title: string;
  rows: SignalFrameRow[];
}

type Field = [name: string, offset: number, size: 2 | 4 | 8, note?: 'symbol' | 'signal' | 'sigset'];

const SC64_REGS = ['r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'di', 'si', 'bp', 'bx', 'dx', 'ax', 'cx', 'sp', 'ip', 'flags'] as const;
const SC32_REGS = ['gs', 'fs', 'es', 'ds', 'di', 'si', 'bp', 'sp', 'bx', 'dx', 'cx', 'ax', 'trapno', 'err', 'ip', 'cs', 'flags', 'spAtSignal', 'ss', 'fpstate', 'oldmask', 'cr2'] as const;
/** sigcontext_32's C names where frames.ts spells them otherwise. */
const SC32_NAME: Record<string, string> = { spAtSignal: 'sp_at_signal' };

/** Signals whose siginfo carries si_addr (the fault's address); the others carry si_pid, si_uid. */
const FAULTS = new Set([4, 5, 7, 8, 11]);

function siginfo(base: number, bits: 32 | 64, signo: number): Field[] {
  const u = base + (bits === 64 ? 16 : 12);
  const w = bits === 64 ? 8 : 4;
  const rest: Field[] = FAULTS.has(signo) ? [['info.si_addr', u, w]] : [['info.si_pid', u, 4], ['info.si_uid', u + 4, 4]];
  return [['info.si_signo', base, 4, 'signal'], ['info.si_errno', base + 4, 4], ['info.si_code', base + 8, 4], ...rest];
}

function sigcontext64(base: number): Field[] {
  const f: Field[] = SC64_REGS.map((r) => [`uc.uc_mcontext.${r}`, base + SC64[r], 8, r === 'ip' ? 'symbol' : undefined]);
  f.push(['uc.uc_mcontext.cs', base + SC64.cs, 2], ['uc.uc_mcontext.gs', base + SC64.gs, 2], ['uc.uc_mcontext.fs', base + SC64.fs, 2], ['uc.uc_mcontext.ss', base + SC64.ss, 2]);
  f.push(['uc.uc_mcontext.err', base + SC64.err, 8], ['uc.uc_mcontext.trapno', base + SC64.trapno, 8], ['uc.uc_mcontext.oldmask', base + SC64.oldmask, 8, 'sigset'], ['uc.uc_mcontext.cr2', base + SC64.cr2, 8], ['uc.uc_mcontext.fpstate', base + SC64.fpstate, 8]);
  return f;
}

function sigcontext32(base: number, prefix: string): Field[] {
  return SC32_REGS.map((r) => [`${prefix}${SC32_NAME[r] ?? r}`, base + SC32[r], 4, r === 'ip' ? 'symbol' : r === 'oldmask' ? 'sigset' : undefined]);
}

/** The fields of a frame of `kind`, in address order. */
export function frameFields(kind: SignalFrameRecord['kind'], signo: number): Field[] {
  if (kind === 'rt64') {
    return [
      ['pretcode', RT64.pretcode, 8, 'symbol'], ['uc.uc_flags', RT64.ucFlags, 8], ['uc.uc_link', RT64.ucLink, 8],
      ['uc.uc_stack.ss_sp', RT64.ucStack, 8], ['uc.uc_stack.ss_flags', RT64.ucStack + 8, 4], ['uc.uc_stack.ss_size', RT64.ucStack + 16, 8],
      ...sigcontext64(RT64.mcontext), ['uc.uc_sigmask', RT64.sigmask, 8, 'sigset'], ...siginfo(RT64.info, 64, signo),
    ];
  }
  if (kind === 'rt32') {
    return [
      ['pretcode', RT32.pretcode, 4, 'symbol'], ['sig', RT32.sig, 4, 'signal'], ['pinfo', RT32.pinfo, 4], ['puc', RT32.puc, 4],
      ...siginfo(RT32.info, 32, signo), ['uc.uc_flags', RT32.uc, 4], ['uc.uc_link', RT32.uc + 4, 4],
      ['uc.uc_stack.ss_sp', RT32.ucStack, 4], ['uc.uc_stack.ss_flags', RT32.ucStack + 4, 4], ['uc.uc_stack.ss_size', RT32.ucStack + 8, 4],
      ...sigcontext32(RT32.mcontext, 'uc.uc_mcontext.'), ['uc.uc_sigmask', RT32.sigmask, 8, 'sigset'],
    ];
  }
  return [['pretcode', SF32.pretcode, 4, 'symbol'], ['sig', SF32.sig, 4, 'signal'], ...sigcontext32(SF32.sc, 'sc.'), ['extramask', SF32.extramask, 4]];
}

const TITLES: Record<SignalFrameRecord['kind'], string> = { rt64: 'rt_sigframe (64-bit)', rt32: 'rt_sigframe_ia32', sf32: 'sigframe_ia32' };

/** The frame's fields with their values as they are in memory now (`??`: unreadable). */
export function signalFrameView(frame: SignalFrameRecord, read: (addr: bigint, len: number) => Uint8Array | null, describe: (addr: bigint) => string | null): SignalFrameView {
  const bytes = read(frame.addr, frame.size);
  const rows = frameFields(frame.kind, frame.signo).map(([field, offset, size, kind]): SignalFrameRow => {
    const addr = hex(frame.addr + BigInt(offset));
    if (!bytes) return { addr, offset, field, value: '??', note: null };
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]!);
    const note = kind === 'symbol' ? describe(v) : kind === 'signal' ? (v > 0n && v <= 64n ? signalName(Number(v)) : null) : kind === 'sigset' ? formatSigset(v, size * 8) : null;
    return { addr, offset, field, value: hex(v, size * 2), note };
  });
  return { title: `${TITLES[frame.kind]} at 0x${hex(frame.addr)} for ${signalName(frame.signo)}`, rows };
}

/** The innermost frame still in use by a handler when the user stack pointer is `sp` (null: none). */
export function liveFrame(frames: readonly SignalFrameRecord[], sp: bigint): SignalFrameRecord | null {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    // a handler runs below its frame (its ret to pretcode leaves sp inside it); above it, the handler is gone
    if (sp < f.addr + BigInt(f.size)) return f;
  }
  return null;
}
