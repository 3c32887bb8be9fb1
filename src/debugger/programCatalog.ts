// The launcher's list: programs/*.S with the one-line description from each file's first comment.
import { readdirSync, readFileSync } from 'node:fs';
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

/** Programs in `dir` (.S/.s files), sorted by name; missing directory -> empty list. */
export function listPrograms(dir: string): CatalogEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.[sS]$/.test(n)).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const path = join(dir, name);
    let description = '';
    try {
      description = describeSource(readFileSync(path, 'utf8'));
    } catch {
      description = '(unreadable)';
    }
    return { path, name, description };
  });
}
