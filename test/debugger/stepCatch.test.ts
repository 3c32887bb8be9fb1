// A catchpoint matched by a stepped mode switch is reported and counted, as gdb reports one hit
// while stepping (issue 13: step across SYSCALL with `catch syscall write` set).
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

describe('stepping onto a catchpoint', () => {
  it('stepi across SYSCALL with catch syscall write: the catchpoint, then the step', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('catch syscall write');
    for (let i = 0; i < 20 && s.view().status.mode.startsWith('user'); i++) await s.execute('stepi');
    expect(s.view().status.stopReason).toBe('catchpoint 1: syscall write (syscall) · step: entered the kernel (syscall)');
    await s.execute('info breakpoints');
    expect(s.view().status.message).toContain('catchpoint already hit 1 time');
  });

  it('a catchpoint for another syscall is not reported', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('catch syscall exit');
    for (let i = 0; i < 20 && s.view().status.mode.startsWith('user'); i++) await s.execute('stepi');
    expect(s.view().status.stopReason).toBe('step: entered the kernel (syscall)');
  });
});
