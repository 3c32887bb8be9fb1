// What kernel trapdoor boots besides its kind: the Linux version (which INT 0x80 entry the IDT
// names) and the Spectre-era mitigations its entry code runs (`mitigations=off|auto`, Linux's
// word: auto takes the set the profile's CPU needs, as Linux's bugs.c picks it for that CPU).
import type { CostProfile, KernelMitigation } from '../machine/index.js';

export type { KernelMitigation };

/** The mitigations the entry code can run, in the order a syscall meets them. */
export const MITIGATIONS: readonly KernelMitigation[] = ['pti', 'ibrs', 'retpoline', 'untrain_ret', 'clear_bhb', 'verw'];

/** Each mitigation's macro in the entry code and what it is for (bench, the docs, `info mitigations`). */
export const MITIGATION_TEXT: Record<KernelMitigation, string> = {
  pti: 'KPTI: SWITCH_TO_KERNEL_CR3 / SWITCH_TO_USER_CR3 (a MOV to CR3 each way, no PCID: the TLB is flushed) and the entry trampoline stack (Meltdown)',
  ibrs: 'IBRS_ENTER / IBRS_EXIT: WRMSR of SPEC_CTRL.IBRS on entry and exit (Spectre v2 / Retbleed on pre-eIBRS Intel)',
  retpoline: 'CALL_NOSPEC: an indirect call through __x86_indirect_thunk_REG, the retpoline (Spectre v2); the i386 entry code has one (handle_exception), the x86_64 entry path none',
  untrain_ret: 'UNTRAIN_RET: call entry_untrain_ret (srso_untrain_ret, AMD SRSO "Safe RET") before the first RET',
  clear_bhb: 'CLEAR_BRANCH_HISTORY: call clear_bhb_loop, a 5x5 loop of taken branches (Spectre-BHI, "BHI: SW loop")',
  verw: 'CLEAR_CPU_BUFFERS: VERW of a kernel data selector just before SYSRET/IRET (MDS, TAA, MMIO stale data)',
};

export type MitigationsMode = 'off' | 'auto';

export interface KernelVersion { major: number; minor: number }

/** The version trapdoor's kernel is when neither the profile nor --kernel-version says (REFERENCE.md's measured machine). */
export const DEFAULT_KERNEL_VERSION: KernelVersion = { major: 6, minor: 18 };

/** `6.6`, `6.18`, `5.15` as a version; null for anything else. */
export function parseKernelVersion(text: string): KernelVersion | null {
  const m = /^(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) return null;
  const v = { major: Number(m[1]), minor: Number(m[2]) };
  return v.major >= 3 && v.major <= 9 && v.minor <= 99 ? v : null;
}

export function versionText(v: KernelVersion): string {
  return `${v.major}.${v.minor}`;
}

/** Vector 0x80's entry on the x86_64 kernel: entry_INT80_compat up to 6.6, asm_int80_emulation since 6.7. */
export function int80Entry64(v: KernelVersion): 'entry_INT80_compat' | 'asm_int80_emulation' {
  return v.major < 6 || (v.major === 6 && v.minor <= 6) ? 'entry_INT80_compat' : 'asm_int80_emulation';
}

/** The mitigations i386 Linux's entry_32.S has (IBRS_ENTER, UNTRAIN_RET and the BHB loop are x86_64's). */
const I386_MITIGATIONS: readonly KernelMitigation[] = ['pti', 'retpoline', 'verw'];

/** What a kernel of `kind` runs of the profile's set under `mode`. */
export function bootMitigations(kind: 'i386' | 'x86_64', profile: CostProfile, mode: MitigationsMode = 'auto'): KernelMitigation[] {
  const active = activeMitigations(profile, mode);
  return kind === 'x86_64' ? active : active.filter((m) => I386_MITIGATIONS.includes(m));
}

/** The mitigations a boot runs: none with `off`; with `auto` what the profile's CPU needs (its `pti` flag means 'pti'). */
export function activeMitigations(profile: CostProfile, mode: MitigationsMode): KernelMitigation[] {
  if (mode === 'off') return [];
  const want = new Set<KernelMitigation>(profile.mitigations ?? []);
  if (profile.pti) want.add('pti');
  return MITIGATIONS.filter((m) => want.has(m));
}

/** The X86_FEATURE_* constants the entry code's mitigation macros test (calling.S). */
export function mitigationPrelude(active: readonly KernelMitigation[]): string {
  const on = (m: KernelMitigation): number => (active.includes(m) ? 1 : 0);
  return [
    '# kernel-config.S: generated at boot from the mitigation set (kernelConfig.ts)',
    `\tX86_FEATURE_PTI = ${on('pti')}`,
    `\tX86_FEATURE_KERNEL_IBRS = ${on('ibrs')}`,
    `\tX86_FEATURE_RETPOLINE = ${on('retpoline')}`,
    `\tX86_FEATURE_UNRET = ${on('untrain_ret')}`,
    `\tX86_FEATURE_CLEAR_BHB_LOOP = ${on('clear_bhb')}`,
    `\tX86_FEATURE_CLEAR_CPU_BUF = ${on('verw')}`,
    '',
  ].join('\n');
}

/** The debugger's note on the kernel: `Linux 6.6` where the version is not the default, `mitigations pti ibrs` where any run; '' otherwise. */
export function kernelNote(v: KernelVersion, active: readonly KernelMitigation[]): string {
  const parts: string[] = [];
  if (v.major !== DEFAULT_KERNEL_VERSION.major || v.minor !== DEFAULT_KERNEL_VERSION.minor) parts.push(`Linux ${versionText(v)}`);
  if (active.length) parts.push(`mitigations ${active.join(' ')}`);
  return parts.join(' · ');
}
