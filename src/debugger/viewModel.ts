// The view model: plain data describing everything the debugger panes show at one stop.
// The session builds it; the TUI only renders it (tui/ never reaches into machine/ or kernel/).

import type { EntryMethod as KernelEntryMethod } from '../kernel/LinuxKernel.js';
import type { SignalFrameView } from './signalFrame.js';

/** Entry methods whose round trips are counted (DESIGN.md "Cycle model"): the kernel's four
 *  ways into the kernel, plus a plain call and a vDSO call, which stay in user mode. */
export type EntryMethod = KernelEntryMethod | 'call' | 'vdso';
export const ENTRY_METHODS: readonly EntryMethod[] = ['call', 'vdso', 'syscall', 'syscall32', 'sysenter', 'int80'];

export type BreakpointState = 'enabled' | 'disabled' | null;

/** One line of the Code pane: an instruction, with what the user needs to read it. */
export interface CodeLine {
  /** Hex address without prefix padding, e.g. `401000` or `ffffffff81000010`. */
  addr: string;
  /** Symbol with offset, e.g. `entry_SYSCALL_64+12`; null where no symbol covers the address. */
  symbol: string | null;
  /** Set on the first instruction of a symbol: the symbol's name, drawn as a `name:` label line. */
  label: string | null;
  /** Instruction bytes as hex pairs separated by spaces. */
  bytes: string;
  /** AT&T text as objdump prints it. */
  text: string;
  /** The source line this instruction came from: a .S line of the program or kernel, or a C
   *  line from DWARF (dwarf: true; the line spans several instructions); `missing`: why its text
   *  cannot be shown (the file is not where DWARF says). */
  source: { file: string; line: number; text: string; dwarf?: boolean; macro?: string; missing?: string } | null;
  breakpoint: BreakpointState;
  current: boolean;
}

export interface CodeView {
  /** Where the current instruction is: `user`, `kernel` or `vdso`, and the region name. */
  region: string;
  lines: CodeLine[];
  /** Set while the user browses away from the PC (PageUp/PageDown, /, list SYMBOL): the line decoded around. */
  browsing?: string;
  /** The source file around the line of the stop (or of the selected frame), for the source-only view. */
  listing?: SourceListing;
}

/** A window of a source file, each line with its breakpoints (the source-only view, gdb's `layout src`). */
export interface SourceListing {
  /** The file as DWARF (or the assembler) names it. */
  file: string;
  /** The line of the stop (or of the selected frame). */
  current: number;
  lines: { line: number; text: string; breakpoint: BreakpointState; breakpoints: number[] }[];
  /** Why the text cannot be shown (then `lines` is empty). */
  missing?: string;
}

/** A register shown by name and value (already formatted), flagged when it changed since the last stop. */
export interface RegisterCell {
  name: string;
  value: string;
  changed: boolean;
}

export interface SegmentCell extends RegisterCell {
  /** e.g. `user code`, `kernel data`, `null`. */
  meaning: string;
}

export interface RegistersView {
  /** Width of the general registers as shown: 32 for a 32-bit mode, 64 otherwise. */
  width: 32 | 64;
  cpl: number;
  general: RegisterCell[];
  ip: RegisterCell;
  flags: RegisterCell & { decoded: string };
  segments: SegmentCell[];
  /** CR0/CR3/CR4/EFER as relevant. */
  control: RegisterCell[];
  /** FS_BASE, GS_BASE, KERNEL_GS_BASE: SWAPGS swaps the last two. */
  bases: RegisterCell[];
  /** STAR, LSTAR, CSTAR, FMASK, SYSENTER_CS/ESP/EIP. */
  msrs: RegisterCell[];
  /** The x87 stack, shown once the program has used the x87 (tags, control or status changed). */
  x87: X87View | null;
  /** XMM registers and MXCSR, shown once the program has used SSE. */
  sse: SseView | null;
}

export interface X87View {
  /** ST(0) up to the deepest non-empty register: tag and value (`Valid +1.5`). */
  stack: (RegisterCell & { tag: string })[];
  /** fctrl, fstat (TOP in bits 13:11), ftag (full two-bit tags). */
  control: RegisterCell[];
}

export interface SseView {
  /** XMM registers as 32 hex digits (lane 0 lowest); the TUI formats them (bytes, dwords, doubles). */
  xmm: RegisterCell[];
  mxcsr: RegisterCell & { decoded: string };
}

/** Who put a kernel stack slot there. */
export type StackPusher =
  | 'CPU (INT 0x80)'
  | 'CPU (timer interrupt)'
  | 'SAVE_ALL'
  | 'entry_SYSCALL_64 frame'
  | 'PUSH_AND_CLEAR_REGS'
  | string;

export interface KernelStackSlot {
  addr: string;
  value: string;
  /** pt_regs field this slot is (e.g. `orig_ax`, `ip`), or null outside the pt_regs frame. */
  field: string | null;
  /** Who pushed it; null when the slot was written before tracking began. */
  pushedBy: StackPusher | null;
  /** The slot RSP points at. */
  top: boolean;
  changed: boolean;
  /** What the value points at, for pt_regs' ip: the user code the return goes to (`write+20 in libc.so.6`). */
  symbol?: string | null;
}

export interface KernelStackView {
  /** Address one past the highest slot: the top of the task's kernel stack. */
  top: string;
  sp: string;
  slotSize: 4 | 8;
  /** Highest address first: top of the stack down to RSP. */
  slots: KernelStackSlot[];
  /** Why no slots are shown, e.g. `user mode: the kernel stack is empty`. */
  note: string | null;
  /** Which pt_regs layout names the slots: `pt_regs: 32-bit, 17 fields` or `pt_regs: 64-bit, 21 fields`. */
  layout: string | null;
  /** The signal frame on the user stack of the handler running (or the kernel just built), field by field. */
  signalFrame?: SignalFrameView | null;
}

export interface MemoryMapRow {
  start: string;
  end: string;
  perms: string;
  /** e.g. `[vdso]`, `[stack]`, `hello-syscall`, `kernel text`. */
  name: string;
  kernelOnly: boolean;
  current: boolean;
}

export interface MethodCycles {
  method: EntryMethod;
  calls: number;
  last: number | null;
  avg: number | null;
  min: number | null;
  max: number | null;
}

/** Mean round-trip cycles of one syscall by each method that made it (vdso: its vDSO function). */
export interface SyscallCycles {
  name: string;
  avg: Partial<Record<EntryMethod, number>>;
}

/** Where a kernel round trip's cycles went, in the order they were spent. */
export interface CycleBreakdown {
  method: EntryMethod;
  syscall: string | null;
  total: number;
  parts: { part: 'CPU entry' | 'entry code' | 'C handler' | 'exit code' | 'CPU exit'; cycles: number }[];
}

export interface CyclesView {
  profile: string;
  /** What the kernel runs beyond the default: its Linux version where not 6.18, the entry code's mitigations (`mitigations pti ibrs`). */
  kernelNote?: string;
  /** The machine's cycle counter (what RDTSC returns). */
  total: number;
  methods: MethodCycles[];
  /** A round trip that has left user mode and not come back yet, ticking as you step. */
  inFlight: { method: EntryMethod; cycles: number } | null;
  /** Ratios of one syscall by two methods (never of different syscalls), and which syscall each is of. */
  ratios: { syscallOverInt80: number | null; vdsoOverSyscall: number | null; syscallOverInt80Of?: string | null; vdsoOverSyscallOf?: string | null };
  /** Per syscall name and method, most called first. */
  bySyscall?: SyscallCycles[];
  /** The last kernel round trip, split. */
  lastTrip?: CycleBreakdown | null;
}

export interface SyscallLine {
  /** strace format: `write(1, "hi\n", 3) = 3`; unfinished calls end in `= ?`. */
  text: string;
  method: EntryMethod | null;
  cycles: number | null;
}

/** One row of the Transitions pane: a mode switch, vDSO call or return, interrupt or signal. */
export interface TransitionRow {
  seq: number;
  /** The cycle counter at the transition. */
  cycles: number;
  kind: 'enter' | 'exit' | 'vdso call' | 'vdso return' | 'signal';
  /** `syscall`, `int 0x80`, `sysenter`, `timer`, `#PF`, `sysret`, `iret`, `vdso`, `signal`. */
  method: string;
  /** What the CPU (or the kernel) did, in full. */
  what: string;
  /** Where it went: the entry symbol, the user address returned to, the vDSO function. */
  where: string | null;
  /** The syscall this kernel visit made (RAX at the entry). */
  syscall: string | null;
  /** Cycles of the round trip, on the row that ends it. */
  cost: number | null;
}

export interface StatusView {
  /** `user · ring 3 · 64-bit`, `user · ring 3 · 32-bit` or `KERNEL · ring 0`. */
  mode: string;
  kernel: boolean;
  /** Why the machine stopped: `step`, `breakpoint 1 at entry_SYSCALL_64`, `exited with status 0`... */
  stopReason: string;
  /** What the CPU did on the mode switch just taken, or null. */
  modeSwitch: string | null;
  /** What the step just taken in the kernel's entry code did (swapgs, the stack switch, a pt_regs push...), or null. */
  stepNote?: string | null;
  running: boolean;
  exited: boolean;
  /** Stop at every mode switch (the `m` key). */
  modeStops: boolean;
  /** Output of the last command (info ..., x/..., errors), possibly several lines. */
  message: string | null;
  program: string;
  profile: string;
  kernelName: string;
}

export interface BreakpointRow {
  number: number;
  /** `breakpoint`, `tbreakpoint`, `catch syscall`, `catch mode`, `catch method`, `catch int`. */
  type: string;
  enabled: boolean;
  /** Address or what it catches. */
  what: string;
  /** Hex address (as CodeLine.addr) for a code breakpoint, null for a catchpoint. */
  addr: string | null;
  condition: string | null;
  hits: number;
}

export interface ViewModel {
  code: CodeView;
  registers: RegistersView;
  kernelStack: KernelStackView;
  memoryMap: MemoryMapRow[];
  cycles: CyclesView;
  syscalls: SyscallLine[];
  /** Syscall lines since the program started (the view holds only the newest of them). */
  syscallTotal: number;
  output: string;
  status: StatusView;
  breakpoints: BreakpointRow[];
  /** The newest transitions, oldest first, and how many there were in all. */
  transitions?: TransitionRow[];
  transitionTotal?: number;
}

/** The pane titles of the TUI contract, in Tab order. */
export const PANE_TITLES = ['Code', 'Registers', 'Kernel stack', 'Memory map', 'Cycles', 'Syscalls', 'Output', 'Transitions'] as const;
export type PaneTitle = (typeof PANE_TITLES)[number];

/** Mode string of the contract. */
export function modeString(cpl: number, bits: 16 | 32 | 64): string {
  return cpl === 0 ? 'KERNEL · ring 0' : `user · ring ${cpl} · ${bits}-bit`;
}

/** Lowercase hex without prefix; `width` pads with zeros. */
export function hex(value: bigint | number, width = 0): string {
  const v = typeof value === 'bigint' ? value : BigInt(value);
  return (v < 0n ? BigInt.asUintN(64, v) : v).toString(16).padStart(width, '0');
}

const FLAG_BITS: [number, string][] = [
  [0, 'CF'], [2, 'PF'], [4, 'AF'], [6, 'ZF'], [7, 'SF'], [8, 'TF'], [9, 'IF'], [10, 'DF'], [11, 'OF'],
  [14, 'NT'], [16, 'RF'], [17, 'VM'], [18, 'AC'], [21, 'ID'],
];

/** RFLAGS decoded as gdb prints eflags: `[ IF ZF ]`-style list of set flags plus IOPL when non-zero. */
export function decodeFlags(flags: bigint | number): string {
  const f = Number(BigInt(flags) & 0xffffffffn);
  const set = FLAG_BITS.filter(([bit]) => (f >>> bit) & 1).map(([, name]) => name);
  const iopl = (f >>> 12) & 3;
  if (iopl) set.push(`IOPL=${iopl}`);
  return `[ ${set.join(' ')}${set.length ? ' ' : ''}]`;
}

/** Round-trip ratio a/b rounded to two decimals, or null when either side has no calls. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return Math.round((a / b) * 100) / 100;
}
