// Profile files: a shipped profile survives the round trip to JSON and back; bad files get one
// line that names what is wrong; --profile FILE reaches run, debug and bench.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfileJson, ProfileFileError, profileJson, PROFILES } from '../../src/machine/index.js';
import { zen4kvm } from '../../src/machine/profiles/zen4kvm.js';
import { textbook } from '../../src/machine/profiles/textbook.js';
import { amd19h11hKvm } from '../../src/machine/profiles/amd19h11hKvm.js';
import { formatBench, runBench } from '../../src/cli/benchCommand.js';
import { parseRunArgs } from '../../src/cli/runCommand.js';
import { parseDebugArgs } from '../../src/cli/debugCommand.js';
import { CliError } from '../../src/cli/CliError.js';
import { runCaptured } from '../kernel/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'trapdoor-profile-test-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function cliError(f: () => unknown): CliError {
  try {
    f();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('profile files', () => {
  it('round-trips the shipped profiles through JSON unchanged', () => {
    for (const p of [zen4kvm, textbook, amd19h11hKvm]) expect(parseProfileJson(profileJson(p))).toEqual(p);
  });

  it('keeps a calibration section out of the profile it reads', () => {
    expect(parseProfileJson(profileJson(zen4kvm, { rows: [] }))).toEqual(zen4kvm);
  });

  const bad: [string, (o: Record<string, unknown>) => unknown, RegExp][] = [
    ['a missing cost class', (o) => { delete (o.costs as Record<string, number>).div; }, /^costs\.div is missing/],
    ['a fractional cost', (o) => { (o.costs as Record<string, number>).alu = 0.5; }, /^costs\.alu must be a non-negative integer/],
    ['a negative native cost', (o) => { (o.nativeCosts as Record<string, number>).sys_getpid = -1; }, /^nativeCosts\.sys_getpid must be/],
    ['an unknown vendor', (o) => { o.vendor = 'via'; }, /^vendor must be "intel" or "amd"/],
    ['an unknown field', (o) => { o.costz = {}; }, /^unknown field 'costz'/],
    ['a feature the CPU does not emulate', (o) => { (o.features as string[]).push('avx512f'); }, /^features\[\d+\] "avx512f" is not a feature/],
    ['a name with a slash', (o) => { o.name = 'a/b'; }, /^name must be a string matching/],
  ];
  for (const [what, mangle, message] of bad) {
    it(`rejects ${what} in one line`, () => {
      const o = JSON.parse(profileJson(zen4kvm));
      mangle(o);
      let err: unknown;
      try { parseProfileJson(JSON.stringify(o)); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(ProfileFileError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    });
  }

  it('rejects text that is not JSON in one line', () => {
    expect(() => parseProfileJson('{ "name": ')).toThrow(/^not valid JSON \(/);
  });
});

describe('--profile FILE', () => {
  const mine = file('mine.json', profileJson({ ...zen4kvm, name: 'zen4-kvm-copy', description: 'a copy of zen4-kvm' }));

  it('runs a program under the file\'s profile: the same figures as the shipped profile it copies', async () => {
    const o = parseRunArgs(['--profile', mine, 'programs/compare-methods.S']);
    expect(o.profile).toBe('zen4-kvm-copy');
    expect(PROFILES['zen4-kvm-copy']!.description).toBe('a copy of zen4-kvm');
    const fromFile = await runCaptured('programs/compare-methods.S', { profile: o.profile });
    const shipped = await runCaptured('programs/compare-methods.S', { profile: 'zen4-kvm' });
    expect(fromFile.exitCode).toBe(0);
    expect(fromFile.stdout).toBe(shipped.stdout);
  });

  it('takes the file in debug too', () => {
    expect(parseDebugArgs(['--profile=' + mine, 'programs/hello-syscall.S']).profile).toBe('zen4-kvm-copy');
  });

  it('a missing or malformed file, or a shipped name, is one line and exit status 2', () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'nosuch.json'), /^profile file .*nosuch\.json: no such file$/],
      [file('broken.json', '{"name": "x",'), /^profile file .*broken\.json: not valid JSON/],
      [file('short.json', '{"name": "x"}'), /^profile file .*short\.json: cpu must be an object$/],
      [file('shipped.json', profileJson({ ...zen4kvm, description: 'changed' })), /^profile file .*shipped\.json: profile 'zen4-kvm' is a shipped profile's name/],
      [dir, /^profile file .*: not a regular file$/],
      ['nosuch', /^unknown profile 'nosuch' \(known: .*\); or give a profile file's path$/],
    ];
    for (const [arg, message] of cases) {
      const e = cliError(() => parseRunArgs(['--profile', arg, 'programs/hello-syscall.S']));
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain('\n');
    }
  });
});

describe('the shipped calibrated profile', () => {
  it('sets a modelled figure beside every measured round trip in bench, and counts those within 10%', async () => {
    const r = await runBench(['amd-19h-11h-kvm'], { mips: false });
    const p = r.profiles['amd-19h-11h-kvm']!;
    const roundTrips = ['call', 'vdso_clock_gettime', 'vdso_gettimeofday', 'syscall_clock_gettime', 'syscall_gettimeofday', 'syscall_getpid',
      'syscall_enosys', 'int80_getpid', 'call_32', 'vdso_clock_gettime_32', 'vdso_gettimeofday_32', 'vsyscall_clock_gettime_32', 'vsyscall_getpid', 'int80_getpid_32'];
    for (const k of roundTrips) expect([k, typeof p.cycles[k], typeof p.reference[k]]).toEqual([k, 'number', 'number']);
    // pushq %rbx, xorl %eax, %eax, cpuid, popq %rbx
    expect(p.cycles.cpuid_0).toBe(amd19h11hKvm.costs.cpuid + amd19h11hKvm.costs.alu + amd19h11hKvm.costs.store + amd19h11hKvm.costs.load);
    expect(formatBench(r)).toMatch(/^ {2}round trips within 10% of the reference: \d+ of 14/m);
  });
});
