// Code: disassembly around the current instruction with symbols, breakpoints and source lines.
import type React from 'react';
import { Text } from 'ink';
import type { CodeLine, CodeView } from '../debugger/viewModel.js';
import { windowAround } from './layout.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

type Row = { kind: 'label'; text: string } | { kind: 'insn'; line: CodeLine; index: number };

/** A line from a macro's body names the macro called in the entry file and where the line is: `PUSH_AND_CLEAR_REGS calling.S:44`. */
function sourceRef(s: NonNullable<CodeLine['source']>): string {
  return s.macro ? `${s.macro.split(' > ')[0]} ${s.file.split('/').pop()}:${s.line}` : String(s.line);
}

function rowsOf(lines: CodeLine[]): Row[] {
  const rows: Row[] = [];
  lines.forEach((line, index) => {
    if (line.label) rows.push({ kind: 'label', text: `${line.addr} <${line.label}>:` });
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
}

export function CodePane({ view, width, height, focused, selected, tabs }: CodePaneProps): React.JSX.Element {
  const rows = rowsOf(view.lines);
  const currentIndex = view.lines.findIndex((l) => l.current);
  const browsed = view.browsing ? view.lines.findIndex((l) => l.addr === view.browsing) : -1;
  const anchor = selected ?? (browsed >= 0 ? browsed : currentIndex);
  const focusRow = Math.max(0, rows.findIndex((r) => r.kind === 'insn' && r.index === anchor));
  const { start, end } = windowAround(rows.length, focusRow, Math.max(1, height - 1));
  const addrWidth = Math.max(0, ...view.lines.map((l) => l.addr.length));
  const showSymbol = width >= 90;
  const showBytes = width >= 110;
  // One symbol column for the lines shown, so the mnemonics line up; a longer symbol is cut.
  const symbolWidth = Math.min(34, Math.max(0, ...view.lines.map((l) => (l.symbol ? l.symbol.length + 2 : 0))));
  const symbolCell = (s: string): string => (s.length + 2 > symbolWidth ? `<${s.slice(0, symbolWidth - 3)}…>` : `<${s}>`.padEnd(symbolWidth));
  return (
    <Pane title="Code" width={width} height={height} focused={focused} tabs={tabs} note={view.browsing ? `${view.region} · browsing: . back to the PC` : view.region}>
      {rows.slice(start, end).map((row, i) => {
        if (row.kind === 'label') {
          return (
            <Line key={`l${start + i}`} color={theme.title}>
              {row.text}
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
              {l.text.padEnd(28)}
            </Text>
            {l.source ? <Text color={theme.dim}> # {sourceRef(l.source)}: {l.source.text.trim()}</Text> : null}
          </Line>
        );
      })}
    </Pane>
  );
}
