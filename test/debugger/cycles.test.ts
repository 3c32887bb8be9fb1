// Issue 12 item 2: the Cycles pane's numbers. Plain calls are counted; ratios compare one syscall
// by two methods; the last round trip is split into CPU entry, entry code, C handler, exit code
// and CPU exit. Expected figures come from the profile's cost tables, not from the meter.
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';
import { PROFILES } from '../../src/machine/index.js';

const textbook = PROFILES.textbook!;

describe('Cycles', () => {
  it('compare-methods under continue: plain calls counted at call+ret, getpid by syscall and int80 compared with each other', async () => {
    const s = await Session.create({ program: 'programs/compare-methods.S' });
    await s.execute('continue');
    const c = s.view().cycles;
    const call = c.methods.find((m) => m.method === 'call')!;
    // empty_function through body_call, and body_empty itself, 1,100 times each
    expect(call.calls).toBe(2200);
    expect(call.min).toBe(2 * textbook.costs.callRet);
    const getpid = c.bySyscall!.find((r) => r.name === 'getpid')!;
    expect(getpid.avg.syscall).toBeGreaterThan(0);
    expect(getpid.avg.int80).toBeGreaterThan(getpid.avg.syscall!);
    expect(c.ratios.syscallOverInt80Of).toBe('getpid');
    expect(c.ratios.syscallOverInt80).toBe(Math.round((getpid.avg.syscall! / getpid.avg.int80!) * 100) / 100);
    const cg = c.bySyscall!.find((r) => r.name === 'clock_gettime')!;
    expect(cg.avg.vdso).toBeLessThan(cg.avg.syscall!);
    expect(c.ratios.vdsoOverSyscallOf).toBe('clock_gettime');
  });

  it('the last round trip splits into CPU entry, entry code, C handler, exit code and CPU exit, the same stepped as run', async () => {
    const run = await Session.create({ program: 'programs/hello-syscall.S' });
    await run.execute('break _start');
    // hello-syscall: write then exit; stop right after write's SYSRET with `catch mode exit`.
    await run.execute('catch mode exit');
    await run.execute('continue');
    const ran = run.view().cycles.lastTrip!;
    expect(ran.syscall).toBe('write');
    expect(ran.method).toBe('syscall');
    const part = (name: string) => ran.parts.find((p) => p.part === name)!.cycles;
    expect(part('CPU entry')).toBe(textbook.costs.syscall);
    expect(part('CPU exit')).toBe(textbook.costs.sysret);
    // the dispatcher native plus sys_write's own cost
    expect(part('C handler')).toBe(textbook.nativeCosts.do_syscall_64! + (textbook.nativeCosts.sys_write ?? 0));
    expect(part('entry code')).toBeGreaterThan(0);
    expect(part('exit code')).toBeGreaterThan(0);
    expect(ran.parts.reduce((n, p) => n + p.cycles, 0)).toBe(ran.total);
    expect(ran.total).toBe(run.view().cycles.methods.find((m) => m.method === 'syscall')!.last);

    const stepped = await Session.create({ program: 'programs/hello-syscall.S' });
    for (let i = 0; i < 400 && !stepped.view().cycles.lastTrip; i++) await stepped.execute('si');
    expect(stepped.view().cycles.lastTrip).toEqual(ran);
  });
});
