// AT&T text exactly as GNU objdump -d (binutils 2.40) prints it: iced-x86's GNU formatter,
// then the places where objdump's conventions differ from iced's are rewritten.
import { Code, DecoderOptions, Mnemonic, OpKind, Register, type Instruction } from './icedModule.js';
import { encodingInfo } from './encodingInfo.js';
import { DEFAULT_SIZE_MNEMONICS, DESCRIPTOR_TABLE, FAR_INDIRECT, FPU_ALIASES, IN_OUT, LOOPS, REL8_16, RESERVED_NOPS, SEGMENT_WORDS, SHIFT_BY_ONE, STRING_CODES, codeNames } from './formatTables.js';
import { cachedPrefixWords, orderPrefixWords } from './prefixWords.js';
import type { Bitness, DecodedInstruction } from './decode.js';
import { gasFormatter, gasFormatterPlain } from './iced.js';

/** Maps an address to objdump's `<sym+0x12>` text (without brackets), or null when no symbol fits. */
export type Symbolizer = (addr: bigint) => string | null;

/** objdump pads the mnemonic (with its prefixes) to 6 columns and adds a space before operands. */
export function joinMnemonic(mnemonic: string, operands: string): string {
  return `${mnemonic.padEnd(6)} ${operands}`;
}

function isNearBranch(kind: OpKind): boolean {
  return kind === OpKind.NearBranch16 || kind === OpKind.NearBranch32 || kind === OpKind.NearBranch64;
}


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
  // objdump names pclmulqdq imm8 0-3 by index (lqlq hqlq lqhq hqhq), not by bits 0 and 4 as iced does for 0x10/0x11.
  if (code === Code.Pclmulqdq_xmm_xmmm128_imm8 && (instr.immediate8 === 2 || instr.immediate8 === 3)) {
    mnemonic = mnemonic.replace(/pclmulqdq$/, instr.immediate8 === 2 ? 'pclmullqhqdq' : 'pclmulhqhqdq');
    ops = ops.slice(1);
  }
  // iced leaves out aam's and aad's default base 10; objdump prints it.
  if ((code === Code.Aam_imm8 || code === Code.Aad_imm8) && ops.length === 0) ops = [`$0x${instr.immediate8.toString(16)}`];
  // objdump names monitor's and mwait's implicit registers; monitor's address register has the address size.
  if (mn === Mnemonic.Monitor) ops = [code === Code.Monitorq ? '%rax' : code === Code.Monitord ? '%eax' : '%ax', '%ecx', '%edx'];
  if (mn === Mnemonic.Mwait) ops = ['%eax', '%ecx'];
  // objdump's 32-bit view has no cvtsi2ssq, so it leaves the `l` off a memory source there.
  if (bitness !== 64 && (code === Code.Cvtsi2ss_xmm_rm32 || code === Code.Cvtsi2sd_xmm_rm32)) mnemonic = mnemonic.replace(/l$/, '');
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
