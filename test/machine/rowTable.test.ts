// The row table (src/machine/isa/rowTable.ts): a row's instruction is decoded to its handler,
// runs the same under the interpreter and inside compiled blocks, and raises #UD when the
// profile's CPU lacks the row's feature.
import { describe, expect, it } from 'vitest';
import { ROWS } from '../../src/machine/isa/rowTable.js';
import { CODE, flatMachine, gas, hasGnuAs } from './harness.js';

describe('the row table', () => {
  it('names every row once and gives each a handler and a cost class', () => {
    const names = ROWS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of ROWS) {
      expect(typeof r.handler).toBe('function');
      expect((r.codes?.length ?? 0) + (r.mnemonics?.length ?? 0)).toBeGreaterThan(0);
    }
  });

  it.skipIf(!hasGnuAs)('runs ENDBR64/ENDBR32 as the NOPs they are without CET, interpreted and compiled', () => {
    // gcc's crtbegin.o starts functions with endbr64: a loop of them must retire and count like NOPs.
    const loop = (a: string, b: string) => gas(64, `mov $50, %ecx\n1: ${a}\n ${b}\n add $1, %eax\n dec %ecx\n jnz 1b\n hlt\n`, CODE).bytes;
    for (const engine of ['interpreter', 'blocks'] as const) {
      const runs = [loop('endbr64', 'endbr32'), loop('nop', 'nop')].map((bytes) => {
        const m = flatMachine(bytes, engine);
        const r = m.run({ maxInstructions: 1e5 });
        return { fault: m.lastException, reason: r.reason, instructions: r.instructions, rax: m.getReg('rax'), compiled: m.compiledInstructions > 0 };
      });
      expect(runs[0]).toEqual(runs[1]);
      expect(runs[0]!.fault).toBeNull();
      expect(runs[0]!.reason).toBe('halted');
      expect(runs[0]!.rax).toBe(50n);
      expect(runs[0]!.compiled).toBe(engine === 'blocks');
    }
  });
});

describe('the hint-NOP space (0F 18-0F 1F)', () => {
  it.skipIf(!hasGnuAs)('rdssp, cldemote and the reserved NOPs run as NOPs: no register written, no memory touched (interpreter and compiled)', () => {
    // (0xdead0000) is unmapped: a NOP's memory operand is never accessed. rdsspq without a shadow
    // stack leaves rax as it was (libgcc's unwinder tests it for 0 after `xor %eax,%eax`).
    const body = [
      'mov $0xdead0000, %rbx', 'mov $7, %rax', 'mov $9, %edx', 'mov $40, %ecx',
      '1: rdsspq %rax', 'rdsspd %edx', 'cldemote (%rbx)', '.byte 0x0f, 0x19, 0x03', '.byte 0x0f, 0x1e, 0x03',
      '.byte 0x48, 0x0f, 0x1c, 0xc0', '.byte 0x0f, 0x18, 0x23', 'nopl 0x10(%rbx)', 'dec %ecx', 'jnz 1b', 'hlt',
    ].join('\n');
    const { bytes } = gas(64, body, CODE);
    for (const engine of ['interpreter', 'blocks'] as const) {
      const m = flatMachine(bytes, engine);
      const r = m.run({ maxInstructions: 1e5 });
      expect(m.lastException).toBeNull();
      expect(r.reason).toBe('halted');
      expect([m.getReg('rax'), m.getReg('rdx'), m.getReg('rbx')]).toEqual([7n, 9n, 0xdead0000n]);
      expect(m.compiledInstructions > 0).toBe(engine === 'blocks');
    }
  });
});

describe('the one instruction table (isa/opcodes.ts)', () => {
  it('lays the core rows out at their op numbers, each op once, and decode gives an instruction its row', async () => {
    const opcodes = await import('../../src/machine/isa/opcodes.js');
    const { decodeInstruction, Op } = await import('../../src/machine/decodeInstruction.js');
    opcodes.buildTable();
    const TABLE = opcodes.TABLE;
    for (let op = 0; op < Op.ROW; op++) expect(TABLE[op]!.name).toBe(Op[op]);
    expect(TABLE.length).toBe(Op.ROW + ROWS.length);
    // imul %rcx,%rax (0f af): IMUL's mnemonic belongs to IMUL2; one operand (f7 /5) is IMUL1.
    const two = decodeInstruction(new Uint8Array([0x48, 0x0f, 0xaf, 0xc1]), 64, 0x1000);
    expect([two.op, two.row]).toEqual([Op.IMUL2, TABLE[Op.IMUL2]]);
    const one = decodeInstruction(new Uint8Array([0x48, 0xf7, 0xe9]), 64, 0x1000);
    expect([one.op, one.cls]).toEqual([Op.IMUL1, 'mul']);
    // add %ecx,(%rax) is charged as a store, add (%rax),%ecx as a load (the row's cost-class function)
    expect(decodeInstruction(new Uint8Array([0x01, 0x08]), 64, 0x1000).cls).toBe('store');
    expect(decodeInstruction(new Uint8Array([0x03, 0x08]), 64, 0x1000).cls).toBe('load');
  });
});
