// Boot: syscall_init's WRMSRs (run as real instructions before the first user instruction), the
// IDT (0x80 a DPL-3 system gate, exceptions, the timer), the GDT selectors and the TSS stack.
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/program/loadProgram.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import {
  MSR_CSTAR, MSR_EFER, MSR_FMASK, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_LSTAR, MSR_STAR, MSR_SYSENTER_CS,
  MSR_SYSENTER_EIP, MSR_SYSENTER_ESP,
} from '../../src/machine/index.js';
import { capture } from './helpers.js';

/** Boot and step to the first user instruction, counting the WRMSRs on the way. */
async function bootToUser(path: string, kernel?: 'i386' | 'x86_64', profile = 'textbook') {
  const prog = await loadProgram(path);
  const k = await LinuxKernel.boot({ elf: prog.elf, execPath: path, kernel, profile, streams: capture().streams, hz: 0 });
  const m = k.machine;
  const kernelInsns: string[] = [];
  while (m.cpl !== 3) {
    const bytes = m.read(m.getReg('rip'), 2);
    if (bytes[0] === 0x0f && bytes[1] === 0x30) kernelInsns.push('wrmsr');
    m.step();
  }
  return { k, m, wrmsrs: kernelInsns.length };
}

/** Decode IDT gate `vec` (long: 16 bytes, else 8). */
function gate(m: LinuxKernel['machine'], vec: number, long: boolean) {
  const idt = m.getIdtr();
  const size = long ? 16 : 8;
  const b = m.read(idt.base + BigInt(vec * size), size);
  const dv = new DataView(b.buffer);
  let offset = BigInt(dv.getUint16(0, true)) | (BigInt(dv.getUint16(6, true)) << 16n);
  if (long) offset |= BigInt(dv.getUint32(8, true)) << 32n;
  return { offset, selector: dv.getUint16(2, true), present: (b[5]! & 0x80) !== 0, dpl: (b[5]! >> 5) & 3, type: b[5]! & 0xf };
}

describe('x86_64 kernel boot', () => {
  it('syscall_init programs STAR, LSTAR, CSTAR, FMASK, SYSENTER_* and EFER.SCE with WRMSR', async () => {
    const { k, m, wrmsrs } = await bootToUser('programs/hello-syscall.S');
    expect(wrmsrs).toBeGreaterThanOrEqual(9);
    const sym = (n: string): bigint => k.symbols.get(n)!;
    expect(m.readMsr(MSR_STAR) >> 32n).toBe((0x23n << 16n) | 0x10n); // USER32_CS << 16 | KERNEL_CS
    expect(m.readMsr(MSR_LSTAR)).toBe(sym('entry_SYSCALL_64'));
    expect(m.readMsr(MSR_CSTAR)).toBe(sym('entry_SYSCALL_compat'));
    expect(m.readMsr(MSR_FMASK)).toBe(0x257fd5n); // CF PF AF ZF SF TF IF DF OF IOPL NT RF AC ID
    expect(m.readMsr(MSR_SYSENTER_CS)).toBe(0x10n);
    expect(m.readMsr(MSR_SYSENTER_EIP)).toBe(sym('entry_SYSENTER_compat'));
    expect(m.readMsr(MSR_SYSENTER_ESP)).toBe(k.layout.percpu + 0x2000n);
    expect(m.readMsr(MSR_EFER) & 1n).toBe(1n); // SCE
    // in user mode the per-cpu GS base waits in KERNEL_GS_BASE for the next SWAPGS
    expect(m.readMsr(MSR_KERNEL_GS_BASE)).toBe(k.layout.percpu);
    expect(m.readMsr(MSR_GS_BASE)).toBe(0n);
  });

  it('names only places in memory: the sources\' constants (VD_SEQ, __NR_*) are not symbols', async () => {
    const { k, m } = await bootToUser('programs/hello-syscall.S');
    expect(k.symbols.has('VD_SEQ')).toBe(false);
    expect(k.symbols.get('__vdso_clock_gettime')).toBeDefined();
    // every symbol is mapped (kernel text, vDSO) or a native's address
    const unmapped = [...k.symbols].filter(([, a]) => m.pageBytes(a) === null).map(([n]) => n);
    expect(unmapped).toEqual([]);
  });

  it('has the IDT gates of Linux: 0x80 a DPL-3 interrupt gate, #BP DPL 3, the rest DPL 0', async () => {
    const { k, m } = await bootToUser('programs/hello-syscall.S');
    const sym = (n: string): bigint => k.symbols.get(n)!;
    expect(gate(m, 0x80, true)).toEqual({ offset: sym('asm_int80_emulation'), selector: 0x10, present: true, dpl: 3, type: 0xe });
    expect(gate(m, 3, true)).toMatchObject({ offset: sym('asm_exc_int3'), dpl: 3 });
    for (const [v, n] of [[0, 'asm_exc_divide_error'], [6, 'asm_exc_invalid_op'], [13, 'asm_exc_general_protection'],
      [14, 'asm_exc_page_fault'], [0xec, 'asm_sysvec_apic_timer_interrupt']] as const) {
      expect(gate(m, v, true)).toEqual({ offset: sym(n), selector: 0x10, present: true, dpl: 0, type: 0xe });
    }
    // a device vector: its irq_entries_start stub (idt_setup_apic_and_irq_gates), as on Linux
    expect(gate(m, 0x81, true)).toEqual({ offset: sym('irq_entries_start') + 8n * BigInt(0x81 - 0x20), selector: 0x10, present: true, dpl: 0, type: 0xe });
  });

  it('runs user code with the GDT selectors of asm/segment.h and rsp0 = the kernel stack top', async () => {
    const { k, m } = await bootToUser('programs/hello-syscall.S');
    expect(m.getSeg('cs').selector).toBe(0x33);
    expect(m.getSeg('ss').selector).toBe(0x2b);
    expect(m.getTr().selector).toBe(0x40);
    expect(m.readU64(m.getTr().base + 4n)).toBe(k.layout.stack + BigInt(k.layout.stackSize));
    const compat = await bootToUser('programs/hello-int80.S', 'x86_64');
    expect(compat.m.getSeg('cs').selector).toBe(0x23);
    expect(compat.m.bitness).toBe(32);
  });
});

describe('i386 kernel boot', () => {
  it('programs SYSENTER_CS/ESP/EIP, installs entry_INT80_32 as the DPL-3 gate, runs with 0x73/0x7b', async () => {
    const { k, m } = await bootToUser('programs/hello-int80.S', 'i386');
    const sym = (n: string): bigint => k.symbols.get(n)!;
    expect(m.readMsr(MSR_SYSENTER_CS)).toBe(0x60n);
    expect(m.readMsr(MSR_SYSENTER_EIP)).toBe(sym('entry_SYSENTER_32'));
    expect(m.readMsr(MSR_SYSENTER_ESP)).toBe(k.layout.percpu + 0x2000n);
    expect(gate(m, 0x80, false)).toEqual({ offset: sym('entry_INT80_32'), selector: 0x60, present: true, dpl: 3, type: 0xe });
    expect(m.getSeg('cs').selector).toBe(0x73);
    expect(m.getSeg('ss').selector).toBe(0x7b);
    expect(m.getSeg('ds').selector).toBe(0x7b);
    expect(m.getTr().selector).toBe(0x80);
    const tss = m.getTr().base;
    expect(m.readU32(tss + 4n)).toBe(Number(k.layout.stack) + k.layout.stackSize); // esp0
    expect(m.read(tss + 8n, 2)[0]).toBe(0x68); // ss0 = __KERNEL_DS
    // the SYSENTER entry stack ends where the TSS begins, whose sp1 holds the task stack top
    expect(m.readMsr(MSR_SYSENTER_ESP)).toBe(tss);
    expect(m.readU32(tss + 12n)).toBe(Number(k.layout.stack) + k.layout.stackSize);
  });
});
