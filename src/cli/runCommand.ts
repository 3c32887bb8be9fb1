// `trapdoor run PROG [--trace[=FILE]] [--cycles] [--profile P|FILE] [--kernel i386|x86_64]
// [--max-instructions N] [--root DIR] [--writable DIR]... [--memory SIZE] [--env NAME=VALUE] [--env-host] [-- ARGS]`:
// run a program headless under the simulated kernel. Exit
// status: the program's, 128+signal when it dies of one, 124 when --max-instructions stops it.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { CliError, EXIT_NOT_RUNNABLE, EXIT_USAGE, printWarnings, asCliError } from './CliError.js';
import { ElfError } from '../elf/index.js';
import { loadProgram } from '../program/loadProgram.js';
import { formatMethodTable, MethodStats, syscallNamer, vdsoFunctionNames } from '../debugger/methodStats.js';
import { LinuxKernel, type KernelKind, type RunOutcome } from '../kernel/LinuxKernel.js';
import { formatExecve, formatExit, formatKilled, formatPersonality, formatSignal, formatSyscall } from '../kernel/straceFormat.js';
import { BrokenPipe, type StdStreams } from '../kernel/files.js';
import { DEFAULT_PROFILE } from '../machine/index.js';
import { resolveProfileOption } from './profileOption.js';
import { DEFAULT_ENVIRONMENT, withEnvironment } from '../kernel/processImage.js';
import type { HostFsOptions } from '../kernel/hostFs.js';
import type { KernelVersion, MitigationsMode } from '../kernel/kernelConfig.js';
import { KERNEL_OPTION_USAGE, takeKernelOption } from './kernelOptions.js';
import { HOST_FILE_USAGE, takeHostFileOption } from './hostFileOptions.js';

/** Exit status when --max-instructions stops a program that has not exited (as timeout(1) does). */
export const EXIT_INSTRUCTION_LIMIT = 124;

export interface RunOptions {
  prog: string;
  args: string[];
  trace: boolean;
  traceFile?: string;
  cycles: boolean;
  profile: string;
  kernel?: KernelKind;
  /** What of the host's files the guest sees and may change (--root, --writable). */
  hostFs?: HostFsOptions;
  maxInstructions?: number;
  /** The guest's address-space limit in bytes (--memory). */
  memoryLimit?: bigint;
  /** `NAME=VALUE` settings over the environment (--env), and whether it starts from the host's (--env-host). */
  env?: string[];
  envHost?: boolean;
  /** --kernel-version, --mitigations. */
  kernelVersion?: KernelVersion;
  mitigations?: MitigationsMode;
}

const RUN_USAGE = `usage: trapdoor run PROG [--trace[=FILE]] [--cycles] [--profile P|FILE] [--kernel i386|x86_64] [--max-instructions N] ${HOST_FILE_USAGE}\n` +
  `                    [--memory SIZE] [--env NAME=VALUE] [--env-host] ${KERNEL_OPTION_USAGE} [-- ARGS]\n` +
  "exit status: the program's; 128+N when signal N kills it; 124 when --max-instructions stops it";

export function parseRunArgs(args: string[]): RunOptions {
  const o: Partial<RunOptions> & { args: string[] } = { args: [], trace: false, cycles: false, profile: DEFAULT_PROFILE, hostFs: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new CliError(`${name} needs a value\n${RUN_USAGE}`, EXIT_USAGE);
      return v;
    };
    if (a === '--') {
      o.args.push(...args.slice(i + 1));
      break;
    } else if (a === '--trace') {
      o.trace = true;
    } else if (a.startsWith('--trace=')) {
      o.trace = true;
      o.traceFile = a.slice('--trace='.length);
    } else if (a === '--cycles') {
      o.cycles = true;
    } else if (a === '--profile' || a.startsWith('--profile=')) {
      o.profile = resolveProfileOption(value('--profile'));
    } else if (a === '--kernel' || a.startsWith('--kernel=')) {
      const k = value('--kernel');
      if (k !== 'i386' && k !== 'x86_64') throw new CliError(`--kernel must be i386 or x86_64, not '${k}'`, EXIT_USAGE);
      o.kernel = k;
    } else if (a === '--max-instructions' || a.startsWith('--max-instructions=')) {
      const v = value('--max-instructions');
      const n = Number(v);
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n <= 0) throw new CliError(`--max-instructions needs a positive integer, not '${v}'`, EXIT_USAGE);
      o.maxInstructions = n;
    } else if (a === '--memory' || a.startsWith('--memory=')) {
      const v = value('--memory');
      const n = parseSize(v);
      if (n === null) throw new CliError(`--memory needs a size such as 512M or 4G (at least 1M), not '${v}'`, EXIT_USAGE);
      o.memoryLimit = n;
    } else if (a === '--env' || a.startsWith('--env=')) {
      const v = value('--env');
      if (!/^[^=]+=/.test(v)) throw new CliError(`--env needs NAME=VALUE, not '${v}'`, EXIT_USAGE);
      o.env = [...(o.env ?? []), v];
    } else if (a === '--env-host') {
      o.envHost = true;
    } else if (takeHostFileOption(a.includes('=') ? a.slice(0, a.indexOf('=')) : a, () => value(a), o.hostFs!)) {
      // --root / --writable
    } else if (takeKernelOption(a.includes('=') ? a.slice(0, a.indexOf('=')) : a, () => value(a.includes('=') ? a.slice(0, a.indexOf('=')) : a), o)) {
      // --kernel-version / --mitigations
    } else if (a.startsWith('-') && a !== '-') {
      throw new CliError(`unknown option '${a}'\n${RUN_USAGE}`, EXIT_USAGE);
    } else if (o.prog === undefined) {
      o.prog = a;
    } else {
      o.args.push(a);
    }
  }
  if (o.prog === undefined) throw new CliError(`no program given\n${RUN_USAGE}`, EXIT_USAGE);
  return o as RunOptions;
}

/** `512M`, `4G`, `65536`, `1.5G` as bytes (K/M/G/T powers of 1024); null when not a size of at least 1 MiB. */
export function parseSize(text: string): bigint | null {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?B?)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[(m[2] ?? '').charAt(0).toUpperCase()] ?? 1;
  const n = BigInt(Math.floor(Number(m[1]) * unit));
  return n >= 1n << 20n && n <= 1n << 47n ? n : null;
}

/** The guest's environment: the fixed default (or the host's with --env-host), then the --env settings. */
export function guestEnvironment(o: Pick<RunOptions, 'env' | 'envHost'>): string[] {
  const base = o.envHost ? Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ''}`) : DEFAULT_ENVIRONMENT;
  return withEnvironment(base, o.env ?? []);
}

/** The host's standard streams, synchronously (the guest's read/write block like the real ones). */
export function hostStreams(): StdStreams {
  const writeAll = (fd: number, b: Uint8Array): void => {
    let off = 0;
    while (off < b.length) {
      try {
        off += writeSync(fd, b, off, b.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') throw new BrokenPipe();
        if (code !== 'EAGAIN') throw e;
      }
    }
  };
  return {
    readStdin(max: number): Uint8Array {
      const buf = new Uint8Array(Math.min(max, 1 << 16));
      for (;;) {
        try {
          return buf.subarray(0, readSync(0, buf, 0, buf.length, null));
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EOF') return new Uint8Array(0);
          if (code !== 'EAGAIN') throw e;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        }
      }
    },
    writeStdout: (b) => writeAll(1, b),
    writeStderr: (b) => writeAll(2, b),
    // fstat and the tty ioctls see the host's fds 0-2 as they are (a terminal, a pipe, a file)
    stat(fd) {
      try {
        const st = fstatSync(fd);
        return { mode: st.mode, size: st.isFile() ? st.size : 0, ino: st.ino, rdev: [Math.floor(st.rdev / 256) & 0xfff, st.rdev & 0xff] };
      } catch {
        return { mode: 0o010600 };
      }
    },
    terminal(fd) {
      if (!isatty(fd)) return null;
      const s = fd === 0 ? process.stdin : fd === 1 ? process.stdout : process.stderr;
      const t = s as { columns?: number; rows?: number };
      return { rows: t.rows ?? 24, cols: t.columns ?? 80 };
    },
  };
}

export interface RunResultSummary {
  outcome: RunOutcome;
  exitCode: number;
  stats: MethodStats | null;
  kernel: LinuxKernel;
  /** performance.now() when the machine was about to run its first instruction (bench/run.bench.mjs). */
  firstGuestInstructionMs: number;
  /** CPU time this process had used by then (less sensitive to a busy machine than the wall time). */
  firstGuestInstructionCpuMs: number;
}

/** Run a loaded program with options; writes trace lines through `traceLine`. */
export async function runProgram(o: RunOptions, streams: StdStreams, traceLine?: (line: string) => void): Promise<RunResultSummary> {
  const prog = await loadProgram(o.prog).catch((e: unknown) => { throw asCliError(e); });
  printWarnings(prog.warnings);
  let kernel: LinuxKernel | undefined;
  let personality: 'x86_64' | 'i386' | undefined;
  const envp = guestEnvironment(o);
  try {
    kernel = await LinuxKernel.boot({
      elf: prog.elf, execPath: o.prog, argv: [o.prog, ...o.args], envp, profile: o.profile, kernel: o.kernel, streams, hostFs: o.hostFs, exeFile: prog.file,
      memoryLimit: o.memoryLimit, kernelVersion: o.kernelVersion, mitigations: o.mitigations,
      onSyscall: traceLine ? (ev) => {
        // strace notes a personality change at the first syscall made in the other one (on stderr:
        // an -o file leaves the line out); the tracer of an x86_64 kernel starts out 64-bit
        const was = personality ?? (kernel!.kind === 'x86_64' ? 'x86_64' : 'i386');
        personality = ev.abi;
        if (ev.abi !== was && !o.traceFile) traceLine(formatPersonality(kernel!.pid, ev.abi === 'i386' ? 32 : 64));
        traceLine(formatSyscall(ev, (a, n) => kernel!.readUserForTrace(a, n)));
      } : undefined,
      onSignal: traceLine ? (sig) => traceLine(formatSignal(sig.name, sig.code, sig.addr)) : undefined,
    });
  } catch (e) {
    if (e instanceof ElfError) throw new CliError(`${o.prog}: ${e.message}`, EXIT_NOT_RUNNABLE);
    throw e;
  }
  const k = kernel;
  // as strace: the execve that started the program
  const argv = [o.prog, ...o.args];
  traceLine?.(formatExecve(o.prog, argv, k.envpAddress, envp.length));
  const firstGuestInstructionMs = performance.now(); // ms since this node process started
  const cpu = process.cpuUsage();
  const firstGuestInstructionCpuMs = (cpu.user + cpu.system) / 1000;
  let outcome: RunOutcome;
  let stats: MethodStats | null = null;
  if (o.cycles) {
    const vdsoEnd = k.vdsoBase + BigInt(k.user.vdsoSize);
    stats = new MethodStats({
      start: k.vdsoBase, end: vdsoEnd,
      trampolines: new Set([k.symbols.get('__kernel_vsyscall')].filter((x): x is bigint => x !== undefined)),
      names: vdsoFunctionNames(k.symbols, k.vdsoBase, vdsoEnd),
    }, syscallNamer());
    outcome = runStepping(k, stats, o.maxInstructions);
  } else {
    outcome = k.run({ maxInstructions: o.maxInstructions });
  }
  let exitCode: number;
  switch (outcome.kind) {
    case 'exited':
      traceLine?.(formatExit(outcome.status));
      exitCode = outcome.status;
      break;
    case 'killed':
      traceLine?.(formatSignal(outcome.signal.name, outcome.signal.code, outcome.signal.addr));
      traceLine?.(formatKilled(outcome.signal.name));
      exitCode = 128 + outcome.signal.signal;
      break;
    case 'limit':
      exitCode = EXIT_INSTRUCTION_LIMIT;
      break;
    case 'stopped':
      exitCode = 70;
      break;
  }
  return { outcome, exitCode, stats, kernel: k, firstGuestInstructionMs, firstGuestInstructionCpuMs };
}

/** Step by step, feeding the per-method meter (for --cycles). */
function runStepping(k: LinuxKernel, stats: MethodStats, maxInstructions?: number): RunOutcome {
  const m = k.machine;
  const word = k.processBits === 64 ? 8 : 4;
  const meter = { get cycles() { return m.cycles; }, get cpl() { return m.cpl; }, getReg: (r: 'rip' | 'rsp' | 'rax') => m.getReg(r), read: (a: bigint, n: number) => m.read(a, n) };
  let n = 0;
  for (;;) {
    if (maxInstructions !== undefined && n >= maxInstructions) return { kind: 'limit', instructions: n };
    const r = m.step();
    n++;
    stats.observeStep(r, meter, word);
    const done = k.outcome();
    if (done) return done;
    if (r.stop) return { kind: 'stopped', result: { reason: r.stop, instructions: n, message: r.message } };
  }
}

export async function runCommand(args: string[]): Promise<number> {
  const o = parseRunArgs(args);
  let traceFd: number | null = null;
  if (o.trace && o.traceFile) {
    try {
      traceFd = openSync(o.traceFile, 'w');
    } catch (e) {
      throw new CliError(`cannot write trace file ${o.traceFile}: ${(e as Error).message}`, EXIT_USAGE);
    }
  }
  const streams = hostStreams();
  const enc = new TextEncoder();
  const traceLine = o.trace
    ? (line: string): void => {
      const b = enc.encode(line + '\n');
      if (traceFd !== null) writeSync(traceFd, b);
      else streams.writeStderr(b);
    }
    : undefined;
  try {
    const r = await runProgram(o, streams, traceLine);
    const err = (s: string): void => streams.writeStderr(enc.encode(s.endsWith('\n') ? s : s + '\n'));
    // like a shell, say nothing when the program dies of SIGPIPE (its reader went away)
    if (r.outcome.kind === 'killed' && r.outcome.signal.name !== 'SIGPIPE') err(r.outcome.report);
    if (r.outcome.kind === 'limit') {
      err(`trapdoor: error: instruction limit reached: the program ran ${o.maxInstructions} instructions without exiting (--max-instructions); stopped with status ${EXIT_INSTRUCTION_LIMIT}`);
    }
    if (r.outcome.kind === 'stopped') {
      err(`trapdoor: error: the machine stopped (${r.outcome.result.reason}${r.outcome.result.message ? `: ${r.outcome.result.message}` : ''})`);
    }
    if (r.stats) err(formatMethodTable(r.stats, o.profile));
    if (process.env.TRAPDOOR_RESOURCE_REPORT) {
      // for bench/run.bench.mjs: start-up time and peak memory of this process
      err(`trapdoor-resources: first-guest-instruction-ms=${r.firstGuestInstructionMs.toFixed(1)} ` +
        `first-guest-instruction-cpu-ms=${r.firstGuestInstructionCpuMs.toFixed(1)} max-rss-kib=${process.resourceUsage().maxRSS}`);
    }
    return r.exitCode;
  } finally {
    if (traceFd !== null) closeSync(traceFd);
  }
}
