// The user-mode ISA beyond the core integer set (isa/bitManipulation, byteOrderAndCas, userSystem,
// softwareExceptions, bcd): results and flags worked out from the SDM/APM by hand (flags the SDM
// leaves undefined as the AMD host computes them, see test/oracle/userIsa.test.ts for the native
// comparison), the #UD of a feature the profile lacks, and the faults.
import { describe, expect, it } from 'vitest';
import type { Machine, CostProfile, Feature } from '../../src/machine/index.js';
import { getProfile } from '../../src/machine/profiles/index.js';
import { enterUser, gas, gate32, gate64, hasGnuAs, K32, K64, load, longModeMachine, protectedModeMachine, U } from './harness.js';

const CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
const ARITH = CF | PF | AF | ZF | SF | OF;
const CR4_UMIP = 1n << 11n, CR4_FSGSBASE = 1n << 16n;

/** A profile's copy without some features (CPUID and the decoder both follow it). */
function without(name: string, ...drop: Feature[]): CostProfile {
  const p = getProfile(name);
  return { ...p, features: p.features.filter((f) => !drop.includes(f)) };
}

function applyProfile(m: Machine, p: CostProfile | undefined): void {
  if (!p) return;
  m.profile = p;
  m.invalidateDecodeCache();
}

/** Run a 64-bit snippet at CPL 0 up to its final hlt. */
function run64(src: string, opts: { regs?: Record<string, bigint>; profile?: CostProfile; flags?: number; cr4?: bigint } = {}): Machine {
  const m = longModeMachine();
  applyProfile(m, opts.profile);
  if (opts.cr4 !== undefined) m.setCr(4, opts.cr4);
  load(m, K64.code, gas(64, src + '\nhlt', K64.code).bytes);
  m.setReg('rsp', K64.stack);
  for (const [k, v] of Object.entries(opts.regs ?? {})) m.setReg(k as 'rax', v);
  if (opts.flags !== undefined) m.setReg('rflags', BigInt(opts.flags | 2));
  m.run({ maxInstructions: 10000 });
  return m;
}

function run32(src: string, opts: { flags?: number; regs?: Record<string, bigint> } = {}): Machine {
  const m = protectedModeMachine();
  load(m, K32.code, gas(32, src + '\nhlt', K32.code).bytes);
  m.setReg('rsp', K32.stack);
  for (const [k, v] of Object.entries(opts.regs ?? {})) m.setReg(k as 'rax', v);
  if (opts.flags !== undefined) m.setReg('rflags', BigInt(opts.flags | 2));
  m.run({ maxInstructions: 10000 });
  return m;
}

/** The exception that stopped a snippet, as "#UD" etc, or 'halted'. */
function outcome(m: Machine): string {
  if (m.halted) return 'halted';
  return m.lastException ? m.lastException.name : 'running';
}

const fl = (m: Machine, mask = ARITH): number => Number(m.getReg('rflags')) & mask;
const reg = (m: Machine, r: string): bigint => m.getReg(r as 'rax');

describe.skipIf(!hasGnuAs)('POPCNT, LZCNT, TZCNT', () => {
  it('count bits of 16-, 32- and 64-bit sources (registers and memory)', () => {
    const m = run64(`movabs $0x8000000100000001, %rax
popcnt %rax, %rbx
lzcnt %eax, %ecx
tzcnt %rax, %rdx
movw $0x0100, 0x600000
lzcntw 0x600000, %si
tzcntw 0x600000, %di
movabs $0x0000000100000000, %r8
tzcnt %r8, %r9
lzcnt %r8, %r10`, { regs: { rcx: -1n } });
    expect(outcome(m)).toBe('halted');
    expect(reg(m, 'rbx')).toBe(3n);
    expect(reg(m, 'rcx')).toBe(31n); // 32-bit write zero-extends
    expect(reg(m, 'rdx')).toBe(0n);
    expect(reg(m, 'rsi') & 0xffffn).toBe(7n);
    expect(reg(m, 'rdi') & 0xffffn).toBe(8n);
    expect(reg(m, 'r9')).toBe(32n);
    expect(reg(m, 'r10')).toBe(31n);
  });
  it('a zero source gives the operand width with CF; a zero result sets ZF; OF is kept and SF AF PF cleared (AMD)', () => {
    let m = run64('mov $0, %eax\nlzcnt %rax, %rbx', { flags: ARITH });
    expect(reg(m, 'rbx')).toBe(64n);
    expect(fl(m)).toBe(CF | OF);
    m = run64('mov $1, %eax\ntzcnt %eax, %ebx', { flags: SF | PF | AF });
    expect(reg(m, 'rbx')).toBe(0n);
    expect(fl(m)).toBe(ZF);
    m = run64('mov $0, %eax\npopcnt %rax, %rbx', { flags: ARITH });
    expect(fl(m)).toBe(ZF);
    m = run64('mov $-1, %rax\npopcnt %rax, %rbx', { flags: ARITH });
    expect(reg(m, 'rbx')).toBe(64n);
    expect(fl(m)).toBe(0);
  });
  it('without abm/bmi1 the F3 prefix is ignored: lzcnt runs as bsr and tzcnt as bsf, as on hardware', () => {
    const p = without('zen4-kvm', 'abm', 'bmi1');
    const m = run64('mov $0x50, %eax\nlzcnt %eax, %ebx\ntzcnt %eax, %ecx\nxor %edx, %edx\nmov $7, %esi\nlzcnt %edx, %esi', { profile: p });
    expect(outcome(m)).toBe('halted');
    expect(reg(m, 'rbx')).toBe(6n); // bsr: index of the highest set bit
    expect(reg(m, 'rcx')).toBe(4n); // bsf: index of the lowest
    expect(reg(m, 'rsi')).toBe(7n); // bsr of zero leaves the destination, sets ZF
    expect(fl(m, ZF)).toBe(ZF);
  });
  it('without popcnt, popcnt is #UD', () => {
    expect(outcome(run64('popcnt %eax, %ebx', { profile: without('textbook', 'popcnt') }))).toBe('#UD');
  });
});

describe.skipIf(!hasGnuAs)('BMI1', () => {
  it('andn, bextr, blsi, blsmsk, blsr compute as the SDM defines them', () => {
    const m = run64(`movabs $0xf0f0f0f0f0f0f0f0, %rax
mov $0xff00ff00, %ebx
andn %rax, %rbx, %rcx
mov $0x0804, %edx
bextr %rdx, %rax, %rsi
mov $0x0860, %edx
movabs $0x1234567812345678, %r8
bextr %rdx, %r8, %rdi
movabs $0x0000005000000000, %r9
blsi %r9, %r10
blsmsk %r9, %r11
blsr %r9, %r12
mov $0x20, %r13d
blsrl %r13d, %r14d`);
    expect(outcome(m)).toBe('halted');
    expect(reg(m, 'rcx')).toBe(0xf0f0f0f000f000f0n); // AT&T andn %rax, %rbx, %rcx: ~rbx & rax
    expect(reg(m, 'rsi')).toBe(0x0fn); // 8 bits from bit 4
    expect(reg(m, 'rdi')).toBe(0n); // a start (96) beyond the width reads zeros
    expect(reg(m, 'r10')).toBe(0x0000001000000000n);
    expect(reg(m, 'r11')).toBe(0x0000001fffffffffn);
    expect(reg(m, 'r12')).toBe(0x0000004000000000n);
    expect(reg(m, 'r14')).toBe(0n);
  });
  it('flags as the AMD host computes them: BEXTR sets AF and clears SF; BLS* set CF by the source', () => {
    let m = run64('mov $0, %eax\nmov $0x0804, %edx\nbextr %edx, %eax, %ebx', { flags: ARITH });
    expect(fl(m)).toBe(ZF | PF | AF);
    m = run64('xor %eax, %eax\nblsmsk %rax, %rbx', { flags: 0 });
    expect(reg(m, 'rbx')).toBe(0xffffffffffffffffn);
    expect(fl(m)).toBe(CF | SF | PF);
    m = run64('mov $1, %eax\nblsi %eax, %ebx', { flags: ARITH });
    expect(fl(m)).toBe(CF);
    m = run64('xor %eax, %eax\nblsr %eax, %ebx', { flags: 0 });
    expect(fl(m)).toBe(CF | ZF | PF);
    m = run64('mov $-1, %rax\nandn %rax, %rax, %rbx', { flags: ARITH });
    expect(fl(m)).toBe(ZF | PF);
  });
  it('without bmi1 the VEX-encoded instructions are #UD', () => {
    expect(outcome(run64('andn %eax, %ebx, %ecx', { profile: without('zen4-kvm', 'bmi1') }))).toBe('#UD');
    expect(outcome(run64('blsr %eax, %ecx', { profile: without('textbook', 'bmi1') }))).toBe('#UD');
  });
});

describe.skipIf(!hasGnuAs)('MOVBE, CMPXCHG8B, CMPXCHG16B', () => {
  it('movbe loads and stores with the bytes reversed (16, 32, 64 bits)', () => {
    const m = run64(`movabs $0x0102030405060708, %rax
movbe %rax, 0x600000
movbe 0x600000, %ebx
movbew 0x600006, %cx
movbe 0x600000, %rdx`, { regs: { rcx: 0xffffffffffff0000n } });
    expect(outcome(m)).toBe('halted');
    expect(m.read(0x600000n, 8)).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(reg(m, 'rbx')).toBe(0x01020304n);
    expect(reg(m, 'rcx')).toBe(0xffffffffffff0708n);
    expect(reg(m, 'rdx')).toBe(0x0102030405060708n);
  });
  it('cmpxchg8b: equal stores ECX:EBX and sets ZF; different loads EDX:EAX (zero-extended) and clears ZF', () => {
    const m = run64(`movq $0x11, 0x600000
movl $0, 0x600004
mov $0x11, %eax
xor %edx, %edx
mov $0x33, %ebx
mov $0x44, %ecx
cmpxchg8b 0x600000
setz %sil
movabs $0xffffffff00000000, %rax
cmpxchg8b 0x600000
setz %dil`);
    expect(outcome(m)).toBe('halted');
    expect(reg(m, 'rsi') & 0xffn).toBe(1n);
    expect(reg(m, 'rdi') & 0xffn).toBe(0n);
    expect(reg(m, 'rax')).toBe(0x33n);
    expect(reg(m, 'rdx')).toBe(0x44n);
  });
  it('cmpxchg16b compares RDX:RAX; a misaligned operand is #GP(0)', () => {
    let m = run64(`movq $1, 0x600010
movq $2, 0x600018
mov $1, %eax
mov $2, %edx
mov $3, %ebx
mov $4, %ecx
cmpxchg16b 0x600010
setz %sil`);
    expect(outcome(m)).toBe('halted');
    expect(reg(m, 'rsi') & 0xffn).toBe(1n);
    expect(m.read(0x600010n, 16)).toEqual(new Uint8Array([3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0]));
    m = run64('cmpxchg16b 0x600008');
    expect(outcome(m)).toBe('#GP');
    expect(m.lastException?.errorCode).toBe(0);
  });
  it('cmpxchg8b writes even on a mismatch: a read-only page faults (#PF with W)', () => {
    const m = longModeMachine();
    m.write(U.code, gas(64, 'mov $0x401800, %esi\ncmpxchg8b (%rsi)\nnop', U.code).bytes);
    enterUser(m, 0x33, 0x2b, U.code, U.stack);
    m.setReg('rax', 0x1234n);
    m.run({ maxInstructions: 5 });
    expect(m.lastException?.name).toBe('#PF');
    expect((m.lastException?.errorCode ?? 0) & 7).toBe(7); // present, write, user
  });
});

describe.skipIf(!hasGnuAs)('RDRAND, RDSEED, RDPID', () => {
  const values = (m: Machine) => ['rax', 'rbx', 'rcx', 'rdx'].map((r) => reg(m, r));
  const src = 'rdrand %rax\nrdrand %ebx\nrdseed %rcx\nrdrand %dx\nsetc %sil';
  it('random values with CF=1, the same for the same seed and different for another', () => {
    const a = run64(src, { flags: ARITH });
    expect(outcome(a)).toBe('halted');
    expect(reg(a, 'rsi') & 0xffn).toBe(1n);
    expect(fl(a) & ~CF).toBe(0);
    expect(reg(a, 'rbx') >> 32n).toBe(0n);
    const b = run64(src);
    expect(values(b)).toEqual(values(a));
    const c = longModeMachine();
    c.rng.reseed(12345);
    load(c, K64.code, gas(64, src + '\nhlt', K64.code).bytes);
    c.setReg('rsp', K64.stack);
    c.run({ maxInstructions: 100 });
    expect(values(c)).not.toEqual(values(a));
    // Distinct values in a row (not a constant).
    expect(new Set(values(a)).size).toBe(4);
  });
  it('rdpid reads IA32_TSC_AUX; rdrand without the feature is #UD', () => {
    const m = longModeMachine();
    m.writeMsr(0xc0000103, 5n);
    load(m, K64.code, gas(64, 'mov $-1, %rax\nrdpid %rax\nhlt', K64.code).bytes);
    m.setReg('rsp', K64.stack);
    m.run({ maxInstructions: 10 });
    expect(reg(m, 'rax')).toBe(5n);
    expect(outcome(run64('rdrand %eax', { profile: without('textbook', 'rdrand') }))).toBe('#UD');
    expect(outcome(run64('rdseed %eax', { profile: without('textbook', 'rdseed') }))).toBe('#UD');
  });
});

describe.skipIf(!hasGnuAs)('RDFSBASE/WRFSBASE/RDGSBASE/WRGSBASE', () => {
  it('need CR4.FSGSBASE (#UD without it)', () => {
    expect(outcome(run64('rdfsbase %rax'))).toBe('#UD');
    expect(outcome(run64('wrgsbase %rax'))).toBe('#UD');
  });
  it('read and write the bases; a non-canonical base is #GP(0); 32-bit forms zero-extend', () => {
    const m = run64(`movabs $0x00007fff12345678, %rax
wrfsbase %rax
rdfsbase %rbx
mov $-1, %ecx
wrgsbase %ecx
rdgsbase %rdx
rdfsbase %esi`, { cr4: CR4_FSGSBASE });
    expect(outcome(m)).toBe('halted');
    expect(reg(m, 'rbx')).toBe(0x00007fff12345678n);
    expect(m.getSeg('fs').base).toBe(0x00007fff12345678n);
    expect(reg(m, 'rdx')).toBe(0xffffffffn);
    expect(reg(m, 'rsi')).toBe(0x12345678n);
    const n = run64('movabs $0x0000800000000000, %rax\nwrfsbase %rax', { cr4: CR4_FSGSBASE });
    expect(outcome(n)).toBe('#GP');
    expect(n.lastException?.errorCode).toBe(0);
  });
});

describe.skipIf(!hasGnuAs)('CLFLUSH, SMSW/SLDT under UMIP, port I/O, ARPL', () => {
  it('clflush of an unmapped line faults like a byte read', () => {
    const m = run64('mov $0x30000000, %eax\nclflush 5(%rax)');
    expect(outcome(m)).toBe('#PF');
    expect(m.lastException?.cr2).toBe(0x30000005n);
    expect((m.lastException?.errorCode ?? 0) & 2).toBe(0);
    expect(outcome(run64('clflush 0x600000\nclflushopt 0x600040'))).toBe('halted');
  });
  const user64 = (src: string, cr4 = 0n, profile?: CostProfile): Machine => {
    const m = longModeMachine();
    applyProfile(m, profile);
    if (cr4) m.setCr(4, cr4);
    const code = gas(64, src + '\nnop', U.code).bytes;
    m.write(U.code, code);
    enterUser(m, 0x33, 0x2b, U.code, U.stack);
    m.run({ maxInstructions: 50, breakpoints: new Set([U.code + BigInt(code.length) - 1n]) });
    return m;
  };
  it('smsw/sldt at CPL 3: #GP(0) with CR4.UMIP; without UMIP they store CR0 and LDTR', () => {
    for (const insn of ['smsw %ax', 'sldt %ax', 'smsw 0x600000']) {
      const m = user64(insn, CR4_UMIP);
      expect(m.lastException?.name, insn).toBe('#GP');
      expect(m.lastException?.errorCode).toBe(0);
    }
    const m = user64('smsw %rax\nsldt %ebx', 0n);
    expect(m.lastException).toBeNull();
    expect(reg(m, 'rax')).toBe(BigInt(Number(m.getCr(0)) >>> 0));
    expect(reg(m, 'rbx')).toBe(0n);
    // A CPU without UMIP ignores the bit (the profile decides, as CPUID says).
    expect(user64('smsw %ax', CR4_UMIP, without('zen4-kvm', 'umip')).lastException).toBeNull();
  });
  it('in/out/ins/outs at CPL 3 with IOPL 0 are #GP(0) (SIGSEGV), not "not emulated"', () => {
    for (const insn of ['inb $0x80, %al', 'outb %al, $0x80', 'inl %dx, %eax', 'outw %ax, %dx', 'insb', 'outsl']) {
      const m = user64(insn);
      expect(m.lastException?.name, insn).toBe('#GP');
      expect(m.lastException?.errorCode, insn).toBe(0);
      expect(m.lastException?.notEmulated, insn).toBe(false);
    }
    const k = run64('mov $0x12345678, %eax\ninb $0x80, %al\noutl %eax, %dx');
    expect(outcome(k)).toBe('halted');
    expect(reg(k, 'rax')).toBe(0x123456ffn); // no device: reads all ones
  });
  it('arpl raises the RPL of the destination to the source RPL (ZF) or leaves it (no ZF)', () => {
    const m = run32('mov $0x10, %ax\nmov $0x3, %bx\narpl %bx, %ax\nsetz %cl\nmov $0x13, %dx\narpl %bx, %dx\nsetz %ch');
    expect(outcome(m)).toBe('halted');
    expect(reg(m, 'rax') & 0xffffn).toBe(0x13n);
    expect(reg(m, 'rcx') & 0xffffn).toBe(0x0001n);
  });
});

describe.skipIf(!hasGnuAs)('INT1, INTO, BOUND', () => {
  it('int1 is a #DB trap: the handler sees the next instruction, with no gate DPL check', () => {
    const m = longModeMachine();
    gate64(m, 1, K64.code + 0x100n, 0);
    m.write(K64.code + 0x100n, gas(64, 'hlt', K64.code + 0x100n).bytes);
    m.write(U.code, gas(64, 'int1\nnop', U.code).bytes);
    enterUser(m, 0x33, 0x2b, U.code, U.stack);
    m.run({ maxInstructions: 5 });
    expect(m.lastException?.name).toBe('#DB');
    expect(m.lastException?.rip).toBe(U.code + 1n);
    expect(m.readU64(K64.stack - 40n)).toBe(U.code + 1n); // the saved RIP
    expect(m.cpl).toBe(0);
  });
  it('into traps (#OF, vector 4) only with OF set; bound raises #BR outside [lower, upper]; both #UD in 64-bit mode', () => {
    const m = protectedModeMachine();
    gate32(m, 4, K32.code + 0x100n, 3);
    gate32(m, 5, K32.code + 0x200n, 0);
    m.write(K32.code + 0x100n, gas(32, 'hlt', K32.code + 0x100n).bytes);
    const code = gas(32, 'xor %eax, %eax\ninto\nmov $0x7fffffff, %eax\nadd $1, %eax\ninto\nnop', K32.code).bytes;
    load(m, K32.code, code);
    m.setReg('rsp', K32.stack);
    m.run({ maxInstructions: 20 });
    expect(m.lastException?.name).toBe('#OF');
    expect(m.readU32(K32.stack - 12n)).toBe(Number(K32.code) + code.length - 1); // after the second into
    const b = run32('movl $-5, 0x600000\nmovl $5, 0x600004\nmov $5, %eax\nbound %eax, 0x600000\nmov $-5, %eax\nbound %eax, 0x600000\nmov $6, %eax\nbound %eax, 0x600000');
    expect(outcome(b)).toBe('#BR');
    expect(reg(b, 'rax')).toBe(6n);
    expect(outcome(run64('.byte 0xce'))).toBe('#UD');
  });
});

describe.skipIf(!hasGnuAs)('BCD adjustments (32-bit; directed cases from the SDM pseudocode and examples; test/oracle/userIsa.test.ts compares 20,000 random ones natively)', () => {
  const DEF = CF | AF | SF | ZF | PF; // OF is undefined for all of them
  it('daa after adding packed BCD 79 + 35 gives 14 carry 1 (SDM example); das after 35 - 47 gives 88 with borrow', () => {
    let m = run32('mov $0x79, %al\nadd $0x35, %al\ndaa');
    expect(reg(m, 'rax') & 0xffn).toBe(0x14n);
    expect(fl(m, DEF)).toBe(CF | AF | PF);
    m = run32('mov $0x35, %al\nsub $0x47, %al\ndas');
    expect(reg(m, 'rax') & 0xffn).toBe(0x88n);
    expect(fl(m, DEF)).toBe(CF | AF | SF | PF);
    m = run32('mov $0x99, %al\nadd $0x01, %al\ndaa');
    expect(reg(m, 'rax') & 0xffn).toBe(0x00n);
    expect(fl(m, DEF)).toBe(CF | AF | ZF | PF);
    m = run32('mov $0x12, %al\nsub $0x02, %al\ndas');
    expect(reg(m, 'rax') & 0xffn).toBe(0x10n);
    expect(fl(m, CF | AF)).toBe(0);
  });
  it('aaa/aas adjust unpacked BCD through AH (AX + 0x106, AX - 6 and AH - 1)', () => {
    let m = run32('mov $0x0008, %ax\nadd $0x06, %al\naaa');
    expect(reg(m, 'rax') & 0xffffn).toBe(0x0104n);
    expect(fl(m, CF | AF)).toBe(CF | AF);
    m = run32('mov $0x00fc, %ax\naaa', { flags: 0 });
    // AL 0xfc: low nibble 0xc > 9: AX + 0x106 = 0x0202 (the carry out of AL reaches AH), AL & 0x0f = 2
    expect(reg(m, 'rax') & 0xffffn).toBe(0x0202n);
    m = run32('mov $0x0203, %ax\nsub $0x05, %al\naas');
    expect(reg(m, 'rax') & 0xffffn).toBe(0x0108n);
    expect(fl(m, CF | AF)).toBe(CF | AF);
    m = run32('mov $0x0005, %ax\naas', { flags: 0 });
    expect(reg(m, 'rax') & 0xffffn).toBe(0x0005n);
    expect(fl(m, CF | AF)).toBe(0);
  });
  it('aam/aad split and join digits in any base; aam 0 is #DE; all six are #UD in 64-bit mode', () => {
    let m = run32('mov $77, %al\naam');
    expect(reg(m, 'rax') & 0xffffn).toBe(0x0707n);
    expect(fl(m, SF | ZF | PF)).toBe(0);
    m = run32('mov $0xff, %al\naam $16');
    expect(reg(m, 'rax') & 0xffffn).toBe(0x0f0fn);
    m = run32('mov $0x0907, %ax\naad');
    expect(reg(m, 'rax') & 0xffffn).toBe(97n);
    m = run32('mov $0x0f0f, %ax\naad $16');
    expect(reg(m, 'rax') & 0xffffn).toBe(0xffn);
    expect(fl(m, SF | ZF | PF)).toBe(SF | PF);
    expect(outcome(run32('mov $5, %al\naam $0'))).toBe('#DE');
    for (const byte of [0x37, 0x3f, 0x27, 0x2f]) expect(outcome(run64(`.byte ${byte}`)), `0x${byte.toString(16)}`).toBe('#UD');
    expect(outcome(run64('.byte 0xd4, 10'))).toBe('#UD');
    expect(outcome(run64('.byte 0xd5, 10'))).toBe('#UD');
  });
});

describe.skipIf(!hasGnuAs)('LAR, LSL, VERR, VERW against the GDT (Linux x86_64 layout of the harness)', () => {
  /** Run at CPL 3 (or 0), each query's result register and ZF (setz into a byte register). */
  const query = (lines: string, cpl: 0 | 3): Machine => {
    const m = longModeMachine();
    const src = `${lines}\nnop`;
    const at = cpl === 3 ? U.code : K64.code;
    const code = gas(64, src, at).bytes;
    m.write(at, code);
    if (cpl === 3) enterUser(m, 0x33, 0x2b, U.code, U.stack);
    else { m.setReg('rip', K64.code); m.setReg('rsp', K64.stack); }
    m.run({ maxInstructions: 100, breakpoints: new Set([at + BigInt(code.length) - 1n]) });
    expect(m.lastException).toBeNull();
    return m;
  };
  it('lar gives the access rights of visible code/data descriptors and ZF=0 for DPL 0, null and out-of-limit selectors', () => {
    const m = query(`mov $0x33, %ecx\nmov $-1, %rax\nlar %ecx, %eax\nsetz %r8b
mov $0x10, %ecx\nmov $7, %ebx\nlar %cx, %bx\nsetz %r9b
xor %ecx, %ecx\nlar %ecx, %edx\nsetz %r10b
mov $0x1003, %ecx\nlar %ecx, %edx\nsetz %r11b
mov $0x2b, %ecx\nlarw %cx, %si\nsetz %r12b`, 3);
    // 0x33: type 0xb, S, DPL 3, P, L, G: bits 23:8 of the high word, limit bits 19:16 cleared.
    expect(reg(m, 'rax')).toBe(0x00a0fb00n);
    expect(reg(m, 'r8') & 0xffn).toBe(1n);
    expect(reg(m, 'rbx')).toBe(7n); // unchanged when ZF=0
    expect(reg(m, 'r9') & 0xffn).toBe(0n);
    expect(reg(m, 'r10') & 0xffn).toBe(0n);
    expect(reg(m, 'r11') & 0xffn).toBe(0n);
    expect(reg(m, 'rsi') & 0xffffn).toBe(0xf300n);
    expect(reg(m, 'r12') & 0xffn).toBe(1n);
  });
  it('lsl gives the byte-granular limit; a busy 64-bit TSS is visible at CPL 0 only', () => {
    const m3 = query('mov $0x2b, %ecx\nlsl %ecx, %eax\nsetz %r8b\nmov $0x40, %ecx\nmov $5, %ebx\nlsl %ecx, %ebx\nsetz %r9b\nlar %ecx, %edx\nsetz %r10b', 3);
    expect(reg(m3, 'rax')).toBe(0xffffffffn);
    expect(reg(m3, 'r8') & 0xffn).toBe(1n);
    expect(reg(m3, 'rbx')).toBe(5n);
    expect(reg(m3, 'r9') & 0xffn).toBe(0n);
    const m0 = query('mov $0x40, %ecx\nlsl %ecx, %ebx\nsetz %r9b\nlar %ecx, %edx\nsetz %r10b', 0);
    expect(reg(m0, 'rbx')).toBe(0x67n);
    expect(reg(m0, 'r9') & 0xffn).toBe(1n);
    expect(reg(m0, 'rdx')).toBe(0x00008b00n); // busy 64-bit TSS, DPL 0, byte granular
  });
  it('verr/verw: code is readable not writable, data both, DPL 0 segments neither at CPL 3', () => {
    const m = query(`mov $0x33, %eax\nverr %ax\nsetz %r8b\nverw %ax\nsetz %r9b
mov $0x2b, %eax\nverr %ax\nsetz %r10b\nverw %ax\nsetz %r11b
mov $0x18, %eax\nverr %ax\nsetz %r12b\nmovw $0x2b, 0x600000\nverw 0x600000\nsetz %r13b`, 3);
    expect([8, 9, 10, 11, 12, 13].map((r) => reg(m, `r${r}`) & 0xffn)).toEqual([1n, 0n, 1n, 1n, 0n, 1n]);
  });
});

describe.skipIf(!hasGnuAs)('XGETBV, XSETBV', () => {
  const CR4_OSXSAVE = 1n << 18n;
  it('xgetbv reads XCR0 (x87 after reset, x87|SSE after xsetbv); #UD without CR4.OSXSAVE; other XCRs #GP', () => {
    const m = run64('xor %ecx, %ecx\nxgetbv\nmov %eax, %esi\nmov $3, %eax\nxor %edx, %edx\nxsetbv\nxgetbv', { cr4: CR4_OSXSAVE });
    expect(outcome(m)).toBe('halted');
    expect(reg(m, 'rsi')).toBe(1n);
    expect(reg(m, 'rax')).toBe(3n);
    expect(outcome(run64('xor %ecx, %ecx\nxgetbv'))).toBe('#UD');
    expect(outcome(run64('mov $1, %ecx\nxgetbv', { cr4: CR4_OSXSAVE }))).toBe('#GP');
    // AVX state (bit 2) is not supported: XCR0 cannot announce it.
    expect(outcome(run64('xor %ecx, %ecx\nmov $7, %eax\nxor %edx, %edx\nxsetbv', { cr4: CR4_OSXSAVE }))).toBe('#GP');
  });
});

describe.skipIf(!hasGnuAs)('far JMP, CALL, RET between the 32- and 64-bit code segments (Linux x86_64 GDT)', () => {
  /** A CPL 3 machine with 32-bit code at U.code and 64-bit code at U.code + 0x800. */
  const twoWorlds = (code32: string, code64: string): Machine => {
    const m = longModeMachine();
    const at64 = U.code + 0x800n;
    m.write(U.code, gas(32, code32, U.code).bytes);
    m.write(at64, gas(64, code64, at64).bytes);
    enterUser(m, 0x23, 0x2b, U.code, U.stack);
    return m;
  };
  it('ljmp $0x33 from a 32-bit process enters 64-bit mode; ljmp through m16:32 comes back', () => {
    const m = twoWorlds(`mov $0x401900, %esp\nljmp $0x33, $0x401800\nback: mov $7, %ebx\nnop`,
      `movabs $0x1122334455667788, %rax\nmovl $0x40100c, 0x600000\nmovw $0x23, 0x600004\nljmpl *0x600000`);
    const t: string[] = [];
    const r = m.run({ maxInstructions: 20, breakpoints: new Set([U.code + 17n]), onModeSwitch: (x) => { t.push(`${x.fromBits}->${x.toBits} ${x.cause}`); return false; } });
    expect(m.lastException?.reason ?? null).toBeNull();
    expect(r.reason).toBe('breakpoint');
    expect(t).toEqual(['32->64 far', '64->32 far']);
    expect(m.bitness).toBe(32);
    expect(m.getSeg('cs').selector).toBe(0x23);
    expect(reg(m, 'rax')).toBe(0x1122334455667788n); // 64-bit code ran
    expect(reg(m, 'rbx')).toBe(7n);
  });
  it('lcall to 64-bit code pushes CS:EIP; lret (32-bit operand size in 64-bit mode) returns to 32-bit code', () => {
    const m = twoWorlds(`lcall $0x33, $0x401800\nmov %eax, %ebx\nnop`,
      `mov (%rsp), %ecx\nmov 4(%rsp), %edx\nmov $0x55, %eax\nlretl`);
    m.run({ maxInstructions: 10, breakpoints: new Set([U.code + 9n]) });
    expect(m.lastException).toBeNull();
    expect(m.bitness).toBe(32);
    expect(reg(m, 'rcx')).toBe(U.code + 7n); // the return EIP
    expect(reg(m, 'rdx')).toBe(0x23n); // the caller's CS
    expect(reg(m, 'rbx')).toBe(0x55n);
    expect(reg(m, 'rsp')).toBe(U.stack);
  });
  it('a far jump to a DPL 0 segment, the TSS, a null or an out-of-limit selector is #GP(selector)', () => {
    for (const [sel, err] of [[0x10, 0x10], [0x40, 0x40], [0, 0], [0x1003, 0x1000], [0x2b, 0x28]] as const) {
      const m = twoWorlds(`ljmp $${sel}, $0x401800`, 'nop');
      m.run({ maxInstructions: 3 });
      expect(m.lastException?.name, `selector ${sel}`).toBe('#GP');
      expect(m.lastException?.errorCode, `selector ${sel}`).toBe(err);
      expect(m.lastException?.rip).toBe(U.code);
    }
  });
});

describe.skipIf(!hasGnuAs)('the trap flag (RFLAGS.TF -> #DB after the next instruction, DR6.BS)', () => {
  const DB_HANDLER = K64.code + 0x100n;
  const stepMachine = (user: string, engine: 'interpreter' | 'blocks'): Machine => {
    const m = longModeMachine();
    m.jitThreshold = engine === 'blocks' ? 1 : Infinity;
    gate64(m, 1, DB_HANDLER, 0);
    m.write(DB_HANDLER, gas(64, 'hlt', DB_HANDLER).bytes);
    m.write(U.code, gas(64, user, U.code).bytes);
    enterUser(m, 0x33, 0x2b, U.code, U.stack);
    return m;
  };
  for (const engine of ['interpreter', 'blocks'] as const) {
    it(`popf setting TF traps after the following instruction, not after itself (${engine})`, () => {
      const src = 'mov $1, %eax\nmov $2, %ebx\npushfq\norq $0x100, (%rsp)\npopfq\ninc %eax\ninc %ebx\nnop';
      const code = gas(64, src, U.code).bytes;
      const m = stepMachine(src, engine);
      m.run({ maxInstructions: 50 });
      expect(m.lastException?.name).toBe('#DB');
      expect(reg(m, 'rax')).toBe(2n);
      expect(reg(m, 'rbx')).toBe(2n); // inc %ebx did not run
      const incEbx = U.code + BigInt(code.length - 3);
      expect(m.lastException?.rip).toBe(incEbx);
      expect(m.readU64(K64.stack - 40n)).toBe(incEbx); // the saved RIP: a trap
      expect(m.readU64(K64.stack - 24n) & 0x100n).toBe(0x100n); // the saved RFLAGS has TF
      expect(Number(m.getReg('rflags')) & 0x100).toBe(0); // the handler runs without TF
      expect(m.dr6 & (1 << 14)).not.toBe(0);
      expect(m.cpl).toBe(0);
    });
  }
  it('SYSCALL (FMASK clears TF) and SYSRET (restores it from R11) trap only after the next user instruction', () => {
    const m = stepMachine('pushfq\norq $0x100, (%rsp)\npopfq\nsyscall\ninc %ebx\ninc %ecx\nnop', 'interpreter');
    m.write(K64.code, gas(64, 'sysretq', K64.code).bytes); // LSTAR: straight back
    m.run({ maxInstructions: 50 });
    expect(m.lastException?.name).toBe('#DB');
    expect(reg(m, 'rbx')).toBe(1n);
    expect(reg(m, 'rcx')).not.toBe(1n); // inc %ecx: never reached (rcx holds syscall's return RIP)
  });
  it('SYSENTER keeps TF: the trap comes at the kernel entry point (textbook, 32-bit)', () => {
    const m = protectedModeMachine();
    gate32(m, 1, K32.code + 0x100n, 0);
    m.write(K32.code + 0x100n, gas(32, 'hlt', K32.code + 0x100n).bytes);
    m.write(K32.code + 0x400n, gas(32, 'nop\nnop', K32.code + 0x400n).bytes); // SYSENTER_EIP
    m.write(U.code, gas(32, 'pushfl\norl $0x100, (%esp)\npopfl\nsysenter\nnop', U.code).bytes);
    enterUser(m, 0x73, 0x7b, U.code, U.stack);
    m.run({ maxInstructions: 50 });
    expect(m.lastException?.name).toBe('#DB');
    expect(m.lastException?.rip).toBe(K32.code + 0x400n);
    expect(m.readU32(K32.stack - 12n)).toBe(Number(K32.code) + 0x400); // saved EIP, same-privilege frame
  });
});

describe.skipIf(!hasGnuAs)('null segment selectors outside 64-bit mode', () => {
  it('loading a null selector is allowed; an access through it is #GP(0) (interpreter and compiled); 64-bit mode ignores it', () => {
    for (const threshold of [Infinity, 1]) {
      const m = protectedModeMachine();
      m.jitThreshold = threshold;
      m.write(U.code, gas(32, 'mov $0x600010, %esi\nmov (%esi), %ebx\nxor %eax, %eax\nmov %eax, %ds\nmov %ss:(%esi), %ecx\nmov (%esi), %edx\nnop', U.code).bytes);
      enterUser(m, 0x73, 0x7b, U.code, U.stack);
      m.run({ maxInstructions: 20 });
      expect(m.lastException?.name).toBe('#GP');
      expect(m.lastException?.errorCode).toBe(0);
      expect(m.lastException?.reason).toContain('%ds');
    }
    const m = longModeMachine();
    m.write(U.code, gas(64, 'xor %eax, %eax\nmov %eax, %ds\nmov 0x600000, %ebx\nnop', U.code).bytes);
    enterUser(m, 0x33, 0x2b, U.code, U.stack);
    m.run({ maxInstructions: 3 });
    expect(m.lastException).toBeNull();
  });
});

describe.skipIf(!hasGnuAs)('far pointer loads, UD0/UD1, RDPMC and MOV DR, prefetch (0F 0D)', () => {
  const FP = 0xc3003000n; // in the 32-bit harness's kernel stack pages (CPL 0, writable)
  const store = (at: bigint, offset: number, sel: number, wide = 4): string =>
    `movl $${offset}, ${at}\nmovw $${sel}, ${at + BigInt(wide)}`;
  it('lds/les/lfs/lgs/lss load the selector (with its descriptor) and the offset; 16-bit forms write the low word', () => {
    const m = run32([store(FP, 0x11223344, 0x7b), store(FP + 0x10n, 0x55667788, 0x8b), store(FP + 0x20n, 0xc3003f00, 0x68),
      'movl $0xaaaa0000, %edi', `movw $0x1234, ${FP + 0x30n}`, `movw $0x7b, ${FP + 0x32n}`,
      `lds ${FP}, %esi`, `lfs ${FP + 0x10n}, %eax`, `lgs ${FP}, %ebx`, `lss ${FP + 0x20n}, %esp`, `lesw ${FP + 0x30n}, %di`].join('\n'));
    expect(outcome(m)).toBe('halted');
    expect([reg(m, 'rsi'), reg(m, 'rax'), reg(m, 'rbx'), reg(m, 'rsp'), reg(m, 'rdi')]).toEqual([0x11223344n, 0x55667788n, 0x11223344n, 0xc3003f00n, 0xaaaa1234n]);
    expect([m.getSeg('ds').selector, m.getSeg('fs').selector, m.getSeg('gs').selector, m.getSeg('ss').selector, m.getSeg('es').selector]).toEqual([0x7b, 0x8b, 0x7b, 0x68, 0x7b]);
    expect(m.getSeg('fs').base).toBe(0x600100n); // the TLS descriptor's base, read from the GDT
  });
  it('lss of a null selector and a selector past the GDT limit are #GP, and nothing is written', () => {
    const m = run32([store(FP, 0x1000, 0), 'movl $7, %esp', `lss ${FP}, %esp`].join('\n'));
    expect([outcome(m), m.lastException?.errorCode, reg(m, 'rsp')]).toEqual(['#GP', 0, 7n]);
    const n = run32([store(FP, 0x1000, 0x203), 'movl $9, %eax', `lfs ${FP}, %eax`].join('\n'));
    expect([outcome(n), n.lastException?.errorCode, reg(n, 'rax')]).toEqual(['#GP', 0x200, 9n]);
  });
  it('64-bit lgs/lfs take m16:32; REX.W is m16:64 on Intel, ignored on AMD (m16:32 zero-extended, as the Zen 4 host does)', () => {
    const at = K64.stackBase + 0x100n;
    // lfs (%rbx),%rdx with REX.W (GNU as refuses to write it: AMD has no m16:64 form); the selector
    // at +4 (AMD's) is also bytes 4-5 of Intel's 64-bit offset, and Intel's at +8
    const src = [`movabsq $${at}, %rbx`, 'movq $0x123456789, %rcx', 'movq %rcx, (%rbx)', 'movw $0x2b, 8(%rbx)', 'movw $0x2b, 4(%rbx)',
      'movq $-1, %rdx', '.byte 0x48, 0x0f, 0xb4, 0x13', 'movq %rcx, 0x20(%rbx)', 'movw $0x2b, 0x24(%rbx)', 'lgs 0x20(%rbx), %eax'].join('\n');
    for (const [profile, rdx] of [['textbook', 0x2b23456789n], ['zen4-kvm', 0x23456789n]] as const) {
      const m = run64(src, { profile: getProfile(profile) });
      expect(outcome(m)).toBe('halted');
      expect([reg(m, 'rax'), reg(m, 'rdx'), BigInt(m.getSeg('gs').selector), BigInt(m.getSeg('fs').selector)]).toEqual([0x23456789n, rdx, 0x2bn, 0x2bn]);
    }
  });
  it('ud0 and ud1 raise #UD (a plain invalid opcode, not "not emulated")', () => {
    for (const insn of ['ud0 %eax, %ecx', 'ud1 (%rax), %edx', 'ud2']) {
      const m = run64(insn);
      expect([outcome(m), m.lastException?.notEmulated], insn).toEqual(['#UD', false]);
    }
  });
  it('rdpmc and mov to/from %dr7 at CPL 3 are #GP(0) (Linux: SIGSEGV)', () => {
    for (const insn of ['xor %ecx, %ecx\nrdpmc', 'mov %db7, %rax', 'mov %rax, %db0']) {
      const m = longModeMachine();
      const code = gas(64, insn + '\nnop', U.code).bytes;
      m.write(U.code, code);
      enterUser(m, 0x33, 0x2b, U.code, U.stack);
      m.run({ maxInstructions: 10 });
      expect([m.lastException?.name, m.lastException?.errorCode, m.lastException?.notEmulated], insn).toEqual(['#GP', 0, false]);
    }
  });
  it('prefetch/prefetchw and clwb need their CPUID bits (3dnowprefetch, clwb): #UD without', () => {
    expect(outcome(run64('prefetchw 0x30000000\nprefetch 0x30000000\nclwb 0x600000'))).toBe('halted');
    expect(outcome(run64('prefetchw 0x600000', { profile: without('zen4-kvm', '3dnowprefetch') }))).toBe('#UD');
    expect(outcome(run64('clwb 0x600000', { profile: without('textbook', 'clwb') }))).toBe('#UD');
  });
});
