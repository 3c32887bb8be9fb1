// Native side of the program oracles: build with GNU as + ld, run, trace with strace.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit status, 128 + signal number when killed by a signal (as a shell reports it). */
  status: number;
}

/** Signal numbers by name, as the host's kernel numbers them (x86 Linux). */
const SIGNALS: Record<string, number> = { ...constants.signals };

export function statusOf(r: { status: number | null; signal: NodeJS.Signals | null }): number {
  if (r.status !== null) return r.status;
  return 128 + (SIGNALS[r.signal ?? ''] ?? 0);
}

export function haveTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Native runs need an x86-64 Linux host and GNU binutils. */
export function nativeHostProblem(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `host is ${process.platform}/${process.arch}, not x86-64 Linux`;
  for (const tool of ['as', 'ld']) if (!haveTool(tool)) return `GNU ${tool} is not installed`;
  return null;
}

/** strace must exist and be allowed to ptrace (containers often forbid it). */
export function straceProblem(): string | null {
  if (!haveTool('strace')) return 'strace is not installed';
  const r = spawnSync('strace', ['-qq', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  return r.status === 0 ? null : `strace cannot trace here: ${r.stderr.trim().split('\n')[0]}`;
}

/** Assemble and link `source` with GNU as + ld into `dir`; returns the executable path. */
export function buildWithGnu(source: string, bits: 32 | 64, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const obj = join(dir, `${name}.o`);
  const exe = join(dir, name);
  const as = spawnSync('as', [`--${bits}`, source, '-o', obj], { encoding: 'utf8' });
  if (as.status !== 0) throw new Error(`as --${bits} ${source} failed:\n${as.stderr}`);
  const ld = spawnSync('ld', ['-m', bits === 32 ? 'elf_i386' : 'elf_x86_64', obj, '-o', exe], { encoding: 'utf8' });
  if (ld.status !== 0) throw new Error(`ld ${obj} failed:\n${ld.stderr}`);
  return exe;
}

export function runNative(exe: string, timeoutMs = 30_000, args: string[] = []): RunResult {
  const r = spawnSync(exe, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: statusOf(r) };
}

/** Syscall names strace sees (`strace -f -qq -e trace=all`), execve excluded. */
export function straceNames(exe: string, dir: string, name: string): string[] {
  const out = join(dir, `${name}.strace`);
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=all', '-o', out, exe], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) throw r.error;
  return syscallNames(readFileSync(out, 'utf8'));
}

/**
 * The syscall names of strace-format lines, in order. Skips signal (`--- SIGSEGV`) and exit
 * (`+++`) lines and execve (strace shows the exec that started the program). Unknown numbers
 * (`syscall_0x3e8(` in strace, maybe `syscall_1000(` elsewhere) become `syscall_<decimal>`.
 */
export function syscallNames(trace: string): string[] {
  const names: string[] = [];
  for (const raw of trace.split('\n')) {
    const line = raw.replace(/^\[pid\s+\d+\]\s+/, '').replace(/^\d+\s+/, '');
    const m = /^([a-z_][a-z0-9_]*)\(/.exec(line);
    if (!m) continue;
    let name = m[1]!;
    const unknown = /^syscall_(0x[0-9a-f]+|\d+)$/.exec(name);
    if (unknown) name = `syscall_${Number(unknown[1])}`;
    if (name !== 'execve') names.push(name);
  }
  return names;
}

/**
 * The outcome of each strace-format line: `name=ok`, `name=EFAULT` (an error), `name=?` (no
 * return, e.g. exit), plus `--- SIGSEGV ---` and `+++ killed by SIGSEGV +++` events. execve is left
 * out. Values (pids, times, byte counts of /proc/self/maps) are not compared, errors are.
 */
export function syscallOutcomes(trace: string): string[] {
  const events: string[] = [];
  for (const raw of trace.split('\n')) {
    const line = raw.replace(/^\[pid\s+\d+\]\s+/, '').replace(/^\d+\s+/, '');
    const signal = /^--- (SIG[A-Z0-9]+)/.exec(line);
    if (signal) events.push(`--- ${signal[1]} ---`);
    const killed = /^\+\+\+ killed by (SIG[A-Z0-9]+)/.exec(line);
    if (killed) events.push(`+++ killed by ${killed[1]} +++`);
    const call = /^([a-z_][a-z0-9_]*)\(.*\)\s+= (.*)$/.exec(line);
    if (!call) continue;
    let name = call[1]!;
    const unknown = /^syscall_(0x[0-9a-f]+|\d+)$/.exec(name);
    if (unknown) name = `syscall_${Number(unknown[1])}`;
    if (name === 'execve') continue;
    const ret = call[2]!.trim();
    const errno = /^-1 (E[A-Z0-9]+)/.exec(ret);
    events.push(`${name}=${errno ? errno[1] : ret === '?' ? '?' : 'ok'}`);
  }
  return events;
}

/** The raw strace output of a native run (`strace -f -qq -e trace=all`), stdout to a pipe. */
export function straceText(exe: string, dir: string, name: string): string {
  straceNames(exe, dir, name);
  return readFileSync(join(dir, `${name}.strace`), 'utf8');
}
