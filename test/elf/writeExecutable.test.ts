import { describe, expect, it } from 'vitest';
import { readElf, readStaticExecutable, writeExecutable, type ExecutableSpec } from '../../src/elf/index.js';
import { hasTool, run, tempFile } from './elfTestTools.js';
import { ia32Problem } from '../hostIa32.js';

if (ia32Problem()) console.warn(`test/elf: the native 32-bit run SKIPPED: ${ia32Problem()}`);

const hostIsX8664 = process.platform === 'linux' && process.arch === 'x64';
const haveReadelf = hasTool('readelf');
if (!haveReadelf) console.warn('skipping readelf checks: readelf not found');
if (!hostIsX8664) console.warn('skipping native runs: host is not x86-64 Linux');

const rx = { alloc: true, write: false, exec: true };
const ro = { alloc: true, write: false, exec: false };
const rw = { alloc: true, write: true, exec: false };

// 64-bit: mov msg(%rip),%edi ; add bss(%rip),%edi ; mov $60,%eax ; syscall  (exit(msg + bss))
function program64(): ExecutableSpec {
  const text = Uint8Array.of(
    0x8b, 0x3d, 0xfa, 0x1f, 0x00, 0x00, // mov 0x1ffa(%rip),%edi -> 0x403000
    0x03, 0x3d, 0xf8, 0x1f, 0x00, 0x00, // add 0x1ff8(%rip),%edi -> 0x403004 (.bss, zero)
    0x03, 0x3d, 0xee, 0x0f, 0x00, 0x00, // add 0xfee(%rip),%edi -> 0x402000 (.rodata)
    0xb8, 0x3c, 0x00, 0x00, 0x00, // mov $60,%eax
    0x0f, 0x05, // syscall
  );
  return {
    bits: 64,
    entry: 0x401000n,
    sections: [
      { name: '.text', addr: 0x401000n, data: text, size: text.length, flags: rx, align: 1 },
      { name: '.rodata', addr: 0x402000n, data: Uint8Array.of(5, 0, 0, 0), size: 4, flags: ro, align: 4 },
      { name: '.data', addr: 0x403000n, data: Uint8Array.of(37, 0, 0, 0), size: 4, flags: rw, align: 4 },
      { name: '.bss', addr: 0x403004n, data: new Uint8Array(0), size: 64, flags: rw, nobits: true, align: 4 },
    ],
    symbols: [
      { name: 'prog.S', value: 0n, size: 0, type: 'file', bind: 'local', section: null },
      { name: 'msg', value: 0x403000n, size: 4, type: 'object', bind: 'local', section: '.data' },
      { name: '_start', value: 0x401000n, size: text.length, type: 'func', bind: 'global', section: '.text' },
      { name: 'buf', value: 0x403004n, size: 64, type: 'object', bind: 'global', section: '.bss' },
    ],
  };
}

// 32-bit: mov $1,%eax ; mov (data),%ebx ; int $0x80
function program32(): ExecutableSpec {
  const text = Uint8Array.of(0xb8, 0x01, 0, 0, 0, 0x8b, 0x1d, 0x00, 0xa0, 0x04, 0x08, 0xcd, 0x80);
  return {
    bits: 32,
    entry: 0x8049000n,
    sections: [
      { name: '.text', addr: 0x8049000n, data: text, size: text.length, flags: rx, align: 1 },
      { name: '.data', addr: 0x804a000n, data: Uint8Array.of(33, 0, 0, 0), size: 4, flags: rw, align: 4 },
    ],
    symbols: [{ name: '_start', value: 0x8049000n, size: 0, type: 'notype', bind: 'global', section: '.text' }],
  };
}

describe('writeExecutable', () => {
  it('reads back its own 64-bit output', () => {
    const elf = readStaticExecutable(writeExecutable(program64()));
    expect(elf.bits).toBe(64);
    expect(elf.entry).toBe(0x401000n);
    const loads = elf.programHeaders.filter((p) => p.type === 1);
    expect(loads.map((p) => p.vaddr)).toEqual([0x400000n, 0x401000n, 0x402000n, 0x403000n]);
    for (const p of loads) expect(p.offset % 4096).toBe(Number(p.vaddr % 4096n));
    expect(loads.map((p) => p.flags)).toEqual([4, 5, 4, 6]);
    expect(loads[3]!.memsz).toBe(4 + 64);
    expect(loads[3]!.filesz).toBe(4);
    expect(elf.sections.map((s) => s.name)).toEqual(['', '.text', '.rodata', '.data', '.bss', '.symtab', '.strtab', '.shstrtab']);
    expect(elf.symbols.map((s) => [s.name, s.bind, s.section])).toEqual([
      ['prog.S', 'local', null], ['msg', 'local', '.data'], ['_start', 'global', '.text'], ['buf', 'global', '.bss'],
    ]);
  });

  it.skipIf(!haveReadelf)('is accepted by readelf -a without warnings (64 and 32 bit)', () => {
    for (const spec of [program64(), program32()]) {
      const path = tempFile('prog', writeExecutable(spec));
      const r = run('readelf', ['-a', '-W', path]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).not.toMatch(/warning|error/i);
      expect(r.stdout).toMatch(/EXEC \(Executable file\)/);
      expect(r.stdout).toMatch(/_start/);
      const s = run('readelf', ['-lW', path]).stdout;
      expect(s).toMatch(spec.bits === 64 ? /\.data \.bss/ : /\.data/);
    }
  });

  it.skipIf(!hostIsX8664)('a 64-bit program written by us runs natively with the right exit status', () => {
    const path = tempFile('prog64', writeExecutable(program64()), true);
    const r = run(path, []);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(37 + 5);
  });

  it.skipIf(ia32Problem() !== null)('a 32-bit program written by us runs natively (needs IA-32 emulation)', () => {
    const path = tempFile('prog32', writeExecutable(program32()), true);
    const r = run(path, []);
    expect(r.status).toBe(33);
  });

  it.skipIf(!hasTool('objdump'))('objdump sees the sections and symbols', () => {
    const path = tempFile('prog', writeExecutable(program64()));
    const r = run('objdump', ['-d', '-t', path]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/file format elf64-x86-64/);
    expect(r.stdout).toMatch(/0000000000401000 <_start>:/);
    expect(r.stdout).toMatch(/mov {4}\$0x3c,%eax/);
    expect(r.stdout).toMatch(/0000000000403000 l {5}O \.data\t0000000000000004 msg/);
    expect(readElf(writeExecutable(program32())).bits).toBe(32);
  });
});
