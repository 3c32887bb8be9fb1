// Helpers for the ELF tests: temp files and host tool detection.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export function tempFile(name: string, bytes: Uint8Array, executable = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-elf-'));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  if (executable) chmodSync(path, 0o755);
  return path;
}

export function run(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', signal: r.signal };
}
