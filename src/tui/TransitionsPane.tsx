// Transitions: the timeline of mode switches, vDSO calls, interrupts and signals, newest at the
// bottom; a selected row opens (Enter) in full in a detail view, wrapped.
import React from 'react';
import { Text } from 'ink';
import type { TransitionRow } from '../debugger/viewModel.js';
import { wrapText } from './HelpOverlay.js';
import { windowAround } from './layout.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

const KIND_COLOR: Record<TransitionRow['kind'], string> = {
  enter: theme.kernel,
  exit: theme.user,
  'vdso call': theme.changed,
  'vdso return': theme.changed,
  signal: theme.error,
};

export interface TransitionsPaneProps {
  rows: TransitionRow[];
  total?: number;
  width: number;
  height: number;
  focused?: boolean;
  /** seq of the selected row (default: the newest). */
  selected?: number | null;
  tabs?: string;
}

export function TransitionsPane({ rows, total = rows.length, width, height, focused, selected = null, tabs }: TransitionsPaneProps): React.JSX.Element {
  const body = Math.max(1, height - 1);
  const at = selected === null ? rows.length - 1 : Math.max(0, rows.findIndex((r) => r.seq === selected));
  const { start, end } = windowAround(rows.length, at, body, 0.7);
  const note = total ? `${total}${total > rows.length ? `, the last ${rows.length} kept` : ''} · Enter: in full` : undefined;
  return (
    <Pane title="Transitions" width={width} height={height} focused={focused} note={note} tabs={tabs}>
      {rows.length === 0 ? <Line color={theme.dim}>no mode switch yet: step into a syscall, or continue</Line> : null}
      {rows.slice(start, end).map((r, i) => {
        const isSel = focused && start + i === at;
        return (
          <Line key={r.seq} inverse={isSel}>
            <Text color={theme.dim}>{`#${r.seq} `.padStart(6)}{String(r.cycles).padStart(9)} </Text>
            <Text color={KIND_COLOR[r.kind]}>{r.kind.padEnd(11)}</Text>
            {` ${r.method.padEnd(9)} `}
            {r.syscall && r.kind === 'enter' ? `${r.syscall} ` : ''}
            {r.cost !== null ? <Text color={theme.changed}>{`${r.cost} cycles `}</Text> : null}
            {r.where ? <Text color={theme.dim}>{`${r.kind === 'exit' ? '-> ' : ''}${r.where} `}</Text> : null}
            {r.what}
          </Line>
        );
      })}
    </Pane>
  );
}

/** The detail view of one transition: every field, and what the CPU did wrapped to the width. */
export function TransitionDetail({ row, width, height }: { row: TransitionRow; width: number; height: number }): React.JSX.Element {
  const lines = [
    `#${row.seq} at cycle ${row.cycles}: ${row.kind} by ${row.method}${row.syscall ? ` (syscall ${row.syscall})` : ''}`,
    ...(row.where ? [`${row.kind === 'exit' ? 'returned to' : 'to'}: ${row.where}`] : []),
    ...(row.cost !== null ? [`round trip: ${row.cost} cycles`] : []),
    '',
    ...row.what.split(/,\s+(?=[A-Z%(]|stack|the )/).flatMap((part) => wrapText(part, width - 4).map((l, i) => (i === 0 ? `• ${l}` : `  ${l}`))),
  ];
  return (
    <Pane title={`Transition #${row.seq} — any key closes`} width={width} height={height} focused>
      {lines.slice(0, Math.max(0, height - 1)).map((l, i) => (
        <Line key={i}>{l || ' '}</Line>
      ))}
    </Pane>
  );
}

/** The last entry-code step's note in full (e, when the status line had to cut it). */
export function StepDetail({ note, width, height }: { note: string; width: number; height: number }): React.JSX.Element {
  const lines = note.split(/;\s+/).flatMap((part) => wrapText(part, width - 4).map((l, i) => (i === 0 ? `• ${l}` : `  ${l}`)));
  return (
    <Pane title="Step — any key closes" width={width} height={height} focused>
      {lines.slice(0, Math.max(0, height - 1)).map((l, i) => (
        <Line key={i}>{l}</Line>
      ))}
    </Pane>
  );
}
