// The x86 layer: decoding through iced-x86 and AT&T text identical to `objdump -d`.
export { createObjdumpDecoder, decodeAt, decodeAll, decodeObjdumpStyle, loneByteText, OBJDUMP_DECODER_OPTIONS, toDecoded } from './decode.js';
export type { Bitness, DecodedInstruction } from './decode.js';
export { formatAtt, formatIced, joinMnemonic } from './formatAtt.js';
export type { Symbolizer } from './formatAtt.js';
export { disassemble, instructionText } from './disassemble.js';
export type { DisassemblyLine } from './disassemble.js';
export { makeSymbolizer, sortSymbols, findSymbol, offsetText } from './symbolizer.js';
export type { SymbolInfo, SectionRange, SymbolizerOptions } from './symbolizer.js';
export { danglingPrefixLength, danglingPrefixText, rexName } from './danglingPrefixes.js';
export { encodingInfo } from './encodingInfo.js';
export type { EncodingInfo } from './encodingInfo.js';
