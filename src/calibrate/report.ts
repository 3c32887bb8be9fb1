// The calibration as text (the table `trapdoor calibrate` prints) and as the profile file's
// `calibration` section (the same rows as data).
import { paramValues, type Param } from './classCounts.js';
import type { Calibration } from './calibrate.js';
import { DEFAULT_FIT, type FitRow } from './fitProfile.js';
import { PROFILES } from '../machine/index.js';

function pct(r: FitRow): string {
  if (r.relative === undefined) return '';
  if (!Number.isFinite(r.relative)) return 'n/a';
  return `${r.relative >= 0 ? '+' : ''}${(100 * r.relative).toFixed(1)}%`;
}

function num(v: number | undefined): string {
  return v === undefined ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** The report: host, then per measurement the native median and spread, the model's figure and the residual. */
export function formatCalibration(c: Calibration): string {
  const out: string[] = [
    `profile ${c.profile.name}: ${c.profile.description}`,
    `native: ${c.runs} runs of each program, each figure the interquartile mean of 1000 rdtsc/rdtscp-fenced calls less an empty call's; ${c.pinning}; load average ${c.load[0]} before, ${c.load[1]} after`,
    `fit: least squares over the fitted rows below (relative residuals; per-class rows weigh ${DEFAULT_FIT.classWeight} of a path), prior ${c.base} (a relative departure weighs ${DEFAULT_FIT.priorWeight}), whole-cycle costs`,
    '',
    `  ${'measurement'.padEnd(26)}${'median'.padStart(8)}${'p25-p75'.padStart(14)}${'model'.padStart(8)}${'residual'.padStart(10)}  what`,
  ];
  for (const r of c.fit.rows) {
    const spread = r.native ? `${num(r.native.p25)}-${num(r.native.p75)}` : '';
    const tag = r.fitted ? '' : `  [${r.why}]`;
    out.push(`  ${r.name.padEnd(26)}${num(r.native?.median).padStart(8)}${spread.padStart(14)}${num(r.modelled).padStart(8)}${pct(r).padStart(10)}  ${r.note}${tag}`);
  }
  out.push('', 'fitted costs (cycles; the base profile\'s in parentheses where they differ):');
  const before = paramValues(PROFILES[c.base]!);
  const parts: string[] = [];
  for (const [k, v] of c.fit.values) {
    const b = before.get(k as Param);
    parts.push(b !== undefined && b !== v ? `${k} ${v} (${b})` : `${k} ${v}`);
  }
  for (let i = 0; i < parts.length; i += 6) out.push(`  ${parts.slice(i, i + 6).join(', ')}`);
  out.push(`checked: the fitted profile makes the emulator print exactly the modelled figures (${c.checked.join(', ')})`);
  return out.join('\n') + '\n';
}

/** The profile file's `calibration` section. */
export function calibrationSection(c: Calibration): unknown {
  return {
    date: c.date, base: c.base, runs: c.runs, pinning: c.pinning,
    host: { brand: c.host.brand, vendor: c.host.vendor, family: c.host.family, model: c.host.model, stepping: c.host.stepping, hypervisor: c.host.hypervisor, tscMHz: c.host.tscMHz },
    rows: c.fit.rows.map((r) => ({ name: r.name, native: r.native, modelled: r.modelled, residual: r.residual, fitted: r.fitted, ...(r.why ? { why: r.why } : {}) })),
    loadAverage: c.load,
  };
}
