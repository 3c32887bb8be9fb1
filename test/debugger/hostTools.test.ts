// The debugger on the host's own dynamically linked tools (issue 11 §3): `trapdoor debug /bin/true`
// starts at the interpreter's entry as the kernel leaves it (gdb's starti); on /bin/echo the
// memory map pane lists the libraries ld.so mapped, and `break *ADDR` at a libc function stops
// there with the Code pane naming it `in libc.so.6`.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

const have = (p: string): boolean => process.platform === 'linux' && process.arch === 'x64' && spawnSync('test', ['-x', p]).status === 0;
if (!have('/bin/true') || !have('/bin/echo')) console.warn('test/debugger/hostTools: SKIPPED: no /bin/true, /bin/echo of an x86-64 Linux host');

describe.skipIf(!have('/bin/true') || !have('/bin/echo'))('the debugger on the host\'s tools', () => {
  it('debug /bin/true starts at ld.so\'s entry and runs to its exit', async () => {
    const s = await Session.create({ program: '/bin/true' });
    const interp = s.kernelForTests.interpreter!;
    expect(interp.path).toMatch(/ld-linux-x86-64\.so\.2$/);
    expect(s.machineForTests.getReg('rip')).toBe(s.kernelForTests.entry);
    expect(s.kernelForTests.entry).toBe(interp.entry);
    expect(s.view().status.stopReason).toMatch(/^at program entry \(.* in ld-linux-x86-64\.so\.2\)$/);
    await s.execute('continue');
    expect(s.view().status.exited).toBe(true);
    expect(s.view().status.stopReason).toMatch(/exited.* 0/);
  });

  it('on /bin/echo: the memory map pane lists the libraries; break *ADDR in libc stops there, named', async () => {
    const s = await Session.create({ program: '/bin/echo', args: ['hi'], env: ['LD_BIND_NOW=1'] });
    await s.execute('catch load libc.so');
    await s.execute('continue');
    const names = s.view().memoryMap.map((r) => r.name);
    expect(names.some((n) => /\/libc\.so\.6$/.test(n))).toBe(true);
    expect(names.some((n) => /\/ld-linux-x86-64\.so\.2$/.test(n))).toBe(true);
    await s.execute('x/i write');
    const addr = /0x([0-9a-f]+)/.exec(s.view().status.message ?? '')?.[1];
    expect(addr, s.view().status.message ?? '').toBeDefined();
    await s.execute(`break *0x${addr}`);
    expect(s.view().status.message).toMatch(/^Breakpoint 2 at 0x[0-9a-f]+ <write in libc\.so\.6>$/);
    await s.execute('continue');
    expect(s.view().status.stopReason).toBe('breakpoint 2 at write in libc.so.6');
    const current = s.view().code.lines.find((l) => l.current)!;
    expect(current.symbol).toBe('write in libc.so.6');
    await s.execute('delete');
    await s.execute('continue');
    expect(s.view().output).toBe('hi\n');
  });
});
