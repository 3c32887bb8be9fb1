// The `:` command line: typed text, history with up/down, Tab completes (as gdb: the common
// prefix, then at a Tab that adds nothing the candidates), Enter submits, Escape cancels.
import { useRef, useState } from 'react';
import type { Key } from 'ink';

export interface CommandLine {
  /** Text being typed, or null when the command line is closed. */
  text: string | null;
  /** The completions a Tab listed (shown after the text), or null. */
  candidates: string[] | null;
  /** Whether the line is open right now (a ref: valid between renders, within one chunk of keys). */
  isOpen(): boolean;
  open(): void;
  /** Feed a key; returns the submitted line on Enter, undefined otherwise. */
  handle(input: string, key: Key): string | undefined;
}

export function useCommandLine(complete?: (line: string) => { text: string; candidates: string[] }): CommandLine {
  const [text, setText] = useState<string | null>(null);
  const [candidates, setCandidates] = useState<string[] | null>(null);
  const textRef = useRef<string | null>(null);
  const history = useRef<string[]>([]);
  const cursor = useRef(0);
  const set = (t: string | null): void => {
    textRef.current = t;
    setText(t);
    setCandidates(null);
  };
  return {
    text,
    candidates,
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
      if (key.tab && !key.shift && complete) {
        const r = complete(current);
        set(r.text);
        // a Tab that adds nothing lists what it could be
        if (r.text === current && r.candidates.length) setCandidates(r.candidates);
        return undefined;
      }
      if (key.ctrl || key.meta || key.tab) return undefined;
      if (input) set(current + input.replace(/[\r\n]/g, ''));
      return undefined;
    },
  };
}
