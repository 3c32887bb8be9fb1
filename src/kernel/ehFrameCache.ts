// The vDSO's unwind tables are the same for every run of the same code: derive them once
// (decoding every instruction costs about a third of a run's start-up) and keep them in the
// per-user cache beside the assembled kernel images, keyed by the code and by vdsoUnwind.ts itself.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEhFrame, type EhFrameSections, type UnwindFunction } from './vdsoUnwind.js';

/** buildEhFrame, from the cache when these exact inputs were seen before (TRAPDOOR_NO_CACHE=1: always anew). */
export function cachedEhFrame(code: Uint8Array, base: bigint, bits: 32 | 64, fns: UnwindFunction[], hdrAddr: bigint, frameAddr: bigint): EhFrameSections {
  if (process.env.TRAPDOOR_NO_CACHE) return buildEhFrame(code, base, bits, fns, hdrAddr, frameAddr);
  let file: string | null = null;
  try {
    const self = fileURLToPath(import.meta.url);
    const unwinder = statSync(join(dirname(self), `vdsoUnwind${extname(self)}`)); // .ts under tsx, .js built
    const key = createHash('sha256').update(code).update(`\0${base}\0${bits}\0${hdrAddr}\0${frameAddr}\0${unwinder.size}:${unwinder.mtimeMs}\0`)
      .update(JSON.stringify(fns.map((f) => [f.name, f.start.toString(), f.size]))).digest('hex').slice(0, 32);
    file = join(tmpdir(), `trapdoor-cache-${process.getuid?.() ?? 'user'}`, `ehframe-${key}.json`);
    const c = JSON.parse(readFileSync(file, 'utf8')) as { hdr: string; frame: string };
    return { ehFrameHdr: new Uint8Array(Buffer.from(c.hdr, 'base64')), ehFrame: new Uint8Array(Buffer.from(c.frame, 'base64')) };
  } catch {
    // not cached yet (or unreadable): derive them
  }
  const out = buildEhFrame(code, base, bits, fns, hdrAddr, frameAddr);
  if (file) {
    try {
      mkdirSync(join(file, '..'), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ hdr: Buffer.from(out.ehFrameHdr).toString('base64'), frame: Buffer.from(out.ehFrame).toString('base64') }));
      renameSync(tmp, file);
    } catch {
      // a cache we cannot write is only slower
    }
  }
  return out;
}
