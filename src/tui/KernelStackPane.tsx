// Kernel stack: top of the task's kernel stack down to RSP, each slot named by pt_regs field and pusher.
import type React from 'react';
import { Text } from 'ink';
import type { SignalFrameView } from '../debugger/signalFrame.js';
import type { KernelStackSlot, KernelStackView } from '../debugger/viewModel.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

/** Slots to draw in `size` lines: all, or the top part and the few nearest RSP with a gap line between. */
export function visibleSlots(slots: KernelStackSlot[], size: number): (KernelStackSlot | { gap: number })[] {
  if (slots.length <= size) return slots;
  const tail = Math.min(3, Math.max(1, size - 2));
  const head = Math.max(0, size - tail - 1);
  return [...slots.slice(0, head), { gap: slots.length - head - tail }, ...slots.slice(slots.length - tail)];
}

/** The signal frame's lines: a title, then `addr +off field value (note)` per member. */
function frameLines(frame: SignalFrameView): React.JSX.Element[] {
  const fieldWidth = Math.max(...frame.rows.map((r) => r.field.length));
  return [
    <Line key="frame" color={theme.kernel}>{`signal frame on the user stack: ${frame.title}`}</Line>,
    ...frame.rows.map((r) => (
      <Line key={`f${r.offset}`}>
        <Text color={theme.dim}>{` ${r.addr} +${String(r.offset).padEnd(3)}`}</Text>
        <Text color={theme.kernel}> {r.field.padEnd(fieldWidth)}</Text>
        <Text> {r.value}</Text>
        <Text color={theme.dim}>{r.note ? ` ${r.note}` : ''}</Text>
      </Line>
    )),
  ];
}

export function KernelStackPane({ view, width, height, focused, tabs, scroll = 0 }: { view: KernelStackView; width: number; height: number; focused?: boolean; tabs?: string; scroll?: number }): React.JSX.Element {
  const body = height - 1;
  const valueWidth = view.slotSize * 2;
  const note = view.layout ?? undefined;
  const frame = view.signalFrame ? frameLines(view.signalFrame) : [];
  if (view.slots.length === 0) {
    const lines = [<Line key="note" color={theme.dim}>{view.note ?? 'empty'}</Line>, ...frame];
    return (
      <Pane title="Kernel stack" width={width} height={height} focused={focused} tabs={tabs} note={note}>
        {lines.slice(Math.min(scroll, Math.max(0, lines.length - body)))}
      </Pane>
    );
  }
  // With a signal frame the slots are all listed and the pane scrolls; without, the slots nearest RSP stay in view.
  const shown = frame.length ? view.slots : visibleSlots(view.slots, Math.max(1, body - 1));
  return (
    <Pane title="Kernel stack" width={width} height={height} focused={focused} tabs={tabs} note={note}>
      <Line color={theme.dim}>
        {`top ${view.top}  ${view.slotSize === 4 ? 'esp' : 'rsp'} ${view.sp}`}
        {view.note ? `  ${view.note}` : ''}
      </Line>
      {shown.map((s, i) =>
        'gap' in s ? (
          <Line key={`gap${i}`} color={theme.dim}>
            {`   … ${s.gap} more slot${s.gap === 1 ? '' : 's'} …`}
          </Line>
        ) : (
          <Line key={s.addr}>
            <Text color={theme.current}>{s.top ? '▶' : ' '}</Text>
            <Text color={theme.dim}> {s.addr}</Text>
            <Text color={s.changed ? theme.changed : undefined} bold={s.changed}>
              {' '}
              {s.value.padStart(valueWidth)}
            </Text>
            <Text color={theme.kernel}> {(s.field ?? '').padEnd(8)}</Text>
            <Text color={theme.dim}> {s.pushedBy ?? ''}</Text>
            {s.symbol ? <Text> {`<${s.symbol}>`}</Text> : null}
          </Line>
        ),
      ).concat(frame).slice(Math.min(scroll, Math.max(0, shown.length + frame.length + 1 - body)))}
    </Pane>
  );
}
