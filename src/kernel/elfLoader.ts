// binfmt_elf's loading of an image (fs/binfmt_elf.c load_elf_binary, elf_map, load_elf_interp):
// where an ELF goes (ET_EXEC at its addresses, ET_DYN at a load bias) and its PT_LOAD segments
// mapped as file-backed VMAs with the bss as anonymous memory after them.
import { ElfError, machineName, readExecutable, type ElfFile } from '../elf/index.js';
import { EACCES, ENOENT, ERRNO_TEXT } from './errno.js';
import type { HostFs } from './hostFs.js';
import { pageDown, pageUp, type MemoryManager } from './memoryManager.js';

const PT_LOAD = 1;
const ET_DYN = 3;

/** The file an image comes from, as /proc/self/maps names it. */
export interface ImageFile {
  name: string;
  inode?: number;
  major?: number;
  minor?: number;
}

/** Where an image landed: what the auxiliary vector and the debugger need to know of it. */
export interface LoadedImage {
  /** Added to every p_vaddr (0 for ET_EXEC). */
  bias: bigint;
  /** e_entry + bias. */
  entry: bigint;
  /** The program headers in memory (AT_PHDR), or 0 when no segment maps them. */
  phdr: bigint;
  phnum: number;
  /** The end of the highest segment (where brk starts for the main program). */
  end: bigint;
}

/** The span the PT_LOAD segments cover, from the first's page (total_mapping_size). */
export function loadSpan(elf: ElfFile): { first: bigint; size: bigint } {
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD && p.memsz > 0);
  if (loads.length === 0) throw new ElfError('not an executable (no loadable segment)');
  const first = pageDown(loads[0]!.vaddr);
  const last = loads.reduce((hi, p) => (p.vaddr + BigInt(p.memsz) > hi ? p.vaddr + BigInt(p.memsz) : hi), 0n);
  return { first, size: pageUp(last) - first };
}

/**
 * A bias that puts an ET_DYN image in the highest free gap below mmap_base, as elf_map does for the
 * interpreter and for a static PIE (no fixed load address).
 */
export function topDownBias(mm: MemoryManager, elf: ElfFile): bigint {
  const { first, size } = loadSpan(elf);
  const at = mm.unmappedArea(size);
  if (at === null) throw new ElfError('no room in the address space for the image');
  return at - first;
}

/** The largest power-of-two p_align of the PT_LOAD segments (maximum_alignment), 0 if none. */
export function maxAlignment(elf: ElfFile): bigint {
  let max = 0n;
  for (const p of elf.programHeaders) {
    const a = BigInt(p.align);
    if (p.type === PT_LOAD && a > max && (a & (a - 1n)) === 0n) max = a;
  }
  return max;
}

/** True when the image must be given a load bias (PIE, static-pie, ld.so itself). */
export function isRelocatable(elf: ElfFile): boolean {
  return elf.type === ET_DYN;
}

/** Map `elf`'s PT_LOAD segments at `bias`, checking what binfmt_elf refuses. */
export function mapElfImage(mm: MemoryManager, poke: (addr: bigint, bytes: Uint8Array) => void, elf: ElfFile, bias: bigint, file: ImageFile): LoadedImage {
  let end = 0n;
  let total = 0n;
  for (const ph of elf.programHeaders) {
    if (ph.type !== PT_LOAD || ph.memsz === 0) continue;
    const vaddr = ph.vaddr + bias;
    const segEnd = vaddr + BigInt(ph.memsz);
    if (vaddr < 0x1000n || segEnd > mm.userLimit) {
      throw new ElfError(`a loadable segment (0x${vaddr.toString(16)}-0x${segEnd.toString(16)}) lies outside user space`);
    }
    if (ph.filesz > ph.memsz) throw new ElfError('a loadable segment has a file size larger than its memory size');
    if (ph.offset + ph.filesz > elf.bytes.length) throw new ElfError('a loadable segment lies beyond the end of the file');
    total += BigInt(ph.memsz);
    if (total > mm.memoryLimit) throw new ElfError(`the loadable segments are larger than the memory limit (${mm.memoryLimit} bytes, --memory)`);
    const start = pageDown(vaddr);
    const fileEnd = ph.filesz > 0 ? pageUp(vaddr + BigInt(ph.filesz)) : start;
    const memEnd = pageUp(segEnd);
    const read = (ph.flags & 4) !== 0;
    const write = (ph.flags & 2) !== 0;
    // a writable segment is private writable memory: charged (VM_ACCOUNT), as elf_map's mmap makes it
    const perms = { read, write, exec: (ph.flags & 1) !== 0 || (read && mm.readImpliesExec), account: write };
    if (fileEnd > start) mm.mapVma({ start, end: fileEnd, ...perms, offset: BigInt(ph.offset) - (vaddr - start), ...file });
    const bssStart = fileEnd > start ? fileEnd : start;
    if (memEnd > bssStart) mm.mapVma({ start: bssStart, end: memEnd, ...perms, offset: 0n });
    // only p_filesz bytes come from the file: the rest of its last page is zero (padzero)
    if (ph.filesz > 0) poke(vaddr, elf.bytes.subarray(ph.offset, ph.offset + ph.filesz));
    if (segEnd > end) end = segEnd;
  }
  mm.mergeAll();
  return { bias, entry: elf.entry + bias, phdr: phdrAddress(elf, bias), phnum: elf.programHeaders.length, end };
}

/** AT_PHDR: PT_PHDR's address, else where the segment holding e_phoff maps the headers. */
function phdrAddress(elf: ElfFile, bias: bigint): bigint {
  const pt = elf.programHeaders.find((p) => p.type === 6);
  if (pt) return pt.vaddr + bias;
  const dv = new DataView(elf.bytes.buffer, elf.bytes.byteOffset, elf.bytes.byteLength);
  const phoff = elf.bits === 64 ? dv.getBigUint64(32, true) : BigInt(dv.getUint32(28, true));
  const seg = elf.programHeaders.find((p) => p.type === PT_LOAD && BigInt(p.offset) <= phoff && phoff < BigInt(p.offset + p.filesz));
  return seg ? seg.vaddr + bias - BigInt(seg.offset) + phoff : 0n;
}

/** The interpreter a program names (PT_INTERP), read through the guest's view of the host files. */
export interface Interpreter {
  path: string;
  elf: ElfFile;
  file: ImageFile;
}

/**
 * Read the ELF interpreter `elf` asks for, as load_elf_binary opens it: through the guest's file
 * system (so --root applies), a regular file of the program's own class and machine.
 */
export function readInterpreter(fs: HostFs, elf: ElfFile): Interpreter {
  const path = elf.interp!;
  const fail = (why: string): never => {
    throw new ElfError(`cannot load its interpreter ${path}: ${why}${why.startsWith('No such file') ? ' (--root DIR runs it in a sysroot that has one)' : ''}`);
  };
  const p = fs.resolve(path, true);
  if (typeof p === 'number') return fail(errnoText(-p));
  if (!p.exists) return fail(errnoText(ENOENT));
  const st = fs.stat(p, true);
  if (typeof st === 'number') return fail(errnoText(-st));
  if ((st.mode & 0o170000) !== 0o100000) return fail(errnoText(EACCES));
  if (st.size > BigInt(MAX_INTERPRETER_BYTES)) return fail('too large');
  const fd = fs.open(p, 0);
  if (typeof fd === 'number' && fd < 0) return fail(errnoText(-fd));
  const bytes = new Uint8Array(Number(st.size));
  try {
    for (let at = 0; at < bytes.length;) {
      const n = fs.readAt(fd, bytes.subarray(at), at);
      if (n < 0) return fail(errnoText(-n));
      if (n === 0) break;
      at += n;
    }
  } finally {
    fs.close(fd);
  }
  let interp: ElfFile;
  try {
    interp = readExecutable(bytes);
  } catch (e) {
    if (e instanceof ElfError) return fail(e.message);
    throw e;
  }
  // ELIBBAD in load_elf_binary: an interpreter of another class or machine
  if (interp.bits !== elf.bits || interp.machine !== elf.machine) return fail(`it is a ${interp.bits}-bit ${machineName(interp.machine)} file (ELIBBAD)`);
  const dev = st.dev;
  return { path, elf: interp, file: { name: p.guest, inode: Number(st.ino), major: Number((dev >> 8n) & 0xfffn), minor: Number(dev & 0xffn) } };
}

/** Enough for any ld.so (glibc's is ~250 KB, musl's libc.so ~1 MB). */
const MAX_INTERPRETER_BYTES = 64 << 20;

function errnoText(errno: number): string {
  const t = ERRNO_TEXT[errno];
  return t ? `${t[1]} (${t[0]})` : `error ${errno}`;
}
