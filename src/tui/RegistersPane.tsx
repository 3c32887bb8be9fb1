// Registers: general registers, RIP, RFLAGS decoded, selectors with CPL, CR3, FS/GS bases, syscall MSRs.
import React from 'react';
import { Box, Text } from 'ink';
import type { RegisterCell, RegistersView } from '../debugger/viewModel.js';
import { Pane } from './Pane.js';
import { theme } from './theme.js';

type Cell = RegisterCell & { decoded?: string; nameWidth: number };

const GAP = 2;
const cellWidth = (c: Cell): number => c.nameWidth + 1 + c.value.length + (c.decoded ? c.decoded.length + 1 : 0);

/** Pack each group's cells into rows greedily (a group always starts a new row). */
export function registerRows(view: RegistersView, width: number): Cell[][] {
  const byName = (cells: RegisterCell[], ...names: string[]): RegisterCell[] => names.map((n) => cells.find((c) => c.name === n)).filter((c): c is RegisterCell => !!c);
  const msr = (...n: string[]) => byName(view.msrs, ...n);
  const known = new Set(['cr3', 'efer', 'fs_base', 'gs_base', 'kernel_gs_base', 'sysenter_cs', 'sysenter_esp', 'sysenter_eip', 'star', 'lstar', 'cstar', 'fmask']);
  // Pairs chosen so a 64-bit view fits 50 columns in 17 lines.
  const groups: RegisterCell[][] = [
    view.general,
    [view.ip, view.flags],
    view.segments,
    [...byName(view.control, 'cr3'), ...msr('sysenter_cs')],
    byName(view.bases, 'fs_base', 'gs_base'),
    [...byName(view.bases, 'kernel_gs_base'), ...byName(view.control, 'efer')],
    msr('star', 'lstar'),
    msr('cstar', 'fmask'),
    msr('sysenter_esp', 'sysenter_eip'),
    [...view.control, ...view.bases, ...view.msrs].filter((c) => !known.has(c.name)),
  ];
  const rows: Cell[][] = [];
  for (const g of groups) {
    if (g.length === 0) continue;
    // Names in a group share a width so the columns of uniform groups line up.
    const nameWidth = g === view.general ? Math.max(...g.map((c) => c.name.length)) : 0;
    let row: Cell[] = [];
    let used = 0;
    for (const c of g) {
      const cell: Cell = { ...c, nameWidth: nameWidth || c.name.length, decoded: 'decoded' in c ? (c as { decoded: string }).decoded : undefined };
      const w = cellWidth(cell);
      const gap = g === view.segments ? 1 : GAP;
      if (row.length && used + gap + w > width) {
        rows.push(row);
        row = [];
        used = 0;
      }
      used += (row.length ? gap : 0) + w;
      row.push(cell);
    }
    if (row.length) rows.push(row);
  }
  return rows;
}

/** Lines the pane needs at `width` (for the layout). */
export function registerLines(view: RegistersView, width: number): number {
  return registerRows(view, width).length;
}

/** Width the pane would like: two 64-bit registers a line, or three 32-bit ones, plus the MSR pairs. */
export function registerWidth(view: RegistersView): number {
  return view.width === 64 ? 50 : 48;
}

function CellText({ cell }: { cell: Cell }): React.JSX.Element {
  return (
    <Text>
      <Text color={theme.dim}>{cell.name.padEnd(cell.nameWidth)} </Text>
      <Text color={cell.changed ? theme.changed : undefined} bold={cell.changed}>
        {cell.value}
      </Text>
      {cell.decoded ? <Text color={cell.changed ? theme.changed : undefined}> {cell.decoded}</Text> : null}
    </Text>
  );
}

export function RegistersPane({ view, width, height, focused }: { view: RegistersView; width: number; height: number; focused?: boolean }): React.JSX.Element {
  const rows = registerRows(view, width);
  return (
    <Pane title="Registers" width={width} height={height} focused={focused} note={`CPL ${view.cpl}`}>
      {rows.map((row, i) => (
        <Box key={i} height={1} flexShrink={0}>
          {row.map((c, j) => (
            <Box key={c.name} flexShrink={0} marginLeft={j ? (/^[cdefgs]s$/.test(c.name) ? 1 : GAP) : 0}>
              <CellText cell={c} />
            </Box>
          ))}
        </Box>
      ))}
    </Pane>
  );
}
