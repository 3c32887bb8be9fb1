// Integer instructions: results and defined flags, expectations worked out by hand from the SDM.
import { describe, it, expect } from 'vitest';
import type { Machine } from '../../src/machine/index.js';
import { gas, hasGnuAs, longModeMachine, protectedModeMachine, K64, K32, load } from './harness.js';

if (!hasGnuAs) console.warn('test/machine: GNU as/ld missing: integer instruction tests skipped');

const CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, DF = 0x400;

/** Run a 64-bit snippet at CPL 0 until its final hlt; return the machine. */
function run64(src: string, regs: Partial<Record<string, bigint>> = {}): Machine {
  const m = longModeMachine();
  load(m, K64.code, gas(64, src + '\nhlt', K64.code).bytes);
  m.setReg('rsp', K64.stack);
  for (const [k, v] of Object.entries(regs)) m.setReg(k as 'rax', v!);
  const r = m.run({ maxInstructions: 10000 });
  if (r.reason !== 'halted') throw new Error(`did not halt: ${r.reason} ${r.message ?? ''} ${JSON.stringify(m.lastException, (_k, v) => typeof v === 'bigint' ? v.toString(16) : v)}`);
  return m;
}
function run32(src: string): Machine {
  const m = protectedModeMachine();
  load(m, K32.code, gas(32, src + '\nhlt', K32.code).bytes);
  m.setReg('rsp', K32.stack);
  const r = m.run({ maxInstructions: 10000 });
  if (r.reason !== 'halted') throw new Error(`did not halt: ${r.reason} ${r.message ?? ''}`);
  return m;
}
const fl = (m: Machine, mask: number): number => Number(m.getReg('rflags')) & mask;
const ARITH = CF | PF | AF | ZF | SF | OF;

describe.skipIf(!hasGnuAs)('add/sub/adc/sbb/inc/dec/neg/cmp flags', () => {
  it('add 0xffffffff + 1 wraps: CF ZF PF AF set', () => {
    const m = run64('mov $0xffffffff,%eax\nadd $1,%eax');
    expect(m.getReg('rax')).toBe(0n);
    expect(fl(m, ARITH)).toBe(CF | ZF | PF | AF);
  });
  it('add 0x7fffffff + 1 overflows: OF SF, no CF', () => {
    const m = run64('mov $0x7fffffff,%eax\nadd $1,%eax');
    expect(m.getReg('rax')).toBe(0x80000000n);
    expect(fl(m, ARITH)).toBe(OF | SF | PF | AF);
  });
  it('8-bit sub 0 - 1 = 0xff with CF SF AF PF', () => {
    const m = run64('mov $0,%al\nsub $1,%al');
    expect(m.getReg('rax') & 0xffn).toBe(0xffn);
    expect(fl(m, ARITH)).toBe(CF | SF | AF | PF);
  });
  it('64-bit add carries out of bit 63', () => {
    const m = run64('mov $-1,%rax\nadd $1,%rax');
    expect(m.getReg('rax')).toBe(0n);
    expect(fl(m, CF | ZF | OF)).toBe(CF | ZF);
  });
  it('64-bit sub 0x8000000000000000 - 1 sets OF', () => {
    const m = run64('movabs $0x8000000000000000,%rax\nsub $1,%rax');
    expect(m.getReg('rax')).toBe(0x7fffffffffffffffn);
    expect(fl(m, CF | OF | SF)).toBe(OF);
  });
  it('64-bit add with a carry between the halves', () => {
    const m = run64('mov $0xffffffff,%eax\nmov $1,%ebx\nadd %rbx,%rax');
    expect(m.getReg('rax')).toBe(0x100000000n);
    expect(fl(m, CF | ZF)).toBe(0);
  });
  it('adc and sbb use CF', () => {
    const m = run64('stc\nmov $5,%eax\nadc $3,%eax\nstc\nmov $5,%ebx\nsbb $3,%ebx');
    expect(m.getReg('rax')).toBe(9n);
    expect(m.getReg('rbx')).toBe(1n);
  });
  it('sbb borrows through 64 bits: 0 - 0 - CF = -1 with CF', () => {
    const m = run64('xor %eax,%eax\nstc\nsbb $0,%rax');
    expect(m.getReg('rax')).toBe(0xffffffffffffffffn);
    expect(fl(m, CF | SF)).toBe(CF | SF);
  });
  it('inc leaves CF alone; inc 0x7f sets OF', () => {
    const m = run64('stc\nmov $0x7f,%cl\ninc %cl');
    expect(m.getReg('rcx') & 0xffn).toBe(0x80n);
    expect(fl(m, CF | OF | SF | ZF)).toBe(CF | OF | SF);
  });
  it('dec to zero sets ZF and keeps CF clear', () => {
    const m = run64('clc\nmov $1,%edx\ndec %edx');
    expect(fl(m, CF | ZF)).toBe(ZF);
  });
  it('neg: CF is set unless the operand is 0', () => {
    const a = run64('mov $5,%eax\nneg %eax');
    expect(a.getReg('rax')).toBe(0xfffffffbn);
    expect(fl(a, CF)).toBe(CF);
    const b = run64('xor %eax,%eax\nneg %eax');
    expect(fl(b, CF | ZF)).toBe(ZF);
  });
  it('cmp sets flags without writing; jl/jb take the signed/unsigned view', () => {
    const m = run64('mov $-1,%eax\ncmp $1,%eax\nsetl %bl\nsetb %cl\nseta %dl');
    expect(m.getReg('rax')).toBe(0xffffffffn);
    expect(m.getReg('rbx') & 0xffn).toBe(1n); // -1 < 1 signed
    expect(m.getReg('rcx') & 0xffn).toBe(0n); // 0xffffffff > 1 unsigned
    expect(m.getReg('rdx') & 0xffn).toBe(1n);
  });
  it('logic ops clear CF and OF', () => {
    const m = run64('stc\nmov $0xf0,%eax\nand $0x0f,%eax');
    expect(fl(m, CF | OF | ZF | PF)).toBe(ZF | PF);
  });
  it('32-bit writes zero the upper half; 8/16-bit writes do not', () => {
    const m = run64('mov $-1,%rax\nmov $1,%eax\nmov $-1,%rbx\nmov $2,%bx\nmov $-1,%rcx\nmov $0x12,%ch');
    expect(m.getReg('rax')).toBe(1n);
    expect(m.getReg('rbx')).toBe(0xffffffffffff0002n);
    expect(m.getReg('rcx')).toBe(0xffffffffffff12ffn);
  });
});

describe.skipIf(!hasGnuAs)('mul/imul/div/idiv', () => {
  it('mul 0x80000000 * 2 -> edx:eax = 1:0 with CF OF', () => {
    const m = run64('mov $0x80000000,%eax\nmov $2,%ecx\nmul %ecx');
    expect(m.getReg('rax')).toBe(0n);
    expect(m.getReg('rdx')).toBe(1n);
    expect(fl(m, CF | OF)).toBe(CF | OF);
  });
  it('imul three operands: 7 * -3 = -21, no overflow', () => {
    const m = run64('mov $7,%ecx\nimul $-3,%ecx,%eax');
    expect(m.getReg('rax')).toBe(0xffffffebn);
    expect(fl(m, CF | OF)).toBe(0);
  });
  it('imul two operands 64-bit overflow sets CF OF', () => {
    const m = run64('movabs $0x4000000000000000,%rax\nmov $4,%ebx\nimul %rbx,%rax');
    expect(m.getReg('rax')).toBe(0n);
    expect(fl(m, CF | OF)).toBe(CF | OF);
  });
  it('one-operand imul 8-bit: -2 * 3 = AX 0xfffa', () => {
    const m = run64('mov $-2,%al\nmov $3,%bl\nimul %bl');
    expect(m.getReg('rax') & 0xffffn).toBe(0xfffan);
  });
  it('div: 0x1_00000000 / 0x10', () => {
    const m = run64('mov $1,%edx\nxor %eax,%eax\nmov $0x10,%ecx\ndiv %ecx');
    expect(m.getReg('rax')).toBe(0x10000000n);
    expect(m.getReg('rdx')).toBe(0n);
  });
  it('idiv truncates toward zero: -7 / 2 = -3 rem -1', () => {
    const m = run64('mov $-7,%eax\ncdq\nmov $2,%ecx\nidiv %ecx');
    expect(m.getReg('rax')).toBe(0xfffffffdn);
    expect(m.getReg('rdx')).toBe(0xffffffffn);
  });
  it('64-bit div of rdx:rax', () => {
    const m = run64('mov $3,%edx\nmov $5,%eax\nmov $0x100000000,%rcx\ndiv %rcx');
    expect(m.getReg('rax')).toBe(0x300000000n);
    expect(m.getReg('rdx')).toBe(5n);
  });
});

describe.skipIf(!hasGnuAs)('shifts and rotates', () => {
  it('shl 0x80000000 by 1: 0, CF=1, OF=1', () => {
    const m = run64('mov $0x80000000,%eax\nshl $1,%eax');
    expect(m.getReg('rax')).toBe(0n);
    expect(fl(m, CF | OF | ZF)).toBe(CF | OF | ZF);
  });
  it('sar -8 by 1 = -4; shr 1 by 1 = 0 with CF', () => {
    const m = run64('mov $-8,%eax\nsar $1,%eax\nmov $1,%ebx\nshr $1,%ebx');
    expect(m.getReg('rax')).toBe(0xfffffffcn);
    expect(m.getReg('rbx')).toBe(0n);
    expect(fl(m, CF | ZF)).toBe(CF | ZF);
  });
  it('shift by %cl, 64-bit', () => {
    const m = run64('mov $1,%eax\nmov $40,%cl\nshl %cl,%rax');
    expect(m.getReg('rax')).toBe(1n << 40n);
  });
  it('count 0 leaves flags alone', () => {
    const m = run64('stc\nmov $0,%cl\nmov $3,%eax\nshl %cl,%eax');
    expect(fl(m, CF)).toBe(CF);
  });
  it('rol/ror set CF from the rotated bit', () => {
    const m = run64('mov $0x80000001,%eax\nrol $1,%eax');
    expect(m.getReg('rax')).toBe(3n);
    expect(fl(m, CF)).toBe(CF);
    const n = run64('mov $1,%eax\nror $1,%eax');
    expect(n.getReg('rax')).toBe(0x80000000n);
    expect(fl(n, CF | OF)).toBe(CF | OF);
  });
  it('rcl/rcr rotate through CF', () => {
    const m = run64('stc\nmov $0x80000000,%eax\nrcl $1,%eax');
    expect(m.getReg('rax')).toBe(1n);
    expect(fl(m, CF)).toBe(CF);
    const n = run64('stc\nmov $0,%al\nrcr $1,%al');
    expect(n.getReg('rax') & 0xffn).toBe(0x80n);
    expect(fl(n, CF)).toBe(0);
  });
  it('shld/shrd', () => {
    const m = run64('mov $0x12345678,%eax\nmov $0x9abcdef0,%ebx\nshld $8,%ebx,%eax\nmov $0x12345678,%ecx\nshrd $8,%ebx,%ecx');
    expect(m.getReg('rax')).toBe(0x3456789an);
    expect(m.getReg('rcx')).toBe(0xf0123456n);
  });
});

describe.skipIf(!hasGnuAs)('bit ops, moves, conversions', () => {
  it('bt/bts/btr/btc', () => {
    const m = run64('xor %eax,%eax\nbts $5,%eax\nmov $0xff,%ebx\nbtr $0,%ebx\nmov $1,%ecx\nbtc $1,%ecx\nbt $1,%ecx');
    expect(m.getReg('rax')).toBe(0x20n);
    expect(m.getReg('rbx')).toBe(0xfen);
    expect(m.getReg('rcx')).toBe(3n);
    expect(fl(m, CF)).toBe(CF);
  });
  it('bt with a register offset into memory addresses past the operand', () => {
    const m = run64('movq $0,-16(%rsp)\nmovq $0,-8(%rsp)\nmov $70,%eax\nbts %rax,-16(%rsp)\nmov -8(%rsp),%rbx');
    expect(m.getReg('rbx')).toBe(0x40n);
  });
  it('bsf/bsr; bsf of 0 sets ZF', () => {
    const m = run64('mov $0x18,%eax\nbsf %eax,%ebx\nbsr %eax,%ecx');
    expect(m.getReg('rbx')).toBe(3n);
    expect(m.getReg('rcx')).toBe(4n);
    const z = run64('xor %eax,%eax\nbsf %eax,%ebx');
    expect(fl(z, ZF)).toBe(ZF);
  });
  it('bswap 32 and 64', () => {
    const m = run64('mov $0x12345678,%eax\nbswap %eax\nmovabs $0x0102030405060708,%rbx\nbswap %rbx');
    expect(m.getReg('rax')).toBe(0x78563412n);
    expect(m.getReg('rbx')).toBe(0x0807060504030201n);
  });
  it('movzx/movsx/movsxd', () => {
    const m = run64('mov $0xff,%al\nmovzbl %al,%ebx\nmovsbl %al,%ecx\nmov $-2,%edx\nmovslq %edx,%rsi\nmovsbq %al,%rdi');
    expect(m.getReg('rbx')).toBe(0xffn);
    expect(m.getReg('rcx')).toBe(0xffffffffn);
    expect(m.getReg('rsi')).toBe(0xfffffffffffffffen);
    expect(m.getReg('rdi')).toBe(0xffffffffffffffffn);
  });
  it('cbw/cwde/cdqe and cwd/cdq/cqo', () => {
    const m = run64('mov $0x80,%eax\ncbw\nmov %eax,%ebx\nmov $0x8000,%eax\ncwde\nmov %eax,%ecx\nmov $-5,%eax\ncdqe\nmov %rax,%rsi\ncqo');
    expect(m.getReg('rbx') & 0xffffn).toBe(0xff80n);
    expect(m.getReg('rcx')).toBe(0xffff8000n);
    expect(m.getReg('rsi')).toBe(0xfffffffffffffffbn);
    expect(m.getReg('rdx')).toBe(0xffffffffffffffffn);
  });
  it('cmov taken and not taken (32-bit cmov zero-extends either way)', () => {
    const m = run64('mov $-1,%rbx\nmov $7,%ecx\nxor %eax,%eax\ncmovz %ecx,%ebx\nmov $-1,%rdx\ncmovnz %ecx,%edx');
    expect(m.getReg('rbx')).toBe(7n);
    expect(m.getReg('rdx')).toBe(0xffffffffn);
  });
  it('xchg, cmpxchg (equal and not), xadd', () => {
    const m = run64('mov $1,%eax\nmov $2,%ebx\nxchg %eax,%ebx\nmov %eax,%r8d\n' +
      'movl $5,-8(%rsp)\nmov $5,%eax\nmov $9,%ecx\ncmpxchg %ecx,-8(%rsp)\nmov -8(%rsp),%r9d\n' +
      'mov $1,%eax\ncmpxchg %ecx,-8(%rsp)\nmov %eax,%r10d\n' +
      'mov $3,%edx\nmov $4,%esi\nxadd %edx,%esi');
    expect(m.getReg('r8')).toBe(2n);
    expect(m.getReg('r9')).toBe(9n);
    expect(m.getReg('r10')).toBe(9n);
    expect(m.getReg('rdx')).toBe(4n);
    expect(m.getReg('rsi')).toBe(7n);
  });
  it('lea with base, index, scale, displacement (no flags)', () => {
    const m = run64('mov $0x100,%rbx\nmov $3,%rcx\nlea -4(%rbx,%rcx,8),%rax\nlea 0x10(%rip),%rdx');
    expect(m.getReg('rax')).toBe(0x114n);
    expect(m.getReg('rdx') > K64.code).toBe(true);
  });
  it('movabs moffs load and store', () => {
    const m = run64(`mov $0x1122334455667788,%rax\nmovabs %rax,0x${(K64.stack - 64n).toString(16)}\nxor %eax,%eax\nmovabs 0x${(K64.stack - 64n).toString(16)},%rax`);
    expect(m.getReg('rax')).toBe(0x1122334455667788n);
  });
});

describe.skipIf(!hasGnuAs)('stack and control flow', () => {
  it('push/pop, call/ret, ret imm16', () => {
    const m = run64('push $-2\npop %rax\ncall 1f\njmp 2f\n1: mov $7,%ebx\nret\n2: push $0\ncall 3f\njmp 4f\n3: ret $8\n4: nop');
    expect(m.getReg('rax')).toBe(0xfffffffffffffffen);
    expect(m.getReg('rbx')).toBe(7n);
    expect(m.getReg('rsp')).toBe(K64.stack);
  });
  it('enter/leave build and drop a frame', () => {
    const m = run64('mov $0x55,%rbp\nenter $32,$0\nmov %rsp,%rax\nmov %rbp,%rbx\nleave');
    expect(m.getReg('rbx')).toBe(K64.stack - 8n);
    expect(m.getReg('rax')).toBe(K64.stack - 40n);
    expect(m.getReg('rbp')).toBe(0x55n);
    expect(m.getReg('rsp')).toBe(K64.stack);
  });
  it('loop counts rcx down; jrcxz', () => {
    const m = run64('mov $5,%ecx\nxor %eax,%eax\n1: add $2,%eax\nloop 1b\njrcxz 2f\nmov $99,%eax\n2: nop');
    expect(m.getReg('rax')).toBe(10n);
  });
  it('addr32 loop and jecxz in 64-bit code count with ECX only', () => {
    const m = run64('movabs $0x100000002,%rcx\n1: addr32 loop 1b\nmov %rcx,%rbx\nmovabs $0x100000000,%rcx\njecxz 2f\nmov $9,%edx\n2: nop');
    expect(m.getReg('rbx')).toBe(0n); // ecx counted 2 -> 0 and the upper half was cleared
    expect(m.getReg('rdx')).toBe(0n); // ecx == 0 although rcx != 0
  });
  it('indirect jmp and call through a register and memory', () => {
    const m = run64('lea 1f(%rip),%rax\njmp *%rax\nmov $1,%ebx\n1: lea 2f(%rip),%rcx\npush %rcx\ncall *(%rsp)\npop %rcx\njmp 3f\n2: mov $5,%edx\nret\n3: nop');
    expect(m.getReg('rbx')).toBe(0n);
    expect(m.getReg('rdx')).toBe(5n);
  });
  it('lahf/sahf, pushf/popf, clc/stc/cmc, cld/std', () => {
    const m = run64('xor %eax,%eax\nlahf\nmov %ah,%bl\nstc\ncmc\nstd\npushfq\npop %rcx\ncld\nmov $0xc1,%ah\nsahf\npushfq\npop %rdx');
    expect(m.getReg('rbx') & 0xffn).toBe(BigInt(ZF | PF | 2));
    expect(Number(m.getReg('rcx')) & (CF | DF)).toBe(DF);
    expect(Number(m.getReg('rdx')) & (CF | ZF | SF)).toBe(CF | ZF | SF);
  });
});

describe.skipIf(!hasGnuAs)('string instructions', () => {
  it('rep movsb copies, rep stosl fills, repne scasb finds', () => {
    const buf = K64.stack - 0x100n;
    const m = run64(`mov $0x${buf.toString(16)},%rdi\nmov $0x41424344,%eax\nmov $4,%ecx\nrep stosl\n` +
      `mov $0x${buf.toString(16)},%rsi\nmov $0x${(buf + 0x40n).toString(16)},%rdi\nmov $5,%ecx\nrep movsb\n` +
      `mov $0x${buf.toString(16)},%rdi\nmov $0x41,%al\nmov $16,%ecx\nrepne scasb\n`);
    expect(m.readU32(buf + 12n)).toBe(0x41424344);
    expect(m.read(buf + 0x40n, 6)).toEqual(new Uint8Array([0x44, 0x43, 0x42, 0x41, 0x44, 0]));
    expect(m.getReg('rdi')).toBe(buf + 4n); // 'A' is the 4th byte
    expect(m.getReg('rcx')).toBe(12n);
  });
  it('repe cmpsb stops at the first difference; std walks down', () => {
    const m = run64('lea -0x200(%rsp),%rbx\nmovl $0x64636261,(%rbx)\nmovl $0x65636261,8(%rbx)\n' +
      'mov %rbx,%rsi\nlea 8(%rbx),%rdi\nmov $4,%ecx\nrepe cmpsb\nsetb %dl\n' +
      'std\nlea 3(%rbx),%rsi\nlodsb\ncld');
    const buf = K64.stack - 0x200n;
    expect(m.getReg('rcx')).toBe(0n);
    expect(m.getReg('rdx') & 0xffn).toBe(1n); // 'd' < 'e'
    expect(m.getReg('rsi')).toBe(buf + 2n);
    expect(m.getReg('rax') & 0xffn).toBe(0x64n);
  });
});

describe.skipIf(!hasGnuAs)('32-bit protected mode', () => {
  it('computes in 32-bit code and uses %gs with a descriptor base for TLS', () => {
    const m = run32('mov $0x8b,%ax\nmov %ax,%gs\nmovl $0x1234,%gs:0x10\nmov 0x600110,%ebx\npush $0x55\npop %ecx\nmov %gs,%edx');
    expect(m.getReg('rbx')).toBe(0x1234n);
    expect(m.getReg('rcx')).toBe(0x55n);
    expect(m.getReg('rdx')).toBe(0x8bn);
    expect(m.getSeg('gs').base).toBe(0x600100n);
  });
  it('push/pop of segment registers', () => {
    const m = run32('push %ds\npop %es\nmov %es,%eax');
    expect(m.getReg('rax')).toBe(0x7bn);
  });
});

describe.skipIf(!hasGnuAs)('rdtsc, cpuid', () => {
  it('rdtsc returns the modelled cycle counter', () => {
    const m = run64('rdtsc\nshl $32,%rdx\nor %rdx,%rax');
    const t = m.getReg('rax');
    expect(t > 0n).toBe(true);
    expect(t <= BigInt(m.cycles)).toBe(true);
  });
  it('cpuid vendor follows the profile', () => {
    const vendor = (m: Machine): string => {
      const b = Buffer.alloc(12);
      b.writeUInt32LE(Number(m.getReg('rbx')), 0); b.writeUInt32LE(Number(m.getReg('rdx')), 4); b.writeUInt32LE(Number(m.getReg('rcx')), 8);
      return b.toString('latin1');
    };
    expect(vendor(run64('xor %eax,%eax\ncpuid'))).toBe('AuthenticAMD');
    expect(vendor(run32('xor %eax,%eax\ncpuid'))).toBe('GenuineIntel');
  });
});
