// The vDSO: a real ELF shared object (checked with binutils' readelf where it exists), mapped as
// [vdso] below [vvar]; its clock functions read [vvar] under the seqlock, which the timer tick
// rewrites, and fall back to a real syscall for clocks they do not serve.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/program/loadProgram.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { buildVdso } from '../../src/kernel/vdsoImage.js';
import { VC } from '../../src/kernel/vvar.js';
import { readElf } from '../../src/elf/index.js';
import { capture, runCaptured, sourceFile } from './helpers.js';

const haveReadelf = spawnSync('which', ['readelf']).status === 0;
if (!haveReadelf) console.warn('skipping the readelf checks of the vDSO images: no readelf');

/** This host's own [vdso] image (x86-64 Linux), or null where there is none to read. */
let hostVdsoImage: Uint8Array | null | undefined;
function hostVdso(): Uint8Array | null {
  if (hostVdsoImage !== undefined) return hostVdsoImage;
  hostVdsoImage = null;
  try {
    const line = readFileSync('/proc/self/maps', 'utf8').split('\n').find((l) => l.endsWith('[vdso]'));
    if (line && process.arch === 'x64') {
      const [lo, hi] = line.split(' ')[0]!.split('-').map((h) => BigInt(`0x${h}`)) as [bigint, bigint];
      const buf = new Uint8Array(Number(hi - lo));
      const fd = openSync('/proc/self/mem', 'r');
      try { readSync(fd, buf, 0, buf.length, lo); } finally { closeSync(fd); }
      hostVdsoImage = buf;
    }
  } catch { /* no /proc or no permission: the oracle test says skipped */ }
  return hostVdsoImage;
}

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

  it.skipIf(!haveReadelf || !hostVdso())('vdso64 exports what this host kernel\'s vDSO exports, bound and versioned alike, with real sizes and notes', async () => {
    // The oracle: the running kernel's own [vdso], read from /proc/self/mem.
    const host = hostVdso()!;
    const ours = (await buildVdso(64)).image;
    const syms = (img: Uint8Array) => readelf(img, ['--dyn-syms', '-W']).split('\n')
      .map((l) => /FUNC +(GLOBAL|WEAK) +DEFAULT +\d+ (\S+)/.exec(l)).filter((m) => m !== null).map((m) => `${m![2]} ${m![1]}`).sort();
    expect(syms(ours)).toEqual(syms(host));
    const sizes = readelf(ours, ['--dyn-syms', '-W']).split('\n').map((l) => /^\s*\d+: [0-9a-f]+ +(\d+) FUNC/.exec(l)).filter((m) => m !== null);
    expect(sizes.length).toBe(12);
    for (const m of sizes) expect(Number(m![1])).toBeGreaterThan(0);
    const owners = (img: Uint8Array) => readelf(img, ['-n', '-W']).split('\n').map((l) => /^\s+(Linux|GNU)\s+0x[0-9a-f]+\s+(\S+)/.exec(l)).filter((m) => m !== null).map((m) => `${m![1]} ${m![2]}`);
    // The host also carries Linux's build-salt note (type 0x100, the kernel's build name): ours has no build to name.
    expect(owners(ours)).toEqual(owners(host).filter((o) => o !== 'Linux OPEN'));
    expect(readelf(ours, ['-n'])).toMatch(/Linux\s+0x00000004\s+Unknown note type: \(0x00000000\)\s+description data: 00 12 06 00/);
  });

  it.skipIf(!haveReadelf)('vdso32 exports Linux 6.18\'s i386 list, clock_gettime64 included, each with its size', async () => {
    const out = readelf((await buildVdso(32)).image, ['--dyn-syms', '-W']);
    const names = [...out.matchAll(/(\d+) FUNC +GLOBAL +DEFAULT +\d+ (\S+)/g)].map((m) => [m[2], Number(m[1])] as const);
    expect(names.map(([n]) => n).sort()).toEqual([
      '__kernel_rt_sigreturn@@LINUX_2.5', '__kernel_sigreturn@@LINUX_2.5', '__kernel_vsyscall@@LINUX_2.5',
      '__vdso_clock_getres@@LINUX_2.6', '__vdso_clock_gettime64@@LINUX_2.6', '__vdso_clock_gettime@@LINUX_2.6',
      '__vdso_getcpu@@LINUX_2.6', '__vdso_gettimeofday@@LINUX_2.6', '__vdso_time@@LINUX_2.6',
    ]);
    for (const [, size] of names) expect(size).toBeGreaterThan(0);
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
    const fn = 0x7ffff7ffd000n + vdso.symbols.get('__vdso_clock_gettime')!;
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
    const seq = k.machine.readU32(k.vvarBase + BigInt(VC.seq));
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
    expect(k.machine.readU32(k.vvarBase + BigInt(VC.seq))).toBe(2 * k.jiffies);
  });
});

describe('vdso32 functions', () => {
  it('clock_getres, getcpu, gettimeofday, time and clock_gettime answer without entering the kernel', async () => {
    const v = await buildVdso(32);
    const base = 0xb7ffe000n;
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

describe('vDSO functions new in Linux 6.x', () => {
  it('i386 clock_gettime64 gives 64-bit seconds and nanoseconds that agree with clock_gettime, without a syscall', async () => {
    const v = await buildVdso(32);
    const fn = (n: string): string => `0x${(0xb7ffe000n + v.symbols.get(n)!).toString(16)}`;
    const call = (name: string, ...args: string[]): string =>
      [...args.reverse().map((a) => `\tpushl ${a}`), `\tmovl $${fn(name)}, %eax`, '\tcall *%eax', `\taddl $${4 * args.length}, %esp`].join('\n');
    const src = `\t.code32\n\t.text\n\t.globl _start\n_start:\n${[
      call('__vdso_clock_gettime64', '$0', '$ts64'), call('__vdso_clock_gettime', '$0', '$ts32'),
      call('__vdso_clock_gettime64', '$5', '$coarse'), call('__vdso_clock_gettime64', '$2', '$cpu'),
    ].join('\n')}\n\tmovl $1, %eax\n\txorl %ebx, %ebx\n\tint $0x80\n\t.bss\nts64:\t.zero 16\nts32:\t.zero 8\ncoarse:\t.zero 16\ncpu:\t.zero 16\n`;
    const prog = await loadProgram(sourceFile(src));
    const calls: string[] = [];
    const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, kernel: 'i386', streams: capture().streams, hz: 0, onSyscall: (e) => calls.push(e.name) });
    expect(k.run()).toEqual({ kind: 'exited', status: 0 });
    expect(calls).toEqual(['clock_gettime64', 'exit']); // only the CPU-time clock entered the kernel
    const u32 = (s: string, i: number): number => k.machine.readU32(prog.symbols.get(s)! + BigInt(4 * i));
    expect([u32('ts64', 0), u32('ts64', 1)]).toEqual([1767225600, 0]);
    expect(u32('ts64', 2)).toBeLessThan(u32('ts32', 1) + 1); // read first: no later than the 32-bit call
    expect(u32('ts64', 3)).toBe(0);
    expect([u32('coarse', 0), u32('coarse', 1), u32('coarse', 3)]).toEqual([1767225600, 0, 0]);
  });

  it('x86-64 getrandom answers the params query itself and otherwise falls back to the syscall, as lib/vdso does with no ready RNG', async () => {
    const v = await buildVdso(64);
    const fn = `0x${(0x7ffff7ffd000n + v.symbols.get('__vdso_getrandom')!).toString(16)}`;
    const src = `\t.globl _start\n_start:
	xorl %edi, %edi\n\txorl %esi, %esi\n\txorl %edx, %edx\n\tleaq params(%rip), %rcx\n\tmovq $-1, %r8
	movabsq $${fn}, %rax\n\tcall *%rax\n\tmovq %rax, r0(%rip)
	leaq buf(%rip), %rdi\n\tmovl $16, %esi\n\txorl %edx, %edx\n\tleaq state(%rip), %rcx\n\tmovl $144, %r8d
	movabsq $${fn}, %rax\n\tcall *%rax\n\tmovq %rax, r1(%rip)
	leaq buf(%rip), %rdi\n\tmovl $16, %esi\n\txorl %edx, %edx\n\tleaq straddle(%rip), %rcx\n\tmovl $144, %r8d
	movabsq $${fn}, %rax\n\tcall *%rax\n\tmovq %rax, r2(%rip)
	movl $60, %eax\n\txorl %edi, %edi\n\tsyscall
	.data\nparams:\t.fill 16, 4, 0xffffffff\n\t.bss\n\t.balign 4096\nstate:\t.zero 4000\nstraddle:\t.zero 200\nbuf:\t.zero 16\nr0:\t.zero 8\nr1:\t.zero 8\nr2:\t.zero 8\n`;
    const prog = await loadProgram(sourceFile(src));
    const calls: string[] = [];
    const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, streams: capture().streams, hz: 0, onSyscall: (e) => calls.push(e.name) });
    expect(k.run()).toEqual({ kind: 'exited', status: 0 });
    const m = k.machine, at = (s: string, i = 0): number => m.readU32(prog.symbols.get(s)! + BigInt(4 * i));
    expect(at('r0')).toBe(0);
    // struct vgetrandom_opaque_params: size_of_opaque_state, mmap_prot, mmap_flags, reserved[13] zeroed
    expect([at('params', 0), at('params', 1), at('params', 2)]).toEqual([144, 3, 0x28]);
    for (let i = 3; i < 16; i++) expect(at('params', i)).toBe(0);
    expect(calls).toEqual(['getrandom', 'exit']); // the straddling state failed in user mode, without a syscall
    expect(m.readU64(prog.symbols.get('r2')!)).toBe(BigInt.asUintN(64, -14n)); // -EFAULT
  });
});

describe('the clocksource check', () => {
  it('with vvar clock_mode VDSO_CLOCKMODE_NONE, clock_gettime and gettimeofday take the syscall (vdso_clocksource_ok), both ABIs', async () => {
    for (const bits of [64, 32] as const) {
      const v = await buildVdso(bits);
      const base = bits === 64 ? 0x7ffff7ffd000n : 0xb7ffe000n;
      const fn = (n: string): string => `0x${(base + v.symbols.get(n)!).toString(16)}`;
      const src = bits === 64
        ? `\t.globl _start\n_start:\n\tmovl $1, %edi\n\tleaq ts(%rip), %rsi\n\tmovabsq $${fn('__vdso_clock_gettime')}, %rax\n\tcall *%rax
\tleaq ts(%rip), %rdi\n\txorl %esi, %esi\n\tmovabsq $${fn('__vdso_gettimeofday')}, %rax\n\tcall *%rax
\tmovl $60, %eax\n\txorl %edi, %edi\n\tsyscall\n\t.bss\nts:\t.zero 16\n`
        : `\t.code32\n\t.globl _start\n_start:\n\tpushl $ts\n\tpushl $1\n\tmovl $${fn('__vdso_clock_gettime')}, %eax\n\tcall *%eax\n\taddl $8, %esp
\tpushl $0\n\tpushl $ts\n\tmovl $${fn('__vdso_gettimeofday')}, %eax\n\tcall *%eax\n\taddl $8, %esp
\tmovl $1, %eax\n\txorl %ebx, %ebx\n\tint $0x80\n\t.bss\nts:\t.zero 16\n`;
      const prog = await loadProgram(sourceFile(src));
      const calls: string[] = [];
      const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, kernel: bits === 32 ? 'i386' : undefined, streams: capture().streams, hz: 0, onSyscall: (e) => calls.push(e.name) });
      k.machine.write(k.vvarBase + BigInt(VC.clockMode), new Uint8Array(4), k.machine.getCr(3));
      expect(k.run()).toEqual({ kind: 'exited', status: 0 });
      expect(calls, `${bits}-bit`).toEqual(['clock_gettime', 'gettimeofday', 'exit']);
    }
  });
});

describe('the vDSO unwind tables', () => {
  /** FDE ranges and their rows (location -> CFA offset from the stack pointer), as binutils decodes them. */
  function cfaTable(image: Uint8Array): { lo: bigint; hi: bigint; rows: [bigint, number][] }[] {
    const out: { lo: bigint; hi: bigint; rows: [bigint, number][] }[] = [];
    for (const line of readelf(image, ['-wF']).split('\n')) {
      const fde = /FDE cie=\w+ pc=([0-9a-f]+)\.\.([0-9a-f]+)/.exec(line);
      if (fde) { out.push({ lo: BigInt(`0x${fde[1]}`), hi: BigInt(`0x${fde[2]}`), rows: [] }); continue; }
      const row = /^([0-9a-f]{8,16}) [re]sp\+(\d+)/.exec(line);
      if (row && out.length > 0) out[out.length - 1]!.rows.push([BigInt(`0x${row[1]}`), Number(row[2])]);
    }
    return out;
  }

  it.skipIf(!haveReadelf)('give the CFA the running code really has at every instruction of every vDSO function (PT_GNU_EH_FRAME)', async () => {
    for (const bits of [64, 32] as const) {
      const v = await buildVdso(bits);
      expect(readelf(v.image, ['-lW'])).toMatch(/GNU_EH_FRAME/);
      const base = bits === 64 ? 0x7ffff7ffd000n : 0xb7ffe000n;
      const table = cfaTable(v.image).map((f) => ({ ...f, lo: f.lo + base, hi: f.hi + base, rows: f.rows.map(([l, o]) => [l + base, o] as [bigint, number]) }));
      expect(table.length).toBeGreaterThanOrEqual(bits === 64 ? 9 : 8);
      const fn = (n: string): string => `0x${(base + v.symbols.get(n)!).toString(16)}`;
      const src = bits === 64
        ? `\t.globl _start\n_start:\n${[['__vdso_clock_gettime', 1], ['__vdso_clock_gettime', 5], ['__vdso_clock_gettime', 2], ['__vdso_gettimeofday', 0], ['__vdso_clock_getres', 1], ['__vdso_getcpu', 0], ['__vdso_time', 0]]
          .map(([f, clk]) => `\tmovl $${clk}, %edi\n\tleaq buf(%rip), %rsi\n\tcmpl $0, %edi\n\tjne 1f\n\tleaq buf(%rip), %rdi\n\txorl %esi, %esi\n1:\tmovabsq $${fn(f as string)}, %rax\n\tcall *%rax`).join('\n')}
\tmovl $60, %eax\n\txorl %edi, %edi\n\tsyscall\n\t.bss\nbuf:\t.zero 64\n`
        : `\t.code32\n\t.globl _start\n_start:\n${[['__vdso_clock_gettime', '$1'], ['__vdso_clock_gettime', '$5'], ['__vdso_clock_gettime64', '$1'], ['__vdso_clock_gettime64', '$2'], ['__vdso_gettimeofday', '$buf'], ['__vdso_clock_getres', '$1'], ['__vdso_getcpu', '$0']]
          .map(([f, a]) => `\tpushl $buf\n\tpushl ${a}\n\tmovl $${fn(f!)}, %eax\n\tcall *%eax\n\taddl $8, %esp`).join('\n')}
\tmovl $${fn('__kernel_vsyscall')}, %ecx\n\tmovl $20, %eax\n\tcall *%ecx\n\tmovl $1, %eax\n\txorl %ebx, %ebx\n\tint $0x80\n\t.bss\nbuf:\t.zero 64\n`;
      const prog = await loadProgram(sourceFile(src));
      const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, kernel: bits === 32 ? 'i386' : undefined, streams: capture().streams, hz: 0 });
      const m = k.machine, word = BigInt(bits / 8);
      const activations: { fde: (typeof table)[number]; cfa: bigint }[] = [];
      let checked = 0;
      while (!k.outcome()) {
        const rip = m.getReg('rip'), sp = m.getReg('rsp');
        const fde = table.find((f) => rip >= f.lo && rip < f.hi);
        if (fde && m.cpl === 3) {
          // A function's first instruction begins an activation (entered by a call: CFA = SP + word).
          if (rip === fde.lo) activations.push({ fde, cfa: sp + word });
          while (activations.length > 0 && activations[activations.length - 1]!.fde !== fde) activations.pop();
          const top = activations[activations.length - 1]!;
          const rows = fde.rows.length > 0 ? fde.rows : [[fde.lo, Number(word)] as [bigint, number]];
          const off = rows.filter(([l]) => l <= rip).at(-1)![1];
          expect(sp + BigInt(off), `${bits}-bit at 0x${rip.toString(16)}`).toBe(top.cfa);
          checked++;
        }
        m.step();
      }
      expect(k.outcome(), `${bits}-bit`).toEqual({ kind: 'exited', status: 0 });
      expect(checked).toBeGreaterThan(150);
    }
  });
});
