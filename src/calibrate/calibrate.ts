// `trapdoor calibrate` without the command line: measure this host natively, count the same
// programs under trapdoor, fit, and check the fitted profile against the emulator itself.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, linkExecutable } from '../asm/index.js';
import { KNOWN_FEATURES, PROFILES, type CostProfile, type Feature } from '../machine/index.js';
import { countParams, modelledFigure, runEmulated, type Counts } from './classCounts.js';
import { fitParams, fittedProfile, spreadOf, type FitOptions, type FitResult, type Observation } from './fitProfile.js';
import { cpuSignature, hostProfileName, readHostCpu, type HostCpu } from './hostInfo.js';
import { measurementGroups, MEASUREMENTS, type Measurement } from './measurements.js';
import { EMULATED_SHAPE, linkMeasurementProgram, NATIVE_SHAPE } from './measurementProgram.js';
import { runNativePrograms } from './nativeRunner.js';

export interface CalibrateOptions {
  /** Native runs of every program (each a interquartile mean of NATIVE_SHAPE.samples timed calls per body). */
  runs: number;
  /** The host (default: this one, from /proc/cpuinfo and sysfs). */
  host?: HostCpu;
  /** The measurements (default: all of MEASUREMENTS). */
  measurements?: readonly Measurement[];
  fit?: FitOptions;
  /** Why this host cannot run 32-bit code, null when it can (default: a native probe). */
  ia32Problem?: string | null;
  onProgress?: (line: string) => void;
}

export interface Calibration {
  profile: CostProfile;
  fit: FitResult;
  host: HostCpu;
  /** The profile the fit starts from (its values are the prior). */
  base: string;
  pinning: string;
  runs: number;
  date: string;
  /** /proc/loadavg's 1-minute figure before and after the native runs (other work on the machine inflates figures). */
  load: [number, number];
  /** Each emulated program run under the fitted profile printed exactly the figures the fit predicts. */
  checked: string[];
}

function readLoad(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/** A 32-bit probe (exit 42 through int $0x80): null when this host runs 32-bit code, else why not. */
export function ia32Problem(): string | null {
  const elf = linkExecutable(assemble([{ path: 'ia32-probe.S', text: '.code32\n.globl _start\n_start:\n movl $1, %eax\n movl $42, %ebx\n int $0x80\n hlt\n' }])).elf;
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-ia32-'));
  try {
    writeFileSync(join(dir, 'probe'), elf);
    chmodSync(join(dir, 'probe'), 0o755);
    const r = spawnSync(join(dir, 'probe'), [], { timeout: 10_000 });
    if (r.status === 42) return null;
    return `this kernel does not run 32-bit code (IA-32 emulation is off: ${r.error ? r.error.message : r.signal ?? `exit status ${r.status}`})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The profile the fit starts from: the shipped one of the host's vendor, shaped as the host is. */
export function baseFor(host: HostCpu): CostProfile {
  const shipped = host.vendor === 'amd' ? PROFILES['zen4-kvm']! : PROFILES.textbook!;
  const features = [...KNOWN_FEATURES].filter((f) => host.flags.has(f)) as Feature[];
  return {
    ...shipped, vendor: host.vendor, tscMHz: host.tscMHz || shipped.tscMHz, virtualised: host.hypervisor !== null, pti: host.pti,
    kernelFor32: 'x86_64', features,
    cpu: {
      signature: cpuSignature(host), brand: host.brand.slice(0, 47), physAddrBits: host.physAddrBits, virtAddrBits: host.virtAddrBits,
      caches: host.caches.length ? host.caches : shipped.cpu.caches,
    },
  };
}

export async function calibrate(opts: CalibrateOptions): Promise<Calibration> {
  const say = opts.onProgress ?? ((): void => {});
  const host = opts.host ?? readHostCpu();
  const base = baseFor(host);
  const groups = measurementGroups(opts.measurements ?? MEASUREMENTS);
  // 32-bit code needs the kernel's IA-32 emulation: without it those paths are not measurable here
  const ia32 = [...groups.values()].flat().some((m) => m.needs === 'ia32') ? (opts.ia32Problem !== undefined ? opts.ia32Problem : ia32Problem()) : null;
  const skipped = new Map([...groups].filter(([, ms]) => ia32 && ms.some((m) => m.needs === 'ia32')).map(([g]) => [g, ia32!]));
  const native = [...groups].filter(([g]) => !skipped.has(g)).map(([g, ms]) => ({ name: g, elf: linkMeasurementProgram(g, ms, NATIVE_SHAPE) }));
  const emulated = new Map([...groups].map(([g, ms]) => [g, linkMeasurementProgram(g, ms, EMULATED_SHAPE)]));

  const loadBefore = readLoad();
  say(`measuring natively: ${native.length} programs x ${opts.runs} runs`);
  let lastTenth = -1;
  const samples = runNativePrograms(native, opts.runs, (done, total) => {
    const tenth = Math.floor((10 * done) / total);
    if (tenth !== lastTenth) say(`  native runs ${done}/${total}`);
    lastTenth = tenth;
  });

  say('counting each body\'s cost classes under trapdoor');
  const counts = new Map<string, Counts>();
  const notEmulated = new Map<string, string>();
  for (const [g, elf] of emulated) {
    const r = await countParams(elf, g, base);
    if (r.ok) for (const [m, c] of r.counts) counts.set(m, c);
    else notEmulated.set(g, r.why);
  }

  const obs: Observation[] = [...groups.values()].flat().map((m) => {
    const runs = samples.figures.get(m.name);
    const failed = samples.failures.get(m.group) ?? skipped.get(m.group);
    const o: Observation = { m, counts: counts.get(m.name) };
    if (runs?.length) o.native = spreadOf(runs);
    else o.why = `not measurable here: ${failed ?? 'no figure'}`;
    if (!o.counts && !o.why) o.why = `not fitted: trapdoor does not run it yet (${notEmulated.get(m.group) ?? 'no figure'})`;
    return o;
  });
  const fit = fitParams(base, obs, opts.fit);
  const date = new Date().toISOString().slice(0, 10);
  // dated: a shipped profile may carry the plain host name (a file cannot reuse a shipped name)
  const name = `${hostProfileName(host)}-${date.replace(/-/g, '')}`;
  const hv = host.hypervisor === 'kvm' ? 'KVM guest' : host.hypervisor ? 'virtual machine' : 'bare metal';
  const profile = fittedProfile(base, fit, {
    name,
    description: `${host.brand} (family ${host.family.toString(16)}h model ${host.model.toString(16)}h), ${hv}, x86_64 kernel: calibrated on the host by trapdoor calibrate, ${date}`,
  });

  // The model is linear: the fitted profile must make the emulator print exactly Σ count × cost.
  const checked: string[] = [];
  for (const [g, elf] of emulated) {
    if (notEmulated.has(g)) continue;
    const r = await runEmulated(elf, g, profile);
    if (!r.ok) throw new Error(`calibrate: ${g} stopped under the fitted profile: ${r.why}`);
    for (const [m, v] of Object.entries(r.figures)) {
      const want = modelledFigure(counts.get(m)!, fit.values);
      if (v !== want) throw new Error(`calibrate: ${m} under the fitted profile prints ${v}, the fit predicts ${want}`);
    }
    checked.push(g);
  }
  return { profile, fit, host, base: host.vendor === 'amd' ? 'zen4-kvm' : 'textbook', pinning: samples.pinning, runs: opts.runs, date, checked, load: [loadBefore, readLoad()] };
}
