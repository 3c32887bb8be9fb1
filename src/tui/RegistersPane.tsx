// Registers: general registers, RIP, RFLAGS decoded, selectors with CPL, CR3, FS/GS bases, syscall MSRs.
import type React from 'react';
import { Box, Text } from 'ink';
import { formatXmmLanes, type VectorFormat } from '../debugger/fpuView.js';
import type { RegisterCell, RegistersView } from '../debugger/viewModel.js';
import { Pane } from './Pane.js';
import { theme } from './theme.js';

type Cell = RegisterCell & { decoded?: string; nameWidth: number; gap?: number };

const GAP = 2;
const cellWidth = (c: Cell): number => c.nameWidth + 1 + c.value.length + (c.decoded ? c.decoded.length + 1 : 0);

/** A group of cells and how much it matters when the pane is short (0: always shown first). */
type Group = { cells: RegisterCell[]; priority: number; gap: number; alignNames?: boolean };

/** An XMM register's cells: one, or in bytes on a narrow pane two (bytes 0-7, then `+8` for 8-15). */
function xmmCells(c: RegisterCell, vectors: VectorFormat, width: number): RegisterCell[] {
  const text = formatXmmLanes(BigInt(`0x${c.value}`), vectors);
  if (vectors !== 'bytes' || c.name.length + 1 + text.length <= width) return [{ ...c, value: text }];
  return [{ ...c, value: text.slice(0, 23) }, { ...c, name: '+8', value: text.slice(24) }];
}

function groupsOf(view: RegistersView, vectors: VectorFormat, width: number): Group[] {
  const byName = (cells: RegisterCell[], ...names: string[]): RegisterCell[] => names.map((n) => cells.find((c) => c.name === n)).filter((c): c is RegisterCell => !!c);
  const msr = (...n: string[]) => byName(view.msrs, ...n);
  const known = new Set(['cr3', 'efer', 'fs_base', 'gs_base', 'kernel_gs_base', 'sysenter_cs', 'sysenter_esp', 'sysenter_eip', 'star', 'lstar', 'cstar', 'fmask']);
  // Pairs chosen so a 64-bit view fits 50 columns in 17 lines. Priorities: what shows the mode
  // switch (RIP, RFLAGS, CS/SS with the CPL, the GS swap) before the general registers, MSRs last.
  const groups: Group[] = [
    { cells: view.general, priority: 3, gap: GAP, alignNames: true },
    { cells: [view.ip, view.flags], priority: 0, gap: GAP },
    { cells: view.segments, priority: 1, gap: 1 },
    { cells: [...byName(view.control, 'cr3'), ...msr('sysenter_cs')], priority: 4, gap: GAP },
    { cells: byName(view.bases, 'fs_base', 'gs_base'), priority: 2, gap: GAP },
    { cells: [...byName(view.bases, 'kernel_gs_base'), ...byName(view.control, 'efer')], priority: 2, gap: GAP },
    { cells: msr('star', 'lstar'), priority: 6, gap: GAP },
    { cells: msr('cstar', 'fmask'), priority: 6, gap: GAP },
    { cells: msr('sysenter_esp', 'sysenter_eip'), priority: 6, gap: GAP },
    { cells: [...view.control, ...view.bases, ...view.msrs].filter((c) => !known.has(c.name)), priority: 7, gap: GAP },
  ];
  if (view.x87) {
    groups.push({ cells: view.x87.stack.map((c) => ({ ...c, value: `${c.tag === 'Valid' ? '' : `${c.tag} `}${c.value}` })), priority: 5, gap: GAP });
    groups.push({ cells: view.x87.control, priority: 5, gap: GAP });
  }
  if (view.sse) {
    groups.push({ cells: [view.sse.mxcsr], priority: 5, gap: GAP });
    groups.push({ cells: view.sse.xmm.flatMap((c) => xmmCells(c, vectors, width)), priority: 5, gap: GAP, alignNames: true });
  }
  return groups;
}

/**
 * Pack each group's cells into rows greedily (a group always starts a new row). With `height`,
 * only as many rows as fit: whole groups by priority, the last one cut, shown in their usual order.
 */
export function registerRows(view: RegistersView, width: number, height = Infinity, vectors: VectorFormat = 'dwords'): Cell[][] {
  const packed = groupsOf(view, vectors, width).map((g) => ({ priority: g.priority, rows: pack(g, width) }));
  const total = packed.reduce((n, g) => n + g.rows.length, 0);
  if (total <= height) return packed.flatMap((g) => g.rows);
  let budget = height;
  const keep = new Map<number, number>();
  const order = packed.map((g, i) => i).sort((a, b) => packed[a]!.priority - packed[b]!.priority || a - b);
  for (const i of order) {
    const n = Math.min(budget, packed[i]!.rows.length);
    keep.set(i, n);
    budget -= n;
  }
  return packed.flatMap((g, i) => g.rows.slice(0, keep.get(i) ?? 0));
}

function pack(g: Group, width: number): Cell[][] {
  const rows: Cell[][] = [];
  if (g.cells.length === 0) return rows;
  // Names in a uniform group share a width so its columns line up.
  const nameWidth = g.alignNames ? Math.max(...g.cells.map((c) => c.name.length)) : 0;
  let row: Cell[] = [];
  let used = 0;
  for (const c of g.cells) {
    const cell: Cell = { ...c, nameWidth: nameWidth || c.name.length, decoded: 'decoded' in c ? (c as { decoded: string }).decoded : undefined, gap: g.gap };
    const w = cellWidth(cell);
    if (row.length && used + g.gap + w > width) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += (row.length ? g.gap : 0) + w;
    row.push(cell);
  }
  if (row.length) rows.push(row);
  return rows;
}

/** Lines the pane needs at `width` (for the layout). */
export function registerLines(view: RegistersView, width: number, vectors: VectorFormat = 'dwords'): number {
  return registerRows(view, width, Infinity, vectors).length;
}

/** Width the pane would like: two 64-bit registers a line, or three 32-bit ones, plus the MSR pairs (an XMM row in bytes: 54). */
export function registerWidth(view: RegistersView, vectors: VectorFormat = 'dwords'): number {
  if (view.sse && vectors === 'bytes') return 54;
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

export function RegistersPane({ view, width, height, focused, vectors = 'dwords', tabs }: { view: RegistersView; width: number; height: number; focused?: boolean; vectors?: VectorFormat; tabs?: string }): React.JSX.Element {
  const rows = registerRows(view, width, Math.max(0, height - 1), vectors);
  const note = `CPL ${view.cpl}${view.sse ? ` · xmm as ${vectors} (v)` : ''}`;
  return (
    <Pane title="Registers" width={width} height={height} focused={focused} tabs={tabs} note={note}>
      {rows.map((row, i) => (
        <Box key={i} height={1} flexShrink={0}>
          {row.map((c, j) => (
            <Box key={c.name} flexShrink={0} marginLeft={j ? (c.gap ?? GAP) : 0}>
              <CellText cell={c} />
            </Box>
          ))}
        </Box>
      ))}
    </Pane>
  );
}
