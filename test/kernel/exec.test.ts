// exec: the initial stack (argc, argv, envp, auxv with the entries Linux's create_elf_tables
// writes), the PT_LOAD segments with their permissions, and /proc/self/maps lines formatted
// exactly like the kernel formats this very process's maps.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/program/loadProgram.js';
import {
  AT_ENTRY, AT_EXECFN, AT_NULL, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PLATFORM, AT_RANDOM, AT_SYSINFO, AT_SYSINFO_EHDR,
  buildExecStack,
} from '../../src/kernel/execStack.js';
import { LinuxKernel } from '../../src/kernel/LinuxKernel.js';
import { formatMapsLine } from '../../src/kernel/procMaps.js';
import { capture } from './helpers.js';

describe('buildExecStack', () => {
  it('lays out argc, argv, envp and auxv, 16-byte aligned, strings above', () => {
    const s = buildExecStack({
      bits: 64, stackTop: 0x7ffffffff000n, argv: ['prog', 'a b'], envp: ['X=1'], execfn: '/p/prog', platform: 'x86_64',
      random: new Uint8Array(16).fill(7), auxv: [[AT_PAGESZ, 4096n], [AT_RANDOM, 'random'], [AT_EXECFN, 'execfn']],
    });
    expect(s.sp % 16n).toBe(0n);
    const dv = new DataView(s.bytes.buffer);
    const word = (i: number): bigint => dv.getBigUint64(i * 8, true);
    const str = (addr: bigint): string => {
      const o = Number(addr - s.sp);
      return Buffer.from(s.bytes.subarray(o, s.bytes.indexOf(0, o))).toString();
    };
    expect(word(0)).toBe(2n);
    expect(str(word(1))).toBe('prog');
    expect(str(word(2))).toBe('a b');
    expect(word(3)).toBe(0n);
    expect(str(word(4))).toBe('X=1');
    expect(word(5)).toBe(0n);
    expect([word(6), word(7)]).toEqual([BigInt(AT_PAGESZ), 4096n]);
    expect(word(8)).toBe(BigInt(AT_RANDOM));
    expect([...s.bytes.subarray(Number(word(9) - s.sp), Number(word(9) - s.sp) + 16)]).toEqual(new Array(16).fill(7));
    expect(word(10)).toBe(BigInt(AT_EXECFN));
    expect(str(word(11))).toBe('/p/prog');
    expect([word(12), word(13)]).toEqual([BigInt(AT_NULL), 0n]);
  });
});

async function boot(path: string, kernel?: 'i386' | 'x86_64') {
  const prog = await loadProgram(path);
  return LinuxKernel.boot({ elf: prog.elf, execPath: path, argv: [path, 'one'], envp: ['HOME=/'], kernel, streams: capture().streams, hz: 0 });
}

describe('exec of a static ELF', () => {
  it('maps the segments, builds the auxv, and starts at the entry point (64-bit)', async () => {
    const k = await boot('programs/hello-syscall.S');
    const m = k.machine;
    const aux = new Map(k.auxv);
    expect(aux.get(AT_ENTRY)).toBe(k.elf.entry);
    expect(aux.get(AT_SYSINFO_EHDR)).toBe(k.vdsoBase);
    expect(aux.has(AT_SYSINFO)).toBe(false); // i386 only
    expect(aux.get(AT_PHENT)).toBe(56n);
    expect(aux.get(AT_PHNUM)).toBe(BigInt(k.elf.programHeaders.length));
    // AT_PHDR points at the program headers as loaded: the same bytes as in the file
    const phoff = Number(new DataView(k.elf.bytes.buffer, k.elf.bytes.byteOffset).getBigUint64(32, true));
    expect([...m.read(aux.get(AT_PHDR)!, 56)]).toEqual([...k.elf.bytes.subarray(phoff, phoff + 56)]);
    expect(Buffer.from(m.read(aux.get(AT_PLATFORM)!, 6)).toString()).toBe('x86_64');
    expect(Buffer.from(m.read(aux.get(AT_EXECFN)!, 24)).toString()).toBe('programs/hello-syscall.S');
    expect(m.readU64(k.initialSp)).toBe(2n); // argc
    // the vDSO is an ELF image in memory; the entry segment is executable user memory
    expect([...m.read(k.vdsoBase, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    const text = m.mappings().find((r) => r.start <= k.elf.entry && k.elf.entry < r.end)!;
    expect(text).toMatchObject({ exec: true, user: true, write: false });
    const maps = k.procMaps();
    expect(maps).toMatch(/ r-xp 00001000 00:00 0 +programs\/hello-syscall\.S\n/);
  });

  it('gives 32-bit programs AT_SYSINFO = __kernel_vsyscall (i386 kernel)', async () => {
    const k = await boot('programs/hello-sysenter.S', 'i386');
    const aux = new Map(k.auxv);
    expect(aux.get(AT_SYSINFO)).toBe(k.symbols.get('__kernel_vsyscall'));
    expect(k.auxv[0]![0]).toBe(AT_SYSINFO); // first, as ARCH_DLINFO puts it
    expect(aux.get(AT_PHENT)).toBe(32n);
    expect(k.machine.readU32(k.initialSp)).toBe(2);
    expect(k.procMaps()).toMatch(/^b7ffe000-b8000000 r-xp 00000000 00:00 0 {10}\[vdso\]$/m); // the name at column 49 on i386
  });
});

describe('/proc/self/maps format', () => {
  it('formats lines exactly as this host kernel formats its own /proc/self/maps', (ctx) => {
    let text: string;
    try {
      text = readFileSync('/proc/self/maps', 'utf8');
    } catch {
      return ctx.skip('no /proc/self/maps on this host');
    }
    const re = /^([0-9a-f]+)-([0-9a-f]+) ([r-])([w-])([x-])p ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) (\d+) *(.*)$/;
    let checked = 0;
    for (const line of text.trimEnd().split('\n')) {
      const r = re.exec(line);
      if (!r) continue;
      const vma = {
        start: BigInt(`0x${r[1]}`), end: BigInt(`0x${r[2]}`), read: r[3] === 'r', write: r[4] === 'w', exec: r[5] === 'x',
        offset: BigInt(`0x${r[6]}`), major: parseInt(r[7]!, 16), minor: parseInt(r[8]!, 16), inode: Number(r[9]),
        name: r[10] ? r[10] : undefined,
      };
      expect(formatMapsLine(vma, 64)).toBe(line);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
