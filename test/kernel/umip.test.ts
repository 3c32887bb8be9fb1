// SGDT SIDT SMSW SLDT STR from user space with CR4.UMIP, as Linux 5.10+ emulates them in its #GP
// handler (arch/x86/kernel/umip.c), FSGSBASE as identify_cpu enables it, and arch_prctl's CPUID
// codes: the bytes the programs in umip/ store, compared with the same programs run natively on
// this host (whose CPU has UMIP and FSGSBASE, so its kernel does the same).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeHostProblem, straceProblem } from '../programs/nativeTools.js';
import { ia32Problem } from '../hostIa32.js';
import { runCaptured } from './helpers.js';
import { straceNative, traced } from './nativeStrace.js';

const flags = (() => {
  try { return /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(' ') ?? []; } catch { return []; }
})();
const hostProblem = nativeHostProblem() ?? straceProblem() ??
  (!flags.includes('umip') ? 'the host CPU has no UMIP' : !flags.includes('fsgsbase') ? 'the host CPU has no FSGSBASE' : null);
const ia32 = hostProblem ?? ia32Problem();
if (hostProblem) console.warn(`test/kernel/umip: native comparisons SKIPPED: ${hostProblem}`);
else if (ia32) console.warn(`test/kernel/umip: 32-bit native comparisons SKIPPED: ${ia32}`);

const src = (name: string): string => readFileSync(join(__dirname, 'umip', name), 'utf8');

describe('UMIP emulation (fixup_umip_exception)', () => {
  it('64-bit: dummy GDT/IDT bases with limit 0, CR0_STATE, STR 0x40, SLDT 0; a 32-bit register destination keeps the upper half', async () => {
    for (const profile of ['textbook', 'zen4-kvm']) {
      const r = await runCaptured(join(__dirname, 'umip', 'umip64.S'), { profile });
      expect(r.exitCode).toBe(0);
      const out = Buffer.from(r.stdoutBytes);
      expect(out.subarray(0, 10).toString('hex')).toBe('0000' + '0000feffffffffff'); // sgdt: limit 0, base 0xfffffffffffe0000
      expect(out.readBigUInt64LE(32)).toBe(0x80050033n); // smsw %rsi: all 8 bytes
      expect(out.readBigUInt64LE(40)).toBe(0x1122334400000000n); // sldt %edi: 4 bytes over the slot
    }
  });

  it.skipIf(hostProblem)('64-bit: the same bytes as natively', async () => {
    const native = straceNative(src('umip64.S'), 64, true);
    const ours = await traced(src('umip64.S'), {}, true);
    expect(ours.stdout).toBe(native.stdout);
    expect(ours).toEqual(native);
  });

  it.skipIf(ia32)('32-bit on the x86_64 kernel: the same bytes as natively (4-byte bases)', async () => {
    const native = straceNative(src('umip32.S'), 32, true);
    const ours = await traced(src('umip32.S'), { kernel: 'x86_64' }, true);
    expect(ours.stdout).toBe(native.stdout);
    expect(ours).toEqual(native);
  });

  it('32-bit on the i386 kernel: STR gives GDT_ENTRY_TSS * 8 = 0x80', async () => {
    const r = await runCaptured(join(__dirname, 'umip', 'umip32.S'), { kernel: 'i386' });
    const out = Buffer.from(r.stdoutBytes);
    expect(out.readUInt16LE(20)).toBe(0x80);
    expect(out.readUInt32LE(32)).toBe(0x80);
    expect(out.readUInt32LE(2)).toBe(0xfffe0000);
  });

  const STORE_FAULT = '\t.globl _start\n_start:\n\tmovl $0x10000, %ebx\n\tsgdt 8(%rbx)\n\tmovl $60, %eax\n\tsyscall\n';
  it.skipIf(hostProblem)('a store to an unmapped operand is SIGSEGV SEGV_MAPERR at the operand, as natively', async () => {
    const native = straceNative(STORE_FAULT, 64, true);
    expect(native.lines[0]).toBe('--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10008} ---');
    expect(await traced(STORE_FAULT, {}, true)).toEqual(native);
  });

  it('smsw to a read-only page: copy_to_user fails, so SIGSEGV SEGV_MAPERR at the operand (force_sig_info_umip_fault)', async () => {
    const r = await traced('\t.globl _start\n_start:\n\tleaq _start(%rip), %rbx\n\tsmsw (%rbx)\n\tmovl $60, %eax\n\tsyscall\n', {}, true);
    expect(r.lines[0]).toMatch(/^--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x401000\} ---$/);
  });
});

describe('FSGSBASE and arch_prctl CPUID codes', () => {
  it('AT_HWCAP2 has HWCAP2_FSGSBASE, wrgsbase/rdgsbase run at CPL 3, ARCH_GET_CPUID is 1 and ARCH_SET_CPUID -ENODEV', async () => {
    const r = await runCaptured(join(__dirname, 'umip', 'fsgsbase64.S'), {});
    const out = Buffer.from(r.stdoutBytes);
    expect([out.readBigInt64LE(0), out.readBigInt64LE(8), out.readBigInt64LE(16), out.readBigInt64LE(24)]).toEqual([2n, 0x12345000n, 1n, -19n]);
    expect(r.trace.slice(0, 2)).toEqual(['arch_prctl(ARCH_GET_CPUID)              = 1', 'arch_prctl(ARCH_SET_CPUID, 0)           = -1 ENODEV (No such device)']);
  });

  it.skipIf(hostProblem)('the same as natively, trace included', async () => {
    const native = straceNative(src('fsgsbase64.S'), 64, true);
    const ours = await traced(src('fsgsbase64.S'), {}, true);
    expect(ours.stdout).toBe(native.stdout);
    expect(ours).toEqual(native);
  });
});
