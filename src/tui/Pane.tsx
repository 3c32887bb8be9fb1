// A pane: one title line (`─ Code ─────`) over content clipped to the pane's size.
import React, { createContext, useContext } from 'react';
import { Box, Text } from 'ink';
import { theme } from './theme.js';

/** The width lines inside a pane may use: they are cut to it before Ink sees them. */
const PaneWidth = createContext<number | null>(null);

/**
 * Cut text (strings inside nested <Text> elements) to `budget` columns. Ink would otherwise cut
 * over-long lines itself with slice-ansi on every frame, its costliest step. All our glyphs are
 * one column wide (ASCII, box drawing, ▶ ● ○ …).
 */
export function truncateNode(node: React.ReactNode, budget: number): [React.ReactNode, number] {
  if (budget <= 0) return [null, 0];
  if (typeof node === 'string' || typeof node === 'number') {
    const text = String(node);
    return text.length <= budget ? [text, text.length] : [text.slice(0, Math.max(0, budget - 1)) + '…', budget];
  }
  if (Array.isArray(node)) {
    const out: React.ReactNode[] = [];
    let used = 0;
    for (const child of node) {
      if (used >= budget) break;
      const [c, n] = truncateNode(child, budget - used);
      out.push(c);
      used += n;
    }
    // Spread as a fragment's own children, as they were written: an array would need keys.
    return [React.createElement(React.Fragment, null, ...out), used];
  }
  if (React.isValidElement<{ children?: React.ReactNode }>(node)) {
    const [c, n] = truncateNode(node.props.children, budget);
    return [React.cloneElement(node, undefined, c), n];
  }
  return [node, 0];
}

export interface PaneProps {
  title: string;
  width: number;
  height: number;
  focused?: boolean;
  /** Extra text right of the title, e.g. `3 more above`. */
  note?: string;
  /** Right end of the title line: the other panes of a deck and their keys, e.g. `5 Cycles 6 Syscalls`. */
  tabs?: string;
  children?: React.ReactNode;
}

export function Pane({ title, width, height, focused = false, note, tabs, children }: PaneProps): React.JSX.Element {
  const head = `─ ${title} ${note ? `(${note}) ` : ''}`;
  // Tabs give way to the title's note when both do not fit.
  const tail = tabs && head.length + tabs.length + 4 <= width ? ` ${tabs} ─` : '';
  const fill = '─'.repeat(Math.max(0, width - head.length - tail.length)) + tail;
  return (
    // Only vertical clipping: lines are cut to the width already, and Ink's horizontal clip runs
    // slice-ansi over every line of the box on every frame.
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Line width={width} color={focused ? theme.titleFocused : theme.title} bold={focused}>
        {head}
        {fill}
      </Line>
      <Box flexDirection="column" width={width} height={Math.max(0, height - 1)} overflowY="hidden">
        <PaneWidth.Provider value={width}>{children}</PaneWidth.Provider>
      </Box>
    </Box>
  );
}

/**
 * A single line of text that never shrinks away when a pane is too short: the pane clips it instead.
 * (No overflow clip here: Ink applies only the innermost clip, which would undo the pane's.)
 */
export function Line({ children, width, ...props }: React.ComponentProps<typeof Text> & { width?: number }): React.JSX.Element {
  const paneWidth = useContext(PaneWidth);
  const w = width ?? paneWidth;
  const content = w ? truncateNode(children, w)[0] : children;
  return (
    <Box height={1} flexShrink={0}>
      <Text wrap="truncate" {...props}>
        {content}
      </Text>
    </Box>
  );
}
