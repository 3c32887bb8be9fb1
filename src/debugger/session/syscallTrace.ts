// The Syscalls pane's store: each traced syscall kept as its event and a copy of the memory its
// line needs, formatted when shown (most never are, while running).
import type { TracedSyscall } from '../../kernel/LinuxKernel.js';
import { formatIsRegisterOnly, formatSyscall, type TraceMemoryReader, type TraceRead, traceMemoryNeeds } from '../../kernel/straceFormat.js';
import { syscallByNumber } from '../../kernel/syscallTable.js';
import { SyscallLog } from '../syscallLog.js';

/** Syscall lines in a view (the pane scrolls back through them). */
export const SYSCALL_LINES = 500;
const NO_READS: readonly TraceRead[] = [];

/** How a syscall's line is kept: formatted from registers alone or not, and how many arguments it shows. */
type TraceShape = { registerOnly: boolean; argc: number };

export class SyscallTrace {
  /** The Syscalls pane's lines, as many as a view shows. */
  readonly log = new SyscallLog(SYSCALL_LINES, (ev, memory) => this.formatLine(ev, memory));
  /** Per ABI and syscall number: how its line is kept (looked up once, then at every syscall). */
  private readonly traceShapes = { i386: [] as (TraceShape | undefined)[], x86_64: [] as (TraceShape | undefined)[] };

  /** `traceReader` reads the guest's memory as it is now (the kernel's user-copy rules). */
  constructor(private readonly traceReader: TraceMemoryReader) {}

  record(ev: TracedSyscall): void {
    // Lines are formatted when shown (most never are, while running), from the event's numbers and
    // a copy of the memory they read, as it was now; only paths and iovecs are formatted at once.
    const shapes = this.traceShapes[ev.abi];
    let shape = shapes[ev.nr];
    // strace shows a known syscall's own arguments, an unknown one's six
    if (shape === undefined) shape = shapes[ev.nr] = { registerOnly: formatIsRegisterOnly(ev.abi, ev.nr), argc: syscallByNumber(ev.abi, ev.nr)?.args.length ?? 6 };
    const reads = shape.registerOnly ? NO_READS : traceMemoryNeeds(ev);
    if (reads === null || !this.log.pushPending(ev, reads, this.traceReader, shape.argc)) this.log.push(ev, this.formatLine(ev));
  }

  private formatLine(ev: TracedSyscall, memory: TraceMemoryReader | null = null): string {
    return formatSyscall({ abi: ev.abi, nr: ev.nr, args: ev.args, ret: ev.ret }, memory ?? this.traceReader);
  }
}
