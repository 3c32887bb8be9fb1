// Issue 12 item 5: the Transitions log keeps every mode switch, vDSO call and signal with its
// cycle stamp, method, what the CPU did, where it went and the round trip's cost.
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

describe('Transitions', () => {
  it('hello-syscall: each syscall is an enter row (entry_SYSCALL_64, the CPU description) and an exit row with the round trip', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('continue');
    const v = s.view();
    const rows = v.transitions!;
    // write, then exit (which does not return)
    expect(rows.map((r) => `${r.kind} ${r.method}`)).toEqual(['enter syscall', 'exit sysret', 'enter syscall']);
    const [enter, exit] = rows;
    expect(enter!.syscall).toBe('write');
    expect(enter!.where).toBe('entry_SYSCALL_64');
    expect(enter!.what).toContain('SYSCALL: RCX <- return RIP, R11 <- RFLAGS');
    expect(exit!.cost).toBe(v.cycles.methods.find((m) => m.method === 'syscall')!.last);
    expect(exit!.cycles - enter!.cycles).toBe(exit!.cost);
    expect(exit!.what).toMatch(/^SYSRET/);
    expect(rows.at(-1)!.syscall).toBe('exit');
    expect(v.transitionTotal).toBe(rows.length);
    // seq numbers count up from 1, cycle stamps never go back
    rows.forEach((r, i) => { expect(r.seq).toBe(i + 1); });
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.cycles).toBeGreaterThanOrEqual(rows[i - 1]!.cycles);
  });

  it('clock-vdso: a vDSO call and its return are rows with the function and the cost; stepping logs what running logs', async () => {
    const ran = await Session.create({ program: 'programs/clock-vdso.S' });
    await ran.execute('continue');
    const rows = ran.view().transitions!;
    const call = rows.find((r) => r.kind === 'vdso call')!;
    const back = rows[rows.indexOf(call) + 1]!;
    expect(call.where).toBe('__vdso_clock_gettime');
    expect(back.kind).toBe('vdso return');
    expect(back.cost).toBe(ran.view().cycles.methods.find((m) => m.method === 'vdso')!.last);
    const stepped = await Session.create({ program: 'programs/clock-vdso.S' });
    for (let i = 0; i < 5000 && !stepped.view().status.exited; i++) await stepped.execute('si');
    const strip = (r: { seq: number; kind: string; method: string; where: string | null; cost: number | null; syscall: string | null }) => [r.seq, r.kind, r.method, r.where, r.cost, r.syscall];
    expect(stepped.view().transitions!.map(strip)).toEqual(rows.map(strip));
  });

  it('faults: the SIGSEGV that kills the program is a row', async () => {
    const s = await Session.create({ program: 'programs/faults.S' });
    await s.execute('continue');
    const rows = s.view().transitions!;
    expect(rows.some((r) => r.kind === 'enter' && r.method === '#PF' && r.where === 'asm_exc_page_fault')).toBe(true);
    expect(rows.at(-1)!.kind).toBe('signal');
    expect(rows.at(-1)!.what).toMatch(/^killed by SIGSEGV/);
  });
});
