// Status/command line: the mode (always visible), why we stopped, what the CPU did, or the `:` prompt.
import type React from 'react';
import { Box, Text } from 'ink';
import type { StatusView } from '../debugger/viewModel.js';
import { Line } from './Pane.js';
import { theme } from './theme.js';

export interface StatusLineProps {
  status: StatusView;
  width: number;
  /** The command being typed after `:`, or null when not in command mode. */
  command: string | null;
  /** What a Tab on the command line could complete to, listed after the text. */
  candidates?: string[] | null;
  /** What the command line starts with: `:` for commands, `/` for a search. */
  commandPrefix?: string;
  /** A question (quit?) or a note of the screen's own, shown instead of the second line. */
  prompt?: string | null;
}

export function StatusLine({ status, width, command, candidates = null, commandPrefix = ':', prompt = null }: StatusLineProps): React.JSX.Element {
  const firstMessageLine = status.message?.split('\n')[0] ?? null;
  let second: React.ReactNode;
  if (prompt !== null) {
    second = <Text color={theme.changed}>{prompt}</Text>;
  } else if (command !== null) {
    second = (
      <Text>
        {commandPrefix}
        {command}
        <Text inverse> </Text>
        {candidates ? <Text color={theme.dim}>{`   ${candidates.join('  ')}`}</Text> : null}
      </Text>
    );
  } else if (status.running) {
    second = <Text color={theme.changed}>running… press p or Ctrl-C to interrupt</Text>;
  } else if (firstMessageLine && status.message?.startsWith('error')) {
    second = <Text color={theme.error}>{firstMessageLine}</Text>;
  } else if (firstMessageLine) {
    // The answer to the command just typed comes before the last mode switch's description.
    second = <Text>{firstMessageLine}</Text>;
  } else if (status.modeSwitch || status.stepNote) {
    // Too long for the line: cut, and say where it is in full.
    const m = (status.modeSwitch || status.stepNote)!;
    second = <Text color={theme.kernel}>{m.length <= width ? m : `${m.slice(0, Math.max(0, width - 16))}… (e: in full)`}</Text>;
  } else {
    second = <Text color={theme.dim}>s step · n next · c continue · f finish · m mode stops · : command · ? help · q quit</Text>;
  }
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Line width={width}>
        <Text inverse bold color={status.kernel ? theme.kernel : theme.user}>
          {` ${status.mode} `}
        </Text>
        <Text> {status.running ? 'running' : status.stopReason}</Text>
        <Text color={theme.dim}>
          {status.modeStops ? ' · mode stops on' : ''} · {status.program} · {status.profile} · {status.kernelName} kernel
        </Text>
      </Line>
      <Line width={width}>{second}</Line>
    </Box>
  );
}
