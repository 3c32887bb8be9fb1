// The kernel's own memory at boot: entry code and natives pages, the GDT (asm/segment.h layouts),
// the IDT (exceptions, the timer, vector 0x80 as a DPL-3 system gate), the per-cpu area with the
// TSS (rsp0/esp0 = the task's kernel stack) and pcpu_hot.top_of_stack, and the kernel stack.
import type { Machine } from '../machine/index.js';
import { flatSegment, GATE_INTERRUPT, idtGate, segmentDescriptor, tss32, tss64, tssDescriptor, TSS32 } from './descriptors.js';
import type { PlacedCode } from './kernelAssembler.js';
import { PERCPU, SEL32, SEL64, type KernelLayout } from './layout.js';

/** Map and fill the kernel's pages in the kernel's address space (layout.kernelCr3). */
export function installKernelMemory(m: Machine, L: KernelLayout, code: PlacedCode, timerVector: number): void {
  const kcr3 = BigInt(L.kernelCr3);
  m.createAddressSpace(kcr3);
  const sup = (write: boolean, exec: boolean) => ({ write, exec, user: false });
  m.map(kcr3, L.text, code.bytes.length, sup(false, true));
  m.write(L.text, code.bytes, kcr3);
  m.map(kcr3, L.natives, 4096, sup(false, true), new Uint8Array(4096).fill(0xcc));
  m.map(kcr3, L.gdt, 4096, sup(true, false));
  m.map(kcr3, L.idt, 4096, sup(true, false));
  m.map(kcr3, L.percpu, 0x3000, sup(true, false));
  m.map(kcr3, L.stack, L.stackSize, sup(true, false));

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
  }
  m.write(L.gdt, gdt, kcr3);
  // IDT: exceptions, the timer, and vector 0x80 as a system gate (DPL 3)
  const symbols = code.symbols;
  const sym = (n: string): bigint => {
    const v = symbols.get(n);
    if (v === undefined) throw new Error(`kernel symbol ${n} missing`);
    return v;
  };
  const cs = long ? SEL64.KERNEL_CS : SEL32.KERNEL_CS;
  const gateSize = long ? 16 : 8;
  const idt = new Uint8Array(256 * gateSize);
  const gate = (vec: number, target: string, dpl: number): void =>
    idt.set(idtGate({ offset: sym(target), selector: cs, type: GATE_INTERRUPT, dpl }, long), vec * gateSize);
  for (const [vec, target, dpl] of EXCEPTION_GATES) gate(vec, target, dpl);
  gate(0x80, long ? 'asm_int80_emulation' : 'entry_INT80_32', 3);
  gate(timerVector, 'asm_sysvec_apic_timer_interrupt', 0);
  m.write(L.idt, idt, kcr3);
  // per-cpu: the TSS (rsp0/esp0 = the task's kernel stack) and pcpu_hot.top_of_stack
  if (long) m.write(L.percpu + BigInt(PERCPU.tss), tss64(stackTop), kcr3);
  else m.write(L.percpu + BigInt(PERCPU.tss32), tss32(Number(stackTop), SEL32.KERNEL_DS, Number(stackTop)), kcr3);
  if (long) m.writeU64(L.percpu + BigInt(PERCPU.topOfStack), stackTop, kcr3);
  else m.writeU32(L.percpu + BigInt(PERCPU.topOfStack), Number(stackTop), kcr3);
}

/**
 * The exception vectors with a handler, as arch/x86/kernel/idt.c sets them: interrupt gates, DPL 0
 * except #BP and #OF (SYSG: `int3` and `into` are allowed from user mode). #DB stays DPL 0 like
 * Linux's (ICEBP/INT1 ignores the DPL; `int $1` from user is #GP). Vectors not listed (NMI, #NM,
 * #DF, #TS, #MC, ...) have no gate: such an event cannot be delivered and ends the machine.
 */
const EXCEPTION_GATES: readonly (readonly [vector: number, target: string, dpl: number])[] = [
  [0, 'asm_exc_divide_error', 0],
  [1, 'asm_exc_debug', 0],
  [3, 'asm_exc_int3', 3],
  [4, 'asm_exc_overflow', 3],
  [5, 'asm_exc_bounds', 0],
  [6, 'asm_exc_invalid_op', 0],
  [11, 'asm_exc_segment_not_present', 0],
  [12, 'asm_exc_stack_segment', 0],
  [13, 'asm_exc_general_protection', 0],
  [14, 'asm_exc_page_fault', 0],
  [16, 'asm_exc_coprocessor_error', 0],
  [17, 'asm_exc_alignment_check', 0],
  [19, 'asm_exc_simd_coprocessor_error', 0],
];
