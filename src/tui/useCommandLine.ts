// The `:` command line: typed text, history with up/down, Enter submits, Escape cancels.
import { useRef, useState } from 'react';
import type { Key } from 'ink';

export interface CommandLine {
  /** Text being typed, or null when the command line is closed. */
  text: string | null;
  /** Whether the line is open right now (a ref: valid between renders, within one chunk of keys). */
  isOpen(): boolean;
  open(): void;
  /** Feed a key; returns the submitted line on Enter, undefined otherwise. */
  handle(input: string, key: Key): string | undefined;
}

export function useCommandLine(): CommandLine {
  const [text, setText] = useState<string | null>(null);
  const textRef = useRef<string | null>(null);
  const history = useRef<string[]>([]);
  const cursor = useRef(0);
  const set = (t: string | null): void => {
    textRef.current = t;
    setText(t);
  };
  return {
    text,
    isOpen: () => textRef.current !== null,
    open() {
      cursor.current = history.current.length;
      set('');
    },
    handle(input, key) {
      const current = textRef.current ?? '';
      // Pasted or fast-typed text can arrive together with its Enter ("break x\r"): submit at the \r.
      const cr = input.search(/[\r\n]/);
      if (cr >= 0 && input.length > 1) {
        const line = current + input.slice(0, cr);
        set(null);
        if (line.trim()) history.current.push(line);
        return line;
      }
      if (key.return || input === '\r' || input === '\n') {
        set(null);
        if (current.trim()) history.current.push(current);
        return current;
      }
      if (key.escape || (key.ctrl && input === 'c')) {
        set(null);
        return undefined;
      }
      if (key.backspace || key.delete) {
        if (current === '') set(null);
        else set(current.slice(0, -1));
        return undefined;
      }
      if (key.upArrow || key.downArrow) {
        const h = history.current;
        cursor.current = Math.max(0, Math.min(h.length, cursor.current + (key.upArrow ? -1 : 1)));
        set(h[cursor.current] ?? '');
        return undefined;
      }
      if (key.ctrl || key.meta || key.tab) return undefined;
      if (input) set(current + input.replace(/[\r\n]/g, ''));
      return undefined;
    },
  };
}
