// Issue 12 item 4: at 80x24 every pane is reachable with its essential rows: Code and Registers
// stay, the other panes share a deck below (a number key focuses pane N), `z` zooms the focused
// pane, and the help scrolls.
import { tick } from './setup.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { DebuggerApp } from '../../src/tui/DebuggerApp.js';
import { FakeTarget, kernelView64 } from './fixtures.js';

const SMALL = { columns: 80, rows: 24 };

async function mount(size = SMALL) {
  const r = render(<DebuggerApp target={new FakeTarget(kernelView64())} size={size} />);
  await tick();
  const press = async (s: string): Promise<void> => {
    r.stdin.write(s);
    await tick();
    await tick();
  };
  return { ...r, press, frame: () => r.lastFrame() ?? '' };
}

describe('the 80x24 layout', () => {
  it('shows Code, Registers with RIP/RFLAGS/CS/SS/GS bases, and a deck whose title names the other panes', async () => {
    const app = await mount();
    const f = app.frame();
    expect(f.split('\n').length).toBe(23);
    for (const t of ['─ Code', '─ Registers', '─ Kernel stack']) expect(f).toContain(t);
    expect(f).toContain('5 Cycles 6 Syscalls 7 Output 4 Map');
    for (const r of ['rip ffffffff81000000', 'rflags', 'cs 0010', 'ss 0018', 'gs_base', 'kernel_gs_base']) expect(f).toContain(r);
    expect(f).toContain('KERNEL · ring 0');
    app.unmount();
  });

  it('a number key focuses pane N: the deck shows it, with the whole Cycles table', async () => {
    const app = await mount();
    await app.press('5');
    const f = app.frame();
    expect(f).toContain('─ Cycles (textbook)');
    expect(f).not.toContain('─ Kernel stack');
    for (const m of ['syscall', 'int80', 'vdso']) expect(f).toMatch(new RegExp(`^${m} +\\d+|^${m} +-`, 'm'));
    expect(f).toContain('in flight: syscall 57 cycles');
    await app.press('1');
    // Focus back on Code: the deck keeps the pane chosen last.
    expect(app.frame()).toContain('─ Cycles (textbook)');
    await app.press('3');
    expect(app.frame()).toContain('─ Kernel stack');
    app.unmount();
  });

  it('z zooms the focused pane to the whole screen and back', async () => {
    const app = await mount();
    await app.press('6');
    await app.press('z');
    let f = app.frame();
    expect(f).toContain('─ Syscalls');
    expect(f).not.toContain('─ Code');
    expect(f).not.toContain('─ Registers');
    expect(f.split('\n').length).toBe(23);
    await app.press('z');
    f = app.frame();
    expect(f).toContain('─ Code');
    expect(f).toContain('─ Syscalls');
    app.unmount();
  });

  it('the help scrolls with the arrows and PageDown, and wraps long lines', async () => {
    const app = await mount();
    await app.press('?');
    const first = app.frame();
    expect(first).toMatch(/lines 1-20 of \d+/);
    await app.press('\x1b[6~');
    expect(app.frame()).toMatch(/lines 11-30 of \d+/);
    await app.press('\x1b[A');
    expect(app.frame()).toMatch(/lines 10-29 of \d+/);
    for (let i = 0; i < 30; i++) await app.press('\x1b[6~');
    const last = app.frame();
    const total = Number(/of (\d+)/.exec(last)![1]);
    expect(last).toContain(`-${total} of ${total}`);
    // No line of the help is cut: every row fits the 80 columns without an ellipsis.
    expect(last.split('\n').slice(0, -2).filter((l) => l.includes('…'))).toEqual([]);
    app.unmount();
  });
});

describe('the Transitions pane', () => {
  const rows = [
    { seq: 1, cycles: 1037, kind: 'enter' as const, method: 'syscall', what: 'SYSCALL: RCX <- return RIP, R11 <- RFLAGS, CS <- 0x10, RIP <- LSTAR (entry_SYSCALL_64), stack not switched', where: 'entry_SYSCALL_64', syscall: 'write', cost: null },
    { seq: 2, cycles: 1736, kind: 'exit' as const, method: 'sysret', what: 'SYSRET: RIP <- RCX (0x401018), RFLAGS <- R11, CS <- 0x33, SS <- 0x2b', where: '_start+0x18', syscall: 'write', cost: 699 },
  ];
  it('key 8 shows it in the deck; Up selects an older row, Enter opens it in full and wrapped, any key closes; e explains the latest', async () => {
    const r = render(<DebuggerApp target={new FakeTarget({ ...kernelView64(), transitions: rows, transitionTotal: 2 })} size={SMALL} />);
    await tick();
    const press = async (s: string): Promise<void> => {
      r.stdin.write(s);
      await tick();
      await tick();
    };
    await press('8');
    let f = r.lastFrame()!;
    expect(f).toContain('─ Transitions (2 · Enter: in full)');
    expect(f).toMatch(/#1 +1037 enter +syscall +write entry_SYSCALL_64 SYSCALL/);
    expect(f).toMatch(/#2 +1736 exit +sysret +699 cycles -> _start\+0x18 SYSRET/);
    await press('\x1b[A');
    await press('\r');
    f = r.lastFrame()!;
    expect(f).toContain('─ Transition #1');
    expect(f).toContain('#1 at cycle 1037: enter by syscall (syscall write)');
    expect(f).toContain('• RIP <- LSTAR (entry_SYSCALL_64)');
    expect(f).toContain('• stack not switched');
    await press('x');
    expect(r.lastFrame()).not.toContain('─ Transition #1');
    await press('e');
    f = r.lastFrame()!;
    expect(f).toContain('─ Transition #2');
    expect(f).toContain('round trip: 699 cycles');
    r.unmount();
  });

  it('the status line cuts a long explanation and points at e', async () => {
    const v = kernelView64();
    const long = { ...v, status: { ...v.status, modeSwitch: `${v.status.modeSwitch}, and more words that push it past eighty columns` } };
    const r = render(<DebuggerApp target={new FakeTarget(long)} size={SMALL} />);
    await tick();
    const last = r.lastFrame()!.split('\n').at(-1)!;
    expect(last).toMatch(/^SYSCALL: RCX <- return RIP.*… \(e: in full\)$/);
    expect(last.length).toBeLessThanOrEqual(80);
    r.unmount();
  });
});
