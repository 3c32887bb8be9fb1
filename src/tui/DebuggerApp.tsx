// The debugger screen: panes laid out for the terminal size, keys turned into session commands.
import type React from 'react';
import { useEffect, useRef, useState } from 'react';
import { Box, type Key, Text, useApp, useInput } from 'ink';
import type { DebugTarget } from '../debugger/DebugTarget.js';
import { VECTOR_FORMATS, type VectorFormat } from '../debugger/fpuView.js';
import { hex, PANE_TITLES, type PaneTitle, type SourceListing, type TransitionRow, type ViewModel } from '../debugger/viewModel.js';
import { CodePane } from './CodePane.js';
import { CyclesPane } from './CyclesPane.js';
import { HelpOverlay, helpLineCount } from './HelpOverlay.js';
import { KernelStackPane } from './KernelStackPane.js';
import { computeLayout, type Layout, MIN_COLUMNS, MIN_ROWS } from './layout.js';
import { MemoryMapPane } from './MemoryMapPane.js';
import { OutputPane } from './OutputPane.js';
import { Line, Pane } from './Pane.js';
import { registerLines, registerWidth, RegistersPane } from './RegistersPane.js';
import { StatusLine } from './StatusLine.js';
import { SyscallsPane } from './SyscallsPane.js';
import { StepDetail, TransitionDetail, TransitionsPane } from './TransitionsPane.js';
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

/** The command a `b` press sends in the source-only view: delete the line's breakpoints, or break at FILE:LINE. */
export function toggleSourceBreakpointCommand(listing: SourceListing, line: number): string | null {
  const l = listing.lines.find((x) => x.line === line);
  if (!l) return null;
  return l.breakpoints.length ? `delete ${l.breakpoints.join(' ')}` : `break ${listing.file}:${line}`;
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
  const commandLine = useCommandLine(target.complete ? (l) => target.complete!(l) : undefined);
  const [help, setHelp] = useState(false);
  const [vectors, setVectors] = useState<VectorFormat>('dwords');
  const [focus, setFocusState] = useState<PaneTitle>('Code');
  // The deck pane shown while Code or Registers has the focus: the deck pane focused last.
  const [deckPane, setDeckPane] = useState<PaneTitle>('Kernel stack');
  const setFocus = (p: PaneTitle): void => {
    setFocusState(p);
    if (p !== 'Code' && p !== 'Registers') setDeckPane(p);
  };
  const [zoomed, setZoomed] = useState(false);
  // l: the Code pane shows the source file alone (where the stop has a source line), or mixed.
  const [sourceOnly, setSourceOnly] = useState(false);
  const listing = sourceOnly ? view.code.listing : undefined;
  // The source-only view's selected line, belonging to the stop it was made at (as `selection`).
  const [sourceSel, setSourceSel] = useState<{ view: ViewModel; line: number } | null>(null);
  const selectedLine = listing && sourceSel && sourceSel.view === view ? sourceSel.line : undefined;
  // The Transitions pane's selected row (its seq; null: the newest) and the one open in full.
  const [transitionSel, setTransitionSel] = useState<number | null>(null);
  /** A transition opened in full, or the last entry-code step's note (a string). */
  const [detail, setDetail] = useState<TransitionRow | string | null>(null);
  const [helpScroll, setHelpScroll] = useState(0);
  // Selection and the command-output box belong to the stop they were made at: derived from the
  // view, so a new stop resets them in the same render (no effect round trip).
  // (by address: browsing replaces the lines, and the selection moves to the new view with them)
  const [selection, setSelection] = useState<{ view: ViewModel; addr: string } | null>(null);
  const selectedIndex = selection && selection.view === view ? view.code.lines.findIndex((l) => l.addr === selection.addr) : -1;
  const selected = selectedIndex >= 0 ? selectedIndex : null;
  const setSelected = (index: number): void => setSelection({ view, addr: view.code.lines[index]!.addr });
  /** The line the Code pane is about: where the user browsed to, else the current one. */
  const codeFocus = (): number => {
    const b = view.code.browsing;
    const i = b ? view.code.lines.findIndex((l) => l.addr === b) : -1;
    return i >= 0 ? i : Math.max(0, view.code.lines.findIndex((l) => l.current));
  };
  /** Browse the Code pane to `addr` (`before`: the instruction before it) and select what it shows. */
  const browse = (addr: string | null, before = false): void => {
    if (!target.browseCode) return;
    const at = target.browseCode(addr, before);
    setSelection(at === null ? null : { view: target.view(), addr: at });
  };
  // A ref beside the state: keys of one chunk arrive before the next render.
  const [searchingState, setSearchingState] = useState(false);
  const searchingRef = useRef(false);
  const setSearching = (on: boolean): void => {
    searchingRef.current = on;
    setSearchingState(on);
  };
  const lastSearch = useRef('');
  const [scroll, setScroll] = useState(0);
  const [dismissed, setDismissed] = useState<ViewModel | null>(null);
  const messageOpen = !!view.status.message && view.status.message.includes('\n') && dismissed !== view;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new focus starts its pane at the top
  useEffect(() => setScroll(0), [focus]);

  // A question or a note on the status line's second row, answered or cleared by the next key.
  const [prompt, setPrompt] = useState<{ text: string; confirm?: () => void } | null>(null);
  const promptRef = useRef(prompt);
  const ask = (p: typeof prompt): void => {
    promptRef.current = p;
    setPrompt(p);
  };
  const quit = () => {
    target.interrupt();
    if (onBack) return onBack();
    onQuit?.();
    exit();
  };
  /** `q`: at once when the program has exited, else after a y (as gdb asks). */
  const askQuit = () => {
    if (view.status.exited) return quit();
    ask({ text: `The program is being debugged. ${onBack ? 'Back to the launcher' : 'Quit'} anyway? (y or n)`, confirm: quit });
  };

  // The handler is re-created each render; Ink re-subscribes only after effects run, so route
  // keys through a ref that always holds the latest closure (keys typed quickly see fresh state).
  const handlerRef = useRef<(input: string, key: Key) => void>(() => {});
  const stableHandler = useRef((input: string, key: Key) => handlerRef.current(input, key)).current;
  useInput(stableHandler);
  handlerRef.current = (input: string, key: Key) => {
    // Keys typed faster than a frame arrive as one chunk ("sss"): treat each as its own press.
    if (!commandLine.isOpen() && input.length > 1 && !key.ctrl && !key.meta && !input.includes('\x1b')) {
      // After a ':' in the chunk, the rest is the command line's text.
      const colon = input.search(/[:/]/);
      const keysBefore = colon >= 0 ? input.slice(0, colon) : input;
      for (const ch of keysBefore) handlerRef.current(ch, { ...key });
      if (colon >= 0) {
        setSearching(input[colon] === '/');
        commandLine.open();
        const rest = input.slice(colon + 1);
        if (rest) handlerRef.current(rest, { ...key, return: false });
      }
      return;
    }
    if (detail) {
      setDetail(null);
      return;
    }
    if (help) {
      // Arrows and PageUp/PageDown scroll the help; any other key closes it.
      if (key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
        const delta = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -10 : 10;
        setHelpScroll((s) => Math.max(0, Math.min(helpLines() - ((layout?.main ?? 21) - 1), s + delta)));
        return;
      }
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
      if (line === undefined) {
        if (!commandLine.isOpen()) setSearching(false);
        return;
      }
      if (searchingRef.current) {
        setSearching(false);
        return search(line.trim() || lastSearch.current);
      }
      const word = line.trim();
      if (/^(q|quit)$/.test(word)) return askQuit();
      if (/^(h|help)$/.test(word)) {
        setHelpScroll(0);
        return setHelp(true);
      }
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
    if (input === '?') {
      setHelpScroll(0);
      return setHelp(true);
    }
    if (input === 'z') return setZoomed((z) => !z);
    // e: the latest mode switch's explanation in full; Enter on Transitions: the selected one.
    const rows = view.transitions ?? [];
    if (input === 'e' && view.status.stepNote && !view.status.modeSwitch) return setDetail(view.status.stepNote);
    if (input === 'e' || (key.return && focus === 'Transitions')) {
      const row = input === 'e' ? rows.at(-1) : (rows.find((r) => r.seq === transitionSel) ?? rows.at(-1));
      if (row) setDetail(row);
      else ask({ text: 'No transition yet: step into the kernel or continue.' });
      return;
    }
    if (focus === 'Transitions' && (key.upArrow || key.downArrow || key.pageUp || key.pageDown) && rows.length) {
      const delta = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -10 : 10;
      const at = transitionSel === null ? rows.length - 1 : Math.max(0, rows.findIndex((r) => r.seq === transitionSel));
      const to = Math.max(0, Math.min(rows.length - 1, at + delta));
      setTransitionSel(to === rows.length - 1 ? null : rows[to]!.seq);
      return;
    }
    if (/^[1-9]$/.test(input) && Number(input) <= PANE_TITLES.length) return setFocus(PANE_TITLES[Number(input) - 1]!);
    if (input === 'v') return setVectors((f) => VECTOR_FORMATS[(VECTOR_FORMATS.indexOf(f) + 1) % VECTOR_FORMATS.length]!);
    if (input === 'l') return setSourceOnly((on) => !on);
    if (key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
      const delta = (key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -10 : 10);
      if (focus === 'Code' && listing && listing.lines.length) {
        const page = Math.max(1, (zoomed ? (layout?.main ?? 20) : (layout?.code.height ?? 20)) - 3);
        const first = listing.lines[0]!.line, last = listing.lines.at(-1)!.line;
        const to = (selectedLine ?? listing.current) + (key.pageUp ? -page : key.pageDown ? page : delta);
        return setSourceSel({ view, line: Math.max(first, Math.min(last, to)) });
      }
      if (focus === 'Code') {
        const lines = view.code.lines;
        const page = Math.max(1, (zoomed ? (layout?.main ?? 20) : (layout?.code.height ?? 20)) - 3);
        const from = selected ?? codeFocus();
        const to = from + (key.pageUp ? -page : key.pageDown ? page : delta);
        if (lines.length === 0) return;
        if (to >= 0 && to < lines.length) return setSelected(to);
        // Past the decoded lines: browse on, to the instruction before the first or after the last.
        if (!target.browseCode) return setSelected(Math.max(0, Math.min(lines.length - 1, to)));
        if (to < 0) return browse(lines[0]!.addr, true);
        const last = lines[lines.length - 1]!;
        const size = last.bytes ? last.bytes.split(' ').length : 1;
        return browse(hex(BigInt(`0x${last.addr}`) + BigInt(size)));
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
    if (input === 'b' && listing) {
      const toggle = toggleSourceBreakpointCommand(listing, selectedLine ?? listing.current);
      if (toggle) void target.execute(toggle);
      return;
    }
    if (input === 'b') {
      const current = Math.max(0, view.code.lines.findIndex((l) => l.current));
      const toggle = toggleBreakpointCommand(view, selected ?? current);
      if (toggle) void target.execute(toggle);
      return;
    }
    if (input === ':') commandLine.open();
    if (input === '/') {
      setSearching(true);
      commandLine.open();
    }
    // Back to the PC after browsing.
    if (input === '.') browse(null);
  };

  const helpLines = (): number => helpLineCount(size.columns);

  /** `/TEXT`: the next instruction after the selected line whose text or symbol has TEXT. */
  const search = (text: string): void => {
    if (!text || !target.searchCode) return;
    lastSearch.current = text;
    const from = view.code.lines[selected ?? codeFocus()]?.addr;
    const hit = from === undefined ? null : target.searchCode(text, from);
    if (hit === null) {
      ask({ text: `Search: "${text}" not found.` });
      return;
    }
    setFocus('Code');
    browse(hit);
  };

  /** How far the focused pane can scroll: until its first line is on screen. */
  const scrollLimit = (): number => {
    if (!layout) return 0;
    if (focus === 'Syscalls') return Math.max(0, view.syscalls.length - ((zoomed ? layout.main : layout.syscalls.height) - 1));
    if (focus === 'Output') return Math.max(0, view.output.replace(/\n$/, '').split('\n').length - ((zoomed ? layout.main : layout.output.height) - 1));
    if (focus === 'Memory map') return view.memoryMap.length;
    return 1000;
  };

  const stackLines = view.kernelStack.slots.length ? view.kernelStack.slots.length + 1 : 1;
  const rw = registerWidth(view.registers, vectors);
  const layout = computeLayout(size.columns, size.rows, { registerLines: (w) => registerLines(view.registers, w, vectors), registerWidth: rw, stackLines });
  if (!layout) return <TooSmall size={size} />;
  const mainHeight = layout.frameHeight - layout.status;
  const messageLines = view.status.message?.split('\n') ?? [];
  const deck = deckOf(layout);
  const shownInDeck = deck && deck.panes.includes(focus) ? focus : deck && deck.panes.includes(deckPane) ? deckPane : deck?.panes[0];

  /** One pane at a size; `tabs` names the other panes sharing its slot. */
  const pane = (title: PaneTitle, width: number, height: number, tabs?: string): React.JSX.Element => {
    const focused = focus === title;
    const sc = focused ? scroll : 0;
    switch (title) {
      case 'Code':
        return <CodePane key={title} view={view.code} width={width} height={height} focused={focused} selected={selected ?? undefined} tabs={tabs} sourceOnly={sourceOnly} selectedLine={selectedLine} />;
      case 'Registers':
        return <RegistersPane key={title} view={view.registers} width={width} height={height} focused={focused} vectors={vectors} tabs={tabs} />;
      case 'Kernel stack':
        return <KernelStackPane key={title} view={view.kernelStack} width={width} height={height} focused={focused} scroll={sc} tabs={tabs} />;
      case 'Memory map':
        return <MemoryMapPane key={title} rows={view.memoryMap} width={width} height={height} focused={focused} scroll={sc} tabs={tabs} />;
      case 'Cycles':
        return <CyclesPane key={title} view={view.cycles} width={width} height={height} focused={focused} tabs={tabs} />;
      case 'Syscalls':
        return <SyscallsPane key={title} lines={view.syscalls} total={view.syscallTotal} width={width} height={height} focused={focused} scroll={sc} tabs={tabs} />;
      case 'Output':
        return <OutputPane key={title} text={view.output} width={width} height={height} focused={focused} scroll={sc} tabs={tabs} />;
      case 'Transitions':
        return <TransitionsPane key={title} rows={view.transitions ?? []} total={view.transitionTotal} width={width} height={height} focused={focused} selected={transitionSel} tabs={tabs} />;
    }
  };
  const deckSlot = (width: number, height: number): React.JSX.Element | null => {
    if (!deck || !shownInDeck) return null;
    const tabs = deck.panes.filter((p) => p !== shownInDeck).map((p) => `${PANE_TITLES.indexOf(p) + 1} ${SHORT_TITLES[p]}`).join(' ');
    return pane(shownInDeck, width, height, tabs);
  };
  const commandOutput = (width: number, height: number): React.JSX.Element => (
    <Pane title="Command output" width={width} height={height} focused>
      {messageLines.slice(0, height - 1).map((l, i) => (
        <Line key={i}>{l.replace(/\t/g, '  ') || ' '}</Line>
      ))}
    </Pane>
  );

  let body: React.JSX.Element;
  if (detail) {
    body = typeof detail === 'string' ? <StepDetail note={detail} width={layout.width} height={mainHeight} /> : <TransitionDetail row={detail} width={layout.width} height={mainHeight} />;
  } else if (help) {
    body = <HelpOverlay width={layout.width} height={mainHeight} scroll={helpScroll} />;
  } else if (zoomed) {
    body = messageOpen ? commandOutput(layout.width, mainHeight) : pane(focus, layout.width, mainHeight);
  } else if (layout.compact) {
    const outputHeight = Math.min(layout.upper - 3, messageLines.length + 1);
    body = (
      <>
        <Box flexDirection="row" height={layout.upper}>
          <Box flexDirection="column" width={layout.left}>
            {messageOpen ? (
              <>
                {pane('Code', layout.left, Math.max(3, layout.upper - outputHeight))}
                {commandOutput(layout.left, outputHeight)}
              </>
            ) : (
              pane('Code', layout.left, layout.upper)
            )}
          </Box>
          <Box width={1} />
          {pane('Registers', layout.right, layout.upper)}
        </Box>
        {deckSlot(layout.width, layout.bottomRow)}
      </>
    );
  } else {
    const outputHeight = Math.min(layout.upper - 3, messageLines.length + 1);
    body = (
      <>
        <Box flexDirection="row" height={layout.upper}>
          <Box flexDirection="column" width={layout.left}>
            {pane('Code', layout.left, messageOpen ? Math.max(3, layout.upper - outputHeight) : layout.code.height)}
            {messageOpen ? commandOutput(layout.left, outputHeight) : pane('Kernel stack', layout.left, layout.kernelStack.height)}
          </Box>
          <Box width={1} />
          <Box flexDirection="column" width={layout.right}>
            {pane('Registers', layout.right, layout.registers.height)}
            {pane('Cycles', layout.right, layout.cycles.height)}
          </Box>
        </Box>
        <Box flexDirection="row" height={layout.bottomRow}>
          <Box flexDirection="column" width={layout.syscalls.width}>
            {pane('Syscalls', layout.syscalls.width, layout.syscalls.height)}
            {pane('Output', layout.output.width, layout.output.height)}
          </Box>
          <Box width={1} />
          {deck ? deckSlot(layout.memoryMap.width, layout.bottomRow) : pane('Memory map', layout.memoryMap.width, layout.bottomRow)}
          {layout.transitions ? (
            <>
              <Box width={1} />
              {pane('Transitions', layout.transitions.width, layout.bottomRow)}
            </>
          ) : null}
        </Box>
      </>
    );
  }

  return (
    <Box flexDirection="column" width={layout.width} height={layout.frameHeight}>
      {body}
      <StatusLine status={view.status} width={layout.width} command={commandLine.text} candidates={commandLine.candidates} commandPrefix={searchingState ? '/' : ':'} prompt={prompt?.text ?? null} />
    </Box>
  );
}

/** Short names for a deck's tabs. */
const SHORT_TITLES: Record<PaneTitle, string> = {
  Code: 'Code', Registers: 'Regs', 'Kernel stack': 'Stack', 'Memory map': 'Map', Cycles: 'Cycles', Syscalls: 'Syscalls', Output: 'Output', Transitions: 'Trans',
};

/** The layout's deck, with the panes this screen has (a deck of one is a plain slot). */
function deckOf(layout: Layout): { panes: PaneTitle[] } | null {
  if (!layout.deck) return null;
  const panes = layout.deck.panes.filter((p): p is PaneTitle => (PANE_TITLES as readonly string[]).includes(p));
  return panes.length > 1 ? { panes } : null;
}
