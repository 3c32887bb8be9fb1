// The vDSO: a real ELF shared object (checked with binutils' readelf where it exists), mapped as
// [vdso] below [vvar]; its clock functions read [vvar] under the seqlock, which the timer tick
// rewrites, and fall back to a real syscall for clocks they do not serve.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/program/loadProgram.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { buildVdso } from '../../src/kernel/vdsoImage.js';
import { VD } from '../../src/kernel/vvar.js';
import { readElf } from '../../src/elf/index.js';
import { capture, runCaptured, sourceFile } from './helpers.js';

const haveReadelf = spawnSync('which', ['readelf']).status === 0;
if (!haveReadelf) console.warn('skipping the readelf checks of the vDSO images: no readelf');

function readelf(image: Uint8Array, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-vdso-'));
  const p = join(dir, 'vdso.so');
  writeFileSync(p, image);
  const r = spawnSync('readelf', [...args, p], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('vDSO images', () => {
  it('vdso64 exports the x86-64 functions and their __vdso_ aliases, versioned LINUX_2.6', async () => {
    const v = await buildVdso(64);
    const elf = readElf(v.image);
    expect(elf.type).toBe(3); // ET_DYN
    const names = elf.dynamicSymbols.map((s) => s.name).filter(Boolean).sort();
    for (const n of ['clock_gettime', 'gettimeofday', 'time', 'getcpu', 'clock_getres']) {
      expect(names).toContain(n);
      expect(names).toContain(`__vdso_${n}`);
    }
    const byName = new Map(elf.dynamicSymbols.map((s) => [s.name, s.value]));
    expect(byName.get('clock_gettime')).toBe(byName.get('__vdso_clock_gettime'));
  });

  it.skipIf(!haveReadelf)('readelf sees the versioned dynamic symbols of both images', async () => {
    const out64 = readelf((await buildVdso(64)).image, ['--dyn-syms', '-W']);
    expect(out64).toMatch(/FUNC +GLOBAL +DEFAULT +\d+ __vdso_clock_gettime@@LINUX_2\.6/);
    const out32 = readelf((await buildVdso(32)).image, ['--dyn-syms', '-W']);
    expect(out32).toMatch(/__kernel_vsyscall@@LINUX_2\.5/);
    expect(out32).toMatch(/__vdso_clock_gettime@@LINUX_2\.6/);
    const dyn = readelf((await buildVdso(64)).image, ['-d']);
    expect(dyn).toMatch(/GNU_HASH/);
    expect(dyn).toMatch(/\(HASH\)/);
    expect(dyn).toMatch(/Library soname: \[linux-vdso\.so\.1\]/);
  });

  it('__kernel_vsyscall is patched to SYSCALL for AMD under the 64-bit kernel', async () => {
    const sysenter = await buildVdso(32, 'sysenter');
    const syscall = await buildVdso(32, 'syscall');
    const at = (v: typeof sysenter): number[] => {
      const off = Number(v.symbols.get('__kernel_vsyscall')!);
      return [...v.image.subarray(off, off + 8)];
    };
    // push %ecx; push %edx; push %ebp; mov %esp,%ebp; sysenter | mov %ecx,%ebp; syscall; then int $0x80
    expect(at(sysenter)).toEqual([0x51, 0x52, 0x55, 0x89, 0xe5, 0x0f, 0x34, 0xcd]);
    expect(at(syscall)).toEqual([0x51, 0x52, 0x55, 0x89, 0xcd, 0x0f, 0x05, 0xcd]);
  });
});

describe('the programs that use the vDSO', () => {
  it('clock-vdso resolves __vdso_clock_gettime through DT_GNU_HASH and agrees with the syscall', async () => {
    const r = await runCaptured('programs/clock-vdso.S');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/vdso clock_gettime: ok/);
  });
});

// clock_gettime through the vDSO function at AT_SYSINFO_EHDR + its symbol offset (found by the test)
const CLOCKS = (vdsoCg: bigint): string => `
	.code64
	.text
	.globl _start
_start:
	movl $1, %edi			# CLOCK_MONOTONIC: served in the vDSO
	leaq ts(%rip), %rsi
	movq $0x${vdsoCg.toString(16)}, %rax
	call *%rax
	movl $2, %edi			# CLOCK_PROCESS_CPUTIME_ID: the vDSO falls back to SYSCALL
	leaq ts(%rip), %rsi
	movq $0x${vdsoCg.toString(16)}, %rax
	call *%rax
	movq $30000, %rcx		# spin so that timer ticks happen
spin:
	decq %rcx
	jnz spin
	movl $1, %edi
	leaq ts2(%rip), %rsi
	movq $0x${vdsoCg.toString(16)}, %rax
	call *%rax
	movl $60, %eax
	xorl %edi, %edi
	syscall
	.bss
ts:	.zero 16
ts2:	.zero 16
`;

describe('vDSO clocks, [vvar] and the timer tick', () => {
  it('serves MONOTONIC without a syscall, falls back for CPU-time clocks, and sees the ticks', async () => {
    const vdso = await buildVdso(64);
    const fn = 0x7ffff7fc5000n + vdso.symbols.get('__vdso_clock_gettime')!;
    const prog = await loadProgram(sourceFile(CLOCKS(fn)));
    const c = capture();
    const calls: string[] = [];
    const k = await LinuxKernel.boot({
      elf: prog.elf, execPath: prog.path, streams: c.streams, hz: 100_000, // a tick every 30,000 cycles
      onSyscall: (ev) => calls.push(`${ev.name}(${ev.args[0]})`),
    });
    expect(k.symbols.get('__vdso_clock_gettime')).toBe(fn);
    const transfers: string[] = [];
    while (!k.outcome()) {
      const s = k.machine.step();
      if (s.transfer?.cause === 'interrupt') transfers.push(`interrupt ${s.transfer.vector}`);
    }
    expect(k.outcome()).toEqual({ kind: 'exited', status: 0 });
    expect(calls).toEqual(['clock_gettime(2)', 'exit(0)']); // only the CPU-time clock entered the kernel
    expect(k.jiffies).toBeGreaterThan(0);
    expect(transfers.length).toBe(k.jiffies);
    expect(transfers[0]).toBe('interrupt 236'); // LOCAL_TIMER_VECTOR 0xec
    const seq = k.machine.readU32(k.user.vvar + BigInt(VD.seq));
    expect(seq).toBe(2 * k.jiffies); // odd while writing, even after each tick
  });
});

describe('the timer tick in 32-bit processes', () => {
  it.each(['i386', 'x86_64'] as const)('interrupts user code and returns through IRET (%s kernel)', async (kernel) => {
    const src = `\t.code32\n\t.text\n\t.globl _start\n_start:\n\tmovl $40000, %ecx\nspin:\n\tdecl %ecx\n\tjnz spin\n\tmovl $1, %eax\n\tmovl $5, %ebx\n\tint $0x80\n`;
    const prog = await loadProgram(sourceFile(src));
    const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, kernel, streams: capture().streams, hz: 100_000 });
    expect(k.run()).toEqual({ kind: 'exited', status: 5 });
    expect(k.jiffies).toBeGreaterThan(1);
    expect(k.machine.readU32(k.user.vvar + BigInt(VD.seq))).toBe(2 * k.jiffies);
  });
});

describe('vdso32 functions', () => {
  it('clock_getres, getcpu, gettimeofday, time and clock_gettime answer without entering the kernel', async () => {
    const v = await buildVdso(32);
    const base = 0xb7fc5000n;
    const fn = (n: string): string => `0x${(base + v.symbols.get(n)!).toString(16)}`;
    const call = (name: string, ...args: string[]): string =>
      [...args.reverse().map((a) => `\tpushl ${a}`), `\tmovl $${fn(name)}, %eax`, '\tcall *%eax', `\taddl $${4 * args.length}, %esp`].join('\n');
    const src = `\t.code32\n\t.text\n\t.globl _start\n_start:\n${[
      call('__vdso_clock_getres', '$1', '$res'),
      call('__vdso_clock_getres', '$6', '$res2'),
      call('__vdso_getcpu', '$cpu', '$node', '$0'),
      call('__vdso_gettimeofday', '$tv', '$0'),
      call('__vdso_time', '$t'),
      call('__vdso_clock_gettime', '$0', '$ts'),
    ].join('\n')}\n\tmovl $1, %eax\n\txorl %ebx, %ebx\n\tint $0x80\n\t.data\ncpu:\t.long 7\nnode:\t.long 7\n\t.bss\nres:\t.zero 8\nres2:\t.zero 8\ntv:\t.zero 8\nt:\t.zero 4\nts:\t.zero 8\n`;
    const prog = await loadProgram(sourceFile(src));
    const calls: string[] = [];
    const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, kernel: 'i386', streams: capture().streams, hz: 0, onSyscall: (e) => calls.push(e.name) });
    expect(k.run()).toEqual({ kind: 'exited', status: 0 });
    expect(calls).toEqual(['exit']);
    const m = k.machine;
    const at = (s: string, i = 0): number => m.readU32(prog.symbols.get(s)! + BigInt(4 * i));
    expect([at('res'), at('res', 1)]).toEqual([0, 1]);
    expect([at('res2'), at('res2', 1)]).toEqual([0, 4_000_000]);
    expect([at('cpu'), at('node')]).toEqual([0, 0]);
    expect(at('t')).toBe(1767225600);
    expect(at('tv')).toBe(1767225600);
    expect(at('tv', 1)).toBeLessThan(1000);
    expect(at('ts')).toBe(1767225600);
  });
});
