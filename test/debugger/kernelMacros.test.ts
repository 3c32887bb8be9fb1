// Issue 15: the kernel's entry code is written with Linux's macros (calling.S's PUSH_AND_CLEAR_REGS,
// POP_REGS, SAVE_ALL, idtentry); the debugger still steps through every expanded instruction and
// the Code pane names the macro each one came from.
import { render } from 'ink-testing-library';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';
import { CodePane } from '../../src/tui/CodePane.js';

const cur = (s: Session) => s.view().code.lines.find((l) => l.current)!;

async function stepUntil(s: Session, pred: () => boolean, max = 300): Promise<void> {
  for (let i = 0; i < max && !pred(); i++) await s.execute('si');
  expect(pred()).toBe(true);
}

describe('kernel entry code from macros', () => {
  it('64-bit SYSCALL: si steps through each pushq of PUSH_AND_CLEAR_REGS, named in the Code pane', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await stepUntil(s, () => cur(s).symbol === 'entry_SYSCALL_64_after_hwframe');
    await s.execute('si'); // pushq %rax: orig_ax, written in entry_64.S itself
    const pushes: string[] = [];
    for (let i = 0; i < 15; i++) {
      const l = cur(s);
      expect(l.source?.macro, l.text).toBe('PUSH_AND_CLEAR_REGS > PUSH_REGS');
      expect(l.source?.file).toMatch(/calling\.S$/);
      pushes.push(l.text.replace(/\s+/g, ' '));
      await s.execute('si');
    }
    expect(pushes).toEqual(['push %rdi', 'push %rsi', 'push %rdx', 'push %rcx', 'push $0xffffffffffffffda', 'push %r8', 'push %r9', 'push %r10',
      'push %r11', 'push %rbx', 'push %rbp', 'push %r12', 'push %r13', 'push %r14', 'push %r15']);
    expect(cur(s).source?.macro).toBe('PUSH_AND_CLEAR_REGS > CLEAR_REGS');
    const view = s.view().code;
    const frame = render(React.createElement(CodePane, { view, width: 220, height: 12, focused: true })).lastFrame() ?? '';
    expect(frame).toMatch(/# PUSH_AND_CLEAR_REGS calling\.S:\d+: xorl %esi, %esi/);
  });

  it('32-bit INT 0x80: SAVE_ALL, then RESTORE_REGS on the way out', async () => {
    const s = await Session.create({ program: 'programs/hello-int80.S' });
    await stepUntil(s, () => cur(s).source?.macro === 'SAVE_ALL');
    expect(cur(s).symbol ?? cur(s).label ?? '').not.toBe('');
    await stepUntil(s, () => cur(s).source?.macro === 'RESTORE_REGS > RESTORE_INT_REGS', 5000);
    expect(cur(s).text).toMatch(/^pop +%ebx/);
  });
});
