// Issue 12 item 5 on the screen: the status line says what the entry-code step did, and e opens
// a note the line had to cut in full.
import { tick } from './setup.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { DebuggerApp } from '../../src/tui/DebuggerApp.js';
import { FakeTarget, kernelView64 } from './fixtures.js';

describe('entry-code step notes', () => {
  it('the status line shows the note, cut at 80 columns, and e opens it whole', async () => {
    const v = kernelView64();
    const note = 'stack switch: RSP 0x7fffffffee10 (the user stack) -> 0xffffc90000004000, the top of the task\'s kernel stack (pcpu_hot.top_of_stack), where pt_regs is built; SYSCALL left RSP alone, so the entry code switches itself (no PTI here: no CR3 switch)';
    const t = new FakeTarget({ ...v, status: { ...v.status, stopReason: "step: stack switch: the task's kernel stack", modeSwitch: null, stepNote: note } });
    const r = render(<DebuggerApp target={t} size={{ columns: 80, rows: 24 }} />);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain("step: stack switch: the task's kernel stack");
    expect(frame).toContain('stack switch: RSP 0x7fffffffee10 (the user stack)');
    expect(frame).toContain('… (e: in full)');
    r.stdin.write('e');
    await tick();
    await tick();
    const detail = r.lastFrame()!.replace(/[│\s]+/g, ' ');
    expect(r.lastFrame()).toContain('Step — any key closes');
    expect(detail).toContain('no PTI here: no CR3 switch');
    r.unmount();
  });
});
