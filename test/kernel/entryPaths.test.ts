// Each way into the kernel, stepped instruction by instruction: the exact sequence of mode
// switches, and the pt_regs frame at the moment the C function (a native) runs, compared field
// by field with REFERENCE.md's layouts (32-bit after SAVE_ALL: bx..ss, orig_ax = nr, ax = -ENOSYS;
// 64-bit after SYSCALL: r15..ss with cx = ip).
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/program/loadProgram.js';
import { LinuxKernel, type KernelKind } from '../../src/kernel/LinuxKernel.js';
import { PT_REGS32_FIELDS, PT_REGS64_FIELDS, PtRegs } from '../../src/kernel/ptRegs.js';
import type { ControlTransfer, RegName } from '../../src/machine/index.js';
import { capture, sourceFile } from './helpers.js';

const ENOSYS = 38n;
const REGS: RegName[] = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rflags'];

interface Captured {
  transfers: ControlTransfer[];
  /** Frame fields when each native first ran, and the user registers at the instruction that left user mode. */
  frames: Map<string, { fields: Map<string, bigint>; user: Record<string, bigint>; rsiArg: bigint }>;
  /** Frame fields right after each native returned. */
  after: Map<string, Map<string, bigint>>;
  kernel: LinuxKernel;
  stdout: string;
}

async function stepThrough(src: string, profile: string, kernel?: KernelKind): Promise<Captured> {
  const prog = await loadProgram(sourceFile(src));
  const c = capture();
  const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, profile, kernel, streams: c.streams, hz: 0 });
  const m = k.machine;
  const natives = new Map<bigint, string>();
  for (const n of ['do_syscall_64', 'do_int80_syscall_32', 'do_int80_emulation', 'do_fast_syscall_32', 'do_SYSENTER_32']) {
    natives.set(k.symbols.get(n)!, n);
  }
  const long = k.kind === 'x86_64';
  const frameAt = (addr: bigint): Map<string, bigint> => new Map(new PtRegs({ read: (a, n) => m.read(a, n), write: () => {} }, addr, long ? 64 : 32).entries());
  const out: Captured = { transfers: [], frames: new Map(), after: new Map(), kernel: k, stdout: '' };
  let userSnap: Record<string, bigint> = {};
  let entryUser: Record<string, bigint> = {};
  for (let i = 0; i < 100_000 && !k.outcome(); i++) {
    const rip = m.getReg('rip');
    if (m.cpl === 3) userSnap = Object.fromEntries(REGS.map((r) => [r, m.getReg(r)]));
    const native = natives.get(rip);
    const regsAddr = long ? m.getReg('rdi') : m.getReg('rax');
    if (native && !out.frames.has(native)) out.frames.set(native, { fields: frameAt(regsAddr), user: entryUser, rsiArg: m.getReg('rsi') });
    const r = m.step();
    if (native && !out.after.has(native) && !k.outcome()) out.after.set(native, frameAt(regsAddr));
    if (r.transfer) {
      out.transfers.push(r.transfer);
      if (r.transfer.fromCpl === 3) entryUser = userSnap;
    }
  }
  out.stdout = Buffer.concat(c.out).toString();
  expect(k.outcome()).toEqual({ kind: 'exited', status: 0 });
  return out;
}

const sig = (t: ControlTransfer): string => `${t.cause} ${t.fromCpl}->${t.toCpl} ${t.fromBits}->${t.toBits}`;
const u32 = (v: bigint): bigint => BigInt.asUintN(32, v);

const PROG64_SYSCALL = `
	.code64
	.text
	.globl _start
_start:
	movq $0x1b, %rbx
	movq $0x1bb, %rbp
	movq $0x12, %r12
	movq $0x13, %r13
	movq $0x14, %r14
	movq $0x15, %r15
	movq $0xa1, %rdi
	movq $0xa2, %rsi
	movq $0xa3, %rdx
	movq $0xa4, %r10
	movq $0xa5, %r8
	movq $0xa6, %r9
	movl $39, %eax
	syscall
	movl $60, %eax
	xorl %edi, %edi
	syscall
`;

describe('SYSCALL from 64-bit user space (entry_SYSCALL_64)', () => {
  it('switches modes syscall/sysret and builds the 64-bit pt_regs frame', async () => {
    const r = await stepThrough(PROG64_SYSCALL, 'textbook');
    expect(r.transfers.map(sig)).toEqual([
      'iret 0->3 64->64', // the first return to user mode after exec
      'syscall 3->0 64->64', 'sysret 0->3 64->64', // getpid: SYSRET allowed
      'syscall 3->0 64->64', // exit
    ]);
    const f = r.frames.get('do_syscall_64')!;
    expect([...f.fields.keys()]).toEqual([...PT_REGS64_FIELDS]);
    const u = f.user;
    const nextIp = u.rip! + 2n; // syscall is 2 bytes
    const expected: Record<string, bigint> = {
      r15: 0x15n, r14: 0x14n, r13: 0x13n, r12: 0x12n, bp: 0x1bbn, bx: 0x1bn,
      r11: u.rflags!, r10: 0xa4n, r9: 0xa6n, r8: 0xa5n, ax: BigInt.asUintN(64, -ENOSYS), cx: nextIp,
      dx: 0xa3n, si: 0xa2n, di: 0xa1n, orig_ax: 39n, ip: nextIp, cs: 0x33n, flags: u.rflags!, sp: u.rsp!, ss: 0x2bn,
    };
    for (const [name, v] of Object.entries(expected)) expect([name, f.fields.get(name)]).toEqual([name, v]);
    expect(f.rsiArg).toBe(39n); // do_syscall_64(regs, nr)
    expect(r.after.get('do_syscall_64')!.get('ax')).toBe(BigInt(r.kernel.pid));
  });
});

const PROG32_INT80 = `
	.code32
	.text
	.globl _start
_start:
	movl $0xb1, %ebx
	movl $0xc1, %ecx
	movl $0xd1, %edx
	movl $0x51, %esi
	movl $0xd2, %edi
	movl $0xb2, %ebp
	movl $20, %eax
	int $0x80
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
`;

describe('INT 0x80 on the i386 kernel (entry_INT80_32, SAVE_ALL)', () => {
  it('switches modes int/iret and builds the 32-bit pt_regs frame', async () => {
    const r = await stepThrough(PROG32_INT80, 'textbook', 'i386');
    expect(r.kernel.kind).toBe('i386');
    expect(r.transfers.map(sig)).toEqual(['iret 0->3 32->32', 'int 3->0 32->32', 'iret 0->3 32->32', 'int 3->0 32->32']);
    expect(r.transfers[1]!.vector).toBe(0x80);
    const f = r.frames.get('do_int80_syscall_32')!;
    expect([...f.fields.keys()]).toEqual([...PT_REGS32_FIELDS]);
    const u = f.user;
    const expected: Record<string, bigint> = {
      bx: 0xb1n, cx: 0xc1n, dx: 0xd1n, si: 0x51n, di: 0xd2n, bp: 0xb2n, ax: u32(-ENOSYS),
      ds: 0x7bn, es: 0x7bn, fs: 0n, gs: 0n, orig_ax: 20n,
      ip: u32(u.rip!) + 2n, cs: 0x73n, flags: u32(u.rflags!), sp: u32(u.rsp!), ss: 0x7bn,
    };
    for (const [name, v] of Object.entries(expected)) expect([name, f.fields.get(name)]).toEqual([name, v]);
    expect(r.after.get('do_int80_syscall_32')!.get('ax')).toBe(BigInt(r.kernel.pid));
  });
});

// Finds AT_SYSINFO (32) in the auxiliary vector and calls __kernel_vsyscall for getpid and exit.
const PROG32_VSYSCALL = `
	.code32
	.text
	.globl _start
_start:
	movl %esp, %esi
	movl (%esi), %eax
	leal 8(%esi,%eax,4), %esi
skip_envp:
	cmpl $0, (%esi)
	leal 4(%esi), %esi
	jne skip_envp
find_sysinfo:
	cmpl $32, (%esi)
	je found
	addl $8, %esi
	jmp find_sysinfo
found:
	movl 4(%esi), %eax
	movl %eax, vsys
	movl $0xb1, %ebx
	movl $0xc1, %ecx
	movl $0xd1, %edx
	movl $0x51, %esi
	movl $0xd2, %edi
	movl $0xb2, %ebp
	movl $20, %eax
	call *vsys
	movl $1, %eax
	xorl %ebx, %ebx
	call *vsys
	.data
vsys:	.long 0
`;

describe('SYSENTER on the i386 kernel (__kernel_vsyscall, entry_SYSENTER_32)', () => {
  it('switches modes sysenter/sysexit; the frame has placeholders until do_SYSENTER_32 fills sp and ip', async () => {
    const r = await stepThrough(PROG32_VSYSCALL, 'textbook', 'i386');
    expect(r.transfers.map(sig)).toEqual(['iret 0->3 32->32', 'sysenter 3->0 32->32', 'sysexit 0->3 32->32', 'sysenter 3->0 32->32']);
    const f = r.frames.get('do_SYSENTER_32')!;
    const u = f.user; // at the sysenter instruction inside the vDSO: ebp = esp after push ecx/edx/ebp
    const expected: Record<string, bigint> = {
      bx: 0xb1n, cx: 0xc1n, dx: 0xd1n, si: 0x51n, di: 0xd2n, bp: u32(u.rsp!), ax: u32(-ENOSYS),
      ds: 0x7bn, es: 0x7bn, fs: 0n, gs: 0n, orig_ax: 20n, ip: 0n, cs: 0x73n, sp: 0n, ss: 0x7bn,
    };
    for (const [name, v] of Object.entries(expected)) expect([name, f.fields.get(name)]).toEqual([name, v]);
    expect(u32(u.rbp!)).toBe(u32(u.rsp!)); // mov %esp,%ebp just before sysenter
    expect(f.fields.get('flags')! & 0x200n).toBe(0n); // pushed with IF clear (SYSENTER cleared it)
    const after = r.after.get('do_SYSENTER_32')!;
    const k = r.kernel;
    expect(after.get('ip')).toBe(k.symbols.get('int80_landing_pad'));
    expect(after.get('sp')).toBe(u32(u.rsp!));
    expect(after.get('bp')).toBe(0xb2n); // the 6th argument, read from the user stack with get_user
    expect(after.get('flags')! & 0x200n).toBe(0x200n);
    expect(after.get('ax')).toBe(BigInt(k.pid));
  });

  it('on the x86_64 kernel with an AMD CPU goes through SYSCALL/CSTAR (entry_SYSCALL_compat) and SYSRETL', async () => {
    const r = await stepThrough(PROG32_VSYSCALL, 'zen4-kvm');
    expect(r.kernel.kind).toBe('x86_64');
    expect(r.transfers.map(sig)).toEqual(['iret 0->3 64->32', 'syscall 3->0 32->64', 'sysret 0->3 64->32', 'syscall 3->0 32->64']);
    const f = r.frames.get('do_fast_syscall_32')!;
    const u = f.user;
    const expected: Record<string, bigint> = {
      bx: 0xb1n, cx: 0xc1n /* from EBP: mov %ecx,%ebp */, dx: 0xd1n, si: 0x51n, di: 0xd2n, bp: 0xc1n, ax: BigInt.asUintN(64, -ENOSYS),
      orig_ax: 20n, ip: u32(u.rip!) + 2n, cs: 0x23n, flags: u.rflags!, r11: u.rflags!, sp: u32(u.rsp!), ss: 0x2bn,
    };
    for (const [name, v] of Object.entries(expected)) expect([name, f.fields.get(name)]).toEqual([name, v]);
    const after = r.after.get('do_fast_syscall_32')!;
    expect(after.get('ip')).toBe(r.kernel.symbols.get('int80_landing_pad'));
    expect(after.get('bp')).toBe(0xb2n);
  });

  it('on the x86_64 kernel with an Intel CPU goes through entry_SYSENTER_compat and SYSRETL', async () => {
    const r = await stepThrough(PROG32_VSYSCALL, 'textbook', 'x86_64');
    expect(r.transfers.map(sig)).toEqual(['iret 0->3 64->32', 'sysenter 3->0 32->64', 'sysret 0->3 64->32', 'sysenter 3->0 32->64']);
    const f = r.frames.get('do_SYSENTER_32')!;
    expect(f.fields.get('cs')).toBe(0x23n);
    expect(f.fields.get('ip')).toBe(0n);
    expect(f.fields.get('sp')).toBe(0n);
    expect(f.fields.get('orig_ax')).toBe(20n);
    expect(f.fields.get('bp')).toBe(u32(f.user.rsp!));
  });
});

const PROG64_INT80 = `
	.code64
	.text
	.globl _start
_start:
	movq $0x100000001, %rbx
	movl $20, %eax
	int $0x80
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
`;

describe('INT 0x80 from a 64-bit process (6.7+ int80 emulation)', () => {
  it('enters through the IDT, reads the x2APIC ISR, uses i386 numbers and returns with IRET', async () => {
    const r = await stepThrough(PROG64_INT80, 'zen4-kvm');
    expect(r.transfers.map(sig)).toEqual(['iret 0->3 64->64', 'int 3->0 64->64', 'iret 0->3 64->64', 'int 3->0 64->64']);
    const f = r.frames.get('do_int80_emulation')!;
    // idtentry pushed -1 as orig_ax; ax still holds the number until do_int80_emulation moves it
    expect(f.fields.get('orig_ax')).toBe(BigInt.asUintN(64, -1n));
    expect(f.fields.get('ax')).toBe(20n);
    expect(f.fields.get('bx')).toBe(0x100000001n);
    expect(f.fields.get('cs')).toBe(0x33n);
    const after = r.after.get('do_int80_emulation')!;
    expect(after.get('orig_ax')).toBe(20n);
    expect(after.get('ax')).toBe(BigInt(r.kernel.pid));
  });

  it('costs a VM exit on the virtualised profile only (RDMSR 0x814 in int80_is_external)', async () => {
    const cost = async (profile: string): Promise<number> => {
      const r = await stepThrough(PROG64_INT80, profile);
      return r.kernel.machine.profile.costs.vmExit;
    };
    const zen = await stepThrough(PROG64_INT80, 'zen4-kvm');
    const text = await stepThrough(PROG64_INT80, 'textbook');
    expect(zen.kernel.machine.profile.virtualised).toBe(true);
    expect(zen.kernel.machine.cycles - text.kernel.machine.cycles).toBeGreaterThan(0.8 * 2 * (await cost('zen4-kvm')));
  });
});

describe('do_fast_syscall_32 when get_user of the 6th argument fails', () => {
  it('returns -EFAULT through IRET (not SYSEXIT) to the landing pad, whose pop then faults', async () => {
    const src = `\t.code32\n\t.text\n\t.globl _start\n_start:\n\tmovl $20, %eax\n\tmovl $0x10, %ebp\n\tsysenter\n`;
    const prog = await loadProgram(sourceFile(src));
    const c = capture();
    const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, kernel: 'i386', streams: c.streams, hz: 0 });
    const causes: string[] = [];
    while (!k.outcome()) {
      const s = k.machine.step();
      if (s.transfer) causes.push(sig(s.transfer));
    }
    expect(causes.slice(0, 3)).toEqual(['iret 0->3 32->32', 'sysenter 3->0 32->32', 'iret 0->3 32->32']);
    const out = k.outcome()!;
    expect(out.kind).toBe('killed');
    if (out.kind === 'killed') {
      expect(out.report).toMatch(/SIGSEGV: read from 0x10 \(page not present\) at 0x[0-9a-f]+: pop +%ebp$/);
    }
    // the page fault's pt_regs: eax still holds do_fast_syscall_32's -EFAULT
    const frame = new PtRegs({ read: (a, n) => k.machine.read(a, n), write: () => {} }, k.layout.stack + BigInt(k.layout.stackSize) - 68n, 32);
    expect(frame.get('ax')).toBe(u32(-14n));
  });
});

describe('a fault inside the kernel', () => {
  it('is a kernel oops: the process is killed (SIGKILL) with the kernel symbol in the report', async () => {
    const prog = await loadProgram('programs/hello-syscall.S');
    const k = await LinuxKernel.boot({ elf: prog.elf, execPath: prog.path, streams: capture().streams, hz: 0 });
    const entry = k.symbols.get('entry_SYSCALL_64')!;
    k.machine.write(entry + 3n, new Uint8Array([0x0f, 0x0b])); // ud2 right after swapgs
    const out = k.run();
    expect(out.kind).toBe('killed');
    if (out.kind === 'killed') {
      expect(out.signal.name).toBe('SIGKILL');
      expect(out.report).toMatch(/^trapdoor: program killed by SIGKILL: kernel oops in entry_SYSCALL_64\+3: invalid opcode at 0xffffffff81[0-9a-f]+: ud2$/);
    }
  });
});
