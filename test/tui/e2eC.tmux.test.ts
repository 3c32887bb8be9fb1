// End to end in a real terminal (issue 13): the seed's hello.c, built with gcc -g -static into
// programs/bin/ by `npm run build`, opened from the launcher; break at main, step into printf
// (gcc made it puts), on to libc's write and its SYSCALL, across it (catch syscall write) into
// entry_SYSCALL_64, back to user mode, and on to the C line after printf, checking each screen.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, keys, killSessionsAfterEach, screen, start, waitFor, waitText } from './tmuxDriver.js';

const PROGRAM = 'programs/bin/hello-static';
const haveGcc = (() => {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
/** programs/bin/hello-static, built by `npm run build:c` when missing; false when gcc cannot (no static libc). */
function programBuilt(): boolean {
  if (!existsSync(PROGRAM)) execFileSync('npm', ['run', 'build:c'], { stdio: 'inherit' });
  return existsSync(PROGRAM);
}
const skip = !hasTmux ? 'tmux is not installed'
  : !haveGcc ? 'no gcc to build programs/c/hello.c with'
  : !programBuilt() ? `${PROGRAM} could not be built (gcc -static needs libc6-dev's libc.a)` : null;
if (skip) console.warn(`test/tui/e2eC.tmux: SKIPPED: ${skip}`);
killSessionsAfterEach();

/** A command typed on the command line. */
function command(s: string, line: string): void {
  keys(s, ':');
  keys(s, '-l', line);
  keys(s, 'Enter');
}

/** The row of the screen matching `re` (its index), -1 when none. */
const rowOf = (x: string, re: RegExp): number => x.split('\n').findIndex((l) => re.test(l));

describe.skipIf(skip !== null)('a C program in tmux: from printf through write into the kernel and back', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  });

  it('launcher -> hello-static (C): break main, s into puts, write, SYSCALL, the kernel, back to hello.c:7', async () => {
    const s = start('node dist/cli.js', 180, 44);
    let x = await waitText(s, 'Pick a program');
    expect(x).toMatch(/hello-static \(C\) +Hello, World! through printf/);
    const items = (y: string): string[] => y.split('\n').filter((l) => /^[❯ ] \S+(\.S| \(C\)) /.test(l));
    const index = items(x).findIndex((l) => l.includes('hello-static (C)'));
    expect(index).toBeGreaterThan(0);
    for (let i = 0; i < index; i++) {
      keys(s, 'Down');
      await waitFor(s, (y) => items(y).findIndex((l) => l.startsWith('❯')) === i + 1, `highlight on item ${i + 1}`);
    }
    keys(s, 'Enter');
    await waitText(s, 'Pick a cost profile');
    keys(s, 'Enter');
    await waitText(s, 'Pick a kernel');
    keys(s, 'Enter');
    x = await waitText(s, 'user · ring 3 · 64-bit');
    expect(x).toContain('hello-static · textbook');

    // main: the C line drawn above its instructions, the breakpoint's instruction right below it.
    command(s, 'break main');
    await waitText(s, 'Breakpoint 1 at');
    keys(s, 'c');
    x = await waitText(s, 'breakpoint 1 at main');
    expect(x).toContain('hello.c:');
    const line6 = rowOf(x, /^ {0,2}6 +printf\("Hello, World!\\n"\);/);
    expect(line6).toBeGreaterThan(0);
    expect(x.split('\n')[line6 + 1]).toMatch(/^▶● +[0-9a-f]+ /);
    expect(x.split('\n')[rowOf(x, /^ {0,2}5 +\{/) + 1]).toMatch(/push +%rbp/);

    // l: the source file alone, the stop on line 6; l again: back to the mixed view.
    keys(s, 'l');
    x = await waitText(s, 'source only');
    expect(x).toMatch(/▶● +6 +printf\("Hello, World!\\n"\);/);
    expect(x).toMatch(/ +4 +int main\(void\)/);
    expect(x).not.toMatch(/▶● +401/);
    keys(s, 'l');
    x = await waitFor(s, (y) => !y.includes('source only') && /▶● +401/.test(y), 'the mixed view again');

    // s: into printf's call (puts), which has no line information: instructions from here.
    keys(s, 's');
    x = await waitText(s, 'step: into puts');
    expect(x).toMatch(/<puts>:/);
    expect(x).toMatch(/▶ +[0-9a-f]+ .*<puts> /);

    // On to libc's write wrapper, then instruction by instruction to its SYSCALL.
    command(s, 'catch syscall write');
    await waitText(s, 'Catchpoint 2 (syscall write)');
    command(s, 'break write');
    await waitText(s, 'Breakpoint 3 at');
    keys(s, 'c');
    x = await waitText(s, 'breakpoint 3 at write');
    expect(x).not.toContain('Hello, World!');
    const atSyscall = /^▶ +[0-9a-f]+ +<write\+\d+> .*\bsyscall\b/m;
    for (let i = 0; i < 12 && !atSyscall.test(screen(s)) && !screen(s).includes('KERNEL'); i++) {
      const before = screen(s);
      keys(s, 's');
      await waitFor(s, (y) => y !== before, 'a redraw after s');
    }
    expect(screen(s)).toMatch(atSyscall);
    expect(screen(s)).toMatch(/rax 0000000000000001/);

    // s across SYSCALL: the catchpoint, the kernel's entry code, the status line saying what the CPU did.
    keys(s, 's');
    x = await waitText(s, 'KERNEL · ring 0');
    expect(x).toContain('catchpoint 2: syscall write (syscall) · step: entered the kernel (syscall)');
    expect(x).toContain('<entry_SYSCALL_64>:');
    expect(x).toMatch(/▶ +ffffffff8[0-9a-f]+ .*swapgs/);
    expect(x).toContain('SYSCALL: RCX <- return RIP');

    // f: the whole syscall, back in the wrapper after its SYSCALL; the line is written.
    keys(s, 'f');
    x = await waitText(s, 'finish: back in user mode');
    expect(x).toContain('user · ring 3 · 64-bit');
    expect(x).toMatch(/▶ +[0-9a-f]+ .*<write\+\d+> /);
    expect(x).toMatch(/write\(1, "Hello, World!\\n", 14\) = 14/);
    expect(x).toContain('Hello, World!');

    // Back up to the C line after printf.
    command(s, 'break hello.c:7');
    await waitText(s, 'Breakpoint 4 at');
    keys(s, 'c');
    x = await waitText(s, 'breakpoint 4 at main');
    const line7 = rowOf(x, /^ {0,2}7 +return 0;/);
    expect(line7).toBeGreaterThan(0);
    expect(x.split('\n')[line7 + 1]).toMatch(/^▶● +[0-9a-f]+ .*mov +\$0x0,%eax/);
    command(s, 'bt');
    x = await waitText(s, '#0  main () at hello.c:7');

    keys(s, 'c');
    await waitText(s, 'exited with status 0');
    keys(s, 'q');
    await waitText(s, 'Pick a program');
    keys(s, 'q');
    await waitText(s, 'EXIT=0');
  });
});
