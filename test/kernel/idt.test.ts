// The IDT against the facts of Linux's arch/x86/kernel/idt.c (def_idts, early_idts, ist_idts,
// apic_idts, ia32_idt; 6.7+), asm/trapnr.h, asm/irq_vectors.h and asm/page_64_types.h (IST_INDEX_DF 0,
// NMI 1, DB 2, MCE 3, VC 4; a descriptor's IST field is index + 1). The table below is written from
// those sources, not from trapdoor's own idtGates.ts; the gates are decoded from the IDT's bytes.
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/program/loadProgram.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { formatIdt } from '../../src/debugger/infoText.js';
import { capture, runCaptured, sourceFile } from './helpers.js';

type Fact = [vector: number, entry: string, dpl: number, ist64: number];
/** Vectors 0-31 with a gate (x86_64, CONFIG_X86_CET/AMD_MEM_ENCRYPT/INTEL_TDX_GUEST/X86_MCE). */
const EXCEPTIONS_64: Fact[] = [
  [0, 'asm_exc_divide_error', 0, 0], [1, 'asm_exc_debug', 0, 3], [2, 'asm_exc_nmi', 0, 2], [3, 'asm_exc_int3', 3, 0],
  [4, 'asm_exc_overflow', 3, 0], [5, 'asm_exc_bounds', 0, 0], [6, 'asm_exc_invalid_op', 0, 0],
  [7, 'asm_exc_device_not_available', 0, 0], [8, 'asm_exc_double_fault', 0, 1], [9, 'asm_exc_coproc_segment_overrun', 0, 0],
  [10, 'asm_exc_invalid_tss', 0, 0], [11, 'asm_exc_segment_not_present', 0, 0], [12, 'asm_exc_stack_segment', 0, 0],
  [13, 'asm_exc_general_protection', 0, 0], [14, 'asm_exc_page_fault', 0, 0], [15, 'asm_exc_spurious_interrupt_bug', 0, 0],
  [16, 'asm_exc_coprocessor_error', 0, 0], [17, 'asm_exc_alignment_check', 0, 0], [18, 'asm_exc_machine_check', 0, 4],
  [19, 'asm_exc_simd_coprocessor_error', 0, 0], [20, 'asm_exc_virtualization_exception', 0, 0],
  [21, 'asm_exc_control_protection', 0, 0], [29, 'asm_exc_vmm_communication', 0, 5],
];
/** apic_idts (irq_vectors.h numbers). */
const SYSTEM: [number, string][] = [
  [0xec, 'asm_sysvec_apic_timer_interrupt'], [0xf0, 'asm_sysvec_kvm_posted_intr_nested_ipi'],
  [0xf1, 'asm_sysvec_kvm_posted_intr_wakeup_ipi'], [0xf2, 'asm_sysvec_kvm_posted_intr_ipi'], [0xf4, 'asm_sysvec_deferred_error'],
  [0xf6, 'asm_sysvec_irq_work'], [0xf7, 'asm_sysvec_x86_platform_ipi'], [0xf8, 'asm_sysvec_reboot'], [0xf9, 'asm_sysvec_threshold'],
  [0xfa, 'asm_sysvec_thermal'], [0xfb, 'asm_sysvec_call_function_single'], [0xfc, 'asm_sysvec_call_function'],
  [0xfd, 'asm_sysvec_reschedule_ipi'], [0xfe, 'asm_sysvec_error_interrupt'], [0xff, 'asm_sysvec_spurious_apic_interrupt'],
];

async function boot(path: string, kernel?: 'i386' | 'x86_64') {
  const prog = await loadProgram(path);
  return LinuxKernel.boot({ elf: prog.elf, execPath: path, kernel, profile: 'textbook', streams: capture().streams, hz: 0 });
}

function gates(k: LinuxKernel) {
  const m = k.machine;
  const long = k.kind === 'x86_64';
  const size = long ? 16 : 8;
  const idtr = m.getIdtr();
  const names = new Map([...k.symbols].map(([n, a]) => [a, n]));
  const out = new Map<number, { entry: string | undefined; selector: number; type: number; dpl: number; ist: number }>();
  for (let v = 0; v < 256; v++) {
    const b = m.read(idtr.base + BigInt(v * size), size);
    if (!(b[5]! & 0x80)) continue;
    const dv = new DataView(b.buffer, b.byteOffset);
    let offset = BigInt(dv.getUint16(0, true)) | (BigInt(dv.getUint16(6, true)) << 16n);
    if (long) offset |= BigInt(dv.getUint32(8, true)) << 32n;
    out.set(v, { entry: names.get(offset), selector: dv.getUint16(2, true), type: b[5]! & 0xf, dpl: (b[5]! >> 5) & 3, ist: long ? b[4]! & 7 : 0 });
  }
  return out;
}

describe('the IDT as idt.c fills it', () => {
  it('x86_64: every exception gate, its DPL and IST index; reserved vectors absent; the system vectors and 0x80', async () => {
    const k = await boot('programs/hello-syscall.S');
    const g = gates(k);
    for (const [v, entry, dpl, ist] of EXCEPTIONS_64) expect(g.get(v), `vector ${v}`).toEqual({ entry, selector: 0x10, type: 0xe, dpl, ist });
    for (let v = 0; v < 32; v++) if (!EXCEPTIONS_64.some(([x]) => x === v)) expect(g.has(v), `vector ${v} is reserved`).toBe(false);
    for (const [v, entry] of SYSTEM) expect(g.get(v), `vector ${v.toString(16)}`).toEqual({ entry, selector: 0x10, type: 0xe, dpl: 0, ist: 0 });
    expect(g.get(0x80)).toEqual({ entry: 'asm_int80_emulation', selector: 0x10, type: 0xe, dpl: 3, ist: 0 });
    // idt_setup_apic_and_irq_gates: every other vector from 0x20 gets a stub, 8 bytes apart
    // (IDT_ALIGN): irq_entries_start below FIRST_SYSTEM_VECTOR (0xec), spurious_entries_start above;
    // each pushes its vector as a signed byte (push imm8, 0x6a)
    const sym = (n: string) => k.symbols.get(n)!;
    const gateAddr = (v: number) => {
      const b = k.machine.read(k.machine.getIdtr().base + BigInt(v * 16), 16);
      const dv = new DataView(b.buffer, b.byteOffset);
      return BigInt(dv.getUint16(0, true)) | (BigInt(dv.getUint16(6, true)) << 16n) | (BigInt(dv.getUint32(8, true)) << 32n);
    };
    for (let v = 0x20; v < 256; v++) {
      if (v === 0x80 || SYSTEM.some(([x]) => x === v)) continue;
      const want = v < 0xec ? sym('irq_entries_start') + BigInt(8 * (v - 0x20)) : sym('spurious_entries_start') + BigInt(8 * (v - 0xec));
      expect(gateAddr(v), `vector ${v.toString(16)}`).toBe(want);
      expect([...k.machine.read(want, 2)], `stub of ${v.toString(16)}`).toEqual([0x6a, v]);
      expect(g.get(v)).toMatchObject({ selector: 0x10, type: 0xe, dpl: 0, ist: 0 });
    }
    expect(g.size).toBe(256 - (32 - EXCEPTIONS_64.length));
  });

  it('x86_64: the TSS IST slots point at distinct mapped kernel stacks (cpu_entry_area)', async () => {
    const k = await boot('programs/hello-syscall.S');
    const m = k.machine;
    const tss = m.read(m.getTr().base, 104);
    const dv = new DataView(tss.buffer, tss.byteOffset);
    const tops = [0, 1, 2, 3, 4].map((i) => dv.getBigUint64(36 + i * 8, true));
    expect(new Set(tops).size).toBe(5);
    for (const t of tops) {
      expect(t >= k.layout.userLimit).toBe(true);
      expect(() => m.read(t - 8n, 8)).not.toThrow(); // the top word of the stack is mapped
    }
    expect(dv.getBigUint64(36 + 5 * 8, true)).toBe(0n);
  });

  it('i386: INTG for #DB, NMI and #MC (no IST), #DF a task gate to GDT_ENTRY_DOUBLEFAULT_TSS (31), no #VE/#CP/#VC', async () => {
    const k = await boot('programs/hello-int80.S', 'i386');
    const g = gates(k);
    for (const [v, entry, dpl] of EXCEPTIONS_64.filter(([v]) => v < 20 && v !== 8)) expect(g.get(v), `vector ${v}`).toEqual({ entry, selector: 0x60, type: 0xe, dpl, ist: 0 });
    expect(g.get(8)).toMatchObject({ selector: 31 << 3, type: 0x5, dpl: 0 });
    for (const v of [20, 21, 29]) expect(g.has(v)).toBe(false);
    expect(g.get(0x80)).toEqual({ entry: 'entry_INT80_32', selector: 0x60, type: 0xe, dpl: 3, ist: 0 });
    // the double-fault TSS descriptor: a present 32-bit available TSS (type 9)
    const d = k.machine.read(k.machine.getGdtr().base + BigInt(31 * 8), 8);
    expect(d[5]! & 0x9f).toBe(0x89);
  });

  it('info idt shows all 32 exception vectors, IST stacks and the task gate', async () => {
    const k = await boot('programs/hello-syscall.S');
    // nearest symbol at or below, as the debugger's describe gives it (`irq_entries_start+8`)
    const describe = (a: bigint): string | null => {
      let best: [string, bigint] | undefined;
      for (const [n, v] of k.symbols) if (v <= a && a - v < 0x1000n && (!best || v > best[1])) best = [n, v];
      return best ? (best[1] === a ? best[0] : `${best[0]}+${a - best[1]}`) : null;
    };
    const text = formatIdt(k.machine, 64, describe);
    expect(text).toMatch(/^0x01 #DB +interrupt gate DPL 0 +IST3 \(DB stack\) +0010:0x[0-9a-f]+ <asm_exc_debug>$/m);
    expect(text).toMatch(/^0x08 #DF +interrupt gate DPL 0 +IST1 \(DF stack\)/m);
    expect(text).toMatch(/^0x1f +not present$/m);
    expect(text.split('\n').filter((l) => /^0x[01][0-9a-f] /.test(l))).toHaveLength(32);
    expect(text).toMatch(/^0x20-0x7f +interrupt gate DPL 0 .*<irq_entries_start> \.\. \(96 irq_entries_start stubs, one per vector\)$/m);
    const k32 = await boot('programs/hello-int80.S', 'i386');
    expect(formatIdt(k32.machine, 32, () => null)).toMatch(/^0x08 #DF +task gate +DPL 0 +TSS selector 00f8$/m);
  });

  it('a user single-step #DB arrives on IST3 and reaches the handler from the task stack (sync_regs): SIGTRAP per instruction', async () => {
    const src = sourceFile(`
	.globl _start
_start:
	movq $13, %rax		# rt_sigaction(SIGTRAP, &act, 0, 8)
	movq $5, %rdi
	leaq act(%rip), %rsi
	xorl %edx, %edx
	movq $8, %r10
	syscall
	pushfq
	orq $0x100, (%rsp)	# TF
	popfq
	nop
	nop
	pushfq
	andq $~0x100, (%rsp)
	popfq
	movq $60, %rax
	movzbl count(%rip), %edi
	syscall
handler:
	incb count(%rip)
	ret
restorer:
	movq $15, %rax
	syscall
	.data
act:	.quad handler, 0x04000000, restorer, 0
count:	.byte 0
`);
    const r = await runCaptured(src);
    expect(r.outcome).toEqual({ kind: 'exited', status: expect.any(Number) });
    // traps after nop, nop, pushfq, andq, popfq (the popf that clears TF still traps): 5
    expect(r.outcome.kind === 'exited' && r.outcome.status).toBe(5);
    expect(r.trace.filter((l) => l.startsWith('--- SIGTRAP'))).toHaveLength(5);
  });
});
