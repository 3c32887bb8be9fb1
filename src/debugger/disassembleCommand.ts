// `disassemble [SYMBOL|*ADDR]`: the function (the symbol's code up to the next symbol) dumped as
// gdb does, `=> ` marking the PC.
import { type Bitness, formatAtt } from '../x86/index.js';
import { type CodeContext, type InstructionCache } from './codeView.js';
import { CommandError } from './commands.js';

/** Instructions one dump shows at most. */
const MAX_INSNS = 2000;

export function disassembleFunction(ctx: CodeContext, cache: InstructionCache, addr: bigint, bits: Bitness, pc: bigint): string {
  const sym = ctx.symbols.containing(addr);
  if (!sym) throw new CommandError(`No function contains address 0x${addr.toString(16)}.`);
  const width = bits === 64 ? 16 : 8;
  const lines = [`Dump of assembler code for function ${sym.name}:`];
  let a = sym.addr;
  for (let i = 0; i < MAX_INSNS; i++) {
    if (i > 0 && ctx.symbols.containing(a) !== sym) break;
    const bytes = ctx.read(a, 15);
    if (!bytes || bytes.length === 0) break;
    const native = ctx.nativeAt?.(a);
    const insn = cache.decode(bytes, bits, a);
    // zero padding after the code (a run of `add %al,(%rax)`): the function has ended
    if (i > 0 && insn.bytes.every((b) => b === 0)) break;
    const text = native !== undefined ? `[native ${native}: kernel C function in TypeScript]` : formatAtt(insn, (x) => ctx.symbols.describe(x));
    lines.push(`${a === pc ? '=> ' : '   '}0x${a.toString(16).padStart(width, '0')} <+${a - sym.addr}>:\t${text}`);
    if (native !== undefined) break;
    a += BigInt(insn.length);
  }
  lines.push('End of assembler dump.');
  return lines.join('\n');
}
