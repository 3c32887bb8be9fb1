// Code: disassembly around the current instruction with symbols, breakpoints and source lines;
// a C line from DWARF is drawn above its instructions (gdb's `disassemble /s`, `layout split`),
// and the source-only view shows the file itself (gdb's `layout src`).
import type React from 'react';
import { Text } from 'ink';
import type { CodeLine, CodeView, SourceListing } from '../debugger/viewModel.js';
import { windowAround } from './layout.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

type Row =
  | { kind: 'label'; text: string }
  | { kind: 'file'; text: string }
  | { kind: 'source'; line: number; text: string }
  | { kind: 'insn'; line: CodeLine; index: number };

/** A line from a macro's body names the macro called in the entry file and where the line is: `PUSH_AND_CLEAR_REGS calling.S:44`. */
function sourceRef(s: NonNullable<CodeLine['source']>): string {
  return s.macro ? `${s.macro.split(' > ')[0]} ${s.file.split('/').pop()}:${s.line}` : String(s.line);
}

const baseName = (file: string): string => file.split('/').pop() ?? file;

/** Tabs to spaces at 8-column stops, as a terminal shows the file (a tab would break the columns). */
export function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  for (const ch of text) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

/**
 * The mixed view's rows: a symbol's label, and above the first instruction of each DWARF line the
 * line itself (its file named first, and again when the file changes), as gdb's /s prints them.
 */
export function rowsOf(lines: CodeLine[]): Row[] {
  const rows: Row[] = [];
  let lastFile: string | null = null, lastLine: string | null = null;
  lines.forEach((line, index) => {
    if (line.label) rows.push({ kind: 'label', text: `${line.addr} <${line.label}>:` });
    const s = line.source?.dwarf ? line.source : null;
    const key = s ? `${s.file}:${s.line}` : null;
    if (s && (key !== lastLine || line.label)) {
      if (s.file !== lastFile) rows.push({ kind: 'file', text: s.missing ? `${baseName(s.file)}: ${s.missing}` : `${baseName(s.file)}:` });
      rows.push({ kind: 'source', line: s.line, text: expandTabs(s.text) });
      lastFile = s.file;
    }
    lastLine = key;
    rows.push({ kind: 'insn', line, index });
  });
  return rows;
}

export interface CodePaneProps {
  view: CodeView;
  width: number;
  height: number;
  focused?: boolean;
  /** Index into view.lines of the line `b` toggles (defaults to the current one). */
  selected?: number;
  /** The other panes sharing this pane's slot (Pane's tabs). */
  tabs?: string;
  /** Source only (key l): the file around the stop instead of the instructions, where there is one. */
  sourceOnly?: boolean;
  /** In the source-only view, the line `b` toggles (defaults to the current one). */
  selectedLine?: number;
}

export function CodePane({ view, width, height, focused, selected, tabs, sourceOnly, selectedLine }: CodePaneProps): React.JSX.Element {
  if (sourceOnly && view.listing) return <SourceOnly listing={view.listing} region={view.region} width={width} height={height} focused={focused} tabs={tabs} selectedLine={selectedLine} />;
  const rows = rowsOf(view.lines);
  const currentIndex = view.lines.findIndex((l) => l.current);
  const browsed = view.browsing ? view.lines.findIndex((l) => l.addr === view.browsing) : -1;
  const anchor = selected ?? (browsed >= 0 ? browsed : currentIndex);
  const focusRow = Math.max(0, rows.findIndex((r) => r.kind === 'insn' && r.index === anchor));
  const { start, end } = windowAround(rows.length, focusRow, Math.max(1, height - 1));
  const addrWidth = Math.max(0, ...view.lines.map((l) => l.addr.length));
  const lineWidth = Math.max(0, ...rows.map((r) => (r.kind === 'source' ? String(r.line).length : 0)));
  const showSymbol = width >= 90;
  const showBytes = width >= 110;
  // One symbol column for the lines shown, so the mnemonics line up; a longer symbol is cut.
  const symbolWidth = Math.min(34, Math.max(0, ...view.lines.map((l) => (l.symbol ? l.symbol.length + 2 : 0))));
  const symbolCell = (s: string): string => (s.length + 2 > symbolWidth ? `<${s.slice(0, symbolWidth - 3)}…>` : `<${s}>`.padEnd(symbolWidth));
  const note = [view.region, sourceOnly ? 'no source here: instructions' : null, view.browsing ? 'browsing: . back to the PC' : null].filter(Boolean).join(' · ');
  return (
    <Pane title="Code" width={width} height={height} focused={focused} tabs={tabs} note={note}>
      {rows.slice(start, end).map((row, i) => {
        if (row.kind === 'label' || row.kind === 'file') {
          return (
            <Line key={`l${start + i}`} color={row.kind === 'label' ? theme.title : theme.source}>
              {row.text}
            </Line>
          );
        }
        if (row.kind === 'source') {
          return (
            <Line key={`s${start + i}`} color={theme.source}>
              {`${String(row.line).padStart(lineWidth)}  ${row.text}`}
            </Line>
          );
        }
        const l = row.line;
        const isSelected = selected !== undefined && row.index === selected && !l.current;
        const mark = l.current ? '▶' : isSelected ? '›' : ' ';
        const bp = l.breakpoint === 'enabled' ? '●' : l.breakpoint === 'disabled' ? '○' : ' ';
        return (
          <Line key={`i${start + i}`} inverse={isSelected}>
            <Text color={theme.current} bold>
              {mark}
            </Text>
            <Text color={l.breakpoint === 'enabled' ? theme.breakpoint : theme.disabled}>{bp}</Text>
            <Text color={l.current ? theme.current : theme.dim}> {l.addr.padStart(addrWidth)}</Text>
            {showSymbol && symbolWidth ? <Text color={theme.dim}> {l.symbol ? symbolCell(l.symbol) : ' '.repeat(symbolWidth)}</Text> : null}
            {showBytes ? <Text color={theme.dim}> {l.bytes.padEnd(21).slice(0, 21)}</Text> : null}
            <Text bold={l.current} color={l.current ? theme.current : undefined}>
              {'  '}
              {l.source && !l.source.dwarf ? l.text.padEnd(28) : l.text}
            </Text>
            {l.source && !l.source.dwarf ? <Text color={theme.dim}> # {sourceRef(l.source)}: {l.source.text.trim()}</Text> : null}
          </Line>
        );
      })}
    </Pane>
  );
}

interface SourceOnlyProps {
  listing: SourceListing;
  region: string;
  width: number;
  height: number;
  focused?: boolean;
  tabs?: string;
  selectedLine?: number;
}

/** The source file around the stop, each line with its number, breakpoint marker and the current line marked. */
function SourceOnly({ listing, region, width, height, focused, tabs, selectedLine }: SourceOnlyProps): React.JSX.Element {
  const note = `${region} · ${baseName(listing.file)} · source only (l: with assembly)`;
  if (listing.missing) {
    return (
      <Pane title="Code" width={width} height={height} focused={focused} tabs={tabs} note={note}>
        <Line color={theme.error}>{listing.missing}</Line>
      </Pane>
    );
  }
  const anchor = selectedLine ?? listing.current;
  const focusRow = Math.max(0, listing.lines.findIndex((l) => l.line === anchor));
  const { start, end } = windowAround(listing.lines.length, focusRow, Math.max(1, height - 1));
  const numWidth = Math.max(0, ...listing.lines.map((l) => String(l.line).length));
  return (
    <Pane title="Code" width={width} height={height} focused={focused} tabs={tabs} note={note}>
      {listing.lines.slice(start, end).map((l) => {
        const current = l.line === listing.current;
        const isSelected = selectedLine !== undefined && l.line === selectedLine && !current;
        const bp = l.breakpoint === 'enabled' ? '●' : l.breakpoint === 'disabled' ? '○' : ' ';
        return (
          <Line key={l.line} inverse={isSelected}>
            <Text color={theme.current} bold>
              {current ? '▶' : isSelected ? '›' : ' '}
            </Text>
            <Text color={l.breakpoint === 'enabled' ? theme.breakpoint : theme.disabled}>{bp}</Text>
            <Text color={current ? theme.current : theme.dim}> {String(l.line).padStart(numWidth)}</Text>
            <Text bold={current} color={current ? theme.current : undefined}>
              {'  '}
              {expandTabs(l.text)}
            </Text>
          </Line>
        );
      })}
    </Pane>
  );
}
