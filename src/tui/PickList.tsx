// A list to pick one item from with the arrows (or j/k) and Enter. The highlight lives in a ref as
// well as in state: keys that arrive in one burst (five Downs in one read) each see the last move.
import type React from 'react';
import { useRef, useState } from 'react';
import { Box, type Key, Text } from 'ink';
import { windowAround } from './layout.js';
import { theme } from './theme.js';

export interface PickItem<T> {
  key: string;
  label: string;
  value: T;
}

/** The selection of a PickList, driven by the owner's single key handler. */
export interface PickState {
  index: number;
  /** Move or choose on a key; returns true when the key was Enter (the highlighted item is chosen). */
  handle(key: Key, input: string, count: number): boolean;
}

export function usePick(): PickState {
  const ref = useRef(0);
  const [, redraw] = useState(0);
  return {
    get index() {
      return ref.current;
    },
    handle(key, input, count) {
      if (key.return) return true;
      // A digit picks the N-th item at once.
      if (/^[1-9]$/.test(input) && Number(input) <= count) {
        ref.current = Number(input) - 1;
        redraw((n) => n + 1);
        return true;
      }
      const delta = key.upArrow || input === 'k' ? -1 : key.downArrow || input === 'j' ? 1 : key.pageUp ? -10 : key.pageDown ? 10 : 0;
      if (delta === 0 || count === 0) return false;
      ref.current = Math.max(0, Math.min(count - 1, ref.current + delta));
      redraw((n) => n + 1);
      return false;
    },
  };
}

export function PickList<T>({ items, index, limit }: { items: PickItem<T>[]; index: number; limit: number }): React.JSX.Element {
  const { start, end } = windowAround(items.length, index, Math.max(1, limit), 0.5);
  return (
    <Box flexDirection="column">
      {items.slice(start, end).map((item, i) => {
        const on = start + i === index;
        return (
          <Text key={item.key} color={on ? theme.current : undefined} wrap="truncate">
            {on ? '❯ ' : '  '}
            {item.label}
          </Text>
        );
      })}
    </Box>
  );
}
