import { describe, expect, it } from 'vitest';
import { CommandError, parseCommand } from '../../src/debugger/commands.js';
import { evaluate, parseExpression } from '../../src/debugger/expression.js';

const regs: Record<string, bigint> = { rax: 1n, rdi: 0n, eax: 4n, ebx: 1n, rsp: 0x7ffc0000n, minus1: (1n << 64n) - 1n };
const ctx = { register: (n: string) => regs[n], symbol: (n: string) => (n === '_start' ? 0x401000n : undefined) };

describe('parseCommand: gdb vocabulary and abbreviations', () => {
  it('break forms', () => {
    expect(parseCommand('b entry_SYSCALL_64')).toMatchObject({ kind: 'break', temporary: false, location: { kind: 'symbol', name: 'entry_SYSCALL_64' } });
    expect(parseCommand('break *0x401005')).toMatchObject({ kind: 'break', location: { kind: 'address' } });
    const c = parseCommand('break do_syscall_64 if $rax == 1');
    expect(c).toMatchObject({ kind: 'break', condition: { text: '$rax == 1' } });
    expect(parseCommand('tb __vdso_clock_gettime')).toMatchObject({ kind: 'break', temporary: true });
    const star = parseCommand('br *_start+5');
    if (star?.kind !== 'break' || star.location.kind !== 'address') throw new Error('not an address breakpoint');
    expect(evaluate(star.location.expr, ctx)).toBe(0x401005n);
  });
  it('source-level forms: FILE:LINE, LINE, step/next, list, bt, frames, info source/line', () => {
    expect(parseCommand('b hello.c:6')).toMatchObject({ kind: 'break', location: { kind: 'line', file: 'hello.c', line: 6 } });
    expect(parseCommand('break src/x.c:12 if $rax == 1')).toMatchObject({ location: { kind: 'line', file: 'src/x.c', line: 12 }, condition: { text: '$rax == 1' } });
    expect(parseCommand('b 7')).toMatchObject({ location: { kind: 'line', file: null, line: 7 } });
    expect(parseCommand('b 0x401000')).toMatchObject({ location: { kind: 'address', text: '*0x401000' } });
    expect(parseCommand('s')).toEqual({ kind: 'step', count: 1 });
    expect(parseCommand('step 3')).toEqual({ kind: 'step', count: 3 });
    expect(parseCommand('n')).toEqual({ kind: 'next', count: 1 });
    expect(parseCommand('next')).toEqual({ kind: 'next', count: 1 });
    expect(parseCommand('l')).toEqual({ kind: 'list', where: null });
    expect(parseCommand('list hello.c:3')).toEqual({ kind: 'list', where: 'hello.c:3' });
    expect(parseCommand('bt')).toEqual({ kind: 'backtrace', limit: null });
    expect(parseCommand('where 2')).toEqual({ kind: 'backtrace', limit: 2 });
    expect(parseCommand('up')).toEqual({ kind: 'frame', how: 'up', n: 1 });
    expect(parseCommand('down 2')).toEqual({ kind: 'frame', how: 'down', n: 2 });
    expect(parseCommand('frame 0')).toEqual({ kind: 'frame', how: 'absolute', n: 0 });
    expect(parseCommand('f')).toEqual({ kind: 'frame', how: 'absolute', n: null });
    expect(parseCommand('info source')).toMatchObject({ kind: 'info', topic: 'source' });
    expect(parseCommand('info line *0x401000')).toMatchObject({ kind: 'info', topic: 'line', args: ['*0x401000'] });
    expect(() => parseCommand('frame x')).toThrow(/not a frame number/);
  });
  it('delete / disable / enable', () => {
    expect(parseCommand('d')).toEqual({ kind: 'delete', numbers: [] });
    expect(parseCommand('delete 2 3')).toEqual({ kind: 'delete', numbers: [2, 3] });
    expect(parseCommand('disable 1')).toEqual({ kind: 'disable', numbers: [1] });
    expect(parseCommand('dis 1')).toEqual({ kind: 'disable', numbers: [1] });
    expect(parseCommand('en 4')).toEqual({ kind: 'enable', numbers: [4] });
    expect(() => parseCommand('delete x')).toThrow(CommandError);
  });
  it('info topics with abbreviations', () => {
    expect(parseCommand('i r')).toMatchObject({ kind: 'info', topic: 'registers' });
    expect(parseCommand('i b')).toMatchObject({ kind: 'info', topic: 'breakpoints' });
    expect(parseCommand('info proc mappings')).toMatchObject({ kind: 'info', topic: 'mappings' });
    expect(parseCommand('info msr')).toMatchObject({ kind: 'info', topic: 'msr' });
    expect(parseCommand('info idt')).toMatchObject({ kind: 'info', topic: 'idt' });
    expect(parseCommand('info tss')).toMatchObject({ kind: 'info', topic: 'tss' });
    expect(() => parseCommand('info frobs')).toThrow(/unknown topic/);
  });
  it('catchpoints', () => {
    expect(parseCommand('catch syscall write 1 getpid')).toEqual({ kind: 'catch', spec: { kind: 'syscall', names: ['write', 1, 'getpid'] } });
    expect(parseCommand('catch syscall')).toEqual({ kind: 'catch', spec: { kind: 'syscall', names: [] } });
    expect(parseCommand('catch mode')).toEqual({ kind: 'catch', spec: { kind: 'mode', direction: 'both' } });
    expect(parseCommand('catch mode exit')).toEqual({ kind: 'catch', spec: { kind: 'mode', direction: 'exit' } });
    expect(parseCommand('catch method sysenter')).toEqual({ kind: 'catch', spec: { kind: 'method', method: 'sysenter' } });
    expect(parseCommand('catch int 0x80')).toEqual({ kind: 'catch', spec: { kind: 'int', vector: 0x80 } });
    expect(() => parseCommand('catch method teleport')).toThrow(CommandError);
    expect(() => parseCommand('catch int 300')).toThrow(CommandError);
  });
  it('execution commands', () => {
    expect(parseCommand('si')).toEqual({ kind: 'stepi', count: 1 });
    expect(parseCommand('stepi 10')).toEqual({ kind: 'stepi', count: 10 });
    expect(parseCommand('ni')).toEqual({ kind: 'nexti', count: 1 });
    expect(parseCommand('nexti 3')).toEqual({ kind: 'nexti', count: 3 });
    expect(parseCommand('c')).toEqual({ kind: 'continue' });
    expect(parseCommand('cont')).toEqual({ kind: 'continue' });
    expect(parseCommand('continue')).toEqual({ kind: 'continue' });
    expect(parseCommand('fin')).toEqual({ kind: 'finish' });
    expect(parseCommand('restart')).toEqual({ kind: 'restart' });
    expect(parseCommand('profile zen4-kvm')).toEqual({ kind: 'profile', name: 'zen4-kvm' });
    expect(parseCommand('help')).toEqual({ kind: 'help', topic: null });
    expect(() => parseCommand('stepi -1')).toThrow(CommandError);
  });
  it('x/NFU', () => {
    expect(parseCommand('x/8xg $rsp')).toMatchObject({ kind: 'x', count: 8, format: 'x', unit: 'g', text: '$rsp' });
    expect(parseCommand('x/s 0x402000')).toMatchObject({ kind: 'x', count: null, format: 's', unit: null });
    expect(parseCommand('x/4i $rip')).toMatchObject({ kind: 'x', count: 4, format: 'i' });
    expect(parseCommand('x 0x10')).toMatchObject({ kind: 'x', count: null, format: null, unit: null });
    expect(() => parseCommand('x/8q $rsp')).toThrow(/bad format/);
    expect(() => parseCommand('x/8x')).toThrow(/which address/);
  });
  it('empty line and unknown commands', () => {
    expect(parseCommand('   ')).toBeNull();
    expect(() => parseCommand('frobnicate')).toThrow(/unknown command/);
  });
});

describe('expressions', () => {
  const ev = (s: string) => evaluate(parseExpression(s), ctx);
  it('evaluates conditions over registers', () => {
    expect(ev('$rax == 1')).toBe(1n);
    expect(ev('$rax == 1 && $rdi != 0')).toBe(0n);
    expect(ev('$eax == 4 || $rdi')).toBe(1n);
    expect(ev('$minus1 == -1')).toBe(1n);
    expect(ev('($rsp + 8) & 0xf')).toBe(8n);
    expect(ev('1 + 2 * 3')).toBe(7n);
    expect(ev('_start + 0x10')).toBe(0x401010n);
  });
  it('reports unknown registers and symbols', () => {
    expect(() => ev('$bogus == 1')).toThrow(/no register/);
    expect(() => ev('nosuch')).toThrow(/no symbol/);
    expect(() => parseExpression('1 +')).toThrow();
    expect(() => parseExpression('(1')).toThrow(/missing/);
  });
});
