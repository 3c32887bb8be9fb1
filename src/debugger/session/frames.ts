// The user's call frames: unwound from the registers in user mode, from pt_regs in the kernel;
// `bt`, `up`/`down`/`frame N` and the source position of the selected frame.
import type { RegName } from '../../machine/index.js';
import { type StackFrame, unwindStack } from '../callStack.js';
import { CommandError } from '../commands.js';
import type { SourcePosition } from '../programSource.js';
import { formatFrame } from '../sourceCommands.js';
import { hex } from '../viewModel.js';
import { SessionState } from './state.js';

export abstract class SessionFrames extends SessionState {
  /** The source line of the current stop (of the selected frame), null without line information. */
  protected position(): SourcePosition | null {
    if (this.selectedFrame > 0) {
      const f = this.userFrames().frames[this.selectedFrame];
      if (f) return this.source.positionAt(f.lookupPc);
    }
    return this.source.positionAt(this.machine.getReg('rip'));
  }

  /**
   * The user frames: unwound from the registers in user mode; in the kernel, from the user
   * registers the entry code saved in pt_regs (null until it saved ip and sp).
   */
  protected userFrames(): { frames: StackFrame[]; kernelPc: bigint | null; note: string | null } {
    const m = this.machine;
    const bits = this.kernel.processBits as 32 | 64;
    const readWord = (a: bigint): bigint | null => this.readSlot(a, bits === 64 ? 8 : 4);
    const own = this.source.frames;
    // a pc in a shared library is unwound by the library's CFI (libc's write, puts ...)
    const cfi = { rulesAt: (pc: bigint) => own?.rulesAt(pc) ?? this.libraries?.containing(pc)?.cfi()?.rulesAt(pc) ?? null };
    if (m.cpl === 3) return { frames: unwindStack({ cfi, bits, register: (n) => (bits === 64 ? m.getReg(n as RegName) : m.getReg(n.replace(/^e/, 'r') as RegName) & 0xffffffffn), readWord }), kernelPc: null, note: null };
    const saved = this.savedUserRegisters();
    if (!saved) return { frames: [], kernelPc: m.getReg('rip'), note: 'user frames: pt_regs does not hold the user ip and sp yet' };
    return { frames: unwindStack({ cfi, bits, register: (n) => saved.get(n.replace(/^[re](?=[a-z]{2}$)/, '')) ?? 0n, readWord }), kernelPc: m.getReg('rip'), note: null };
  }

  /** The user registers in pt_regs at the top of the kernel stack, once the entry code (or the CPU) saved ip and sp. */
  protected savedUserRegisters(): Map<string, bigint> | null {
    const k64 = this.kernel.layout.bits === 64;
    // Byte offsets in struct pt_regs (arch/x86/include/asm/ptrace.h).
    const fields: [string, number][] = k64
      ? [['15', 0], ['14', 8], ['13', 16], ['12', 24], ['bp', 32], ['bx', 40], ['ax', 80], ['cx', 88], ['dx', 96], ['si', 104], ['di', 112], ['ip', 128], ['sp', 152]]
      : [['bx', 0], ['cx', 4], ['dx', 8], ['si', 12], ['di', 16], ['bp', 20], ['ax', 24], ['ip', 48], ['sp', 60]];
    const size = k64 ? 168n : 68n;
    const base = this.stackTop - size;
    const sp = this.machine.getReg('rsp') & (k64 ? 0xffffffffffffffffn : 0xffffffffn);
    const slot = k64 ? 8 : 4;
    // Until the entry code switches to the task's kernel stack, its slots hold an earlier entry's values.
    if (sp < this.kernel.layout.stack || sp > this.stackTop) return null;
    const out = new Map<string, bigint>();
    for (const [name, off] of fields) {
      const a = base + BigInt(off);
      if (a < sp) continue; // not pushed yet
      const v = this.readSlot(a, slot);
      if (v !== null) out.set(name.length === 2 && /\d/.test(name) ? `r${name}` : name, this.kernel.processBits === 32 ? v & 0xffffffffn : v);
    }
    return out.has('ip') && out.has('sp') ? out : null;
  }

  /**
   * The kernel's callers above the stopped instruction: return addresses on the task's kernel stack
   * from RSP up (the entry code keeps no frame pointers, so each word that follows a call
   * instruction in kernel code is one; error_entry's sits in pt_regs->di's slot until it moves it),
   * innermost first.
   */
  protected kernelCallers(): bigint[] {
    const k64 = this.kernel.layout.bits === 64;
    const word = k64 ? 8 : 4;
    const sp = this.machine.getReg('rsp') & (k64 ? 0xffffffffffffffffn : 0xffffffffn);
    if (sp < this.kernel.layout.stack || sp >= this.stackTop) return [];
    const out: bigint[] = [];
    for (let a = sp; a < this.stackTop; a += BigInt(word)) {
      const v = this.readSlot(a, word as 4 | 8);
      if (v === null || this.symbols.containing(v)?.region !== 'kernel') continue;
      const before = this.readMemory(v - 5n, 5);
      // call rel32 (E8), or call through a register (FF /2: handle_exception's call *%edi)
      if (before && (before[0] === 0xe8 || (before[3] === 0xff && ((before[4]! >> 3) & 7) === 2))) out.push(v);
    }
    return out;
  }

  protected backtrace(limit: number | null): string {
    const { frames, kernelPc, note } = this.userFrames();
    const bits = this.kernel.processBits as 32 | 64;
    const lines: string[] = [];
    if (kernelPc !== null) {
      lines.push(`#k  ${this.symbols.describe(kernelPc) ?? `0x${hex(kernelPc)}`} (kernel, ring 0; the user frames below are from pt_regs)`);
      const callers = this.kernelCallers();
      for (let i = 0; i < callers.length; i++) lines.push(`#k${i + 1} 0x${hex(callers[i]!)} in ${this.symbols.describe(callers[i]!) ?? '??'} (kernel, returned to by the call before it)`);
    }
    for (const f of frames.slice(0, limit ?? frames.length)) lines.push(formatFrame(this.source, this.symbols, f, bits));
    if (limit !== null && frames.length > limit) lines.push('(More stack frames follow...)');
    if (note) lines.push(note);
    return lines.join('\n');
  }

  protected selectFrame(how: 'absolute' | 'up' | 'down', n: number | null): void {
    if (this.machine.cpl === 0) throw new CommandError('frame: in the kernel, only bt (the user frames from pt_regs); frames are selected in user mode');
    const { frames } = this.userFrames();
    const want = how === 'absolute' ? (n ?? this.selectedFrame) : how === 'up' ? this.selectedFrame + n! : this.selectedFrame - n!;
    if (want < 0) throw new CommandError('Bottom (innermost) frame selected; you cannot go down.');
    if (want >= frames.length) throw new CommandError('Initial frame selected; you cannot go up.');
    this.selectedFrame = want;
    this.listState = null;
    const f = frames[want]!;
    const pos = this.source.positionAt(f.lookupPc);
    const text = pos && this.source.lineRange(f.lookupPc) ? this.source.lineText(pos.file, pos.line) : null;
    this.message = `${formatFrame(this.source, this.symbols, f, this.kernel.processBits as 32 | 64)}${text !== null ? `\n${pos!.line}\t${text}` : ''}`;
  }
}
