// The vDSO's unwind tables: .eh_frame (one CIE, an FDE per function) and .eh_frame_hdr (the
// binary-search table PT_GNU_EH_FRAME points at), as the real vDSO carries them so that libgcc,
// gdb and perf can unwind through a clock_gettime. Our .S files have no CFI directives (the
// assembler ignores .cfi_*), so the rules are derived from the code: a walk of each function's
// control flow gives the stack depth at every instruction, and the FDE says where it changes.
import { decodeAll, type DecodedInstruction } from '../x86/decode.js';

/** A function to describe: its first byte's address and its length. */
export interface UnwindFunction { name: string; start: bigint; size: number }

export interface EhFrameSections { ehFrameHdr: Uint8Array; ehFrame: Uint8Array }

const DW_CFA_advance_loc = 0x40, DW_CFA_advance_loc1 = 0x02, DW_CFA_advance_loc2 = 0x03;
const DW_CFA_def_cfa = 0x0c, DW_CFA_def_cfa_offset = 0x0e, DW_CFA_offset = 0x80;
const DW_EH_PE_udata4 = 0x03, DW_EH_PE_sdata4 = 0x0b, DW_EH_PE_pcrel = 0x10, DW_EH_PE_datarel = 0x30;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

/**
 * The stack depth (bytes pushed since entry, the return address not counted) at each instruction
 * of a function, by walking its control flow. Throws for code whose depth it cannot know.
 */
export function stackDepths(fn: UnwindFunction, insns: DecodedInstruction[], word: 4 | 8): Map<bigint, number> {
  const at = new Map(insns.map((d, i) => [d.ip, i]));
  const depth = new Map<bigint, number>();
  const sp = word === 8 ? 'rsp' : 'esp';
  const work: [bigint, number][] = [[fn.start, 0]];
  const end = fn.start + BigInt(fn.size);
  while (work.length > 0) {
    const [ip, d] = work.pop()!;
    if (ip < fn.start || ip >= end) continue; // a tail jump elsewhere
    const seen = depth.get(ip);
    if (seen !== undefined) {
      if (seen !== d) throw new Error(`${fn.name}: stack depth ${seen} and ${d} meet at 0x${ip.toString(16)}`);
      continue;
    }
    const i = at.get(ip);
    if (i === undefined) throw new Error(`${fn.name}: no instruction at 0x${ip.toString(16)}`);
    depth.set(ip, d);
    const insn = insns[i]!;
    const next = ip + BigInt(insn.length);
    const m = insn.mnemonic;
    const imm = /^\S+\s+\$0x([0-9a-f]+),%[re]sp$/.exec(insn.text);
    if (m === 'ret') continue;
    if (m === 'push') work.push([next, d + word]);
    else if (m === 'pop') work.push([next, d - word]);
    else if (m === 'call') work.push([next, insn.branchTarget === next ? d + word : d]); // call/pop: the PC trick
    else if (m === 'jmp') { if (insn.branchTarget !== null) work.push([insn.branchTarget, d]); else throw new Error(`${fn.name}: indirect jmp`); }
    else if (insn.branchTarget !== null) work.push([insn.branchTarget, d], [next, d]);
    else if (imm && m === 'sub') work.push([next, d + parseInt(imm[1]!, 16)]);
    else if (imm && m === 'add') work.push([next, d - parseInt(imm[1]!, 16)]);
    else if (new RegExp(`%${sp}$`).test(insn.text)) throw new Error(`${fn.name}: '${insn.text}' changes the stack pointer in a way the tables cannot follow`);
    else work.push([next, d]);
  }
  return depth;
}

/** Build .eh_frame_hdr at `hdrAddr` and .eh_frame at `frameAddr` for functions in `code` (at `base`). */
export function buildEhFrame(code: Uint8Array, base: bigint, bits: 32 | 64, fns: UnwindFunction[], hdrAddr: bigint, frameAddr: bigint): EhFrameSections {
  const word = bits === 64 ? 8 : 4;
  const insns = decodeAll(code, bits, base);
  const frame: number[] = [];
  const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  // Each entry, its length field included, is a multiple of the address size (padding: DW_CFA_nop).
  const pad = (bytes: number[]): void => { while ((bytes.length + 4) % word !== 0) bytes.push(0); };
  // CIE: version 1, "zR", code align 1, data align -word, RA column 16 (rip) / 8 (eip), FDE pointers pcrel sdata4;
  // at entry the CFA is SP + word and the return address sits at CFA - word.
  const raReg = bits === 64 ? 16 : 8, spReg = bits === 64 ? 7 : 4;
  const cie = [...u32(0), 1, 0x7a, 0x52, 0, ...uleb(1), ...sleb(-word), raReg, ...uleb(1), DW_EH_PE_pcrel | DW_EH_PE_sdata4,
    DW_CFA_def_cfa, spReg, ...uleb(word), DW_CFA_offset | raReg, ...uleb(1)];
  pad(cie);
  frame.push(...u32(cie.length), ...cie);
  const table: [bigint, bigint][] = [];
  for (const fn of [...fns].sort((a, b) => (a.start < b.start ? -1 : 1))) {
    const depths = stackDepths(fn, insns, word);
    const fdeAt = frame.length;
    const body: number[] = [];
    body.push(...u32(fdeAt + 4)); // CIE pointer: back to the CIE at offset 0
    const pcField = frameAddr + BigInt(fdeAt + 8);
    body.push(...u32(Number(BigInt.asUintN(32, fn.start - pcField))), ...u32(fn.size), ...uleb(0));
    let loc = fn.start, cur = 0;
    for (const [ip, d] of [...depths].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (d === cur) continue;
      const delta = Number(ip - loc);
      if (delta < 0x40) body.push(DW_CFA_advance_loc | delta);
      else if (delta < 0x100) body.push(DW_CFA_advance_loc1, delta);
      else body.push(DW_CFA_advance_loc2, delta & 0xff, delta >> 8);
      body.push(DW_CFA_def_cfa_offset, ...uleb(d + word));
      loc = ip; cur = d;
    }
    pad(body);
    frame.push(...u32(body.length), ...body);
    table.push([fn.start, frameAddr + BigInt(fdeAt)]);
  }
  frame.push(...u32(0)); // the terminator
  // .eh_frame_hdr: version 1, eh_frame_ptr pcrel sdata4, count udata4, table datarel sdata4 (sorted).
  const hdr: number[] = [1, DW_EH_PE_pcrel | DW_EH_PE_sdata4, DW_EH_PE_udata4, DW_EH_PE_datarel | DW_EH_PE_sdata4];
  hdr.push(...u32(Number(BigInt.asUintN(32, frameAddr - (hdrAddr + 4n)))), ...u32(table.length));
  for (const [pc, fde] of table) hdr.push(...u32(Number(BigInt.asUintN(32, pc - hdrAddr))), ...u32(Number(BigInt.asUintN(32, fde - hdrAddr))));
  return { ehFrameHdr: Uint8Array.from(hdr), ehFrame: Uint8Array.from(frame) };
}

/** Bytes .eh_frame_hdr takes for `n` functions (to place .eh_frame after it). */
export const ehFrameHdrSize = (n: number): number => 12 + 8 * n;
