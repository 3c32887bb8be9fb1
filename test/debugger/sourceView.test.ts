// The Code pane's source-level data on a gcc -g program (issue 13): the source-only view's file
// window with breakpoints by line, the note when the source file is gone, and the Output pane as
// the guest's terminal (so printf's write happens inside printf, as in a terminal under gdb).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

const work = mkdtempSync(join(tmpdir(), 'trapdoor-srcview-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** programs/c/hello.c built with gcc -g -O0 -static from a copy in `dir`, or why not. */
function build(dir: string): string | { problem: string } {
  const src = join(dir, 'hello.c'), exe = join(dir, 'hello');
  copyFileSync('programs/c/hello.c', src);
  const r = spawnSync('gcc', ['-g', '-O0', '-static', '-o', exe, src], { encoding: 'utf8' });
  if (r.error) return { problem: 'gcc is not installed' };
  return r.status === 0 ? exe : { problem: `gcc -static failed: ${r.stderr.trim().split('\n')[0]}` };
}
const built = build(work);
const exe = typeof built === 'string' ? built : '';
if (typeof built !== 'string') console.warn(`test/debugger/sourceView: SKIPPED: ${built.problem}`);

const current = (s: Session) => s.view().code.lines.find((l) => l.current)!;

describe.skipIf(typeof built !== 'string')('source-level Code pane data (gcc -g -O0 -static hello.c)', () => {
  it('the listing: the file around the stop, the stop line, breakpoints by line (enabled, disabled)', async () => {
    const s = await Session.create({ program: exe });
    expect(s.view().code.listing).toBeUndefined(); // at _start: glibc has no line info
    await s.execute('break main');
    expect(s.view().status.message).toMatch(/^Breakpoint 1 at 0x[0-9a-f]+ <main\+\d+>: file hello\.c, line 6\.$/);
    await s.execute('break hello.c:7');
    expect(s.view().status.message).toMatch(/^Breakpoint 2 at 0x[0-9a-f]+ <main\+\d+>: file hello\.c, line 7\.$/);
    await s.execute('disable 2');
    await s.execute('c');
    const l = s.view().code.listing!;
    expect(l.file).toBe(join(work, 'hello.c'));
    expect(l.current).toBe(6);
    expect(l.lines.map((x) => x.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(l.lines[5]).toEqual({ line: 6, text: '\tprintf("Hello, World!\\n");', breakpoint: 'enabled', breakpoints: [1] });
    expect(l.lines[6]).toMatchObject({ line: 7, breakpoint: 'disabled', breakpoints: [2] });
    expect(l.lines[4]).toMatchObject({ line: 5, breakpoint: null, breakpoints: [] });
    // The instructions carry the same line, marked as DWARF's (drawn above them).
    expect(current(s).source).toEqual({ file: l.file, line: 6, text: '\tprintf("Hello, World!\\n");', dwarf: true });
  });

  it('the selected frame gives the listing its line: up from puts is main at line 6', async () => {
    const s = await Session.create({ program: exe });
    await s.execute('break main');
    await s.execute('c');
    await s.execute('step');
    expect(s.view().code.listing).toBeUndefined();
    await s.execute('up');
    expect(s.view().code.listing).toMatchObject({ current: 6 });
  });

  it('stdout is a terminal: printf writes its line before main goes on (line-buffered stdio)', async () => {
    const s = await Session.create({ program: exe });
    await s.execute('break hello.c:7');
    await s.execute('c');
    expect(s.view().status.stopReason).toMatch(/^breakpoint 1 at main/);
    expect(s.view().output).toBe('Hello, World!\n');
    expect(s.view().syscalls.map((l) => l.text).join('\n')).toMatch(/newfstatat\(1, "", \{st_mode=S_IFCHR\|0620,.*\nwrite\(1, "Hello, World!\\n", 14\) += 14$/);
    // As a pipe (outputTerminal: false) glibc buffers it until exit.
    const p = await Session.create({ program: exe, outputTerminal: false });
    await p.execute('break hello.c:7');
    await p.execute('c');
    expect(p.view().output).toBe('');
  });

  it('a missing source file: a note in the mixed and the source-only view', async () => {
    const dir = mkdtempSync(join(work, 'gone-'));
    const gone = build(dir);
    if (typeof gone !== 'string') throw new Error(gone.problem);
    rmSync(join(dir, 'hello.c'));
    const s = await Session.create({ program: gone });
    await s.execute('break main');
    await s.execute('c');
    const why = `source not available: ${join(dir, 'hello.c')} (no such file)`;
    expect(current(s).source).toMatchObject({ line: 6, text: '', dwarf: true, missing: why });
    expect(s.view().code.listing).toEqual({ file: join(dir, 'hello.c'), current: 6, lines: [], missing: why });
  });
});
