// Build the bundled C programs (programs/c/*.c) with the host's gcc into programs/bin/, as
// programs/c/builds.json lists them; run by `npm run build` (so by `npm install`) and by
// `npm run build:c`. A missing compiler or multilib is reported in one line per build and never
// fails the install: the launcher then lists the program with the reason and this command.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../programs/', import.meta.url).pathname;
const { builds } = JSON.parse(readFileSync(join(dir, 'c', 'builds.json'), 'utf8'));
mkdirSync(join(dir, 'bin'), { recursive: true });
const mtime = (p) => { try { return statSync(p).mtimeMs; } catch { return -1; } };
let built = 0;
for (const b of builds) {
  const src = join(dir, 'c', b.source), out = join(dir, 'bin', b.output);
  if (mtime(out) > mtime(src)) continue; // up to date
  const r = spawnSync('gcc', [...b.flags, '-o', out, src], { encoding: 'utf8' });
  if (r.status === 0) { built++; continue; }
  const why = r.error ? 'gcc not found' : (r.stderr.split('\n').find((l) => /error|cannot find/.test(l)) ?? `gcc exited ${r.status}`).trim();
  console.log(`programs/bin/${b.output} not built (${why}): install gcc${b.flags.includes('-m32') ? ' and gcc-multilib' : ''}, then npm run build:c`);
}
if (built) console.log(`built ${built} C program${built === 1 ? '' : 's'} into programs/bin/`);
