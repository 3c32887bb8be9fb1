// The program oracle: every program in programs/ runs natively (GNU as + ld) with the expected
// output and exit status, and trapdoor (`trapdoor asm`, `trapdoor run`, `--trace`) must agree
// with the real machine: same stdout, same exit status, same syscall sequence as strace shows.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildWithGnu,
  nativeHostProblem,
  runNative,
  straceNames,
  straceProblem,
  straceText,
  syscallNames,
  syscallOutcomes,
  type RunResult,
} from './nativeTools.js';
import { mapsSpecialRows, normaliseNumbers, PROGRAMS, REQUIRED_MAPS_ROWS, type ProgramSpec } from './programSpecs.js';
import { trapdoor, trapdoorAsm, trapdoorProblem } from './trapdoorCli.js';
import { ia32Problem, int80From64Problem } from '../hostIa32.js';

const PROGRAMS_DIR = fileURLToPath(new URL('../../programs/', import.meta.url));
const hostProblem = nativeHostProblem();
const traceProblem = hostProblem ?? straceProblem();
if (hostProblem) console.warn(`test/programs: native runs SKIPPED: ${hostProblem}`);
else if (traceProblem) console.warn(`test/programs: strace comparison SKIPPED: ${traceProblem}`);

const sourceOf = (spec: ProgramSpec): string => join(PROGRAMS_DIR, `${spec.name}.S`);

const work = mkdtempSync(join(tmpdir(), 'trapdoor-programs-'));
/** A kernel without IA32 emulation runs neither 32-bit programs nor int $0x80 from 64-bit code: those are skipped. */
const problem32 = hostProblem ? null : ia32Problem();
const problemInt80 = hostProblem ? null : int80From64Problem();
if (problem32) console.warn(`test/programs: 32-bit programs SKIPPED natively: ${problem32}`);
if (problemInt80) console.warn(`test/programs: 64-bit programs using int $0x80 SKIPPED natively: ${problemInt80}`);
/** Why `spec` cannot run natively on this host (beyond hostProblem), or null. */
const nativeProblemOf = (spec: ProgramSpec): string | null =>
  spec.bits === 32 ? problem32 : spec.int80From64 ? problemInt80 : null;
/** `it`, skipped (with the warnings above) for programs this kernel cannot run natively. */
const itFor = (spec: ProgramSpec) => it.skipIf(nativeProblemOf(spec) !== null);
const nativeRuns = new Map<string, RunResult>();
const notRunYet: string[] = [];

/** The GNU-built program's native run, built once. */
function native(spec: ProgramSpec): RunResult {
  let r = nativeRuns.get(spec.name);
  if (!r) {
    const exe = buildWithGnu(sourceOf(spec), spec.bits, join(work, 'gnu'), spec.name);
    r = runNative(exe);
    nativeRuns.set(spec.name, r);
  }
  return r;
}

/** Stops the test with a clear reason when trapdoor could not run the command at all. */
function requireTrapdoorRan(r: RunResult, what: string): void {
  const p = trapdoorProblem(r, what);
  if (p) {
    notRunYet.push(p);
    throw new Error(p);
  }
}

function expectSameOutput(spec: ProgramSpec, actual: string, expected: string, who: string): void {
  switch (spec.comparison) {
    case 'exact':
      expect(actual, `${who} stdout`).toBe(expected);
      break;
    case 'numbers':
      expect(actual, `${who} stdout`).toMatch(spec.stdout);
      expect(normaliseNumbers(actual), `${who} stdout (numbers normalised)`).toBe(normaliseNumbers(expected));
      break;
    case 'maps': {
      expect(actual, `${who} /proc/self/maps rows`).toMatch(spec.stdout);
      const rows = mapsSpecialRows(actual);
      for (const row of REQUIRED_MAPS_ROWS) expect(rows.has(row), `${who} maps has a ${row} row`).toBe(true);
      break;
    }
  }
}

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (notRunYet.length) console.warn(`test/programs: parts trapdoor could not run yet (these FAILED):\n  ${notRunYet.join('\n  ')}`);
});

describe.skipIf(hostProblem)('programs natively (GNU as + ld)', () => {
  it('covers every program in programs/', () => {
    for (const spec of PROGRAMS) expect(existsSync(sourceOf(spec)), sourceOf(spec)).toBe(true);
  });
  for (const spec of PROGRAMS) {
    itFor(spec)(`${spec.name} (${spec.bits}-bit) prints what it should and exits ${spec.exitStatus}`, () => {
      const r = native(spec);
      expect(r.stdout).toMatch(spec.stdout);
      expect(r.status).toBe(spec.exitStatus);
    });
  }
  it('maps natively shows the [vvar], [vdso] and [stack] rows', () => {
    const rows = mapsSpecialRows(native(PROGRAMS.find((p) => p.name === 'maps')!).stdout);
    for (const row of REQUIRED_MAPS_ROWS) expect(rows.has(row), row).toBe(true);
  });
});

describe.skipIf(hostProblem)('programs built by `trapdoor asm` run natively like the GNU build', () => {
  for (const spec of PROGRAMS) {
    itFor(spec)(`${spec.name}`, async () => {
      mkdirSync(join(work, 'trapdoor-asm'), { recursive: true });
      const exe = join(work, 'trapdoor-asm', spec.name);
      const asm = await trapdoorAsm([sourceOf(spec), '-o', exe]);
      requireTrapdoorRan(asm, `trapdoor asm ${spec.name}.S`);
      expect(asm.status, `trapdoor asm ${spec.name}.S: ${asm.stderr}`).toBe(0);
      const ours = runNative(exe);
      const gnu = native(spec);
      expectSameOutput(spec, ours.stdout, gnu.stdout, 'trapdoor-asm build');
      expect(ours.status, 'exit status').toBe(gnu.status);
    });
  }
});

/** `trapdoor run PROG.S --trace=FILE`, once per program: stdout, status and the trace text. */
const emulatedRuns = new Map<string, RunResult & { trace: string }>();
function emulated(spec: ProgramSpec): RunResult & { trace: string } {
  let r = emulatedRuns.get(spec.name);
  if (!r) {
    const traceFile = join(work, `${spec.name}.trapdoor-trace`);
    const run = trapdoor(['run', sourceOf(spec), `--trace=${traceFile}`]);
    requireTrapdoorRan(run, `trapdoor run ${spec.name}.S`);
    r = { ...run, trace: existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '' };
    emulatedRuns.set(spec.name, r);
  }
  return r;
}

// Without the native oracle (e.g. 32-bit programs on a kernel without IA-32 emulation) each program
// is still held to what its own text says it prints.
describe('`trapdoor run` of every program prints what the program says it prints', () => {
  for (const spec of PROGRAMS) {
    it(`${spec.name}: stdout and exit status as specified`, () => {
      const r = emulated(spec);
      expect(r.stdout).toMatch(spec.stdout);
      expect(r.status, `exit status (stderr: ${r.stderr.trim()})`).toBe(spec.exitStatus);
    });
  }
});

describe.skipIf(hostProblem)('`trapdoor run` vs the real machine', () => {
  for (const spec of PROGRAMS) {
    itFor(spec)(`${spec.name}: same stdout and exit status`, () => {
      const gnu = native(spec);
      const r = emulated(spec);
      expectSameOutput(spec, r.stdout, gnu.stdout, 'trapdoor run');
      expect(r.status, `exit status (stderr: ${r.stderr.trim()})`).toBe(gnu.status);
    });
  }
});

describe.skipIf(hostProblem)('`trapdoor run` of the GNU-linked ELF and of 32-bit programs on the x86_64 kernel', () => {
  for (const spec of PROGRAMS) {
    itFor(spec)(`${spec.name}: the ld-linked executable runs under trapdoor like natively`, () => {
      const exe = buildWithGnu(sourceOf(spec), spec.bits, join(work, 'gnu'), spec.name);
      const r = trapdoor(['run', exe]);
      requireTrapdoorRan(r, `trapdoor run ${exe}`);
      const gnu = native(spec);
      expectSameOutput(spec, r.stdout, gnu.stdout, 'trapdoor run (ld-linked ELF)');
      expect(r.status, `exit status (stderr: ${r.stderr.trim()})`).toBe(gnu.status);
    });
  }
  // The auxv walkers must skip argv and envp of any length: run them with arguments.
  for (const spec of PROGRAMS.filter((p) => p.name === 'hello-sysenter' || p.name === 'clock-vdso')) {
    itFor(spec)(`${spec.name}: finds the auxiliary vector past argv when given arguments`, () => {
      const args = ['one', 'two', 'three four'];
      const exe = buildWithGnu(sourceOf(spec), spec.bits, join(work, 'gnu'), spec.name);
      const gnu = runNative(exe, 30_000, args);
      expect(gnu.stdout).toMatch(spec.stdout);
      const r = trapdoor(['run', sourceOf(spec), '--', ...args]);
      requireTrapdoorRan(r, `trapdoor run ${spec.name}.S -- ARGS`);
      expect(r.stdout).toBe(gnu.stdout);
      expect(r.status).toBe(gnu.status);
    });
  }
  // Every cost profile prints the same lines; only the modelled numbers change.
  for (const spec of PROGRAMS.filter((p) => p.comparison === 'numbers')) {
    itFor(spec)(`${spec.name}: --profile zen4-kvm prints the native lines`, () => {
      const r = trapdoor(['run', sourceOf(spec), '--profile', 'zen4-kvm']);
      requireTrapdoorRan(r, `trapdoor run --profile zen4-kvm ${spec.name}.S`);
      expectSameOutput(spec, r.stdout, native(spec).stdout, 'trapdoor run --profile zen4-kvm');
      expect(r.status).toBe(native(spec).status);
    });
  }
  // Natively this host runs 32-bit programs in compat mode under a 64-bit kernel: so can trapdoor.
  for (const spec of PROGRAMS.filter((p) => p.bits === 32)) {
    itFor(spec)(`${spec.name}: --kernel x86_64 (compat mode) gives the native stdout, status and syscalls`, () => {
      const traceFile = join(work, `${spec.name}.compat-trace`);
      const r = trapdoor(['run', sourceOf(spec), '--kernel', 'x86_64', `--trace=${traceFile}`]);
      requireTrapdoorRan(r, `trapdoor run --kernel x86_64 ${spec.name}.S`);
      const gnu = native(spec);
      expectSameOutput(spec, r.stdout, gnu.stdout, 'trapdoor run --kernel x86_64');
      expect(r.status, `exit status (stderr: ${r.stderr.trim()})`).toBe(gnu.status);
      const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
      expect(syscallNames(trace).join(' ')).toBe(syscallNames(emulated(spec).trace).join(' '));
    });
  }
});

describe.skipIf(traceProblem)('`trapdoor run --trace` vs strace', () => {
  for (const spec of PROGRAMS) {
    itFor(spec)(`${spec.name}: same syscall sequence`, () => {
      const exe = buildWithGnu(sourceOf(spec), spec.bits, join(work, 'strace'), spec.name);
      const expected = straceNames(exe, join(work, 'strace'), spec.name);
      expect(expected.length, 'strace saw syscalls').toBeGreaterThan(0);
      const r = emulated(spec);
      const actual = syscallNames(r.trace);
      if (actual.length === 0) {
        const p = `trapdoor run --trace=FILE ${spec.name}.S wrote no strace-format lines`;
        notRunYet.push(p);
        throw new Error(p);
      }
      expect(actual.join(' ')).toBe(expected.join(' '));
    });
    itFor(spec)(`${spec.name}: same errors, signals and exits in the trace`, () => {
      const exe = buildWithGnu(sourceOf(spec), spec.bits, join(work, 'strace'), spec.name);
      const expected = syscallOutcomes(straceText(exe, join(work, 'strace'), spec.name));
      const actual = syscallOutcomes(emulated(spec).trace);
      expect(actual.join('\n')).toBe(expected.join('\n'));
    });
  }
});
