// Each kernel's entry code: the .S files it is assembled from, at its fixed address, and the
// kernel's C functions (TypeScript natives), each bound to its own slot in the natives page.
import { OTHER_SYSVEC_HANDLERS, UNEXPECTED_EXCEPTIONS } from './idtGates.js';
import { type KernelMitigation, mitigationPrelude } from './kernelConfig.js';
import { assembleKernelCode, type PlacedCode } from './kernelAssembler.js';
import type { KernelKind } from './kernelState.js';
import { LAYOUT32, LAYOUT64, PERCPU, type KernelLayout } from './layout.js';

export const NATIVE_NAMES = [
  'do_syscall_64', 'do_int80_emulation', 'do_int80_syscall_32', 'do_fast_syscall_32', 'do_SYSENTER_32',
  'exc_divide_error', 'exc_int3', 'exc_invalid_op', 'exc_general_protection', 'exc_page_fault',
  'exc_debug', 'exc_overflow', 'exc_bounds', 'exc_segment_not_present', 'exc_stack_segment', 'exc_coprocessor_error', 'exc_alignment_check', 'exc_simd_coprocessor_error',
  'sysvec_apic_timer_interrupt', ...UNEXPECTED_EXCEPTIONS, ...OTHER_SYSVEC_HANDLERS,
] as const;
export type NativeName = (typeof NATIVE_NAMES)[number];

const kernelCodeCache = new Map<string, Promise<PlacedCode>>();

function kernelFiles(kind: KernelKind): string[] {
  return kind === 'x86_64' ? ['boot_64.S', 'entry_64.S', 'entry_64_compat.S'] : ['boot_32.S', 'entry_32.S'];
}

export function nativeAddress(layout: KernelLayout, name: NativeName): bigint {
  return layout.natives + BigInt(NATIVE_NAMES.indexOf(name) * 16);
}

/** Assemble (once per kernel kind and mitigation set) the kernel's entry code at its fixed address. */
export function kernelCode(kind: KernelKind, mitigations: readonly KernelMitigation[] = []): Promise<PlacedCode> {
  const cacheKey = `${kind}:${mitigations.join(',')}`;
  let p = kernelCodeCache.get(cacheKey);
  if (!p) {
    const layout = kind === 'x86_64' ? LAYOUT64 : LAYOUT32;
    const externs: Record<string, bigint> = {
      percpu_base: layout.percpu,
      cpu_entry_stack_top: layout.percpu + BigInt(PERCPU.entryStackTop),
    };
    for (const n of NATIVE_NAMES) externs[n] = nativeAddress(layout, n);
    p = assembleKernelCode({ files: kernelFiles(kind), bits: kind === 'x86_64' ? 64 : 32, base: layout.text, externs, prelude: mitigationPrelude(mitigations) });
    kernelCodeCache.set(cacheKey, p);
    p.catch(() => kernelCodeCache.delete(cacheKey));
  }
  return p;
}