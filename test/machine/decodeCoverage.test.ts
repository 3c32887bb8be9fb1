// Decode coverage of the instruction table (issue 9 section 5): every iced-x86 code the table
// executes is decoded to its row, and run at CPL 3 it executes or raises an exception, a #UD
// always with a reason; no host exception. The instances come from iced's own decoder walking
// the legacy opcode maps (no prefix, 66, F3, F2, 66 F2, REX.W; 0F, 0F 38, 0F 3A; ModRM register
// and memory forms; a prefix byte in the opcode slot brings its instruction along) and VEX maps
// 0F 38 / 0F 3A: the first instance of each code found is the one tested. What stays
// "not emulated" is listed here by code, so a new gap fails and the list is the README's.
import { describe, expect, it } from 'vitest';
import iced from '../../src/x86/icedModule.js';
import { decodeInstruction, Op } from '../../src/machine/decodeInstruction.js';
import { buildTable, opFor, TABLE } from '../../src/machine/isa/opcodes.js';
import type { Machine } from '../../src/machine/index.js';
import { enterUser, longModeMachine, protectedModeMachine, U } from './harness.js';

const { Code, CodeExt, Decoder, DecoderOptions, Instruction } = iced;
const CR0_MP = 1 << 1, CR0_NE = 1 << 5;
const CR4_OSFXSR = 1 << 9, CR4_OSXMMEXCPT = 1 << 10, CR4_UMIP = 1 << 11, CR4_FSGSBASE = 1 << 16, CR4_OSXSAVE = 1 << 18;

/** Encodings decoded to no row on purpose: 16-bit operand-size stack frames (README: no 16-bit code). */
const NOT_EMULATED: Record<32 | 64, readonly string[]> = {
  64: ['Enterw_imm16_imm8', 'Leavew'],
  32: ['Enterw_imm16_imm8', 'Leavew', 'Retnw', 'Retnw_imm16'],
};

/** The first instance of every valid code iced finds in the opcode maps, by code. */
function instances(bits: 32 | 64): Map<number, Uint8Array> {
  const found = new Map<number, Uint8Array>();
  const buf = new Uint8Array(16);
  const ins = new Instruction();
  const modrms: number[] = [];
  for (let r = 0; r < 8; r++) { for (let m = 0; m < 8; m++) modrms.push(0xc0 | (r << 3) | m); modrms.push(r << 3); }
  const tail = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
  const tryBytes = (b: number[]): void => {
    buf.fill(0);
    buf.set(b.slice(0, 15));
    const dec = new Decoder(bits, buf, DecoderOptions.None);
    dec.decodeOut(ins);
    dec.free();
    if (!ins.isInvalid && !found.has(ins.code)) found.set(ins.code, buf.slice(0, ins.length));
  };
  const rex = bits === 64 ? [[], [0x48]] : [[]];
  for (const p of [[], [0x66], [0xf3], [0xf2], [0x66, 0xf2]]) {
    for (const w of rex) {
      for (const map of [[], [0x0f], [0x0f, 0x38], [0x0f, 0x3a]]) {
        for (let op = 0; op < 256; op++) for (const mr of modrms) tryBytes([...p, ...w, ...map, op, mr, ...tail]);
      }
    }
  }
  // VEX (three-byte form, L=0, vvvv = register 1): BMI1's andn/bextr/blsi/blsmsk/blsr and the like.
  for (const mmmmm of [2, 3]) {
    for (let wpp = 0; wpp < 8; wpp++) {
      const b2 = ((wpp & 4) << 5) | (0xe << 3) | (wpp & 3);
      for (let op = 0; op < 256; op++) for (const mr of modrms) tryBytes([0xc4, 0xe0 | mmmmm, b2, op, mr, ...tail]);
    }
  }
  return found;
}

interface Outcome { code: string; decoded: boolean; result: string; }

/** A CPL 3 machine of `bits` and a function running one instruction in it from a fresh register state. */
function userRunner(bits: 32 | 64): (bytes: Uint8Array) => string {
  const m: Machine = bits === 64 ? longModeMachine() : protectedModeMachine();
  // The CR0/CR4/XCR0 state Linux runs processes with (LinuxKernel.enterKernelMode): SSE, #XM, XSAVE, UMIP, FSGSBASE, #MF.
  m.setCr(4, m.getCr(4) | BigInt(CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE | CR4_UMIP | (bits === 64 ? CR4_FSGSBASE : 0)));
  m.setXcr0(3n);
  m.setCr(0, m.getCr(0) | BigInt(CR0_MP | CR0_NE));
  const data = U.data + 0x80n;
  return (bytes: Uint8Array): string => {
    const code = new Uint8Array(32).fill(0x90);
    code.set(bytes);
    m.write(U.code, code);
    // the stack 256 bytes below its top, so pops and returns read mapped memory
    if (bits === 64) enterUser(m, 0x33, 0x2b, U.code, U.stack - 0x100n); else enterUser(m, 0x73, 0x7b, U.code, U.stack - 0x100n);
    if (bits === 32) for (const s of ['ds', 'es', 'fs', 'gs'] as const) m.loadSeg(s, 0x7b);
    for (const r of ['rax', 'rcx', 'rdx', 'rbx', 'rsi', 'rdi', 'rbp'] as const) m.setReg(r, data);
    if (bits === 64) for (let i = 8; i < 16; i++) m.setReg(`r${i}` as 'r8', data);
    m.setReg('rflags', 0x202n);
    m.fpu.reset(); // no x87 exception left pending by the previous case
    m.lastException = null;
    m.halted = false;
    const r = m.run({ maxInstructions: 1 });
    const e = m.lastException as Machine['lastException'];
    if (e === null) return r.reason === 'max-instructions' || r.reason === 'mode-switch' ? 'runs' : r.reason;
    if (e.name === '#UD' && !e.reason) return '#UD without a reason';
    return e.notEmulated ? `not emulated: ${e.reason}` : e.name;
  };
}

describe('decode coverage: every iced-x86 code in the instruction table', () => {
  buildTable();
  for (const bits of [64, 32] as const) {
    it(`${bits}-bit: decoded to its row and run at CPL 3 (runs, or an exception with a reason; never a host error)`, () => {
      const found = instances(bits);
      const run = userRunner(bits);
      const outcomes: Outcome[] = [];
      for (const [code, bytes] of found) {
        const info = CodeExt.opCode(code);
        const inTable = opFor(code, info.mnemonic) >= 0;
        info.free();
        const d = decodeInstruction(bytes, bits, Number(U.code));
        const decoded = d.op !== Op.UNEMULATED && d.op !== Op.INVALID;
        // The decoder picks branches, segment and control-register moves from the operands: those
        // count as the table's too when they decode to a row.
        if (!inTable && !decoded) continue;
        let result: string;
        try { result = run(bytes); } catch (e) { result = `host error: ${(e as Error).message}`; }
        outcomes.push({ code: Code[code]!, decoded, result });
      }
      const undecoded = outcomes.filter((o) => !o.decoded).map((o) => o.code).sort();
      expect(undecoded).toEqual([...NOT_EMULATED[bits]].sort());
      const bad = outcomes.filter((o) => o.decoded && (o.result.startsWith('host error') || o.result.startsWith('not emulated') || o.result.includes('without a reason')));
      expect(bad.map((o) => `${o.code}: ${o.result}`)).toEqual([]);
      for (const o of outcomes.filter((x) => !x.decoded)) expect(o.result, o.code).toMatch(/^not emulated: /);
      // The walk reaches every code a row names explicitly (its generator covers the table).
      const named = TABLE.flatMap((r) => [...(r.codes ?? [])]).filter((c) => {
        const info = CodeExt.opCode(c);
        const ok = bits === 64 ? info.mode64 : info.mode32;
        info.free();
        return ok;
      });
      expect(named.filter((c) => !found.has(c)).map((c) => Code[c])).toEqual([]);
      const runs = outcomes.filter((o) => o.result === 'runs').length;
      // TRAPDOOR_COVERAGE_DEBUG=1 lists the codes by outcome
      if (process.env.TRAPDOOR_COVERAGE_DEBUG) {
        for (const k of new Set(outcomes.map((o) => o.result))) console.log(k, outcomes.filter((o) => o.result === k).map((o) => o.code).join(' '));
      }
      console.log(`decode coverage ${bits}-bit: ${found.size} iced codes reached, ${outcomes.length} in the table, ${runs} ran at CPL 3, the rest raised exceptions`);
    }, 120_000);
  }
});
