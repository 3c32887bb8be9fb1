// struct pt_regs as the entry code leaves it on the kernel stack (REFERENCE.md: 64-bit from
// arch/x86/entry/calling.h, 32-bit from arch/x86/include/asm/ptrace.h), read and written by the
// native kernel functions.

/** 64-bit pt_regs fields, low to high, 8 bytes each. */
export const PT_REGS64_FIELDS = [
  'r15', 'r14', 'r13', 'r12', 'bp', 'bx', 'r11', 'r10', 'r9', 'r8', 'ax', 'cx', 'dx', 'si', 'di',
  'orig_ax', 'ip', 'cs', 'flags', 'sp', 'ss',
] as const;
/** 32-bit pt_regs fields, low to high, 4 bytes each. */
export const PT_REGS32_FIELDS = [
  'bx', 'cx', 'dx', 'si', 'di', 'bp', 'ax', 'ds', 'es', 'fs', 'gs', 'orig_ax', 'ip', 'cs', 'flags', 'sp', 'ss',
] as const;

export type PtRegs64Field = (typeof PT_REGS64_FIELDS)[number];
export type PtRegs32Field = (typeof PT_REGS32_FIELDS)[number];
export type PtRegsField = PtRegs64Field | PtRegs32Field;

export const PT_REGS64_SIZE = PT_REGS64_FIELDS.length * 8; // 168
export const PT_REGS32_SIZE = PT_REGS32_FIELDS.length * 4; // 68

/** Memory access the frame view needs (the machine's loader read/write). */
export interface FrameMemory {
  read(addr: bigint, len: number): Uint8Array;
  write(addr: bigint, bytes: Uint8Array): void;
}

const OFFSETS64: Record<string, number> = Object.fromEntries(PT_REGS64_FIELDS.map((f, i) => [f, i * 8]));
const OFFSETS32: Record<string, number> = Object.fromEntries(PT_REGS32_FIELDS.map((f, i) => [f, i * 4]));

/** A pt_regs frame in guest memory, read once; changed fields are written back on flush(). Values are unsigned. */
export class PtRegs {
  private readonly bytes: Uint8Array;
  private readonly dv: DataView;
  private dirty: number[] = [];
  readonly size: number;
  private readonly offsets: Record<string, number>;

  constructor(private readonly mem: FrameMemory, readonly addr: bigint, readonly bits: 32 | 64) {
    this.size = bits === 64 ? PT_REGS64_SIZE : PT_REGS32_SIZE;
    this.offsets = bits === 64 ? OFFSETS64 : OFFSETS32;
    this.bytes = mem.read(addr, this.size);
    this.dv = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  private offset(field: PtRegsField): number {
    const o = this.offsets[field];
    if (o === undefined) throw new Error(`no ${field} in ${this.bits}-bit pt_regs`);
    return o;
  }

  get(field: PtRegsField): bigint {
    const o = this.offset(field);
    return this.bits === 64 ? this.dv.getBigUint64(o, true) : BigInt(this.dv.getUint32(o, true));
  }

  set(field: PtRegsField, value: bigint): void {
    const o = this.offset(field);
    if (this.bits === 64) this.dv.setBigUint64(o, BigInt.asUintN(64, value), true);
    else this.dv.setUint32(o, Number(BigInt.asUintN(32, value)), true);
    if (!this.dirty.includes(o)) this.dirty.push(o);
  }

  flush(): void {
    const w = this.bits / 8;
    for (const o of this.dirty) this.mem.write(this.addr + BigInt(o), this.bytes.subarray(o, o + w));
    this.dirty = [];
  }

  /** All fields in frame order (for tests and the debugger). */
  entries(): [PtRegsField, bigint][] {
    const names = this.bits === 64 ? PT_REGS64_FIELDS : PT_REGS32_FIELDS;
    return names.map((n) => [n, this.get(n)]);
  }
}
