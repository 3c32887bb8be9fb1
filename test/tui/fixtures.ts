// Hand-written view models (plain data) for rendering the panes without a machine.
import type { DebugTarget } from '../../src/debugger/DebugTarget.js';
import type { KernelStackSlot, RegisterCell, ViewModel } from '../../src/debugger/viewModel.js';

const reg = (name: string, value: string, changed = false): RegisterCell => ({ name, value, changed });

const PT_REGS_32_FROM_TOP = ['ss', 'sp', 'flags', 'cs', 'ip', 'orig_ax', 'gs', 'fs', 'es', 'ds', 'ax', 'bp', 'di', 'si', 'dx', 'cx', 'bx'];

export function kernelView64(): ViewModel {
  return {
    code: {
      region: 'kernel',
      lines: [
        { addr: 'ffffffff81000000', symbol: 'entry_SYSCALL_64', label: 'entry_SYSCALL_64', bytes: '0f 01 f8', text: 'swapgs', source: { file: 'entry_64.S', line: 20, text: '\tswapgs' }, breakpoint: null, current: true },
        { addr: 'ffffffff81000003', symbol: 'entry_SYSCALL_64+3', label: null, bytes: '65 48 89 24 25 14 60 00 00', text: 'mov    %rsp,%gs:0x6014', source: null, breakpoint: 'enabled', current: false },
        { addr: 'ffffffff8100000c', symbol: 'entry_SYSCALL_64+12', label: null, bytes: '65 48 8b 24 25 0c 60 00 00', text: 'mov    %gs:0x600c,%rsp', source: null, breakpoint: 'disabled', current: false },
      ],
    },
    registers: {
      width: 64,
      cpl: 0,
      general: [reg('rax', '0000000000000001'), reg('rbx', '0000000000000000'), reg('rcx', '000000000040100c', true), reg('rdx', '000000000000000e')],
      ip: reg('rip', 'ffffffff81000000', true),
      flags: { ...reg('rflags', '0000000000000002', true), decoded: '[ ]' },
      segments: [{ ...reg('cs', '0010', true), meaning: 'kernel code' }, { ...reg('ss', '0018', true), meaning: 'kernel data' }],
      control: [reg('cr3', '0000000000101000')],
      bases: [reg('fs_base', '0000000000000000'), reg('gs_base', '0000000000000000'), reg('kernel_gs_base', 'ffff888000010000')],
      msrs: [reg('lstar', 'ffffffff81000000'), reg('star', '0023001000000000')],
      x87: null,
      sse: null,
    },
    kernelStack: { top: 'ffffc90000004000', sp: '00007ffffffde000', slotSize: 8, slots: [], note: 'RSP is still the user stack (SYSCALL does not switch stacks)', layout: null },
    memoryMap: [
      { start: '00400000', end: '00401000', perms: 'r--p', name: 'hello-syscall', kernelOnly: false, current: false },
      { start: '00401000', end: '00402000', perms: 'r-xp', name: 'hello-syscall', kernelOnly: false, current: false },
      { start: '7ffffffde000', end: '7ffffffff000', perms: 'rw-p', name: '[stack]', kernelOnly: false, current: false },
      { start: 'ffffffff81000000', end: 'ffffffff81200000', perms: 'r-x', name: 'kernel text', kernelOnly: true, current: true },
    ],
    cycles: {
      profile: 'textbook',
      total: 1234,
      methods: [
        { method: 'syscall', calls: 2, last: 312, avg: 300, min: 288, max: 312 },
        { method: 'int80', calls: 1, last: 402, avg: 402, min: 402, max: 402 },
        { method: 'vdso', calls: 0, last: null, avg: null, min: null, max: null },
      ],
      inFlight: { method: 'syscall', cycles: 57 },
      ratios: { syscallOverInt80: 0.75, vdsoOverSyscall: null },
    },
    syscalls: [{ text: 'write(1, "hello, world\\n", 13) = 13', method: 'syscall', cycles: 312 }],
    syscallTotal: 1,
    output: 'hello, world\n',
    status: {
      mode: 'KERNEL · ring 0', kernel: true, stopReason: 'step', running: false, exited: false, modeStops: false, message: null,
      modeSwitch: 'SYSCALL: RCX <- return RIP, R11 <- RFLAGS, CS <- 0x10, RIP <- LSTAR (entry_SYSCALL_64), stack not switched',
      program: 'hello-syscall.S', profile: 'textbook', kernelName: 'x86_64',
    },
    breakpoints: [
      { number: 1, type: 'breakpoint', enabled: true, what: 'entry_SYSCALL_64+3', addr: 'ffffffff81000003', condition: null, hits: 0 },
      { number: 2, type: 'breakpoint', enabled: false, what: 'entry_SYSCALL_64+12', addr: 'ffffffff8100000c', condition: null, hits: 0 },
    ],
  };
}

/** After SAVE_ALL on the i386 kernel: the whole 17-slot pt_regs frame. */
export function kernelView32AfterSaveAll(): ViewModel {
  const v = kernelView64();
  const top = 0xc1a02000;
  const slots: KernelStackSlot[] = PT_REGS_32_FROM_TOP.map((field, i) => ({
    addr: (top - 4 * (i + 1)).toString(16),
    value: (i * 3).toString(16).padStart(8, '0'),
    field,
    pushedBy: i < 5 ? 'CPU (INT 0x80)' : i === 5 ? 'entry_INT80_32' : 'SAVE_ALL',
    top: i === PT_REGS_32_FROM_TOP.length - 1,
    changed: i === PT_REGS_32_FROM_TOP.length - 1,
  }));
  return {
    ...v,
    registers: { ...v.registers, width: 32, general: [reg('eax', '00000004'), reg('ebx', '00000001')], ip: reg('eip', 'c1000020') },
    kernelStack: { top: top.toString(16), sp: (top - 68).toString(16), slotSize: 4, slots, note: null, layout: 'pt_regs: 32-bit, 17 fields' },
    status: { ...v.status, modeSwitch: null, stopReason: 'step', kernelName: 'i386' },
  };
}

export function userView64(): ViewModel {
  const v = kernelView64();
  return {
    ...v,
    code: {
      region: 'user',
      lines: [
        { addr: '401000', symbol: '_start', label: '_start', bytes: 'b8 01 00 00 00', text: 'mov    $0x1,%eax', source: { file: 'hello-syscall.S', line: 8, text: '\tmov $1, %eax' }, breakpoint: null, current: false },
        { addr: '40100a', symbol: '_start+10', label: null, bytes: '0f 05', text: 'syscall', source: { file: 'hello-syscall.S', line: 12, text: '\tsyscall' }, breakpoint: null, current: true },
      ],
    },
    status: { ...v.status, mode: 'user · ring 3 · 64-bit', kernel: false, modeSwitch: null, stopReason: 'step' },
    kernelStack: { ...v.kernelStack, note: 'user mode: the kernel stack is empty' },
    cycles: { ...v.cycles, inFlight: null },
    breakpoints: [],
  };
}

/** A target that records the commands it is sent and publishes whatever view a test sets. */
export class FakeTarget implements DebugTarget {
  commands: string[] = [];
  interrupts = 0;
  private listeners = new Set<(v: ViewModel) => void>();
  constructor(private current: ViewModel) {}
  view(): ViewModel {
    return this.current;
  }
  subscribe(listener: (v: ViewModel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  publish(v: ViewModel): void {
    this.current = v;
    for (const l of this.listeners) l(v);
  }
  async execute(line: string): Promise<void> {
    this.commands.push(line);
  }
  interrupt(): boolean {
    this.interrupts++;
    return this.current.status.running;
  }
  dispose(): void {}
}
