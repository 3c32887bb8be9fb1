// The measurement programs' output: one `NAME: N cycles` line per body.

/** `NAME: N cycles` lines -> {NAME: N}. */
export function parseCycleLines(text: string): Record<string, number> {
  const r: Record<string, number> = {};
  for (const m of text.matchAll(/^([a-z0-9_]+): (\d+) cycles$/gm)) r[m[1]!] = Number(m[2]);
  return r;
}
