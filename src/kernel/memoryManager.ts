// The process's mm: its VMAs (what /proc/self/maps lists), brk and anonymous mmap/munmap,
// kept in step with the machine's page map.
import type { Machine } from '../machine/index.js';
import type { Vma } from './procMaps.js';

export const PAGE = 0x1000n;
export const pageDown = (a: bigint): bigint => a & ~(PAGE - 1n);
export const pageUp = (a: bigint): bigint => (a + PAGE - 1n) & ~(PAGE - 1n);

/**
 * Pages are allocated eagerly by the machine, so trapdoor caps what a process may map (a named
 * simplification, like a small RLIMIT_AS): beyond it mmap and brk fail with ENOMEM as Linux does.
 */
export const MAX_USER_MEMORY = 256n * 1024n * 1024n;

export class MemoryManager {
  readonly vmas: Vma[] = [];
  startBrk = 0n;
  brk = 0n;
  private mmapTop: bigint;

  constructor(private readonly m: Machine, readonly cr3: bigint, mmapBase: bigint, readonly userLimit: bigint) {
    this.mmapTop = mmapBase;
  }

  /** Map pages for a VMA and record it. */
  mapVma(vma: Vma, data?: Uint8Array, dataAddr?: bigint): void {
    this.m.map(this.cr3, vma.start, Number(vma.end - vma.start), { write: vma.write, exec: vma.exec, user: true });
    if (data && data.length > 0) this.m.write(dataAddr ?? vma.start, data, this.cr3);
    this.vmas.push(vma);
  }

  setBrkStart(addr: bigint): void {
    this.startBrk = pageUp(addr);
    this.brk = this.startBrk;
  }

  /** sys_brk: move the break; returns the (possibly unchanged) current break. */
  doBrk(requested: bigint): bigint {
    if (requested < this.startBrk) return this.brk;
    const oldEnd = pageUp(this.brk);
    const newEnd = pageUp(requested);
    if (newEnd > oldEnd) {
      if (requested >= this.userLimit || this.overlaps(oldEnd, newEnd)) return this.brk;
      if (this.mappedBytes() + (newEnd - oldEnd) > MAX_USER_MEMORY) return this.brk;
      this.m.map(this.cr3, oldEnd, Number(newEnd - oldEnd), { write: true, exec: false, user: true });
    } else if (newEnd < oldEnd) {
      this.m.unmap(this.cr3, newEnd, Number(oldEnd - newEnd));
    }
    this.brk = requested;
    this.syncHeapVma();
    return this.brk;
  }

  private syncHeapVma(): void {
    const i = this.vmas.findIndex((v) => v.name === '[heap]');
    const end = pageUp(this.brk);
    if (end > this.startBrk) {
      const heap: Vma = { start: this.startBrk, end, read: true, write: true, exec: false, offset: 0n, name: '[heap]' };
      if (i >= 0) this.vmas[i] = heap;
      else this.vmas.push(heap);
    } else if (i >= 0) {
      this.vmas.splice(i, 1);
    }
  }

  /** Bytes of user memory mapped now (VMAs, including the heap). */
  mappedBytes(): bigint {
    let n = 0n;
    for (const v of this.vmas) n += v.end - v.start;
    return n;
  }

  private overlaps(start: bigint, end: bigint): boolean {
    return this.vmas.some((v) => v.start < end && start < v.end);
  }

  /** Anonymous private mmap; returns the address or a negative errno. */
  mmapAnonymous(addr: bigint, len: bigint, prot: number, fixed: boolean): bigint {
    if (len === 0n) return -22n;
    const size = pageUp(len);
    if (len > this.userLimit || this.mappedBytes() + size > MAX_USER_MEMORY) return -12n; // ENOMEM
    let start: bigint;
    if (fixed) {
      if ((addr & (PAGE - 1n)) !== 0n || addr + size > this.userLimit) return -22n;
      start = addr;
      this.munmap(start, size);
    } else {
      start = this.mmapTop - size;
      while (this.overlaps(start, start + size)) start -= PAGE;
      this.mmapTop = start;
    }
    this.mapVma({
      start, end: start + size, read: (prot & 1) !== 0, write: (prot & 2) !== 0, exec: (prot & 4) !== 0, offset: 0n,
    });
    return start;
  }

  /** munmap: drop pages and cut VMAs; returns 0 or a negative errno. */
  munmap(addr: bigint, len: bigint): bigint {
    if ((addr & (PAGE - 1n)) !== 0n || len === 0n || addr >= this.userLimit) return -22n;
    const end = addr + pageUp(len);
    const kept: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= addr || v.start >= end) {
        kept.push(v);
        continue;
      }
      if (v.start < addr) kept.push({ ...v, end: addr });
      if (v.end > end) kept.push({ ...v, start: end, offset: v.offset + (end - v.start) });
      const from = v.start > addr ? v.start : addr;
      const to = v.end < end ? v.end : end;
      this.m.unmap(this.cr3, from, Number(to - from));
    }
    this.vmas.length = 0;
    this.vmas.push(...kept);
    return 0n;
  }
}
