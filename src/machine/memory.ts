// Physical RAM (sparse 4 KiB pages) and host-side address spaces keyed by CR3.
// SIMPLIFICATION (named): guest page tables are not walked; each CR3 value owns a host page map.
import type { DecodedInsn } from './decodeInstruction.js';

export const PAGE_SIZE = 4096;
export const PERM_WRITE = 1;
export const PERM_EXEC = 2;
export const PERM_USER = 4;

/** A physical page frame: its bytes and the predecoded instructions that start in it. */
export class PhysPage {
  readonly data = new Uint8Array(PAGE_SIZE);
  readonly view = new DataView(this.data.buffer);
  /** Predecoded instruction cache indexed by page offset; dropped on any write to the page. */
  recs: (DecodedInsn | undefined)[] | null = null;
  /** Linear page base the cached records were decoded at (their branch targets are absolute). */
  recsBase = NaN;
  /** Pages whose records hold an instruction that runs into this page: a write here drops theirs too. */
  spilled: PhysPage[] | null = null;
  constructor(readonly frame: number) {}

  /** Drop the decoded records (the page was written), and those of instructions running into it. */
  dropRecs(): void {
    this.recs = null;
    const s = this.spilled;
    if (s !== null) { this.spilled = null; for (const p of s) p.dropRecs(); }
  }

  /**
   * Record that `from` holds an instruction whose last bytes are in this page (linear base
   * `base`). This page keeps a records array from then on, so that the write paths, which drop
   * records only where there are some, come to dropRecs.
   */
  spillFrom(from: PhysPage, base: number): void {
    if (this.recs === null) { this.recs = new Array(PAGE_SIZE); this.recsBase = base; }
    this.spilled ??= [];
    const s = this.spilled;
    if (!s.includes(from)) s.push(from);
  }
}

/** One page-map entry: a physical page with P (implied by presence) / W / X / U bits. */
export class PageEntry {
  constructor(public page: PhysPage, public perms: number) {}
}

/** A host-side page map (one per CR3). Keys are virtual page numbers (signed canonical address / 4096). */
export class AddressSpace {
  readonly pages = new Map<number, PageEntry>();
  constructor(readonly cr3: number) {}
}

/** A direct-mapped translation cache for one access kind at one privilege class. */
export class Tlb {
  readonly tags = new Float64Array(256).fill(NaN);
  readonly pages: PhysPage[] = new Array(256);
  flush(): void { this.tags.fill(NaN); }
}

/** Physical memory: a frame allocator over sparse pages. */
export class PhysicalMemory {
  private nextFrame = 1;
  readonly frames = new Map<number, PhysPage>();
  alloc(): PhysPage {
    const p = new PhysPage(this.nextFrame++);
    this.frames.set(p.frame, p);
    return p;
  }
  /** Forget a frame: once no page map holds it, its memory goes back to the host. */
  free(p: PhysPage): void {
    this.frames.delete(p.frame);
  }
}

/** Signed canonical number for a 64-bit bigint address (canonical addresses fit a double exactly). */
export function addrToNumber(a: bigint): number {
  return Number(BigInt.asIntN(64, a));
}

/** The bigint (unsigned 64-bit) form of an internal signed address. */
export function numberToAddr(n: number): bigint {
  return BigInt.asUintN(64, BigInt(n));
}

/** An address or value in hex for messages (0x-prefixed, unsigned 64-bit). */
export const hex = (n: number | bigint): string => '0x' + (typeof n === 'bigint' ? n : numberToAddr(n)).toString(16);
