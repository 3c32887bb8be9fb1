import { tick } from './setup.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { DebuggerApp } from '../../src/tui/DebuggerApp.js';
import { computeLayout } from '../../src/tui/layout.js';
import { FakeTarget, kernelView32AfterSaveAll, kernelView64, userView64 } from './fixtures.js';

const SIZE = { columns: 100, rows: 40 };

async function mount(target: FakeTarget, size = SIZE) {
  let quit = 0;
  const r = render(<DebuggerApp target={target} size={size} onQuit={() => quit++} />);
  await tick();
  return {
    ...r,
    quits: () => quit,
    press: async (s: string) => {
      r.stdin.write(s);
      await tick();
      await tick();
    },
  };
}

describe('DebuggerApp keys and layout', () => {
  it('shows every pane title and the mode', async () => {
    const app = await mount(new FakeTarget(kernelView64()));
    const f = app.lastFrame()!;
    for (const t of ['Code', 'Registers', 'Kernel stack', 'Memory map', 'Cycles', 'Syscalls', 'Output']) expect(f).toContain(`─ ${t}`);
    expect(f).toContain('KERNEL · ring 0');
    // The frame is one line shorter than the terminal so Ink never clears the screen on each frame.
    expect(f.split('\n').length).toBe(SIZE.rows - 1);
    app.unmount();
  });

  it('maps s n i o u d c f m r to commands (gdb SingleKey)', async () => {
    const t = new FakeTarget(userView64());
    const app = await mount(t);
    for (const k of ['s', 'n', 'i', 'o', 'u', 'd', 'c', 'f', 'm', 'r']) await app.press(k);
    expect(t.commands).toEqual(['step', 'next', 'stepi', 'nexti', 'up', 'down', 'continue', 'finish', 'modestops', 'restart']);
    app.unmount();
  });

  it(': opens the command line; Enter sends it; Escape cancels', async () => {
    const t = new FakeTarget(userView64());
    const app = await mount(t);
    await app.press(':');
    for (const ch of 'catch syscall write') await app.press(ch);
    expect(app.lastFrame()).toContain(':catch syscall write');
    await app.press('\r');
    expect(t.commands).toEqual(['catch syscall write']);
    await app.press(':');
    await app.press('x');
    await app.press('\x1b');
    await tick();
    expect(t.commands).toEqual(['catch syscall write']);
    app.unmount();
  });

  it('keys that arrive in one chunk act one by one, and a pasted command line runs at its Enter', async () => {
    const t = new FakeTarget(userView64());
    const app = await mount(t);
    await app.press('sn');
    await app.press(':break do_syscall_64\r');
    expect(t.commands).toEqual(['step', 'next', 'break do_syscall_64']);
    app.unmount();
  });

  it('b toggles a breakpoint on the selected line (set, then delete)', async () => {
    const t = new FakeTarget(kernelView64());
    const app = await mount(t);
    await app.press('b'); // current line has none
    expect(t.commands.at(-1)).toBe('break *0xffffffff81000000');
    await app.press('\x1b[B'); // down: select the line with breakpoint 1
    await app.press('b');
    expect(t.commands.at(-1)).toBe('delete 1');
    app.unmount();
  });

  it('Ctrl-C interrupts a run the screen has not heard of yet instead of quitting', async () => {
    const t = new FakeTarget(kernelView64());
    t.interrupt = (): boolean => {
      t.interrupts++;
      return true; // the session is running; its first snapshot has not arrived
    };
    const app = await mount(t);
    await app.press('\x03');
    expect(t.interrupts).toBe(1);
    expect(app.quits()).toBe(0);
    app.unmount();
  });

  it('p and Ctrl-C interrupt a running continue; q asks, y quits', async () => {
    const running = kernelView64();
    running.status = { ...running.status, running: true };
    const t = new FakeTarget(running);
    const app = await mount(t);
    expect(app.lastFrame()).toContain('press p or Ctrl-C to interrupt');
    await app.press('p');
    await app.press('\x03');
    expect(t.interrupts).toBe(2);
    await app.press('s'); // ignored while running
    expect(t.commands).toEqual([]);
    await app.press('q');
    expect(app.lastFrame()).toContain('Quit anyway? (y or n)');
    expect(app.quits()).toBe(0);
    await app.press('y');
    expect(app.quits()).toBe(1);
    app.unmount();
  });

  it('? shows the help overlay and any key but the scroll keys closes it', async () => {
    const app = await mount(new FakeTarget(userView64()));
    await app.press('?');
    expect(app.lastFrame()).toContain('Help — any other key closes');
    await app.press('\x1b[B');
    expect(app.lastFrame()).toContain('Help — any other key closes');
    await app.press('x');
    expect(app.lastFrame()).not.toContain('Help — any other key closes');
    app.unmount();
  });

  it('Tab moves the focus through the panes', async () => {
    const app = await mount(new FakeTarget(userView64()));
    await app.press('\t');
    await app.press('\t');
    // Focus is drawn bold; check via the rendered order being stable and no command sent.
    expect(app.lastFrame()).toContain('─ Kernel stack');
    app.unmount();
  });

  it('redraws when the target publishes a new stop', async () => {
    const t = new FakeTarget(userView64());
    const app = await mount(t);
    expect(app.lastFrame()).toContain('user · ring 3 · 64-bit');
    t.publish(kernelView32AfterSaveAll());
    await tick();
    const f = app.lastFrame()!;
    expect(f).toContain('KERNEL · ring 0');
    for (const field of ['orig_ax', 'flags', ' ss ', ' bx ']) expect(f).toContain(field);
    app.unmount();
  });

  it('a multi-line command result is shown until the next key', async () => {
    const v = userView64();
    v.status = { ...v.status, message: 'Num Type Enb What\n1 breakpoint y entry_SYSCALL_64' };
    const app = await mount(new FakeTarget(v));
    expect(app.lastFrame()).toContain('Command output');
    expect(app.lastFrame()).toContain('1 breakpoint y entry_SYSCALL_64');
    await app.press('\t');
    expect(app.lastFrame()).not.toContain('Command output');
    app.unmount();
  });

  it('too small a terminal gets a clear message', async () => {
    const app = await mount(new FakeTarget(userView64()), { columns: 60, rows: 15 });
    expect(app.lastFrame()).toContain('Terminal too small (60x15)');
    expect(app.lastFrame()).toContain('80x24');
    app.unmount();
  });
});

describe('layout', () => {
  it('fills rows-1 and keeps every pane at 120x36 and 200x60', () => {
    for (const [c, r] of [[100, 30], [120, 36], [200, 60]] as const) {
      const l = computeLayout(c, r, { registerLines: 19, registerWidth: 46, stackLines: 18 })!;
      expect(l.frameHeight).toBe(r - 1);
      expect(l.code.height + l.kernelStack.height + l.bottomRow + l.status).toBe(r - 1);
      expect(l.registers.height + l.cycles.height + l.bottomRow + l.status).toBe(r - 1);
      for (const h of [l.code.height, l.kernelStack.height, l.bottomRow, l.registers.height, l.cycles.height]) expect(h).toBeGreaterThanOrEqual(2);
      expect(l.left + 1 + l.right).toBe(c);
      expect(l.syscalls.width + 1 + l.memoryMap.width + (l.transitions ? l.transitions.width + 1 : 0)).toBe(c);
      // Wide enough, Transitions get a slot of their own; else they share the Memory map's.
      expect(!!l.transitions).toBe(c >= 140);
      expect(l.deck?.panes ?? []).toEqual(c >= 140 ? [] : ['Memory map', 'Transitions']);
      expect(l.syscalls.height + l.output.height).toBe(l.bottomRow);
    }
    // 80x24: Code and Registers side by side over a deck of the other panes, filling rows-1.
    for (const [c, r] of [[80, 24], [99, 40], [140, 29]] as const) {
      const l = computeLayout(c, r, { registerLines: 19, registerWidth: 46, stackLines: 18 })!;
      expect(l.compact).toBe(true);
      expect(l.upper + l.deck!.rect.height + l.status).toBe(r - 1);
      expect(l.deck!.rect.width).toBe(c);
      expect(l.deck!.rect.height).toBeGreaterThanOrEqual(8);
      expect(l.code.height).toBeGreaterThanOrEqual(12);
      expect(l.left + 1 + l.right).toBe(c);
    }
    expect(computeLayout(79, 30, { registerLines: 19, registerWidth: 46, stackLines: 1 })).toBeNull();
    expect(computeLayout(100, 23, { registerLines: 19, registerWidth: 46, stackLines: 1 })).toBeNull();
  });
  it('at 120x36 a 32-bit kernel stack of 17 slots fits whole, and 64-bit registers and the cycles table fit', () => {
    const l = computeLayout(120, 36, { registerLines: 9, registerWidth: 48, stackLines: 18 })!;
    expect(l.kernelStack.height - 2).toBeGreaterThanOrEqual(17);
    const w = computeLayout(120, 36, { registerLines: 17, registerWidth: 50, stackLines: 22 })!;
    expect(w.registers.height).toBe(18);
    expect(w.cycles.height).toBeGreaterThanOrEqual(8);
  });
});
