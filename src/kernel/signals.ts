// Faults become signals: which signal an exception raises in the process (arch/x86/kernel/traps.c,
// arch/x86/mm/fault.c), its si_code, and the one-line report trapdoor prints when it kills.

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
