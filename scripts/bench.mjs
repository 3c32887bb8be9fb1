// `npm run bench`: build, then run every bench/*.bench.mjs in turn (each prints its own medians).
// Benchmarks live outside the unit tests on purpose: speed is measured here, never asserted in tests.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  try {
    execFileSync(process.execPath, [`bench/${f}`], { stdio: 'inherit' });
  } catch {
    failed++;
    process.stdout.write(`${f}: FAILED\n`);
  }
}
process.exitCode = failed ? 1 : 0;
