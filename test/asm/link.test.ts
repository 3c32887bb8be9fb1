// Linking: our ELF must have ld's layout and bytes for every allocated section, and run natively like ld's.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assemble, linkExecutable } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/readElf.js';
import { gnuBuild, haveTool } from './gnuCompare.js';
import { ia32Problem } from '../hostIa32.js';

const tools = haveTool('as') && haveTool('ld') && haveTool('objcopy');
const x86host = process.platform === 'linux' && process.arch === 'x64';
if (!tools) console.warn('test/asm/link: GNU as/ld not found, skipping the comparison with ld');
if (!x86host) console.warn('test/asm/link: not an x86-64 Linux host, skipping native runs');
const no32 = x86host ? ia32Problem() : 'not an x86-64 Linux host';
if (x86host && no32) console.warn(`test/asm/link: native runs of 32-bit programs SKIPPED: ${no32}`);

const root = new URL('../../', import.meta.url);
const read = (rel: string) => ({ path: rel, text: readFileSync(new URL(rel, root), 'utf8') });
const bitsOf = (text: string): 32 | 64 => (/^\s*\.code32\b/m.test(text) ? 32 : 64);
const programs = readdirSync(new URL('programs/', root)).filter((f) => f.endsWith('.S')).map((f) => `programs/${f}`);
const cases = ['test/asm/fixtures/layout64.S', 'test/asm/fixtures/layout32.S', 'test/asm/fixtures/macros64.S', ...programs];

const work = mkdtempSync(join(tmpdir(), 'trapdoor-link-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(path: string) {
  const r = spawnSync(path, [], { encoding: 'latin1', timeout: 10_000 });
  return { stdout: r.stdout, status: r.status, signal: r.signal };
}

describe.skipIf(!tools)('linkExecutable vs GNU ld', () => {
  for (const rel of cases) {
    it(`${rel}: same sections, addresses, bytes and entry as as+ld`, () => {
      const src = read(rel);
      const bits = bitsOf(src.text);
      const ours = readElf(linkExecutable(assemble([src])).elf);
      const gnu = gnuBuild([src], bits);
      try {
        const theirs = readElf(readFileSync(gnu.exe));
        const view = (e: typeof ours) =>
          e.sections.filter((s) => s.flags & 2).map((s) => ({ name: s.name, addr: `0x${s.addr.toString(16)}`, size: s.size, align: s.align, bytes: Buffer.from(s.data).toString('hex') }));
        expect(view(ours)).toEqual(view(theirs));
        expect(ours.entry).toBe(theirs.entry);
        // The header page's size depends on the number of program headers (ld adds PT_GNU_STACK
        // for .note.GNU-stack; the ELF writer does not), so it is compared by address only.
        const loads = (e: typeof ours) => e.programHeaders.filter((p) => p.type === 1).map((p, i) => `${p.vaddr.toString(16)} ${i === 0 ? '-' : p.memsz} ${p.flags}`);
        expect(loads(ours)).toEqual(loads(theirs));
        // value and where: a section's name, or ABS for a constant (SHN_ABS)
        const syms = (e: typeof ours) => new Map(e.symbols.filter((s) => s.name && s.type !== 'file' && s.type !== 'section' && !s.name.startsWith('_') || s.name === '_start').map((s) => [s.name, `0x${s.value.toString(16)} ${s.section ?? (s.shndx === 0xfff1 ? 'ABS' : `shndx ${s.shndx}`)}`]));
        for (const [name, value] of syms(theirs)) if (!['__bss_start', '_edata', '_end'].includes(name)) expect([name, syms(ours).get(name)]).toEqual([name, value]);
      } finally {
        gnu.cleanup();
      }
    });
  }
});

describe.skipIf(!tools || !x86host)('linked programs run natively like the GNU build', () => {
  for (const rel of ['test/asm/fixtures/layout64.S', 'test/asm/fixtures/layout32.S', 'programs/hello-syscall.S', 'programs/hello-int80.S']) {
    it.skipIf(bitsOf(read(rel).text) === 32 && no32 !== null)(`${rel}: same stdout and exit status`, () => {
      const src = read(rel);
      const exe = join(work, rel.replace(/\W/g, '_'));
      writeFileSync(exe, linkExecutable(assemble([src])).elf, { mode: 0o755 });
      const gnu = gnuBuild([src], bitsOf(src.text));
      try {
        const a = run(exe);
        const b = run(gnu.exe);
        expect(a).toEqual(b);
        expect(a.stdout.length).toBeGreaterThan(0);
      } finally {
        gnu.cleanup();
      }
    });
  }
});

describe.skipIf(!tools)('several files', () => {
  it('links two files sharing .globl symbols like ld does', () => {
    const a = { path: 'a.S', text: '.globl _start\n.text\n_start: call helper\n mov value(%rip), %edi\n mov $60, %eax\n syscall\n.data\n.byte 1\n' };
    // b.S's .align makes ld start its .text on 16 bytes; its jmp to a.S's _start is not relaxed by as.
    const b = { path: 'b.S', text: '.globl helper, value\n.text\nf: ret\n.align 16\nhelper: jmp 1f\n nop\n1: ret\n jmp _start\n.data\n.align 8\nvalue: .long 7\n' };
    const ours = readElf(linkExecutable(assemble([a, b])).elf);
    const gnu = gnuBuild([a, b], 64);
    try {
      const theirs = readElf(readFileSync(gnu.exe));
      const sec = (e: typeof ours, n: string) => Buffer.from(e.sections.find((s) => s.name === n)!.data).toString('hex');
      expect(sec(ours, '.text')).toBe(sec(theirs, '.text'));
      expect(sec(ours, '.data')).toBe(sec(theirs, '.data'));
      if (x86host) {
        const exe = join(work, 'two');
        writeFileSync(exe, linkExecutable(assemble([a, b])).elf, { mode: 0o755 });
        expect(run(exe).status).toBe(7);
      }
    } finally {
      gnu.cleanup();
    }
  });
});

describe.skipIf(!tools)('several 32-bit files', () => {
  const pair32 = {
    a: { path: 'a.S', text: '.code32\n.globl _start\n.text\n_start: call helper\n mov value, %ebx\n mov $1, %eax\n int $0x80\n' },
    b: { path: 'b.S', text: '.code32\n.globl helper, value\n.text\nf: ret\n.p2align 5\nhelper: jmp 1f\n1: ret\n.data\n.align 4\nvalue: .long 9\n' },
  };
  it('pads between files as ld -m elf_i386 does', () => {
    const { a, b } = pair32;
    const elf = linkExecutable(assemble([a, b])).elf;
    const ours = readElf(elf);
    const gnu = gnuBuild([a, b], 32);
    try {
      const theirs = readElf(readFileSync(gnu.exe));
      const sec = (e: typeof ours, n: string) => Buffer.from(e.sections.find((s) => s.name === n)!.data).toString('hex');
      expect(sec(ours, '.text')).toBe(sec(theirs, '.text'));
      expect(sec(ours, '.data')).toBe(sec(theirs, '.data'));
    } finally {
      gnu.cleanup();
    }
  });
  it.skipIf(no32 !== null)('the linked pair runs natively and exits with the value from the other file', () => {
    const exe = join(work, 'two32');
    writeFileSync(exe, linkExecutable(assemble([pair32.a, pair32.b])).elf, { mode: 0o755 });
    expect(run(exe).status).toBe(9);
  });
});

void execFileSync;
