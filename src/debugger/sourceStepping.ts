// `step` and `next` in gdb's sense: run instruction by instruction until the start of another
// source line. Calls are stepped into (step) or over (next); a syscall inside a line is one
// step over the whole kernel visit; a call into code without line information stops at its
// first instruction (the issue's "step into the wrapper": libc without -g is shown as code).
import type { CodeReader, ProgramSource } from './programSource.js';

/** What source stepping needs of the session: one instruction or one "next" at a time. */
export interface LineStepper {
  pc(): bigint;
  sp(): bigint;
  /** True while the CPU is in user mode (CPL 3). */
  user(): boolean;
  /** The mnemonic and length of the instruction at pc (null when unreadable). */
  instruction(pc: bigint): { mnemonic: string; length: number; modeSwitch: boolean } | null;
  /** stepi; returns false when the session stopped for good (exit, breakpoint, catchpoint). */
  stepInstruction(): Promise<boolean>;
  /** nexti over a call or a whole syscall; false when something else stopped it. */
  stepOver(): Promise<boolean>;
  /** Back to user mode after an interrupt or exception taken mid-line; false when stopped. */
  returnToUser(): Promise<boolean>;
  /** Every ~4k instructions: publish, and say whether the user interrupted. */
  yieldToUser(): Promise<boolean>;
  /** Guest memory (the callee's prologue). */
  read: CodeReader;
  /** Where the instruction is, for the stop reason (`main+4`, `printf`). */
  describe(pc: bigint): string;
}

/** The outcome of one source line step: the stop reason to show. */
export type LineStepResult = { reason: string } | { stoppedBy: 'session' };

const MAX_INSTRUCTIONS = 20_000_000;

/**
 * One `step` (into) or `next` from a pc that has line information. The caller checks that first
 * (without line information both are stepi/nexti).
 */
export async function stepLine(src: ProgramSource, s: LineStepper, into: boolean): Promise<LineStepResult> {
  const startPos = src.positionAt(s.pc())!;
  const fnOf = (pc: bigint): string | null => src.functionAt(pc)?.name ?? null;
  let line = { file: startPos.file, line: startPos.line };
  for (let n = 0; n < MAX_INSTRUCTIONS; n++) {
    const pc = s.pc();
    const insn = s.instruction(pc);
    let ok: boolean;
    if (insn?.mnemonic === 'call' && into) {
      ok = await s.stepInstruction();
      if (!ok) return { stoppedBy: 'session' };
      const callee = src.functionAt(s.pc());
      if (!callee || !src.lineRange(s.pc())) return { reason: `step: into ${s.describe(s.pc())} (no line information: stepping instructions)` };
      // A function with lines: on through its prologue to where `break FUNCTION` would stop.
      const body = src.breakAddress(callee, s.read);
      for (let k = 0; k < 64 && s.pc() !== body && src.functionAt(s.pc()) === callee; k++) {
        if (!(await s.stepInstruction())) return { stoppedBy: 'session' };
      }
      const pos = src.positionAt(s.pc());
      return { reason: `step: ${callee.name} at ${pos ? `${baseName(pos.file)}:${pos.line}` : s.describe(s.pc())}` };
    }
    if (insn?.mnemonic === 'call' || insn?.modeSwitch) ok = await s.stepOver();
    else ok = await s.stepInstruction();
    if (!ok) return { stoppedBy: 'session' };
    // An interrupt or exception taken mid-line: its kernel visit is part of the step.
    if (!s.user() && !(await s.returnToUser())) return { stoppedBy: 'session' };
    const now = s.pc();
    const range = src.lineRange(now);
    if (!range) {
      // Left the line's code without a call: returned (or jumped) into code without lines.
      return { reason: `step: returned to ${s.describe(now)} (no line information: stepping instructions)` };
    }
    const pos = src.positionAt(now)!;
    // gdb's rule: stop at the start of a range of another line; in the middle of a line (a call
    // returned there, a jump), that line becomes the one being stepped.
    if (pos.line !== line.line || pos.file !== line.file) {
      if (range[0] === now) return { reason: `${into ? 'step' : 'next'}: ${fnOf(now) ?? s.describe(now)} at ${baseName(pos.file)}:${pos.line}` };
      line = { file: pos.file, line: pos.line };
    }
    if ((n & 0xfff) === 0xfff && (await s.yieldToUser())) return { reason: 'interrupted' };
  }
  return { reason: `${into ? 'step' : 'next'}: stopped after ${MAX_INSTRUCTIONS} instructions on one line` };
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
