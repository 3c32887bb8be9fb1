// The Code pane's source-level views (issue 13): a C line from DWARF above its instructions
// (gdb's disassemble /s), and the source-only view of the file with breakpoints and the stop.
import type React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { CodeLine, CodeView } from '../../src/debugger/viewModel.js';
import { CodePane, expandTabs } from '../../src/tui/CodePane.js';
import { toggleSourceBreakpointCommand } from '../../src/tui/DebuggerApp.js';
import { tick } from './setup.js';
const frame = async (node: React.JSX.Element): Promise<string> => {
  const r = render(node);
  await tick();
  const f = r.lastFrame() ?? '';
  r.unmount();
  return f;
};

const FILE = '/src/hello.c';
const c = (line: number, text: string) => ({ file: FILE, line, text, dwarf: true });
const insn = (addr: string, text: string, source: CodeLine['source'], extra: Partial<CodeLine> = {}): CodeLine => ({ addr, symbol: null, label: null, bytes: '90', text, source, breakpoint: null, current: false, ...extra });

/** main of hello.c as gcc -O0 lays it out: lines 5, 6 (three instructions), 7, 8. */
function helloMain(): CodeView {
  return {
    region: 'user',
    lines: [
      insn('401655', 'push   %rbp', c(5, '{'), { label: 'main', symbol: 'main' }),
      insn('401656', 'mov    %rsp,%rbp', c(5, '{')),
      insn('401659', 'lea    0x779a4(%rip),%rax', c(6, '\tprintf("Hello, World!\\n");'), { current: true, breakpoint: 'enabled' }),
      insn('401660', 'mov    %rax,%rdi', c(6, '\tprintf("Hello, World!\\n");')),
      insn('401663', 'call   40a860 <puts>', c(6, '\tprintf("Hello, World!\\n");')),
      insn('401668', 'mov    $0x0,%eax', c(7, '\treturn 0;')),
      insn('40166d', 'pop    %rbp', c(8, '}')),
      insn('40166f', 'nop', null),
    ],
    listing: {
      file: FILE,
      current: 6,
      lines: [
        { line: 1, text: '// The seed\'s hello world.', breakpoint: null, breakpoints: [] },
        { line: 2, text: '#include <stdio.h>', breakpoint: null, breakpoints: [] },
        { line: 3, text: '', breakpoint: null, breakpoints: [] },
        { line: 4, text: 'int main(void)', breakpoint: null, breakpoints: [] },
        { line: 5, text: '{', breakpoint: null, breakpoints: [] },
        { line: 6, text: '\tprintf("Hello, World!\\n");', breakpoint: 'enabled', breakpoints: [1] },
        { line: 7, text: '\treturn 0;', breakpoint: 'disabled', breakpoints: [2] },
        { line: 8, text: '}', breakpoint: null, breakpoints: [] },
      ],
    },
  };
}

const rows = (f: string): string[] => f.split('\n').slice(1).map((l) => l.trimEnd());

describe('Code pane: C source lines above their instructions', () => {
  it('draws each DWARF line once, above its first instruction, with the file named first', async () => {
    const f = rows(await frame(<CodePane view={helloMain()} width={100} height={16} />));
    expect(f[0]).toBe('401655 <main>:');
    expect(f[1]).toBe('hello.c:');
    expect(f[2]).toBe('5  {');
    expect(f[3]).toMatch(/^ +401655 +<main> +push +%rbp$/);
    expect(f[4]).toMatch(/^ +401656 .*mov +%rsp,%rbp$/);
    // The tab of the source is expanded, not sent to the terminal.
    expect(f[5]).toBe('6          printf("Hello, World!\\n");');
    expect(f[6]).toMatch(/^▶● 401659 .*lea/);
    expect(f[8]).toMatch(/call +40a860 <puts>$/);
    expect(f[9]).toBe('7          return 0;');
    expect(f[11]).toBe('8  }');
    expect(f[12]).toMatch(/pop +%rbp$/);
    // No line info (the padding after main): no source row, and no `# N:` comment on C lines.
    expect(f[13]).toMatch(/40166f +nop$/);
    expect(f.join('\n')).not.toContain('# 6:');
    expect(f.filter((l) => /^6 /.test(l))).toHaveLength(1);
  });

  it('says where the source file was looked for when it is missing', async () => {
    const v = helloMain();
    const missing = 'source not available: /src/hello.c (no such file)';
    v.lines = v.lines.map((l) => (l.source ? { ...l, source: { ...l.source, text: '', missing } } : l));
    const f = rows(await frame(<CodePane view={v} width={100} height={16} />));
    expect(f[1]).toBe(`hello.c: ${missing}`);
    expect(f[2]).toBe('5');
  });

  it('keeps a .S line as a comment beside its instruction (one line, one instruction)', async () => {
    const v: CodeView = { region: 'kernel', lines: [insn('ffffffff81000000', 'swapgs', { file: 'entry_64.S', line: 20, text: '\tswapgs' }, { current: true })] };
    const f = rows(await frame(<CodePane view={v} width={100} height={4} />));
    expect(f[0]).toMatch(/swapgs +# 20: swapgs$/);
  });
});

describe('Code pane: the source-only view (key l)', () => {
  it('shows the file with line numbers, the stop and the breakpoints', async () => {
    const f = rows(await frame(<CodePane view={helloMain()} width={100} height={10} sourceOnly />));
    expect(f[0]).toBe('   1  // The seed\'s hello world.');
    expect(f[5]).toBe('▶● 6          printf("Hello, World!\\n");');
    expect(f[6]).toBe(' ○ 7          return 0;');
    expect(f.join('\n')).not.toContain('401659');
  });

  it('names the file and the way back in the title; a selected line is marked', async () => {
    const f = await frame(<CodePane view={helloMain()} width={100} height={10} sourceOnly selectedLine={8} />);
    expect(f.split('\n')[0]).toContain('(user · hello.c · source only (l: with assembly))');
    expect(rows(f)[7]).toBe('›  8  }');
  });

  it('falls back to the instructions, saying so, where the stop has no source line', async () => {
    const v = helloMain();
    delete v.listing;
    const f = await frame(<CodePane view={v} width={100} height={16} sourceOnly />);
    expect(f.split('\n')[0]).toContain('no source here: instructions');
    expect(f).toMatch(/▶● 401659/);
  });

  it('says why when the file is missing', async () => {
    const v = helloMain();
    v.listing = { file: FILE, current: 6, lines: [], missing: 'source not available: /src/hello.c (no such file)' };
    const f = rows(await frame(<CodePane view={v} width={100} height={6} sourceOnly />));
    expect(f[0]).toBe('source not available: /src/hello.c (no such file)');
  });

  it('b on a line: break FILE:LINE, or delete the breakpoints there', () => {
    const l = helloMain().listing!;
    expect(toggleSourceBreakpointCommand(l, 8)).toBe('break /src/hello.c:8');
    expect(toggleSourceBreakpointCommand(l, 6)).toBe('delete 1');
    expect(toggleSourceBreakpointCommand(l, 99)).toBeNull();
  });

  it('expands tabs to 8-column stops', () => {
    expect(expandTabs('a\tb')).toBe('a       b');
    expect(expandTabs('\t\tx')).toBe(' '.repeat(16) + 'x');
  });
});
