// Where an oracle case lives in memory, natively and in the emulator (the same addresses in both,
// so values derived from %rsp/%rbp agree), and the initial state a seed gives it.
import { SeededRandom } from './seededRandom.js';
import { CF, PF, AF, ZF, SF, OF, SCRATCH_SIZE, type Bits } from './generateBlock.js';

export const CODE_ADDR = 0x1000_0000n;
export const DATA_ADDR = 0x1010_0000n;
export const DATA_SIZE = 0x1_0000;
/** Scratch memory (disp(%rbp)) at the start of the data region; the stack grows down from here. */
export const SCRATCH_ADDR = DATA_ADDR;
export const STACK_TOP = DATA_ADDR + 0x8000n;
/** A read-only page (stores to it fault with a protection #PF). */
export const RO_ADDR = 0x1020_0000n;

/** Register order of every oracle state: rax rcx rdx rbx rsp rbp rsi rdi (r8..r15 in 64-bit). */
export const REG_NAMES_64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;
export const REG_NAMES_32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;

export interface CpuState {
  /** 16 registers in 64-bit cases, 8 in 32-bit ones (zero-extended to bigint). */
  regs: bigint[];
  rflags: bigint;
  scratch: Uint8Array;
  /** Set when the code raised an exception (registers are then those at the faulting instruction). */
  fault?: CpuFault;
  /** Emulator side only: instructions retired inside compiled blocks. */
  compiledInstructions?: number;
}

export interface CpuFault {
  /** Address of the faulting instruction. */
  rip: bigint;
  vector: number;
  /** Error code (#GP, #PF); natively Linux reports 0 for exceptions without one. */
  errorCode: number;
  /** Faulting address of a #PF. */
  cr2: bigint;
}

const INTERESTING = [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn];

/** The seeded initial registers, arithmetic flags and scratch bytes of a case. */
export function initialState(bits: Bits, seed: number): CpuState {
  const rnd = new SeededRandom(seed * 7919 + bits);
  const mask = bits === 64 ? (1n << 64n) - 1n : 0xffffffffn;
  const regs: bigint[] = [];
  for (let i = 0; i < (bits === 64 ? 16 : 8); i++) {
    const kind = rnd.below(4);
    const v = kind === 0 ? rnd.pick(INTERESTING) : kind === 1 ? BigInt(rnd.range(0, 300)) : rnd.u64();
    regs.push(v & mask);
  }
  regs[4] = STACK_TOP;
  regs[5] = SCRATCH_ADDR;
  let rflags = 0x2n; // reserved bit 1; IF is set by the OS natively and by the runner in the emulator
  for (const f of [CF, PF, AF, ZF, SF, OF]) if (rnd.chance(0.5)) rflags |= BigInt(f);
  const scratch = new Uint8Array(SCRATCH_SIZE);
  for (let i = 0; i < SCRATCH_SIZE; i++) scratch[i] = rnd.below(256);
  return { regs, rflags, scratch };
}
