// The assembler's public API (see PLAN.md): AT&T source -> placed sections, symbols, line map, ELF.
export { AsmError } from './AsmError.js';
export { assemble, assembleAt, ldLayout, linkExecutable } from './assemble.js';
export type { AsmSource, AssembleOptions, AssembleAtOptions, LinkResult, LinkedSymbol, Placed } from './assemble.js';
export type { LineEntry, PlacedSection } from './layout.js';
export type { ObjectCode } from './objectCode.js';
