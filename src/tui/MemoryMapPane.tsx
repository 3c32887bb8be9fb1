// Memory map: /proc/self/maps rows and kernel-only regions, the one holding the current instruction marked.
import type React from 'react';
import { Text } from 'ink';
import type { MemoryMapRow } from '../debugger/viewModel.js';
import { windowAround } from './layout.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

export function MemoryMapPane({ rows, width, height, focused, scroll = 0, tabs }: { rows: MemoryMapRow[]; width: number; height: number; focused?: boolean; scroll?: number; tabs?: string }): React.JSX.Element {
  const current = Math.max(0, rows.findIndex((r) => r.current));
  const { start, end } = windowAround(rows.length, Math.min(rows.length - 1, Math.max(0, current + scroll)), Math.max(1, height - 1), 0.5);
  const w = Math.min(12, Math.max(0, ...rows.map((r) => r.start.length)));
  return (
    <Pane title="Memory map" width={width} height={height} focused={focused} tabs={tabs}>
      {rows.slice(start, end).map((r) => (
        <Line key={`${r.start}-${r.name}`} color={r.kernelOnly ? theme.kernel : undefined} bold={r.current}>
          <Text color={theme.current}>{r.current ? '▶' : ' '}</Text>
          {`${r.start.padStart(w)}-${r.end.padStart(w)} ${r.perms} ${r.name}`}
        </Line>
      ))}
    </Pane>
  );
}
