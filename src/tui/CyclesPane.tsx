// Cycles: per-method round trips, the one in flight, the profile and the live ratios.
import type React from 'react';
import { Text } from 'ink';
import type { CyclesView } from '../debugger/viewModel.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

const num = (n: number | null, w: number): string => (n === null ? '-' : String(Math.round(n))).padStart(w);

export function CyclesPane({ view, width, height, focused }: { view: CyclesView; width: number; height: number; focused?: boolean }): React.JSX.Element {
  const r = view.ratios;
  return (
    <Pane title="Cycles" width={width} height={height} focused={focused} note={view.profile}>
      <Line color={theme.dim}>{`${'method'.padEnd(9)}${'calls'.padStart(6)}${'last'.padStart(7)}${'avg'.padStart(7)}${'min'.padStart(7)}${'max'.padStart(7)}`}</Line>
      {view.methods.map((m) => (
        <Line key={m.method} bold={view.inFlight?.method === m.method}>
          {`${m.method.padEnd(9)}${num(m.calls, 6)}${num(m.last, 7)}${num(m.avg, 7)}${num(m.min, 7)}${num(m.max, 7)}`}
        </Line>
      ))}
      <Line>
        {view.inFlight ? (
          <Text color={theme.changed}>{`in flight: ${view.inFlight.method} ${view.inFlight.cycles} cycles`}</Text>
        ) : (
          <Text color={theme.dim}>in flight: none</Text>
        )}
        <Text color={theme.dim}>{`  tsc ${view.total}`}</Text>
      </Line>
      <Line>
        {`syscall/int80 ${r.syscallOverInt80 === null ? '-' : r.syscallOverInt80.toFixed(2)}  vdso/syscall ${r.vdsoOverSyscall === null ? '-' : r.vdsoOverSyscall.toFixed(2)}`}
      </Line>
    </Pane>
  );
}
