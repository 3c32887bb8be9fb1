// Issue 12 item 6 (wrong or odd text), item 1 (signals and the exit in the Syscalls lines) and
// item 7's kernel refusal, on real programs through the Session.
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../src/cli/runCommand.js';
import { Session } from '../../src/debugger/Session.js';

const cur = (s: Session) => s.view().code.lines.find((l) => l.current)!;
const status = (s: Session) => s.view().status;

async function stepUntil(s: Session, pred: () => boolean, max = 300): Promise<void> {
  for (let i = 0; i < max && !pred(); i++) await s.execute('si');
  expect(pred()).toBe(true);
}

describe('issue 12: the text the debugger shows', () => {
  it('names __kernel_vsyscall, not the vdso_text_start marker at the same address', async () => {
    const s = await Session.create({ program: 'programs/hello-sysenter.S' });
    await s.execute('break __kernel_vsyscall');
    expect(status(s).message).toMatch(/<__kernel_vsyscall>$/);
    await s.execute('info breakpoints');
    expect(status(s).message).toContain('<__kernel_vsyscall>');
    expect(status(s).message).not.toContain('vdso_text_start');
    await s.execute('c');
    expect(status(s).stopReason).toBe('breakpoint 1 at __kernel_vsyscall');
    expect(cur(s).symbol).toBe('__kernel_vsyscall');
  });

  it('just before SYSRET the Kernel stack pane says RSP was restored, not that SYSCALL left it', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await stepUntil(s, () => cur(s).text === 'syscall');
    await s.execute('si');
    expect(s.view().kernelStack.note).toContain('SYSCALL does not switch stacks');
    await stepUntil(s, () => cur(s).text.startsWith('sysret'));
    const note = s.view().kernelStack.note ?? '';
    expect(note).not.toContain('SYSCALL does not switch stacks');
    expect(note).toContain('restored it for the return to user mode');
  });

  it("a #PF's error code slot is the CPU's; the kill reads `killed by SIGSEGV`; strace's last lines", async () => {
    const s = await Session.create({ program: 'programs/faults.S' });
    await s.execute('catch int 14');
    await s.execute('c');
    expect(status(s).stopReason).toBe('catchpoint 1: interrupt vector 0xe');
    const slots = s.view().kernelStack.slots;
    expect(slots.find((x) => x.field === 'orig_ax')?.pushedBy).toBe('CPU (exception 14) error code');
    expect(slots.find((x) => x.field === 'ip')?.pushedBy).toBe('CPU (exception 14)');
    await s.execute('c');
    expect(status(s).stopReason).toMatch(/^killed by SIGSEGV: /);
    expect(status(s).stopReason).not.toContain('trapdoor:');
    const last = s.view().syscalls.slice(-2).map((l) => l.text);
    expect(last).toEqual(['--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---', '+++ killed by SIGSEGV +++']);
    expect(s.view().syscalls.at(-1)!.method).toBeNull();
  });

  it('an exit ends the Syscalls lines with `+++ exited with 0 +++`, and the title counts every line', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('c');
    expect(status(s).stopReason).toBe('exited with status 0');
    const v = s.view();
    expect(v.syscalls.at(-1)!.text).toBe('+++ exited with 0 +++');
    expect(v.syscallTotal).toBe(v.syscalls.length);
  });

  it('`catch int timer` is the timer vector, as help offers', async () => {
    const s = await Session.create({ program: 'programs/clock-vdso.S' });
    await s.execute('catch int timer');
    expect(status(s).message).toBe('Catchpoint 1 (interrupt vector 0xec (timer))');
  });

  it('`info registers rip` prints that register only; a bad name is an error', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('info registers rip');
    expect(status(s).message).toMatch(/^rip +0x401000 +0x401000 <_start>$/);
    await s.execute('info registers rax $pc');
    expect(status(s).message!.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['rax', 'rip']);
    await s.execute('info registers foo');
    expect(status(s).message).toBe("error: Invalid register `foo'");
  });

  it('kernel map rows: 4-character permissions and page-aligned ends, as /proc/self/maps', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    const rows = s.view().memoryMap.filter((r) => r.kernelOnly);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.perms).toMatch(/^[r-][w-][x-]p$/);
      expect(BigInt(`0x${r.end}`) % 4096n).toBe(0n);
    }
  });

  it('refuses the i386 kernel for a 64-bit program, in the debugger and in `run --kernel`', async () => {
    await expect(Session.create({ program: 'programs/hello-syscall.S', kernel: 'i386' })).rejects.toThrow(/64-bit program cannot run on the i386 kernel/);
    const sink = { writeStdout: () => {}, writeStderr: () => {}, readStdin: () => new Uint8Array(0) };
    await expect(runProgram({ prog: 'programs/hello-syscall.S', args: [], trace: false, cycles: false, profile: 'textbook', kernel: 'i386' }, sink)).rejects.toThrow(/use --kernel x86_64/);
  });
});

describe('issue 12: highlights', () => {
  it('an `info` command between steps keeps what the last step changed highlighted', async () => {
    const s = await Session.create({ program: 'programs/hello-syscall.S' });
    await s.execute('si');
    expect(s.view().registers.ip.changed).toBe(true);
    await s.execute('info registers rip');
    expect(s.view().registers.ip.changed).toBe(true);
  });
});
