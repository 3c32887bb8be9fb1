// Source-level debugging of a C program built with -g (musl-gcc -static, the DWARF fixture of
// test/elf): break FUNCTION / FILE:LINE, step and next, checked against gdb running the same
// binary natively (the pc after each command), plus list, info line and info source.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

const FIXTURE = fileURLToPath(new URL('../elf/fixtures/dwarf/', import.meta.url));
const have = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const work = mkdtempSync(join(tmpdir(), 'trapdoor-srclevel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The fixture built with musl-gcc -g -O0 -static, or why it cannot be here. */
function buildFixture(): string | { problem: string } {
  if (!have('musl-gcc')) return { problem: 'musl-gcc is not installed' };
  const exe = join(work, 'fixture');
  const r = spawnSync('musl-gcc', ['-g', '-O0', '-static', '-o', exe, join(FIXTURE, 'main.c'), join(FIXTURE, 'table.c')], { encoding: 'utf8' });
  return r.status === 0 ? exe : { problem: `musl-gcc failed: ${r.stderr.trim().split('\n')[0]}` };
}
const built = buildFixture();
const exe = typeof built === 'string' ? built : '';
if (typeof built !== 'string') console.warn(`test/debugger/sourceLevel: SKIPPED: ${built.problem}`);
const nativeGdb = have('gdb') && process.platform === 'linux' && process.arch === 'x64';
if (!nativeGdb) console.warn('test/debugger/sourceLevel: gdb comparisons SKIPPED: needs gdb on x86-64 Linux');

/** gdb's pc after `break main`, `run` and each of `commands`. */
function gdbPcs(commands: string[]): bigint[] {
  const args = ['-batch', '-nx', '-ex', 'break main', '-ex', 'run', '-ex', 'p/x $pc', ...commands.flatMap((c) => ['-ex', c, '-ex', 'p/x $pc'])];
  const out = spawnSync('gdb', [...args, exe], { encoding: 'utf8', maxBuffer: 1 << 24 }).stdout;
  return [...out.matchAll(/^\$\d+ = (0x[0-9a-f]+)$/gm)].map((m) => BigInt(m[1]!));
}

const pc = (s: Session): bigint => s.machineForTests.getReg('rip');
const status = (s: Session) => s.view().status;

async function atMain(): Promise<Session> {
  const s = await Session.create({ program: exe });
  await s.execute('break main');
  await s.execute('c');
  return s;
}

describe.skipIf(typeof built !== 'string')('source-level debugging of a C program (musl-gcc -g -O0 -static)', () => {
  it.skipIf(!nativeGdb)('break FUNCTION and FILE:LINE go where gdb puts them', async () => {
    const s = await Session.create({ program: exe });
    const specs = ['main', 'sum_table', 'square', 'main.c:13', 'table.c:6', 'twice.h:2', 'main.c:14'];
    for (const sp of specs) await s.execute(`break ${sp}`);
    await s.execute('info breakpoints');
    const ours = [...status(s).message!.matchAll(/0x([0-9a-f]+)/g)].map((m) => BigInt(`0x${m[1]}`));
    const out = spawnSync('gdb', ['-batch', '-nx', ...specs.flatMap((sp) => ['-ex', `break ${sp}`]), exe], { encoding: 'utf8' }).stdout;
    const theirs = [...out.matchAll(/Breakpoint \d+ at (0x[0-9a-f]+)/g)].map((m) => BigInt(m[1]!));
    expect(theirs.length).toBe(specs.length);
    expect(ours.slice(0, specs.length)).toEqual(theirs);
  });

  it.skipIf(!nativeGdb)('next walks main line by line as gdb does (over calls)', async () => {
    const s = await atMain();
    // 10 turns of the loop (lines 12, 13) and lines 10-18 of main: 25 nexts stay in main.
    const n = 25;
    const theirs = gdbPcs(Array(n).fill('next'));
    const ours = [pc(s)];
    for (let i = 0; i < n; i++) {
      await s.execute('next');
      ours.push(pc(s));
    }
    expect(theirs).toHaveLength(n + 1);
    expect(ours).toEqual(theirs);
    expect(status(s).stopReason).toMatch(/^next: main at main\.c:\d+$/);
  }, 120_000);

  it.skipIf(!nativeGdb)('step goes into square and twice (through the prologue) as gdb does, until printf', async () => {
    const s = await atMain();
    const n = 150; // 10 turns of the loop (5 steps each: 13, square, twice, 3, 12), then sum_table
    const theirs = gdbPcs(Array(n).fill('step'));
    const ours = [pc(s)];
    for (let i = 0; i < n; i++) {
      await s.execute('step');
      ours.push(pc(s));
      if (status(s).stopReason.includes('no line information')) break; // into printf: gdb steps over it
    }
    const intoPrintf = ours.length - 1;
    expect(status(s).stopReason).toMatch(/^step: into printf \(no line information/);
    expect(intoPrintf).toBeGreaterThan(20);
    expect(ours.slice(0, intoPrintf)).toEqual(theirs.slice(0, intoPrintf));
  }, 120_000);

  it('list, info line and info source', async () => {
    const s = await atMain();
    await s.execute('list');
    expect(status(s).message!.split('\n')[0]).toBe('5\tint sum_table(const int *t, int n);');
    expect(status(s).message!.split('\n')).toHaveLength(10);
    await s.execute('list');
    expect(status(s).message!.split('\n')[0]).toBe('15\t  s += sum_table(table, 4);');
    await s.execute('list sum_table');
    expect(status(s).message).toContain('2\tint sum_table(const int *t, int n) {');
    await s.execute('list table.c:99');
    expect(status(s).message).toBe('error: Line number 94 out of range; "table.c" has 11 lines.');
    await s.execute('info line');
    expect(status(s).message).toMatch(/^Line 10 of "main\.c" starts at address 0x[0-9a-f]+ <main\+\d+> and ends at 0x[0-9a-f]+ <main\+\d+>\.$/);
    await s.execute('info line main.c:11');
    expect(status(s).message).toBe('Line 11 of "main.c" has no code; the next line with code is 12.');
    await s.execute('info source');
    expect(status(s).message).toContain('Current source file is main.c');
    expect(status(s).message).toContain(`Located in ${join(FIXTURE, 'main.c')}`);
    expect(status(s).message).toContain('Contains 18 lines.');
    // The Code pane's lines carry the C line of each instruction.
    const cur = s.view().code.lines.find((l) => l.current)!;
    expect(cur.source).toMatchObject({ line: 10, text: '  int s = 0;', dwarf: true });
  }, 60_000);

  it('without line information, step and next are stepi and nexti', async () => {
    const s = await Session.create({ program: exe });
    const start = pc(s);
    await s.execute('step');
    expect(status(s).stopReason).toBe('step');
    expect(pc(s)).not.toBe(start);
    await s.execute('info line');
    expect(status(s).message).toMatch(/^No line number information available for address 0x[0-9a-f]+ <_start\+\d+>$/);
    await s.execute('list');
    expect(status(s).message).toMatch(/^error: No line information here/);
  });
});
