// A pane: one title line (`─ Code ─────`) over content clipped to the pane's size.
import React from 'react';
import { Box, Text } from 'ink';
import { theme } from './theme.js';

export interface PaneProps {
  title: string;
  width: number;
  height: number;
  focused?: boolean;
  /** Extra text right of the title, e.g. `3 more above`. */
  note?: string;
  children?: React.ReactNode;
}

export function Pane({ title, width, height, focused = false, note, children }: PaneProps): React.JSX.Element {
  const head = `─ ${title} ${note ? `(${note}) ` : ''}`;
  const fill = '─'.repeat(Math.max(0, width - head.length));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Line color={focused ? theme.titleFocused : theme.title} bold={focused}>
        {head}
        {fill}
      </Line>
      <Box flexDirection="column" width={width} height={Math.max(0, height - 1)} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}

/**
 * A single line of text that never shrinks away when a pane is too short: the pane clips it instead.
 * (No overflow="hidden" here: Ink applies only the innermost clip, which would undo the pane's.)
 */
export function Line({ children, ...props }: React.ComponentProps<typeof Text>): React.JSX.Element {
  return (
    <Box height={1} flexShrink={0}>
      <Text wrap="truncate" {...props}>
        {children}
      </Text>
    </Box>
  );
}
