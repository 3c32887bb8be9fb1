// Help overlay: every key and command of the TUI contract; arrows and PageUp/PageDown scroll it,
// any other key closes it.
import type React from 'react';
import { Text } from 'ink';
import { COMMAND_HELP, KEY_HELP } from '../debugger/commands.js';
import { Line, Pane } from './Pane.js';
import { theme } from './theme.js';

type HelpRow = { kind: 'head'; text: string } | { kind: 'entry'; key: string; what: string; width: number } | { kind: 'blank' };

/** Words of `text` in lines of at most `width` columns (a longer word is cut). */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word.slice(0, Math.max(1, width));
  }
  if (line || out.length === 0) out.push(line);
  return out;
}

/** The help as rows at `width`: an entry's text wraps under itself, past its key column. */
function helpRows(width: number): HelpRow[] {
  // A narrow screen puts a long command above its text.
  const cmdWidth = Math.min(Math.max(...COMMAND_HELP.map(([c]) => c.length)), Math.floor(width / 2) - 4);
  const entries = (list: [string, string][], keyWidth: number): HelpRow[] =>
    list.flatMap(([k, what]) => {
      const textWidth = Math.max(10, width - keyWidth - 4);
      const keyRow: HelpRow[] = k.length > keyWidth ? [{ kind: 'entry', key: k, what: '', width: keyWidth }] : [];
      return [...keyRow, ...wrapText(what, textWidth).map((w, i): HelpRow => ({ kind: 'entry', key: i === 0 && !keyRow.length ? k : '', what: w, width: keyWidth }))];
    });
  return [
    { kind: 'head', text: 'Keys' },
    ...entries(KEY_HELP, 11),
    { kind: 'blank' },
    { kind: 'head', text: 'Commands (after :, gdb abbreviations work)' },
    ...entries(COMMAND_HELP, cmdWidth),
  ];
}

/** Rows the help has at `width` (how far it can scroll). */
export function helpLineCount(width: number): number {
  return helpRows(width).length;
}

export function HelpOverlay({ width, height, scroll = 0 }: { width: number; height: number; scroll?: number }): React.JSX.Element {
  const rows = helpRows(width);
  const body = Math.max(1, height - 1);
  const start = Math.max(0, Math.min(scroll, rows.length - body));
  const shown = rows.slice(start, start + body);
  const more = rows.length > body ? `lines ${start + 1}-${start + shown.length} of ${rows.length}, ↑↓ PgUp PgDn scroll` : undefined;
  return (
    <Pane title="Help — any other key closes" width={width} height={height} focused note={more}>
      {shown.map((r, i) =>
        r.kind === 'head' ? (
          <Line key={start + i} bold>
            {r.text}
          </Line>
        ) : r.kind === 'blank' ? (
          <Line key={start + i}> </Line>
        ) : (
          <Line key={start + i}>
            <Text color={theme.changed}>{`  ${r.key.padEnd(r.width)}  `}</Text>
            {r.what}
          </Line>
        ),
      )}
    </Pane>
  );
}
