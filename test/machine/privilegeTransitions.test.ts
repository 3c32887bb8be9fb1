// Privilege transitions and exceptions, checked against the SDM's definitions (frames, selectors, error codes).
import { describe, it, expect } from 'vitest';
import { Machine, MSR_EFER, MSR_GS_BASE, MSR_KERNEL_GS_BASE, EFER_LME, EFER_NXE } from '../../src/machine/index.js';
import { gas, hasGnuAs, longModeMachine, protectedModeMachine, gate32, gate64, K64, K32, U, load, enterUser } from './harness.js';

if (!hasGnuAs) console.warn('test/machine: GNU as/ld missing: privilege transition tests skipped');

const IF = 0x200;

function user32(m: Machine, src: string): Map<string, bigint> {
  const { bytes, syms } = gas(32, src, U.code);
  m.write(U.code, bytes);
  m.setReg('rflags', BigInt(IF | 2));
  enterUser(m, 0x73, 0x7b, U.code, U.stack);
  return syms;
}
function user64(m: Machine, src: string): Map<string, bigint> {
  const { bytes, syms } = gas(64, src, U.code);
  m.write(U.code, bytes);
  m.setReg('rflags', BigInt(IF | 2));
  enterUser(m, 0x33, 0x2b, U.code, U.stack);
  return syms;
}
function kernel(m: Machine, bits: 32 | 64, at: bigint, src: string): void {
  m.write(at, gas(bits, src, at).bytes);
}

describe.skipIf(!hasGnuAs)('INT 0x80 and IRET (32-bit protected mode)', () => {
  it('goes through a DPL-3 interrupt gate with the TSS stack switch and the exact frame, and IRET returns', () => {
    const m = protectedModeMachine();
    gate32(m, 0x80, K32.code, 3);
    kernel(m, 32, K32.code, 'iret');
    user32(m, 'mov $20,%eax\nint $0x80\nnop');
    m.step();
    const s = m.step();
    expect(s.transfer?.cause).toBe('int');
    expect(s.transfer?.vector).toBe(0x80);
    expect([s.transfer?.fromCpl, s.transfer?.toCpl, s.transfer?.modeSwitch]).toEqual([3, 0, true]);
    expect(m.cpl).toBe(0);
    expect(m.getSeg('cs').selector).toBe(0x60);
    expect(m.getSeg('ss').selector).toBe(0x68);
    expect(m.getReg('rip')).toBe(K32.code);
    const esp = m.getReg('rsp');
    expect(esp).toBe(K32.stack - 20n);
    // SDM: push SS, ESP, EFLAGS, CS, EIP (EIP lowest)
    const frame = [0, 4, 8, 12, 16].map((o) => m.readU32(esp + BigInt(o)));
    expect(frame).toEqual([Number(U.code) + 7, 0x73, IF | 2, Number(U.stack), 0x7b]);
    expect(Number(m.getReg('rflags')) & IF).toBe(0); // interrupt gate clears IF
    expect(s.transfer?.description).toMatch(/^INT 0x80: interrupt gate DPL 3 >= CPL 3, stack switched to SS0:ESP0 from TSS \(0x68:0xc3004000\), pushed SS, ESP, EFLAGS, CS, EIP, IF cleared, CS <- 0x60, EIP <- 0xc1000000$/);
    const r = m.step();
    expect(r.transfer?.cause).toBe('iret');
    expect([r.transfer?.fromCpl, r.transfer?.toCpl]).toEqual([0, 3]);
    expect(m.getReg('rip')).toBe(U.code + 7n);
    expect(m.getReg('rsp')).toBe(U.stack);
    expect(m.getSeg('cs').selector).toBe(0x73);
    expect(m.getSeg('ss').selector).toBe(0x7b);
    expect(Number(m.getReg('rflags')) & IF).toBe(IF);
  });

  it('INT through a DPL-0 gate from CPL 3 raises #GP with error code vector*8+2', () => {
    const m = protectedModeMachine();
    gate32(m, 0x80, K32.code, 0);
    gate32(m, 13, K32.code + 0x100n, 0);
    user32(m, 'mov $20,%eax\nint $0x80');
    m.step();
    const s = m.step();
    expect(s.transfer?.cause).toBe('exception');
    expect(s.transfer?.vector).toBe(13);
    expect(s.transfer?.errorCode).toBe(0x402);
    expect(m.getReg('rip')).toBe(K32.code + 0x100n);
    const esp = m.getReg('rsp');
    expect(esp).toBe(K32.stack - 24n);
    expect(m.readU32(esp)).toBe(0x402); // error code
    expect(m.readU32(esp + 4n)).toBe(Number(U.code) + 5); // faulting instruction
    expect(m.lastException?.name).toBe('#GP');
  });

  it('INT from CPL 0 stays on the same stack and pushes EFLAGS, CS, EIP only', () => {
    const m = protectedModeMachine();
    gate32(m, 0x81, K32.code + 0x100n, 0);
    load(m, K32.code, gas(32, 'int $0x81', K32.code).bytes);
    m.setReg('rsp', K32.stack - 0x100n);
    const s = m.step();
    expect(s.transfer?.modeSwitch).toBe(false);
    expect(m.getReg('rsp')).toBe(K32.stack - 0x100n - 12n);
    expect(m.readU32(m.getReg('rsp') + 4n)).toBe(0x60);
  });
});

describe.skipIf(!hasGnuAs)('INT 0x80 in long mode', () => {
  it('pushes SS, RSP, RFLAGS, CS, RIP in 8-byte slots on RSP0 and IRETQ returns', () => {
    const m = longModeMachine();
    gate64(m, 0x80, K64.code, 3);
    kernel(m, 64, K64.code, 'iretq');
    user64(m, 'mov $39,%eax\nint $0x80\nnop');
    m.setReg('rsp', U.stack - 8n);
    m.step();
    const s = m.step();
    expect([s.transfer?.fromBits, s.transfer?.toBits, s.transfer?.toCpl]).toEqual([64, 64, 0]);
    const rsp = m.getReg('rsp');
    expect(rsp).toBe(K64.stack - 40n);
    const f = [0n, 8n, 16n, 24n, 32n].map((o) => m.readU64(rsp + o));
    expect(f).toEqual([U.code + 7n, 0x33n, BigInt(IF | 2), U.stack - 8n, 0x2bn]);
    m.step();
    expect(m.cpl).toBe(3);
    expect(m.getReg('rsp')).toBe(U.stack - 8n);
    expect(m.getReg('rip')).toBe(U.code + 7n);
  });
  it('INT 0x80 from a compat-mode (32-bit) process lands in 64-bit mode', () => {
    const m = longModeMachine();
    gate64(m, 0x80, K64.code, 3);
    kernel(m, 64, K64.code, 'iretq');
    m.write(U.code, gas(32, 'int $0x80\nnop', U.code).bytes);
    m.setReg('rflags', BigInt(IF | 2));
    enterUser(m, 0x23, 0x2b, U.code, U.stack);
    expect(m.bitness).toBe(32);
    const s = m.step();
    expect([s.transfer?.fromBits, s.transfer?.toBits]).toEqual([32, 64]);
    m.step();
    expect(m.bitness).toBe(32);
    expect(m.getReg('rip')).toBe(U.code + 2n);
  });
});

describe.skipIf(!hasGnuAs)('SYSCALL / SYSRET', () => {
  it('SYSCALL: RCX <- next RIP, R11 <- RFLAGS, flags masked, CS/SS from STAR, RIP <- LSTAR; SYSRETQ undoes it', () => {
    const m = longModeMachine();
    kernel(m, 64, K64.code, 'sysretq');
    user64(m, 'syscall\nnop');
    m.setReg('rflags', BigInt(IF | 2 | 1));
    const s = m.step();
    expect(m.getReg('rcx')).toBe(U.code + 2n);
    expect(m.getReg('r11')).toBe(BigInt(IF | 3));
    expect(m.getSeg('cs').selector).toBe(0x10);
    expect(m.getSeg('ss').selector).toBe(0x18);
    expect(m.getReg('rip')).toBe(K64.code);
    expect(m.getReg('rsp')).toBe(U.stack); // not switched
    expect(Number(m.getReg('rflags')) & (IF | 1)).toBe(1); // FMASK 0x47700 clears IF, not CF
    expect(s.transfer?.description).toBe('SYSCALL: RCX <- return RIP, R11 <- RFLAGS, CS <- 0x10, RIP <- LSTAR (0xffffffff81000000), stack not switched');
    const r = m.step();
    expect(r.transfer?.cause).toBe('sysret');
    expect(m.getSeg('cs').selector).toBe(0x33);
    expect(m.getSeg('ss').selector).toBe(0x2b);
    expect(m.cpl).toBe(3);
    expect(m.getReg('rip')).toBe(U.code + 2n);
    expect(Number(m.getReg('rflags')) & (IF | 1)).toBe(IF | 1);
  });
  it('SYSRETL returns to compat mode with CS = STAR[63:48] | 3', () => {
    const m = longModeMachine();
    load(m, K64.code, gas(64, 'mov $0x401000,%ecx\nmov $0x202,%r11d\nsysretl', K64.code).bytes);
    m.run({ maxInstructions: 3 });
    expect(m.getSeg('cs').selector).toBe(0x23);
    expect(m.bitness).toBe(32);
    expect(m.cpl).toBe(3);
  });
  it('SYSCALL from compat mode uses CSTAR', () => {
    const m = longModeMachine();
    m.write(U.code, gas(32, 'syscall', U.code).bytes);
    enterUser(m, 0x23, 0x2b, U.code, U.stack);
    const s = m.step();
    expect(m.getReg('rip')).toBe(K64.code + 0x800n);
    expect(s.transfer?.description).toContain('CSTAR');
    expect([s.transfer?.fromBits, s.transfer?.toBits]).toEqual([32, 64]);
  });
  it('SYSCALL from compat mode on Intel is #UD (SDM: #UD unless CS.L = 1)', () => {
    const m = longModeMachine('textbook');
    gate64(m, 6, K64.code + 0x100n, 0);
    m.write(U.code, gas(32, 'syscall', U.code).bytes);
    enterUser(m, 0x23, 0x2b, U.code, U.stack);
    const s = m.step();
    expect(s.transfer?.vector).toBe(6);
    expect(m.getReg('rip')).toBe(K64.code + 0x100n);
  });
  it('SYSCALL with EFER.SCE clear is #UD; SYSRET to a non-canonical RCX is #GP(0)', () => {
    const m = longModeMachine();
    gate64(m, 6, K64.code + 0x100n, 0);
    gate64(m, 13, K64.code + 0x200n, 0);
    m.writeMsr(MSR_EFER, BigInt(EFER_LME | EFER_NXE));
    user64(m, 'syscall');
    const s = m.step();
    expect(s.transfer?.vector).toBe(6);
    const k = longModeMachine();
    gate64(k, 13, K64.code + 0x200n, 0);
    load(k, K64.code, gas(64, 'movabs $0x0000800000000000,%rcx\nsysretq', K64.code).bytes);
    k.setReg('rsp', K64.stack);
    k.step();
    const g = k.step();
    expect(g.transfer?.vector).toBe(13);
    expect(g.transfer?.errorCode).toBe(0);
    expect(k.cpl).toBe(0);
  });
});

describe.skipIf(!hasGnuAs)('SYSENTER / SYSEXIT', () => {
  it('i386: SYSENTER loads CS/SS/EIP/ESP from the MSRs and saves nothing; SYSEXIT returns to EDX/ECX', () => {
    const m = protectedModeMachine();
    kernel(m, 32, K32.code + 0x400n, 'mov $0x401100,%edx\nmov $0x7fe000,%ecx\nsysexit');
    user32(m, 'push %ecx\npush %edx\npush %ebp\nmov %esp,%ebp\nsysenter');
    m.run({ maxInstructions: 4 });
    const s = m.step();
    expect(s.transfer?.cause).toBe('sysenter');
    expect(m.getSeg('cs').selector).toBe(0x60);
    expect(m.getSeg('ss').selector).toBe(0x68);
    expect(m.getReg('rip')).toBe(K32.code + 0x400n);
    expect(m.getReg('rsp')).toBe(K32.stack);
    expect(Number(m.getReg('rflags')) & IF).toBe(0);
    expect(m.readU32(K32.stack - 4n)).toBe(0); // nothing was pushed
    m.run({ maxInstructions: 2 });
    const x = m.step();
    expect(x.transfer?.cause).toBe('sysexit');
    expect(m.getSeg('cs').selector).toBe(0x73);
    expect(m.getSeg('ss').selector).toBe(0x7b);
    expect(m.getReg('rip')).toBe(0x401100n);
    expect(m.getReg('rsp')).toBe(0x7fe000n);
    expect(m.cpl).toBe(3);
  });
  it('SYSENTER from compat mode is #UD on AMD (zen4-kvm) and enters 64-bit mode on Intel', () => {
    const amd = longModeMachine('zen4-kvm');
    gate64(amd, 6, K64.code + 0x100n, 0);
    amd.write(U.code, gas(32, 'sysenter', U.code).bytes);
    enterUser(amd, 0x23, 0x2b, U.code, U.stack);
    expect(amd.step().transfer?.vector).toBe(6);
    expect(amd.lastException?.reason).toContain('AMD');
    const intel = longModeMachine('textbook');
    intel.write(U.code, gas(32, 'sysenter', U.code).bytes);
    enterUser(intel, 0x23, 0x2b, U.code, U.stack);
    const s = intel.step();
    expect(s.transfer?.cause).toBe('sysenter');
    expect(intel.bitness).toBe(64);
    expect(intel.getReg('rip')).toBe(K64.code + 0xc00n);
  });
});

describe.skipIf(!hasGnuAs)('SWAPGS, privileged instructions, faults', () => {
  it('SWAPGS exchanges GS.base and KERNEL_GS_BASE; at CPL 3 it is #GP', () => {
    const m = longModeMachine();
    m.writeMsr(MSR_GS_BASE, 0x1111n);
    m.writeMsr(MSR_KERNEL_GS_BASE, 0xffff888000000000n);
    load(m, K64.code, gas(64, 'swapgs', K64.code).bytes);
    m.step();
    expect(m.readMsr(MSR_GS_BASE)).toBe(0xffff888000000000n);
    expect(m.readMsr(MSR_KERNEL_GS_BASE)).toBe(0x1111n);
    const u = longModeMachine();
    gate64(u, 13, K64.code + 0x200n, 0);
    user64(u, 'swapgs');
    expect(u.step().transfer?.vector).toBe(13);
  });
  it('privileged instructions at CPL 3 raise #GP(0)', () => {
    for (const ins of ['hlt', 'mov %cr3,%rax', 'wrmsr', 'rdmsr', 'cli', 'lgdt (%rax)', 'mov %rax,%cr3']) {
      const m = longModeMachine();
      gate64(m, 13, K64.code + 0x200n, 0);
      user64(m, ins);
      const s = m.step();
      expect(s.transfer?.vector, ins).toBe(13);
      expect(s.transfer?.errorCode, ins).toBe(0);
      expect(m.readU64(m.getReg('rsp') + 8n), ins).toBe(U.code); // saved RIP = the faulting instruction
    }
  });
  it('#PF on a user read of a supervisor page: error code P|U = 5, CR2 = address', () => {
    const m = longModeMachine();
    gate64(m, 14, K64.code + 0x300n, 0);
    user64(m, 'movabs 0xffffffff82000010,%rax');
    const s = m.step();
    expect(s.transfer?.vector).toBe(14);
    expect(s.transfer?.errorCode).toBe(5);
    expect(m.getCr(2)).toBe(0xffffffff82000010n);
    expect(m.lastException?.reason).toBe('user access to supervisor page');
    expect(s.transfer?.description).toMatch(/^#PF \(error code 0x5, CR2 0xffffffff82000010\): interrupt gate DPL 0, stack switched to RSP0 from TSS \(0xffffc90000004000\), pushed SS, RSP, RFLAGS, CS, RIP, error code, IF cleared, CS <- 0x10, RIP <- 0xffffffff81000300$/);
    expect(m.readU64(m.getReg('rsp'))).toBe(5n);
  });
  it('#PF on a write to a read-only page: 7 from user, 3 from the kernel with CR0.WP; unmapped read: 4', () => {
    const m = longModeMachine();
    gate64(m, 14, K64.code + 0x300n, 0);
    user64(m, 'movl $1,0x401000');
    expect(m.step().transfer?.errorCode).toBe(7);
    const k = longModeMachine();
    gate64(k, 14, K64.code + 0x300n, 0);
    load(k, K64.code, gas(64, 'movl $1,(%rip)', K64.code).bytes);
    k.setReg('rsp', K64.stack);
    expect(k.step().transfer?.errorCode).toBe(3);
    const u = longModeMachine();
    gate64(u, 14, K64.code + 0x300n, 0);
    user64(u, 'mov 0x10000000,%eax');
    expect(u.step().transfer?.errorCode).toBe(4);
    expect(u.getCr(2)).toBe(0x10000000n);
  });
  it('#PF with I/D bit on executing a no-execute page', () => {
    const m = longModeMachine();
    gate64(m, 14, K64.code + 0x300n, 0);
    user64(m, 'jmp *%rax');
    m.setReg('rax', U.data);
    m.step();
    const s = m.step();
    expect(s.transfer?.errorCode).toBe(0x15);
    expect(m.getCr(2)).toBe(U.data);
  });
  it('#DE on divide by zero, with the faulting RIP saved', () => {
    const m = longModeMachine();
    gate64(m, 0, K64.code + 0x300n, 0);
    user64(m, 'xor %ecx,%ecx\ndiv %ecx');
    m.step();
    const s = m.step();
    expect(s.transfer?.vector).toBe(0);
    expect(m.readU64(m.getReg('rsp'))).toBe(U.code + 2n);
    expect(m.lastException?.name).toBe('#DE');
  });
  it('an instruction the CPU does not emulate raises #UD with a "not emulated" reason; ud2 does not', () => {
    const m = longModeMachine();
    gate64(m, 6, K64.code + 0x300n, 0);
    user64(m, 'vaddps %ymm1,%ymm2,%ymm0'); // AVX: not emulated (SSE is)
    expect(m.step().transfer?.vector).toBe(6);
    expect(m.lastException?.reason).toBe('not emulated: vaddps %ymm1,%ymm2,%ymm0');
    expect(m.lastException?.notEmulated).toBe(true);
    const u = longModeMachine();
    gate64(u, 6, K64.code + 0x300n, 0);
    user64(u, 'ud2');
    u.step();
    expect(u.lastException?.reason).toBe('ud2');
    expect(u.lastException?.notEmulated).toBe(false);
  });
  it('INT3 is delivered as #BP with the address after it', () => {
    const m = longModeMachine();
    gate64(m, 3, K64.code + 0x300n, 3);
    user64(m, 'int3\nnop');
    const s = m.step();
    expect(s.transfer?.vector).toBe(3);
    expect(m.readU64(m.getReg('rsp'))).toBe(U.code + 1n);
  });
  it('a fault with no handler escalates to a double fault and then stops the machine (shutdown)', () => {
    const m = longModeMachine();
    user64(m, 'ud2');
    const r = m.run({ maxInstructions: 10 });
    expect(r.reason).toBe('shutdown');
    expect(r.message).toMatch(/triple fault/);
  });
});

describe.skipIf(!hasGnuAs)('timer, natives, cycle costs, run limits', () => {
  it('the periodic timer raises its vector when IF=1, and HLT waits for it', () => {
    const m = longModeMachine();
    gate64(m, 0x20, K64.code + 0x300n, 0);
    user64(m, '1: jmp 1b');
    m.setTimer({ periodCycles: 1000, vector: 0x20 });
    const r = m.run({ maxInstructions: 100000, stopOnModeSwitch: true });
    expect(r.reason).toBe('mode-switch');
    expect(r.transfer?.cause).toBe('interrupt');
    expect(r.transfer?.vector).toBe(0x20);
    expect(m.cycles).toBeGreaterThanOrEqual(1000);
    const h = longModeMachine();
    gate64(h, 0x20, K64.code + 0x300n, 0);
    load(h, K64.code, gas(64, 'sti\nhlt', K64.code).bytes);
    h.setReg('rsp', K64.stack);
    h.setTimer({ periodCycles: 5000, vector: 0x20 });
    const r2 = h.run({ maxInstructions: 10, stopOnTransfer: true });
    expect(r2.transfer?.cause).toBe('interrupt');
    expect(h.cycles).toBeGreaterThanOrEqual(5000);
    expect(h.readU64(h.getReg('rsp'))).toBe(K64.code + 2n); // returns after the hlt
    // an overdue tick is held back for one instruction after STI (the interrupt shadow)
    const s = longModeMachine();
    gate64(s, 0x20, K64.code + 0x300n, 0);
    load(s, K64.code, gas(64, 'nop\nsti\nhlt', K64.code).bytes);
    s.setReg('rsp', K64.stack);
    s.setTimer({ periodCycles: 1, vector: 0x20 });
    const r3 = s.run({ maxInstructions: 10, stopOnTransfer: true });
    expect(r3.transfer?.cause).toBe('interrupt');
    expect(s.readU64(s.getReg('rsp'))).toBe(K64.code + 3n); // delivered after hlt, not between sti and hlt
  });
  it('a native function runs as one step, charges its profile cost, then returns with ret', () => {
    const m = longModeMachine();
    const fn = K64.code + 0x100n;
    let seen = 0n;
    m.bindNative(fn, 'sys_getpid', (mm) => { seen = mm.getReg('rdi'); mm.setReg('rax', 42n); });
    load(m, K64.code, gas(64, 'mov $7,%edi\ncall *%rbx\nhlt', K64.code).bytes);
    m.setReg('rbx', fn);
    m.setReg('rsp', K64.stack);
    m.step(); m.step();
    const s = m.step();
    expect(s.kind).toBe('native');
    expect(s.nativeName).toBe('sys_getpid');
    expect(s.rip).toBe(fn);
    expect(s.cycles).toBe(m.profile.nativeCosts['sys_getpid']);
    expect(seen).toBe(7n);
    expect(m.getReg('rax')).toBe(42n);
    expect(m.getReg('rip')).toBe(K64.code + 7n);
  });
  it('reading the x2APIC ISR MSR 0x814 costs a VM exit on a virtualised profile only', () => {
    const cost = (p: string): number => {
      const m = longModeMachine(p);
      load(m, K64.code, gas(64, 'mov $0x814,%ecx\nrdmsr', K64.code).bytes);
      m.step();
      return m.step().cycles;
    };
    const kvm = new Machine('zen4-kvm').profile.costs;
    expect(cost('zen4-kvm')).toBe(kvm.rdmsr + kvm.vmExit);
    expect(cost('textbook')).toBe(new Machine('textbook').profile.costs.rdmsr);
  });
  it('run() stops at breakpoints (not on the first instruction) and at mode switches', () => {
    const m = longModeMachine();
    kernel(m, 64, K64.code, 'sysretq');
    const syms = user64(m, 'nop\nnop\nhere: nop\nsyscall\nnop');
    const r = m.run({ breakpoints: new Set([syms.get('here')!]) });
    expect(r.reason).toBe('breakpoint');
    expect(m.getReg('rip')).toBe(syms.get('here'));
    expect(m.run({ breakpoints: new Set([syms.get('here')!]), maxInstructions: 1 }).reason).toBe('max-instructions');
    const s = m.run({ stopOnModeSwitch: true });
    expect(s.reason).toBe('mode-switch');
    expect(s.transfer?.cause).toBe('syscall');
    expect(m.run({ stopOnModeSwitch: true }).transfer?.cause).toBe('sysret');
  });
  it('readUser/writeUser return faults instead of throwing', () => {
    const m = longModeMachine();
    expect(m.writeUser(U.data, new Uint8Array([1, 2]))).toBeNull();
    expect(m.readUser(U.data, 2)).toEqual(new Uint8Array([1, 2]));
    const f = m.readUser(K64.tables, 4);
    expect(f).toMatchObject({ fault: true, reason: 'user access to supervisor page' });
    expect(m.writeUser(U.code, new Uint8Array([0]))).toMatchObject({ fault: true, errorCode: 7 });
    expect(m.readUser(0x10000000n, 1)).toMatchObject({ fault: true, errorCode: 4 });
  });
});
