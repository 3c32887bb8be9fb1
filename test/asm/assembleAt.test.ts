// assembleAt: sections at fixed addresses, externally defined symbols, and the address -> line map.
import { describe, expect, it } from 'vitest';
import { assembleAt } from '../../src/asm/index.js';
import iced from 'iced-x86';

const { Decoder, DecoderOptions, Formatter, FormatterSyntax } = iced;

function disasm(bits: 32 | 64, ip: bigint, bytes: Uint8Array): string[] {
  const d = new Decoder(bits, bytes, DecoderOptions.None);
  d.ip = ip;
  const f = new Formatter(FormatterSyntax.Gas);
  const out: string[] = [];
  while (d.canDecode) out.push(f.format(d.decode()));
  return out;
}

describe('assembleAt', () => {
  const src = {
    path: 'k.S',
    text: [
      '.code64',
      '.text',
      'entry:',
      '  call do_work',          // line 4: extern, rel32 to an absolute address
      '  mov counter(%rip), %eax', // line 5: same unit, .data placed elsewhere
      '  jmp *handler_table(,%rax,8)',
      '  ret',
      '.data',
      'counter: .long 1',
      '.section .rodata',
      'handler_table: .quad entry, do_work',
    ].join('\n'),
  };

  it('places each named section at its address and binds externs', () => {
    const p = assembleAt([src], {
      bits: 64,
      sectionBases: { '.text': 0xffffffff81000000n, '.data': 0xffffffff82000000n },
      externs: { do_work: 0xffffffff81234560n },
    });
    const text = p.sections.find((s) => s.name === '.text')!;
    const data = p.sections.find((s) => s.name === '.data')!;
    const ro = p.sections.find((s) => s.name === '.rodata')!;
    expect(text.addr).toBe(0xffffffff81000000n);
    expect(data.addr).toBe(0xffffffff82000000n);
    expect(ro.addr % 4096n).toBe(0n); // unnamed sections follow, page-aligned
    expect(ro.addr).toBeGreaterThan(data.addr);
    expect(p.symbols.get('entry')).toBe(text.addr);
    expect(p.symbols.get('counter')).toBe(data.addr);
    const asm = disasm(64, text.addr, text.data);
    expect(asm[0]).toBe('call 0xFFFFFFFF81234560');
    expect(asm[1]).toBe('mov 0xFFFFFFFF82000000,%eax'); // iced shows the %rip-relative target
    const q = new DataView(ro.data.buffer, ro.data.byteOffset);
    expect(q.getBigUint64(0, true)).toBe(text.addr);
    expect(q.getBigUint64(8, true)).toBe(0xffffffff81234560n);
    expect(p.lines.map((l) => [l.addr - text.addr, l.file, l.line])).toEqual([
      [0n, 'k.S', 4], [5n, 'k.S', 5], [11n, 'k.S', 6], [18n, 'k.S', 7],
    ]);
  });

  it('lays sections out consecutively from `base` (the vDSO case, at 0)', () => {
    const p = assembleAt([src], { bits: 64, base: 0n, externs: { do_work: 0x40n } });
    const names = p.sections.map((s) => `${s.name}@${s.addr}`);
    expect(names[0]).toBe('.text@0');
    const text = p.sections.find((s) => s.name === '.text')!;
    const ro = p.sections.find((s) => s.name === '.rodata')!;
    const data = p.sections.find((s) => s.name === '.data')!;
    expect(ro.addr).toBeGreaterThanOrEqual(BigInt(text.size));
    expect(data.addr).toBeGreaterThanOrEqual(ro.addr + BigInt(ro.size));
  });

  it('reports an extern that is not given as an undefined symbol at its use', () => {
    expect(() => assembleAt([src], { bits: 64, base: 0n })).toThrow(/k\.S:4:8: error: undefined symbol 'do_work'/);
  });

  it('refuses a symbol value that does not fit the field chosen for it', () => {
    const t = { path: 'r.S', text: '.code64\n  mov $far_away, %eax\n  mov far_away, %rax\n  mov $far_away, %rax\n' };
    expect(() => assembleAt([t], { bits: 64, base: 0n, externs: { far_away: 0x123456789n } })).toThrow(/r\.S:2:7: error: value 0x123456789 out of range/);
    const kernel = { path: 'k.S', text: '.code64\n  mov $far_away, %rax\n  mov far_away, %rax\n' }; // sign-extended: fine
    expect(() => assembleAt([kernel], { bits: 64, base: 0n, externs: { far_away: 0xffffffff81000000n } })).not.toThrow();
  });

  it("names the macros an instruction was expanded from in the line map (the Code pane shows them)", () => {
    const text = ['.macro INNER', '  nop', '.endm', '.macro OUTER r', '  push \\r', '  INNER', '.endm', 'e:', '  OUTER %rax', '  ret', ''].join('\n');
    const r = assembleAt([{ path: 'm.S', text }], { bits: 64, base: 0x1000n });
    expect(r.lines.map((l) => [l.addr, l.line, l.macro])).toEqual([[0x1000n, 5, 'OUTER'], [0x1001n, 2, 'OUTER > INNER'], [0x1002n, 10, undefined]]);
  });
});
