// Issue 17: hostile assembly never breaks the assembler. Mutated real programs, deep nesting and
// huge counts must each assemble or give an AsmError (never an internal error, never a stack
// overflow), within a fixed memory bound.
import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, linkExecutable } from '../../src/asm/index.js';
import { makeRandom } from './randomInstructions.js';

/** Heap and buffers the assembler may hold for one input (the limits keep it far below). */
const MEMORY_BOUND = 768 << 20;
// Live memory is measured after a collection (garbage would count otherwise).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const programsDir = new URL('../../programs/', import.meta.url);
const corpusDir = new URL('../corpus/', import.meta.url);
const seeds: string[] = [
  ...readdirSync(programsDir).filter((f) => /\.S$/.test(f)).map((f) => readFileSync(new URL(f, programsDir), 'latin1')),
  ...['sse64.S', 'x87_32.S'].map((f) => readFileSync(new URL(f, corpusDir), 'latin1').split('\n').slice(0, 300).join('\n')),
];

const DIRECTIVES = ['.rept 3', '.rept 100000', '.rept -1', '.endr', '.macro mm a', '.endm', 'mm 1', 'mm', '.if 1', '.if 0', '.else', '.endif', '.exitm',
  '.irp r, a, b', '.irpc c, xyz', '.include "fuzz.S"', '.skip 0x10000000', '.fill 0x7fffffff, 8, 1', '.p2align 63', '.balign 1 << 40', '.zero -1',
  '.set s, s + 1', '.set t, _start + 4', '.long 1 + (2 * (3 + x', '.ascii "\\377\\xff"', '.section .x,"awx"', '.previous', '.code32', '.code64', 'rep add %eax, %ebx',
  '1:', 'jmp 1b', 'jmp 1f', 'fadd %st(9)', 'movq %xmm0, %st(1)', 'cmpltps', 'ljmp *', 'lcall $1, $2'];
const JUNK = '%$(),:;"\'#*+-/<>0123456789abcxyz .\t\\\x00\xff\n';

function mutate(text: string, r: (n: number) => number): string {
  const lines = text.split('\n');
  for (let k = 1 + r(6); k > 0; k--) {
    const i = r(lines.length);
    switch (r(7)) {
      case 0: lines.splice(i, 1); break;
      case 1: lines.splice(i, 0, lines[r(lines.length)] ?? ''); break;
      case 2: lines.splice(i, 0, DIRECTIVES[r(DIRECTIVES.length)]!); break;
      case 3: {
        const l = lines[i] ?? '';
        const p = r(l.length + 1);
        lines[i] = l.slice(0, p) + JUNK[r(JUNK.length)] + l.slice(p + r(3));
        break;
      }
      case 4: lines.splice(i, 0, String.fromCharCode(...Array.from({ length: 1 + r(20) }, () => r(256)))); break;
      case 5: lines.length = Math.max(1, i); break;
      default: [lines[i], lines[0]] = [lines[0]!, lines[i]!];
    }
  }
  return lines.join('\n');
}

/** Assemble and link; returns the outcome, failing the test on anything but an AsmError or on too much memory. */
function survive(label: string, text: string, bits?: 32 | 64): 'ok' | 'error' {
  let outcome: 'ok' | 'error' = 'ok';
  try {
    linkExecutable(assemble([{ path: 'fuzz.S', text, binary: true }], { bits, include: (name) => (name === 'fuzz.S' ? { path: 'fuzz.S', text, binary: true } : undefined) }));
  } catch (e) {
    if (!(e instanceof AsmError)) throw new Error(`${label}: not an AsmError: ${(e as Error).stack}`);
    expect(e.reason, label).not.toMatch(/internal|Maximum call stack/);
    expect(e.format().split('\n')[0], label).toMatch(/^fuzz\.S:\d+:\d+: error: /);
    outcome = 'error';
  }
  const m = process.memoryUsage();
  if (m.heapUsed + m.arrayBuffers > MEMORY_BOUND / 4) gc();
  const live = process.memoryUsage();
  expect(live.heapUsed + live.arrayBuffers, `${label}: memory`).toBeLessThan(MEMORY_BOUND);
  return outcome;
}

describe('the assembler under hostile input', () => {
  it('mutated programs: an AsmError or success, never an internal error', () => {
    const r = makeRandom(Number(process.env.TRAPDOOR_FUZZ_SEED ?? 17));
    const tally = { ok: 0, error: 0 };
    for (let i = 0; i < 400; i++) {
      const text = mutate(seeds[r(seeds.length)]!, r);
      tally[survive(`mutation ${i}`, text, r(2) ? 64 : 32)]++;
    }
    console.log(`fuzzed assembler: ${tally.ok} mutated programs assembled, ${tally.error} refused with an AsmError`);
    expect(tally.error).toBeGreaterThan(0);
  }, 120_000);

  const deep: [string, string][] = [
    ['a recursive macro', '.macro m\nm\n.endm\nm\n'],
    ['two macros calling each other', '.macro a\nb\n.endm\n.macro b\na\n.endm\na\n'],
    ['a macro that defines and calls itself', '.macro m\n.macro m\nm\n.endm\nm\n.endm\nm\n'],
    ['.rept nested 1000 deep', `${'.rept 1\n'.repeat(1000)}nop\n${'.endr\n'.repeat(1000)}`],
    ['.if nested 100,000 deep', `${'.if 1\n'.repeat(100_000)}nop\n${'.endif\n'.repeat(100_000)}`],
    ['parentheses 100,000 deep', `.long ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n`],
    ['unary minus 100,000 deep', `.long ${'-'.repeat(100_000)}1\n`],
    ['.long 1+1+... with 100,000 terms', `.long ${Array(100_000).fill('1').join('+')}\n`],
    ['a forward .set chain 10,000 long', `${Array.from({ length: 10_000 }, (_, i) => `.set s${i}, s${i + 1}+1`).join('\n')}\n.set s10000, 1\n.long s0\n`],
    ['.include of itself', '.include "fuzz.S"\n'],
    ['.irp nested 500 deep', `${'.irp x, 1\n'.repeat(500)}nop\n${'.endr\n'.repeat(500)}`],
  ];
  for (const [what, text] of deep) it(`deep nesting: ${what}`, () => void survive(what, text), 60_000);

  const huge: [string, string][] = [
    ['.rept 0x7fffffffffff', '.rept 0x7fffffffffff\nnop\n.endr\n'],
    ['.rept 1<<62 inside a macro', '.macro m\n.rept 1<<62\nnop\n.endr\n.endm\nm\n'],
    ['nested .rept 100,000 x 100,000', '.rept 100000\n.rept 100000\nnop\n.endr\n.endr\n'],
    ['.skip 1<<40', '.skip 1<<40\n'],
    ['.fill 0x7fffffff, 8, 1', '.fill 0x7fffffff, 8, 1\n'],
    ['.skip 50 MB three times', '.rept 3\n.skip 50000000\n.endr\n'],
    ['.bss .skip 1<<40', '.bss\n.skip 1<<40\n'],
    ['.p2align 63', '.p2align 63\n'],
    ['.balign 1<<40', '.balign 1<<40\n'],
    ['a million instructions from .rept (the limit allows it)', '.rept 999999\nmovl $1, (%rax)\n.endr\n'],
  ];
  for (const [what, text] of huge) it(`huge counts: ${what}`, () => void survive(what, text), 120_000);
});
