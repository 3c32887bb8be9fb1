// End to end in a real terminal: the built CLI in a detached tmux session, driven by send-keys and
// read back with capture-pane. Skipped (with a message) where tmux is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { alternateOn, hasTmux, keys, killSessionsAfterEach, screen, start, tmux, waitFor, waitText } from './tmuxDriver.js';

if (!hasTmux) console.warn('skipping the tmux end-to-end TUI test: tmux is not installed');
killSessionsAfterEach();

describe.skipIf(!hasTmux)('trapdoor debug in tmux (end to end)', () => {
  beforeAll(() => {
    if (!existsSync('dist/cli.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  });

  it('steps into entry_SYSCALL_64, breaks at do_syscall_64, finishes, and restores the screen on q', async () => {
    const s = start('node dist/cli.js debug programs/hello-syscall.S');
    await waitText(s, 'user · ring 3 · 64-bit');
    expect(alternateOn(s)).toBe(true);
    for (const t of ['─ Code', '─ Registers', '─ Kernel stack', '─ Memory map', '─ Cycles', '─ Syscalls', '─ Output']) expect(screen(s)).toContain(t);
    // Never taller than the terminal: the top line is the Code pane's title.
    expect(screen(s).split('\n')[0]).toMatch(/^─ Code/);
    for (let i = 0; i < 5; i++) {
      const before = screen(s);
      keys(s, 's');
      await waitFor(s, (x) => x !== before, 'a redraw after s');
    }
    let x = await waitText(s, 'KERNEL · ring 0');
    expect(x).toContain('<entry_SYSCALL_64>:');
    expect(x).toContain('SYSCALL: RCX <- return RIP');
    keys(s, ':');
    keys(s, '-l', 'break do_syscall_64');
    keys(s, 'Enter');
    await waitText(s, 'Breakpoint 1 at');
    keys(s, 'c');
    x = await waitText(s, 'breakpoint 1 at do_syscall_64');
    expect(x).toContain('PUSH_AND_CLEAR_REGS');
    keys(s, 'f');
    x = await waitText(s, 'finish: back in user mode');
    expect(x).toContain('user · ring 3 · 64-bit');
    expect(x).toMatch(/syscall +\d+ write\(1, "Hello from syscall/);
    expect(x).toContain('Hello from syscall (64-bit)');
    keys(s, 'q');
    await waitText(s, 'Quit anyway? (y or n)');
    keys(s, 'y');
    x = await waitText(s, 'EXIT=0');
    expect(alternateOn(s)).toBe(false);
    expect(x).not.toContain('─ Registers');
  });

  it('`n` over int $0x80, `m` + `c` at each mode switch; Ctrl-C does not quit, q does once it exited', async () => {
    const s = start('node dist/cli.js debug programs/hello-int80.S');
    await waitText(s, 'user · ring 3 · 32-bit');
    for (let i = 0; i < 4; i++) {
      const before = screen(s);
      keys(s, 's');
      await waitFor(s, (x) => x !== before, 'a redraw after s');
    }
    expect(screen(s)).toMatch(/▶ +8049014 +int +\$0x80/);
    keys(s, 'n');
    let x = await waitText(s, 'next: over int $0x80');
    expect(x).toMatch(/▶ +8049016/);
    expect(x).toMatch(/int80 +\d+ write\(1, "Hello from int \$0x80/);
    expect(x).toMatch(/int80 +1 +\d+/);
    keys(s, 'm');
    await waitText(s, 'mode stops on');
    keys(s, 'c');
    x = await waitText(s, 'mode switch: user -> kernel (int)');
    expect(x).toContain('KERNEL · ring 0');
    expect(x).toContain('INT 0x80: interrupt gate');
    keys(s, 'c');
    x = await waitText(s, 'exited with status 0');
    keys(s, 'C-c');
    await waitText(s, 'q quits');
    keys(s, 'q');
    await waitText(s, 'EXIT=0');
    expect(alternateOn(s)).toBe(false);
  });

  it('says so when the terminal is too small, and recovers on resize', async () => {
    const s = start('node dist/cli.js debug programs/hello-syscall.S', 60, 15);
    let x = await waitText(s, 'Terminal too small (60x15)');
    expect(x).toContain('80x24');
    tmux('resize-window', '-t', s, '-x', '120', '-y', '36');
    x = await waitText(s, 'user · ring 3 · 64-bit');
    expect(x).toContain('─ Registers');
    tmux('resize-window', '-t', s, '-x', '80', '-y', '24');
    x = await waitFor(s, (y) => y.includes('user · ring 3') && y.trimEnd().split('\n').length <= 24 && /^─ Code/.test(y) && !y.includes('too small'), 'an 80x24 frame');
    expect(x).toContain('─ Registers');
    keys(s, 'q');
    keys(s, 'y');
    await waitText(s, 'EXIT=0');
  });

  it('SIGTERM restores the screen', async () => {
    const s = start('node dist/cli.js debug programs/hello-syscall.S');
    await waitText(s, 'user · ring 3 · 64-bit');
    const pid = tmux('list-panes', '-t', s, '-F', '#{pane_pid}').trim();
    // The pane's shell runs env -> node (env execs node): signal the shell's child, found in /proc.
    const child = readdirSync('/proc').find((d) => {
      if (!/^\d+$/.test(d)) return false;
      try {
        return readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1] === pid;
      } catch {
        return false;
      }
    });
    expect(child).toBeDefined();
    process.kill(Number(child), 'SIGTERM');
    await waitText(s, 'EXIT=143');
    expect(alternateOn(s)).toBe(false);
  });

  it('the launcher (no arguments): program, profile and kernel, then the debugger', async () => {
    const s = start('node dist/cli.js');
    let x = await waitText(s, 'Pick a program');
    expect(x).toMatch(/hello-int80\.S +Hello world in 32-bit code/);
    const lines = x.split('\n').filter((l) => /^[❯ ] \S+\.S /.test(l));
    const index = lines.findIndex((l) => l.includes('hello-int80.S'));
    for (let i = 0; i < index; i++) {
      keys(s, 'Down');
      await waitFor(s, (y) => y.split('\n').filter((l) => /^[❯ ] \S+\.S /.test(l)).findIndex((l) => l.startsWith('❯')) === i + 1, `highlight on item ${i + 1}`);
    }
    keys(s, 'Enter');
    await waitText(s, 'Pick a cost profile');
    keys(s, 'Down');
    await waitFor(s, (y) => /❯ zen4-kvm/.test(y), 'zen4-kvm highlighted');
    keys(s, 'Enter');
    await waitText(s, 'Pick a kernel');
    keys(s, 'Enter');
    x = await waitText(s, 'user · ring 3 · 32-bit');
    expect(x).toContain('hello-int80.S · zen4-kvm · x86_64 kernel');
    // q goes back to the launcher (after a y: the program is alive), and q there quits.
    keys(s, 'q');
    await waitText(s, 'Back to the launcher anyway? (y or n)');
    keys(s, 'y');
    await waitText(s, 'Pick a program');
    keys(s, 'q');
    await waitText(s, 'EXIT=0');
    expect(alternateOn(s)).toBe(false);
  });

  it('at 80x24: Code and Registers over the deck; 5 shows Cycles with the round-trip bar, 8 the Transitions, z zooms, e explains', async () => {
    const s = start('node dist/cli.js debug programs/compare-methods.S', 80, 24);
    let x = await waitText(s, 'user · ring 3 · 64-bit');
    expect(x.split('\n')[0]).toMatch(/^─ Code/);
    for (const t of ['─ Registers', '─ Kernel stack', 'rip 0000000000401000', 'rflags', 'gs_base', 'kernel_gs_base']) expect(x).toContain(t);
    keys(s, 'c');
    await waitText(s, 'exited with status 0');
    keys(s, '5');
    x = await waitText(s, '─ Cycles (textbook)');
    expect(x).toMatch(/call +2200 +4 +4/);
    expect(x).toContain('last: write by syscall');
    expect(x).toMatch(/█ C handler +\d+/);
    keys(s, 'z');
    x = await waitText(s, 'per syscall (avg)');
    expect(x).toMatch(/getpid +- +\d+ +\d+/);
    expect(x).not.toContain('─ Code');
    keys(s, 'z');
    keys(s, '8');
    x = await waitText(s, '─ Transitions (');
    expect(x).toMatch(/enter +syscall +exit /);
    keys(s, 'e');
    x = await waitText(s, '─ Transition #');
    expect(x).toContain('• SYSCALL: RCX <- return RIP');
    keys(s, 'x');
    await waitFor(s, (y) => !y.includes('─ Transition #'), 'the detail view to close');
    keys(s, 'q');
    await waitText(s, 'EXIT=0');
  });

  it('stdin not a TTY gives a one-line error pointing to trapdoor run', () => {
    const r = spawnSync('node', ['dist/cli.js', 'debug', 'programs/hello-syscall.S'], { input: '', encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('trapdoor run');
  });
});
