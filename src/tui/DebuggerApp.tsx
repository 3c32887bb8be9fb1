// The debugger screen: panes laid out for the terminal size, keys turned into session commands.
import React, { useEffect, useRef, useState } from 'react';
import { Box, type Key, Text, useApp, useInput } from 'ink';
import type { DebugTarget } from '../debugger/DebugTarget.js';
import { VECTOR_FORMATS, type VectorFormat } from '../debugger/fpuView.js';
import { PANE_TITLES, type PaneTitle, type ViewModel } from '../debugger/viewModel.js';
import { CodePane } from './CodePane.js';
import { CyclesPane } from './CyclesPane.js';
import { HelpOverlay } from './HelpOverlay.js';
import { KernelStackPane } from './KernelStackPane.js';
import { computeLayout, MIN_COLUMNS, MIN_ROWS } from './layout.js';
import { MemoryMapPane } from './MemoryMapPane.js';
import { OutputPane } from './OutputPane.js';
import { Line, Pane } from './Pane.js';
import { registerLines, registerWidth, RegistersPane } from './RegistersPane.js';
import { StatusLine } from './StatusLine.js';
import { SyscallsPane } from './SyscallsPane.js';
import { theme } from './theme.js';
import { useCommandLine } from './useCommandLine.js';
import { useDebugTarget } from './useDebugTarget.js';
import { type TerminalSize, useTerminalSize } from './useTerminalSize.js';

export interface DebuggerAppProps {
  target: DebugTarget;
  /** Fixed terminal size (tests); otherwise the real one, following resizes. */
  size?: TerminalSize;
  onQuit?: () => void;
  /** Opened from the launcher: `q` goes back to it instead of leaving the program. */
  onBack?: () => void;
}

/** The command a `b` press sends: delete the breakpoint on the line, or set one there. */
export function toggleBreakpointCommand(view: ViewModel, lineIndex: number): string | null {
  const line = view.code.lines[lineIndex];
  if (!line) return null;
  const existing = view.breakpoints.find((b) => b.addr === line.addr);
  return existing ? `delete ${existing.number}` : `break *0x${line.addr}`;
}

export function TooSmall({ size }: { size: TerminalSize }): React.JSX.Element {
  return (
    <Box flexDirection="column" height={Math.max(1, size.rows - 1)}>
      <Text wrap="wrap" color={theme.error}>
        {`Terminal too small (${size.columns}x${size.rows}): trapdoor needs at least ${MIN_COLUMNS}x${MIN_ROWS}. Enlarge the window, or press q to quit.`}
      </Text>
    </Box>
  );
}

export function DebuggerApp({ target, size: fixedSize, onQuit, onBack }: DebuggerAppProps): React.JSX.Element {
  const view = useDebugTarget(target);
  const size = useTerminalSize(fixedSize);
  const { exit } = useApp();
  const commandLine = useCommandLine();
  const [help, setHelp] = useState(false);
  const [vectors, setVectors] = useState<VectorFormat>('dwords');
  const [focus, setFocus] = useState<PaneTitle>('Code');
  // Selection and the command-output box belong to the stop they were made at: derived from the
  // view, so a new stop resets them in the same render (no effect round trip).
  const [selection, setSelection] = useState<{ view: ViewModel; index: number } | null>(null);
  const selected = selection && selection.view === view ? selection.index : null;
  const setSelected = (index: number): void => setSelection({ view, index });
  const [scroll, setScroll] = useState(0);
  const [dismissed, setDismissed] = useState<ViewModel | null>(null);
  const messageOpen = !!view.status.message && view.status.message.includes('\n') && dismissed !== view;

  useEffect(() => setScroll(0), [focus]);

  // A question or a note on the status line's second row, answered or cleared by the next key.
  const [prompt, setPrompt] = useState<{ text: string; confirm?: () => void } | null>(null);
  const promptRef = useRef(prompt);
  const ask = (p: typeof prompt): void => {
    promptRef.current = p;
    setPrompt(p);
  };
  const quit = (): void => {
    target.interrupt();
    if (onBack) return onBack();
    onQuit?.();
    exit();
  };
  /** `q`: at once when the program has exited, else after a y (as gdb asks). */
  const askQuit = (): void => {
    if (view.status.exited) return quit();
    ask({ text: `The program is being debugged. ${onBack ? 'Back to the launcher' : 'Quit'} anyway? (y or n)`, confirm: quit });
  };

  // The handler is re-created each render; Ink re-subscribes only after effects run, so route
  // keys through a ref that always holds the latest closure (keys typed quickly see fresh state).
  const handlerRef = useRef<(input: string, key: Key) => void>(() => {});
  const stableHandler = useRef((input: string, key: Key) => handlerRef.current(input, key)).current;
  useInput(stableHandler);
  handlerRef.current = (input: string, key: Key): void => {
    // Keys typed faster than a frame arrive as one chunk ("sss"): treat each as its own press.
    if (!commandLine.isOpen() && input.length > 1 && !key.ctrl && !key.meta && !input.includes('\x1b')) {
      // After a ':' in the chunk, the rest is the command line's text.
      const colon = input.indexOf(':');
      const keysBefore = colon >= 0 ? input.slice(0, colon) : input;
      for (const ch of keysBefore) handlerRef.current(ch, { ...key });
      if (colon >= 0) {
        commandLine.open();
        const rest = input.slice(colon + 1);
        if (rest) handlerRef.current(rest, { ...key, return: false });
      }
      return;
    }
    if (help) {
      setHelp(false);
      return;
    }
    const pending = promptRef.current;
    if (pending) {
      ask(null);
      if (pending.confirm) {
        if (input === 'y' || input === 'Y') return pending.confirm();
        return ask({ text: 'Not confirmed.' });
      }
    }
    if (commandLine.isOpen()) {
      const line = commandLine.handle(input, key);
      if (line === undefined) return;
      const word = line.trim();
      if (/^(q|quit)$/.test(word)) return askQuit();
      if (/^(h|help)$/.test(word)) return setHelp(true);
      if (word) void target.execute(word);
      return;
    }
    setDismissed(view);
    const running = view.status.running;
    if ((key.ctrl && input === 'c') || input === 'p') {
      // Ctrl-C interrupts a run (one may not have reached the screen yet); stopped, it only says how to quit, as gdb.
      if (!target.interrupt() && key.ctrl) ask({ text: 'Quit (the program is stopped; q quits)' });
      return;
    }
    if (input === 'q') return askQuit();
    if (key.tab) {
      const i = PANE_TITLES.indexOf(focus);
      const n = PANE_TITLES.length;
      setFocus(PANE_TITLES[(i + (key.shift ? n - 1 : 1)) % n]!);
      return;
    }
    if (input === '?') return setHelp(true);
    if (input === 'v') return setVectors((f) => VECTOR_FORMATS[(VECTOR_FORMATS.indexOf(f) + 1) % VECTOR_FORMATS.length]!);
    if (key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
      const delta = (key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -10 : 10);
      if (focus === 'Code') {
        const current = Math.max(0, view.code.lines.findIndex((l) => l.current));
        const from = selected ?? current;
        setSelected(Math.max(0, Math.min(view.code.lines.length - 1, from + delta)));
      } else {
        // Syscalls/Output scroll back from the newest line, never past the oldest; other panes scroll forward.
        setScroll((s) => Math.max(0, Math.min(scrollLimit(), s + (focus === 'Syscalls' || focus === 'Output' ? -delta : delta))));
      }
      return;
    }
    if (running) return;
    // gdb's SingleKey mode: s/n by source line where there is line information, i/o by instruction.
    const simple: Record<string, string> = { s: 'step', n: 'next', i: 'stepi', o: 'nexti', u: 'up', d: 'down', c: 'continue', f: 'finish', m: 'modestops', r: 'restart' };
    const cmd = simple[input];
    if (cmd) {
      void target.execute(cmd);
      return;
    }
    if (input === 'b') {
      const current = Math.max(0, view.code.lines.findIndex((l) => l.current));
      const toggle = toggleBreakpointCommand(view, selected ?? current);
      if (toggle) void target.execute(toggle);
      return;
    }
    if (input === ':') commandLine.open();
  };

  /** How far the focused pane can scroll: until its first line is on screen. */
  const scrollLimit = (): number => {
    if (!layout) return 0;
    if (focus === 'Syscalls') return Math.max(0, view.syscalls.length - (layout.syscalls.height - 1));
    if (focus === 'Output') return Math.max(0, view.output.replace(/\n$/, '').split('\n').length - (layout.output.height - 1));
    if (focus === 'Memory map') return view.memoryMap.length;
    return 1000;
  };

  const stackLines = view.kernelStack.slots.length ? view.kernelStack.slots.length + 1 : 1;
  const rw = registerWidth(view.registers, vectors);
  const layout = computeLayout(size.columns, size.rows, { registerLines: (w) => registerLines(view.registers, w, vectors), registerWidth: rw, stackLines });
  if (!layout) return <TooSmall size={size} />;
  const mainHeight = layout.frameHeight - layout.status;
  const lowerHeight = layout.kernelStack.height;
  const messageLines = view.status.message?.split('\n') ?? [];

  return (
    <Box flexDirection="column" width={layout.width} height={layout.frameHeight}>
      {help ? (
        <HelpOverlay width={layout.width} height={mainHeight} />
      ) : (
        <>
          <Box flexDirection="row" height={layout.upper}>
            <Box flexDirection="column" width={layout.left}>
              {messageOpen ? (
                <>
                  <CodePane view={view.code} width={layout.left} height={Math.max(3, layout.upper - Math.min(layout.upper - 3, messageLines.length + 1))} focused={focus === 'Code'} selected={selected ?? undefined} />
                  <Pane title="Command output" width={layout.left} height={Math.min(layout.upper - 3, messageLines.length + 1)} focused>
                    {messageLines.slice(0, layout.upper - 4).map((l, i) => (
                      <Line key={i}>{l.replace(/\t/g, '  ') || ' '}</Line>
                    ))}
                  </Pane>
                </>
              ) : (
                <>
                  <CodePane view={view.code} width={layout.left} height={layout.code.height} focused={focus === 'Code'} selected={selected ?? undefined} />
                  <KernelStackPane view={view.kernelStack} width={layout.left} height={lowerHeight} focused={focus === 'Kernel stack'} />
                </>
              )}
            </Box>
            <Box width={1} />
            <Box flexDirection="column" width={layout.right}>
              <RegistersPane view={view.registers} width={layout.right} height={layout.registers.height} focused={focus === 'Registers'} vectors={vectors} />
              <CyclesPane view={view.cycles} width={layout.right} height={layout.cycles.height} focused={focus === 'Cycles'} />
            </Box>
          </Box>
          <Box flexDirection="row" height={layout.bottomRow}>
            <Box flexDirection="column" width={layout.syscalls.width}>
              <SyscallsPane lines={view.syscalls} total={view.syscallTotal} width={layout.syscalls.width} height={layout.syscalls.height} focused={focus === 'Syscalls'} scroll={focus === 'Syscalls' ? scroll : 0} />
              <OutputPane text={view.output} width={layout.output.width} height={layout.output.height} focused={focus === 'Output'} scroll={focus === 'Output' ? scroll : 0} />
            </Box>
            <Box width={1} />
            <MemoryMapPane rows={view.memoryMap} width={layout.memoryMap.width} height={layout.bottomRow} focused={focus === 'Memory map'} scroll={focus === 'Memory map' ? scroll : 0} />
          </Box>
        </>
      )}
      <StatusLine status={view.status} width={layout.width} command={commandLine.text} prompt={prompt?.text ?? null} />
    </Box>
  );
}
