// DWARF line tables and functions against binutils and gdb: the fixture C program built by gcc
// (-O0/-O2, DWARF 4 and 5, -m64/-m32, static) and musl-gcc gives, through trapdoor's reader, the
// rows `objdump --dwarf=decodedline` prints, the lines `addr2line` gives for every address, the
// function addresses of the symbol table and the breakpoint addresses gdb picks for FILE:LINE.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DebugInfo, readElf } from '../../src/elf/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/dwarf/', import.meta.url));
const have = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const tools = ['objdump', 'addr2line'].filter((t) => !have(t));
if (tools.length) console.warn(`test/elf/dwarf: binutils comparison SKIPPED: ${tools.join(', ')} not installed`);
const work = mkdtempSync(join(tmpdir(), 'trapdoor-dwarf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Build { name: string; cc: string; flags: string[] }
const BUILDS: Build[] = [
  { name: 'gcc-O0-dwarf5', cc: 'gcc', flags: ['-O0', '-g'] },
  { name: 'gcc-O2-dwarf5', cc: 'gcc', flags: ['-O2', '-g'] },
  { name: 'gcc-O0-dwarf4', cc: 'gcc', flags: ['-O0', '-gdwarf-4'] },
  { name: 'gcc-O2-dwarf4-static', cc: 'gcc', flags: ['-O2', '-gdwarf-4', '-static'] },
  { name: 'gcc-m32-O1', cc: 'gcc', flags: ['-m32', '-O1', '-g'] },
  { name: 'musl-O2-static', cc: 'musl-gcc', flags: ['-O2', '-g', '-static'] },
  { name: 'musl-O0-dwarf4-static', cc: 'musl-gcc', flags: ['-O0', '-gdwarf-4', '-static'] },
];

/** Build one variant, or say why it cannot be built here. */
function build(b: Build): { exe: string } | { problem: string } {
  if (!have(b.cc)) return { problem: `${b.cc} is not installed` };
  const exe = join(work, b.name);
  const r = spawnSync(b.cc, [...b.flags, '-o', exe, join(FIXTURE, 'main.c'), join(FIXTURE, 'table.c')], { encoding: 'utf8', cwd: FIXTURE });
  if (r.status !== 0) return { problem: `${b.cc} ${b.flags.join(' ')} failed: ${r.stderr.trim().split('\n')[0]}` };
  return { exe };
}

/** objdump's decoded rows: basename, line ('-' ends a sequence), address, is_stmt. */
function objdumpRows(exe: string): string[] {
  const out = spawnSync('objdump', ['--dwarf=decodedline', exe], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
  const rows: string[] = [];
  for (const line of out.split('\n')) {
    const m = /^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+)(?:\s+\d+)?\s*(x?)\s*$/.exec(line);
    if (m) rows.push(`${m[1]} ${m[2]} ${BigInt(m[3]!).toString(16)}${m[4] ? ' x' : ''}`);
  }
  return rows;
}

function ourRows(info: DebugInfo): string[] {
  const rows: string[] = [];
  for (const t of info.tables) {
    if (!t) continue;
    for (const r of t.rows) {
      rows.push(`${basename(t.files[r.file] ?? '?')} ${r.endSequence ? '-' : r.line} ${r.address.toString(16)}${r.isStmt && !r.endSequence ? ' x' : ''}`);
    }
  }
  return rows;
}

for (const b of BUILDS) {
  const built = build(b);
  const problem = tools.length ? `${tools.join(', ')} not installed` : 'problem' in built ? built.problem : null;
  if (problem && !tools.length) console.warn(`test/elf/dwarf: ${b.name} SKIPPED: ${problem}`);
  describe.skipIf(problem !== null)(`DWARF of the fixture built with ${b.name}`, () => {
    const exe = 'exe' in built ? built.exe : '';
    const elf = problem ? null : readElf(new Uint8Array(readFileSync(exe)));
    const info = elf ? DebugInfo.fromElf(elf) : null;

    it('decodes every line-table row as objdump --dwarf=decodedline does', () => {
      const ours = ourRows(info!);
      expect(ours.length).toBeGreaterThan(20);
      expect(ours).toEqual(objdumpRows(exe));
    });

    /**
     * Every byte of the fixture's own functions (musl's crt1.o carries DWARF too, where addr2line
     * names Scrt1.c and gdb crt1.c: libc's objects are not what this test is about).
     */
    const codeAddresses = (): bigint[] => {
      const text = elf!.sections.find((s) => s.name === '.text')!;
      const addrs: bigint[] = [];
      const own = info!.functions.filter((f) => info!.declaration(f)?.file.startsWith(FIXTURE));
      for (const f of own) for (const [lo, hi] of f.ranges) for (let a = lo; a < hi; a++) addrs.push(a);
      expect(addrs.length).toBeGreaterThan(50);
      expect(addrs.every((a) => a >= text.addr && a < text.addr + BigInt(text.size))).toBe(true);
      return addrs;
    };
    const ourLine = (a: bigint): string => {
      const l = info!.lineAt(a);
      return l ? `${l.file}:${l.line}` : '??:0';
    };

    // binutils 2.40's addr2line takes DWARF 5 file 1 for file 0 (it names main.c for twice.h's lines, where
    // objdump and gdb agree on twice.h): it is the oracle for DWARF 4 only, gdb for both.
    it.skipIf(b.flags.includes('-gdwarf-4') === false)('gives every code address the line addr2line gives (DWARF 4)', () => {
      const addrs = codeAddresses();
      const r = spawnSync('addr2line', ['-e', exe], { input: addrs.map((a) => `0x${a.toString(16)}`).join('\n'), encoding: 'utf8', maxBuffer: 1 << 26 });
      const theirs = r.stdout.trim().split('\n').map((l) => l.replace(/ \(discriminator \d+\)$/, ''));
      expect(addrs.map(ourLine)).toEqual(theirs);
    });

    // Where optimised code has several rows at one address, gdb prefers is_stmt rows and the first
    // of them; trapdoor takes the last row (addr2line's rule, checked above): gdb is the oracle at -O0.
    it.skipIf(!have('gdb') || !b.flags.includes('-O0'))('gives every code address the line gdb\'s `info line *ADDR` gives (-O0)', () => {
      const addrs = codeAddresses();
      const args = addrs.flatMap((a) => ['-ex', `info line *0x${a.toString(16)}`]);
      const out = spawnSync('gdb', ['-batch', '-nx', ...args, exe], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
      const theirs = out.trim().split('\n').map((l) => {
        const m = /^Line (\d+) of "([^"]+)"/.exec(l);
        return m ? `${m[2]}:${m[1]}` : '??:0';
      });
      expect(addrs.map(ourLine)).toEqual(theirs);
    });

    it('finds the functions where the symbol table puts them', () => {
      const names = ['main', 'sum_table'];
      for (const n of names) {
        const sym = elf!.symbols.find((s) => s.name === n && s.type === 'func')!;
        const fn = info!.functions.find((f) => f.name === n)!;
        expect(fn.ranges[0]![0]).toBe(sym.value);
        expect(fn.ranges[0]![1] - fn.ranges[0]![0]).toBe(BigInt(sym.size));
        expect(info!.functionAt(sym.value + 1n)?.name).toBe(n);
        expect(info!.declaration(fn)?.file.endsWith(n === 'main' ? 'main.c' : 'table.c')).toBe(true);
      }
    });
  });
}

describe.skipIf(!have('gdb') || !have('gcc'))('FILE:LINE breakpoints', () => {
  it('go where gdb puts them (gcc -O0)', () => {
    const built = build(BUILDS[0]!);
    if (!('exe' in built)) throw new Error(built.problem);
    const info = DebugInfo.fromElf(readElf(new Uint8Array(readFileSync(built.exe))));
    const lines: [string, number][] = [['main.c', 12], ['main.c', 13], ['main.c', 16], ['table.c', 4], ['table.c', 6], ['twice.h', 2]];
    const args = lines.flatMap(([f, l]) => ['-ex', `break ${f}:${l}`]);
    const out = spawnSync('gdb', ['-batch', '-nx', ...args, built.exe], { encoding: 'utf8' }).stdout;
    const theirs = [...out.matchAll(/Breakpoint \d+ at (0x[0-9a-f]+)/g)].map((m) => BigInt(m[1]!));
    expect(theirs.length).toBe(lines.length);
    expect(lines.map(([f, l]) => info.addressesOf(f, l)[0])).toEqual(theirs);
  });
});
