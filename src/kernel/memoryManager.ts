// The process's mm (mm/mmap.c, mm/mremap.c, mm/mprotect.c, mm/memory.c): its VMAs (what
// /proc/self/maps lists), brk, mmap/munmap/mprotect/mremap/madvise with Linux's errno rules, and
// demand paging: anonymous pages are allocated on the first touch (a #PF or a copy_{from,to}_user)
// and given back to the host on munmap, brk shrinking and MADV_DONTNEED.
import type { Machine } from '../machine/index.js';
import type { Vma } from './procMaps.js';

export const PAGE = 0x1000n;
export const pageDown = (a: bigint): bigint => a & ~(PAGE - 1n);
export const pageUp = (a: bigint): bigint => (a + PAGE - 1n) & ~(PAGE - 1n);

/** The default guest address-space limit (`--memory`): generous but finite. */
export const DEFAULT_MEMORY_LIMIT = 4n << 30n;
/** vm.mmap_min_addr's default: no mapping below 64 KiB. */
export const MMAP_MIN_ADDR = 0x10000n;
/** stack_guard_gap: 256 pages kept free below a growing stack. */
export const STACK_GUARD_GAP = 256n * PAGE;

const ENOMEM = -12n, EINVAL = -22n, EFAULT = -14n, EEXIST = -17n, EPERM = -1n;

export const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4, PROT_SEM = 8;
export const PROT_GROWSDOWN = 0x01000000, PROT_GROWSUP = 0x02000000;
export const MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x100, MAP_NORESERVE = 0x4000, MAP_FIXED_NOREPLACE = 0x100000;
const MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;

/** What backs a file mapping: its bytes (copied: the virtual files are small and never written back). */
export interface MappedFile {
  data: Uint8Array;
  name: string;
  inode?: number;
  major?: number;
  minor?: number;
}

export type FaultResult = 'mapped' | 'maperr' | 'accerr';

export class MemoryManager {
  readonly vmas: Vma[] = [];
  startBrk = 0n;
  brk = 0n;
  /** personality READ_IMPLIES_EXEC: PROT_READ brings PROT_EXEC along (32-bit ELF without PT_GNU_STACK). */
  readImpliesExec = false;
  /** RLIMIT_STACK's soft limit, read at each stack expansion. */
  stackLimit: () => bigint = () => 8n << 20n;

  constructor(
    private readonly m: Machine, readonly cr3: bigint, private readonly mmapBase: bigint, readonly userLimit: bigint,
    readonly memoryLimit: bigint = DEFAULT_MEMORY_LIMIT,
  ) {}

  // ------------------------------------------------------------ VMAs
  private sort(): void {
    this.vmas.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  find(addr: bigint): Vma | undefined {
    return this.vmas.find((v) => v.start <= addr && addr < v.end);
  }

  private overlaps(start: bigint, end: bigint): boolean {
    return this.vmas.some((v) => v.start < end && start < v.end);
  }

  /** Bytes of address space the VMAs cover (what --memory limits). */
  mappedBytes(): bigint {
    let n = 0n;
    for (const v of this.vmas) n += v.end - v.start;
    return n;
  }

  private pagePerms(v: Vma): { write: boolean; exec: boolean; user: boolean } {
    // PROT_NONE pages stay kernel-only: a user access faults, the data survives an mprotect back
    return { write: v.write, exec: v.exec, user: v.read || v.write || v.exec };
  }

  /** Record a VMA and map its pages now, optionally filled with `data` at dataAddr (ELF segments, the vDSO, the stack). */
  mapVma(vma: Vma, data?: Uint8Array, dataAddr?: bigint): void {
    this.m.map(this.cr3, vma.start, Number(vma.end - vma.start), this.pagePerms(vma));
    if (data && data.length > 0) this.m.write(dataAddr ?? vma.start, data, this.cr3);
    this.vmas.push(vma);
    this.sort();
  }

  /** Cut [start, end) out of the VMAs (and free the pages there); special mappings are cut like any other. */
  private removeRange(start: bigint, end: bigint): void {
    const kept: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) {
        kept.push(v);
        continue;
      }
      if (v.start < start) kept.push({ ...v, end: start });
      if (v.end > end) kept.push({ ...v, start: end, offset: v.offset + (end - v.start) });
    }
    this.vmas.length = 0;
    this.vmas.push(...kept);
    this.m.unmap(this.cr3, start, Number(end - start), true);
  }

  /** Merge what can be merged (after exec has mapped the segments). */
  mergeAll(): void {
    this.merge();
  }

  /** vma_merge: neighbours with the same flags and backing become one VMA, as /proc/self/maps shows them. */
  private merge(): void {
    this.sort();
    const out: Vma[] = [];
    for (const v of this.vmas) {
      const p = out[out.length - 1];
      if (p && p.end === v.start && mergeable(p, v)) out[out.length - 1] = { ...p, end: v.end };
      else out.push(v);
    }
    this.vmas.length = 0;
    this.vmas.push(...out);
  }

  // ------------------------------------------------------------ faults
  /**
   * A user access at `addr` faulted (or copy_{from,to}_user found no page): map the page when its
   * VMA allows the access, grow the stack when the address lies in reach below it.
   */
  handleFault(addr: bigint, write: boolean, exec: boolean, present: boolean): FaultResult {
    let v = this.find(addr);
    if (!v) {
      v = this.expandStack(addr);
      if (!v) return 'maperr';
    }
    if ((write && !v.write) || (exec && !v.exec) || (!write && !exec && !(v.read || v.write || v.exec))) return 'accerr';
    if (present) return 'accerr';
    this.m.map(this.cr3, pageDown(addr), 4096, this.pagePerms(v));
    return 'mapped';
  }

  /** expand_stack: the VMA below which addr lies, grown down to it, or undefined (SIGSEGV). */
  private expandStack(addr: bigint): Vma | undefined {
    if (addr >= this.userLimit) return undefined;
    const i = this.vmas.findIndex((v) => v.start > addr);
    const v = i >= 0 ? this.vmas[i]! : undefined;
    if (!v || !v.growsDown) return undefined;
    const start = pageDown(addr);
    if (v.end - start > this.stackLimit()) return undefined;
    const prev = i > 0 ? this.vmas[i - 1] : undefined;
    if (prev && prev.end + STACK_GUARD_GAP > start) return undefined;
    if (this.mappedBytes() + (v.start - start) > this.memoryLimit) return undefined;
    v.start = start;
    return v;
  }

  // ------------------------------------------------------------ brk
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
      if (requested >= this.userLimit) return this.brk;
      // the next mapping, and the stack's guard gap, must stay clear
      const next = this.vmas.find((v) => v.start >= oldEnd && v.name !== '[heap]');
      if (next && newEnd + (next.growsDown ? STACK_GUARD_GAP : 0n) > next.start) return this.brk;
      if (this.mappedBytes() + (newEnd - oldEnd) > this.memoryLimit) return this.brk;
    } else if (newEnd < oldEnd) {
      this.m.unmap(this.cr3, newEnd, Number(oldEnd - newEnd), true);
    }
    this.brk = requested;
    this.syncHeapVma();
    return this.brk;
  }

  private syncHeapVma(): void {
    const i = this.vmas.findIndex((v) => v.name === '[heap]');
    const end = pageUp(this.brk);
    if (end > this.startBrk) {
      const heap: Vma = { start: this.startBrk, end, read: true, write: true, exec: this.readImpliesExec, offset: 0n, name: '[heap]' };
      if (i >= 0) this.vmas[i] = heap;
      else this.vmas.push(heap);
      this.sort();
    } else if (i >= 0) {
      this.vmas.splice(i, 1);
    }
  }

  // ------------------------------------------------------------ mmap
  /** vm_unmapped_area, top down from mmap_base: the highest gap that fits `size`. */
  private findGap(size: bigint): bigint | null {
    let hi = this.mmapBase;
    const desc = [...this.vmas].sort((x, y) => (x.start > y.start ? -1 : x.start < y.start ? 1 : 0));
    for (const v of desc) {
      if (v.start >= hi) continue;
      if (v.end <= hi && hi - v.end >= size) return hi - size;
      hi = v.start;
    }
    return hi - size >= MMAP_MIN_ADDR ? hi - size : null;
  }

  /** get_unmapped_area for the kernel's own mappings (ELF images, the vDSO): the top-down gap, or null. */
  unmappedArea(size: bigint): bigint | null {
    return this.findGap(pageUp(size));
  }

  private placeable(start: bigint, size: bigint): boolean {
    return start >= MMAP_MIN_ADDR && start + size <= this.userLimit && !this.overlaps(start, start + size);
  }

  /**
   * do_mmap for anonymous memory and for a virtual file's bytes; returns the address or a negative
   * errno. Flag/type checks and the file's access checks are the caller's (syscalls/mm.ts).
   */
  mmap(addr: bigint, len: bigint, prot: number, flags: number, file?: MappedFile, offset = 0n): bigint {
    if (len === 0n) return EINVAL;
    if (prot & PROT_READ && this.readImpliesExec) prot |= PROT_EXEC;
    if (flags & MAP_FIXED_NOREPLACE) flags |= MAP_FIXED;
    const size = pageUp(len);
    if (size === 0n || size > this.userLimit) return ENOMEM;
    let start: bigint;
    if (flags & MAP_FIXED) {
      if (addr > this.userLimit - size) return ENOMEM;
      if (addr & (PAGE - 1n)) return EINVAL;
      if (addr < MMAP_MIN_ADDR) return EPERM;
      if (flags & MAP_FIXED_NOREPLACE && this.overlaps(addr, addr + size)) return EEXIST;
      start = addr;
    } else {
      const hint = pageDown(addr);
      const gap = hint !== 0n && this.placeable(hint, size) ? hint : this.findGap(size);
      if (gap === null) return ENOMEM;
      start = gap;
    }
    // RLIMIT_AS (--memory): what is replaced at a MAP_FIXED address does not count twice
    let replaced = 0n;
    for (const v of this.vmas) {
      const lo = v.start > start ? v.start : start;
      const hi = v.end < start + size ? v.end : start + size;
      if (hi > lo) replaced += hi - lo;
    }
    if (this.mappedBytes() - replaced + size > this.memoryLimit) return ENOMEM;
    if (flags & MAP_FIXED) this.removeRange(start, start + size);
    const vma: Vma = {
      start, end: start + size, read: (prot & PROT_READ) !== 0, write: (prot & PROT_WRITE) !== 0, exec: (prot & PROT_EXEC) !== 0,
      offset: file ? offset : 0n, shared: (flags & 3) !== MAP_PRIVATE, growsDown: (flags & MAP_GROWSDOWN) !== 0,
      // accountable_mapping: private and writable, unless MAP_NORESERVE
      account: (flags & 3) === MAP_PRIVATE && (prot & PROT_WRITE) !== 0 && (flags & MAP_NORESERVE) === 0,
      ...(file ? { name: file.name, inode: file.inode, major: file.major, minor: file.minor } : {}),
    };
    if (file) {
      // a file's pages are filled now (the bytes past its end read as zeros)
      const bytes = file.data.subarray(Number(offset), Number(offset + size));
      this.mapVma(vma, bytes);
    } else {
      this.vmas.push(vma); // pages come on first touch
    }
    this.merge();
    return start;
  }

  /** sys_munmap; returns 0 or a negative errno. */
  munmap(addr: bigint, len: bigint): bigint {
    if ((addr & (PAGE - 1n)) !== 0n || addr > this.userLimit || len > this.userLimit - addr) return EINVAL;
    const size = pageUp(len);
    if (size === 0n) return EINVAL;
    this.removeRange(addr, addr + size);
    if (addr <= this.startBrk && this.startBrk < addr + size) this.syncHeapVma();
    return 0n;
  }

  /** sys_mprotect: 0 or a negative errno (a hole in the range is ENOMEM, after the part before it changed, as Linux). */
  mprotect(start: bigint, len: bigint, prot: number): bigint {
    if (start & (PAGE - 1n)) return EINVAL;
    if (len === 0n) return 0n;
    const end = start + pageUp(len);
    if (end <= start || end > this.userLimit) return ENOMEM;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP)) return EINVAL;
    if (prot & PROT_GROWSDOWN && prot & PROT_GROWSUP) return EINVAL;
    if (prot & PROT_READ && this.readImpliesExec) prot |= PROT_EXEC;
    const first = this.find(start);
    if (!first) return ENOMEM;
    const perms = { read: (prot & PROT_READ) !== 0, write: (prot & PROT_WRITE) !== 0, exec: (prot & PROT_EXEC) !== 0 };
    let at = start;
    let result = 0n;
    while (at < end) {
      const v = this.find(at);
      if (!v) {
        result = ENOMEM;
        break;
      }
      const hi = v.end < end ? v.end : end;
      this.splitAt(at);
      this.splitAt(hi);
      const piece = this.find(at)!;
      Object.assign(piece, perms);
      if (perms.write && !piece.shared) piece.account = true; // mprotect_fixup charges private memory made writable
      this.m.protect(this.cr3, at, Number(hi - at), this.pagePerms(piece));
      at = hi;
    }
    this.merge();
    return result;
  }

  /** Split the VMA containing addr so that one starts at addr. */
  private splitAt(addr: bigint): void {
    const i = this.vmas.findIndex((v) => v.start < addr && addr < v.end);
    if (i < 0) return;
    const v = this.vmas[i]!;
    this.vmas.splice(i, 1, { ...v, end: addr }, { ...v, start: addr, offset: v.offset + (addr - v.start) });
  }

  /** sys_mremap: the (possibly new) address or a negative errno. */
  mremap(addr: bigint, oldLen: bigint, newLen: bigint, flags: number, newAddr: bigint): bigint {
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) return EINVAL;
    if (flags & MREMAP_FIXED && !(flags & MREMAP_MAYMOVE)) return EINVAL;
    if (flags & MREMAP_DONTUNMAP && (!(flags & MREMAP_MAYMOVE) || oldLen !== newLen)) return EINVAL;
    if (addr & (PAGE - 1n)) return EINVAL;
    const oldSize = pageUp(oldLen);
    const newSize = pageUp(newLen);
    if (newSize === 0n) return EINVAL;
    const v = this.find(addr);
    if (!v || oldSize > v.end - addr) return EFAULT;
    if (flags & MREMAP_FIXED) {
      if (newAddr & (PAGE - 1n)) return EINVAL;
      if (newAddr < addr + oldSize && addr < newAddr + newSize) return EINVAL;
      if (newAddr < MMAP_MIN_ADDR || newAddr + newSize > this.userLimit) return EINVAL;
      return this.moveTo(v, addr, oldSize, newSize, newAddr, (flags & MREMAP_DONTUNMAP) !== 0);
    }
    if (newSize <= oldSize) {
      if (newSize < oldSize) this.munmap(addr + newSize, oldSize - newSize);
      return addr;
    }
    if (this.mappedBytes() + (newSize - oldSize) > this.memoryLimit) return ENOMEM;
    // grow in place when the VMA ends where the range does and the space after it is free
    if (addr + oldSize === v.end && !this.overlaps(v.end, addr + newSize) && addr + newSize <= this.userLimit) {
      v.end = addr + newSize;
      this.merge();
      return addr;
    }
    if (!(flags & MREMAP_MAYMOVE)) return ENOMEM;
    const to = this.findGap(newSize);
    if (to === null) return ENOMEM;
    return this.moveTo(v, addr, oldSize, newSize, to, (flags & MREMAP_DONTUNMAP) !== 0);
  }

  private moveTo(v: Vma, addr: bigint, oldSize: bigint, newSize: bigint, to: bigint, keepOld: boolean): bigint {
    const moved: Vma = { ...v, start: to, end: to + newSize, offset: v.offset + (addr - v.start) };
    this.removeRange(to, to + newSize);
    const keep = oldSize < newSize ? oldSize : newSize;
    this.m.movePages(this.cr3, addr, to, keep);
    this.vmas.push(moved);
    if (keepOld) this.sort();
    else this.removeRange(addr, addr + oldSize);
    // the moved pages keep their permissions: set them from the VMA
    this.m.protect(this.cr3, to, Number(newSize), this.pagePerms(moved));
    this.merge();
    return to;
  }

  /** sys_madvise: MADV_DONTNEED/MADV_FREE drop the pages (they read back as zeros); the rest are hints. */
  madvise(start: bigint, len: bigint, advice: number): bigint {
    if (start & (PAGE - 1n)) return EINVAL;
    const KNOWN = [0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 100, 101];
    if (!KNOWN.includes(advice)) return EINVAL;
    const end = start + pageUp(len);
    if (end < start) return EINVAL;
    if (end === start) return 0n;
    let at = start;
    while (at < end) {
      const v = this.find(at);
      if (!v) return ENOMEM;
      const hi = v.end < end ? v.end : end;
      if ((advice === 4 || advice === 8) && !v.name?.startsWith('[')) this.m.unmap(this.cr3, at, Number(hi - at), true);
      at = hi;
    }
    return 0n;
  }
}

function mergeable(a: Vma, b: Vma): boolean {
  if (a.read !== b.read || a.write !== b.write || a.exec !== b.exec) return false;
  if ((a.shared ?? false) !== (b.shared ?? false) || (a.growsDown ?? false) !== (b.growsDown ?? false)) return false;
  if (a.name !== b.name || a.special || b.special || (a.account ?? false) !== (b.account ?? false)) return false;
  if (a.name === undefined) return a.shared !== true; // anonymous private memory merges; shared anon is one shmem object each
  return a.offset + (a.end - a.start) === b.offset && a.inode === b.inode;
}
