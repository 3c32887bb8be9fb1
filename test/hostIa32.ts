// Can this host run IA-32 code natively? A kernel with IA-32 emulation off (CONFIG_IA32_EMULATION=n,
// ia32_emulation=false, or a sandbox that refuses it) fails a 32-bit ELF with ENOEXEC and kills a
// 64-bit process that executes int $0x80. Tests that need either say skipped, with this reason.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The exit status both probes ask for (exit through int $0x80, i386 __NR_exit = 1). */
const PROBE_STATUS = 42;
const PROBE = '.globl _start\n_start:\n mov $1, %eax\n mov $42, %ebx\n int $0x80\n hlt\n';

let cached: { ia32: string | null; int80From64: string | null } | null = null;

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Build and run the probe as `bits`-bit code; null when it exits with PROBE_STATUS. */
function probe(dir: string, bits: 32 | 64): string | null {
  const src = join(dir, `probe${bits}.S`), obj = join(dir, `probe${bits}.o`), exe = join(dir, `probe${bits}`);
  writeFileSync(src, PROBE);
  if (spawnSync('as', [`--${bits}`, src, '-o', obj]).status !== 0) return `as --${bits} failed on the probe`;
  if (spawnSync('ld', ['-m', bits === 32 ? 'elf_i386' : 'elf_x86_64', obj, '-o', exe]).status !== 0) return 'ld failed on the probe';
  const r = spawnSync(exe, [], { encoding: 'utf8', timeout: 10_000 });
  if (r.status === PROBE_STATUS) return null;
  const how = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`;
  return bits === 32
    ? `this kernel does not run 32-bit executables (IA-32 emulation is off: ${how})`
    : `this kernel does not serve int $0x80 from 64-bit code (IA-32 emulation is off: ${how})`;
}

function probeAll(): { ia32: string | null; int80From64: string | null } {
  if (cached) return cached;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    const why = `host is ${process.platform}/${process.arch}, not x86-64 Linux`;
    cached = { ia32: why, int80From64: why };
    return cached;
  }
  if (!have('as') || !have('ld')) {
    cached = { ia32: 'GNU as/ld is not installed', int80From64: 'GNU as/ld is not installed' };
    return cached;
  }
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-ia32-probe-'));
  try {
    cached = { ia32: probe(dir, 32), int80From64: probe(dir, 64) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return cached;
}

/** Why 32-bit executables cannot run natively here, or null when they can. */
export function ia32Problem(): string | null {
  return probeAll().ia32;
}

/** Why a 64-bit process's int $0x80 does not work natively here, or null when it does. */
export function int80From64Problem(): string | null {
  return probeAll().int80From64;
}
