// The `call` row of the Cycles pane (DESIGN.md "Cycle model": a plain function call as baseline):
// a call of a straight-line function of the program's own (no branch, call or system call before
// its ret), from a call instruction, to the instruction after that call.
import type { Bitness } from '../x86/index.js';
import type { InstructionCache } from './codeView.js';

/** Instructions a straight-line function may have before its ret. */
const MAX_BODY = 32;
const BRANCHES = new Set(['call', 'jmp', 'loop', 'loope', 'loopne', 'jcxz', 'jecxz', 'jrcxz', 'syscall', 'sysenter', 'int', 'int3', 'into', 'int1', 'ud2', 'hlt', 'iret', 'iretd', 'iretq', 'retf', 'lcall', 'ljmp', 'enter']);

/** Whether the code at `addr` runs straight to a `ret` (and so its call is a plain one). */
export function isStraightLine(read: (a: bigint, n: number) => Uint8Array | null, cache: InstructionCache, addr: bigint, bits: Bitness): boolean {
  let a = addr;
  for (let i = 0; i < MAX_BODY; i++) {
    const bytes = read(a, 15);
    if (!bytes || bytes.length === 0) return false;
    const insn = cache.decode(bytes, bits, a);
    const mn = insn.mnemonic;
    if (mn === 'ret') return true;
    if (mn === '(bad)' || insn.bytes.every((b) => b === 0) || BRANCHES.has(mn) || mn.startsWith('j') || mn.startsWith('rep')) return false;
    a += BigInt(insn.length);
  }
  return false;
}

/** Whether `ret` is the address after a call that went to `target`: `call rel32` to it, or an indirect `call` (FF /2). */
export function returnsFromCall(read: (a: bigint, n: number) => Uint8Array | null, ret: bigint, target: bigint, bits: Bitness): boolean {
  const b = read(ret - 7n, 7);
  if (!b || b.length < 7) return false;
  const dv = new DataView(b.buffer, b.byteOffset, 7);
  if (b[2] === 0xe8) {
    const to = ret + BigInt(dv.getInt32(3, true));
    return (bits === 64 ? BigInt.asUintN(64, to) : to & 0xffffffffn) === target;
  }
  // FF /2 with a register (2 bytes, 3 with REX), RIP-relative or SIB+disp32 operand (6 or 7 bytes)
  for (const at of [5, 4, 1, 0]) if (b[at] === 0xff && ((b[at + 1]! >> 3) & 7) === 2) return true;
  return false;
}
