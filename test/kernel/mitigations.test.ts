// The entry code's Spectre-era mitigations (calling.S macros as Linux's calling.h / nospec-branch.h
// have them): with each one on, its real instructions run on every syscall (KPTI: a MOV to CR3 each
// way and the trampoline stack; IBRS: WRMSR of SPEC_CTRL 0x48 on entry and exit; UNTRAIN_RET: the
// SRSO call; CLEAR_BRANCH_HISTORY: clear_bhb_loop; CLEAR_CPU_BUFFERS: VERW before the return), the
// program's behaviour is unchanged, and the round trip costs more; with mitigations=off none run.
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/program/loadProgram.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { MITIGATIONS, type MitigationsMode } from '../../src/kernel/kernelConfig.js';
import { PROFILES, type CostProfile, type KernelMitigation } from '../../src/machine/index.js';
import { capture, sourceFile } from './helpers.js';

const ALL: CostProfile = { ...PROFILES.textbook!, name: 'all-mitigations', kernelFor32: 'x86_64', mitigations: [...MITIGATIONS] };

/** Run PROG from its first user instruction, counting what the kernel executes. */
async function run(path: string, profile: CostProfile, mode: MitigationsMode, kernel?: 'i386') {
  const prog = await loadProgram(path);
  const c = capture();
  const k = await LinuxKernel.boot({ elf: prog.elf, execPath: path, profile, mitigations: mode, streams: c.streams, hz: 0, kernel });
  const m = k.machine;
  while ((m.cpl as number) !== 3) m.step();
  const userCr3 = m.getCr(3);
  const names = new Map([...k.symbols].map(([n, a]) => [a, n]));
  const seen = { cr3Writes: 0, specCtrl: 0, verw: 0, bhb: 0, untrain: 0, retpoline: 0 };
  const start = m.cycles;
  while (!k.outcome()) {
    const rip = m.getReg('rip');
    const n = names.get(rip);
    if (n === 'clear_bhb_loop') seen.bhb++;
    if (n === 'entry_untrain_ret') seen.untrain++;
    if (n === '__x86_indirect_thunk_edi') seen.retpoline++;
    if (m.cpl === 0) {
      const b = m.read(rip, 3);
      if (b[0] === 0x0f && b[1] === 0x22 && ((b[2]! >> 3) & 7) === 3) seen.cr3Writes++; // mov %reg, %cr3
      if (b[0] === 0x0f && b[1] === 0x30 && (m.getReg('rcx') & 0xffffffffn) === 0x48n) seen.specCtrl++;
      if (b[0] === 0x0f && b[1] === 0x00 && ((b[2]! >> 3) & 7) === 5) seen.verw++;
    }
    m.step();
  }
  return { k, seen, userCr3, cycles: m.cycles - start, stdout: Buffer.concat(c.out).toString(), sp0: m.readU64(m.getTr().base + 4n) };
}

describe('mitigations in the x86_64 entry code', () => {
  it('all on: each runs on every SYSCALL round trip; KPTI gives user mode the user CR3 and TSS.sp0 the entry stack', async () => {
    const on = await run('programs/hello-syscall.S', ALL, 'auto');
    const off = await run('programs/hello-syscall.S', ALL, 'off');
    expect(on.k.mitigations).toEqual(MITIGATIONS);
    expect(off.k.mitigations).toEqual([]);
    expect(on.stdout).toBe(off.stdout);
    expect(on.k.outcome()).toEqual(off.k.outcome());
    // hello-syscall: write, then exit (which does not return): 2 entries, 1 exit
    // (retpoline: the x86_64 entry path has no indirect branch to route through a thunk)
    expect(on.seen).toEqual({ cr3Writes: 3, specCtrl: 3, verw: 1, bhb: 2, untrain: 2, retpoline: 0 });
    expect(off.seen).toEqual({ cr3Writes: 0, specCtrl: 0, verw: 0, bhb: 0, untrain: 0, retpoline: 0 });
    expect(on.userCr3).toBe(0x3000n); // PTI_USER_PGTABLE_BIT (12) set in user mode
    expect(off.userCr3).toBe(0x2000n);
    expect(on.sp0).not.toBe(off.sp0); // the trampoline stack, not the task stack
    expect(on.cycles).toBeGreaterThan(off.cycles);
  });

  it.each(['programs/faults.S', 'programs/int80-from-64.S', 'programs/hello-sysenter.S', 'programs/clock-vdso.S'])('%s behaves the same with every mitigation on (exceptions via the entry stack and sync_regs, INT 0x80, compat entries)', async (path) => {
    const on = await run(path, ALL, 'auto');
    const off = await run(path, ALL, 'off');
    expect(on.stdout).toBe(off.stdout);
    expect(on.k.outcome()?.kind).toBe(off.k.outcome()?.kind);
    expect(on.cycles).toBeGreaterThan(off.cycles);
    const amd: CostProfile = { ...PROFILES['zen4-kvm']!, name: 'amd-all', mitigations: [...MITIGATIONS] };
    const onAmd = await run(path, amd, 'auto');
    expect(onAmd.stdout).toBe(off.stdout);
  });

  it('each alone adds cycles to a SYSCALL round trip; a profile without them and pti=false runs none under auto', async () => {
    const base = await run('programs/hello-syscall.S', { ...ALL, mitigations: [] }, 'auto');
    expect(base.k.mitigations).toEqual([]);
    for (const mit of MITIGATIONS) {
      const one = await run('programs/hello-syscall.S', { ...ALL, mitigations: [mit as KernelMitigation] }, 'auto');
      expect(one.k.mitigations, mit).toEqual([mit]);
      if (mit === 'retpoline') expect(one.cycles, mit).toBe(base.cycles); // no indirect branch on this path
      else expect(one.cycles, mit).toBeGreaterThan(base.cycles);
    }
    const pti = await run('programs/hello-syscall.S', { ...ALL, mitigations: [], pti: true }, 'auto');
    expect(pti.k.mitigations).toEqual(['pti']);
  });
});

describe('the debugger names the kernel it runs', () => {
  it('the Cycles pane note: Linux version where not 6.18, the mitigations that run', async () => {
    const { kernelNote } = await import('../../src/kernel/kernelConfig.js');
    expect(kernelNote({ major: 6, minor: 18 }, [])).toBe('');
    expect(kernelNote({ major: 6, minor: 6 }, ['pti', 'verw'])).toBe('Linux 6.6 · mitigations pti verw');
    const { Session } = await import('../../src/debugger/Session.js');
    const s = await Session.create({ program: 'programs/hello-syscall.S', profile: 'textbook', kernelVersion: { major: 6, minor: 6 }, mitigations: 'auto' });
    try {
      expect(s.view().cycles.kernelNote).toBe('Linux 6.6');
    } finally {
      s.dispose();
    }
  });
});

describe('bench --mitigations', () => {
  it('shows a SYSCALL getpid round trip with none, each alone and all: each costs something, all the most', async () => {
    const { measureMitigations, formatMitigations } = await import('../../src/cli/benchCommand.js');
    const rows = await measureMitigations('textbook');
    expect(rows.map((r) => r.label)).toEqual(['none (mitigations=off)', ...MITIGATIONS.map((m) => `+ ${m}`), 'all of them']);
    const [off, ...rest] = rows.map((r) => r.cycles);
    rows.slice(1).forEach((r, i) => {
      if (r.label === '+ retpoline') expect(r.cycles).toBe(off); // the x86_64 SYSCALL path has no indirect branch
      else expect(rest[i], r.label).toBeGreaterThan(off!);
    });
    expect(rest.at(-1)).toBe(Math.max(...rest));
    // what each adds, summed, is what all of them add (no mitigation interacts with another here)
    expect(rest.at(-1)! - off!).toBe(rest.slice(0, -1).reduce((a, c) => a + (c - off!), 0));
    expect(formatMitigations('textbook', rows)).toMatch(/KPTI: SWITCH_TO_KERNEL_CR3/);
  });
});

describe('mitigations in the i386 entry code', () => {
  const SEGV32 = `\t.code32\n\t.text\n\t.globl _start\n_start:\n\tmovl $1, 0\n`;
  it.each(['programs/hello-int80.S', 'programs/hello-sysenter.S', 'segv'])('%s: KPTI, retpolines and VERW only (as entry_32.S has them), same behaviour', async (which) => {
    const path = which === 'segv' ? sourceFile(SEGV32) : which;
    const on = await run(path, ALL, 'auto', 'i386');
    const off = await run(path, ALL, 'off', 'i386');
    expect(on.k.mitigations).toEqual(['pti', 'retpoline', 'verw']);
    expect(on.userCr3).toBe(0x3000n);
    expect(on.stdout).toBe(off.stdout);
    expect(on.k.outcome()).toEqual(off.k.outcome());
    expect(on.seen.cr3Writes).toBeGreaterThan(0);
    expect(off.seen.cr3Writes).toBe(0);
    if (which !== 'segv') expect(on.seen.verw).toBeGreaterThan(0); // a fatal SIGSEGV never returns to user mode
    // handle_exception's indirect call to the C handler goes through the retpoline thunk
    if (which === 'segv') expect([on.seen.retpoline, off.seen.retpoline]).toEqual([1, 0]);
    expect(on.cycles).toBeGreaterThan(off.cycles);
  });
});
