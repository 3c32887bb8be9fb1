// The user call stack: frames unwound from the registers by the program's call frame information
// (.eh_frame/.debug_frame, as gdb unwinds), falling back to the frame-pointer chain where a
// function has none; each frame named by function and, with DWARF, by source line.
import type { CallFrameInfo } from '../elf/index.js';

/** One frame: its pc (frame 0: the stop; outer frames: a return address) and stack pointer. */
export interface StackFrame {
  level: number;
  pc: bigint;
  sp: bigint;
  /** Where to look the frame up: pc for frame 0, pc - 1 for callers (a return address may be past its call's function). */
  lookupPc: bigint;
  /** How the frame was found: the first one, CFI, or the saved frame pointer. */
  how: 'stop' | 'cfi' | 'frame-pointer';
}

/** DWARF register numbers of the stack pointer, frame pointer and return address column. */
const LAYOUT = {
  64: { names: ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'], sp: 7, fp: 6, ra: 16 },
  32: { names: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'eip'], sp: 4, fp: 5, ra: 8 },
} as const;

export interface UnwindContext {
  /** The rules at a pc: the program's CFI, and the loaded libraries'. */
  cfi: Pick<CallFrameInfo, 'rulesAt'> | null;
  bits: 32 | 64;
  /** A register of the stopped CPU by name (`rsp`, `ebp`). */
  register(name: string): bigint;
  /** A stack word (4 or 8 bytes), null where unreadable. */
  readWord(addr: bigint): bigint | null;
}

const MAX_FRAMES = 64;

/** Unwind from the stopped registers: frame 0 first, the outermost (e.g. _start) last. */
export function unwindStack(ctx: UnwindContext): StackFrame[] {
  const L = LAYOUT[ctx.bits];
  const word = BigInt(ctx.bits / 8);
  let regs = new Map<number, bigint>();
  L.names.forEach((n, i) => { regs.set(i, ctx.register(n)); });
  const frames: StackFrame[] = [{ level: 0, pc: regs.get(L.ra)!, sp: regs.get(L.sp)!, lookupPc: regs.get(L.ra)!, how: 'stop' }];
  while (frames.length < MAX_FRAMES) {
    const f = frames[frames.length - 1]!;
    const rules = ctx.cfi?.rulesAt(f.lookupPc) ?? null;
    let next: Map<number, bigint> | null = null;
    let how: StackFrame['how'] = 'cfi';
    if (rules) {
      if (rules.cfa.kind !== 'register') break;
      const base = regs.get(rules.cfa.reg);
      if (base === undefined) break;
      const cfa = base + BigInt(rules.cfa.offset);
      next = new Map(regs);
      next.set(L.sp, cfa);
      next.delete(L.ra);
      for (const [r, rule] of rules.registers) {
        let v: bigint | null | undefined;
        if (rule.kind === 'offset') v = ctx.readWord(cfa + BigInt(rule.offset));
        else if (rule.kind === 'valOffset') v = cfa + BigInt(rule.offset);
        else if (rule.kind === 'register') v = regs.get(rule.reg);
        else if (rule.kind === 'same') v = regs.get(r);
        else v = undefined; // undefined (the outermost frame marks its return address so) or an expression
        if (v === null || v === undefined) next.delete(r);
        else next.set(r, v);
      }
    } else {
      // No CFI: a frame-pointer frame ([fp] = caller's fp, [fp + word] = return address), if fp is plausible.
      const fp = regs.get(L.fp);
      if (fp === undefined || fp < f.sp || fp - f.sp > 0x100000n) break;
      const savedFp = ctx.readWord(fp), ra = ctx.readWord(fp + word);
      if (savedFp === null || ra === null) break;
      next = new Map(regs);
      next.set(L.fp, savedFp);
      next.set(L.sp, fp + 2n * word);
      next.set(L.ra, ra);
      how = 'frame-pointer';
    }
    const pc = next.get(L.ra), sp = next.get(L.sp)!;
    if (pc === undefined || pc === 0n || sp <= f.sp) break;
    frames.push({ level: frames.length, pc, sp, lookupPc: pc - 1n, how });
    regs = next;
  }
  return frames;
}
