// /proc/self/maps in the exact format of fs/proc/task_mmu.c show_map_vma: hex range, perms, offset,
// dev, inode, then seq_pad to 25 + 6*sizeof(void *) - 1 (the kernel's pointer size) and a space before the name.

/** One virtual memory area of the process, as the kernel's mm records it. */
export interface Vma {
  start: bigint;
  end: bigint;
  read: boolean;
  write: boolean;
  exec: boolean;
  /** File offset of `start` (0 for anonymous memory). */
  offset: bigint;
  /** Device major:minor and inode of the backing file (0:0 and 0 for anonymous memory). */
  major?: number;
  minor?: number;
  inode?: number;
  /** Path or [heap]/[stack]/[vdso]/[vvar]; undefined for an unnamed anonymous mapping. */
  name?: string;
  /** MAP_SHARED (the `s` in the permissions). */
  shared?: boolean;
  /** VM_ACCOUNT: private memory that was ever writable is charged; such a VMA never merges with an uncharged one. */
  account?: boolean;
  /** VM_GROWSDOWN: the stack, which grows on faults below it. */
  growsDown?: boolean;
  /** A kernel-made mapping ([vdso], [vvar], segments of the ELF): never merged with a neighbour. */
  special?: boolean;
}

const hex8 = (v: bigint): string => v.toString(16).padStart(8, '0');

/** One line (no newline) as Linux prints it for a kernel with `kernelBits`-bit pointers. */
export function formatMapsLine(vma: Vma, kernelBits: 32 | 64): string {
  const perms = `${vma.read ? 'r' : '-'}${vma.write ? 'w' : '-'}${vma.exec ? 'x' : '-'}${vma.shared ? 's' : 'p'}`;
  const dev = `${(vma.major ?? 0).toString(16).padStart(2, '0')}:${(vma.minor ?? 0).toString(16).padStart(2, '0')}`;
  // show_map_vma: the offset of a file mapping only; anonymous memory shows 0 wherever it was split
  const fileBacked = vma.name !== undefined && !vma.name.startsWith('[');
  let line = `${hex8(vma.start)}-${hex8(vma.end)} ${perms} ${hex8(fileBacked ? vma.offset : 0n)} ${dev} ${vma.inode ?? 0} `;
  if (vma.name !== undefined) {
    const width = 25 + (kernelBits / 8) * 6 - 1;
    line = line.padEnd(width, ' ') + ' ' + vma.name;
  }
  return line;
}

/**
 * The whole file, VMAs sorted by address, each line ending in a newline. With the brk range, an
 * anonymous VMA overlapping it is "[heap]", as vma_is_initial_heap decides by address (a MAP_FIXED piece too).
 */
export function renderProcMaps(vmas: readonly Vma[], kernelBits: 32 | 64, brk?: { start: bigint; end: bigint }): string {
  const named = (v: Vma): Vma =>
    brk && (v.name === undefined || v.name === '[heap]') && v.inode === undefined && v.start < brk.end && v.end > brk.start
      ? { ...v, name: '[heap]' } : v;
  return [...vmas].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    .map((v) => formatMapsLine(named(v), kernelBits) + '\n').join('');
}
