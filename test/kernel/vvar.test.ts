// [vvar] as Linux 6.18 lays it out, judged by this host: test/kernel/vvar/vvarLayout.c prints what a
// program sees of struct vdso_time_data (clock_data[CS_HRES_COARSE] and clock_data[CS_RAW], each
// with its seq, clock_mode, max_cycles, mask, shift and basetime[]; the timezone and hrtimer_res
// after the aux clocks) and reads CLOCK_MONOTONIC_RAW through libc, which takes the vDSO. Natively
// and under trapdoor: the same output, and neither strace nor --trace shows a clock_gettime call.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nativeHostProblem, runNative, straceNames, straceProblem, syscallNames } from '../programs/nativeTools.js';
import { ia32Problem } from '../hostIa32.js';
import { buildProblem, workDir } from '../abi/cBuild.js';
import { loadProgram } from '../../src/program/loadProgram.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { buildVdso } from '../../src/kernel/vdsoImage.js';
import { capture, runCaptured, sourceFile } from './helpers.js';

const SRC = fileURLToPath(new URL('./vvar/vvarLayout.c', import.meta.url));
const problem64 = nativeHostProblem() ?? buildProblem('musl', 64) ?? straceProblem();
const problem32 = nativeHostProblem() ?? buildProblem('glibc', 32) ?? ia32Problem() ?? straceProblem();
if (problem64) console.warn(`test/kernel/vvar: SKIPPED: ${problem64}`);
if (problem32) console.warn(`test/kernel/vvar -m32: SKIPPED: ${problem32}`);

function build(bits: 32 | 64): string {
  const out = join(workDir, `vvarLayout${bits}`);
  const cc = bits === 64 ? 'musl-gcc' : 'gcc';
  const r = spawnSync(cc, [bits === 32 ? '-m32' : '-m64', '-static', '-O1', SRC, '-o', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cc} vvarLayout.c failed:\n${r.stderr}`);
  return out;
}

async function compare(bits: 32 | 64, kernels: ('i386' | 'x86_64' | undefined)[]): Promise<void> {
  const exe = build(bits);
  const native = runNative(exe);
  expect(native.status).toBe(0);
  expect(native.stdout).toContain('basetime[MONOTONIC_RAW] in CS_RAW within 2 s before now: 1');
  expect(straceNames(exe, workDir, `vvarLayout${bits}`)).not.toContain('clock_gettime');
  for (const kernel of kernels) {
    for (const profile of ['textbook', 'zen4-kvm']) {
      const r = await runCaptured(exe, { profile, ...(kernel ? { kernel } : {}) });
      expect(r.stdout, `${bits}-bit ${profile} ${kernel ?? ''}`).toBe(native.stdout);
      expect(r.exitCode).toBe(0);
      expect(syscallNames(r.rawTrace.join('\n'))).not.toContain('clock_gettime');
      expect(syscallNames(r.rawTrace.join('\n'))).not.toContain('clock_gettime64');
    }
  }
}

describe('[vvar] clock_data[CS_RAW] and CLOCK_MONOTONIC_RAW through the vDSO', () => {
  it.skipIf(problem64 !== null)('64-bit: the layout this host shows, and no syscall', () => compare(64, [undefined]));
  it.skipIf(problem32 !== null)('-m32 (i386 and compat): the layout this host shows, and no syscall', () => compare(32, ['i386', 'x86_64']));
});

describe('CLOCK_MONOTONIC_RAW in each vDSO entry point', () => {
  it('i386: __vdso_clock_gettime, __vdso_clock_gettime64 and __vdso_clock_getres serve it without a syscall, no later than the syscall', async () => {
    const v = await buildVdso(32);
    const fn = (n: string): string => `0x${(0xb7ffe000n + v.symbols.get(n)!).toString(16)}`;
    const call = (name: string, ...args: string[]): string =>
      [...args.reverse().map((a) => `\tpushl ${a}`), `\tmovl $${fn(name)}, %eax`, '\tcall *%eax', `\taddl $${4 * args.length}, %esp`].join('\n');
    const src = `\t.code32\n\t.text\n\t.globl _start\n_start:\n${[
      call('__vdso_clock_gettime', '$4', '$a'), call('__vdso_clock_gettime64', '$4', '$b'), call('__vdso_clock_getres', '$4', '$res'),
      '\tmovl $265, %eax\n\tmovl $4, %ebx\n\tmovl $c, %ecx\n\tint $0x80',
    ].join('\n')}\n\tmovl $1, %eax\n\txorl %ebx, %ebx\n\tint $0x80\n\t.bss\na:\t.zero 8\nb:\t.zero 16\nres:\t.zero 8\nc:\t.zero 8\n`;
    const prog = await loadProgram(sourceFile(src));
    const calls: string[] = [];
    const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, kernel: 'i386', streams: capture().streams, hz: 0, onSyscall: (e) => calls.push(e.name) });
    expect(k.run()).toEqual({ kind: 'exited', status: 0 });
    expect(calls).toEqual(['clock_gettime', 'exit']);
    const u32 = (s: string, i: number): number => k.machine.readU32(prog.symbols.get(s)! + BigInt(4 * i));
    expect([u32('a', 0), u32('b', 0), u32('b', 1), u32('c', 0)]).toEqual([0, 0, 0, 0]); // seconds since boot
    expect(u32('a', 1)).toBeGreaterThan(0);
    expect(u32('a', 1)).toBeLessThan(u32('b', 2));
    expect(u32('b', 2)).toBeLessThan(u32('c', 1));
    expect([u32('res', 0), u32('res', 1)]).toEqual([0, 1]); // hrtimer_res
  });

  it('x86-64: __vdso_clock_gettime serves it without a syscall, no later than the syscall', async () => {
    const v = await buildVdso(64);
    const fn = (n: string): string => `0x${(0x7ffff7ffd000n + v.symbols.get(n)!).toString(16)}`;
    const src = `\t.globl _start\n_start:\n\tmovl $4, %edi\n\tleaq a(%rip), %rsi\n\tmovabsq $${fn('__vdso_clock_gettime')}, %rax\n\tcall *%rax
\tmovl $228, %eax\n\tmovl $4, %edi\n\tleaq c(%rip), %rsi\n\tsyscall\n\tmovl $60, %eax\n\txorl %edi, %edi\n\tsyscall\n\t.bss\na:\t.zero 16\nc:\t.zero 16\n`;
    const prog = await loadProgram(sourceFile(src));
    const calls: string[] = [];
    const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, streams: capture().streams, hz: 0, onSyscall: (e) => calls.push(e.name) });
    expect(k.vdsoBase).toBe(0x7ffff7ffd000n);
    expect(k.run()).toEqual({ kind: 'exited', status: 0 });
    expect(calls).toEqual(['clock_gettime', 'exit']);
    const u64 = (s: string, i: number): bigint => k.machine.readU64(prog.symbols.get(s)! + BigInt(8 * i));
    expect([u64('a', 0), u64('c', 0)]).toEqual([0n, 0n]);
    expect(u64('a', 1)).toBeGreaterThan(0n);
    expect(u64('a', 1)).toBeLessThan(u64('c', 1));
  });
});
