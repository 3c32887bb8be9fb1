// Registers: general registers, RIP, RFLAGS decoded, selectors with CPL, CR3, FS/GS bases, syscall MSRs.
import React from 'react';
import { Box, Text } from 'ink';
import type { RegisterCell, RegistersView } from '../debugger/viewModel.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

function Cell({ cell, nameWidth }: { cell: RegisterCell; nameWidth: number }): React.JSX.Element {
  return (
    <Text>
      <Text color={theme.dim}>{cell.name.padEnd(nameWidth)} </Text>
      <Text color={cell.changed ? theme.changed : undefined} bold={cell.changed}>
        {cell.value}
      </Text>
    </Text>
  );
}

/** Cells laid out in as many columns as fit the width. */
function Grid({ cells, width }: { cells: RegisterCell[]; width: number }): React.JSX.Element {
  if (cells.length === 0) return <></>;
  const nameWidth = Math.max(...cells.map((c) => c.name.length));
  const cellWidth = nameWidth + 1 + Math.max(...cells.map((c) => c.value.length)) + 2;
  const perLine = Math.max(1, Math.floor((width + 2) / cellWidth));
  const lines: RegisterCell[][] = [];
  for (let i = 0; i < cells.length; i += perLine) lines.push(cells.slice(i, i + perLine));
  return (
    <>
      {lines.map((line, i) => (
        <Box key={i} height={1} overflow="hidden">
          {line.map((c) => (
            <Box key={c.name} width={cellWidth} flexShrink={0}>
              <Cell cell={c} nameWidth={nameWidth} />
            </Box>
          ))}
        </Box>
      ))}
    </>
  );
}

/** Lines the pane needs at `width` (for the layout), mirroring Grid's arithmetic. */
export function registerLines(view: RegistersView, width: number): number {
  const count = (cells: RegisterCell[]): number => {
    if (cells.length === 0) return 0;
    const nameWidth = Math.max(...cells.map((c) => c.name.length));
    const cellWidth = nameWidth + 1 + Math.max(...cells.map((c) => c.value.length)) + 2;
    return Math.ceil(cells.length / Math.max(1, Math.floor((width + 2) / cellWidth)));
  };
  return count(view.general) + 2 + count(view.segments) + count(view.control) + count(view.bases) + count(view.msrs);
}

/** Width the pane would like: two 64-bit registers a line, or three 32-bit ones. */
export function registerWidth(view: RegistersView): number {
  return view.width === 64 ? 46 : 40;
}

export function RegistersPane({ view, width, height, focused }: { view: RegistersView; width: number; height: number; focused?: boolean }): React.JSX.Element {
  return (
    <Pane title="Registers" width={width} height={height} focused={focused} note={`CPL ${view.cpl}`}>
      <Grid cells={view.general} width={width} />
      <Line>
        <Cell cell={view.ip} nameWidth={view.ip.name.length} />
      </Line>
      <Line>
        <Cell cell={view.flags} nameWidth={view.flags.name.length} /> <Text color={view.flags.changed ? theme.changed : undefined}>{view.flags.decoded}</Text>
      </Line>
      <Grid cells={view.segments} width={width} />
      <Grid cells={view.control} width={width} />
      <Grid cells={view.bases} width={width} />
      <Grid cells={view.msrs} width={width} />
    </Pane>
  );
}
