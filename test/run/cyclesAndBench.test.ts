// `run --cycles` counts round trips per entry method; `bench --json` prints issue 3's shape with
// numbers measured by the compare programs inside the emulator.
import { describe, expect, it, vi } from 'vitest';
import { benchCommand, BENCH_KEYS } from '../../src/cli/benchCommand.js';
import { formatMethodTable } from '../../src/debugger/methodStats.js';
import { runCaptured } from '../kernel/helpers.js';

describe('run --cycles', () => {
  it('counts every round trip of compare-methods by method (textbook)', async () => {
    const r = await runCaptured('programs/compare-methods.S', { cycles: true });
    expect(r.exitCode).toBe(0);
    const rows = new Map(r.stats!.rows().map((x) => [x.method, x]));
    // 100 warm-up + 1000 timed calls per method
    expect(rows.get('vdso')!.calls).toBe(1100);
    expect(rows.get('int80')!.calls).toBe(1100);
    const writes = r.trace.filter((l) => l.startsWith('write(')).length;
    expect(rows.get('syscall')!.calls).toBe(2200 + writes); // clock_gettime, getpid, the writes (exit never returns)
    expect(rows.get('sysenter')!.calls).toBe(0);
    expect(rows.get('vdso')!.avg!).toBeLessThan(rows.get('syscall')!.avg!);
    const table = formatMethodTable(r.stats!, 'textbook');
    expect(table).toMatch(/^vdso +1100 /m);
    // The ratio compares one syscall made two ways (not the averages of every syscall per method):
    // the program's own RDTSC figures for getpid are the oracle.
    const own = (k: string): number => Number(new RegExp(`^${k}: (\\d+) cycles$`, 'm').exec(r.stdout)![1]);
    const ratio = Number(/^syscall\/int80 \(getpid\): (\d\.\d\d)$/m.exec(table)![1]);
    expect(ratio).toBeCloseTo(own('syscall_getpid') / own('int80_getpid'), 1);
    expect(table).toMatch(/^vdso\/syscall \(clock_gettime\): 0\.\d{3}$/m);
    expect(table).toMatch(/^getpid +- +\d+ +\d+$/m);
  });

  it('counts SYSENTER round trips of a 32-bit program on the i386 kernel, and SYSCALL32 in compat mode on AMD', async () => {
    const i386 = await runCaptured('programs/hello-sysenter.S', { cycles: true, kernel: 'i386' });
    expect(new Map(i386.stats!.rows().map((x) => [x.method, x.calls])).get('sysenter')).toBe(1); // write; exit never returns
    const amd = await runCaptured('programs/hello-sysenter.S', { cycles: true, profile: 'zen4-kvm' });
    expect(new Map(amd.stats!.rows().map((x) => [x.method, x.calls])).get('syscall32')).toBe(1);
    expect(amd.stdout).toBe(i386.stdout);
  });
});

describe('bench --json', () => {
  it('prints {"mips": N, "profiles": {P: {"cycles": {...}, "reference": {...}}}}', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out.push(String(s));
      return true;
    });
    try {
      expect(await benchCommand(['--json', '--profile', 'zen4-kvm'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const j = JSON.parse(out.join(''));
    expect(typeof j.mips).toBe('number');
    expect(Object.keys(j.profiles)).toEqual(['zen4-kvm']);
    const p = j.profiles['zen4-kvm'];
    for (const k of BENCH_KEYS) {
      expect(Number.isInteger(p.cycles[k])).toBe(true);
      expect(Number.isInteger(p.reference[k])).toBe(true);
    }
  });
});
