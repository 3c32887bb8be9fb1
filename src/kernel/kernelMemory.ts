// The kernel's own memory at boot: entry code and natives pages, the GDT (asm/segment.h layouts),
// the IDT as idt.c fills it (idtGates.ts), the per-cpu area with the TSS (rsp0/esp0 = the task's
// kernel stack, ist[] = the exception stacks) and pcpu_hot.top_of_stack, and the kernel stack.
import type { Machine } from '../machine/index.js';
import { flatSegment, GATE_INTERRUPT, GATE_TASK, type GateSpec, idtGate, segmentDescriptor, tss32, tss64, tssDescriptor, TSS32 } from './descriptors.js';
import { EXCEPTION_STACKS, EXCEPTION_STKSZ, GDT_ENTRY_DOUBLEFAULT_TSS, linuxIdt } from './idtGates.js';
import type { PlacedCode } from './kernelAssembler.js';
import { PERCPU, SEL32, SEL64, type KernelLayout } from './layout.js';

/** The kernel's data regions other than .text (address, size): mapped at boot, shared into every process. */
export function kernelRegions(L: KernelLayout): [bigint, number][] {
  const regions: [bigint, number][] = [[L.natives, 4096], [L.gdt, 4096], [L.idt, 4096], [L.percpu, 0x3000], [L.stack, L.stackSize]];
  for (let i = 0; L.exceptionStacks && i < EXCEPTION_STACKS.length; i++) regions.push([exceptionStackTop(L, i) - BigInt(EXCEPTION_STKSZ), EXCEPTION_STKSZ]);
  return regions;
}

/** Top of exception stack i (cpu_entry_area order DF, NMI, DB, MCE, VC), each above a guard page. */
export function exceptionStackTop(L: KernelLayout, i: number): bigint {
  return L.exceptionStacks + BigInt((i + 1) * (0x1000 + EXCEPTION_STKSZ));
}

/** Map and fill the kernel's pages in the kernel's address space (layout.kernelCr3). */
export function installKernelMemory(m: Machine, L: KernelLayout, code: PlacedCode, int80Entry: string, pti = false): void {
  const kcr3 = BigInt(L.kernelCr3);
  m.createAddressSpace(kcr3);
  const sup = (write: boolean, exec: boolean) => ({ write, exec, user: false });
  m.map(kcr3, L.text, code.bytes.length, sup(false, true));
  m.write(L.text, code.bytes, kcr3);
  m.map(kcr3, L.natives, 4096, sup(false, true), new Uint8Array(4096).fill(0xcc));
  for (const [a, n] of kernelRegions(L)) if (a !== L.natives) m.map(kcr3, a, n, sup(true, false));

  const stackTop = L.stack + BigInt(L.stackSize);
  const long = L.bits === 64;
  // GDT (asm/segment.h layouts)
  const gdt = new Uint8Array(32 * 8);
  const put = (sel: number, d: Uint8Array): void => gdt.set(d, sel & ~7);
  if (long) {
    put(SEL64.KERNEL32_CS, flatSegment(0xb, 0, 'code32'));
    put(SEL64.KERNEL_CS, flatSegment(0xb, 0, 'code64'));
    put(SEL64.KERNEL_DS, flatSegment(0x3, 0, 'data'));
    put(SEL64.USER32_CS, flatSegment(0xb, 3, 'code32'));
    put(SEL64.USER_DS, flatSegment(0x3, 3, 'data'));
    put(SEL64.USER_CS, flatSegment(0xb, 3, 'code64'));
    put(SEL64.TSS, tssDescriptor(L.percpu + BigInt(PERCPU.tss), TSS32.size - 1, true));
    put(SEL64.CPUNODE, segmentDescriptor({ base: 0, limit: 0, type: 0x5, dpl: 3, big: true })); // limit = cpu | node << 12
  } else {
    put(SEL32.KERNEL_CS, flatSegment(0xb, 0, 'code32'));
    put(SEL32.KERNEL_DS, flatSegment(0x3, 0, 'data'));
    put(SEL32.USER_CS, flatSegment(0xb, 3, 'code32'));
    put(SEL32.USER_DS, flatSegment(0x3, 3, 'data'));
    put(SEL32.TSS, tssDescriptor(L.percpu + BigInt(PERCPU.tss32), TSS32.size - 1, false));
    put(SEL32.KERNEL_PERCPU, segmentDescriptor({ base: Number(L.percpu), limit: 0xfffff, type: 0x3, dpl: 0, big: true, granularity: true }));
    put(GDT_ENTRY_DOUBLEFAULT_TSS << 3, tssDescriptor(L.percpu + BigInt(PERCPU.doublefaultTss32), TSS32.size - 1, false));
  }
  m.write(L.gdt, gdt, kcr3);
  // IDT: every gate idt.c installs (exceptions, IST traps, the system vectors, 0x80 as a system gate)
  const symbols = code.symbols;
  const sym = (n: string): bigint => {
    const v = symbols.get(n);
    if (v === undefined) throw new Error(`kernel symbol ${n} missing`);
    return v;
  };
  const cs = long ? SEL64.KERNEL_CS : SEL32.KERNEL_CS;
  const gateSize = long ? 16 : 8;
  const idt = new Uint8Array(256 * gateSize);
  for (const g of linuxIdt(L.bits, int80Entry)) {
    const spec: GateSpec = g.macro === 'TSKG'
      ? { offset: 0n, selector: GDT_ENTRY_DOUBLEFAULT_TSS << 3, type: GATE_TASK, dpl: g.dpl }
      : { offset: sym(g.entry) + BigInt(g.offset ?? 0), selector: cs, type: GATE_INTERRUPT, dpl: g.dpl, ist: g.ist };
    idt.set(idtGate(spec, long), g.vector * gateSize);
  }
  m.write(L.idt, idt, kcr3);
  // per-cpu: the TSS (rsp0/esp0 = the task's kernel stack; tss_setup_ist: ist[] = the exception stacks) and pcpu_hot.top_of_stack
  // with KPTI, TSS.sp0 is the per-cpu entry (trampoline) stack; sync_regs moves frames off it
  const sp0 = pti ? L.percpu + BigInt(PERCPU.entryStackTop) : stackTop;
  if (long) m.write(L.percpu + BigInt(PERCPU.tss), tss64(sp0, EXCEPTION_STACKS.map((_, i) => exceptionStackTop(L, i))), kcr3);
  else {
    m.write(L.percpu + BigInt(PERCPU.tss32), tss32(Number(stackTop), SEL32.KERNEL_DS, Number(stackTop)), kcr3);
    m.write(L.percpu + BigInt(PERCPU.doublefaultTss32), doublefaultTss(L, sym('asm_exc_double_fault')), kcr3);
  }
  if (long) m.writeU64(L.percpu + BigInt(PERCPU.topOfStack), stackTop, kcr3);
  else m.writeU32(L.percpu + BigInt(PERCPU.topOfStack), Number(stackTop), kcr3);
}

/**
 * i386's doublefault_tss (doublefault_32.c): the task the #DF task gate switches to, on its own stack
 * in the kernel's page tables. (trapdoor does not model task switches: a #DF there shuts the machine down.)
 */
function doublefaultTss(L: KernelLayout, eip: bigint): Uint8Array {
  const top = Number(L.percpu) + 0x3000;
  const b = tss32(top, SEL32.KERNEL_DS);
  const dv = new DataView(b.buffer);
  dv.setUint32(TSS32.cr3, L.kernelCr3, true);
  dv.setUint32(32, Number(eip), true); // EIP
  dv.setUint32(36, 0x2, true); // EFLAGS: X86_EFLAGS_FIXED
  dv.setUint32(56, top, true); // ESP
  for (const [off, sel] of [[72, SEL32.USER_DS], [76, SEL32.KERNEL_CS], [80, SEL32.KERNEL_DS], [84, SEL32.USER_DS], [88, SEL32.KERNEL_PERCPU]] as const) dv.setUint16(off, sel, true);
  return b;
}
