// Syscalls: strace-format lines tagged with the entry method and the round trip's cycles.
import type React from 'react';
import { Text } from 'ink';
import type { SyscallLine } from '../debugger/viewModel.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

/** `total`: lines since the start (the view holds the newest `lines` of them); `scroll`: lines back from the newest. */
export function SyscallsPane({ lines, total = lines.length, width, height, focused, scroll = 0, tabs }: { lines: SyscallLine[]; total?: number; width: number; height: number; focused?: boolean; scroll?: number; tabs?: string }): React.JSX.Element {
  const body = Math.max(1, height - 1);
  const end = Math.max(0, lines.length - scroll);
  const shown = lines.slice(Math.max(0, end - body), end);
  return (
    <Pane title="Syscalls" width={width} height={height} focused={focused} tabs={tabs} note={total ? (total > lines.length ? `${total}, the last ${lines.length} kept` : String(total)) : undefined}>
      {shown.map((l, i) => (
        <Line key={end - shown.length + i}>
          <Text color={theme.dim}>{`${(l.method ?? '').padEnd(9)} ${(l.cycles === null ? '' : String(l.cycles)).padStart(5)} `}</Text>
          {l.text.replace(/ {2,}= /, ' = ')}
        </Line>
      ))}
    </Pane>
  );
}
