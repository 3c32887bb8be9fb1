// Output: the guest's stdout and stderr, newest at the bottom.
import type React from 'react';
import { Line, Pane } from './Pane.js';

export function OutputPane({ text, width, height, focused, scroll = 0, tabs }: { text: string; width: number; height: number; focused?: boolean; scroll?: number; tabs?: string }): React.JSX.Element {
  const body = Math.max(1, height - 1);
  const all = text.replace(/\n$/, '').split('\n');
  const lines = text === '' ? [] : all;
  const end = Math.max(0, lines.length - scroll);
  const shown = lines.slice(Math.max(0, end - body), end);
  return (
    <Pane title="Output" width={width} height={height} focused={focused} tabs={tabs}>
      {shown.map((l, i) => (
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
        <Line key={i}>{l.replace(/\t/g, '    ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '·') || ' '}</Line>
      ))}
    </Pane>
  );
}
