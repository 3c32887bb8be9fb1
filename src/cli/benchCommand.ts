// `trapdoor bench [--profile P|FILE|all] [--json] [--mitigations]`: run programs/compare-methods.S (64-bit) and
// compare-methods32.S (32-bit) inside the emulator under each profile, parse the cycles they
// print (measured with RDTSC inside the guest, not computed), and show them with the ratios,
// the profile's reference figures and the emulator's speed in MIPS.
import { fileURLToPath } from 'node:url';
import { asCliError, CliError, EXIT_USAGE } from './CliError.js';
import { loadProgram, type LoadedProgram } from '../program/loadProgram.js';
import { LinuxKernel } from '../kernel/LinuxKernel.js';
import { DEFAULT_PROFILE, PROFILES, type CostProfile } from '../machine/index.js';
import { DEFAULT_KERNEL_VERSION, int80Entry64, MITIGATIONS, MITIGATION_TEXT, parseKernelVersion } from '../kernel/kernelConfig.js';
import { assemble, linkExecutable } from '../asm/index.js';
import { parseCycleLines } from '../calibrate/cycleLines.js';
import { calibrationNote, isCalibrationClassBody, modelledCalibrationFigures } from '../calibrate/benchFigures.js';
import { resolveProfileOption } from './profileOption.js';

export { parseCycleLines };

/** The keys of --json's "cycles" (issue 3), then the extra ones from the 32-bit program. */
export const BENCH_KEYS = [
  'call', 'vdso_clock_gettime', 'syscall_clock_gettime', 'syscall_getpid', 'int80_getpid', 'vsyscall_getpid',
] as const;

export interface ProfileBench {
  cycles: Record<string, number>;
  reference: Record<string, number>;
  /** Lines the programs printed, by program. */
  output: Record<string, string>;
}

export interface BenchResult {
  mips: number;
  profiles: Record<string, ProfileBench>;
}

const PROGRAMS = { 64: 'compare-methods.S', 32: 'compare-methods32.S' } as const;

export function programPath(name: string): string {
  return fileURLToPath(new URL(`../../programs/${name}`, import.meta.url));
}

/** Run one program to completion under `profile`, capturing its stdout. */
async function runCaptured(prog: LoadedProgram, profile: string | CostProfile): Promise<{ stdout: string; instructions: number; ms: number }> {
  const chunks: Uint8Array[] = [];
  const k = await LinuxKernel.boot({
    elf: prog.elf, execPath: prog.path, argv: [prog.path], envp: [], profile,
    streams: { readStdin: () => new Uint8Array(0), writeStdout: (b) => chunks.push(b.slice()), writeStderr: (b) => chunks.push(b.slice()) },
  });
  const t0 = performance.now();
  const out = k.run({ maxInstructions: 200_000_000 });
  const ms = performance.now() - t0;
  const stdout = Buffer.concat(chunks).toString('utf8');
  if (out.kind !== 'exited' || out.status !== 0) {
    const why = out.kind === 'killed' ? out.report : out.kind === 'exited' ? `exit status ${out.status}` : out.kind;
    throw new Error(`${prog.path} under ${typeof profile === 'string' ? profile : profile.name} did not finish: ${why}\n${stdout}`);
  }
  return { stdout, instructions: k.instructionsExecuted, ms };
}

/** A compute-bound loop (20M integer instructions, long enough to time the steady state): the emulator's speed in MIPS, as issue 3 measures it. */
const COMPUTE_LOOP = `\t.text\n\t.globl _start\n_start:\n\tmovl $5000000, %ecx\n\txorl %eax, %eax\nloop:\n\taddl %ecx, %eax\n\txorl $0x5a5a, %eax\n\tdecl %ecx\n\tjnz loop\n\tmovl $60, %eax\n\txorl %edi, %edi\n\tsyscall\n`;

export async function measureMips(): Promise<number> {
  const elf = linkExecutable(assemble([{ path: 'compute-loop.S', text: COMPUTE_LOOP }])).elf;
  const prog: LoadedProgram = { path: 'compute-loop.S', elf, interp: null, pie: false, bits: 64, entry: 0n, symbols: new Map(), lines: [], fromSource: true, warnings: [] };
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await runCaptured(prog, DEFAULT_PROFILE);
    runs.push(r.instructions / r.ms / 1000);
  }
  return Math.round(runs.sort((a, b) => a - b)[2]! * 10) / 10;
}

/** Measure every profile in `profiles`. */
export async function runBench(profiles: string[], opts: { mips?: boolean } = {}): Promise<BenchResult> {
  const p64 = await loadProgram(programPath(PROGRAMS[64])).catch((e: unknown) => { throw asCliError(e); });
  const p32 = await loadProgram(programPath(PROGRAMS[32])).catch((e: unknown) => { throw asCliError(e); });
  const result: BenchResult = { mips: 0, profiles: {} };
  for (const name of profiles) {
    const r64 = await runCaptured(p64, name);
    const r32 = await runCaptured(p32, name);
    const c64 = parseCycleLines(r64.stdout);
    const c32 = parseCycleLines(r32.stdout);
    const cycles: Record<string, number> = {};
    for (const [k, v] of Object.entries(c64)) cycles[k] = v;
    if (c32.vsyscall_getpid !== undefined) cycles.vsyscall_getpid = c32.vsyscall_getpid;
    // the 32-bit program's own figures, under distinct names
    for (const [k, v] of Object.entries(c32)) if (k !== 'vsyscall_getpid') cycles[`${k}_32`] = v;
    const reference: Record<string, number> = { ...(PROFILES[name]!.reference ?? {}) };
    // a calibrated profile's reference figures include calibrate's own bodies: run those too
    const missing = Object.keys(reference).filter((k) => cycles[k] === undefined);
    if (missing.length) Object.assign(cycles, await modelledCalibrationFigures(missing, PROFILES[name]!));
    result.profiles[name] = { cycles, reference, output: { [PROGRAMS[64]]: r64.stdout, [PROGRAMS[32]]: r32.stdout } };
  }
  if (opts.mips !== false) result.mips = await measureMips();
  return result;
}

/** SYSCALL getpid round trips (compare-methods.S) under `profile` with no mitigation, each one alone, and all of them. */
export async function measureMitigations(profile: string): Promise<{ label: string; cycles: number }[]> {
  const p64 = await loadProgram(programPath(PROGRAMS[64])).catch((e: unknown) => { throw asCliError(e); });
  const base = PROFILES[profile]!;
  const sets: [string, CostProfile['mitigations']][] = [['none (mitigations=off)', []], ...MITIGATIONS.map((m) => [`+ ${m}`, [m]] as [string, CostProfile['mitigations']]), ['all of them', MITIGATIONS]];
  const rows: { label: string; cycles: number }[] = [];
  for (const [label, mitigations] of sets) {
    const r = await runCaptured(p64, { ...base, pti: false, mitigations });
    rows.push({ label, cycles: parseCycleLines(r.stdout).syscall_getpid ?? Number.NaN });
  }
  return rows;
}

/** The table `bench --mitigations` prints under a profile. */
export function formatMitigations(profile: string, rows: { label: string; cycles: number }[]): string {
  const off = rows[0]!.cycles;
  const out = [`  SYSCALL getpid round trip with the entry code's mitigations (x86_64 kernel, ${profile}'s costs):`];
  for (const r of rows) out.push(`    ${r.label.padEnd(24)}${String(r.cycles).padStart(7)}${r.cycles !== off ? `  (+${r.cycles - off})` : ''}`);
  for (const m of MITIGATIONS) out.push(`    ${m}: ${MITIGATION_TEXT[m]}`);
  out.push('    published: a null syscall ~1,200 cycles on Skylake with KPTI + Spectre mitigations (REFERENCE.md §6)');
  return out.join('\n') + '\n';
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b ? (a / b).toFixed(3) : '-';
}

/** What each compare-program figure goes through, per profile (vendor and kernel decide it). */
function methodNote(key: string, profile: string): string {
  const amd = PROFILES[profile]!.vendor === 'amd';
  const i386 = PROFILES[profile]!.kernelFor32 === 'i386';
  // the profile's kernel decides vector 0x80's entry (kernelConfig.ts)
  const version = parseKernelVersion(PROFILES[profile]!.kernelVersion ?? '') ?? DEFAULT_KERNEL_VERSION;
  const int80Path = int80Entry64(version) === 'asm_int80_emulation' ? '6.7+ emulation' : 'entry_INT80_compat (<= 6.6)';
  const notes: Record<string, string> = {
    call: 'call + ret', vdso_clock_gettime: 'vDSO, no kernel entry', syscall_clock_gettime: 'SYSCALL',
    syscall_getpid: 'SYSCALL', int80_getpid: `INT 0x80 from 64-bit, ${int80Path}`,
    vsyscall_getpid: amd ? '__kernel_vsyscall: SYSCALL32 (compat)' : '__kernel_vsyscall: SYSENTER',
    call_32: 'call + ret', vdso_clock_gettime_32: 'vDSO, no kernel entry',
    vsyscall_clock_gettime_32: amd ? 'SYSCALL32 (compat)' : 'SYSENTER',
    int80_getpid_32: i386 ? 'INT 0x80, i386 entry_INT80_32' : `INT 0x80, ${int80Path}`,
  };
  return notes[key] ?? calibrationNote(key);
}

export function formatBench(r: BenchResult): string {
  const out: string[] = [];
  for (const [name, p] of Object.entries(r.profiles)) {
    const prof = PROFILES[name]!;
    out.push(`profile ${name}: ${prof.description}`);
    const keys = [...BENCH_KEYS, ...Object.keys(p.cycles).filter((k) => !(BENCH_KEYS as readonly string[]).includes(k))];
    out.push(`  ${'round trip'.padEnd(26)}${'cycles'.padStart(8)}${'reference'.padStart(11)}${'model/ref'.padStart(11)}  path`);
    for (const k of keys) {
      const c = p.cycles[k];
      const ref = p.reference[k];
      out.push(`  ${k.padEnd(26)}${(c ?? '-').toString().padStart(8)}${(ref ?? '').toString().padStart(11)}${(ref && c !== undefined ? (c / ref).toFixed(2) : '').padStart(11)}  ${methodNote(k, name)}`);
    }
    const compared = keys.filter((k) => p.reference[k] !== undefined && p.cycles[k] !== undefined);
    for (const [what, rows] of [['round trips', compared.filter((k) => !isCalibrationClassBody(k))], ['per-class bodies', compared.filter(isCalibrationClassBody)]] as const) {
      if (!rows.length) continue;
      const off = rows.filter((k) => Math.abs(p.cycles[k]! - p.reference[k]!) > 0.1 * p.reference[k]!);
      out.push(`  ${what} within 10% of the reference: ${rows.length - off.length} of ${rows.length}${off.length ? ` (not: ${off.join(', ')})` : ''}`);
    }
    out.push(`  syscall/int80 (getpid): ${ratio(p.cycles.syscall_getpid, p.cycles.int80_getpid)}   ` +
      `vdso/syscall (clock_gettime): ${ratio(p.cycles.vdso_clock_gettime, p.cycles.syscall_clock_gettime)}   ` +
      `sysenter-or-syscall32/int80 (32-bit getpid): ${ratio(p.cycles.vsyscall_getpid, p.cycles.int80_getpid_32)}`);
    out.push('');
  }
  out.push(`emulator speed: ${r.mips} MIPS (a compute-bound loop under trapdoor run, median of 5)`);
  return out.join('\n') + '\n';
}

export async function benchCommand(args: string[]): Promise<number> {
  let profile = 'all';
  let json = false;
  let mitigations = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--mitigations') mitigations = true;
    else if (a === '--profile') profile = args[++i] ?? '';
    else if (a.startsWith('--profile=')) profile = a.slice('--profile='.length);
    else throw new CliError(`unknown argument '${a}'\nusage: trapdoor bench [--profile P|FILE|all] [--json] [--mitigations]`, EXIT_USAGE);
  }
  const names = profile === 'all' ? Object.keys(PROFILES) : [resolveProfileOption(profile, ['all'])];
  if (mitigations) {
    const tables: Record<string, { label: string; cycles: number }[]> = {};
    for (const n of names) tables[n] = await measureMitigations(n);
    if (json) process.stdout.write(JSON.stringify({ mitigations: tables }) + '\n');
    else for (const n of names) process.stdout.write(`profile ${n}\n${formatMitigations(n, tables[n]!)}\n`);
    return 0;
  }
  const r = await runBench(names);
  if (json) {
    const shaped = {
      mips: r.mips,
      profiles: Object.fromEntries(Object.entries(r.profiles).map(([n, p]) => [n, { cycles: p.cycles, reference: p.reference }])),
    };
    process.stdout.write(JSON.stringify(shaped) + '\n');
  } else {
    process.stdout.write(formatBench(r));
  }
  return 0;
}
