// Kernel stack pane: slots from the top of the task's kernel stack down to RSP, each named by its
// pt_regs field (REFERENCE.md layouts) and by who pushed it, recorded push by push while stepping.
import type { ControlTransfer } from '../machine/index.js';
import { hex, type KernelStackSlot, type KernelStackView } from './viewModel.js';

/** 32-bit pt_regs (17 fields), from the highest address down: the order they are pushed. */
export const PT_REGS_32_FROM_TOP = ['ss', 'sp', 'flags', 'cs', 'ip', 'orig_ax', 'gs', 'fs', 'es', 'ds', 'ax', 'bp', 'di', 'si', 'dx', 'cx', 'bx'] as const;
/** 64-bit pt_regs (21 fields), from the highest address down. */
export const PT_REGS_64_FROM_TOP = ['ss', 'sp', 'flags', 'cs', 'ip', 'orig_ax', 'di', 'si', 'dx', 'cx', 'ax', 'r8', 'r9', 'r10', 'r11', 'bx', 'bp', 'r12', 'r13', 'r14', 'r15'] as const;

const HARDWARE_FRAME = new Set(['ss', 'sp', 'flags', 'cs', 'ip']);
/** Exceptions whose delivery pushes an error code (SDM Vol.3 Table 6-1). */
const ERROR_CODE_VECTORS = new Set([8, 10, 11, 12, 13, 14, 17, 21, 29, 30]);

/** What the CPU pushed on an entry through the IDT, named after the cause. */
export function cpuPusher(t: ControlTransfer, timerVector: number | null): string {
  if (t.cause === 'int') return `CPU (INT 0x${(t.vector ?? 0).toString(16)})`;
  // The kernel's only external interrupt source is its timer (LOCAL_TIMER_VECTOR).
  if (t.cause === 'interrupt') return timerVector === null || t.vector === timerVector ? 'CPU (timer interrupt)' : `CPU (interrupt 0x${(t.vector ?? 0).toString(16)})`;
  if (t.cause === 'exception') return `CPU (exception ${t.vector ?? '?'})`;
  return `CPU (${t.cause.toUpperCase()})`;
}

/** The software pusher's name for a pt_regs field, from the kernel symbol executing the push. */
export function softwarePusher(field: string | null, rawSymbol: string, slotSize: 4 | 8): string {
  // Local labels inside an entry routine (entry_SYSCALL_64_after_hwframe) belong to the routine.
  const symbol = rawSymbol.replace(/_(after_hwframe|safe_stack)$/, '');
  if (field === null) return symbol;
  if (slotSize === 4) {
    if (field === 'orig_ax') return symbol;
    if (HARDWARE_FRAME.has(field)) return `${symbol} frame`;
    return 'SAVE_ALL';
  }
  if (HARDWARE_FRAME.has(field) || (field === 'orig_ax' && symbol === 'entry_SYSCALL_64')) return `${symbol} frame`;
  if (field === 'orig_ax') return symbol;
  return 'PUSH_AND_CLEAR_REGS';
}

export interface StackReader {
  readSlot(addr: bigint, size: 4 | 8): bigint | null;
}

export class KernelStackTracker {
  private pushers = new Map<bigint, string>();
  private lastValues = new Map<bigint, bigint>();
  /** The transfer that last entered ring 0 from user mode, for slots pushed while not stepping. */
  lastEntry: ControlTransfer | null = null;
  /** The entry's symbol, or how to find it (named only when a frame is shown, not at every syscall). */
  private entrySymbol: string | (() => string) = '';

  constructor(
    readonly slotSize: 4 | 8,
    private readonly timerVector: number | null,
  ) {}

  fieldAt(top: bigint, addr: bigint): string | null {
    const idx = Number((top - addr) / BigInt(this.slotSize)) - 1;
    const fields = this.slotSize === 4 ? PT_REGS_32_FROM_TOP : PT_REGS_64_FROM_TOP;
    return idx >= 0 && idx < fields.length ? fields[idx]! : null;
  }

  /** A user -> kernel entry: a new frame begins. */
  entered(t: ControlTransfer, entrySymbol: string | (() => string)): void {
    // (clear() allocates a new table even when empty: thousands of entries a second while running)
    if (this.pushers.size) this.pushers.clear();
    if (this.lastValues.size) this.lastValues.clear();
    this.lastEntry = t;
    this.entrySymbol = entrySymbol;
  }

  get lastEntrySymbol(): string {
    const s = this.entrySymbol;
    if (typeof s === 'string') return s;
    this.entrySymbol = s();
    return this.entrySymbol;
  }

  /**
   * Record a step in ring 0 that moved RSP down from oldSp to newSp: the new slots were pushed by
   * the CPU (when the step was an IDT delivery) or by the instruction at `symbol`.
   */
  recordPush(top: bigint, oldSp: bigint, newSp: bigint, transfer: ControlTransfer | undefined, symbol: string): void {
    if (newSp >= oldSp || oldSp - newSp > 0x200n) return;
    const size = BigInt(this.slotSize);
    for (let a = newSp; a < oldSp; a += size) {
      const field = this.fieldAt(top, a);
      const byCpu = transfer && transfer.toCpl === 0 && (transfer.cause === 'int' || transfer.cause === 'interrupt' || transfer.cause === 'exception');
      const who = byCpu
        ? `${cpuPusher(transfer, this.timerVector)}${field === 'orig_ax' && transfer.cause === 'exception' ? ' error code' : ''}`
        : softwarePusher(field, symbol, this.slotSize);
      this.pushers.set(a, who);
    }
  }

  /** Who pushed a slot we did not see pushed (the machine ran freely): inferred from the last entry. */
  private inferred(field: string | null): string | null {
    const e = this.lastEntry;
    if (!e || field === null) return null;
    if (HARDWARE_FRAME.has(field) && (e.cause === 'int' || e.cause === 'interrupt' || e.cause === 'exception')) return cpuPusher(e, this.timerVector);
    // The error code of #DF #TS #NP #SS #GP #PF #AC is pushed by the CPU into orig_ax's slot.
    if (field === 'orig_ax' && e.cause === 'exception' && ERROR_CODE_VECTORS.has(e.vector ?? -1)) return `${cpuPusher(e, this.timerVector)} error code`;
    return softwarePusher(field, this.lastEntrySymbol, this.slotSize);
  }

  /**
   * `switched`: whether the entry code has already loaded the task's kernel stack since the last
   * entry (an RSP off that stack then is the user's again, restored for SYSRET/SYSEXIT).
   */
  /**
   * `describe` names a kernel return address found in an unlabelled slot; `describeUser` names
   * pt_regs' ip, where the return to user mode goes (`write+20 in libc.so.6`).
   */
  build(reader: StackReader, top: bigint, stackSize: number, sp: bigint, kernelMode: boolean, lastTransfer: ControlTransfer | null, describe: (addr: bigint) => string | null = () => null, switched = false, describeUser: (addr: bigint) => string | null = () => null): KernelStackView {
    const layout = this.slotSize === 4 ? 'pt_regs: 32-bit, 17 fields' : 'pt_regs: 64-bit, 21 fields';
    const base: KernelStackView = { top: hex(top), sp: hex(sp), slotSize: this.slotSize, slots: [], note: null, layout };
    if (!kernelMode) return { ...base, note: 'user mode: the kernel stack is empty' };
    if (sp > top || sp < top - BigInt(stackSize)) {
      const r = this.slotSize === 4 ? 'ESP' : 'RSP';
      const entry = lastTransfer?.cause ?? this.lastEntry?.cause;
      const why = switched
        ? `${r} is off the task stack again: the entry code restored it for the return to user mode`
        : entry === 'syscall'
          ? 'RSP is still the user stack: SYSCALL does not switch stacks'
          : entry === 'sysenter'
            ? 'ESP is the SYSENTER entry stack (SYSENTER_ESP), not the task stack yet'
            : `${r} is not on the task's kernel stack`;
      return { ...base, note: why };
    }
    const size = BigInt(this.slotSize);
    const slots: KernelStackSlot[] = [];
    const values = new Map<bigint, bigint>();
    for (let a = top - size; a >= sp; a -= size) {
      const v = reader.readSlot(a, this.slotSize);
      const field = this.fieldAt(top, a);
      values.set(a, v ?? 0n);
      const before = this.lastValues.get(a);
      slots.push({
        addr: hex(a),
        value: v === null ? '??' : hex(v, this.slotSize * 2),
        field,
        pushedBy: this.pushers.get(a) ?? this.inferred(field) ?? (v !== null && describe(v) ? `return address (${describe(v)})` : null),
        top: a === sp,
        changed: before === undefined || before !== v,
        symbol: field === 'ip' && v !== null ? describeUser(v) : null,
      });
      if (slots.length > 512) break;
    }
    this.lastValues = values;
    return { ...base, slots };
  }
}
