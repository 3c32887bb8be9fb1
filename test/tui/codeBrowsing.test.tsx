// Issue 12 item 3: the Code pane browses past the decoded lines (PageUp/PageDown, arrows), `/`
// searches, `:list SYMBOL` goes there, `.` comes back to the PC, and mnemonics stay in one column.
import { tick } from './setup.js';
import { wideScreen } from './wideScreen.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Session } from '../../src/debugger/Session.js';
import type { CodeLine } from '../../src/debugger/viewModel.js';
import { CodePane } from '../../src/tui/CodePane.js';
import { DebuggerApp } from '../../src/tui/DebuggerApp.js';

// The contract's "good" size, wider than ink-testing-library's 100 columns.
const SIZE = { columns: 120, rows: 36 };
const mounted = wideScreen(SIZE.columns);

async function open(program: string) {
  const session = await Session.create({ program });
  const r = render(<DebuggerApp target={session} size={SIZE} />);
  mounted.push(r);
  await tick();
  const press = async (k: string): Promise<void> => {
    r.stdin.write(k);
    await tick();
    await tick();
  };
  const frame = (): string => r.lastFrame() ?? '';
  const selectedLine = (): string => frame().split('\n').find((l) => l.startsWith('›')) ?? '';
  return { session, press, frame, selectedLine };
}

const PAGE_DOWN = '\x1b[6~';
const PAGE_UP = '\x1b[5~';

describe('Code pane browsing', () => {
  it('PageDown goes on past the decoded lines to the end of the program, PageUp comes back, . returns to the PC', async () => {
    const t = await open('programs/compare-methods.S');
    const decoded = t.session.view().code.lines.map((l) => l.addr);
    for (let i = 0; i < 6; i++) await t.press(PAGE_DOWN);
    const sel = /^› +([0-9a-f]+)/.exec(t.selectedLine())![1]!;
    expect(decoded).not.toContain(sel);
    expect(t.frame()).toContain('browsing: . back to the PC');
    for (let i = 0; i < 12; i++) await t.press(PAGE_UP);
    expect(t.frame()).toContain('401000 <_start>:');
    await t.press('.');
    expect(t.frame()).not.toContain('browsing');
    expect(t.frame()).toMatch(/^▶ +401000 +mov +%rsp,%rdi/m);
  });

  it('Down past the last line moves on one instruction at a time; b sets a breakpoint there', async () => {
    const t = await open('programs/compare-methods.S');
    const lines = t.session.view().code.lines;
    for (let i = 0; i < lines.length + 3; i++) await t.press('\x1b[B');
    const addr = /^› +([0-9a-f]+)/.exec(t.selectedLine())![1]!;
    expect(BigInt(`0x${addr}`)).toBeGreaterThan(BigInt(`0x${lines.at(-1)!.addr}`));
    await t.press('b');
    await tick();
    expect(t.session.view().breakpoints.map((b) => b.addr)).toEqual([addr]);
  });

  it('/ finds the next instruction with the text; / again the one after; :list SYMBOL shows kernel code', async () => {
    const t = await open('programs/compare-methods.S');
    await t.press('/');
    await t.press('$0x80');
    await t.press('\r');
    expect(t.selectedLine()).toMatch(/int +\$0x80/);
    await t.press('.');
    await t.press('/');
    await t.press('syscall');
    await t.press('\r');
    // (an instruction with the text, or the first one of a symbol whose name has it)
    const addrOf = (l: string): bigint => BigInt(`0x${/^› +([0-9a-f]+)/.exec(l)![1]}`);
    const first = addrOf(t.selectedLine());
    await t.press('/');
    await t.press('\r');
    expect(addrOf(t.selectedLine())).toBeGreaterThan(first);
    await t.press(':');
    await t.press('list entry_SYSCALL_64');
    await t.press('\r');
    const f = t.frame();
    expect(f).toContain('─ Code (kernel · browsing');
    expect(f).toContain('<entry_SYSCALL_64>:');
    expect(f).toMatch(/swapgs/);
    await t.press('/');
    await t.press('nosuchthing');
    await t.press('\r');
    expect(t.frame()).toContain('Search: "nosuchthing" not found.');
  });
});

describe('Code pane columns', () => {
  it('long symbols do not push the mnemonic column out of line', async () => {
    const line = (addr: string, symbol: string, text: string): CodeLine => ({ addr, symbol, label: null, bytes: '90', text, source: null, breakpoint: null, current: false });
    const view = {
      region: 'kernel',
      lines: [
        line('ffffffff81000100', 'entry_SYSCALL_64+0x4b', 'push   %rax'),
        line('ffffffff81000200', 'swapgs_restore_regs_and_return_to_usermode+0x12', 'pop    %r15'),
        line('ffffffff81000300', 'x', 'sysretq'),
      ],
    };
    const r = render(<CodePane view={view} width={120} height={6} />);
    mounted.push(r);
    await tick();
    const rows = (r.lastFrame() ?? '').split('\n').slice(1, 4);
    const cols = rows.map((l) => l.search(/push|pop|sysretq/));
    expect(new Set(cols).size).toBe(1);
    // cut to the column's 34 characters, with an ellipsis
    expect(rows[1]).toContain('<swapgs_restore_regs_and_return_…>');
  });
});

describe('disassemble', () => {
  it('dumps the function around the PC as gdb does, => at the PC; and a symbol given', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('disassemble');
    const lines = s.view().status.message!.split('\n');
    expect(lines[0]).toBe('Dump of assembler code for function _start:');
    expect(lines[1]).toMatch(/^=> 0x0000000000401000 <\+0>:\tmov/);
    expect(lines.at(-1)).toBe('End of assembler dump.');
    expect(lines.some((l) => /^ {3}0x[0-9a-f]{16} <\+\d+>:\tsyscall$/.test(l))).toBe(true);
    await s.execute('disas entry_SYSCALL_64');
    const k = s.view().status.message!.split('\n');
    expect(k[0]).toBe('Dump of assembler code for function entry_SYSCALL_64:');
    expect(k[1]).toMatch(/^ {3}0xffffffff[0-9a-f]{8} <\+0>:\tswapgs$/);
    await s.execute('disassemble nosuch');
    expect(s.view().status.message).toBe('error: No symbol "nosuch" in current context.');
  });
});
