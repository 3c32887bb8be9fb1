// How a typed command word names a command: gdb's unique prefixes (each name with the shortest
// prefix it accepts) and aliases. Shared by commands.ts and inspectCommands.ts.

export interface CommandWord {
  name: string;
  min: number;
  aliases?: string[];
}

/** Resolve an abbreviation: the word must be a prefix of a name at least `min` long, or an alias. */
export function resolveWord<T extends CommandWord>(word: string, table: T[]): T | undefined {
  const w = word.toLowerCase();
  return table.find((c) => c.aliases?.includes(w)) ?? table.find((c) => w.length >= c.min && c.name.startsWith(w));
}
