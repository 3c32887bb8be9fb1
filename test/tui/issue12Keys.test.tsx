// Issue 12 items 1, 6 and 7 on the screen: the Syscalls pane stops at its oldest line and counts
// every call; Ctrl-C and q ask before leaving; the launcher takes bursts of keys and q goes back to it.
import { tick } from './setup.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { SyscallLine } from '../../src/debugger/viewModel.js';
import { DebuggerApp } from '../../src/tui/DebuggerApp.js';
import { TrapdoorApp } from '../../src/tui/TrapdoorApp.js';
import { FakeTarget, kernelView32AfterSaveAll, userView64 } from './fixtures.js';

const SIZE = { columns: 100, rows: 40 };
const press = async (r: { stdin: { write(s: string): void } }, s: string): Promise<void> => {
  r.stdin.write(s);
  await tick();
  await tick();
};

describe('issue 12 keys and panes', () => {
  it('Syscalls: PageUp stops at the oldest line, one PageDown moves back, the title counts all calls', async () => {
    const v = userView64();
    const lines: SyscallLine[] = Array.from({ length: 500 }, (_, i) => ({ text: `getpid() = ${i + 2806}`, method: 'syscall', cycles: 300 }));
    const t = new FakeTarget({ ...v, syscalls: lines, syscallTotal: 3305 });
    const r = render(<DebuggerApp target={t} size={SIZE} />);
    await tick();
    expect(r.lastFrame()).toContain('─ Syscalls (3305, the last 500 kept)');
    for (let i = 0; i < 5; i++) await press(r, '\t');
    expect(r.lastFrame()).toContain('= 3305');
    for (let i = 0; i < 80; i++) await press(r, '\x1b[5~');
    const top = r.lastFrame()!;
    expect(top).toContain('getpid() = 2806');
    expect(top).not.toContain('= 3305');
    await press(r, '\x1b[6~');
    expect(r.lastFrame()).not.toContain('getpid() = 2806');
    r.unmount();
  });

  it('the 32-bit kernel stack header says esp', async () => {
    const r = render(<DebuggerApp target={new FakeTarget(kernelView32AfterSaveAll())} size={SIZE} />);
    await tick();
    expect(r.lastFrame()).toMatch(/top c1a02000 {2}esp c1a01fbc/);
    r.unmount();
  });

  it('Ctrl-C while stopped does not quit; q asks, n keeps the session, y quits', async () => {
    let quits = 0;
    const t = new FakeTarget(userView64());
    const r = render(<DebuggerApp target={t} size={SIZE} onQuit={() => quits++} />);
    await tick();
    await press(r, '\x03');
    expect(quits).toBe(0);
    expect(r.lastFrame()).toContain('q quits');
    await press(r, 'q');
    expect(r.lastFrame()).toContain('The program is being debugged. Quit anyway? (y or n)');
    await press(r, 'n');
    expect(quits).toBe(0);
    expect(r.lastFrame()).toContain('Not confirmed.');
    await press(r, 'q');
    await press(r, 'y');
    expect(quits).toBe(1);
    r.unmount();
  });

  it('q quits at once once the program has exited', async () => {
    let quits = 0;
    const v = userView64();
    const r = render(<DebuggerApp target={new FakeTarget({ ...v, status: { ...v.status, exited: true, stopReason: 'exited with status 0' } })} size={SIZE} onQuit={() => quits++} />);
    await tick();
    await press(r, 'q');
    expect(quits).toBe(1);
    r.unmount();
  });

  const launcher = (programs: number, created: FakeTarget[]) => ({
    programs: Array.from({ length: programs }, (_, i) => ({ path: `programs/p${i}.S`, name: `p${i}.S`, description: `program ${i}` })),
    profiles: [{ name: 'textbook', description: 'a' }, { name: 'zen4-kvm', description: 'b' }],
    createTarget: async () => {
      const t = new FakeTarget(userView64());
      created.push(t);
      return t;
    },
  });

  it('the launcher takes five Downs sent in one burst as five moves; Esc clears the header', async () => {
    const created: FakeTarget[] = [];
    const r = render(<TrapdoorApp size={{ columns: 100, rows: 30 }} launcher={launcher(8, created)} />);
    await tick();
    await press(r, '\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B');
    expect(r.lastFrame()).toContain('❯ p5.S');
    await press(r, '\r');
    expect(r.lastFrame()).toContain('program p5.S');
    await press(r, '\x1b');
    await tick();
    const f = r.lastFrame()!;
    expect(f).toContain('Pick a program');
    expect(f).not.toContain('program p5.S');
    r.unmount();
  });

  it('q in a debugger opened from the launcher goes back to the launcher', async () => {
    const created: FakeTarget[] = [];
    let quits = 0;
    const r = render(<TrapdoorApp size={{ columns: 100, rows: 30 }} launcher={launcher(3, created)} onQuit={() => quits++} />);
    await tick();
    for (const k of ['\r', '\r', '\r']) await press(r, k);
    await tick();
    expect(r.lastFrame()).toContain('─ Registers');
    await press(r, 'q');
    expect(r.lastFrame()).toContain('Back to the launcher anyway? (y or n)');
    await press(r, 'y');
    expect(quits).toBe(0);
    expect(r.lastFrame()).toContain('Pick a program');
    r.unmount();
  });
});
