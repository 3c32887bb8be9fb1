// The Transitions log (issue 12 item 5): every mode switch, vDSO call, interrupt and signal, with
// its cycle stamp, method, what the CPU did, the entry symbol and the round trip's cost, so what
// the status line said is never lost. A ring of the newest entries; texts are formatted when shown.
import type { ControlTransfer } from '../machine/index.js';
import type { TransitionRow } from './viewModel.js';

interface Entry {
  seq: number;
  cycles: number;
  kind: TransitionRow['kind'];
  method: string;
  /** The transfer (its description is symbolized when shown), or the text itself. */
  transfer: ControlTransfer | null;
  text: string | null;
  where: string | null;
  syscall: string | null;
  cost: number | null;
  row: TransitionRow | null;
}

/** How a transfer is named: the entry method, or the interrupt/exception. */
const EXCEPTIONS: Record<number, string> = { 0: '#DE', 1: '#DB', 3: '#BP', 4: '#OF', 5: '#BR', 6: '#UD', 7: '#NM', 8: '#DF', 10: '#TS', 11: '#NP', 12: '#SS', 13: '#GP', 14: '#PF', 16: '#MF', 17: '#AC', 18: '#MC', 19: '#XM' };

export function transferMethod(t: ControlTransfer): string {
  switch (t.cause) {
    case 'syscall':
      return t.fromBits === 64 ? 'syscall' : 'syscall32';
    case 'sysret':
      return 'sysret';
    case 'sysenter':
      return 'sysenter';
    case 'sysexit':
      return 'sysexit';
    case 'int':
      return `int 0x${(t.vector ?? 0).toString(16)}`;
    case 'interrupt':
      return t.vector === 0x20 || t.vector === 0xec ? 'timer' : `irq 0x${(t.vector ?? 0).toString(16)}`;
    case 'exception':
      return EXCEPTIONS[t.vector ?? -1] ?? `exception ${t.vector}`;
    case 'iret':
      return 'iret';
    default:
      return t.cause;
  }
}

export class TransitionLog {
  private readonly ring: (Entry | undefined)[];
  private next = 0;
  private seq = 0;
  /** The entry of the kernel visit in flight (its exit row gets the cost). */
  private openEnter: Entry | null = null;

  constructor(private readonly capacity = 1000) {
    this.ring = new Array(capacity);
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.seq = 0;
    this.openEnter = null;
  }

  get total(): number {
    return this.seq;
  }

  private push(e: Omit<Entry, 'seq' | 'row'>): Entry {
    const entry: Entry = { ...e, seq: ++this.seq, row: null };
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    return entry;
  }

  /** User -> kernel: `startCycles` is before the entering instruction, `syscall` what RAX asks for. */
  enter(t: ControlTransfer, cycles: number, syscall: string | null): void {
    this.openEnter = this.push({ cycles, kind: 'enter', method: transferMethod(t), transfer: t, text: null, where: null, syscall, cost: null });
  }

  /** Kernel -> user; `cost` is the round trip's when the meter counted one, else the time since the entry. */
  exit(t: ControlTransfer, cycles: number, cost: number | null): void {
    const open = this.openEnter;
    this.openEnter = null;
    const c = cost ?? (open ? cycles - open.cycles : null);
    this.push({ cycles, kind: 'exit', method: transferMethod(t), transfer: t, text: null, where: null, syscall: open?.syscall ?? null, cost: c });
  }

  vdsoCall(name: string, cycles: number): void {
    this.push({ cycles, kind: 'vdso call', method: 'vdso', transfer: null, text: `call into the vDSO: ${name} runs in user mode (ring 3), no kernel entry; it reads [vvar]`, where: name, syscall: null, cost: null });
  }

  vdsoReturn(name: string, cycles: number, cost: number): void {
    this.push({ cycles, kind: 'vdso return', method: 'vdso', transfer: null, text: `return from ${name} to the caller, still in user mode`, where: name, syscall: null, cost });
  }

  signal(text: string, cycles: number): void {
    this.push({ cycles, kind: 'signal', method: 'signal', transfer: null, text, where: null, syscall: null, cost: null });
  }

  /** The newest `n` entries, oldest first, formatted (once each) by `describe` and `symbol`. */
  last(n: number, describe: (t: ControlTransfer) => string, symbol: (addr: bigint) => string | null): TransitionRow[] {
    const count = Math.min(n, this.seq, this.capacity);
    const out: TransitionRow[] = [];
    for (let k = count; k > 0; k--) {
      const e = this.ring[(this.next - k + this.capacity * 2) % this.capacity]!;
      if (!e.row) {
        const t = e.transfer;
        e.row = {
          seq: e.seq,
          cycles: e.cycles,
          kind: e.kind,
          method: e.method,
          what: e.text ?? (t ? describe(t) : ''),
          where: e.where ?? (t ? symbol(t.toRip) : null),
          syscall: e.syscall,
          cost: e.cost,
        };
      }
      out.push(e.row);
    }
    return out;
  }
}
