// Assemble the kernel's .S files at fixed addresses, with the C functions (TypeScript natives)
// and a few data addresses bound as externs, through trapdoor's own assembler (src/asm).
import { readFileSync } from 'node:fs';

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

type AssembleAt = (sources: { path: string; text: string }[], opts: {
  bits: 32 | 64; sectionBases: Record<string, bigint>; externs: Record<string, bigint>;
}) => unknown;

let assembleAtFn: AssembleAt | null | undefined;

async function loadAssembleAt(): Promise<AssembleAt | null> {
  if (assembleAtFn !== undefined) return assembleAtFn;
  try {
    const mod = (await import('../asm/index.js')) as { assembleAt?: AssembleAt };
    assembleAtFn = typeof mod.assembleAt === 'function' ? mod.assembleAt : null;
  } catch {
    assembleAtFn = null;
  }
  return assembleAtFn;
}

/** Normalise the assembler's result (sections, symbols, lines) into PlacedCode. */
function toPlaced(result: unknown, base: bigint): PlacedCode {
  const r = result as {
    sections?: unknown; symbols?: unknown; lines?: { addr: bigint; file: string; line: number }[];
  };
  let bytes: Uint8Array | undefined;
  let textBase = base;
  const secs = r.sections;
  const pick = (s: { name?: string; addr?: bigint; base?: bigint; bytes?: Uint8Array; data?: Uint8Array } | undefined): void => {
    if (!s) return;
    bytes = s.bytes ?? s.data;
    textBase = s.addr ?? s.base ?? base;
  };
  if (secs instanceof Map) pick(secs.get('.text'));
  else if (Array.isArray(secs)) pick(secs.find((s: { name?: string }) => s.name === '.text'));
  else if (secs && typeof secs === 'object') pick((secs as Record<string, never>)['.text']);
  if (!bytes) throw new Error('kernel assembly produced no .text');
  const symbols = new Map<string, bigint>();
  const sy = r.symbols;
  if (sy instanceof Map) for (const [k, v] of sy) symbols.set(k, typeof v === 'bigint' ? v : (v as { value: bigint }).value);
  else if (Array.isArray(sy)) for (const s of sy as { name: string; value: bigint }[]) symbols.set(s.name, s.value);
  else if (sy && typeof sy === 'object') for (const [k, v] of Object.entries(sy)) symbols.set(k, v as bigint);
  return { base: textBase, bytes, symbols, lines: r.lines ?? [] };
}

/** Assemble `files` (kernel sources) as one unit at `base`. */
export async function assembleKernelCode(req: AssembleRequest): Promise<PlacedCode> {
  const sources = req.files.map((f) => ({ path: `src/kernel/${f}`, text: kernelSource(f) }));
  const asmAt = await loadAssembleAt();
  if (asmAt) {
    return toPlaced(asmAt(sources, { bits: req.bits, sectionBases: { '.text': req.base }, externs: req.externs }), req.base);
  }
  if (process.env.TRAPDOOR_GNU_AS) {
    const { assembleWithGnuAs } = await import('./assembleWithGnuAs.js');
    return assembleWithGnuAs(sources, req);
  }
  throw new Error('the assembler (src/asm assembleAt) is not available');
}
