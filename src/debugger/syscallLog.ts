// The Syscalls pane's lines: the last few hundred system calls in a ring. A line is kept as the
// event's numbers in typed arrays and formatted when first shown (while running, most never are):
// holding the kernel's event objects for 500 syscalls made them outlive the young generation, and
// the garbage collector then cost a continue ~15% of its time.
import type { TracedSyscall } from '../kernel/LinuxKernel.js';
import { replayReader, type TraceMemoryReader, type TraceRead } from '../kernel/straceFormat.js';
import type { EntryMethod, SyscallLine } from './viewModel.js';

/** Reads of guest memory a pending line may keep, and their bytes in all (utsname's 130 is the largest). */
const MAX_READS = 2;
const MAX_BYTES = 160;

export class SyscallLog {
  /** Per slot: the event's ABI (0 x86_64, 1 i386), number, arguments (up to six), return value (and whether it has one). */
  private readonly abis: Uint8Array;
  private readonly nrs: Int32Array;
  private readonly argc: Uint8Array;
  private readonly args: BigUint64Array;
  private readonly rets: BigInt64Array;
  private readonly hasRet: Uint8Array;
  /** Whether the slot's line is still to be formatted from those numbers. */
  private readonly pending: Uint8Array;
  /** The guest memory a pending line reads, copied at the syscall: per slot up to MAX_READS reads of MAX_BYTES in all. */
  private readonly readCount: Uint8Array;
  private readonly readAddr: BigUint64Array;
  private readonly readLen: Int32Array;
  /** Whether each read found readable memory (its bytes are then in readBytes). */
  private readonly readOk: Uint8Array;
  private readonly readBytes: Uint8Array;
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
    this.abis = new Uint8Array(capacity);
    this.nrs = new Int32Array(capacity);
    this.argc = new Uint8Array(capacity);
    this.args = new BigUint64Array(capacity * 6);
    this.rets = new BigInt64Array(capacity);
    this.hasRet = new Uint8Array(capacity);
    this.pending = new Uint8Array(capacity);
    this.readCount = new Uint8Array(capacity);
    this.readAddr = new BigUint64Array(capacity * MAX_READS);
    this.readLen = new Int32Array(capacity * MAX_READS);
    this.readOk = new Uint8Array(capacity * MAX_READS);
    this.readBytes = new Uint8Array(capacity * MAX_BYTES);
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
    this.pending.fill(0);
    this.texts.fill(null);
  }

  /** A syscall, with its line already formatted (it read memory that could not be captured). */
  push(ev: TracedSyscall, text: string): void {
    const i = this.slot(ev);
    this.texts[i] = text;
  }

  /**
   * A syscall whose line is formatted when shown, from the numbers (its first `argc` arguments: what
   * the line shows) and from `reads` of guest memory copied now with `read`. False (nothing pushed)
   * when the reads do not fit a slot.
   */
  pushPending(ev: TracedSyscall, reads: readonly TraceRead[], read: TraceMemoryReader, argc = 6): boolean {
    // (once per syscall while running: plain loops, and the typed arrays wrap values to 64 bits themselves)
    let total = 0;
    for (let k = 0; k < reads.length; k++) total += reads[k]!.len;
    if (reads.length > MAX_READS || total > MAX_BYTES) return false;
    const i = this.slot(ev);
    this.abis[i] = ev.abi === 'i386' ? 1 : 0;
    this.nrs[i] = ev.nr;
    const n = Math.min(argc, 6);
    this.argc[i] = n;
    for (let k = 0; k < n; k++) this.args[i * 6 + k] = ev.args[k] ?? 0n;
    const ret = ev.ret;
    this.hasRet[i] = ret === null ? 0 : 1;
    if (ret !== null) this.rets[i] = ret;
    let at = i * MAX_BYTES;
    for (let k = 0; k < reads.length; k++) {
      const r = reads[k]!, j = i * MAX_READS + k;
      const b = read(r.addr, r.len);
      this.readAddr[j] = r.addr;
      this.readLen[j] = r.len;
      this.readOk[j] = b === null ? 0 : 1;
      if (b !== null) {
        // (a few bytes: a loop, where subarray + set cost a call into the runtime each)
        const bytes = this.readBytes;
        for (let q = 0, n = Math.min(r.len, b.length); q < n; q++) bytes[at + q] = b[q]!;
        at += r.len;
      }
    }
    this.readCount[i] = reads.length;
    this.pending[i] = 1;
    return true;
  }

  /** A line that is no system call: a delivered signal (`--- SIGSEGV {...} ---`) or the exit (`+++ exited with 0 +++`), as strace prints them. */
  pushNote(text: string): void {
    const i = this.slot(null);
    this.texts[i] = text;
  }

  /** Lines pushed since the last clear (the ring keeps the last `capacity` of them). */
  get total(): number {
    return this.count;
  }

  /** Take the next slot for `ev` (null: a note). */
  private slot(ev: TracedSyscall | null): number {
    const i = this.count % this.capacity;
    this.texts[i] = null;
    this.pending[i] = 0;
    this.methods[i] = ev?.method ?? null;
    this.cycles[i] = NaN;
    this.count++;
    return i;
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
      if (text === null && this.pending[i]) {
        text = this.texts[i] = this.format(this.eventAt(i), this.readerAt(i));
        this.pending[i] = 0;
      }
      const c = this.cycles[i]!;
      out.push({ text: text!, method: this.methods[i]!, cycles: Number.isNaN(c) ? null : c });
    }
    return out;
  }

  /** The copied reads of a pending slot, as formatSyscall's reader. */
  private readerAt(i: number): TraceMemoryReader {
    const reads: (TraceRead & { bytes: Uint8Array | null })[] = [];
    let at = i * MAX_BYTES;
    for (let k = 0; k < this.readCount[i]!; k++) {
      const j = i * MAX_READS + k, len = this.readLen[j]!, ok = this.readOk[j] === 1;
      reads.push({ addr: this.readAddr[j]!, len, bytes: ok ? this.readBytes.slice(at, at + len) : null });
      if (ok) at += len;
    }
    return replayReader(reads);
  }

  /** The event a pending slot was pushed with (what formatting reads of it). */
  private eventAt(i: number): TracedSyscall {
    const args: bigint[] = [];
    for (let k = 0; k < this.argc[i]!; k++) args.push(this.args[i * 6 + k]!);
    return {
      abi: this.abis[i] === 1 ? 'i386' : 'x86_64', nr: this.nrs[i]!, name: '', args,
      ret: this.hasRet[i] ? this.rets[i]! : null, method: this.methods[i] as TracedSyscall['method'], cycles: 0,
    };
  }
}
