// The ELF layer: read x86 ELF files, write static executables and the vDSO shared object.
export { ElfError } from './ElfError.js';
export { readElf, assertStaticExecutable, readExecutable, readStaticExecutable, machineName } from './readElf.js';
export type { ElfFile, ElfSection, ElfSymbol, ElfProgramHeader, ElfSymbolType, ElfSymbolBind } from './readElf.js';
export { writeExecutable } from './writeExecutable.js';
export type { ExecutableSpec, OutputSection, OutputSymbol, SectionFlags, SymbolType } from './writeExecutable.js';
export { writeSharedObject, sharedObjectHeaderSize } from './writeSharedObject.js';
export type { SharedObjectSpec, DynamicSymbol } from './writeSharedObject.js';
export { gnuHash, sysvHash } from './elfConstants.js';
export { objdumpListing, listSection, objdumpFormatName } from './objdumpListing.js';
export { DebugInfo, DwarfError, pathMatches } from './dwarf/DebugInfo.js';
export type { SourceLocation, DwarfFunction, LineTable } from './dwarf/DebugInfo.js';
export { CallFrameInfo } from './dwarf/callFrames.js';
export type { FrameRules, CfaRule, RegisterRule } from './dwarf/callFrames.js';
