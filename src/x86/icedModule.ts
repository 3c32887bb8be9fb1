// iced-x86 loaded with require(): an ESM `import ... from 'iced-x86'` makes node run its CommonJS
// export lexer over the whole package file, ~150-250 ms of every trapdoor start (issue 3 wants
// node start -> first guest instruction < 400 ms). Import iced from here, never from 'iced-x86'.
// (Added by H4; type-only `import type ... from 'iced-x86'` is fine anywhere: it is erased.)
import { createRequire } from 'node:module';
import type * as Iced from 'iced-x86';

const iced = createRequire(import.meta.url)('iced-x86') as typeof Iced;
export default iced;

export const Code = iced.Code;
export type Code = Iced.Code;
export const Decoder = iced.Decoder;
export type Decoder = Iced.Decoder;
export const DecoderError = iced.DecoderError;
export type DecoderError = Iced.DecoderError;
export const DecoderOptions = iced.DecoderOptions;
export type DecoderOptions = Iced.DecoderOptions;
export const FlowControl = iced.FlowControl;
export type FlowControl = Iced.FlowControl;
export const Formatter = iced.Formatter;
export type Formatter = Iced.Formatter;
export const FormatterSyntax = iced.FormatterSyntax;
export type FormatterSyntax = Iced.FormatterSyntax;
export const Instruction = iced.Instruction;
export type Instruction = Iced.Instruction;
export const MemorySizeExt = iced.MemorySizeExt;
export type MemorySizeExt = Iced.MemorySizeExt;
export const Mnemonic = iced.Mnemonic;
export type Mnemonic = Iced.Mnemonic;
export const OpKind = iced.OpKind;
export type OpKind = Iced.OpKind;
export const Register = iced.Register;
export type Register = Iced.Register;
export const RegisterExt = iced.RegisterExt;
export type RegisterExt = Iced.RegisterExt;
