// Issue 12 item 5: single-stepping the kernel's entry code says what each step did (swapgs, the
// stack switch, each pt_regs push, SAVE_ALL, the syscall dispatch, the return path's pops), not
// just "step". Values are checked against the panes (built by other code) and the program's own
// output; the push order is Linux's (REFERENCE.md §1, §3).
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';
import type { ViewModel } from '../../src/debugger/viewModel.js';
import { PROFILES, registerProfile } from '../../src/machine/profiles/index.js';

interface Stop {
  reason: string;
  note: string | null;
  view: ViewModel;
}

/** Catch the first kernel entry, then stepi until back in user mode; every stop's reason and note. */
async function stepThroughEntry(program: string, kernel?: 'i386', profile?: string): Promise<Stop[]> {
  const s = await Session.create({ program, kernel, profile, mitigations: profile ? 'auto' : undefined });
  await s.execute('catch mode enter');
  await s.execute('continue');
  const stops: Stop[] = [];
  for (let i = 0; i < 200 && s.view().status.kernel; i++) {
    await s.execute('si');
    const v = s.view();
    stops.push({ reason: v.status.stopReason, note: v.status.stepNote ?? null, view: v });
  }
  return stops;
}

const reg = (v: ViewModel, name: string): string | undefined =>
  [...v.registers.general, v.registers.ip, ...v.registers.bases].find((c) => c.name === name)?.value.replace(/^0+(?=.)/, '');

describe('entry-code steps in words', () => {
  it('SYSCALL (x86_64): swapgs, the stack switch, 21 pushes in pt_regs order, the dispatch, the pops, back on the user stack', async () => {
    const stops = await stepThroughEntry('programs/hello-syscall.S');
    // every step inside the entry code says something (the last one is SYSRET's mode switch)
    for (const st of stops.slice(0, -1)) expect(st.reason, st.note ?? '').not.toBe('step');

    const swapgs = stops[0]!;
    expect(swapgs.reason).toBe('step: swapgs: GS -> the per-cpu area');
    expect(swapgs.note).toContain(`GS base <- 0x${reg(swapgs.view, 'gs_base')}, the per-cpu area`);

    const sw = stops.find((st) => st.reason.startsWith('step: stack switch'))!;
    expect(sw.note).toContain(`-> 0x${sw.view.kernelStack.top}, the top of the task's kernel stack`);
    expect(sw.note).toMatch(/RSP 0x7ff[0-9a-f]+ \(the user stack\)/);

    const pushes = stops.filter((st) => /^step: pushed pt_regs->/.test(st.reason));
    expect(pushes.map((st) => st.reason.replace('step: pushed pt_regs->', ''))).toEqual(
      ['ss', 'sp', 'flags', 'cs', 'ip', 'orig_ax', 'di', 'si', 'dx', 'cx', 'ax', 'r8', 'r9', 'r10', 'r11', 'bx', 'bp', 'r12', 'r13', 'r14', 'r15']);
    // each pushed value is the one the Kernel stack pane shows on top
    for (const st of pushes) {
      const top = st.view.kernelStack.slots.find((x) => x.top)!;
      expect(st.note).toContain(`pt_regs->${top.field} = 0x${top.value.replace(/^0+(?=.)/, '')}`);
    }
    expect(pushes.find((st) => st.reason.endsWith('orig_ax'))!.note).toContain('the syscall number (write)');
    expect(pushes.find((st) => st.reason.endsWith('->ax'))!.note).toContain('-ENOSYS');
    expect(pushes.at(-1)!.note).toContain('pt_regs is complete: 21 fields, 168 bytes');

    // the dispatch names the handler and its result: write's byte count, what the program printed
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('continue');
    const written = s.view().output.length;
    const dispatch = stops.find((st) => st.reason.startsWith('step: do_syscall_64'))!;
    expect(dispatch.reason).toBe('step: do_syscall_64: dispatched write');
    expect(dispatch.note).toContain(`x64_sys_call(regs, 1) called __x64_sys_write, which returned ${written} into pt_regs->ax`);
    expect(dispatch.note).toContain('returned true: SYSRET is safe');

    const popAx = stops.find((st) => st.reason === 'step: popped pt_regs->ax')!;
    expect(popAx.note).toContain(`rax <- pt_regs->ax = 0x${written.toString(16)}`);
    expect(reg(popAx.view, 'rax')).toBe(written.toString(16));
    const back = stops.find((st) => st.reason === 'step: back on the user stack')!;
    expect(back.note).toContain(`RSP <- 0x${reg(back.view, 'rsp')}, pt_regs->sp`);
    expect(stops.at(-2)!.reason).toBe("step: swapgs: GS -> the user's");
    expect(stops.at(-1)!.reason).toBe('step: back to user mode (sysret)');
  });

  it('INT 0x80 (i386): orig_ax, then SAVE_ALL in Linux order, the data segments loaded, ia32 dispatch, RESTORE_REGS', async () => {
    const stops = await stepThroughEntry('programs/hello-int80.S', 'i386');
    for (const st of stops.slice(0, -1)) expect(st.reason, st.note ?? '').not.toBe('step');
    const pushes = stops.filter((st) => /^step: pushed pt_regs->/.test(st.reason));
    // the CPU pushed ss..ip (a mode switch, described by the CPU's text); the entry code the rest
    expect(pushes.map((st) => st.reason.replace('step: pushed pt_regs->', ''))).toEqual(['orig_ax', 'gs', 'fs', 'es', 'ds', 'ax', 'bp', 'di', 'si', 'dx', 'cx', 'bx']);
    expect(pushes.slice(1).every((st) => st.note!.startsWith('SAVE_ALL: '))).toBe(true);
    expect(stops.find((st) => st.reason === 'step: ds <- 0x7b')!.note).toContain('__USER_DS');
    expect(stops.find((st) => st.reason === 'step: fs <- 0xd8')!.note).toContain('__KERNEL_PERCPU');
    expect(stops.find((st) => st.reason === 'step: cld: DF = 0')).toBeDefined();
    const dispatch = stops.find((st) => st.reason.startsWith('step: do_int80_syscall_32'))!;
    expect(dispatch.note).toContain('ia32_sys_call(regs, 4) called the i386 table\'s write');
    const pops = stops.filter((st) => /^step: popped pt_regs->/.test(st.reason)).map((st) => st.reason.replace('step: popped pt_regs->', ''));
    expect(pops).toEqual(['bx', 'cx', 'dx', 'si', 'di', 'bp', 'ax', 'ds', 'es', 'fs']);
    expect(stops.at(-2)!.reason).toBe('step: skipped pt_regs->gs, orig_ax');
    expect(stops.at(-2)!.note).toContain('now at the IRET frame');
  });

  it('SYSENTER (i386): the scratch pushes on the entry stack, then the switch to the task stack (TSS.sp1), SYSEXIT\'s registers from pt_regs', async () => {
    const stops = await stepThroughEntry('programs/hello-sysenter.S', 'i386');
    const sw = stops.find((st) => st.reason.startsWith('step: stack switch'))!;
    expect(sw.note).toContain('(the per-cpu SYSENTER entry stack (SYSENTER_ESP))');
    expect(sw.note).toContain('(TSS.sp1)');
    expect(stops.find((st) => st.reason === 'step: edx <- pt_regs->ip')!.note).toContain('the landing pad in the vDSO');
    expect(stops.find((st) => st.reason === 'step: ecx <- pt_regs->sp')).toBeDefined();
    expect(stops.find((st) => st.reason.startsWith('step: do_SYSENTER_32'))!.note).toContain('returned true: SYSEXIT is safe');
    expect(stops.find((st) => st.reason === 'step: sti: IF = 1')!.note).toContain('STI shadow');
    expect(stops.at(-1)!.reason).toBe('step: back to user mode (sysexit)');
  });

  it('an exception (#PF, x86_64): error_entry saves pt_regs, swapgs because it came from user mode, the error code is arg 2', async () => {
    const s = await Session.create({ program: 'programs/faults.S' });
    await s.execute('catch int 14');
    await s.execute('continue');
    const reasons: string[] = [];
    const notes: string[] = [];
    for (let i = 0; i < 60 && !s.view().status.exited; i++) {
      await s.execute('si');
      reasons.push(s.view().status.stopReason);
      notes.push(s.view().status.stepNote ?? '');
    }
    expect(reasons).toContain('step: call error_entry');
    expect(reasons).toContain('step: swapgs: GS -> the per-cpu area');
    const arg2 = notes.find((n) => n.startsWith('rsi <- pt_regs->orig_ax'))!;
    expect(arg2).toMatch(/= 0x6 \(arg 2: the error code/); // a user-mode write to a page not present: U|W
    expect(notes.some((n) => n.startsWith('pt_regs->orig_ax <- 0xffffffffffffffff'))).toBe(true);
  });

  it('KPTI on: each CR3 write is named (kernel page tables on entry, the user copy on the way out); no other step changes', async () => {
    registerProfile({ ...PROFILES.textbook!, name: 'entry-steps-pti', pti: true });
    const stops = await stepThroughEntry('programs/hello-syscall.S', undefined, 'entry-steps-pti');
    const cr3 = (st: Stop): string => st.view.registers.control.find((c) => c.name === 'cr3')!.value.replace(/^0+(?=.)/, '');
    const switches = stops.filter((st) => /^step: CR3 -> /.test(st.reason));
    expect(switches.map((st) => st.reason)).toEqual(['step: CR3 -> the kernel page tables', 'step: CR3 -> the user page tables']);
    // the note's new value is what the Registers pane shows after the step; bit 12 is the user half
    for (const st of switches) expect(st.note).toContain(`-> 0x${cr3(st)}: page-table isolation (KPTI)`);
    expect(BigInt(`0x${cr3(switches[0]!)}`) & 0x1000n).toBe(0n);
    expect(BigInt(`0x${cr3(switches[1]!)}`) & 0x1000n).toBe(0x1000n);
    // the kernel's CR3 is in force while pt_regs is built, the user's once SYSRET is reached
    const first = stops.indexOf(switches[0]!);
    const dispatch = stops.findIndex((st) => st.reason.startsWith('step: do_syscall_64'));
    expect(first).toBeLessThan(dispatch);
    expect(stops.indexOf(switches[1]!)).toBeGreaterThan(dispatch);
  });
});
