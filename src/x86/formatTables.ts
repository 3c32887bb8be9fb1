// Opcode-form and mnemonic sets for the places where objdump's AT&T conventions differ from iced's.
import { Code, Mnemonic } from './icedModule.js';

/** iced Code value -> its name (e.g. 'Shl_rm32_1'), to select opcode forms by pattern. */
export const codeNames: string[] = [];
for (const [name, value] of Object.entries(Code)) if (typeof value === 'number') codeNames[value] = name;

// D0-D3 shifts and rotates by one: objdump leaves out the implicit `$0x1` operand.
export const SHIFT_BY_ONE = new Set(codeNames.flatMap((n, i) => (/^(Rol|Ror|Rcl|Rcr|Shl|Shr|Sal|Sar)_rm\d+_1$/.test(n ?? '') ? [i] : [])));
// String instructions (by opcode form: the SSE `movsd`/`cmpsd` share these mnemonics): objdump always
// names the implied segment (%ds:(%rsi), %es:(%rdi)).
export const STRING_CODES = new Set(codeNames.flatMap((n, i) => (/^(Movs|Cmps|Stos|Lods|Scas|Ins|Outs)[bwdq]_(m|AL|AX|EAX|RAX|DX)|^Xlat_/.test(n ?? '') ? [i] : [])));
// Stack and indirect-branch instructions whose default operand size objdump does not spell out.
export const DEFAULT_SIZE_MNEMONICS = new Set<number>([Mnemonic.Push, Mnemonic.Pop, Mnemonic.Call, Mnemonic.Jmp]);
export const IN_OUT = new Set<number>([Mnemonic.In, Mnemonic.Out, Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd, Mnemonic.Outsb, Mnemonic.Outsw, Mnemonic.Outsd]);
export const SEGMENT_PREFIX_BYTES = new Map<number, string>([[0x26, 'es'], [0x2e, 'cs'], [0x36, 'ss'], [0x3e, 'ds'], [0x64, 'fs'], [0x65, 'gs']]);
// Undocumented x87 register-form aliases that objdump does not decode.
export const FPU_ALIASES = new Set<number>([Code.Fstpnce_sti, Code.Fcom_st0_sti_DCD0, Code.Fcomp_st0_sti_DCD8, Code.Fxch_st0_sti_DDC8, Code.Fcomp_st0_sti_DED0, Code.Fxch_st0_sti_DFC8, Code.Fstp_sti_DFD0, Code.Fstp_sti_DFD8]);
export const LOOPS = new Set<number>([Mnemonic.Loop, Mnemonic.Loope, Mnemonic.Loopne, Mnemonic.Jcxz, Mnemonic.Jecxz, Mnemonic.Jrcxz]);
// 0F 0D and 0F 18 take real instructions for some ModRM.reg values, which iced decodes by name first.
export const RESERVED_NOPS = new Set(codeNames.flatMap((n, i) => (/^Reservednop_/.test(n ?? '') ? [i] : [])));
export const SEGMENT_WORDS = new Set(['es', 'cs', 'ss', 'ds']);
export const DESCRIPTOR_TABLE = new Set<number>([Mnemonic.Lgdt, Mnemonic.Lidt, Mnemonic.Sgdt, Mnemonic.Sidt]);
export const FAR_INDIRECT = new Set<number>([Code.Jmp_m1616, Code.Jmp_m1632, Code.Jmp_m1664, Code.Call_m1616, Code.Call_m1632, Code.Call_m1664]);

export const REL8_16 = new Set(codeNames.flatMap((n, i) => (/_rel8_16(_|$)/.test(n ?? '') ? [i] : [])));
