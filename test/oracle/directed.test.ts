// Directed CPU oracle cases: corners random blocks reach rarely (zero-extension of 32-bit results in
// 64-bit mode even when nothing else changes, counts of 0 or beyond the operand width, cmov with a
// false condition, cmpxchg success/failure, carries, extremes). Native execution is the oracle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStates, type OracleCase } from './cpuOracle.js';
import { ARITH_FLAGS, CF, OF, type Bits } from './generateBlock.js';
import { assembleBlock, nativeOracleProblem, runNative32, runNative64 } from './nativeOracle.js';
import { initialState } from './oracleLayout.js';
import { ENGINES, loadMachine, runInMachine } from './runInMachine.js';

interface DirectedCase {
  name: string;
  bits: Bits;
  lines: string[];
  /** Flags to compare at the end (those the last writers define). */
  flags: number;
}

const CASES: DirectedCase[] = [
  {
    name: 'shifts and rotates of a 32-bit register by 0 still zero-extend it',
    bits: 64,
    lines: ['roll $0, %r12d', 'rorl $0, %r13d', 'sarl $0, %r14d', 'shll $0, %r15d', 'shrl $0, %esi',
      'rcll $0, %edi', 'movb $32, %cl', 'roll %cl, %r9d', 'shldl $0, %r8d, %r10d', 'shrdl $0, %r8d, %r11d', 'shrdl %cl, %r8d, %ebx'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'cmov with a false condition still zero-extends a 32-bit destination',
    bits: 64,
    lines: ['cmpq %rax, %rax', 'cmovnel %ebx, %ecx', 'cmovel %edx, %esi', 'cmovbw %r8w, %r9w'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'xchg %eax,%eax is not a nop in 64-bit mode (87 c0 zero-extends)',
    bits: 64,
    lines: ['xchgl %eax, %eax', 'xchgl %ebx, %ebx', 'xchgw %cx, %cx', 'xchgl %r8d, %edx'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'cmpxchg: success stores the source, failure loads the accumulator',
    bits: 64,
    lines: ['movl %ebx, %eax', 'cmpxchgl %ecx, %ebx', 'cmpxchgl %edx, %esi', 'movq %r8, %rax', 'cmpxchgq %r9, %r8',
      'cmpxchgb %r10b, %r11b', 'cmpxchgw %r12w, %r13w'],
    flags: ARITH_FLAGS,
  },
  {
    name: '16- and 8-bit writes keep the upper bits; sign and zero extension',
    bits: 64,
    lines: ['movw $0x8000, %ax', 'movb $0x80, %bl', 'movsbq %bl, %rcx', 'movslq %eax, %rdx', 'movw %ax, %r8w', 'movb %al, %r9b',
      'movzwl %ax, %r10d', 'movzbq %bl, %r11', 'movsbw %bl, %si', 'cltq', 'cqto'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'adc/sbb chains carry through all widths',
    bits: 64,
    lines: ['stc', 'adcq $-1, %rax', 'adcl $0, %ebx', 'sbbw $1, %cx', 'sbbb %dl, %dl', 'adcq %rax, %rsi', 'sbbl %edi, %edi'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'extremes: neg of the minimum, imul overflow, maximal quotients',
    bits: 64,
    lines: ['movabsq $0x8000000000000000, %rax', 'negq %rax', 'movq %rax, %rbx', 'imulq %rbx, %rbx', 'movl $0x80000000, %ecx', 'negl %ecx',
      'xorl %edx, %edx', 'movl $-1, %eax', 'movl $1, %esi', 'divl %esi', 'movq $-1, %rax', 'xorl %edx, %edx', 'movq $3, %rdi', 'divq %rdi',
      'movq $-7, %rax', 'cqto', 'movq $2, %r8', 'idivq %r8', 'movl $0x7fffffff, %r9d', 'imull $2, %r9d, %r10d'],
    flags: CF | OF,
  },
  {
    name: 'bt with a register offset beyond the operand width wraps on registers',
    bits: 64,
    lines: ['movl $77, %ecx', 'btl %ecx, %eax', 'btsq %rcx, %rbx', 'btrw %cx, %dx', 'btcl %ecx, %esi'],
    flags: CF,
  },
  {
    name: '8- and 16-bit shifts and rotates by counts beyond the width',
    bits: 64,
    lines: ['shlb $9, %al', 'shrw $17, %bx', 'sarb $31, %cl', 'rolb $8, %dl', 'rorw $16, %si', 'rcrb $8, %dil', 'rclw $16, %r8w', 'sarw $20, %r9w'],
    flags: CF,
  },
  {
    name: 'lea with a 32-bit address size truncates, then zero-extends',
    bits: 64,
    lines: ['leaq -1(%eax,%ebx,8), %rcx', 'leal 0x7fffffff(%rdx,%rsi,4), %edi', 'leaw -2(%r8,%r9,2), %r10w', 'leaq 0(,%r11d,8), %r12'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'push and pop with %rsp in the operand (pop computes the address after the increment)',
    bits: 64,
    lines: ['pushq %rsp', 'popq %rax', 'pushq $5', 'popq 8(%rsp)', 'movq 8(%rsp), %rbx', 'pushq (%rsp)', 'popq %rcx',
      'pushq %rsp', 'popq (%rsp)', 'movq -8(%rsp), %rdx', 'pushw $-2', 'popw %si'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'enter and leave build and drop a frame',
    bits: 64,
    lines: ['enter $32, $0', 'movq %rsp, %rax', 'movq %rbp, %rbx', 'leave', 'enter $8, $1', 'movq %rsp, %rcx', 'movq (%rsp), %rdx',
      'movq %rbp, %rsi', 'leave'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'string instructions backwards (DF=1)',
    bits: 64,
    lines: ['leaq 128(%rbp), %rsi', 'leaq 200(%rbp), %rdi', 'std', 'movsb', 'movsq', 'lodsl', 'stosw', 'movl $5, %ecx', 'rep movsl',
      'movl $3, %ecx', 'repe cmpsb', 'scasw', 'cld'],
    flags: ARITH_FLAGS,
  },
  {
    name: '64-bit imul: products that just fit, just overflow, negative operands',
    bits: 64,
    lines: ['movabsq $0x7fffffffffffffff, %rax', 'movq $-1, %rbx', 'imulq %rbx, %rax', 'seto %r12b',
      'movabsq $0x8000000000000000, %rcx', 'imulq $-1, %rcx, %rdx', 'setc %r13b',
      'movabsq $0x100000000, %rsi', 'imulq %rsi, %rsi', 'seto %r14b',
      'movq $-0x80000000, %rdi', 'movabsq $0x100000000, %r8', 'imulq %r8, %rdi', 'setc %r15b',
      'movabsq $0x123456789abcdef, %r9', 'imulq $0x7654321, %r9, %r10', 'movq $-3, %r11', 'imulq $-5, %r11, %r11'],
    flags: CF | OF,
  },
  {
    // rep movs/stos forwards run as bulk copies within a page: an overlapping forward copy must
    // still replicate element by element, and every size must fill and advance the same.
    name: 'rep movs/stos forwards: overlapping copies replicate, every element size',
    bits: 64,
    lines: ['leaq 16(%rbp), %rsi', 'leaq 17(%rbp), %rdi', 'movl $40, %ecx', 'rep movsb',
      'leaq 64(%rbp), %rsi', 'leaq 68(%rbp), %rdi', 'movl $9, %ecx', 'rep movsl',
      'leaq 100(%rbp), %rsi', 'leaq 96(%rbp), %rdi', 'movl $7, %ecx', 'rep movsq',
      'leaq 160(%rbp), %rdi', 'movl $5, %ecx', 'rep stosw', 'movl $3, %ecx', 'rep stosq', 'movl $2, %ecx', 'rep stosl',
      'leaq 230(%rbp), %rdi', 'movl $9, %ecx', 'rep stosb', 'xorl %ecx, %ecx', 'rep movsb'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'rep movs/stos forwards in 32-bit code',
    bits: 32,
    lines: ['leal 16(%ebp), %esi', 'leal 18(%ebp), %edi', 'movl $30, %ecx', 'rep movsw',
      'leal 100(%ebp), %edi', 'movl $11, %ecx', 'rep stosl', 'leal 120(%ebp), %esi', 'leal 20(%ebp), %edi', 'movl $50, %ecx', 'rep movsb'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'accumulator corners: imul/mul 8-bit, cmpxchg into the accumulator, xadd with itself',
    bits: 64,
    lines: ['imulb %cl', 'mulq %rdx', 'cmpxchgb %bl, %al', 'cmpxchgq %rcx, %rax', 'xaddl %esi, %esi', 'xaddq %rdi, %r8'],
    flags: CF | OF,
  },
  {
    name: 'high-byte registers: setcc, movzx and xchg on %ah..%bh',
    bits: 32,
    lines: ['cmpb %ah, %bh', 'setb %ah', 'setle %ch', 'movzbl %ah, %eax', 'movsbl %dh, %edi', 'xchgb %bh, %cl', 'xaddb %dh, %dl',
      'shrb $3, %ch', 'incb %bh'],
    flags: ARITH_FLAGS & ~CF,
  },
  {
    name: 'counts of 0, beyond the width, and 16-bit forms',
    bits: 32,
    lines: ['roll $0, %eax', 'shldw $15, %bx, %cx', 'shrdw $1, %si, %di', 'rcrb $8, %dh', 'rolw $16, %bx', 'xchgw %ax, %ax',
      'cmpl %eax, %eax', 'cmovnel %ecx, %edx', 'bswap %esi', 'cwtl', 'cltd'],
    flags: CF,
  },
  {
    name: 'xlat (AL = [rBX + AL], also with a 32-bit address size); prefetch/prefetchw (0F 0D /0-/7) and clwb run as no-ops',
    bits: 64,
    lines: ['leaq 16(%rbp), %rbx', 'andl $0x7f, %eax', 'xlat', 'movl %eax, %ecx', 'andl $0x3f, %eax', 'addr32 xlat', 'xlatb',
      'prefetch (%rbp)', 'prefetchw 8(%rbp)', 'prefetchwt1 16(%rbp)', '.byte 0x0f, 0x0d, 0x5d, 0x18', '.byte 0x0f, 0x0d, 0x7d, 0x20', 'clwb 64(%rbp)'],
    flags: ARITH_FLAGS,
  },
  {
    name: 'xlat, and loop/jcxz with a 16-bit address size count in CX only',
    bits: 32,
    lines: ['leal 16(%ebp), %ebx', 'andl $0x7f, %eax', 'xlat', 'movl %eax, %esi',
      'movl $0x12340003, %ecx', 'xorl %edi, %edi', '1: incl %edi', '.byte 0x67, 0xe2, 0xfc', // 1: loopw 1b (count in CX)
      'movl $0x50000, %ecx', '.byte 0x67, 0xe3, 0x01', 'incl %edx', // jcxz taken: CX is 0 although ECX is not
      'movl $0x10001, %ecx', '.byte 0x67, 0xe3, 0x01', 'incl %edx'],
    flags: ARITH_FLAGS,
  },
];

const work = mkdtempSync(join(tmpdir(), 'trapdoor-directed-'));
const problem = { 64: nativeOracleProblem(64, join(work, 'probe64')), 32: nativeOracleProblem(32, join(work, 'probe32')) };
let machineProblem: string | null = null;

beforeAll(async () => {
  machineProblem = await loadMachine();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Registers with non-zero upper halves, so a missed zero-extension shows. */
function directedState(bits: Bits, index: number) {
  const s = initialState(bits, 10_000 + index);
  if (bits === 64) {
    s.regs = s.regs.map((v, i) => (i === 4 || i === 5 ? v : 0xdead_0000_0000_0000n | (BigInt(i) << 36n) | (v & 0xffff_ffffn)));
  }
  return s;
}

describe('CPU oracle: directed corner cases', () => {
  CASES.forEach((dc, index) => {
    it.skipIf(problem[dc.bits])(`${dc.bits}-bit: ${dc.name}`, () => {
      const dir = join(work, `case${index}`);
      const block = { bits: dc.bits, lines: dc.lines, definedFlags: dc.flags, definedAfter: [] };
      const code = assembleBlock(block, dir, 'directed');
      const init = directedState(dc.bits, index);
      const native = dc.bits === 64 ? runNative64(code, init, dir) : runNative32(code, init, dir);
      if (machineProblem) throw new Error(`native side ran; emulator side not run: ${machineProblem}`);
      const c: OracleCase = { bits: dc.bits, seed: -1, block, code, initialRegs: init, native };
      const modes = dc.bits === 64 ? (['protected'] as const) : (['protected', 'compat'] as const);
      for (const mode of modes) {
        for (const engine of ENGINES) {
          const diffs = compareStates(c, runInMachine(dc.bits, code, init, 1000, mode, false, engine));
          expect(diffs, `${dc.lines.join('; ')} (${dc.bits === 32 ? `${mode} mode, ` : ''}${engine})`).toEqual([]);
        }
      }
    });
  });
});
