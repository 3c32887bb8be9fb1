// Issue 12 item 8: Tab on the command line completes as gdb's does: a command word (with a space
// after it), info's topics, a location's symbol; a Tab that adds nothing lists the candidates.
import { tick } from './setup.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { complete } from '../../src/debugger/completion.js';
import { Session } from '../../src/debugger/Session.js';
import { DebuggerApp } from '../../src/tui/DebuggerApp.js';

const press = async (r: { stdin: { write(s: string): void } }, s: string): Promise<void> => {
  r.stdin.write(s);
  await tick();
  await tick();
};

describe('command-line completion', () => {
  it('completes commands, info topics and symbols (gdb: common prefix first, then the list)', () => {
    const syms = (): string[] => ['entry_SYSCALL_64', 'entry_SYSCALL_64_after_hwframe', 'entry_SYSCALL_compat', 'msg', '_start'];
    expect(complete('brea', syms)).toEqual({ text: 'break ', candidates: [] });
    expect(complete('disp', syms)).toEqual({ text: 'display ', candidates: [] });
    expect(complete('un', syms).candidates).toEqual(['undisplay', 'unset', 'until']);
    expect(complete('info reg', syms)).toEqual({ text: 'info registers ', candidates: [] });
    expect(complete('i fr', syms)).toEqual({ text: 'i frame ', candidates: [] });
    expect(complete('b entry_SYSC', syms)).toEqual({ text: 'b entry_SYSCALL_', candidates: ['entry_SYSCALL_64', 'entry_SYSCALL_64_after_hwframe', 'entry_SYSCALL_compat'] });
    expect(complete('break *_st', syms)).toEqual({ text: 'break *_start', candidates: [] });
    expect(complete('p $ra', syms)).toEqual({ text: 'p $ra', candidates: [] });
  });

  it('on the screen: Tab completes the typed word; a second Tab lists the candidates after it', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    const r = render(<DebuggerApp target={s} size={{ columns: 120, rows: 36 }} />);
    await tick();
    await press(r, ':');
    for (const ch of 'b entry_SYSC') await press(r, ch);
    await press(r, '\t');
    expect(r.lastFrame()).toContain(':b entry_SYSCALL_');
    await press(r, '\t');
    const listed = r.lastFrame()!;
    // (as many as the line holds)
    expect(listed).toMatch(/:b entry_SYSCALL_ +entry_SYSCALL_64 {2}entry_SYSCALL_64_after_hwframe {2}entry_SYSCALL_64_safe_stack/);
    for (const ch of '64_saf') await press(r, ch);
    await press(r, '\t');
    expect(r.lastFrame()).toContain(':b entry_SYSCALL_64_safe_stack');
    await press(r, '\r');
    expect(s.view().status.message).toMatch(/^Breakpoint 1 at 0x[0-9a-f]+ <entry_SYSCALL_64_safe_stack>/);
    r.unmount();
    s.dispose();
  });
});
