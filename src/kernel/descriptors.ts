// Byte builders for x86 descriptor tables (SDM Vol.3 3.4.5, 6.11, 6.14.1, 7.2): segment and
// system descriptors, IDT gates (8-byte protected mode, 16-byte long mode) and the TSS.

/** Type nibbles of system descriptors and gates. */
export const SYS_TSS32_AVAIL = 0x9;
export const SYS_TSS64_AVAIL = 0x9;
export const GATE_INTERRUPT = 0xe;
export const GATE_TRAP = 0xf;
/** A task gate (protected mode only): the selector names a TSS, the offset is unused. */
export const GATE_TASK = 0x5;

export interface SegmentDescriptorSpec {
  base: number;
  /** 20-bit limit (in pages when `granularity`). */
  limit: number;
  /** Type nibble: 0xa/0xb code exec/read, 0x2/0x3 data read/write. */
  type: number;
  dpl: number;
  /** L bit: 64-bit code. */
  long?: boolean;
  /** D/B bit: 32-bit default size. */
  big?: boolean;
  granularity?: boolean;
}

/** An 8-byte code/data segment descriptor. */
export function segmentDescriptor(spec: SegmentDescriptorSpec): Uint8Array {
  const b = new Uint8Array(8);
  const { base, limit } = spec;
  b[0] = limit & 0xff;
  b[1] = (limit >>> 8) & 0xff;
  b[2] = base & 0xff;
  b[3] = (base >>> 8) & 0xff;
  b[4] = (base >>> 16) & 0xff;
  b[5] = 0x80 | ((spec.dpl & 3) << 5) | 0x10 | (spec.type & 0xf); // P, DPL, S=1, type
  b[6] = ((limit >>> 16) & 0xf) | (spec.long ? 0x20 : 0) | (spec.big ? 0x40 : 0) | (spec.granularity ? 0x80 : 0);
  b[7] = (base >>> 24) & 0xff;
  return b;
}

/** Flat 4 GiB segment (base 0, limit 0xfffff pages), the way Linux's GDT_ENTRY_INIT sets them. */
export function flatSegment(type: number, dpl: number, mode: 'code64' | 'code32' | 'data'): Uint8Array {
  return segmentDescriptor({
    base: 0, limit: 0xfffff, type, dpl, granularity: true,
    long: mode === 'code64', big: mode !== 'code64',
  });
}

/** A TSS descriptor: 8 bytes in protected mode, 16 bytes (base bits 63:32 appended) in long mode. */
export function tssDescriptor(base: bigint, limit: number, long: boolean): Uint8Array {
  const b = new Uint8Array(long ? 16 : 8);
  const lo = Number(base & 0xffffffffn);
  b[0] = limit & 0xff;
  b[1] = (limit >>> 8) & 0xff;
  b[2] = lo & 0xff;
  b[3] = (lo >>> 8) & 0xff;
  b[4] = (lo >>> 16) & 0xff;
  b[5] = 0x80 | (long ? SYS_TSS64_AVAIL : SYS_TSS32_AVAIL); // P, DPL 0, S=0
  b[6] = (limit >>> 16) & 0xf;
  b[7] = (lo >>> 24) & 0xff;
  if (long) new DataView(b.buffer).setUint32(8, Number((base >> 32n) & 0xffffffffn), true);
  return b;
}

export interface GateSpec {
  offset: bigint;
  selector: number;
  type: typeof GATE_INTERRUPT | typeof GATE_TRAP | typeof GATE_TASK;
  dpl: number;
  ist?: number;
}

/** An IDT gate: 8 bytes (protected mode) or 16 bytes (long mode). */
export function idtGate(spec: GateSpec, long: boolean): Uint8Array {
  const b = new Uint8Array(long ? 16 : 8);
  const dv = new DataView(b.buffer);
  const off = spec.offset;
  dv.setUint16(0, Number(off & 0xffffn), true);
  dv.setUint16(2, spec.selector, true);
  b[4] = long ? (spec.ist ?? 0) & 7 : 0;
  b[5] = 0x80 | ((spec.dpl & 3) << 5) | spec.type;
  dv.setUint16(6, Number((off >> 16n) & 0xffffn), true);
  if (long) dv.setUint32(8, Number((off >> 32n) & 0xffffffffn), true);
  return b;
}

/** Offsets inside the 64-bit TSS (SDM Figure 8-11). */
export const TSS64 = { rsp0: 4, rsp1: 12, rsp2: 20, ist1: 36, iomapBase: 102, size: 104 } as const;
/** Offsets inside the 32-bit TSS (SDM Figure 8-2). */
export const TSS32 = { esp0: 4, ss0: 8, esp1: 12, ss1: 16, esp2: 20, ss2: 24, cr3: 28, iomapBase: 102, size: 104 } as const;

/** A 64-bit TSS with rsp0 (the stack the CPU loads on a ring 3 -> 0 interrupt), ist[0..6] (IST1..7) and no I/O bitmap. */
export function tss64(rsp0: bigint, ist: readonly bigint[] = []): Uint8Array {
  const b = new Uint8Array(TSS64.size);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(TSS64.rsp0, rsp0, true);
  for (let i = 0; i < Math.min(7, ist.length); i++) dv.setBigUint64(TSS64.ist1 + i * 8, ist[i]!, true);
  dv.setUint16(TSS64.iomapBase, TSS64.size, true);
  return b;
}

/** A 32-bit TSS with ss0:esp0 (and esp1, where i386 Linux keeps the task stack top for SYSENTER), no I/O bitmap. */
export function tss32(esp0: number, ss0: number, esp1 = 0): Uint8Array {
  const b = new Uint8Array(TSS32.size);
  const dv = new DataView(b.buffer);
  dv.setUint32(TSS32.esp0, esp0 >>> 0, true);
  dv.setUint16(TSS32.ss0, ss0, true);
  dv.setUint32(TSS32.esp1, esp1 >>> 0, true);
  dv.setUint16(TSS32.iomapBase, TSS32.size, true);
  return b;
}
