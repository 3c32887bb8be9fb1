// Cycles: per-method round trips, the one in flight, the ratios of one syscall by two methods, a
// bar of where the last kernel round trip's cycles went, and each syscall's cost per method.
import React from 'react';
import { Text } from 'ink';
import type { CycleBreakdown, CyclesView, EntryMethod } from '../debugger/viewModel.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

const num = (n: number | null | undefined, w: number): string => (n === null || n === undefined ? '-' : String(Math.round(n))).padStart(w);

/** The bar's look per part: CPU work light, kernel code medium, the C handler solid, each its colour. */
const PART_STYLE: Record<CycleBreakdown['parts'][number]['part'], { glyph: string; color: string }> = {
  'CPU entry': { glyph: '░', color: 'yellow' },
  'entry code': { glyph: '▒', color: 'magenta' },
  'C handler': { glyph: '█', color: 'cyan' },
  'exit code': { glyph: '▒', color: 'blue' },
  'CPU exit': { glyph: '░', color: 'green' },
};

/** Columns of a bar `width` wide per part, proportional, every non-empty part at least one. */
export function barWidths(parts: { cycles: number }[], width: number): number[] {
  const total = parts.reduce((n, p) => n + p.cycles, 0);
  if (total <= 0) return parts.map(() => 0);
  const nonEmpty = parts.filter((p) => p.cycles > 0).length;
  const room = Math.max(0, width - nonEmpty);
  const w = parts.map((p) => (p.cycles > 0 ? 1 + Math.floor((p.cycles / total) * room) : 0));
  // Hand the columns lost to rounding to the largest parts.
  let left = width - w.reduce((a, b) => a + b, 0);
  const order = parts.map((_, i) => i).sort((a, b) => parts[b]!.cycles - parts[a]!.cycles);
  for (let k = 0; left > 0 && order.length; k++, left--) w[order[k % order.length]!]! += 1;
  return w;
}

function tripLines(trip: CycleBreakdown | null | undefined, width: number): React.JSX.Element[] {
  if (!trip) return [<Text key="none" color={theme.dim}>last round trip: none yet</Text>];
  const widths = barWidths(trip.parts, Math.max(10, width));
  return [
    <Text key="t">{`last: ${trip.syscall ?? 'kernel entry'} by ${trip.method}, ${trip.total} cycles`}</Text>,
    <Text key="bar">
      {trip.parts.map((p, i) => (
        <Text key={p.part} color={PART_STYLE[p.part].color}>
          {PART_STYLE[p.part].glyph.repeat(widths[i]!)}
        </Text>
      ))}
    </Text>,
    ...trip.parts.map((p) => (
      <Text key={p.part}>
        <Text color={PART_STYLE[p.part].color}>{PART_STYLE[p.part].glyph} </Text>
        {`${p.part.padEnd(10)} ${String(p.cycles).padStart(6)}`}
        <Text color={theme.dim}>{` ${trip.total ? Math.round((p.cycles / trip.total) * 100) : 0}%`.padStart(5)}</Text>
      </Text>
    )),
  ];
}

export function CyclesPane({ view, width, height, focused, tabs }: { view: CyclesView; width: number; height: number; focused?: boolean; tabs?: string }): React.JSX.Element {
  const r = view.ratios;
  const table = [
    <Text key="h" color={theme.dim}>{`${'method'.padEnd(9)}${'calls'.padStart(6)}${'last'.padStart(7)}${'avg'.padStart(7)}${'min'.padStart(7)}${'max'.padStart(7)}`}</Text>,
    ...view.methods.map((m) => (
      <Text key={m.method} bold={view.inFlight?.method === m.method}>
        {`${m.method.padEnd(9)}${num(m.calls, 6)}${num(m.last, 7)}${num(m.avg, 7)}${num(m.min, 7)}${num(m.max, 7)}`}
      </Text>
    )),
    <Text key="f">
      {view.inFlight ? <Text color={theme.changed}>{`in flight: ${view.inFlight.method} ${view.inFlight.cycles} cycles`}</Text> : <Text color={theme.dim}>in flight: none</Text>}
      <Text color={theme.dim}>{`  tsc ${view.total}`}</Text>
    </Text>,
  ];
  const ratioParts = [
    r.syscallOverInt80 === null ? null : `${r.syscallOverInt80Of ? `${r.syscallOverInt80Of}: ` : ''}syscall/int80 ${r.syscallOverInt80.toFixed(2)}`,
    r.vdsoOverSyscall === null ? null : `${r.vdsoOverSyscallOf ? `${r.vdsoOverSyscallOf}: ` : ''}vdso/syscall ${r.vdsoOverSyscall.toFixed(2)}`,
  ].filter((x): x is string => x !== null);
  const joined = ratioParts.join(' · ');
  // One line when both fit, else one each.
  const ratioLines = ratioParts.length === 0 ? ['ratios: none yet (one syscall by two methods)'] : joined.length <= width ? [joined] : ratioParts;
  // The last trip beside the table when there is room (80 columns), else below it.
  const TABLE = 45;
  const besideWidth = width - TABLE - 1;
  const beside = besideWidth >= 28;
  const trip = tripLines(view.lastTrip, beside ? besideWidth : width - 1);
  const rows: React.ReactNode[] = [];
  if (beside) {
    const n = Math.max(table.length, trip.length);
    for (let i = 0; i < n; i++) {
      rows.push(
        <Line key={`r${i}`}>
          {table[i] ?? ''}
          {table[i] ? ' '.repeat(Math.max(0, TABLE - textLength(table[i]!))) : ' '.repeat(TABLE)}
          {trip[i] ?? ''}
        </Line>,
      );
    }
    rows.push(...ratioLines.map((t, i) => <Line key={`ratio${i}`}>{t}</Line>));
  } else {
    rows.push(...table.map((t, i) => <Line key={`t${i}`}>{t}</Line>), ...ratioLines.map((t, i) => <Line key={`ratio${i}`}>{t}</Line>), ...trip.map((t, i) => <Line key={`b${i}`}>{t}</Line>));
  }
  const methods = view.methods.map((m) => m.method).filter((m): m is EntryMethod => m !== 'call');
  const bySyscall = view.bySyscall ?? [];
  if (bySyscall.length) {
    const nameWidth = Math.min(18, Math.max(12, ...bySyscall.map((s) => s.name.length)));
    rows.push(<Line key="sh" color={theme.dim}>{`${'per syscall (avg)'.padEnd(nameWidth)}${methods.map((m) => m.padStart(10)).join('')}`}</Line>);
    for (const s of bySyscall) rows.push(<Line key={`s${s.name}`}>{`${s.name.slice(0, nameWidth).padEnd(nameWidth)}${methods.map((m) => num(s.avg[m], 10)).join('')}`}</Line>);
  }
  return (
    <Pane title="Cycles" width={width} height={height} focused={focused} tabs={tabs} note={view.kernelNote ? `${view.profile} · ${view.kernelNote}` : view.profile}>
      {rows}
    </Pane>
  );
}

/** Columns a table cell's text takes (its strings, nested). */
function textLength(node: React.ReactNode): number {
  if (typeof node === 'string' || typeof node === 'number') return String(node).length;
  if (Array.isArray(node)) return node.reduce((n: number, c) => n + textLength(c), 0);
  if (React.isValidElement<{ children?: React.ReactNode }>(node)) return textLength(node.props.children);
  return 0;
}
