// The calibration machinery, not timing figures (this host is shared and noisy): the platform
// check, the host's CPU as Linux shows it, the emulator's counts (the model is linear in them), a
// fit on synthetic measurements, and one short native calibration whose file loads and runs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateCommand, parseCalibrateArgs } from '../../src/cli/calibrateCommand.js';
import { CliError } from '../../src/cli/CliError.js';
import { calibrationHostProblem, cpuSignature, hostProfileName, parseHostCpu } from '../../src/calibrate/hostInfo.js';
import { countParams, modelledFigure, paramValues, runEmulated, type Counts } from '../../src/calibrate/classCounts.js';
import { fitParams, spreadOf, type Observation } from '../../src/calibrate/fitProfile.js';
import { MEASUREMENTS, measurementGroups } from '../../src/calibrate/measurements.js';
import { EMULATED_SHAPE, linkMeasurementProgram } from '../../src/calibrate/measurementProgram.js';
import { calibrate } from '../../src/calibrate/calibrate.js';
import { parseProfileJson, profileJson } from '../../src/machine/index.js';
import { zen4kvm } from '../../src/machine/profiles/zen4kvm.js';
import { textbook } from '../../src/machine/profiles/textbook.js';
import { resolveProfileOption } from '../../src/cli/profileOption.js';
import { runBench } from '../../src/cli/benchCommand.js';
import { runCaptured } from '../kernel/helpers.js';

const groups = measurementGroups(MEASUREMENTS);

async function countsOf(group: string): Promise<Map<string, Counts>> {
  const r = await countParams(linkMeasurementProgram(group, groups.get(group)!, EMULATED_SHAPE), group, zen4kvm);
  if (!r.ok) throw new Error(r.why);
  return r.counts;
}

describe('calibrate on a host it cannot measure', () => {
  it('says so in one line and exits 2 (an injected platform check)', async () => {
    for (const host of [{ platform: 'darwin', arch: 'arm64' }, { platform: 'linux', arch: 'arm64' }, { platform: 'win32', arch: 'x64' }]) {
      const err = await calibrateCommand(['-o', join(tmpdir(), 'never-written.json')], host).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
      expect((err as CliError).message).toBe(`calibrate measures an x86-64 Linux host natively; this host is ${host.platform}/${host.arch}`);
    }
    expect(calibrationHostProblem({ platform: 'linux', arch: 'x64' })).toBeNull();
  });

  it('bad arguments are one line and exit 2', () => {
    for (const args of [['--runs', '0'], ['--runs', 'many'], ['-o'], ['--frobnicate']]) {
      let err: unknown;
      try { parseCalibrateArgs(args); } catch (e) { err = e; }
      expect((err as CliError).exitCode).toBe(2);
    }
    expect(parseCalibrateArgs(['-o', 'x.json', '--runs=3'])).toEqual({ output: 'x.json', runs: 3 });
  });
});

describe('the host as Linux shows it', () => {
  const cpuinfo = (vendor: string, family: number, model: number, stepping: number, flags: string): string =>
    `processor\t: 0\nvendor_id\t: ${vendor}\ncpu family\t: ${family}\nmodel\t\t: ${model}\nmodel name\t: Some CPU\nstepping\t: ${stepping}\n` +
    `cpu MHz\t\t: 2596.130\nflags\t\t: ${flags}\naddress sizes\t: 52 bits physical, 57 bits virtual\n\nprocessor\t: 1\n`;

  it('gives CPUID.1:EAX as the shipped profiles document it (AMD family 19h model 11h; Intel 6/0x6a)', () => {
    const amd = parseHostCpu(cpuinfo('AuthenticAMD', 25, 17, 1, 'fpu tsc hypervisor'), { clocksources: 'tsc kvm-clock' });
    expect(cpuSignature(amd)).toBe(zen4kvm.cpu.signature);
    expect(hostProfileName(amd)).toBe('amd-19h-11h-kvm');
    expect([amd.tscMHz, amd.physAddrBits, amd.virtAddrBits, amd.hypervisor]).toEqual([2596, 52, 57, 'kvm']);
    const intel = parseHostCpu(cpuinfo('GenuineIntel', 6, 0x6a, 6, 'fpu tsc'));
    expect(cpuSignature(intel)).toBe(textbook.cpu.signature);
    expect(hostProfileName(intel)).toBe('intel-6h-6ah');
  });
});

describe('what the emulator counts', () => {
  it('is linear: Σ count × cost of the probes is what the programs print under zen4-kvm', async () => {
    for (const g of ['paths64', 'classes64', 'paths32']) {
      const counts = await countsOf(g);
      const r = await runEmulated(linkMeasurementProgram(g, groups.get(g)!, EMULATED_SHAPE), g, zen4kvm);
      if (!r.ok) throw new Error(r.why);
      const values = paramValues(zen4kvm);
      for (const [name, c] of counts) expect([name, modelledFigure(c, values)]).toEqual([name, r.figures[name]]);
    }
  });

  it('counts what the instructions are: 128 alu in the add chain, one SYSCALL, SYSRET and do_syscall_64 per getpid', async () => {
    const c = await countsOf('classes64');
    expect(Object.fromEntries(c.get('alu_x128')!)).toEqual({ alu: 128 });
    expect(c.get('cpuid_0')!.get('cpuid')).toBe(1);
    const p = await countsOf('paths64');
    const getpid = p.get('syscall_getpid')!;
    expect([getpid.get('syscall'), getpid.get('sysret'), getpid.get('native:do_syscall_64'), getpid.get('native:sys_getpid')]).toEqual([1, 1, 1, 1]);
    expect(p.get('syscall_enosys')!.get('native:sys_getpid')).toBeUndefined();
  });

  it('times the same paths as bench\'s compare-methods.S: equal figures for the names both print', async () => {
    const r = await runEmulated(linkMeasurementProgram('paths64', groups.get('paths64')!, EMULATED_SHAPE), 'paths64', zen4kvm);
    const compare = await runCaptured('programs/compare-methods.S', { profile: 'zen4-kvm' });
    if (!r.ok) throw new Error(r.why);
    for (const k of ['call', 'vdso_clock_gettime', 'syscall_clock_gettime', 'syscall_getpid']) {
      expect([k, r.figures[k]]).toEqual([k, Number(new RegExp(`^${k}: (\\d+) cycles$`, 'm').exec(compare.stdout)![1])]);
    }
  });
});

describe('the fit on synthetic measurements', () => {
  it('recovers a known profile\'s figures from its own modelled measurements, starting from another profile', async () => {
    const counts = new Map([...(await countsOf('paths64')), ...(await countsOf('classes64'))]);
    // the "host": zen4-kvm with other costs where the measurements pin them
    const truth = paramValues(zen4kvm);
    for (const [k, v] of [['alu', 1], ['load', 2], ['mul', 2], ['div', 11], ['rdtsc', 24], ['cpuid', 9100], ['native:sys_getpid', 31], ['native:sys_clock_gettime', 300]] as const) truth.set(k, v);
    const obs: Observation[] = MEASUREMENTS.filter((m) => counts.has(m.name)).map((m) => ({ m, counts: counts.get(m.name), native: spreadOf([modelledFigure(counts.get(m.name)!, truth)]) }));
    const fit = fitParams(zen4kvm, obs);
    for (const k of ['alu', 'load', 'mul', 'div', 'rdtsc', 'cpuid', 'native:sys_getpid']) expect([k, fit.values.get(k)]).toEqual([k, truth.get(k)]);
    const worst = Math.max(...fit.rows.filter((x) => x.fitted).map((x) => Math.abs(x.relative!)));
    expect(worst).toBeLessThan(0.01);
    // not fitted: a body the model has no class for
    expect(fit.rows.find((r) => r.name === 'lock_inc_x8')!.fitted).toBe(false);
  });
});

const nativeProblem = calibrationHostProblem();
describe('a host without IA-32 emulation', () => {
  it.skipIf(nativeProblem !== null)(`reports the 32-bit paths as not measurable here, with why, and still models them${nativeProblem ? ` (skipped: ${nativeProblem})` : ''}`, async () => {
    const pick = new Set(['call', 'call_32', 'vsyscall_getpid']);
    const c = await calibrate({ runs: 1, measurements: MEASUREMENTS.filter((m) => pick.has(m.name)), ia32Problem: 'IA-32 emulation is off (said by the test)' });
    const rows = new Map(c.fit.rows.map((r) => [r.name, r]));
    for (const n of ['call_32', 'vsyscall_getpid']) {
      expect(rows.get(n)!.native).toBeUndefined();
      expect(rows.get(n)!.why).toBe('not measurable here: IA-32 emulation is off (said by the test)');
      expect(rows.get(n)!.modelled).toEqual(expect.any(Number));
    }
    expect(c.profile.reference!.vsyscall_getpid).toBeUndefined();
  });
});

describe('a short native calibration', () => {
  it.skipIf(nativeProblem !== null)(`writes a profile that loads, runs and benches${nativeProblem ? ` (skipped: ${nativeProblem})` : ''}`, async () => {
    const pick = new Set(['call', 'syscall_getpid', 'syscall_enosys', 'alu_x128', 'cpuid_0', 'addsd_x64']);
    const c = await calibrate({ runs: 2, measurements: MEASUREMENTS.filter((m) => pick.has(m.name)) });
    expect(c.fit.rows.map((r) => r.name).sort()).toEqual([...pick].sort());
    for (const r of c.fit.rows) expect([r.name, r.native?.runs]).toEqual([r.name, 2]);
    expect(c.checked).toEqual(['paths64', 'classes64', 'fpAdd']); // addsd is emulated now: its group is checked too
    const path = join(mkdtempSync(join(tmpdir(), 'trapdoor-calibrated-')), 'host.json');
    writeFileSync(path, profileJson(c.profile, { rows: c.fit.rows }));
    expect(parseProfileJson(profileJson(c.profile))).toEqual(c.profile);
    const name = resolveProfileOption(path);
    expect(name).toBe(c.profile.name);
    const bench = await runBench([name], { mips: false });
    const p = bench.profiles[name]!;
    for (const r of c.fit.rows.filter((x) => x.modelled !== undefined)) {
      expect([r.name, p.cycles[r.name], p.reference[r.name]]).toEqual([r.name, r.modelled, Math.round(r.native!.median)]);
    }
  });
});
