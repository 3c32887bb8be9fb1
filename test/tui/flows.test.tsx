// The flows of issue 4, driven by keys through the real TUI over a real Session (machine + kernel).
import { tick } from './setup.js';
import { wideScreen } from './wideScreen.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Session } from '../../src/debugger/Session.js';
import { DebuggerApp } from '../../src/tui/DebuggerApp.js';

// The contract's "good" size, wider than ink-testing-library's 100 columns.
const SIZE = { columns: 120, rows: 36 };
const mounted = wideScreen(SIZE.columns);

async function open(program: string) {
  const session = await Session.create({ program });
  const r = render(<DebuggerApp target={session} size={SIZE} />);
  mounted.push(r);
  await tick();
  const frame = (): string => r.lastFrame() ?? '';
  /** Press keys one at a time, waiting until the session is stopped again after each. */
  const press = async (keys: string): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick();
      await settle();
    }
  };
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 2000 && session.view().status.running; i++) await new Promise((res) => setTimeout(res, 5));
    await tick();
    await tick();
  };
  const command = async (text: string): Promise<void> => {
    r.stdin.write(':');
    await tick();
    r.stdin.write(text);
    await tick();
    r.stdin.write('\r');
    await tick();
    await settle();
  };
  const currentText = (): string => session.view().code.lines.find((l) => l.current)?.text ?? '';
  /** Step with `s` until the current instruction starts with `prefix` (in user mode). */
  const stepTo = async (prefix: string): Promise<void> => {
    for (let i = 0; i < 50 && !currentText().startsWith(prefix); i++) await press('s');
    expect(currentText()).toMatch(new RegExp(`^${prefix.replace(/\$/g, '\\$')}`));
  };
  return { session, frame, press, command, stepTo, currentText };
}

/** The Code pane's line marked current. */
const currentLine = (frame: string): string => frame.split('\n').find((l) => l.startsWith('▶')) ?? '';

describe('issue 4 flows through the TUI', () => {
  it('`s` on `syscall` lands on entry_SYSCALL_64 in ring 0 and says what the CPU did', async () => {
    const t = await open('programs/hello-syscall.S');
    await t.stepTo('syscall');
    expect(t.frame()).toContain('user · ring 3 · 64-bit');
    await t.press('s');
    const f = t.frame();
    expect(f).toContain('KERNEL · ring 0');
    expect(f).toContain('<entry_SYSCALL_64>:');
    expect(currentLine(f)).toContain('swapgs');
    expect(f).toContain('SYSCALL: RCX <- return RIP, R11 <- RFLAGS, CS <- 0x10, RIP <- LSTAR (entry_SYSCALL_64)');
    expect(f).toContain('RSP is still the user stack');
  });

  it('`s` through SWAPGS swaps GS_BASE and KERNEL_GS_BASE', async () => {
    const t = await open('programs/hello-syscall.S');
    await t.stepTo('syscall');
    await t.press('s');
    const before = t.session.view().registers.bases;
    await t.press('s');
    const after = t.session.view().registers.bases;
    const get = (cells: typeof before, n: string) => cells.find((c) => c.name === n)!.value;
    expect(get(after, 'gs_base')).toBe(get(before, 'kernel_gs_base'));
    expect(get(after, 'kernel_gs_base')).toBe(get(before, 'gs_base'));
    expect(get(after, 'gs_base')).not.toBe(get(before, 'gs_base'));
    expect(t.frame()).toMatch(/gs_base ffffffff8/);
  });

  it('`n` over `int $0x80` returns to the next user instruction and adds the Syscalls line', async () => {
    const t = await open('programs/hello-int80.S');
    await t.stepTo('int ');
    const lines = t.session.view().code.lines;
    const i = lines.findIndex((l) => l.current);
    const next = lines[i + 1]!.addr;
    expect(t.frame()).not.toContain('write(1, "Hello from int $0x80');
    await t.press('n');
    const f = t.frame();
    expect(f).toContain('user · ring 3 · 32-bit');
    expect(currentLine(f)).toContain(next);
    expect(f).toMatch(/int80 +\d+ write\(1, "Hello from int \$0x80 \(32-bit\)\\n", 30\) = 30/);
    expect(f).toContain('Hello from int $0x80 (32-bit)');
  });

  it('`m` then `c` stops at each mode switch in order', async () => {
    const t = await open('programs/hello-int80.S');
    await t.press('m');
    expect(t.frame()).toContain('mode stops on');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      await t.press('c');
      const s = t.session.view().status;
      seen.push(`${s.kernel ? 'kernel' : 'user'}:${(s.modeSwitch ?? s.stopReason).split(':')[0]}`);
    }
    expect(seen).toEqual(['kernel:INT 0x80', 'user:IRET', 'kernel:INT 0x80', 'kernel:exited with status 0']);
  });

  it('`:catch syscall write` then `c` stops at the write (either ABI)', async () => {
    for (const prog of ['programs/hello-syscall.S', 'programs/hello-int80.S']) {
      const t = await open(prog);
      await t.command('catch syscall write');
      expect(t.frame()).toContain('Catchpoint 1 (syscall write)');
      await t.press('c');
      const f = t.frame();
      expect(f).toMatch(/catchpoint 1: syscall write \((syscall|int80)\)/);
      expect(f).toContain('KERNEL · ring 0');
      expect(t.session.view().syscalls).toHaveLength(0); // stopped at entry: the write has not run yet
    }
  });

  it('`:break do_syscall_64` then `c` stops there', async () => {
    const t = await open('programs/hello-syscall.S');
    await t.command('break do_syscall_64');
    expect(t.frame()).toContain('Breakpoint 1 at 0x');
    await t.press('c');
    const f = t.frame();
    expect(f).toContain('breakpoint 1 at do_syscall_64');
    expect(currentLine(f)).toContain('native do_syscall_64');
    expect(f).toContain('KERNEL · ring 0');
    // The whole 64-bit frame is on the stack by then: the pane shows where it came from.
    expect(f).toContain('entry_SYSCALL_64 frame');
    expect(f).toContain('PUSH_AND_CLEAR_REGS');
  });

  it('after SAVE_ALL the Kernel stack pane names all 17 fields of the 32-bit pt_regs', async () => {
    const t = await open('programs/hello-int80.S');
    await t.stepTo('int ');
    await t.press('s'); // the CPU's frame
    expect(t.frame()).toContain('CPU (INT 0x80)');
    expect(t.session.view().kernelStack.slots).toHaveLength(5);
    for (let i = 0; i < 20 && t.session.view().kernelStack.slots.length < 17; i++) await t.press('s');
    const f = t.frame();
    const stack = f.slice(f.indexOf('─ Kernel stack'), f.indexOf('─ Syscalls'));
    const fields = ['ss', 'sp', 'flags', 'cs', 'ip', 'orig_ax', 'gs', 'fs', 'es', 'ds', 'ax', 'bp', 'di', 'si', 'dx', 'cx', 'bx'];
    for (const field of fields) expect(stack).toMatch(new RegExp(`[0-9a-f]{8} ${field} +(CPU \\(INT 0x80\\)|entry_INT80_32|SAVE_ALL)`));
    expect(stack).toContain('pt_regs: 32-bit, 17 fields');
    expect(stack.match(/SAVE_ALL/g)).toHaveLength(11);
    expect(stack.match(/CPU \(INT 0x80\)/g)).toHaveLength(5);
  });

  it('the Cycles pane counts one more int80 round trip after it completes', async () => {
    const t = await open('programs/hello-int80.S');
    const int80Row = (): string => t.frame().split('\n').find((l) => /^.*int80 +\d+/.test(l) && !l.includes('write(')) ?? '';
    expect(int80Row()).toMatch(/int80 +0 +-/);
    await t.stepTo('int ');
    await t.press('s');
    expect(t.frame()).toMatch(/in flight: int80 \d+ cycles/);
    expect(int80Row()).toMatch(/int80 +0 +-/);
    await t.press('f'); // finish: back to user mode
    expect(t.frame()).toContain('user · ring 3 · 32-bit');
    const m = /int80 +1 +(\d+)/.exec(int80Row());
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(100);
  });
});
