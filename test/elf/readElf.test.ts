import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfError, readElf, readStaticExecutable, writeExecutable } from '../../src/elf/index.js';
import { hasTool, run, tempFile } from './elfTestTools.js';

function smallExe(): Uint8Array {
  const text = Uint8Array.of(0xb8, 0x3c, 0, 0, 0, 0x0f, 0x05);
  return writeExecutable({
    bits: 64, entry: 0x401000n,
    sections: [{ name: '.text', addr: 0x401000n, data: text, size: text.length, flags: { alloc: true, write: false, exec: true }, align: 1 }],
    symbols: [{ name: '_start', value: 0x401000n, size: 0, type: 'notype', bind: 'global', section: '.text' }],
  });
}

function errorOf(bytes: Uint8Array): string {
  try {
    readStaticExecutable(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ElfError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected an ElfError');
}

describe('readElf rejects bad input with one-line reasons', () => {
  it('garbage bytes', () => {
    expect(errorOf(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toMatch(/^not an ELF file/);
    expect(errorOf(new Uint8Array(0))).toMatch(/^not an ELF file/);
    let seed = 12345;
    for (let i = 0; i < 200; i++) {
      const b = new Uint8Array(1 + (i * 37) % 300).map(() => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return seed >>> 24;
      });
      expect(errorOf(b)).toMatch(/^not an ELF file/);
    }
  });

  it('truncated files, at every length of a header-sized prefix and beyond', () => {
    const exe = smallExe();
    for (let len = 4; len < exe.length; len += len < 300 ? 1 : 97) {
      const msg = errorOf(exe.subarray(0, len));
      expect(msg).toMatch(/^truncated ELF file/);
    }
    expect(readStaticExecutable(exe).entry).toBe(0x401000n);
  });

  it('wrong machine (a crafted AArch64 header)', () => {
    const exe = smallExe().slice();
    exe[18] = 183;
    exe[19] = 0;
    expect(errorOf(exe)).toBe('unsupported machine AArch64 (e_machine 183) (only i386 and x86-64)');
  });

  it('big-endian and bad class', () => {
    const exe = smallExe().slice();
    exe[5] = 2;
    expect(errorOf(exe)).toMatch(/big-endian/);
    exe[5] = 1;
    exe[4] = 9;
    expect(errorOf(exe)).toMatch(/^not an ELF file \(bad class 9\)/);
  });

  it.skipIf(!existsSync('/bin/ls'))('a dynamically linked program (/bin/ls)', () => {
    const bytes = readFileSync('/bin/ls');
    expect(readElf(bytes).interp).toMatch(/ld-linux/);
    expect(errorOf(bytes)).toMatch(/^dynamically linked \(interpreter \/lib.*ld-linux.*\)/);
  });

  it.skipIf(!hasTool('as'))('a relocatable object is not an executable', () => {
    const src = tempFile('t.s', new TextEncoder().encode('nop\n'));
    const obj = src.replace(/t\.s$/, 't.o');
    expect(run('as', ['--64', src, '-o', obj]).status).toBe(0);
    expect(errorOf(readFileSync(obj))).toMatch(/^not an executable \(a relocatable object file, ET_REL\)/);
  });

  it.skipIf(!hasTool('as') || !hasTool('ld'))('reads what GNU ld writes, 32 and 64 bit', () => {
    for (const bits of [32, 64] as const) {
      const src = tempFile('t.s', new TextEncoder().encode('.globl _start\n_start: nop\n.data\nx: .long 1\n.bss\ny: .skip 8\n'));
      const obj = src.replace(/t\.s$/, 't.o');
      const exe = src.replace(/t\.s$/, 't');
      expect(run('as', [`--${bits}`, src, '-o', obj]).status).toBe(0);
      expect(run('ld', ['-m', bits === 64 ? 'elf_x86_64' : 'elf_i386', obj, '-o', exe]).status).toBe(0);
      const elf = readStaticExecutable(readFileSync(exe));
      expect(elf.bits).toBe(bits);
      expect(elf.symbols.find((s) => s.name === '_start')?.value).toBe(elf.entry);
      expect(elf.symbols.find((s) => s.name === 'x')).toMatchObject({ bind: 'local', section: '.data' });
      expect(elf.sections.find((s) => s.name === '.bss')?.size).toBeGreaterThanOrEqual(8);
    }
  });
});
