// Assemble the kernel's .S files at fixed addresses with trapdoor's own assembler (src/asm
// assembleAt), the C functions (TypeScript natives) and a few data addresses bound as externs.
// The assembler is imported only when an image is not cached (start-up time).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PlacedCode {
  /** Load address of .text. */
  base: bigint;
  bytes: Uint8Array;
  symbols: Map<string, bigint>;
  /** Names in `symbols` that are constants (.equ of a number: __NR_*, offsets), not code or data addresses. */
  constants: Set<string>;
  /** Address -> source line (for the debugger's Code pane); `macro` names the macros a line was expanded from. */
  lines: { addr: bigint; file: string; line: number; macro?: string }[];
  /** Symbol sizes the sources give with .size (the vDSO's dynamic symbols carry them). */
  sizes: Map<string, number>;
}

export interface AssembleRequest {
  files: string[];
  bits: 32 | 64;
  base: bigint;
  externs: Record<string, bigint>;
  /** What `.include "kernel-config.S"` reads (the boot's X86_FEATURE_* constants: which mitigations the entry code has). */
  prelude?: string;
}

/** The text of a kernel source file shipped next to this module (src/ under vitest, dist/ when built). */
export function kernelSource(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}

let asmFingerprint: string | undefined;

/** A hash of the assembler's own code, so a changed assembler never reuses a cached image. */
function assemblerFingerprint(): string {
  if (asmFingerprint === undefined) {
    const h = createHash('sha256');
    const dir = new URL('../asm/', import.meta.url);
    try {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (e.isFile()) h.update(e.name).update(readFileSync(new URL(e.name, dir)));
      }
    } catch {
      h.update(String(Date.now())); // unreadable: never match a cached image
    }
    asmFingerprint = h.digest('hex');
  }
  return asmFingerprint;
}

interface CachedImage {
  base: string;
  bytes: string;
  symbols: [string, string][];
  constants: string[];
  lines: [string, string, number, string?][];
  sizes: [string, number][];
}

function cacheFile(key: string): { dir: string; file: string } {
  const dir = join(tmpdir(), `trapdoor-cache-${process.getuid?.() ?? 'user'}`);
  return { dir, file: join(dir, `${key}.json`) };
}

/** The images are the same for every run: keep them in a per-user cache (start-up time), keyed by everything that shapes them. */
function readCached(key: string): PlacedCode | null {
  if (process.env.TRAPDOOR_NO_CACHE) return null;
  try {
    const c = JSON.parse(readFileSync(cacheFile(key).file, 'utf8')) as CachedImage;
    return {
      base: BigInt(c.base), bytes: new Uint8Array(Buffer.from(c.bytes, 'base64')),
      symbols: new Map(c.symbols.map(([n, v]) => [n, BigInt(v)])),
      constants: new Set(c.constants),
      lines: c.lines.map(([a, f, l, macro]) => (macro ? { addr: BigInt(a), file: f, line: l, macro } : { addr: BigInt(a), file: f, line: l })),
      sizes: new Map(c.sizes),
    };
  } catch {
    return null; // not cached yet (or unreadable): assemble
  }
}

function writeCached(key: string, code: PlacedCode): void {
  if (process.env.TRAPDOOR_NO_CACHE) return;
  const { dir, file } = cacheFile(key);
  try {
    mkdirSync(dir, { recursive: true });
    const c: CachedImage = {
      base: code.base.toString(), bytes: Buffer.from(code.bytes).toString('base64'),
      symbols: [...code.symbols].map(([n, v]) => [n, v.toString()]),
      constants: [...code.constants],
      lines: code.lines.map((l) => (l.macro ? [l.addr.toString(), l.file, l.line, l.macro] : [l.addr.toString(), l.file, l.line])),
      sizes: [...code.sizes],
    };
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(c));
    renameSync(tmp, file);
  } catch {
    // a cache we cannot write is only slower
  }
}

/** Assemble `files` (kernel sources) as one unit with .text at `base`. */
export async function assembleKernelCode(req: AssembleRequest): Promise<PlacedCode> {
  const sources = req.files.map((f) => ({ path: `src/kernel/${f}`, text: kernelSource(f) }));
  // The files they .include (calling.S) shape the image too.
  const included = [...new Set(sources.flatMap((s) => [...s.text.matchAll(/^\s*\.include\s+"([^"]+)"/gm)].map((m) => m[1]!)))].sort();
  const key = createHash('sha256').update(JSON.stringify({
    sources, included: included.map((f) => [f, kernelSource(f)]), bits: req.bits, base: req.base.toString(), externs: Object.entries(req.externs).map(([k, v]) => [k, v.toString()]),
    prelude: req.prelude ?? '', asm: assemblerFingerprint(), format: 4,
  })).digest('hex').slice(0, 32);
  const hit = readCached(key);
  if (hit) return hit;
  const code = await assembleNow(sources, req);
  writeCached(key, code);
  return code;
}

async function assembleNow(sources: { path: string; text: string }[], req: AssembleRequest): Promise<PlacedCode> {
  const { assembleAt } = await import('../asm/index.js');
  // .include "x" names a kernel source next to this module (src/ or dist/), whatever the current directory.
  // "kernel-config.S" is the boot's generated prelude (the X86_FEATURE_* constants), not a file.
  const include = (name: string) => ({ path: `src/kernel/${name}`, text: name === 'kernel-config.S' ? (req.prelude ?? '') : kernelSource(name) });
  const placed = assembleAt(sources, { bits: req.bits, sectionBases: { '.text': req.base }, externs: req.externs, include });
  const text = placed.sections.find((s) => s.name === '.text');
  if (!text) throw new Error('kernel assembly produced no .text');
  const others = placed.sections.filter((s) => s.name !== '.text' && s.size > 0);
  if (others.length > 0) throw new Error(`kernel sources may only use .text (found ${others.map((s) => s.name).join(', ')})`);
  const constants = new Set(placed.symbolList.filter((s) => s.absolute).map((s) => s.name));
  const sizes = new Map(placed.symbolList.filter((s) => s.size > 0).map((s) => [s.name, s.size]));
  return { base: text.addr, bytes: text.data, symbols: placed.symbols, constants, lines: placed.lines, sizes };
}
