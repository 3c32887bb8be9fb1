// Issue 12 item 8: print/p, display, watch, info frame, until and advance print what gdb prints,
// checked against gdb itself on the same ELF (assembled by trapdoor asm, run natively under gdb).
// Stack addresses differ between the two (the environment and auxv differ), so 0x7ff... stack
// values are compared as STACK.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asmCommand } from '../../src/cli/asmCommand.js';
import { parseCommand } from '../../src/debugger/commands.js';
import { Session } from '../../src/debugger/Session.js';

const have = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const nativeGdb = have('gdb') && process.platform === 'linux' && process.arch === 'x64';
if (!nativeGdb) console.warn('test/debugger/gdbVocabulary: the comparisons with gdb SKIPPED: needs gdb on x86-64 Linux');
const work = mkdtempSync(join(tmpdir(), 'trapdoor-gdbv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function elf(src: string, name: string): Promise<string> {
  const out = join(work, name);
  expect(await asmCommand([src, '-o', out])).toBe(0);
  return out;
}

const stack = (s: string): string => s.replace(/0x7ff[0-9a-f]{9}/g, 'STACK');

/** gdb -batch: starti, then each command; its output lines (stderr merged, in order), the start-up lines dropped. */
function gdbLines(exe: string, commands: string[]): string[] {
  const args = ['-q', '-batch', '-nx', '-ex', 'starti', ...commands.flatMap((c) => ['-ex', c]), exe].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const out = spawnSync('sh', ['-c', `gdb ${args} 2>&1`], { encoding: 'utf8' }).stdout;
  const lines = out.split('\n');
  // "Program stopped." and the frame line of starti
  return lines.slice(lines.findIndex((l) => /^0x[0-9a-f]+ in _start \(\)$/.test(l)) + 1).filter((l) => l !== '');
}

/** The session's answers (message lines; errors without our `error: `), with the frame line gdb prints after a run. */
async function ourLines(program: string, commands: string[]): Promise<string[]> {
  const s = await Session.create({ program });
  const out: string[] = [];
  for (const c of commands) {
    await s.execute(c);
    let kind: string | undefined;
    try {
      kind = parseCommand(c)?.kind;
    } catch {
      kind = undefined; // a command gdb refuses: the session said why
    }
    const v = s.view();
    if (v.status.exited) {
      out.push(v.status.stopReason);
      continue;
    }
    const runs = ['stepi', 'nexti', 'continue', 'until', 'advance'].includes(kind ?? '');
    const msg = (v.status.message ?? '').replace(/^error: /, '');
    if (!runs) {
      out.push(...msg.split('\n'));
      continue;
    }
    // after a run: a watchpoint's report, the frame line, then the displays
    const [watch, ...displays] = msg.startsWith('Watchpoint') ? msg.split(/\n(?=\d+: )/) : ['', ...msg.split(/\n(?=\d+: )/)];
    if (watch) out.push(...watch.split('\n'));
    out.push(`0x${v.registers.ip.value} in ${v.code.lines.find((l) => l.current)!.symbol!.replace(/\+(0x)?[0-9a-f]+$/, '')} ()`);
    out.push(...displays.join('\n').split('\n'));
  }
  return out.filter((l) => l !== '');
}

const PRINTS = [
  'p $rip', 'p $rax', 'p/x $rax', 'p $eflags', 'p 1+2', 'p/x -1', 'p/t 10', 'p/o 8', 'p/c 65', 'p/d 0x10', 'p/a $rip',
  'p _start', 'p &msg', 'p msg', 'p *(long*)$rsp', 'p/x *(long*)$rsp', 'p *(int*)$rsp', 'p *(char*)&msg', 'p/x *(char*)&msg',
  'p $cs', 'p $eax', 'p $ax', 'p $al', 'p $', 'p $$', 'p $1', 'p $$3', 'p $rsp', 'p $rsp+8', 'p $rip+3', 'p -5', 'p/u -1',
  'p/x 0x100000000', 'p 4294967296', 'p 2147483648', 'p 0xffffffff', 'p/x $eflags', 'p/d $rip', 'p *$rsp', 'p *$rax', 'p $nosuch',
  'p/x', 'p', 'p/z 5', 'p/i $rip', 'p 10/3', 'p -7/2', 'p -7%3', 'p 1 == 1', 'p 3 > 2 && 0', 'p sizeof(long)', 'p sizeof(int)',
  'p (char)65', "p 'A'", "p/x 'A'", "p/c 10", 'p (unsigned char)300', 'p (short)-1', 'p/x (short)-1', 'p ~0', 'p !5', 'p 1 << 4',
  'p $nosuchsym', 'p nosuchsym', 'p (long)msg', 'p/x (long)msg', 'p/x $rip', 'p/t 0', 'p/o 0',
];

describe('gdb vocabulary against gdb', () => {
  it.skipIf(!nativeGdb)('print: values, types, formats, history and errors as gdb words them', async () => {
    const exe = await elf('programs/hello-syscall.S', 'hello64');
    const gdb = gdbLines(exe, PRINTS).map(stack);
    const ours = (await ourLines(exe, PRINTS)).map(stack);
    expect(ours).toEqual(gdb);
  });

  it.skipIf(!nativeGdb)('display (values and display/i $pc) at every stop, undisplay, info display', async () => {
    const exe = await elf('test/debugger/fixtures/watch.S', 'watch64');
    const cmds = ['display $rax', 'display/x $rip', 'display/i $pc', 'si', 'undisplay 2', 'si', 'info display', 'undisplay 1 3', 'info display'];
    // (gdb's disassembler adds the target of a RIP-relative operand as a comment; trapdoor's Code pane does not)
    const gdb = gdbLines(exe, cmds).map((l) => l.replace(/\s+# 0x[0-9a-f]+$/, ''));
    // gdb -batch does not show a new display at once (interactively it does, and so does trapdoor)
    const ours = (await ourLines(exe, cmds)).slice(4);
    expect(ours).toEqual(gdb);
  });

  it.skipIf(!nativeGdb)('watch on memory: stops after the writing instruction with Old value / New value, inside a call too', async () => {
    const exe = await elf('test/debugger/fixtures/watch.S', 'watch64');
    const cmds = ['si', 'watch *(long*)&counter', 'c', 'c', 'p $pc'];
    // trapdoor checks after every instruction (gdb's software watchpoint); gdb here uses the debug registers
    const gdb = gdbLines(exe, cmds).map((l) => l.replace('Hardware watchpoint', 'Watchpoint'));
    expect(await ourLines(exe, cmds)).toEqual(gdb);
  });

  it.skipIf(!nativeGdb)('info frame in a function and at _start, advance and until to a location', async () => {
    const exe = await elf('test/debugger/fixtures/watch.S', 'watch64');
    // (at _start gdb's advance refuses: the "return address" it would also stop at is argc)
    const cmds = ['break f', 'c', 'p $pc', 'info frame', 'advance *0x40102d', 'p $pc', 'until *0x40102e', 'p $pc'];
    const same = (l: string): string => stack(l).replace(/^Breakpoint \d+, /, '');
    const gdb = gdbLines(exe, cmds).map(same).filter((l) => !/^Breakpoint \d+ at /.test(l) && !/^ called by frame/.test(l));
    expect((await ourLines(exe, cmds)).map(same).filter((l) => !/^Breakpoint \d+ at /.test(l))).toEqual(gdb);
    const atStart = ['info frame'];
    expect((await ourLines(exe, atStart)).map(stack)).toEqual(gdbLines(exe, atStart).map(stack));
  });
});

describe('gdb vocabulary against gdb: info symbol, $_siginfo', () => {
  it.skipIf(!nativeGdb)('info symbol names the symbol, offset, section and file', async () => {
    const exe = await elf('test/debugger/fixtures/watch.S', 'watch64');
    const cmds = ['info symbol 0x401003', 'info symbol $pc', 'info symbol 0x402000', 'info symbol 0x12'];
    expect(await ourLines(exe, cmds)).toEqual(gdbLines(exe, cmds));
  });

  it.skipIf(!nativeGdb)('$_siginfo after the SIGSEGV that kills faults.S: the signal, code and address gdb reads from the kernel', async () => {
    const exe = await elf('programs/faults.S', 'faults64');
    const args = ['-q', '-batch', '-nx', '-ex', 'run', '-ex', 'p $_siginfo.si_signo', '-ex', 'p $_siginfo.si_code', '-ex', 'p $_siginfo._sifields._sigfault.si_addr', exe];
    const g = spawnSync('gdb', args, { encoding: 'utf8' }).stdout.split('\n').filter((l) => /^\$\d+ = /.test(l)).map((l) => l.replace(/^\$\d+ = (\(void \*\) )?/, ''));
    const s = await Session.create({ program: exe });
    await s.execute('c');
    await s.execute('p $_siginfo');
    expect(s.view().status.message).toBe(`$1 = {si_signo = ${g[0]}, si_errno = 0, si_code = ${g[1]}, _sifields = {_sigfault = {si_addr = ${g[2]}}}}`);
  });
});

describe('gdb vocabulary against gdb: until', () => {
  it.skipIf(!nativeGdb)('until without a location at a loop\'s backward jump runs the loop out; then it is next', async () => {
    const exe = await elf('test/debugger/fixtures/loop.S', 'loop64');
    const cmds = ['si', 'si', 'until', 'p $pc', 'until', 'p $pc'];
    expect(await ourLines(exe, cmds)).toEqual(gdbLines(exe, cmds));
  });
});

describe('gdb vocabulary', () => {
  it('watch on a kernel stack slot: pt_regs->ax changes when the handler stores the result', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('break do_syscall_64');
    await s.execute('c');
    // pt_regs->ax: 10 slots above the frame's bottom (%rdi, arg 1 of do_syscall_64)
    await s.execute('watch *(long *)($rdi + 80)');
    expect(s.view().status.message).toBe('Watchpoint 2: *(long *)($rdi + 80)');
    await s.execute('c');
    const v = s.view();
    expect(v.status.stopReason).toBe('watchpoint 2: *(long *)($rdi + 80)');
    // -ENOSYS (what PUSH_AND_CLEAR_REGS put there) -> write's byte count
    expect(v.status.message).toBe('Watchpoint 2: *(long *)($rdi + 80)\n\nOld value = -38\nNew value = 28');
    await s.execute('info breakpoints');
    expect(s.view().status.message).toMatch(/^2 +watchpoint +y +\*\(long \*\)\(\$rdi \+ 80\)$/m);
  });

  it('finish stops at a watchpoint on the way out of the function', async () => {
    const s = await Session.create({ program: 'test/debugger/fixtures/watch.S' });
    await s.execute('break f');
    await s.execute('c');
    await s.execute('watch *(long *)&counter');
    await s.execute('finish');
    expect(s.view().status.stopReason).toBe('watchpoint 2: *(long *)&counter');
    expect(s.view().status.message).toBe('Watchpoint 2: *(long *)&counter\n\nOld value = 7\nNew value = 8');
  });

  it('bt in the kernel: the kernel callers above the stop (return addresses after a call), then the user frames', async () => {
    const s = await Session.create({ program: 'programs/faults.S' });
    await s.execute('break exc_page_fault');
    await s.execute('c');
    await s.execute('x/gx $rsp'); // the return address the call into exc_page_fault pushed
    const ret = /:\s+0x0*([0-9a-f]+)/.exec(s.view().status.message!)![1]!;
    await s.execute('bt');
    const lines = s.view().status.message!.split('\n');
    expect(lines[0]).toMatch(/^#k  exc_page_fault \(kernel, ring 0/);
    expect(lines[1]).toBe(`#k1 0x${ret} in asm_exc_page_fault+31 (kernel, returned to by the call before it)`);
    expect(lines[2]).toMatch(/^#0  0x[0-9a-f]+ in _start \(\)$/);
  });

  it('help CMD: that command\'s lines (abbreviations resolved), gdb\'s error for an unknown one', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('help u');
    expect(s.view().status.message).toMatch(/^until \/ until LOCATION +next, but not back into a loop/);
    await s.execute('help si');
    expect(s.view().status.message).toMatch(/^stepi \[N\] \/ si +one instruction/);
    await s.execute('help nosuch');
    expect(s.view().status.message).toBe('error: Undefined command: "nosuch".  Try "help".');
  });

  it('rwatch and awatch say why they are refused; watch needs memory', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('rwatch *(long *)$rsp');
    expect(s.view().status.message).toMatch(/^error: rwatch: read watchpoints need the CPU to report each read/);
    await s.execute('watch msg');
    expect(s.view().status.message).toBe("error: 'msg' has unknown type; cast it to its declared type");
    await s.execute('watch 5');
    expect(s.view().status.message).toBe("error: Cannot watch constant value `watch 5'.");
  });
});
