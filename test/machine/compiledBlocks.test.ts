// Compiled blocks (src/machine/compileBlock.ts) must be invisible: the same registers, flags,
// memory, cycle count, instruction count, stops and faults as the interpreter, instruction for
// instruction. Each case runs the same code under both engines and compares everything.
import { describe, expect, it } from 'vitest';
import type { Machine, RunLimits } from '../../src/machine/index.js';
import { CODE, DATA, flatMachine, gas, hasGnuAs } from './harness.js';

const REGS = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rflags'] as const;

function state(m: Machine, r: ReturnType<Machine['run']>) {
  const e = m.lastException;
  return {
    reason: r.reason, instructions: r.instructions, cycles: m.cycles,
    regs: Object.fromEntries(REGS.map((n) => [n, m.getReg(n)])),
    data: Buffer.from(m.read(DATA, 64)).toString('hex'),
    fault: e ? { vector: e.vector, rip: e.rip, cr2: e.cr2, reason: e.reason } : null,
  };
}

/** Run under both engines (in the same slices); the blocks engine must really have compiled code. */
function both(src: string, slices: RunLimits[] = [{ maxInstructions: 1e7 }], threshold = 2) {
  const { bytes, syms } = gas(64, src, CODE);
  const out = (['interpreter', 'blocks'] as const).map((engine) => {
    const m = flatMachine(bytes, engine, threshold);
    return { m, states: slices.map((l) => state(m, m.run(l))) };
  });
  const [interp, blocks] = out as [typeof out[0], typeof out[0]];
  expect(blocks.states).toEqual(interp.states);
  expect(interp.m.compiledInstructions).toBe(0);
  expect(blocks.m.compiledInstructions).toBeGreaterThan(0);
  return { states: interp.states, syms, blocks: blocks.m };
}

// A loop of ALU, shift, load/store, lea, a taken-or-not branch inside the block, and push/pop.
const LOOP = `
  mov $1000, %ecx
  xor %eax, %eax
  xor %ebx, %ebx
1: mov %ecx, %edx
  shl $5, %edx
  add %edx, %eax
  xor %ecx, %eax
  mov %eax, 0x600008
  add 0x600008, %ebx
  lea 1(%rbx,%rax,2), %rsi
  push %rsi
  pop %rdi
  imul $3, %edi, %edi
  movzbl %dil, %r8d
  cmp $3, %esi
  jb 2f
  inc %r9
2: sub $1, %r10
  dec %ecx
  jnz 1b
  hlt
`;

describe.skipIf(!hasGnuAs)('compiled blocks behave exactly as the interpreter', () => {
  if (!hasGnuAs) console.warn('test/machine/compiledBlocks: SKIPPED: GNU as/ld not found');

  it('a loop ends with the same registers, memory, flags, cycles and instruction count', () => {
    const { states } = both(LOOP);
    expect(states[0]!.reason).toBe('halted');
  });

  it('a 64-bit compare feeds every condition of a following Jcc as the flags would (jne after a non-zero difference)', () => {
    // each Jcc counts in its own register when taken; operands with equal and different high halves
    const conds = ['jne', 'je', 'jb', 'jae', 'jbe', 'ja', 'jl', 'jge', 'jle', 'jg', 'js', 'jns'];
    const body = conds.map((j, i) => `  cmp %rdx, %rax\n  ${j} a${i}\n  inc %r${8 + (i % 8)}\na${i}:\n  test %rax, %rdx\n  ${j} b${i}\n  inc %r${8 + ((i + 3) % 8)}\nb${i}:\n`).join('');
    const { states } = both(`
  mov $600, %ecx
  mov $0x7fffffff00000010, %rsi
3: mov %rcx, %rax
  shl $30, %rax
  mov %rsi, %rdx
  sub %rcx, %rdx
  imul $0x9e3779b9, %ecx, %edi
  xor %rdi, %rax
${body}  dec %ecx
  jnz 3b
  hlt
`);
    expect(states[0]!.reason).toBe('halted');
  });

  it('instruction limits stop at the same instruction (limits that fall inside a block)', () => {
    const { states } = both(LOOP, [{ maxInstructions: 997 }, { maxInstructions: 13 }, { maxInstructions: 5001 }, { maxInstructions: 1e7 }]);
    expect(states.map((s) => s.instructions)).toEqual([997, 13, 5001, expect.any(Number)]);
  });

  it('cycle limits (the timer) stop at the same instruction', () => {
    both(LOOP, [{ maxCycles: 12_345 }, { maxCycles: 12_400 }, { maxCycles: 500_000 }]);
  });

  it('a breakpoint inside a hot block stops the run there', () => {
    const { bytes } = gas(64, LOOP, CODE);
    // The `add 0x600008, %ebx` in the middle of the loop body.
    const probe = flatMachine(bytes, 'interpreter');
    const addrs: bigint[] = [];
    for (let i = 0; i < 10; i++) { addrs.push(probe.getReg('rip')); probe.step(); }
    const bp = addrs[9]!;
    const { states } = both(LOOP, [{ maxInstructions: 3000 }, { maxInstructions: 1e7, breakpoints: new Set([bp]) }, { maxInstructions: 1e7, breakpoints: new Set([bp]) }]);
    expect(states[1]!.reason).toBe('breakpoint');
    expect(states[1]!.regs.rip).toBe(bp);
    expect(states[2]!.regs.rip).toBe(bp);
  });

  it('a breakpoint on the first instruction of a hot loop stops every pass', () => {
    const { bytes } = gas(64, LOOP, CODE);
    const probe = flatMachine(bytes, 'interpreter');
    for (let i = 0; i < 3; i++) probe.step();
    const head = probe.getReg('rip'); // `1: mov %ecx, %edx`
    const bp = { maxInstructions: 1e7, breakpoints: new Set([head]) };
    const { states } = both(LOOP, [{ maxInstructions: 3000 }, bp, bp, bp]);
    for (const s of states.slice(1)) { expect(s.reason).toBe('breakpoint'); expect(s.regs.rip).toBe(head); }
    // one pass of the loop body between stops
    expect(states[2]!.instructions).toBe(states[3]!.instructions);
    expect(states[2]!.instructions).toBeGreaterThan(10);
  });

  it('code that patches an instruction of its own block runs the new instruction', () => {
    // Each pass stores ECX into the immediate of the `mov $0, %eax` below, then adds EAX to EBX:
    // EBX = 10 + 9 + ... + 1 = 55 only if the patched instruction is the one that runs.
    const { states } = both(`
  mov $10, %ecx
  xor %ebx, %ebx
1: mov %ecx, patch+1(%rip)
patch: mov $0, %eax
  add %eax, %ebx
  dec %ecx
  jnz 1b
  hlt
`, undefined, 1); // every store drops the page's blocks: compile at first sight to run them at all
    expect(states[0]!.regs.rbx).toBe(55n);
  });

  it('a fault inside a block is precise: registers, RIP, CR2, cycles and counts of the faulting instruction', () => {
    // After 300 passes the store walks from the data page onto the read-only page.
    const { states } = both(`
  mov $0x600000, %rsi
  mov $0x60fb00, %rdi
  xor %eax, %eax
1: add $7, %eax
  mov %eax, (%rsi)
  mov %eax, (%rdi)
  add $8, %rdi
  jmp 1b
`);
    expect(states[0]!.fault).toMatchObject({ vector: 14, cr2: 0x610000n });
  });

  it('registers the block keeps in locals reach the handlers it calls and come back from them', () => {
    // bswap, xchg and xadd run through their handlers between inline instructions that read and
    // write the same registers; RBX sums every intermediate value.
    const { states } = both(`
  mov $300, %ecx
  mov $0x600000, %rsi
  xor %eax, %eax
  xor %ebx, %ebx
  mov $0x1234567, %r9d
1: add %ecx, %eax
  bswap %eax
  add %eax, %ebx
  xchg %rax, %r9
  add $1, %eax
  xadd %eax, (%rsi)
  add %eax, %ebx
  add %r9d, %ebx
  dec %ecx
  jnz 1b
  hlt
`);
    expect(states[0]!.reason).toBe('halted');
  });

  it('lazy flags the block keeps in locals reach flag-reading handlers, and handlers\' flags reach inline code', () => {
    // add/sub/inc (inline) feed jo and jp (asked of cpu.cond) and adc, setc, cmovb, sbb (handlers); bt
    // (a handler) feeds jc and the CF that inc keeps.
    const { states } = both(`
  mov $500, %ecx
  xor %eax, %eax
  xor %ebx, %ebx
  mov $0x80000000, %edx
1: add %edx, %eax
  jo 3f
  inc %r12d
3: adc $0, %ebx
  sub %ecx, %eax
  jp 4f
  add $9, %ebx
  cmp %ecx, %eax
4: setc %r8b
  add %r8d, %ebx
  cmovb %ecx, %r9d
  inc %eax
  sbb %r9d, %ebx
  bt $3, %ecx
  jc 2f
  add $5, %ebx
2: inc %r10d
  adc $0, %r11d
  dec %ecx
  jnz 1b
  hlt
`);
    expect(states[0]!.reason).toBe('halted');
  });

  it('64-bit INC/DEC keep the CF of the flag writer before them, known in the block or left in the lazy state', () => {
    // bytecopy's loop (incq at the head after the previous pass's cmpq), then inc/dec after
    // 64- and 32-bit compares, a test and an add, each CF read back by adc.
    const { states } = both(`
  mov $0x600000, %rsi
  mov $700, %ebx
  movq $0x100000000, %r12
2: xor %ecx, %ecx
1: movzbl (%rsi,%rcx), %eax
  add %ecx, %eax
  movb %al, 16(%rsi,%rcx)
  incq %rcx
  cmpq $13, %rcx
  jb 1b
  cmp %rbx, %r12
  incq %r8
  adc $0, %r9
  cmp %r12, %rbx
  decq %r10
  adc $0, %r9
  cmp $500, %ebx
  incq %r11
  adc $0, %r9
  add %r12, %r13
  incq %r14
  adc $0, %r9
  test %rbx, %rbx
  decq %r15
  adc $0, %r9
  decl %ebx
  jnz 2b
  hlt
`);
    expect(states[0]!.reason).toBe('halted');
  });

  it('a fault inside a handler of a block leaves the inline instructions\' registers before it in place', () => {
    // RSI and EAX change inline each pass; the xadd (a handler) faults on the read-only page.
    const { states } = both(`
  mov $0x60ff00, %rsi
  xor %eax, %eax
1: add $7, %eax
  add $8, %rsi
  xadd %eax, (%rsi)
  jmp 1b
`);
    expect(states[0]!.fault).toMatchObject({ vector: 14, cr2: 0x610000n });
    expect(states[0]!.regs.rsi).toBe(0x610000n);
  });

  it('64-bit pushes of an immediate and of memory push what the interpreter pushes, and fault where it does', () => {
    // After the loop the stack walks down off the bottom of the data area into unmapped memory:
    // the push faults with RSP and memory as they were.
    const { states } = both(`
  mov $0x600100, %rsp
  mov $0x600000, %rsi
  movq $0x1122334455667788, %rax
  mov %rax, 8(%rsi)
  mov $20, %ecx
1: pushq $-5
  pushq 8(%rsi)
  pushq $0x7fff1234
  add (%rsp), %rbx
  pop %rdx
  add %rdx, %rbx
  dec %ecx
  jnz 1b
2: pushq 8(%rsi)
  pushq $3
  jmp 2b
`);
    expect(states[0]!.fault).toMatchObject({ vector: 14 });
  });

  it('a divide error inside a block is delivered at the divide', () => {
    const { states } = both(`
  mov $50, %ecx
  mov $1000, %ebx
1: mov $100000, %eax
  xor %edx, %edx
  div %ecx
  add %eax, %ebx
  sub $1, %ecx
  jmp 1b
`);
    expect(states[0]!.fault).toMatchObject({ vector: 0 });
  });
});

describe('a write through Machine.write (the loader, the debugger, the kernel) to code', () => {
  it('drops an instruction that runs into the written page, decoded from the page before', () => {
    // At CODE+4094: mov $1,%eax (b8 01 00 00 00) straddles into the second code page.
    const bytes = new Uint8Array(4100).fill(0x90);
    bytes.set([0xb8, 0x01, 0x00, 0x00, 0x00], 4094);
    for (const engine of ['interpreter', 'blocks'] as const) {
      const m = flatMachine(bytes, engine);
      m.setReg('rip', CODE + 4094n);
      m.run({ maxInstructions: 1 });
      expect(m.getReg('rax')).toBe(1n);
      m.write(CODE + 4096n, new Uint8Array([0x02])); // the immediate's second byte, in page 2: 0x201
      m.setReg('rip', CODE + 4094n);
      m.run({ maxInstructions: 1 });
      expect(m.getReg('rax')).toBe(0x201n);
    }
  });
});
