// CPU oracle, emulator side: run a block in trapdoor's Machine at CPL 3 in a flat address space
// (64-bit long mode; 32-bit code in protected mode or in compat mode under long mode) at the same
// addresses the native harness uses.
import type { Machine as MachineClass, RegName, SegmentState } from '../../src/machine/index.js';
import type { Bits } from './generateBlock.js';
import { CODE_ADDR, DATA_ADDR, DATA_SIZE, REG_NAMES_64, RO_ADDR, type CpuState } from './oracleLayout.js';

type MachineModule = typeof import('../../src/machine/index.js');

let loaded: MachineModule | null = null;
let loadError: string | null = null;

/** Load src/machine once; null and a reason when it cannot be loaded yet. */
export async function loadMachine(): Promise<string | null> {
  if (loaded || loadError) return loadError;
  try {
    loaded = await import('../../src/machine/index.js');
  } catch (e) {
    loadError = `src/machine could not be loaded: ${(e as Error).message.split('\n')[0]}`;
  }
  return loadError;
}

const CR3 = 0x1000n;
const IDT_ADDR = 0x1030_0000n;
const PAGE = 0x1000;
// Control-register bits Linux sets for user FPU/SSE code (SDM Vol.3 2.5).
const CR0_MP = 1 << 1, CR0_NE = 1 << 5;
const CR4_OSFXSR = 1 << 9, CR4_OSXMMEXCPT = 1 << 10, CR4_OSXSAVE = 1 << 18;
// Linux also sets FSGSBASE (5.9 and later) and UMIP where the CPU has them.
const CR4_UMIP = 1 << 11, CR4_FSGSBASE = 1 << 16;

function flatSegment(selector: number, code: boolean, bits: Bits): SegmentState {
  return {
    selector, base: 0n, limit: 0xffffffff, type: code ? 0xb : 0x3, s: true, dpl: 3, present: true,
    long: code && bits === 64, big: !(code && bits === 64),
  };
}

/** How 32-bit code runs: on an i386 kernel (protected mode) or a 64-bit one (compat mode). */
export type Mode32 = 'protected' | 'compat';

/** Which execution engine runs the code: the interpreter alone, or compiled blocks from the first instruction on. */
export type Engine = 'interpreter' | 'blocks';
export const ENGINES: readonly Engine[] = ['interpreter', 'blocks'];

/**
 * A Machine at CPL 3 with `code` at CODE_ADDR, scratch + stack at DATA_ADDR, a read-only page at
 * RO_ADDR and the registers of `init`, ready to run; the FPU is on as Linux leaves it for user code
 * (CR0.MP|NE, CR4.OSFXSR|OSXMMEXCPT|OSXSAVE|UMIP|FSGSBASE).
 */
export function prepareMachine(bits: Bits, code: Uint8Array, init: CpuState, mode32: Mode32 = 'protected', engine: Engine = 'interpreter', profile = 'textbook'): MachineClass {
  const longMode = bits === 64 || mode32 === 'compat';
  if (!loaded) throw new Error(loadError ?? 'call loadMachine() first');
  const M = loaded;
  const m: MachineClass = new M.Machine(profile);
  // Threshold 1 compiles a block at every instruction the run loop reaches, so every instruction runs compiled.
  m.jitThreshold = engine === 'blocks' ? 1 : Infinity;
  m.createAddressSpace(CR3);
  m.setCr(3, CR3);
  // PAE paging with NX, as Linux runs (an i386 kernel too, when the CPU has NX); SCE: Linux enables SYSCALL.
  m.setCr(4, BigInt(M.CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE | CR4_UMIP | CR4_FSGSBASE));
  m.writeMsr(M.MSR_EFER, BigInt((longMode ? M.EFER_LME : 0) | M.EFER_NXE | M.EFER_SCE));
  // An IDT of 256 empty gates (DPL 0, not present) on a kernel-only page, as far as user code can
  // tell like Linux's: `int $n` to a DPL 0 gate raises #GP(n*8+2); any exception then fails to be
  // delivered and the machine stops with that exception recorded.
  const idtEntry = longMode ? 16 : 8;
  m.map(CR3, IDT_ADDR, PAGE, { write: false, exec: false, user: false });
  m.setIdtr({ base: IDT_ADDR, limit: 256 * idtEntry - 1 });
  m.setCr(0, BigInt(M.CR0_PE | CR0_MP | CR0_NE | M.CR0_PG | M.CR0_WP));
  // Linux's user selectors: x86_64 USER_CS 0x33 / USER32_CS 0x23 / USER_DS 0x2b; i386 0x73 / 0x7b.
  m.setSeg('cs', flatSegment(bits === 64 ? 0x33 : longMode ? 0x23 : 0x73, true, bits));
  for (const s of ['ss', 'ds', 'es'] as const) m.setSeg(s, flatSegment(longMode ? 0x2b : 0x7b, false, bits));

  const codeSize = Math.ceil((code.length + 16) / PAGE) * PAGE;
  m.map(CR3, CODE_ADDR, codeSize, { write: false, exec: true, user: true }, code);
  const data = new Uint8Array(DATA_SIZE);
  data.set(init.scratch);
  m.map(CR3, DATA_ADDR, DATA_SIZE, { write: true, exec: false, user: true }, data);
  m.map(CR3, RO_ADDR, PAGE, { write: false, exec: false, user: true });

  init.regs.forEach((v, i) => { m.setReg(REG_NAMES_64[i]! as RegName, v); });
  m.setReg('rflags', init.rflags | 0x200n); // IF is set at CPL 3 natively
  m.setReg('rip', CODE_ADDR);
  return m;
}

/**
 * Runs `code` from CODE_ADDR to its end; throws with the CPU's reason if it stops anywhere else,
 * unless `allowFault`: then an exception (undeliverable: there is no IDT, so the machine shuts
 * down) ends the run and is returned as `fault`, with the registers at the faulting instruction.
 */
export function runInMachine(bits: Bits, code: Uint8Array, init: CpuState, maxInstructions: number, mode32: Mode32 = 'protected', allowFault = false, engine: Engine = 'interpreter'): CpuState {
  const m = prepareMachine(bits, code, init, mode32, engine);
  if (m.bitness !== bits) throw new Error(`emulator set up for ${bits}-bit code runs ${m.bitness}-bit code`);
  const end = CODE_ADDR + BigInt(code.length);
  const r = m.run({ maxInstructions, breakpoints: new Set([end]) });
  const e = m.lastException;
  const mask = bits === 64 ? (1n << 64n) - 1n : 0xffffffffn;
  if (allowFault && r.reason === 'shutdown' && e) {
    return {
      regs: init.regs.map((_, i) => m.getReg(REG_NAMES_64[i]! as RegName) & mask),
      rflags: m.getReg('rflags'),
      scratch: m.read(DATA_ADDR, init.scratch.length),
      fault: { rip: e.rip, vector: e.vector, errorCode: e.errorCode ?? 0, cr2: e.cr2 ?? 0n },
      compiledInstructions: m.compiledInstructions,
    };
  }
  if (m.getReg('rip') !== end) {
    const why = e ? `${e.name} at 0x${e.rip.toString(16)}: ${e.reason}` : (r.message ?? '');
    throw new Error(`emulator stopped (${r.reason}) at 0x${m.getReg('rip').toString(16)} after ${r.instructions} instructions: ${why}`);
  }
  return {
    regs: init.regs.map((_, i) => m.getReg(REG_NAMES_64[i]! as RegName) & mask),
    rflags: m.getReg('rflags'),
    scratch: m.read(DATA_ADDR, init.scratch.length),
    compiledInstructions: m.compiledInstructions,
  };
}
