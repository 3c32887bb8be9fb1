// INT 0x80 on the x86_64 kernel by Linux version (REFERENCE.md §1): up to 6.6 vector 0x80 is
// entry_INT80_compat (swapgs, the frame moved to the task stack, PUSH_AND_CLEAR_REGS,
// do_int80_syscall_32, IRET); since 6.7 asm_int80_emulation, which first reads the APIC ISR (RDMSR
// 0x814). Chosen by the profile's kernelVersion or --kernel-version.
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/program/loadProgram.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { parseKernelVersion } from '../../src/kernel/kernelConfig.js';
import { parseRunArgs } from '../../src/cli/runCommand.js';
import { capture, runCaptured } from './helpers.js';

/** Run PROG to the end, noting the kernel symbols entered and the RDMSRs executed. */
async function trace(path: string, version: string, kernel: 'x86_64' | undefined, profile = 'zen4-kvm') {
  const prog = await loadProgram(path);
  const k = await LinuxKernel.boot({ elf: prog.elf, execPath: path, kernel, profile, streams: capture().streams, hz: 0, kernelVersion: parseKernelVersion(version)! });
  const names = new Map([...k.symbols].map(([n, a]) => [a, n]));
  const entered = new Set<string>();
  let rdmsr = 0;
  while ((k.machine.cpl as number) !== 3) k.machine.step(); // boot (syscall_init) first
  while (!k.outcome()) {
    const rip = k.machine.getReg('rip');
    const n = names.get(rip);
    if (n) entered.add(n);
    if (k.machine.cpl === 0) {
      const b = k.machine.read(rip, 2);
      if (b[0] === 0x0f && b[1] === 0x32) rdmsr++;
    }
    k.machine.step();
  }
  const idt = k.machine.getIdtr();
  const g = k.machine.read(idt.base + 0x80n * 16n, 16);
  const dv = new DataView(g.buffer, g.byteOffset);
  const gate = BigInt(dv.getUint16(0, true)) | (BigInt(dv.getUint16(6, true)) << 16n) | (BigInt(dv.getUint32(8, true)) << 32n);
  return { k, entered, rdmsr, gate: names.get(gate), dpl: (g[5]! >> 5) & 3 };
}

describe('entry_INT80_compat (Linux <= 6.6) beside asm_int80_emulation (6.7+)', () => {
  it.each([['programs/int80-from-64.S', undefined], ['programs/hello-int80.S', 'x86_64']] as const)('%s: 6.6 takes entry_INT80_compat, no APIC ISR read; 6.7 the emulation', async (path, kernel) => {
    const old = await trace(path, '6.6', kernel);
    expect(old.gate).toBe('entry_INT80_compat');
    expect(old.dpl).toBe(3);
    expect(old.entered).toContain('entry_INT80_compat');
    expect(old.entered).toContain('do_int80_syscall_32');
    expect(old.entered).not.toContain('asm_int80_emulation');
    expect(old.rdmsr).toBe(0);
    const now = await trace(path, '6.7', kernel);
    expect(now.gate).toBe('asm_int80_emulation');
    expect(now.entered).toContain('do_int80_emulation');
    expect(now.rdmsr).toBeGreaterThan(0);
    expect(old.k.outcome()).toEqual(now.k.outcome());
    // on the KVM profile the trapped ISR read is what makes 6.7+'s INT 0x80 slow
    expect(old.k.machine.cycles * 5).toBeLessThan(now.k.machine.cycles);
  });

  it('the same output and syscalls either way (hello-int80 in compat mode, int80-from-64)', async () => {
    for (const prog of ['programs/hello-int80.S', 'programs/int80-from-64.S']) {
      const a = await runCaptured(prog, { kernel: 'x86_64', kernelVersion: parseKernelVersion('6.6')! });
      const b = await runCaptured(prog, { kernel: 'x86_64' });
      expect(a.stdout).toBe(b.stdout);
      expect(a.exitCode).toBe(b.exitCode);
      expect(a.trace).toEqual(b.trace);
    }
  });

  it('--kernel-version: a version, else one line and exit 2', () => {
    expect(parseRunArgs(['p.S', '--kernel-version', '6.6']).kernelVersion).toEqual({ major: 6, minor: 6 });
    expect(parseRunArgs(['p.S', '--kernel-version=5.15']).kernelVersion).toEqual({ major: 5, minor: 15 });
    expect(() => parseRunArgs(['p.S', '--kernel-version', 'latest'])).toThrow(/--kernel-version needs a Linux version such as 6.6 or 6.18, not 'latest'/);
    expect(() => parseRunArgs(['p.S', '--mitigations', 'on'])).toThrow(/--mitigations must be off or auto, not 'on'/);
  });
});
