// The debugger on a dynamically linked program (issue 11 §3): it starts at ld.so's entry as the
// kernel leaves it, knows every loaded object's symbols (`puts in libc.so.6`), lists them as gdb's
// `info sharedlibrary` does, stops at `catch load`, and resolves a pending breakpoint when ld.so maps
// the library that has the symbol.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

const status = (s: Session) => s.view().status;
const haveGcc = process.platform === 'linux' && process.arch === 'x64' && spawnSync('gcc', ['--version']).status === 0;
if (!haveGcc) console.warn('test/debugger/sharedLibraries: SKIPPED: no gcc on an x86-64 Linux host to build a dynamic program');

function buildHello(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-dbg-dyn-'));
  writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("Hello, World!"); return 0; }\n');
  const exe = join(dir, 'hello');
  const r = spawnSync('gcc', ['-O1', join(dir, 'hello.c'), '-o', exe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return exe;
}

describe.skipIf(!haveGcc)('the debugger on a dynamically linked program', () => {
  it('starts in ld.so, resolves `break puts` when libc is mapped, stops at catch load and names library code', async () => {
    const exe = buildHello();
    const s = await Session.create({ program: exe });
    // the kernel's first return to user mode goes to the interpreter's entry (gdb's starti)
    expect(status(s).stopReason).toMatch(/^at program entry \(.* in ld-linux-x86-64\.so\.2\)$/);
    await s.execute('info sharedlibrary');
    expect(status(s).message).toMatch(/^From {16}To {18}Syms Read   Shared Object Library\n0x00007ffff7f[0-9a-f]{5}  0x00007ffff7f[0-9a-f]{5}  Yes \(\*\) {5}\/\S*ld-linux-x86-64\.so\.2\n\(\*\): Shared library is missing debugging information\.$/);
    await s.execute('break main');
    expect(status(s).message).toMatch(/^Breakpoint 1 at 0x5555555551[0-9a-f]{2} <main>$/); // the PIE's symbol at its load bias
    await s.execute('break puts');
    expect(status(s).message).toBe('Function "puts" not defined in the objects loaded so far: breakpoint 2 (puts) pending on future shared library load.');
    await s.execute('info breakpoints');
    expect(status(s).message).toMatch(/^2 +breakpoint +y +<PENDING>  puts$/m);
    await s.execute('catch load libc');
    await s.execute('continue');
    expect(status(s).stopReason).toMatch(/^catchpoint 3: loaded \/\S*libc\.so\.6$/);
    await s.execute('info sharedlibrary');
    expect((status(s).message ?? '').split('\n').filter((l) => /\.so/.test(l)).map((l) => l.replace(/.*\//, ''))).toEqual(['libc.so.6', 'ld-linux-x86-64.so.2']);
    await s.execute('info breakpoints');
    expect(status(s).message).not.toContain('PENDING');
    await s.execute('continue');
    expect(status(s).stopReason).toBe('breakpoint 1 at main');
    await s.execute('continue');
    expect(status(s).stopReason).toMatch(/^breakpoint 2 at puts in libc\.so\.6$/);
    await s.execute('continue');
    expect(s.view().output).toBe('Hello, World!\n');
  });
});

describe.skipIf(!haveGcc)('source-level debugging of a default gcc build (a dynamically linked PIE)', () => {
  it('break main stops at main\'s first line at the PIE\'s load bias; next steps over puts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trapdoor-dbg-pie-'));
    const src = join(dir, 'hi.c');
    writeFileSync(src, '#include <stdio.h>\n\nint main(void) {\n  puts("hi");\n  return 0;\n}\n');
    const exe = join(dir, 'hi');
    expect(spawnSync('gcc', ['-g', '-O0', src, '-o', exe]).status).toBe(0);
    const s = await Session.create({ program: exe });
    await s.execute('break main');
    expect(status(s).message).toMatch(/^Breakpoint 1 at 0x55555555[0-9a-f]{4}/);
    await s.execute('continue');
    expect(status(s).stopReason).toMatch(/breakpoint 1 at main/);
    await s.execute('info line');
    expect(status(s).message).toMatch(/Line 4 of ".*hi\.c"/);
    await s.execute('next');
    await s.execute('info line');
    expect(status(s).message).toMatch(/Line 5 of ".*hi\.c"/);
    await s.execute('continue'); // (stdout is not a terminal: libc flushes "hi" at exit)
    expect(s.view().output).toBe('hi\n');
  });
});
