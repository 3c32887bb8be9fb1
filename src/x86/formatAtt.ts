// AT&T text exactly as GNU objdump -d (binutils 2.40) prints it: iced-x86's GNU formatter,
// then the places where objdump's conventions differ from iced's are rewritten.
import { Code, Mnemonic, OpKind, Register, type Instruction } from 'iced-x86';
import type { Bitness, DecodedInstruction } from './decode.js';
import { gasFormatter } from './iced.js';

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
const STRING_MNEMONICS = new Set<number>([
  Mnemonic.Movsb, Mnemonic.Movsw, Mnemonic.Movsd, Mnemonic.Movsq, Mnemonic.Cmpsb, Mnemonic.Cmpsw, Mnemonic.Cmpsd, Mnemonic.Cmpsq,
  Mnemonic.Stosb, Mnemonic.Stosw, Mnemonic.Stosd, Mnemonic.Stosq, Mnemonic.Lodsb, Mnemonic.Lodsw, Mnemonic.Lodsd, Mnemonic.Lodsq,
  Mnemonic.Scasb, Mnemonic.Scasw, Mnemonic.Scasd, Mnemonic.Scasq, Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd,
  Mnemonic.Outsb, Mnemonic.Outsw, Mnemonic.Outsd, Mnemonic.Xlatb,
]);
// Stack and indirect-branch instructions whose default operand size objdump does not spell out.
const DEFAULT_SIZE_MNEMONICS = new Set<number>([Mnemonic.Push, Mnemonic.Pop, Mnemonic.Call, Mnemonic.Jmp]);
const NOP_MNEMONICS = new Set<number>([Mnemonic.Nop]);
const SEGMENT_NAMES: Partial<Record<number, string>> = {
  [Register.ES]: 'es', [Register.CS]: 'cs', [Register.SS]: 'ss', [Register.DS]: 'ds', [Register.FS]: 'fs', [Register.GS]: 'gs',
};

function isNearBranch(kind: OpKind): boolean {
  return kind === OpKind.NearBranch16 || kind === OpKind.NearBranch32 || kind === OpKind.NearBranch64;
}

/** The objdump text of an iced instruction, with addresses as bare hex and no symbols. */
export function formatIced(instr: Instruction, _bytes: Uint8Array, bitness: Bitness): string {
  if (instr.isInvalid) return '(bad)';
  const f = gasFormatter();
  let mnemonic = f.formatMnemonic(instr);
  const code = instr.code;
  const mn = instr.mnemonic;
  const count = f.operandCount(instr);
  let ops: string[] = [];
  for (let i = 0; i < count; i++) ops.push(f.formatOperand(instr, i));

  // Branch targets are bare hex addresses (`jmp 401000`), the symbol is added by formatAtt.
  if (count === 1 && isNearBranch(instr.op0Kind)) ops = [instr.nearBranchTarget.toString(16)];
  if (SHIFT_BY_ONE.has(code)) ops = ops.filter((o) => o !== '$0x1');
  // objdump writes an index without a scale as `,1` in 32/64-bit addressing (not 16-bit).
  if (instr.memoryIndex !== Register.None) {
    ops = ops.map((o) => o.replace(/\(((?:%\w+)?),(%\w+)\)/, (m, base: string, index: string) => (/^%(si|di)$/.test(index) ? m : `(${base},${index},1)`)));
  }
  if (STRING_MNEMONICS.has(mn)) {
    ops = ops.map((o) => (o.startsWith('(') ? `${/^\(%[re]?di\)$/.test(o) ? '%es' : '%ds'}:${o}` : o));
    mnemonic = mnemonic.replace(/^repe /, 'repz ').replace(/^repne /, 'repnz ');
  }
  if (DEFAULT_SIZE_MNEMONICS.has(mn) && count === 1 && instr.op0Kind === OpKind.Memory) {
    const defaultSuffix = bitness === 64 ? 'q' : bitness === 32 ? 'l' : 'w';
    if (mnemonic.endsWith(defaultSuffix) && !mnemonic.startsWith('l')) mnemonic = mnemonic.slice(0, -1);
  }
  if (NOP_MNEMONICS.has(mn) && instr.segmentPrefix !== Register.None && count === 1) {
    // objdump shows a segment override on a multi-byte nop as a prefix word (`cs nopw 0x0(...)`).
    const seg = SEGMENT_NAMES[instr.segmentPrefix] ?? '';
    ops = ops.map((o) => o.replace(`%${seg}:`, ''));
    mnemonic = `${seg} ${mnemonic}`;
  }
  // objdump calls the default-size far return and iret `lret`/`iret` (`lretq`/`iretq` with REX.W).
  if (bitness !== 16 && (mnemonic === 'lretl' || mnemonic === 'iretl')) mnemonic = mnemonic.slice(0, -1);
  return joinMnemonic(mnemonic, ops.join(',')).trimEnd();
}

/** objdump's full text for a decoded instruction: branch targets get `<sym>`, rip-relative operands a `# addr <sym>` comment. */
export function formatAtt(insn: DecodedInstruction, symbolize?: Symbolizer): string {
  let text = insn.text;
  if (insn.branchTarget !== null) {
    const s = symbolize?.(insn.branchTarget);
    if (s) text += ` <${s}>`;
  }
  if (insn.ripTarget !== null) {
    const s = symbolize?.(insn.ripTarget);
    text += `        # ${insn.ripTarget.toString(16)}${s ? ` <${s}>` : ''}`;
  }
  return text;
}
