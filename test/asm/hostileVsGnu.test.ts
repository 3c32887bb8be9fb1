// Issue 17 against GNU as: what as accepts, trapdoor accepts with the same bytes; what as refuses
// (recursive macros, `rep add`, `.rept -5`), trapdoor refuses too, with as's wording where it is one line.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AsmError, assemble, linkExecutable } from '../../src/asm/index.js';
import { haveTool } from './gnuCompare.js';

const tools = haveTool('as') && haveTool('ld') && haveTool('objcopy');
if (!tools) console.warn('test/asm/hostileVsGnu: GNU as/ld/objcopy not found, skipping the comparison with GNU as');

const dir = tools ? mkdtempSync(join(tmpdir(), 'trapdoor-hostile-')) : '';
afterAll(() => void (dir && rmSync(dir, { recursive: true, force: true })));
let n = 0;

/** GNU as (+ ld when it assembles) on the source's bytes: its status, stderr and the sections asked for. */
function gnu(bytes: Buffer, bits: 32 | 64, sections: string[]): { ok: boolean; stderr: string; bytes: Map<string, Buffer> } {
  const base = join(dir, `t${n++}`);
  writeFileSync(`${base}.S`, bytes);
  const as = spawnSync('as', [bits === 64 ? '--64' : '--32', `${base}.S`, '-o', `${base}.o`], { encoding: 'utf8' });
  const out = new Map<string, Buffer>();
  if (as.status !== 0) return { ok: false, stderr: as.stderr, bytes: out };
  execFileSync('ld', [...(bits === 32 ? ['-m', 'elf_i386'] : []), `${base}.o`, '-o', `${base}.out`], { stdio: 'ignore' });
  for (const s of sections) {
    execFileSync('objcopy', ['-O', 'binary', `--only-section=${s}`, `${base}.out`, `${base}.bin`]);
    out.set(s, readFileSync(`${base}.bin`));
  }
  return { ok: true, stderr: as.stderr, bytes: out };
}

function ours(bytes: Buffer, bits: 32 | 64): ReturnType<typeof linkExecutable> {
  return linkExecutable(assemble([{ path: 'in.S', text: bytes.toString('latin1'), binary: true }], { bits }));
}

const hex = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('hex');

// [what, source, bits]: each assembles under both, to identical .text and .data.
const accepted: [string, string, (32 | 64)?][] = [
  ['a label at the end of an empty .data', '.globl _start\n_start: movl $msg, %ecx\n.data\nmsg:\n'],
  ['a label and a macro call on one line', '.macro m\nnop\n.endm\n.globl _start\n_start: m\n1: x: m\n'],
  ['insb/outsb/insl/outsl', '.globl _start\n_start: insb\noutsb\ninsl\nrep outsl\ninsb (%dx), %es:(%rdi)\noutsw (%rsi), (%dx)\n'],
  ['lsl/lar with a 16-bit selector register', '.globl _start\n_start: lsl %ax, %ebx\nlar %ax, %ebx\nlar %cx, %r9\n'],
  ['bound (32-bit)', '.globl _start\n_start: bound %eax, (%ebx)\nbound %cx, 8(%esi)\n', 32],
  ['rex64 ljmp/lcall', '.globl _start\n_start: rex64 ljmp *(%rax)\nrex64 lcall *(%r8)\n'],
  ['monitor/mwait with their registers', '.globl _start\n_start: monitor %rax,%ecx,%edx\nmwait %eax,%ecx\n'],
  ['.long with 100,000 terms', `.globl _start\n_start: nop\n.data\n.long ${Array(100_000).fill('1').join('+')}\n.long _start${'+1'.repeat(100_000)}\n`],
  ['a .set chain 10,000 long', `.globl _start\n_start: nop\n.set s0, _start\n${Array.from({ length: 10_000 }, (_, i) => `.set s${i + 1}, s${i}+1`).join('\n')}\n.data\n.quad s10000\n`],
  ['.exitm outside a macro', '.exitm\n.globl _start\n_start: nop\n'],
  ['macro keyword arguments (name=value), defaults and blank-separated arguments',
    '.macro P a=1 b=2 c=3\n.byte \\a, \\b, \\c\n.endm\n.globl _start\n_start: nop\n.data\nP\nP 7\nP b=9\nP c=5, a=4\nP 4 5 6\n'],
  ['raw non-UTF-8 bytes in .ascii', '.globl _start\n_start: nop\n.data\n.ascii "\xff\xfe\x80"\n.asciz "\xc3("\n'],
];

// [what, source, as's message fragment, trapdoor's message fragment]: both refuse.
const refused: [string, string, string, string][] = [
  ['a recursive macro', '.macro m\nm\n.endm\nm\n', 'macros nested too deeply', 'macros nested too deeply'],
  ['two macros calling each other', '.macro a\nb\n.endm\n.macro b\na\n.endm\na\n', 'macros nested too deeply', 'macros nested too deeply'],
  ['rep add', 'rep add %eax, %ebx\n', "invalid instruction `add' after `rep'", "invalid instruction 'add' after 'rep'"],
  ['.rept -5', '.rept -5\nnop\n.endr\n', 'negative count for REPT', 'negative count for .rept'],
  ['a positional argument after a keyword one', '.macro P a b\n.byte \\a\n.endm\nP b=1, 3\n', "can't mix positional and keyword arguments", "can't mix positional and keyword arguments"],
  ['a keyword that names no parameter', '.macro P a\n.byte \\a\n.endm\nP rcx=1\n', "Parameter named `rcx' does not exist for macro `p'", "parameter named 'rcx' does not exist for macro 'P'"],
  ['too many positional arguments', '.macro P a\n.byte \\a\n.endm\nP 1, 2\n', 'too many positional arguments', 'too many positional arguments'],
  ['lock nop', 'lock nop\n', "expecting lockable instruction after `lock'", "expecting lockable instruction after 'lock'"],
];

describe.skipIf(!tools)('hostile and unusual input: trapdoor and GNU as agree', () => {
  for (const [what, src, bits = 64] of accepted) {
    it(`both accept ${what}, with the same bytes`, () => {
      const bytes = Buffer.from(src, 'latin1');
      const g = gnu(bytes, bits, ['.text', '.data']);
      expect(g.ok, g.stderr).toBe(true);
      const r = ours(bytes, bits);
      for (const name of ['.text', '.data']) {
        expect(hex(r.sections.find((s) => s.name === name)?.data), `${what}: ${name}`).toBe(hex(g.bytes.get(name)));
      }
      if (/raw/.test(what)) expect(hex(g.bytes.get('.data'))).toBe('fffe80c32800'); // the bytes themselves, not U+FFFD
    }, 60_000);
  }

  it('.exitm outside a macro: both warn and go on', () => {
    const g = gnu(Buffer.from('.exitm\n'), 64, []);
    expect(g.stderr).toMatch(/Warning: ignoring macro exit outside a macro definition/);
    expect(assemble([{ path: 'w.S', text: '.exitm\n' }]).warnings.map((w) => w.format().split('\n')[0])).toEqual(['w.S:1:1: warning: ignoring .exitm outside a macro']);
  });

  for (const [what, src, gnuSays, weSay] of refused) {
    it(`both refuse ${what}`, () => {
      const g = gnu(Buffer.from(src), 64, []);
      expect(g.ok, `GNU as accepted ${what}`).toBe(false);
      expect(g.stderr).toContain(gnuSays);
      let e: unknown;
      try {
        ours(Buffer.from(src), 64);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(AsmError);
      expect((e as AsmError).format().split('\n')[0]).toMatch(new RegExp(`^in\\.S:\\d+:\\d+: error: .*${weSay.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }, 60_000);
  }
});
