// `list`, `info source` and `info line` over the program's source, in gdb's wording.
import { CommandError } from './commands.js';
import type { ProgramSource, SourcePosition } from './programSource.js';
import { baseName } from './sourceStepping.js';
import type { SymbolTable } from './symbols.js';

/** A linespec resolved to a file and line (for list) or addresses (break, info line). */
export interface ResolvedLine {
  file: string;
  line: number;
}

/**
 * LINE, FILE:LINE or FUNCTION to a file and line; `current` is the file of the selected frame
 * (what a bare LINE means). FUNCTION lists around its declaration, as gdb's `list main`.
 */
export function resolveLinespec(src: ProgramSource, spec: string, current: SourcePosition | null): ResolvedLine {
  const t = spec.trim();
  const fileLine = /^([^\s:*]+):(\d+)$/.exec(t);
  if (fileLine) {
    const file = src.resolveFile(fileLine[1]!);
    if (!file) throw new CommandError(`No source file named ${fileLine[1]}.`);
    return { file, line: Number(fileLine[2]) };
  }
  if (/^\d+$/.test(t)) {
    if (!current) throw new CommandError('No current source file (the program stopped where there is no line information).');
    return { file: current.file, line: Number(t) };
  }
  const f = src.functionNamed(t);
  const decl = f ? src.info!.declaration(f) : null;
  if (!decl) throw new CommandError(`Function "${t}" not defined (or without line information).`);
  return { file: decl.file, line: decl.line };
}

/** What `list` remembers: the file and the last line it printed, for the next `list`. */
export interface ListState {
  file: string;
  first: number;
  last: number;
}

/** gdb's `list`: ten lines centred on a line, then on from the last one listed. */
export function listSource(src: ProgramSource, where: string | null, current: SourcePosition | null, prev: ListState | null): { text: string; state: ListState } {
  let file: string, first: number;
  if (where === null && prev) {
    file = prev.file;
    first = prev.last + 1;
  } else if (where === '-') {
    if (!prev) throw new CommandError('No previous list.');
    file = prev.file;
    first = Math.max(1, prev.first - 10);
  } else {
    const at = where === null ? (current ? { file: current.file, line: current.line } : null) : resolveLinespec(src, where, current);
    if (!at) throw new CommandError('No line information here (list LINE, FILE:LINE or FUNCTION).');
    file = at.file;
    first = Math.max(1, at.line - 5);
  }
  const t = src.text(file);
  if ('missing' in t) throw new CommandError(t.missing);
  if (first > t.lines.length) throw new CommandError(`Line number ${first} out of range; "${baseName(file)}" has ${t.lines.length} lines.`);
  const last = Math.min(t.lines.length, first + 9);
  const text = t.lines.slice(first - 1, last).map((l, i) => `${first + i}\t${l}`).join('\n');
  return { text, state: { file, first, last } };
}

/** `info source`: the current file, where it was compiled, its size and DWARF version. */
export function infoSource(src: ProgramSource, current: SourcePosition | null): string {
  if (!current) return src.problem ?? (src.hasLines ? 'No current source file (stopped where there is no line information).' : 'No current source file (the program has no DWARF line information; build it with -g).');
  const unit = src.unitOf(current.file);
  const t = src.text(current.file);
  return [
    `Current source file is ${baseName(current.file)}`,
    unit?.compDir ? `Compilation directory is ${unit.compDir}` : null,
    `Located in ${current.file}`,
    'lines' in t ? `Contains ${t.lines.length} lines.` : t.missing,
    unit ? `Compiled with DWARF ${unit.version} debugging format.` : null,
  ].filter((l) => l !== null).join('\n');
}

/** `info line` for an address: the line and the addresses of its range, as gdb words it. */
export function infoLineAt(src: ProgramSource, symbols: SymbolTable, addr: bigint): string {
  const pos = src.positionAt(addr);
  const range = src.lineRange(addr);
  if (!pos || !range) return `No line number information available for address ${symbols.format(addr)}`;
  return `Line ${pos.line} of "${baseName(pos.file)}" starts at address ${symbols.format(range[0])} and ends at ${symbols.format(range[1])}.`;
}

/** `info line FILE:LINE` / `info line FUNCTION`: each block of that line, or that it has no code. */
export function infoLineOf(src: ProgramSource, symbols: SymbolTable, at: ResolvedLine): string {
  const addrs = src.addressesOf(at.file, at.line);
  if (!addrs.length) {
    const next = src.nearestLineWithCode(at.file, at.line + 1);
    return `Line ${at.line} of "${baseName(at.file)}" has no code${next ? `; the next line with code is ${next}` : ''}.`;
  }
  return addrs.map((a) => infoLineAt(src, symbols, a)).join('\n');
}

/** A frame as gdb's `bt` prints it: `#1  0x000000000040118c in main () at main.c:13`. */
export function formatFrame(src: ProgramSource, symbols: SymbolTable, f: { level: number; pc: bigint; lookupPc: bigint }, bits: 32 | 64): string {
  const pos = src.positionAt(f.lookupPc);
  const sym = symbols.containing(f.lookupPc);
  const name = pos?.function ?? sym?.name ?? '??';
  // gdb shows the address unless the pc is where a line begins (frame 0 at a line start).
  const atLineStart = f.level === 0 && src.lineRange(f.pc)?.[0] === f.pc;
  const addr = atLineStart ? '' : `0x${f.pc.toString(16).padStart(bits / 4, '0')} in `;
  const where = pos && src.lineRange(f.lookupPc) ? ` at ${baseName(pos.file)}:${pos.line}` : !pos?.function && sym?.objectPath ? ` from ${sym.objectPath}` : '';
  return `#${String(f.level).padEnd(2)} ${addr}${name} ()${where}`;
}
