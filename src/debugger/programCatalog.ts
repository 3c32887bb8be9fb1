// The launcher's list: programs/*.S, and the C programs of programs/c/ as programs/c/builds.json
// builds them into programs/bin/, each with the one-line description from its first comment.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CatalogEntry {
  path: string;
  name: string;
  description: string;
}

/** First comment line of an assembly source (#, // or a C-style block comment), without the marker. */
export function describeSource(text: string): string {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(?:#|\/\/|\/\*|;)\s*(.*?)\s*(?:\*\/)?$/.exec(line);
    return m ? m[1]! : '';
  }
  return '';
}

interface CBuild { source: string; output: string; flags: string[]; kind: string }

/** The C programs' builds (programs/c/builds.json): the binary if built, else why not and how to. */
function listCPrograms(dir: string): CatalogEntry[] {
  let builds: CBuild[];
  try {
    builds = (JSON.parse(readFileSync(join(dir, 'c', 'builds.json'), 'utf8')) as { builds: CBuild[] }).builds;
  } catch {
    return [];
  }
  return builds.map((b) => {
    const path = join(dir, 'bin', b.output);
    let description = '';
    try { description = describeSource(readFileSync(join(dir, 'c', b.source), 'utf8')); } catch { description = '(unreadable)'; }
    const built = existsSync(path);
    return {
      path, name: `${b.output} (C)`,
      description: built ? `${description} [gcc ${b.flags.join(' ')}]` : `not built (needs gcc${b.flags.includes('-m32') ? ' + gcc-multilib' : ''}): npm run build:c`,
    };
  });
}

/** Programs in `dir` (.S/.s files, then the C programs), sorted by name; missing directory -> empty list. */
export function listPrograms(dir: string): CatalogEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.[sS]$/.test(n)).sort();
  } catch {
    return [];
  }
  return [...names.map((name) => {
    const path = join(dir, name);
    let description = '';
    try {
      description = describeSource(readFileSync(path, 'utf8'));
    } catch {
      description = '(unreadable)';
    }
    return { path, name, description };
  }), ...listCPrograms(dir)];
}
