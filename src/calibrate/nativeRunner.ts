// Run the measurement programs natively: each written to a temporary executable, run `runs` times
// pinned to one CPU (taskset) where the host has it, the runs of all programs interleaved so that
// a drift in the machine's speed spreads over every figure alike.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCycleLines } from './cycleLines.js';

/** One native program: its name and its executable bytes. */
export interface NativeProgram { name: string; elf: Uint8Array; }

/** Every run's figure per measurement name, and how the runs were pinned. */
export interface NativeSamples {
  figures: Map<string, number[]>;
  /** e.g. `pinned to CPU 1 with taskset`, or why not. */
  pinning: string;
  /** Programs that did not run to completion, with why (they give no figures). */
  failures: Map<string, string>;
}

function haveTaskset(): boolean {
  return spawnSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' }).status === 0;
}

/** Run every program `runs` times; `onRun(done, total)` reports progress. */
export function runNativePrograms(programs: readonly NativeProgram[], runs: number, onRun?: (done: number, total: number) => void): NativeSamples {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-calibrate-'));
  const cpu = availableParallelism() - 1;
  const pin = haveTaskset() ? ['taskset', '-c', String(cpu)] : [];
  const figures = new Map<string, number[]>();
  const failures = new Map<string, string>();
  try {
    const exes = programs.map((p) => {
      const exe = join(dir, p.name);
      writeFileSync(exe, p.elf);
      chmodSync(exe, 0o755);
      return { name: p.name, exe };
    });
    let done = 0;
    for (let r = 0; r < runs; r++) {
      for (const { name, exe } of exes) {
        onRun?.(++done, runs * exes.length);
        if (failures.has(name)) continue;
        const [cmd, ...args] = [...pin, exe];
        const res = spawnSync(cmd!, args, { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
        if (res.error || res.status !== 0) {
          failures.set(name, res.error ? res.error.message : res.signal ? `killed by ${res.signal}` : `exit status ${res.status}: ${res.stderr.trim()}`);
          continue;
        }
        for (const [k, v] of Object.entries(parseCycleLines(res.stdout))) {
          const list = figures.get(k);
          if (list) list.push(v);
          else figures.set(k, [v]);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pinning = pin.length ? `pinned to CPU ${cpu} with taskset` : 'not pinned (taskset is not installed)';
  return { figures, pinning, failures };
}
