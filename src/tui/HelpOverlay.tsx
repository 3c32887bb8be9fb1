// Help overlay: every key and command of the TUI contract, closed by any key.
import type React from 'react';
import { Box, Text } from 'ink';
import { COMMAND_HELP, KEY_HELP } from '../debugger/commands.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

export function HelpOverlay({ width, height }: { width: number; height: number }): React.JSX.Element {
  const cmdWidth = Math.max(...COMMAND_HELP.map(([c]) => c.length));
  return (
    <Pane title="Help — any key closes" width={width} height={height} focused>
      <Line bold>Keys</Line>
      {KEY_HELP.map(([k, what]) => (
        <Line key={k}>
          <Text color={theme.changed}>{`  ${k.padEnd(11)}`}</Text>
          {what}
        </Line>
      ))}
      <Box height={1} />
      <Line bold>Commands (after :, gdb abbreviations work)</Line>
      {COMMAND_HELP.map(([c, what]) => (
        <Line key={c}>
          <Text color={theme.changed}>{`  ${c.padEnd(cmdWidth)}  `}</Text>
          {what}
        </Line>
      ))}
    </Pane>
  );
}
