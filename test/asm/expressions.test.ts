// Expressions vs GNU as: random operator trees (every binary operator, unary -, ~, !, char and
// octal/binary literals) in .quad directives must give as's values (precedence, wrap-around, shifts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, linkExecutable } from '../../src/asm/index.js';
import { haveTool } from './gnuCompare.js';
import { makeRandom } from './randomInstructions.js';

const tools = haveTool('as') && haveTool('objcopy');
if (!tools) console.warn('test/asm/expressions: GNU as/objcopy not found, skipping');

const OPS = ['+', '-', '*', '/', '%', '<<', '>>', '|', '&', '^', '!', '==', '!=', '<>', '<', '>', '<=', '>=', '&&', '||'];
const ATOMS = ['0', '1', '2', '3', '7', '-1', '-8', '0x10', '0xff', '0x7fffffff', '0x80000000', '0xffffffff', '-0x80000000',
  '0x123456789', '63', '4', "'a'", "'\\n'", '~5', '!3', '017', '0b1011', 'K', '(K+1)'];

function expressions(seed: number, n: number): string[] {
  const r = makeRandom(seed);
  const gen = (d: number): string => {
    if (d === 0 || r(3) === 0) return ATOMS[r(ATOMS.length)]!;
    const e = `${gen(d - 1)} ${OPS[r(OPS.length)]} ${gen(d - 1)}`;
    return r(2) ? `(${e})` : e;
  };
  return Array.from({ length: n }, () => gen(3));
}

describe.skipIf(!tools)('expressions vs GNU as', () => {
  for (const [bits, dir0, width] of [[64, '.quad', 8], [32, '.long', 4]] as const) it(`random ${dir0} expressions (${bits}-bit) evaluate to the same values`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'trapdoor-expr-'));
    try {
      let exprs = expressions(20261126 + bits, 600);
      const file = () => [`.code${bits}`, 'K = 5', '.data', ...exprs.map((e) => `${dir0} ${e}`), ''].join('\n');
      // Drop what as refuses or warns about (division by zero, shift counts): trapdoor errors there.
      for (let round = 0; round < 5; round++) {
        writeFileSync(join(dir, 'e.S'), file());
        const r = spawnSync('as', [`--${bits}`, join(dir, 'e.S'), '-o', join(dir, 'e.o')], { encoding: 'utf8' });
        const bad = new Set([...r.stderr.matchAll(/e\.S:(\d+): (?:Error|Warning)/g)].map((m) => Number(m[1]) - 4));
        if (bad.size === 0) break;
        exprs = exprs.filter((_, i) => !bad.has(i));
      }
      spawnSync('objcopy', ['-O', 'binary', '-j', '.data', join(dir, 'e.o'), join(dir, 'e.bin')]);
      const gnu = readFileSync(join(dir, 'e.bin'));
      const linked = linkExecutable(assemble([{ path: 'e.S', text: `.globl _start\n_start: ret\n${file()}` }], { bits }));
      const ours = linked.sections.find((s) => s.name === '.data')!.data;
      const diffs = exprs
        .map((e, i) => ({ e, a: Buffer.from(ours.subarray(i * width, (i + 1) * width)).toString('hex'), b: gnu.subarray(i * width, (i + 1) * width).toString('hex') }))
        .filter((d) => d.a !== d.b)
        .map((d) => `${d.e}: trapdoor ${d.a} / GNU ${d.b}`);
      console.log(`expressions: compared ${exprs.length} random ${dir0} expressions (${bits}-bit) with GNU as`);
      expect(diffs.join('\n')).toBe('');
      expect(exprs.length).toBeGreaterThan(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
