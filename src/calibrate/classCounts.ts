// What the emulator counts in each measured body: run the measurement programs under trapdoor with
// probe profiles that price a few parameters at distinct powers of 1024 and everything else at 0.
// RDTSC reads the modelled counter, so each printed figure is then those parameters' counts in the
// body, digit by digit. The model is linear in its parameters, so these counts give the modelled
// figure of any profile (modelledFigure) — the fit needs exactly that.
import type { CostClass, CostProfile } from '../machine/index.js';
import { LinuxKernel } from '../kernel/LinuxKernel.js';
import { parseCycleLines } from './cycleLines.js';

/** A profile parameter: a cost class, `native:NAME` (nativeCosts[NAME]) or `nativeDefault`. */
export type Param = string;

/** Count of each parameter in one body (parameters it never charges are absent). */
export type Counts = Map<Param, number>;

/** The parameters of `p`: every cost class, every named native function, the native default. */
export function profileParams(p: CostProfile): Param[] {
  return [...Object.keys(p.costs), ...Object.keys(p.nativeCosts).map((n) => `native:${n}`), 'nativeDefault'];
}

/** The value of each parameter in `p`. */
export function paramValues(p: CostProfile): Map<Param, number> {
  const v = new Map<Param, number>();
  for (const [k, c] of Object.entries(p.costs)) v.set(k, c);
  for (const [k, c] of Object.entries(p.nativeCosts)) v.set(`native:${k}`, c);
  v.set('nativeDefault', p.nativeDefault);
  return v;
}

/** `base` with every parameter priced from `values` (0 where absent). */
export function withParams(base: CostProfile, values: ReadonlyMap<Param, number>, extra: Partial<CostProfile> = {}): CostProfile {
  const costs = { ...base.costs };
  for (const k of Object.keys(costs) as CostClass[]) costs[k] = values.get(k) ?? 0;
  const nativeCosts: Record<string, number> = {};
  for (const k of Object.keys(base.nativeCosts)) nativeCosts[k] = values.get(`native:${k}`) ?? 0;
  return { ...base, ...extra, costs, nativeCosts, nativeDefault: values.get('nativeDefault') ?? 0 };
}

/** Σ count × value: the cycles the emulator charges the body under `values`. */
export function modelledFigure(counts: Counts, values: ReadonlyMap<Param, number>): number {
  let s = 0;
  for (const [k, n] of counts) s += n * (values.get(k) ?? 0);
  return s;
}

export type EmulatedRun = { ok: true; figures: Record<string, number> } | { ok: false; why: string };

/** Run one measurement program under `profile` (no timer tick: an interrupt inside a timed body would count). */
export async function runEmulated(elf: Uint8Array, name: string, profile: CostProfile): Promise<EmulatedRun> {
  const chunks: Uint8Array[] = [];
  const notes: string[] = [];
  const k = await LinuxKernel.boot({
    elf, execPath: name, argv: [name], envp: [], profile, hz: 0, onNote: (l) => notes.push(l),
    streams: { readStdin: () => new Uint8Array(0), writeStdout: (b) => chunks.push(b.slice()), writeStderr: () => {} },
  });
  const out = k.run({ maxInstructions: 100_000_000 });
  if (out.kind === 'exited' && out.status === 0) return { ok: true, figures: parseCycleLines(Buffer.concat(chunks).toString('utf8')) };
  const why = out.kind === 'killed' ? out.report.split('\n')[0]! : out.kind === 'exited' ? `exit status ${out.status}` : out.kind;
  return { ok: false, why };
}

const DIGIT = 1024;
const DIGITS_PER_RUN = 3;

/**
 * Counts of every parameter of `base` in every body `elf` prints, or why the program does not run
 * under trapdoor (an instruction not emulated yet). Checked: the counts must add up to the figures
 * of a run with every parameter at 1 (a count of 1024 or more would spill into the next digit).
 */
export async function countParams(elf: Uint8Array, name: string, base: CostProfile): Promise<{ ok: true; counts: Map<string, Counts> } | { ok: false; why: string }> {
  const probe = await runEmulated(elf, name, base);
  if (!probe.ok) return probe;
  const params = profileParams(base);
  const counts = new Map<string, Counts>(Object.keys(probe.figures).map((m) => [m, new Map()]));
  for (let i = 0; i < params.length; i += DIGITS_PER_RUN) {
    const chunk = params.slice(i, i + DIGITS_PER_RUN);
    const r = await runEmulated(elf, name, withParams(base, new Map(chunk.map((p, j) => [p, DIGIT ** j]))));
    if (!r.ok) return r;
    for (const [m, v] of Object.entries(r.figures)) {
      chunk.forEach((p, j) => {
        const n = Math.floor(v / DIGIT ** j) % DIGIT;
        if (n) counts.get(m)?.set(p, n);
      });
    }
  }
  const ones = await runEmulated(elf, name, withParams(base, new Map(params.map((p) => [p, 1]))));
  if (!ones.ok) return ones;
  for (const [m, c] of counts) {
    const total = [...c.values()].reduce((a, b) => a + b, 0);
    if (total !== ones.figures[m]) throw new Error(`calibrate: counts of ${m} add up to ${total}, the emulator charges ${ones.figures[m]}`);
  }
  return { ok: true, counts };
}
