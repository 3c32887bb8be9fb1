// AT&T text exactly as GNU objdump -d (binutils 2.40) prints it: iced-x86's GNU formatter,
// then the places where objdump's conventions differ from iced's are rewritten.
import { Code, Decoder, DecoderOptions, Mnemonic, OpKind, Register, type Instruction } from 'iced-x86';
import { encodingInfo, type EncodingInfo } from './encodingInfo.js';
import type { Bitness, DecodedInstruction } from './decode.js';
import { gasFormatter, gasFormatterPlain } from './iced.js';

/** Maps an address to objdump's `<sym+0x12>` text (without brackets), or null when no symbol fits. */
export type Symbolizer = (addr: bigint) => string | null;

/** objdump pads the mnemonic (with its prefixes) to 6 columns and adds a space before operands. */
export function joinMnemonic(mnemonic: string, operands: string): string {
  return `${mnemonic.padEnd(6)} ${operands}`;
}

const codeNames: string[] = [];
for (const [name, value] of Object.entries(Code)) if (typeof value === 'number') codeNames[value] = name;

// D0-D3 shifts and rotates by one: objdump leaves out the implicit `$0x1` operand.
const SHIFT_BY_ONE = new Set(codeNames.flatMap((n, i) => (/^(Rol|Ror|Rcl|Rcr|Shl|Shr|Sal|Sar)_rm\d+_1$/.test(n ?? '') ? [i] : [])));
// String instructions: objdump always names the implied segment (%ds:(%rsi), %es:(%rdi)).
// String instructions (by opcode form: the SSE `movsd`/`cmpsd` share these mnemonics): objdump always
// names the implied segment (%ds:(%rsi), %es:(%rdi)).
const STRING_CODES = new Set(codeNames.flatMap((n, i) => (/^(Movs|Cmps|Stos|Lods|Scas|Ins|Outs)[bwdq]_(m|AL|AX|EAX|RAX|DX)|^Xlat_/.test(n ?? '') ? [i] : [])));
// Stack and indirect-branch instructions whose default operand size objdump does not spell out.
const DEFAULT_SIZE_MNEMONICS = new Set<number>([Mnemonic.Push, Mnemonic.Pop, Mnemonic.Call, Mnemonic.Jmp]);
const IN_OUT = new Set<number>([Mnemonic.In, Mnemonic.Out, Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd, Mnemonic.Outsb, Mnemonic.Outsw, Mnemonic.Outsd]);
const SEGMENT_PREFIX_BYTES = new Map<number, string>([[0x26, 'es'], [0x2e, 'cs'], [0x36, 'ss'], [0x3e, 'ds'], [0x64, 'fs'], [0x65, 'gs']]);
// Undocumented x87 register-form aliases that objdump does not decode.
const FPU_ALIASES = new Set<number>([Code.Fstpnce_sti, Code.Fcom_st0_sti_DCD0, Code.Fcomp_st0_sti_DCD8, Code.Fxch_st0_sti_DDC8, Code.Fcomp_st0_sti_DED0, Code.Fxch_st0_sti_DFC8, Code.Fstp_sti_DFD0, Code.Fstp_sti_DFD8]);
const LOOPS = new Set<number>([Mnemonic.Loop, Mnemonic.Loope, Mnemonic.Loopne, Mnemonic.Jcxz, Mnemonic.Jecxz, Mnemonic.Jrcxz]);
// 0F 0D and 0F 18 take real instructions for some ModRM.reg values, which iced decodes by name first.
const RESERVED_NOPS = new Set(codeNames.flatMap((n, i) => (/^Reservednop_/.test(n ?? '') ? [i] : [])));
const SEGMENT_WORDS = new Set(['es', 'cs', 'ss', 'ds']);
const DESCRIPTOR_TABLE = new Set<number>([Mnemonic.Lgdt, Mnemonic.Lidt, Mnemonic.Sgdt, Mnemonic.Sidt]);
const FAR_INDIRECT = new Set<number>([Code.Jmp_m1616, Code.Jmp_m1632, Code.Jmp_m1664, Code.Call_m1616, Code.Call_m1632, Code.Call_m1664]);

function isNearBranch(kind: OpKind): boolean {
  return kind === OpKind.NearBranch16 || kind === OpKind.NearBranch32 || kind === OpKind.NearBranch64;
}

const REL8_16 = new Set(codeNames.flatMap((n, i) => (/_rel8_16(_|$)/.test(n ?? '') ? [i] : [])));

/** The branch target objdump shows: a rel8 branch ignores a 66 prefix in 32/64-bit code (no 16-bit wrap). */
export function objdumpBranchTarget(instr: Instruction, bitness: Bitness): bigint {
  if (bitness !== 16 && REL8_16.has(instr.code)) {
    const mask = bitness === 64 ? (1n << 64n) - 1n : 0xffffffffn;
    return (instr.nextIP + rel8Of(instr)) & mask;
  }
  return instr.nearBranchTarget;
}

function rel8Of(instr: Instruction): bigint {
  // nearBranchTarget was wrapped to 16 bits; recover the signed displacement from the low bits.
  const d = Number((instr.nearBranchTarget - instr.nextIP) & 0xffffn);
  return BigInt(d >= 0x8000 ? d - 0x10000 : d);
}

/** iced's own GNU text for `bytes` decoded at `ip`, or null when they do not decode to one whole instruction. */
function icedText(bytes: Uint8Array, bitness: Bitness, ip: bigint, options: number): string | null {
  const decoder = new Decoder(bitness, bytes, options | DecoderOptions.NoInvalidCheck);
  decoder.ip = ip;
  const instr = decoder.decode();
  try {
    if (instr.isInvalid || instr.length !== bytes.length) return null;
    return gasFormatter().format(instr);
  } finally {
    instr.free();
    decoder.free();
  }
}

function withoutByte(bytes: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(bytes.length - 1);
  out.set(bytes.subarray(0, index));
  out.set(bytes.subarray(index + 1), index);
  return out;
}

// The words depend only on the bytes, the mode and the decoded form (the probes re-decode at a matching ip), and code
// repeats the same encodings a lot, so they are cached.
const prefixWordCache = new Map<string, string[]>();

function cachedPrefixWords(instr: Instruction, bytes: Uint8Array, bitness: Bitness, enc: EncodingInfo, options: number): string[] {
  if (enc.prefixes.length === 0 && enc.rex === 0) return [];
  // The opcode form is part of the key: the same bytes decode differently AMD-style and Intel-style.
  let key = `${bitness}:${options}:${instr.code}:`;
  for (const b of bytes) key += String.fromCharCode(b);
  const hit = prefixWordCache.get(key);
  if (hit) return [...hit];
  const words = unusedPrefixWords(instr, bytes, bitness, enc, options);
  if (prefixWordCache.size >= 100_000) prefixWordCache.clear();
  prefixWordCache.set(key, words);
  return [...words];
}

/** objdump's words for prefixes the instruction does not use (`data16`, `cs`, `rex.W`), in byte order. */
function unusedPrefixWords(instr: Instruction, bytes: Uint8Array, bitness: Bitness, enc: EncodingInfo, options: number): string[] {
  const words: string[] = [];
  if (enc.prefixes.length === 0 && enc.rex === 0) return words;
  const original = gasFormatter().format(instr);
  const ip = instr.ip;
  let unused66 = 0;
  const n66 = enc.prefixes.filter((p) => p === 0x66).length;
  if (n66 > 0) {
    let stripped = bytes;
    for (let k = 0; k < n66; k++) stripped = withoutByte(stripped, stripped.indexOf(0x66));
    unused66 = icedText(stripped, bitness, ip + BigInt(n66), options) === original ? n66 : n66 - 1;
  }
  const n67 = enc.prefixes.filter((p) => p === 0x67).length;
  let unused67 = 0;
  // Address size matters to anything with a memory operand or an implicit (%rsi)/(%rdi)/%rcx use.
  const addressSized = [0, 1, 2, 3, 4].some((k) => k < instr.opCount && instr.opKind(k) === OpKind.Memory)
    || STRING_CODES.has(instr.code) || LOOPS.has(instr.mnemonic);
  if (n67 > 0 && addressSized) unused67 = n67 - 1;
  else if (n67 > 0) {
    let stripped = bytes;
    for (let k = 0; k < n67; k++) stripped = withoutByte(stripped, stripped.indexOf(0x67));
    unused67 = icedText(stripped, bitness, ip + BigInt(n67), options) === original ? n67 : n67 - 1;
  }
  // String instructions reading through %ds:(%rsi) show an override on that operand, never as a word.
  const operandsNameSegment = /%(es|cs|ss|ds):/.test(gasFormatter().formatAllOperands(instr)) && !STRING_CODES.has(instr.code);
  const lastSegment = [...enc.prefixes].reverse().find((p) => SEGMENT_PREFIX_BYTES.has(p));
  for (const p of enc.prefixes) {
    if (p === 0x66 && unused66 > 0) { words.push('data16'); unused66--; }
    if (p === 0x67 && unused67 > 0) { words.push(bitness === 32 ? 'addr16' : 'addr32'); unused67--; }
    // In 64-bit mode es/cs/ss/ds overrides have no effect; objdump names them as prefixes.
    if (bitness === 64 && p === lastSegment && (p === 0x26 || p === 0x2e || p === 0x36 || p === 0x3e) && instr.segmentPrefix !== Register.None && operandsNameSegment) {
      words.push(SEGMENT_PREFIX_BYTES.get(p)!);
    }
  }
  if (enc.rex !== 0) {
    let unused = false;
    if (enc.rex === 0x40) {
      unused = icedText(withoutByte(bytes, enc.rexIndex), bitness, ip + 1n, options) === original;
    } else {
      for (const bit of [8, 4, 2, 1]) {
        if ((enc.rex & bit) === 0) continue;
        const changed = Uint8Array.from(bytes); // a copy (Buffer.slice would be a view)
        changed[enc.rexIndex] = enc.rex & ~bit;
        const text = icedText(changed, bitness, ip, options);
        // Far indirect jumps/calls ignore REX.W in objdump's (AMD64) view.
        // A SIB byte without a base still consults REX.B, so objdump counts it as used.
        if (bit === 1 && ((enc.sib && enc.sib.mod === 0 && enc.sib.base === 5) || (enc.modrm >= 0 && (enc.modrm & 0xc7) === 0x05))) continue;
        if (text === original || (bit === 8 && FAR_INDIRECT.has(instr.code))) { unused = true; break; }
      }
    }
    if (instr.code === Code.Nopq) unused = true;
    if (unused) {
      const flags = `${enc.rex & 8 ? 'W' : ''}${enc.rex & 4 ? 'R' : ''}${enc.rex & 2 ? 'X' : ''}${enc.rex & 1 ? 'B' : ''}`;
      words.push(flags ? `rex.${flags}` : 'rex');
    }
  }
  return words;
}

/** The objdump text of an iced instruction (decoded with `decoderOptions`), with addresses as bare hex and no symbols. */
export function formatIced(instr: Instruction, bytes: Uint8Array, bitness: Bitness, decoderOptions: number = DecoderOptions.None): string {
  if (instr.isInvalid) return '(bad)';
  const f = gasFormatter();
  const enc = encodingInfo(bytes, bitness);
  let mnemonic = f.formatMnemonic(instr);
  const code = instr.code;
  const mn = instr.mnemonic;
  // Pseudo-ops give objdump's names (cmpeqps, vpcmpeqb); when iced keeps the mnemonic it may have
  // dropped operands objdump prints, so take those from the plain formatter.
  const plain = gasFormatterPlain();
  const fo = plain.formatMnemonic(instr) === mnemonic ? plain : f;
  const count = fo.operandCount(instr);
  let ops: string[] = [];
  for (let i = 0; i < count; i++) ops.push(fo.formatOperand(instr, i));
  // Which text is the memory operand (iced's operand mapping does not follow gas's order for bound).
  const hasMemory = [0, 1, 2, 3, 4].some((k) => k < instr.opCount && instr.opKind(k) === OpKind.Memory);
  const memOp = hasMemory ? ops.findIndex((o) => !o.startsWith('$') && !/^%[a-z0-9]+(\(\d\))?(\{[^}]*\})*$/.test(o)) : -1;
  const words = cachedPrefixWords(instr, bytes, bitness, enc, decoderOptions);

  // iced keeps its own `rex.w`/`data16` words in a few places; ours replace them.
  mnemonic = mnemonic.replace(/\brex(\.[wrxb]+)? /, '').replace(/\bdata16 (jmp|call)$/, '$1w');
  // `48 90` is a nop with an unused REX.W, not an exchange; d6 (salc) is not an instruction to objdump.
  if (code === Code.Nopq) { mnemonic = 'nop'; ops = []; }
  if (code === Code.Salc || FPU_ALIASES.has(code)) return [...words, '(bad)'].join(' ');
  if ((code === Code.Aam_imm8 || code === Code.Aad_imm8) && instr.immediate8 === 10) ops = [];
  // A bare 16-bit displacement (no base, no index) is shown signed.
  if (memOp >= 0 && instr.memoryBase === Register.None && instr.memoryIndex === Register.None && instr.memoryDisplSize === 2 && !/moffs/.test(codeNames[code]!)) {
    ops[memOp] = ops[memOp]!.replace(/0x([0-9a-f]+)$/, (_m, hex: string) => {
      const v = BigInt.asIntN(16, BigInt('0x' + hex));
      return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
    });
  }
  if (RESERVED_NOPS.has(code)) {
    // objdump shows reserved-nop space as a one-operand nop: `nopl (%rbx)`, `nop %eax`.
    const rm = ops[ops.length - 1]!;
    const size = /_rm(16|32|64)_/.exec(codeNames[code]!)![1];
    mnemonic = mnemonic.replace(/\w+$/, rm.startsWith('%') ? 'nop' : `nop${size === '16' ? 'w' : size === '64' ? 'q' : 'l'}`);
    ops = [rm];
  }
  if (code === Code.Fnsetpm) mnemonic = mnemonic.replace(/fnsetpm$/, 'fnsetpm(287 only)');
  if (mn === Mnemonic.Sal) mnemonic = mnemonic.replace(/\bsal/, 'shl');
  // 32-bit descriptor-table loads and stores carry objdump's operand-size suffix.
  if (bitness === 32 && DESCRIPTOR_TABLE.has(mn)) mnemonic += enc.prefixes.includes(0x66) ? 'w' : 'l';
  // Branch targets are bare hex addresses (`jmp 401000`), the symbol is added by formatAtt.
  if (count === 1 && isNearBranch(instr.op0Kind)) ops = [objdumpBranchTarget(instr, bitness).toString(16)];
  if (bitness !== 16 && REL8_16.has(code)) mnemonic = `data16 ${mnemonic.replace(/^\.byte 0x66; /, '').replace(/^data16 /, '').replace(/^(jmp)w$/, '$1')}`;
  if (IN_OUT.has(mn)) ops = ops.map((o) => (o === '%dx' ? '(%dx)' : o));
  // objdump writes an index without a scale as `,1` in 32/64-bit addressing (not 16-bit).
  if (instr.memoryIndex !== Register.None) {
    ops = ops.map((o) => o.replace(/\(((?:%\w+)?),(%\w+)\)/, (m, base: string, index: string) => (/^%(si|di)$/.test(index) ? m : `(${base},${index},1)`)));
  }
  // A SIB byte that names no index: objdump shows the pseudo-register %riz/%eiz unless the form is plain (%rsp) or an absolute address.
  if (enc.sibNoIndex && memOp >= 0) {
    const { scale, base, mod } = enc.sibNoIndex;
    const noBase = mod === 0 && (base & 7) === 5;
    const addr64 = bitness === 64 && !enc.prefixes.includes(0x67);
    const plain = (!noBase && (base & 7) === 4 && scale === 0) || (noBase && scale === 0 && addr64);
    if (!plain) {
      const riz = addr64 ? '%riz' : '%eiz';
      const o = ops[memOp]!;
      const m = /\(([^,)]*)[^)]*\)(?=(\{[^}]*\})*$)/.exec(o);
      // Without a base the disp32 is shown signed, like any displacement next to a register.
      const signed = (t: string): string => t.replace(/(-?)0x([0-9a-f]+)$/, (_x, neg: string, hex: string) => {
        let v = BigInt.asIntN(32, BigInt('0x' + hex));
        if (neg) v = -v;
        return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
      });
      const decor = /(\{[^}]*\})*$/.exec(o)![0];
      const bare = o.slice(0, o.length - decor.length);
      ops[memOp] = (m ? `${o.slice(0, m.index)}(${m[1]},${riz},${1 << scale})` : `${signed(bare)}(,${riz},${1 << scale})`) + decor;
    }
  }
  if (SHIFT_BY_ONE.has(code)) ops = ops.filter((o) => o !== '$0x1');
  if (bitness === 64 && STRING_CODES.has(code)) {
    // In 64-bit mode es/cs/ss/ds overrides change nothing: objdump shows the architectural segments.
    ops = ops.map((o) => o.replace(/^%(es|cs|ss|ds):/, ''));
    if (ops.some((o) => /^\(%[re]?(si|bx)\)$/.test(o))) mnemonic = mnemonic.replace(/\b(es|cs|ss|ds) /, '');
  }
  ops = ops.map((o) => o.replace(/%dr(\d+)/, '%db$1'));
  if (words.some((w) => SEGMENT_WORDS.has(w))) ops = ops.map((o) => o.replace(/^(\*?)%(es|cs|ss|ds):/, '$1'));
  if (STRING_CODES.has(code)) {
    ops = ops.map((o) => (/^\(%[re]?(si|di|bx)\)$|^\(%bx\)$/.test(o) ? `${/^\(%[re]?di\)$/.test(o) ? '%es' : '%ds'}:${o}` : o));
  }
  // objdump's names for the F2/F3 prefixes: `rep` only on movs/stos/lods/ins/outs, else `repz`/`repnz`.
  mnemonic = mnemonic
    .replace(/\brepne /, 'repnz ')
    .replace(/\brepe /, 'repz ')
    .replace(/\brep (?!(?:movs|stos|lods|ins|outs))/, 'repz ')
    .replace(/\b(xacquire|xrelease) (lock )?(?:repnz|repz|rep) /, '$1 $2');
  if (DEFAULT_SIZE_MNEMONICS.has(mn) && count === 1 && instr.op0Kind === OpKind.Memory) {
    const defaultSuffix = bitness === 64 ? 'q' : bitness === 32 ? 'l' : 'w';
    if (mnemonic.endsWith(defaultSuffix) && !/(^| )l(jmp|call)/.test(mnemonic)) mnemonic = mnemonic.slice(0, -1);
  }
  // Far indirect jumps and calls: objdump's AMD64 view has only the 32-bit form, unsuffixed.
  if (bitness === 64 && FAR_INDIRECT.has(code)) mnemonic = mnemonic.replace(/\bl(jmp|call)[lq]$/, 'l$1');
  // objdump calls the default-size far return and iret `lret`/`iret` (`lretq`/`iretq` with REX.W).
  if (bitness !== 16) mnemonic = mnemonic.replace(/\b(lret|iret)l$/, '$1');
  // Branch hints on loop/jecxz: objdump writes them as ,pt/,pn like on jcc.
  if (LOOPS.has(mn)) {
    const hint = words.indexOf('ds') >= 0 ? ',pt' : words.indexOf('cs') >= 0 ? ',pn' : '';
    const alsoIced = /^(?:.* )?(ds|cs) /.exec(mnemonic);
    if (hint || alsoIced) {
      mnemonic = mnemonic.replace(/\b(ds|cs) /, '') + (hint || (alsoIced![1] === 'ds' ? ',pt' : ',pn'));
      words.splice(0, words.length, ...words.filter((w) => w !== 'ds' && w !== 'cs'));
    }
  }
  const own = mnemonic.split(' ');
  return joinMnemonic(orderPrefixWords([...words.filter((w) => !own.includes(w)), ...own], bytes, enc), ops.join(',')).trimEnd();
}

const PREFIX_WORD_BYTES: Record<string, number[]> = {
  data16: [0x66], addr32: [0x67], addr16: [0x67], lock: [0xf0], rep: [0xf3], repz: [0xf3], repe: [0xf3], repnz: [0xf2], repne: [0xf2],
  bnd: [0xf2], xacquire: [0xf2], xrelease: [0xf3], notrack: [0x3e], es: [0x26], cs: [0x2e], ss: [0x36], ds: [0x3e], fs: [0x64], gs: [0x65],
};

/** objdump prints prefix names in the order their bytes appear; the mnemonic (last word) stays last. */
function orderPrefixWords(parts: string[], bytes: Uint8Array, enc: EncodingInfo): string {
  const mnemonic = parts[parts.length - 1]!;
  const prefixes = parts.slice(0, -1);
  if (prefixes.length < 2) return parts.join(' ');
  const used = new Set<number>();
  const pos = (w: string): number => {
    if (w.startsWith('rex')) return enc.rexIndex;
    for (const b of PREFIX_WORD_BYTES[w] ?? []) {
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === b && !used.has(i)) { used.add(i); return i; }
    }
    return 100;
  };
  const keyed = prefixes.map((w, k) => ({ w, p: pos(w), k }));
  keyed.sort((a, b) => a.p - b.p || a.k - b.k);
  return [...keyed.map((x) => x.w), mnemonic].join(' ');
}

/**
 * objdump's full text for a decoded instruction: branch targets get `<sym>`, rip-relative operands a
 * `# addr <sym>` comment. Without a symbolizer (a file with no symbols) objdump writes addresses as `0x...`.
 */
export function formatAtt(insn: DecodedInstruction, symbolize?: Symbolizer): string {
  let text = insn.text;
  if (insn.branchTarget !== null) {
    const s = symbolize?.(insn.branchTarget);
    if (s) text += ` <${s}>`;
    else if (!symbolize) text = text.replace(/(\S+)$/, '0x$1');
  }
  if (insn.ripTarget !== null) {
    const s = symbolize?.(insn.ripTarget);
    text += `        # ${symbolize ? '' : '0x'}${insn.ripTarget.toString(16)}${s ? ` <${s}>` : ''}`;
  }
  return text;
}
