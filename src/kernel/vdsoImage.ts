// Build the vDSO images: vdso64.S / vdso32.S assembled at address 0 by our assembler, wrapped by
// writeSharedObject into a real ELF shared object with versioned dynamic symbols, so programs
// find its functions through DT_GNU_HASH/DT_HASH exactly as libc does on Linux.
import { sharedObjectHeaderSize, writeSharedObject, type DynamicSymbol, type OutputSection } from '../elf/index.js';
import { assembleKernelCode, type PlacedCode } from './kernelAssembler.js';
import { cachedEhFrame } from './ehFrameCache.js';
import { ehFrameHdrSize, type UnwindFunction } from './vdsoUnwind.js';

export interface VdsoImage {
  bits: 32 | 64;
  /** The ELF shared object, mapped as [vdso]. */
  image: Uint8Array;
  /** Exported and internal symbols, as offsets from the load address. */
  symbols: Map<string, bigint>;
  code: PlacedCode;
}

// What vdso64.lds.S / vdso32.lds.S export (Linux 6.18): on x86-64 each function as __vdso_NAME and
// as the weak alias NAME (vclock_gettime.c's __attribute__((weak, alias))).
const VDSO64_EXPORTS = ['clock_gettime', 'gettimeofday', 'time', 'getcpu', 'clock_getres', 'getrandom'];
const VDSO32_EXPORTS: [string, string][] = [
  ['__vdso_clock_gettime', 'LINUX_2.6'], ['__vdso_gettimeofday', 'LINUX_2.6'], ['__vdso_time', 'LINUX_2.6'],
  ['__vdso_clock_getres', 'LINUX_2.6'], ['__vdso_clock_gettime64', 'LINUX_2.6'], ['__vdso_getcpu', 'LINUX_2.6'],
  ['__kernel_vsyscall', 'LINUX_2.5'], ['__kernel_sigreturn', 'LINUX_2.5'], ['__kernel_rt_sigreturn', 'LINUX_2.5'],
];

/** LINUX_VERSION_CODE of the modelled kernel (6.18.0, as uname says): the vDSO's "Linux" note. */
export const LINUX_VERSION_CODE = (6 << 16) | (18 << 8) | 0;

/** The vDSO's notes besides the build ID: the kernel version (ELFNOTE Linux, type 0), as note.S writes it. */
function versionNote(): { name: string; type: number; desc: Uint8Array } {
  const desc = new Uint8Array(4);
  new DataView(desc.buffer).setUint32(0, LINUX_VERSION_CODE, true);
  return { name: 'Linux', type: 0, desc };
}

/** 'syscall': patch __kernel_vsyscall to `mov %ecx,%ebp; syscall` (AMD CPU under a 64-bit kernel). */
export type Vsyscall32Flavor = 'sysenter' | 'syscall';

const cache = new Map<string, Promise<VdsoImage>>();

export function buildVdso(bits: 32 | 64, flavor: Vsyscall32Flavor = 'sysenter'): Promise<VdsoImage> {
  const key = `${bits}:${flavor}`;
  let p = cache.get(key);
  if (!p) {
    p = build(bits, flavor);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function build(bits: 32 | 64, flavor: Vsyscall32Flavor): Promise<VdsoImage> {
  const soname = bits === 64 ? 'linux-vdso.so.1' : 'linux-gate.so.1';
  const names: [string, string][] = bits === 64
    ? VDSO64_EXPORTS.flatMap((n): [string, string][] => [[`__vdso_${n}`, 'LINUX_2.6'], [n, 'LINUX_2.6']])
    : VDSO32_EXPORTS;
  const versionDefs = bits === 64 ? ['LINUX_2.6'] : ['LINUX_2.5', 'LINUX_2.6'];
  const notes = [versionNote()];
  const headerSpec = {
    bits, soname, versionDefs, notes, buildId: true, ehFrameHdr: '.eh_frame_hdr',
    dynamicSymbols: names.map(([name, version]): DynamicSymbol => ({ name, value: 0n, size: 0, type: 'func', version })),
  };
  const textBase = BigInt((sharedObjectHeaderSize(headerSpec) + 15) & ~15);
  const file = bits === 64 ? 'vdso64.S' : 'vdso32.S';
  const code = await assembleKernelCode({
    files: [file], bits, base: textBase, externs: {},
  });
  if (bits === 32 && flavor === 'syscall') patchVsyscallForSyscall(code);
  const sym = (n: string): bigint => {
    const v = code.symbols.get(n.startsWith('__') ? n : `__vdso_${n}`);
    if (v === undefined) throw new Error(`vDSO symbol ${n} missing`);
    return v;
  };
  const full = (n: string): string => (n.startsWith('__') ? n : `__vdso_${n}`);
  const dynamicSymbols: DynamicSymbol[] = names.map(([name, version]) => {
    // Every exported function says how long it is (.size in the .S file), as the real vDSO's do.
    const size = code.sizes.get(full(name));
    if (!size) throw new Error(`vDSO function ${full(name)} has no .size`);
    return { name, value: sym(name), size, type: 'func', version, binding: name === full(name) ? 'global' : 'weak' };
  });
  const image = writeSharedObject({
    bits, soname, versionDefs, dynamicSymbols, notes, buildId: true,
    sections: [{
      name: '.text', addr: code.base, data: code.bytes, size: code.bytes.length,
      flags: { alloc: true, write: false, exec: true }, align: 16,
    }, ...unwindSections(code, bits)],
    ehFrameHdr: '.eh_frame_hdr',
  });
  return { bits, image, symbols: code.symbols, code };
}

/**
 * The kernel's alternatives patching: on AMD under a 64-bit kernel, __kernel_vsyscall's
 * `mov %esp,%ebp; sysenter` (89 e5 0f 34) becomes `mov %ecx,%ebp; syscall` (89 cd 0f 05).
 */
function patchVsyscallForSyscall(code: PlacedCode): void {
  const at = code.symbols.get('__kernel_vsyscall');
  if (at === undefined) throw new Error('__kernel_vsyscall missing');
  const off = Number(at - code.base) + 3; // after push %ecx; push %edx; push %ebp
  const b = code.bytes;
  if (b[off] !== 0x89 || b[off + 1] !== 0xe5 || b[off + 2] !== 0x0f || b[off + 3] !== 0x34) {
    throw new Error('__kernel_vsyscall does not start with push/push/push/mov %esp,%ebp/sysenter');
  }
  const patched = new Uint8Array(b);
  patched.set([0x89, 0xcd, 0x0f, 0x05], off);
  code.bytes = patched;
}

// The signal trampolines need hand-written frames that describe the sigframe (Linux's
// sigreturn.S); without them an unwinder stops there, as it does at any function it has no FDE for.
const NO_FDE = new Set(['__kernel_sigreturn', '__kernel_rt_sigreturn']);

/** .eh_frame_hdr and .eh_frame after .text, an FDE for every function the sources give a .size. */
function unwindSections(code: PlacedCode, bits: 32 | 64): OutputSection[] {
  const fns: UnwindFunction[] = [...code.sizes]
    .filter(([name]) => !NO_FDE.has(name) && !code.constants.has(name))
    .map(([name, size]) => ({ name, start: code.symbols.get(name)!, size }));
  const hdrAddr = (code.base + BigInt(code.bytes.length) + 3n) & ~3n;
  const frameAddr = (hdrAddr + BigInt(ehFrameHdrSize(fns.length)) + 7n) & ~7n;
  const { ehFrameHdr, ehFrame } = cachedEhFrame(code.bytes, code.base, bits, fns, hdrAddr, frameAddr);
  const ro = { alloc: true, write: false, exec: false };
  return [
    { name: '.eh_frame_hdr', addr: hdrAddr, data: ehFrameHdr, size: ehFrameHdr.length, flags: ro, align: 4 },
    { name: '.eh_frame', addr: frameAddr, data: ehFrame, size: ehFrame.length, flags: ro, align: 8 },
  ];
}
