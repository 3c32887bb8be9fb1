// Faults become signals: which signal an exception raises in the process (arch/x86/kernel/traps.c,
// arch/x86/mm/fault.c), its si_code, and the one-line report trapdoor prints when it kills.
import type { SigInfo } from './signal/signalState.js';

export const SIGTRAP = 5;
export const SIGILL = 4;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIGXCPU = 24;

export const SIGNAL_NAMES: Record<number, string> = {
  [SIGILL]: 'SIGILL', [SIGTRAP]: 'SIGTRAP', [SIGFPE]: 'SIGFPE', [SIGKILL]: 'SIGKILL', [SIGSEGV]: 'SIGSEGV',
  [SIGXCPU]: 'SIGXCPU', [SIGPIPE]: 'SIGPIPE',
};

/** A fatal signal delivered to the process. */
export interface FatalSignal {
  signal: number;
  name: string;
  /** strace's si_code name (SEGV_MAPERR, SI_KERNEL, ...). */
  code: string;
  /** si_addr, or null when strace prints none. */
  addr: bigint | null;
  /** What happened, e.g. `write to 0x0 (page not present) at 0x401020: movl $0x1,0x0`. */
  detail: string;
}

/** #PF error code bits. */
export const PF_PROT = 1;
export const PF_WRITE = 2;
export const PF_USER = 4;
export const PF_INSTR = 16;

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** `at 0x401020: movl $0x1,0x0` (the instruction text when it can be decoded). */
export function whereText(ip: bigint, insn: string | null): string {
  return insn ? `at ${hex(ip)}: ${insn}` : `at ${hex(ip)}`;
}

export function pageFaultSignal(addr: bigint, errorCode: number, userLimit: bigint, ip: bigint, insn: string | null, accessError = (errorCode & PF_PROT) !== 0): FatalSignal {
  const access = errorCode & PF_INSTR ? 'execute at' : errorCode & PF_WRITE ? 'write to' : 'read from';
  let why: string;
  if (!(errorCode & PF_PROT) && !accessError) why = 'page not present';
  else if (!(errorCode & PF_PROT)) why = errorCode & PF_WRITE ? 'mapping is read-only' : errorCode & PF_INSTR ? 'mapping is not executable' : 'mapping is not readable';
  else if (addr >= userLimit) why = 'kernel page, user access';
  else if (errorCode & PF_WRITE) why = 'page is read-only';
  else if (errorCode & PF_INSTR) why = 'page is not executable';
  else why = 'protection violation';
  return {
    signal: SIGSEGV, name: 'SIGSEGV', code: accessError ? 'SEGV_ACCERR' : 'SEGV_MAPERR', addr,
    detail: `${access} ${hex(addr)} (${why}) ${whereText(ip, insn)}`,
  };
}

export function generalProtectionSignal(reason: string, ip: bigint, insn: string | null): FatalSignal {
  return {
    signal: SIGSEGV, name: 'SIGSEGV', code: 'SI_KERNEL', addr: 0n,
    detail: `general protection fault${reason ? ` (${reason})` : ''} ${whereText(ip, insn)}`,
  };
}

export function invalidOpcodeSignal(reason: string, notEmulated: boolean, ip: bigint, insn: string | null): FatalSignal {
  return {
    signal: SIGILL, name: 'SIGILL', code: 'ILL_ILLOPN', addr: ip,
    detail: notEmulated ? `${reason} ${whereText(ip, null)}` : `invalid opcode ${whereText(ip, insn)}`,
  };
}

export function divideErrorSignal(ip: bigint, insn: string | null): FatalSignal {
  return { signal: SIGFPE, name: 'SIGFPE', code: 'FPE_INTDIV', addr: ip, detail: `divide error ${whereText(ip, insn)}` };
}

export function breakpointSignal(ip: bigint): FatalSignal {
  return { signal: SIGTRAP, name: 'SIGTRAP', code: 'SI_KERNEL', addr: 0n, detail: `breakpoint trap (int3) ${whereText(ip, null)}` };
}

/** A write to a pipe nobody reads: SIGPIPE, whose default action kills silently. */
export function brokenPipeSignal(pid: number): FatalSignal {
  return { signal: SIGPIPE, name: 'SIGPIPE', code: `SI_USER, si_pid=${pid}, si_uid=1000`, addr: null, detail: 'write to a pipe with no reader' };
}

/** The one line trapdoor prints when the process dies of a signal. */
export function killReport(sig: FatalSignal): string {
  return `trapdoor: program killed by ${sig.name}: ${sig.detail}`;
}

/** si_code values by name (include/uapi/asm-generic/siginfo.h), also for the debugger's $_siginfo. */
export const SI_CODES: Record<string, number> = {
  SI_USER: 0, SI_KERNEL: 0x80, SI_TKILL: -6, SEGV_MAPERR: 1, SEGV_ACCERR: 2, ILL_ILLOPC: 1, ILL_ILLOPN: 2, FPE_INTDIV: 1,
  FPE_INTOVF: 2, FPE_FLTDIV: 3, FPE_FLTOVF: 4, FPE_FLTUND: 5, FPE_FLTRES: 6, FPE_FLTINV: 7, BUS_ADRALN: 1, TRAP_BRKPT: 1, TRAP_TRACE: 2,
};

/** The si_code part of strace's signal line: `SI_TKILL, si_pid=4242, si_uid=1000`. */
export function siCodeText(si: SigInfo): string {
  return si.pid !== undefined ? `${si.codeName}, si_pid=${si.pid}, si_uid=${si.uid ?? 0}` : si.codeName;
}

export type ExceptionKind = 'de' | 'bp' | 'ud' | 'gp' | 'pf' | 'debug' | 'overflow' | 'bounds' | 'segment_not_present' | 'stack_segment'
  | 'coprocessor_error' | 'alignment_check' | 'simd_coprocessor_error';
/** The vector of each exception (sigcontext's trapno). */
export const TRAPNO: Record<ExceptionKind, number> = {
  de: 0, debug: 1, bp: 3, overflow: 4, bounds: 5, ud: 6, segment_not_present: 11, stack_segment: 12, gp: 13, pf: 14,
  coprocessor_error: 16, alignment_check: 17, simd_coprocessor_error: 19,
};

/**
 * The signal of the rarer exceptions (arch/x86/kernel/traps.c): #DB SIGTRAP (TRAP_TRACE for a
 * single step), #OF/#BR SIGSEGV, #NP/#SS SIGBUS, #AC SIGBUS BUS_ADRALN, #MF/#XM SIGFPE with the
 * code of the unmasked x87 / SSE exception (math_error).
 */
export function otherExceptionSignal(kind: ExceptionKind, reason: string, ip: bigint, insn: string | null, fpu: { fpSw: number; fpCw: number; mxcsr: number }): FatalSignal {
  const at = `${reason ? ` (${reason})` : ''} ${whereText(ip, insn)}`;
  switch (kind) {
    case 'debug': {
      const step = /single-step|TF/.test(reason);
      return { signal: 5, name: 'SIGTRAP', code: step ? 'TRAP_TRACE' : 'TRAP_BRKPT', addr: ip, detail: `debug trap${at}` };
    }
    case 'overflow': return { signal: 11, name: 'SIGSEGV', code: 'SI_KERNEL', addr: 0n, detail: `overflow trap (into)${at}` };
    case 'bounds': return { signal: 11, name: 'SIGSEGV', code: 'SI_KERNEL', addr: 0n, detail: `bound range exceeded${at}` };
    case 'segment_not_present': return { signal: 7, name: 'SIGBUS', code: 'SI_KERNEL', addr: 0n, detail: `segment not present${at}` };
    case 'stack_segment': return { signal: 7, name: 'SIGBUS', code: 'SI_KERNEL', addr: 0n, detail: `stack segment fault${at}` };
    case 'alignment_check': return { signal: 7, name: 'SIGBUS', code: 'BUS_ADRALN', addr: null, detail: `alignment check${at}` };
    default: {
      // the first unmasked exception flag, in fpu__exception_code's order: invalid, divide, overflow,
      // denormal or underflow, precision
      const x87 = kind === 'coprocessor_error';
      const flags = x87 ? fpu.fpSw & ~fpu.fpCw & 0x3f : fpu.mxcsr & ~(fpu.mxcsr >> 7) & 0x3f;
      const code = flags & 1 ? 'FPE_FLTINV' : flags & 4 ? 'FPE_FLTDIV' : flags & 8 ? 'FPE_FLTOVF' : flags & 0x12 ? 'FPE_FLTUND' : flags & 32 ? 'FPE_FLTRES' : 'SI_KERNEL';
      return { signal: 8, name: 'SIGFPE', code, addr: ip, detail: `${x87 ? 'x87' : 'SIMD'} floating-point exception${at}` };
    }
  }
}