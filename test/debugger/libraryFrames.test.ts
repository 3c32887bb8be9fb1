// Return addresses inside shared libraries are named by their object (issue 11 §3): in the Kernel
// stack pane pt_regs' ip is `<write+N in libc.so.6>`, and bt unwinds through libc by libc's own
// CFI, naming its frames `in write () from /…/libc.so.6` as gdb does. The frames' pcs are checked
// against GNU gdb's bt at the same syscall, down to main, (ASLR off on both sides: the same addresses).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

const haveGcc = process.platform === 'linux' && process.arch === 'x64' && spawnSync('gcc', ['--version']).status === 0;
const haveGdb = spawnSync('gdb', ['--version']).status === 0;
if (!haveGcc) console.warn('test/debugger/libraryFrames: SKIPPED: no gcc on an x86-64 Linux host to build a dynamic program');
if (haveGcc && !haveGdb) console.warn('test/debugger/libraryFrames: the comparison with gdb\'s bt SKIPPED: gdb is not installed');

function build(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-libframes-'));
  writeFileSync(join(dir, 'say.c'), '#include <unistd.h>\n__attribute__((noinline)) void say(void) { write(1, "hi\\n", 3); }\nint main(void) { say(); return 0; }\n');
  const exe = join(dir, 'say');
  const r = spawnSync('gcc', ['-O1', join(dir, 'say.c'), '-o', exe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return exe;
}

/** The pcs of bt's frames (`#1  0x… in …`; a frame at a line start has no address). */
const pcs = (bt: string): bigint[] => [...bt.matchAll(/^#\d+\s+0x([0-9a-f]+) in /gm)].map((m) => BigInt(`0x${m[1]}`));

describe.skipIf(!haveGcc)('frames in shared libraries', () => {
  it('the Kernel stack pane and bt name libc\'s code; bt\'s pcs equal gdb\'s', async () => {
    const exe = build();
    const s = await Session.create({ program: exe, env: ['LD_BIND_NOW=1'] });
    await s.execute('catch syscall write');
    await s.execute('continue');
    await s.execute('break do_syscall_64'); // pt_regs complete: the user registers are saved
    await s.execute('continue');
    expect(s.view().status.stopReason).toBe('breakpoint 2 at do_syscall_64');
    const ip = s.view().kernelStack.slots.find((x) => x.field === 'ip')!;
    expect(ip.symbol).toMatch(/^write\+\d+ in libc\.so\.6$/);
    await s.execute('bt');
    const bt = s.view().status.message ?? '';
    expect(bt).toMatch(/^#0  0x[0-9a-f]{16} in write \(\) from \/\S*libc\.so\.6$/m);
    expect(bt).toMatch(/^#1  0x[0-9a-f]{16} in say \(\)$/m);
    expect(bt).toMatch(/^#2  0x[0-9a-f]{16} in main \(\)$/m);
    expect(bt).toMatch(/ in __libc_start_main \(\) from \/\S*libc\.so\.6$/m);
    if (!haveGdb) return;
    const g = spawnSync('gdb', ['-nx', '-batch', '-ex', 'set debuginfod enabled off', '-ex', 'catch syscall write', '-ex', 'run', '-ex', 'bt', exe], { encoding: 'utf8', env: { HOME: '/nonexistent', LD_BIND_NOW: '1' } });
    const want = pcs(g.stdout);
    expect(want.length, `gdb's bt:\n${g.stdout}`).toBe(3); // write, say, main (gdb's bt stops at main: backtrace past-main off)
    expect(pcs(bt).slice(0, 3)).toEqual(want);
  });
});
