// Bad assembly gives one AsmError pointing at the offending token (file:line:col), never a crash.
import { describe, expect, it } from 'vitest';
import { AsmError, assemble, linkExecutable } from '../../src/asm/index.js';

function errorOf(text: string, bits: 32 | 64 = 64): AsmError {
  try {
    linkExecutable(assemble([{ path: 'bad.S', text }], { bits }));
  } catch (e) {
    if (e instanceof AsmError) return e;
    throw e;
  }
  throw new Error(`no error for: ${text}`);
}

const cases: [string, string, string, (32 | 64)?][] = [
  // [source, expected "file:line:col", message fragment]
  ['_start:\n  movx %eax, %ebx\n', 'bad.S:2:3', "unknown mnemonic 'movx'"],
  ['_start: nop\n\tfoo\n', 'bad.S:2:2', "unknown mnemonic 'foo'"],
  ['  mov %eax, %exx\n', 'bad.S:1:13', "bad register name '%exx'"],
  ['  mov $1, $2\n', 'bad.S:1:7', 'bad operand'],
  ['  lea %eax, %ebx\n', 'bad.S:1:7', 'bad operand'],
  ['  mov (%eax,%ebx,3), %ecx\n', 'bad.S:1:18', 'scale factor'],
  ['  movl %ax, %ebx\n', 'bad.S:1:8', 'operand size mismatch'],
  ['  mov %ax, %ebx\n', 'bad.S:1:7', 'operand size mismatch'],
  ['  addq %eax, %rbx\n', 'bad.S:1:8', 'operand size mismatch'],
  ['  btc $0xffff, (%rax)\n', 'bad.S:1:7', 'value out of range'], // no suffix: as takes 'l', where 0xffff is no imm8
  ['  mov %rax, %rbx\n', 'bad.S:1:7', 'in 32-bit code', 32],
  ['_start:\n  mov nosuch, %eax\n', 'bad.S:2:7', "undefined symbol 'nosuch'"],
  ['_start:\n  jmp nowhere\n', 'bad.S:2:7', "undefined symbol 'nowhere'"],
  ['  .long 1, 2, missing+4\n', 'bad.S:1:15', "undefined symbol 'missing'"],
  ['  jmp 1f\n', 'bad.S:1:7', 'undefined symbol'],
  ['  .byte 1, 300\n', 'bad.S:1:12', 'out of range'],
  ['  .word 0x10000\n', 'bad.S:1:9', 'out of range'],
  ['  int $256\n', 'bad.S:1:7', 'value out of range'],
  ['  movb $0x1ff, %al\n', 'bad.S:1:8', 'value out of range'],
  ['  .foo 1\n', 'bad.S:1:3', "unknown directive '.foo'"],
  ['.text\n.section .x,"q"\n', 'bad.S:2:13', 'unknown section flag'],
  ['  .align 3\n', 'bad.S:1:10', 'not a power of 2'],
  ['  .p2align 40\n', 'bad.S:1:12', 'too large'],
  ['  .fill -1\n', 'bad.S:1:3', 'bad .fill'],
  ['  .skip 0x7fffffffffff\n', 'bad.S:1:9', 'size too large'],
  ['x: nop\nx: nop\n', 'bad.S:2:1', "'x' is already defined"],
  ['  mov $(1+, %eax\n', 'bad.S:1:11', 'expression'],
  ['  .ascii "abc\n', 'bad.S:1:14', 'unterminated string'],
  ['  mov %eax, %ebx junk\n', 'bad.S:1:18', 'junk'],
  ['1: loop 1b\n .skip 200\n loop 1b\n', 'bad.S:3:7', 'out of range'],
  ['  lock addl %eax, %ebx\n', 'bad.S:1:8', 'cannot take a lock prefix'],
  ['  lock movl %eax, (%rbx)\n', 'bad.S:1:8', 'cannot take a lock prefix'],
  ['  .rept 2\n  nop\n', 'bad.S:1:1', 'missing .endr'],
  ['  .macro M a\n  nop\n', 'bad.S:1:1', 'missing .endm'],
  ['nop\n  .endif\n', 'bad.S:2:3', '.endif without .if'],
  ['  .if x\n  .endif\n', 'bad.S:1:7', 'must be a constant'],
  ['  .macro M a\n  movl \\a, %ebx\n  .endm\n  M %ax\n', 'bad.S:2:8', 'operand size mismatch'],
];

describe('assembly errors', () => {
  for (const [src, where, msg, bits] of cases) {
    it(`${JSON.stringify(src.trim())} -> ${where}: ${msg}`, () => {
      const e = errorOf(src, bits ?? 64);
      expect(`${e.file}:${e.line}:${e.col}`).toBe(where);
      expect(e.message).toContain(msg);
    });
  }

  it('formats as file:line:col: error: message, the line, and a caret under the column', () => {
    const e = errorOf('_start:\n\tmovl\t%ax, %ebx\n');
    const [head, line, caret] = e.format().split('\n');
    expect(head).toMatch(/^bad\.S:2:7: error: operand size mismatch/);
    expect(line).toBe('\tmovl\t%ax, %ebx');
    expect(caret).toBe('\t    \t^');
  });

  it('reads CRLF sources like LF ones (positions included)', () => {
    const text = '.globl _start\r\n_start:\r\n  mov $60, %eax\r\n  .ascii "x"\r\n  syscall\r\n';
    expect(() => linkExecutable(assemble([{ path: 'crlf.S', text }]))).not.toThrow();
    const e = errorOf('nop\r\n  movl %ax, %ebx\r\n');
    expect(`${e.line}:${e.col}`).toBe('2:8');
    expect(e.format().split('\n')[1]).toBe('  movl %ax, %ebx');
  });

  it('never throws anything but AsmError on mangled input', () => {
    const base = ['mov %eax, %ebx', 'lea 8(%rsp,%rax,4), %rdi', '.long 1, 2', 'jmp 1f', '1: ret', '.ascii "x"', "movb $'a', (%rdx)", 'x = 3 * (4 + y)'];
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const junk = '%$(),:;"\'#*+-/<>0123456789abcxyz .\t\\';
    for (let i = 0; i < 3000; i++) {
      let line = base[rand(base.length)]!;
      for (let k = rand(4); k >= 0; k--) {
        const p = rand(line.length + 1);
        line = rand(2) ? line.slice(0, p) + junk[rand(junk.length)] + line.slice(p) : line.slice(0, p) + line.slice(p + 1);
      }
      try {
        linkExecutable(assemble([{ path: 'fuzz.S', text: `_start:\n${line}\ny = 1\n` }]));
      } catch (e) {
        if (!(e instanceof AsmError)) throw new Error(`non-AsmError for ${JSON.stringify(line)}: ${(e as Error).stack}`);
        expect(e.message, JSON.stringify(line)).not.toContain('internal');
      }
    }
  });
});
