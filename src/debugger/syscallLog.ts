// The Syscalls pane's lines: the last few hundred system calls in a ring. A line that needs no guest
// memory is kept as the kernel's event and formatted when first shown (while running, most never
// are); each costs a few stores, no object of its own, until a view asks for it.
import type { TracedSyscall } from '../kernel/LinuxKernel.js';
import type { TraceMemoryReader } from '../kernel/straceFormat.js';
import type { EntryMethod, SyscallLine } from './viewModel.js';

export class SyscallLog {
  private readonly events: (TracedSyscall | null)[];
  /** The guest memory a deferred line reads, as copied at the syscall (null: none, or read live). */
  private readonly memories: (TraceMemoryReader | null)[];
  private readonly texts: (string | null)[];
  private readonly methods: (EntryMethod | null)[];
  /** Round-trip cycles of each line; NaN while unknown. */
  private readonly cycles: Float64Array;
  /** Lines pushed so far (the ring holds the last `capacity`). */
  private count = 0;
  /** Lines from this one on belong to the kernel visit in flight. */
  private openFrom = 0;

  constructor(
    readonly capacity: number,
    private readonly format: (ev: TracedSyscall, memory: TraceMemoryReader | null) => string,
  ) {
    this.events = new Array<TracedSyscall | null>(capacity).fill(null);
    this.memories = new Array<TraceMemoryReader | null>(capacity).fill(null);
    this.texts = new Array<string | null>(capacity).fill(null);
    this.methods = new Array<EntryMethod | null>(capacity).fill(null);
    this.cycles = new Float64Array(capacity);
  }

  get size(): number {
    return Math.min(this.count, this.capacity);
  }

  clear(): void {
    this.count = 0;
    this.openFrom = 0;
    this.events.fill(null);
    this.memories.fill(null);
    this.texts.fill(null);
  }

  /** A syscall: its text now, or null to format `ev` when shown (from `memory`, the bytes it reads as they were now). */
  push(ev: TracedSyscall, text: string | null, memory: TraceMemoryReader | null = null): void {
    const i = this.count % this.capacity;
    this.events[i] = text === null ? ev : null;
    this.memories[i] = memory;
    this.texts[i] = text;
    this.methods[i] = ev.method;
    this.cycles[i] = NaN;
    this.count++;
  }

  /** A kernel visit through an entry method begins: the lines it adds get its round trip's cycles. */
  openVisit(): void {
    this.openFrom = this.count;
  }

  /** The visit in flight ended after `cycles` (null: not a measured round trip, or abandoned). */
  closeVisit(cycles: number | null): void {
    if (cycles !== null) {
      for (let k = Math.max(this.openFrom, this.count - this.capacity); k < this.count; k++) this.cycles[k % this.capacity] = cycles;
    }
    this.openFrom = this.count;
  }

  /** The last `n` lines, oldest first, every one formatted. */
  last(n: number): SyscallLine[] {
    const out: SyscallLine[] = [];
    for (let k = Math.max(0, this.count - Math.min(n, this.capacity)); k < this.count; k++) {
      const i = k % this.capacity;
      let text = this.texts[i];
      if (text === null) {
        text = this.texts[i] = this.format(this.events[i]!, this.memories[i]!);
        this.events[i] = null;
        this.memories[i] = null;
      }
      const c = this.cycles[i]!;
      out.push({ text, method: this.methods[i]!, cycles: Number.isNaN(c) ? null : c });
    }
    return out;
  }
}
