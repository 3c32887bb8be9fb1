import { describe, expect, it } from 'vitest';
import { gnuHash, objdumpListing, readElf, sharedObjectHeaderSize, sysvHash, writeSharedObject, type SharedObjectSpec } from '../../src/elf/index.js';
import { hasTool, run, tempFile } from './elfTestTools.js';

const haveReadelf = hasTool('readelf');
if (!haveReadelf) console.warn('skipping readelf checks: readelf not found');

const NAMES = ['__vdso_clock_gettime', '__vdso_gettimeofday', '__vdso_time', '__vdso_getcpu', '__vdso_clock_getres', 'clock_gettime', 'gettimeofday', 'time'];

function vdso(bits: 32 | 64, versions?: string[]): SharedObjectSpec {
  const base = { bits, soname: 'linux-vdso.so.1', versionDefs: versions, dynamicSymbols: NAMES.map((name, i) => ({
    name, value: BigInt(0x800 + 16 * i), size: 16, type: 'func' as const, version: versions ? versions[i % versions.length] : undefined,
  })) };
  const text = new Uint8Array(16 * NAMES.length).fill(0xc3);
  expect(sharedObjectHeaderSize(base)).toBeLessThanOrEqual(0x800);
  return { ...base, sections: [{ name: '.text', addr: 0x800n, data: text, size: text.length, flags: { alloc: true, write: false, exec: true }, align: 16 }] };
}

/** A dynamic loader's symbol lookup, written from the ELF/GNU hash table formats, for testing. */
function lookup(bytes: Uint8Array, name: string, table: 'gnu' | 'sysv'): bigint | undefined {
  const elf = readElf(bytes);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = elf.bits === 64 ? 8 : 4;
  const rd = (o: number): number => (w === 8 ? Number(dv.getBigUint64(o, true)) : dv.getUint32(o, true));
  const dynPh = elf.programHeaders.find((p) => p.type === 2)!;
  const tags = new Map<number, number>();
  for (let o = dynPh.offset; ; o += 2 * w) {
    const tag = rd(o);
    if (tag === 0) break;
    tags.set(tag, rd(o + w));
  }
  const symtab = tags.get(6)!;
  const strtab = tags.get(5)!;
  const syment = elf.bits === 64 ? 24 : 16;
  const symName = (i: number): string => {
    let p = strtab + dv.getUint32(symtab + i * syment, true);
    let s = '';
    while (bytes[p] !== 0) s += String.fromCharCode(bytes[p++]!);
    return s;
  };
  const symValue = (i: number): bigint => (elf.bits === 64 ? dv.getBigUint64(symtab + i * syment + 8, true) : BigInt(dv.getUint32(symtab + i * syment + 4, true)));
  const u32 = (o: number): number => dv.getUint32(o, true);
  if (table === 'sysv') {
    const h = tags.get(4)!;
    const nbucket = u32(h);
    for (let i = u32(h + 8 + 4 * (sysvHash(name) % nbucket)); i !== 0; i = u32(h + 8 + 4 * nbucket + 4 * i)) {
      if (symName(i) === name) return symValue(i);
    }
    return undefined;
  }
  const g = tags.get(0x6ffffef5)!;
  const nbuckets = u32(g), symoffset = u32(g + 4), bloomSize = u32(g + 8), shift = u32(g + 12);
  const h = gnuHash(name);
  const C = elf.bits;
  const bloomWord = elf.bits === 64 ? dv.getBigUint64(g + 16 + 8 * (Math.floor(h / C) % bloomSize), true) : BigInt(u32(g + 16 + 4 * (Math.floor(h / C) % bloomSize)));
  const mask = (1n << BigInt(h % C)) | (1n << BigInt((h >>> shift) % C));
  if ((bloomWord & mask) !== mask) return undefined;
  const buckets = g + 16 + (C / 8) * bloomSize;
  const chain = buckets + 4 * nbuckets;
  let i = u32(buckets + 4 * (h % nbuckets));
  if (i === 0) return undefined;
  for (;; i++) {
    const ch = u32(chain + 4 * (i - symoffset));
    if ((ch | 1) === (h | 1) && symName(i) === name) return symValue(i);
    if (ch & 1) return undefined;
  }
}

describe('writeSharedObject', () => {
  for (const bits of [64, 32] as const) {
    for (const versions of [undefined, bits === 64 ? ['LINUX_2.6'] : ['LINUX_2.5', 'LINUX_2.6']]) {
      const label = `${bits}-bit${versions ? ' with versions ' + versions.join(',') : ''}`;
      it(`finds every symbol through DT_GNU_HASH and DT_HASH (${label})`, () => {
        const bytes = writeSharedObject(vdso(bits, versions));
        const elf = readElf(bytes);
        expect(elf.type).toBe(3);
        expect(elf.dynamicSymbols.map((s) => s.name).sort()).toEqual([...NAMES].sort());
        NAMES.forEach((name, i) => {
          expect(lookup(bytes, name, 'gnu')).toBe(BigInt(0x800 + 16 * i));
          expect(lookup(bytes, name, 'sysv')).toBe(BigInt(0x800 + 16 * i));
        });
        for (const missing of ['__vdso_nothing', 'clock', '', 'time2']) {
          expect(lookup(bytes, missing, 'gnu')).toBeUndefined();
          expect(lookup(bytes, missing, 'sysv')).toBeUndefined();
        }
      });

      it.skipIf(!haveReadelf)(`is accepted by readelf and lists the dynamic symbols (${label})`, () => {
        const path = tempFile('vdso.so', writeSharedObject(vdso(bits, versions)));
        const all = run('readelf', ['-a', '-W', path]);
        expect(all.stderr).toBe('');
        expect(all.stdout).not.toMatch(/warning|error|corrupt/i);
        expect(all.stdout).toMatch(/Library soname: \[linux-vdso\.so\.1\]/);
        const dyn = run('readelf', ['--dyn-syms', '-W', path]).stdout;
        for (const name of NAMES) expect(dyn).toMatch(new RegExp(`FUNC +GLOBAL +DEFAULT +\\d+ ${name}${versions ? '@@LINUX_2\\.[56]' : ''}\\b`));
        if (versions) {
          const v = run('readelf', ['-V', '-W', path]).stdout;
          for (const name of versions) expect(v).toContain(`Name: ${name}`);
        }
        // readElf reads the versions back, and trapdoor's listing names symbols as objdump does (name@@VER).
        const elf = readElf(writeSharedObject(vdso(bits, versions)));
        NAMES.forEach((name, i) => { expect(elf.dynamicSymbols.find((s) => s.name === name)?.version).toBe(versions ? versions[i % versions.length] : undefined); });
        if (hasTool('objdump')) expect(objdumpListing(elf, path)).toBe(run('objdump', ['-d', path]).stdout);
      });
    }
  }

  it('rejects sections that overlap the dynamic tables', () => {
    const spec = vdso(64);
    spec.sections[0]!.addr = 0x40n;
    expect(() => writeSharedObject(spec)).toThrow(/overlaps the dynamic tables/);
  });
});
