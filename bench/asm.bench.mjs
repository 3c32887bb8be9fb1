// Assembler speed: a generated 25,000-line AT&T file (mixed instructions, branches, data), assembled
// and linked; prints the median of 5 runs (goal: under 2 s). Run via `npm run bench` (builds dist/ first).
import { assemble, linkExecutable } from '../dist/asm/index.js';

const body = [
  'mov %eax, %ebx', 'add $1, %ecx', 'addl $0x1000, 8(%rsp)', 'lea 16(%rax,%rbx,4), %rdi', 'cmp $0x7f, %dl',
  'jne 1f', 'mov table(%rip), %rax', 'movzbl (%rsi), %eax', 'imul $12, %r8, %r9', 'shl $3, %rdx',
  'push %rbp', 'pop %rbp', 'test %eax, %eax', 'je 1b', 'call func', 'xor %r10d, %r10d', 'movabs $0x123456789, %r11',
  'rep movsb', 'lock xadd %ecx, (%rdi)', 'cmovne %ebx, %eax', 'sete %al', 'bt $5, %eax', 'ret',
];
const lines = ['.globl _start', '.text', '_start:', 'func:'];
let n = 0;
while (lines.length < 24_990) {
  if (n % 20 === 0) lines.push('1:');
  lines.push('  ' + body[n % body.length]);
  n++;
}
lines.push('1: ret', '.data', 'table: .quad 1, 2, 3', '.long 0x12345678, table', '.ascii "bench"');
const text = lines.join('\n') + '\n';

const times = [];
let size = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const { elf } = linkExecutable(assemble([{ path: 'bench.S', text }]));
  times.push(performance.now() - t0);
  size = elf.length;
}
times.sort((a, b) => a - b);
console.log(`asm: ${lines.length} lines -> ${size} byte ELF; median of 5: ${times[2].toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')}; goal < 2000 ms)`);
