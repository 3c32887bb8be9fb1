// `catch signal` and the signal frame in the Kernel stack pane (issue 10 §2). A C program built
// with glibc prints, from inside its handlers, every member of the frame the kernel built, through
// glibc's own ucontext_t / siginfo_t / struct sigcontext: natively those offsets are the real
// kernel's (the oracle for the debugger's layout); under trapdoor the values it prints must be
// what the debugger showed for the frame when it stopped at the handler's first instruction.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';
import type { SignalFrameView } from '../../src/debugger/signalFrame.js';
import { ia32Problem } from '../hostIa32.js';
import { buildProblem } from '../abi/cBuild.js';

const SOURCE = fileURLToPath(new URL('./c/sigframe.c', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trapdoor-sigframe-'));

function build(bits: 32 | 64): string {
  const exe = join(dir, `sigframe${bits}`);
  const r = spawnSync('gcc', [`-m${bits}`, '-O0', '-static', '-w', SOURCE, '-o', exe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return exe;
}

/** The program's lines per handler: field -> [offset, value]. */
function printed(stdout: string): Map<string, [number, bigint]>[] {
  const out: Map<string, [number, bigint]>[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('-- ')) out.push(new Map());
    const m = /^(\S+) (\d+) ([0-9a-f]+)$/.exec(line);
    if (m) out.at(-1)!.set(m[1]!, [Number(m[2]), BigInt(`0x${m[3]}`)]);
  }
  return out;
}

function expectFrame(frame: SignalFrameView, fields: Map<string, [number, bigint]>, what: string, compareValues: boolean): void {
  const rows = new Map(frame.rows.map((r) => [r.field, r]));
  for (const [field, [offset, value]] of fields) {
    const row = rows.get(field);
    expect(row, `${what}: the debugger names ${field}`).toBeDefined();
    expect(row!.offset, `${what}: ${field}'s offset`).toBe(offset);
    if (compareValues) expect(BigInt(`0x${row!.value}`), `${what}: ${field}'s value`).toBe(value);
  }
}

describe.each([64, 32] as const)('signal frames, gcc -m%d -static', (bits) => {
  const problem = buildProblem('glibc', bits) ?? (bits === 32 ? ia32Problem() : null);
  if (problem) console.warn(`test/debugger/signalFrames -m${bits}: SKIPPED: ${problem}`);
  it.skipIf(problem !== null)('catch signal stops at the handler with the frame named field by field, at the real kernel\'s offsets', async () => {
    const exe = build(bits);
    const native = printed(spawnSync(exe, { encoding: 'utf8' }).stdout);
    expect(native.length).toBe(bits === 64 ? 1 : 2);

    const s = await Session.create({ program: exe });
    await s.execute('catch signal SIGUSR1');
    expect(s.view().status.message).toBe('Catchpoint 1 (signal SIGUSR1)');
    if (bits === 32) await s.execute('catch signal SIGUSR2');
    await s.execute('continue');
    const kind = bits === 64 ? 'rt_sigframe' : 'rt_sigframe_ia32';
    expect(s.view().status.stopReason).toMatch(new RegExp(`^Catchpoint 1 \\(signal SIGUSR1\\), delivered to its handler: the kernel built its ${kind} at 0x[0-9a-f]+$`));
    expect(s.view().code.lines.find((l) => l.current)?.symbol ?? '').toMatch(/^on_usr1/);
    const first = s.view().kernelStack.signalFrame!;
    expect(first.title).toMatch(new RegExp(`^${bits === 64 ? 'rt_sigframe \\(64-bit\\)' : 'rt_sigframe_ia32'} at 0x[0-9a-f]+ for SIGUSR1$`));
    expect(first.rows.find((r) => r.field === 'pretcode')?.note, 'pretcode names the restorer').toMatch(/restore|sigreturn/);
    let second: SignalFrameView | null = null;
    if (bits === 32) {
      await s.execute('continue');
      expect(s.view().status.stopReason).toMatch(/^Catchpoint 2 \(signal SIGUSR2\), delivered to its handler: the kernel built its sigframe_ia32 at 0x/);
      second = s.view().kernelStack.signalFrame!;
    }
    await s.execute('continue');
    expect(s.view().status.exited).toBe(true);
    // the handler's return (sigreturn) took the frame away
    expect(s.view().kernelStack.signalFrame ?? null).toBeNull();
    const ours = printed(s.view().output);
    expect(ours.length).toBe(native.length);
    expectFrame(first, native[0]!, 'native offsets', false);
    expectFrame(first, ours[0]!, 'under trapdoor', true);
    if (second) {
      expectFrame(second, native[1]!, 'native offsets (sigframe_ia32)', false);
      expectFrame(second, ours[1]!, 'under trapdoor (sigframe_ia32)', true);
    }
    // every member the debugger shows is one the program printed (none invented)
    expect(first.rows.map((r) => r.field).sort()).toEqual([...native[0]!.keys()].sort());
  });
});

describe('catch signal and a default action that ends the process', () => {
  const problem = buildProblem('glibc', 64);
  it.skipIf(problem !== null)('says which catchpoint the fatal signal matched (trapdoor does not stop before it)', async () => {
    const src = join(dir, 'segv.c');
    const exe = join(dir, 'segv');
    writeFileSync(src, 'int main(void) { *(volatile int *)0 = 1; return 0; }\n');
    expect(spawnSync('gcc', ['-O1', '-static', src, '-o', exe]).status).toBe(0);
    const s = await Session.create({ program: exe });
    await s.execute('catch signal');
    expect(s.view().status.message).toBe('Catchpoint 1 (standard signals)');
    await s.execute('continue');
    expect(s.view().status.exited).toBe(true);
    expect(s.view().status.stopReason).toMatch(/^Catchpoint 1 \(signal SIGSEGV\), no handler: the default action killed by SIGSEGV/);
    await s.execute('info breakpoints');
    expect(s.view().status.message).toContain('catchpoint already hit 1 time');
  });
});
