// The record of a control transfer through the privilege machinery (cpu.transfer), for the debugger.
import type { CpuCore } from '../CpuCore.js';
import { numberToAddr } from '../memory.js';
import type { ControlTransfer, TransferCause } from '../types.js';

/** A transfer whose description is built when first read (run() takes thousands a second; few are shown). */
class LazyTransfer {
  constructor(
    public cause: TransferCause, public fromCpl: number, public toCpl: number, public fromBits: 16 | 32 | 64,
    public toBits: 16 | 32 | 64, public modeSwitch: boolean, public fromRip: bigint, public toRip: bigint,
    private describe: (() => string) | string,
  ) {}
  get description(): string {
    if (typeof this.describe !== 'string') this.describe = this.describe();
    return this.describe;
  }
}

export function record(c: CpuCore, cause: TransferCause, fromCpl: number, fromBits: 16 | 32 | 64, fromRip: number,
  description: string | (() => string), vector?: number, errorCode?: number): void {
  const t: ControlTransfer = typeof description === 'string'
    ? {
      cause, fromCpl, toCpl: c.cpl, fromBits, toBits: c.bits,
      modeSwitch: fromCpl !== c.cpl || fromBits !== c.bits,
      fromRip: numberToAddr(fromRip), toRip: numberToAddr(c.rip), description,
    }
    : new LazyTransfer(cause, fromCpl, c.cpl, fromBits, c.bits, fromCpl !== c.cpl || fromBits !== c.bits,
      numberToAddr(fromRip), numberToAddr(c.rip), description);
  if (vector !== undefined) t.vector = vector;
  if (errorCode !== undefined && errorCode >= 0) t.errorCode = errorCode;
  c.transfer = t;
}
