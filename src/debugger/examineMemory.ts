// `x/NFU ADDR` as gdb prints it: one line per row of values, each row led by `0xADDR <sym+off>:`.
import type { Bitness } from '../x86/index.js';
import type { XFormat, XUnit } from './commands.js';
import { type InstructionCache, decodeForward, type CodeContext } from './codeView.js';
import type { SymbolTable } from './symbols.js';

export interface ExamineRequest {
  addr: bigint;
  count: number;
  format: XFormat;
  unit: XUnit;
}

const UNIT_SIZE: Record<XUnit, number> = { b: 1, h: 2, w: 4, g: 8 };
const PER_LINE: Record<XUnit, number> = { b: 8, h: 8, w: 4, g: 2 };

function label(addr: bigint, symbols: SymbolTable): string {
  const d = symbols.describe(addr);
  return `0x${addr.toString(16)}${d ? ` <${d}>` : ''}:`;
}

function readValue(bytes: Uint8Array, off: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[off + i]!);
  return v;
}

function formatValue(v: bigint, size: number, f: XFormat, symbols: SymbolTable): string {
  const bits = BigInt(size * 8);
  switch (f) {
    case 'x':
      return `0x${v.toString(16).padStart(size * 2, '0')}`;
    case 'd':
      return BigInt.asIntN(Number(bits), v).toString();
    case 'u':
      return v.toString();
    case 'o':
      return `0${v.toString(8)}`;
    case 't':
      return v.toString(2).padStart(size * 8, '0');
    case 'a': {
      const d = symbols.describe(v);
      return `0x${v.toString(16)}${d ? ` <${d}>` : ''}`;
    }
    case 'c': {
      const c = Number(v & 0xffn);
      const shown = c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `'\\${c.toString(8).padStart(3, '0')}'`;
      return `${BigInt.asIntN(8, v & 0xffn)} ${shown}`;
    }
    default:
      return v.toString(16);
  }
}

/** Returns the text and the address after the last unit shown (gdb's next default address). */
export function examine(
  req: ExamineRequest,
  read: (addr: bigint, len: number) => Uint8Array | null,
  symbols: SymbolTable,
  code: { ctx: CodeContext; cache: InstructionCache; bits: Bitness },
): { text: string; next: bigint } {
  const { addr, count, format } = req;
  if (format === 's') {
    const lines: string[] = [];
    let a = addr;
    for (let n = 0; n < count; n++) {
      const bytes = read(a, 256);
      if (!bytes) {
        lines.push(`${label(a, symbols)}\t<error: Cannot access memory at address 0x${a.toString(16)}>`);
        break;
      }
      let end = bytes.indexOf(0);
      if (end < 0) end = Math.min(bytes.length, 200);
      const s = Array.from(bytes.subarray(0, end), (c) => (c === 0x0a ? '\\n' : c === 0x09 ? '\\t' : c === 0x22 ? '\\"' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`)).join('');
      lines.push(`${label(a, symbols)}\t"${s}"`);
      a += BigInt(end + 1);
    }
    return { text: lines.join('\n'), next: a };
  }
  if (format === 'i') {
    const insns = decodeForward(code.ctx, code.cache, addr, code.bits, count);
    if (insns.length === 0) return { text: `Cannot access memory at address 0x${addr.toString(16)}`, next: addr };
    const last = insns[insns.length - 1]!;
    const text = insns.map((i) => `   ${label(i.ip, symbols)}\t${i.text}`).join('\n');
    return { text, next: last.ip + BigInt(last.length) };
  }
  const unit = format === 'c' ? 'b' : format === 'a' ? (code.bits === 64 ? 'g' : 'w') : req.unit;
  const size = UNIT_SIZE[unit];
  const bytes = read(addr, size * count);
  if (!bytes || bytes.length < size * count) return { text: `Cannot access memory at address 0x${addr.toString(16)}`, next: addr };
  const perLine = format === 'a' ? 1 : PER_LINE[unit];
  const lines: string[] = [];
  for (let i = 0; i < count; i += perLine) {
    const row: string[] = [];
    for (let j = i; j < Math.min(count, i + perLine); j++) row.push(formatValue(readValue(bytes, j * size, size), size, format, symbols));
    lines.push(`${label(addr + BigInt(i * size), symbols)}\t${row.join('\t')}`);
  }
  return { text: lines.join('\n'), next: addr + BigInt(size * count) };
}
