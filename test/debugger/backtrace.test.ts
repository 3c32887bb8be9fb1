// bt, up/down and frame against gdb running the same static binaries natively: the frames CFI
// unwinding finds (pcs and function names) in a C program with -g (musl, the DWARF fixture) and
// through glibc's stdio without -g; in the kernel, the user frames come from pt_regs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

const FIXTURE = fileURLToPath(new URL('../elf/fixtures/dwarf/', import.meta.url));
const HELLO = fileURLToPath(new URL('../../programs/c/hello.c', import.meta.url));
const have = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const work = mkdtempSync(join(tmpdir(), 'trapdoor-bt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const nativeGdb = have('gdb') && process.platform === 'linux' && process.arch === 'x64';
if (!nativeGdb) console.warn('test/debugger/backtrace: SKIPPED: needs gdb on x86-64 Linux');

function build(cc: string, out: string, sources: string[]): string | null {
  if (!have(cc)) {
    console.warn(`test/debugger/backtrace: ${out} SKIPPED: ${cc} is not installed`);
    return null;
  }
  const exe = join(work, out);
  const r = spawnSync(cc, ['-g', '-O0', '-static', '-o', exe, ...sources], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.warn(`test/debugger/backtrace: ${out} SKIPPED: ${cc} failed: ${r.stderr.trim().split('\n')[0]}`);
    return null;
  }
  return exe;
}
const fixture = build('musl-gcc', 'fixture', [join(FIXTURE, 'main.c'), join(FIXTURE, 'table.c')]);
const hello = build('gcc', 'hello', [HELLO]);

/**
 * gdb's `bt` (past main) at a breakpoint, with argument values dropped and paths cut to the file
 * name (as trapdoor prints them); a last frame at pc 0 (gdb's end of the chain) is left out.
 */
function gdbBacktrace(exe: string, where: string): string[] {
  const out = spawnSync('gdb', ['-batch', '-nx', '-ex', 'set backtrace past-main on', '-ex', `break ${where}`, '-ex', 'run', '-ex', 'bt', exe], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter((l) => /^#\d/.test(l) && !/ 0x0+ in \?\? \(\)$/.test(l)).map((l) => l.replace(/ \(.*?\)( at | from |$)/, ' ()$1').replace(/ at \/\S*\//, ' at '));
}

/**
 * Frames compared with gdb's: the same pcs and lines, and names that are the same function (at one
 * address glibc has several names, `_IO_file_write` and `_IO_new_file_write`: nm tells they are one).
 */
function expectSameFrames(exe: string, ours: string[], theirs: string[]): void {
  const byName = new Map<string, string>();
  for (const l of spawnSync('nm', [exe], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout.split('\n')) {
    const m = /^([0-9a-f]+) \w (\S+)$/.exec(l);
    if (m) byName.set(m[2]!, m[1]!);
  }
  const key = (line: string): string => line.replace(/ in (\S+) \(\)/, (_w, n: string) => ` in <${byName.get(n) ?? n}> ()`);
  expect(ours.map(key)).toEqual(theirs.map(key));
}

const message = (s: Session): string => s.view().status.message ?? '';

describe.skipIf(!nativeGdb)('backtrace', () => {
  it.skipIf(!fixture)('in a C program with -g: frames with source lines, as gdb', async () => {
    const theirs = gdbBacktrace(fixture!, 'twice');
    expect(theirs).toHaveLength(3); // twice, main, musl's libc_start_main_stage2
    const s = await Session.create({ program: fixture! });
    await s.execute('break twice');
    await s.execute('c');
    await s.execute('bt');
    const ours = message(s).split('\n');
    expect(ours).toEqual(theirs);
    expect(ours[0]).toMatch(/^#0  twice \(\) at twice\.h:2$/);
    // up: the Code pane shows main at the return address; list and info source follow the frame.
    await s.execute('up');
    expect(message(s)).toMatch(/^#1  0x[0-9a-f]{16} in main \(\) at main\.c:13\n13\t    s \+= square\(i\) \+ twice\(i\);$/);
    expect(s.view().code.region).toContain('frame #1');
    expect(s.view().code.lines.find((l) => l.current)?.source?.line).toBe(13);
    await s.execute('info source');
    expect(message(s)).toContain('Current source file is main.c');
    await s.execute('down');
    expect(message(s)).toMatch(/^#0  twice \(\) at twice\.h:2/);
    await s.execute('down');
    expect(message(s)).toBe('error: Bottom (innermost) frame selected; you cannot go down.');
    await s.execute('frame 99');
    expect(message(s)).toBe('error: Initial frame selected; you cannot go up.');
  }, 60_000);

  it.skipIf(!hello)('through glibc without -g (CFI only): write called from exit\'s stdio flush, as gdb', async () => {
    const theirs = gdbBacktrace(hello!, '*write');
    expect(theirs.length).toBeGreaterThan(5);
    // gdb's inferior writes to a pipe here (stdio flushes at exit): so does ours.
    const s = await Session.create({ program: hello!, outputTerminal: false });
    await s.execute('break *write');
    await s.execute('c');
    await s.execute('bt');
    expectSameFrames(hello!, message(s).split('\n'), theirs);
    // Into the kernel: once the entry code has saved ip and sp in pt_regs, the same user frames.
    await s.execute('delete');
    await s.execute('catch syscall write');
    await s.execute('c');
    await s.execute('bt');
    expect(message(s)).toMatch(/^#k  entry_SYSCALL_64/);
    for (let i = 0; i < 40 && /not hold/.test(message(s)); i++) {
      await s.execute('si');
      await s.execute('bt');
    }
    const inKernel = message(s).split('\n');
    expect(inKernel[1]).toMatch(/^#0  0x[0-9a-f]{16} in write \(\)$/);
    expectSameFrames(hello!, inKernel.slice(2), theirs.slice(1));
  }, 120_000);
});
