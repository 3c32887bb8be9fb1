// System instructions: descriptor-table loads, segment loads with their checks, control registers,
// flag-privilege rules. Expectations from the SDM (Vol.2 instruction pages, Vol.3 chapters 3, 5, 6).
import { describe, it, expect } from 'vitest';
import { MSR_EFER, EFER_LME, EFER_NXE, EFER_SCE } from '../../src/machine/index.js';
import { gas, hasGnuAs, longModeMachine, protectedModeMachine, gate32, gate64, K64, K32, U, load, enterUser } from './harness.js';

if (!hasGnuAs) console.warn('test/machine: GNU as/ld missing: system instruction tests skipped');

describe.skipIf(!hasGnuAs)('system instructions', () => {
  it('lgdt/lidt load base and limit from a 10-byte operand in 64-bit mode', () => {
    const m = longModeMachine();
    load(m, K64.code, gas(64, 'lea -16(%rsp),%rax\nmovw $0x7f,(%rax)\nmovabs $0xffffffff82000000,%rbx\nmov %rbx,2(%rax)\nlgdt (%rax)\nmovw $0x1ff,(%rax)\nlidt (%rax)\nhlt', K64.code).bytes);
    m.setReg('rsp', K64.stack);
    expect(m.run({ maxInstructions: 20 }).reason).toBe('halted');
    expect(m.getGdtr()).toEqual({ base: 0xffffffff82000000n, limit: 0x7f });
    expect(m.getIdtr()).toEqual({ base: 0xffffffff82000000n, limit: 0x1ff });
  });
  it('ltr marks the TSS descriptor busy; loading it again is refused', () => {
    const m = protectedModeMachine();
    // the harness already did ltr 0x80: the descriptor type is now busy (0xb)
    expect(m.readU64(K32.tables + 0x80n) >> 40n & 0xfn).toBe(0xbn);
    gate32(m, 13, K32.code + 0x100n, 0);
    load(m, K32.code, gas(32, 'mov $0x80,%ax\nltr %ax', K32.code).bytes);
    m.setReg('rsp', K32.stack);
    m.step();
    const s = m.step();
    expect(s.transfer?.vector).toBe(13);
    expect(s.transfer?.errorCode).toBe(0x80);
  });
  it('mov to a data segment checks DPL against CPL: a DPL-0 selector at CPL 3 is #GP(selector)', () => {
    const m = protectedModeMachine();
    gate32(m, 13, K32.code + 0x100n, 0);
    m.write(U.code, gas(32, 'mov $0x68,%eax\nmov %eax,%ds', U.code).bytes);
    m.setReg('rflags', 0x202n);
    enterUser(m, 0x73, 0x7b, U.code, U.stack);
    m.step();
    const s = m.step();
    expect(s.transfer?.vector).toBe(13);
    expect(s.transfer?.errorCode).toBe(0x68);
  });
  it('mov to %ss with a selector beyond the GDT limit is #GP(selector); a null %ds is fine', () => {
    const m = protectedModeMachine();
    gate32(m, 13, K32.code + 0x100n, 0);
    load(m, K32.code, gas(32, 'xor %eax,%eax\nmov %eax,%ds\nmov $0x1f8,%eax\nmov %eax,%ss', K32.code).bytes);
    m.setReg('rsp', K32.stack);
    m.run({ maxInstructions: 3 });
    expect(m.getSeg('ds').selector).toBe(0);
    const s = m.step();
    expect(s.transfer?.vector).toBe(13);
    expect(s.transfer?.errorCode).toBe(0x1f8);
  });
  it('mov to %cr3 switches address spaces; mov from %cr0/%cr4 reads them', () => {
    const m = longModeMachine();
    const other = 0x5000n;
    m.createAddressSpace(other);
    m.mapShared(other, 0x1000n, K64.code, 0x2000);
    m.mapShared(other, 0x1000n, K64.stackBase, 0x4000);
    m.map(other, U.data, 0x1000, { write: true, exec: false, user: true });
    m.writeU32(U.data, 0x11111111, 0x1000n);
    m.writeU32(U.data, 0x22222222, other);
    load(m, K64.code, gas(64, `mov $0x5000,%eax\nmov %rax,%cr3\nmov 0x600000,%ebx\nmov %cr0,%rcx\nmov %cr4,%rdx\nhlt`, K64.code).bytes);
    m.setReg('rsp', K64.stack);
    expect(m.run({ maxInstructions: 10 }).reason).toBe('halted');
    expect(m.getReg('rbx')).toBe(0x22222222n);
    expect(m.getCr(3)).toBe(other);
    expect(m.getReg('rcx')).toBe(0x80010001n);
  });
  it('popf at CPL 3 cannot change IF or IOPL; at CPL 0 it can', () => {
    const m = longModeMachine();
    m.write(U.code, gas(64, 'pushq $0x3002\npopfq\npushfq\npop %rax', U.code).bytes);
    m.setReg('rflags', 0x202n);
    enterUser(m, 0x33, 0x2b, U.code, U.stack);
    m.run({ maxInstructions: 4 });
    expect(Number(m.getReg('rax')) & 0x3200).toBe(0x200);
    const k = longModeMachine();
    load(k, K64.code, gas(64, 'pushq $0x3002\npopfq\npushfq\npop %rax\nhlt', K64.code).bytes);
    k.setReg('rsp', K64.stack);
    k.setReg('rflags', 0x202n);
    k.run({ maxInstructions: 4 });
    expect(Number(k.getReg('rax')) & 0x3200).toBe(0x3000);
  });
  it('a trap gate leaves IF set; an interrupt gate clears it', () => {
    const m = longModeMachine();
    gate64(m, 0x81, K64.code + 0x100n, 3, 0xf);
    gate64(m, 0x82, K64.code + 0x100n, 3, 0xe);
    m.write(U.code, gas(64, 'int $0x81', U.code).bytes);
    m.setReg('rflags', 0x202n);
    enterUser(m, 0x33, 0x2b, U.code, U.stack);
    m.step();
    expect(Number(m.getReg('rflags')) & 0x200).toBe(0x200);
    const n = longModeMachine();
    gate64(n, 0x82, K64.code + 0x100n, 3, 0xe);
    n.write(U.code, gas(64, 'int $0x82', U.code).bytes);
    n.setReg('rflags', 0x202n);
    enterUser(n, 0x33, 0x2b, U.code, U.stack);
    n.step();
    expect(Number(n.getReg('rflags')) & 0x200).toBe(0);
  });
  it('IRET to CPL 3 nulls data segment registers whose DPL is below the new CPL', () => {
    const m = protectedModeMachine();
    gate32(m, 0x80, K32.code, 3);
    m.write(K32.code, gas(32, 'mov $0x68,%eax\nmov %eax,%es\niret', K32.code).bytes);
    m.write(U.code, gas(32, 'int $0x80\nnop', U.code).bytes);
    m.setReg('rflags', 0x202n);
    enterUser(m, 0x73, 0x7b, U.code, U.stack);
    m.run({ maxInstructions: 4 });
    expect(m.cpl).toBe(3);
    expect(m.getSeg('es').selector).toBe(0);
    expect(m.getSeg('ds').selector).toBe(0x7b);
  });
  it('SYSEXIT at CPL 3 is #GP(0); SYSCALL in legacy protected mode on Intel is #UD', () => {
    const m = protectedModeMachine();
    gate32(m, 13, K32.code + 0x100n, 0);
    gate32(m, 6, K32.code + 0x200n, 0);
    m.write(U.code, gas(32, 'sysexit', U.code).bytes);
    m.setReg('rflags', 0x202n);
    enterUser(m, 0x73, 0x7b, U.code, U.stack);
    expect(m.step().transfer?.vector).toBe(13);
    const n = protectedModeMachine();
    gate32(n, 6, K32.code + 0x200n, 0);
    n.writeMsr(MSR_EFER, BigInt(EFER_SCE));
    n.write(U.code, gas(32, 'syscall', U.code).bytes);
    enterUser(n, 0x73, 0x7b, U.code, U.stack);
    expect(n.step().transfer?.vector).toBe(6);
  });
  it('rdtscp also returns TSC_AUX in ecx; cpuid advertises SYSCALL, NX and long mode', () => {
    const m = longModeMachine();
    m.writeMsr(0xc0000103, 3n);
    load(m, K64.code, gas(64, 'rdtscp\nmov %ecx,%esi\nmov $0x80000001,%eax\ncpuid\nhlt', K64.code).bytes);
    m.setReg('rsp', K64.stack);
    m.run({ maxInstructions: 10 });
    expect(m.getReg('rsi')).toBe(3n);
    const edx = Number(m.getReg('rdx'));
    expect(edx & (1 << 11)).not.toBe(0);
    expect(edx & (1 << 20)).not.toBe(0);
    expect(edx & (1 << 29)).not.toBe(0);
    void EFER_LME; void EFER_NXE;
  });
  it('pusha/popa save and restore the eight registers in SDM order (ESP slot ignored on pop); sgdt/str store', () => {
    const m = protectedModeMachine();
    load(m, K32.code, gas(32, 'mov $1,%eax\nmov $2,%ecx\nmov $3,%edx\nmov $4,%ebx\nmov $6,%ebp\nmov $7,%esi\nmov $8,%edi\npusha\n' +
      'mov (%esp),%eax\nmov 12(%esp),%ebx\nmov 28(%esp),%ecx\nmov %eax,%edx\nxor %esi,%esi\nmovl $0x99,12(%esp)\npopa\n' +
      'sub $8,%esp\nsgdt (%esp)\nmovzwl (%esp),%ebp\nstr %ax\nadd $8,%esp\nhlt', K32.code).bytes);
    m.setReg('rsp', K32.stack);
    expect(m.run({ maxInstructions: 40 }).reason).toBe('halted');
    expect(m.getReg('rsi')).toBe(7n); // restored
    expect(m.getReg('rcx')).toBe(2n);
    expect(m.getReg('rbx')).toBe(4n);
    expect(m.getReg('rsp')).toBe(K32.stack);
    expect(m.getReg('rbp')).toBe(0xffn); // GDT limit
    expect(m.getReg('rax') & 0xffffn).toBe(0x80n); // TR
  });
});
