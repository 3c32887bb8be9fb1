// Assemble the kernel's .S files at fixed addresses with trapdoor's own assembler (src/asm
// assembleAt), the C functions (TypeScript natives) and a few data addresses bound as externs.
import { readFileSync } from 'node:fs';
import { assembleAt } from '../asm/index.js';

export interface PlacedCode {
  /** Load address of .text. */
  base: bigint;
  bytes: Uint8Array;
  symbols: Map<string, bigint>;
  /** Address -> source line (for the debugger's Code pane). */
  lines: { addr: bigint; file: string; line: number }[];
}

export interface AssembleRequest {
  files: string[];
  bits: 32 | 64;
  base: bigint;
  externs: Record<string, bigint>;
}

/** The text of a kernel source file shipped next to this module (src/ under vitest, dist/ when built). */
export function kernelSource(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}

/** Assemble `files` (kernel sources) as one unit with .text at `base`. */
export async function assembleKernelCode(req: AssembleRequest): Promise<PlacedCode> {
  const sources = req.files.map((f) => ({ path: `src/kernel/${f}`, text: kernelSource(f) }));
  const placed = assembleAt(sources, { bits: req.bits, sectionBases: { '.text': req.base }, externs: req.externs });
  const text = placed.sections.find((s) => s.name === '.text');
  if (!text) throw new Error('kernel assembly produced no .text');
  const others = placed.sections.filter((s) => s.name !== '.text' && s.size > 0);
  if (others.length > 0) throw new Error(`kernel sources may only use .text (found ${others.map((s) => s.name).join(', ')})`);
  return { base: text.addr, bytes: text.data, symbols: placed.symbols, lines: placed.lines };
}
