// `trapdoor debug PROG [--profile P|FILE] [--kernel i386|x86_64] [--env NAME=VALUE] [--env-host] [--kernel-version V] [--mitigations off|auto] [-- ARGS]`:
// the full-screen debugger. The guest's environment is `trapdoor run`'s (the fixed default, or the host's).
import { asCliError, CliError, EXIT_NOT_RUNNABLE, EXIT_USAGE, readInput } from './CliError.js';
import { resolveProfileOption } from './profileOption.js';
import type { HostFsOptions } from '../kernel/hostFs.js';
import { KERNEL_OPTION_USAGE, takeKernelOption, type KernelOptions } from './kernelOptions.js';
import { HOST_FILE_USAGE, takeHostFileOption } from './hostFileOptions.js';
import { guestEnvironment } from './runCommand.js';

export interface DebugArgs extends KernelOptions {
  program: string;
  profile?: string;
  kernel?: 'i386' | 'x86_64';
  args: string[];
  /** The guest's environment, as `trapdoor run` builds it from the same options. */
  env: string[];
  hostFs: HostFsOptions;
}

const USAGE = `usage: trapdoor debug PROG [--profile P|FILE] [--kernel i386|x86_64] ${HOST_FILE_USAGE} [--env NAME=VALUE] [--env-host] ${KERNEL_OPTION_USAGE} [-- ARGS]`;

export function parseDebugArgs(argv: string[]): DebugArgs {
  let program: string | undefined;
  let profile: string | undefined;
  let kernel: 'i386' | 'x86_64' | undefined;
  const rest: string[] = [];
  const hostFs: HostFsOptions = {};
  const kernelOptions: KernelOptions = {};
  const env: { env: string[]; envHost: boolean } = { env: [], envHost: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new CliError(`${flag} needs a value\n${USAGE}`, EXIT_USAGE);
      return v;
    };
    if (takeHostFileOption(flag, value, hostFs) || takeKernelOption(flag, value, kernelOptions)) continue;
    if (flag === '--env') {
      const v = value();
      if (!/^[^=]+=/.test(v)) throw new CliError(`--env needs NAME=VALUE, not '${v}'`, EXIT_USAGE);
      env.env.push(v);
    } else if (flag === '--env-host') env.envHost = true;
    else if (flag === '--profile') profile = resolveProfileOption(value());
    else if (flag === '--kernel') {
      const k = value();
      if (k !== 'i386' && k !== 'x86_64') throw new CliError(`--kernel must be i386 or x86_64, not '${k}'`, EXIT_USAGE);
      kernel = k;
    } else if (flag === '-h' || flag === '--help') throw new CliError(USAGE, EXIT_USAGE, true);
    else if (a.startsWith('-')) throw new CliError(`unknown option '${a}'\n${USAGE}`, EXIT_USAGE);
    else if (program === undefined) program = a;
    else rest.push(a);
  }
  if (!program) throw new CliError(`which program?\n${USAGE}`, EXIT_USAGE);
  return { program, profile, kernel, args: rest, env: guestEnvironment(env), hostFs, ...kernelOptions };
}

/** Turn a load/boot failure into the CLI's one-line error with the contract's exit status. */
export function loadError(e: unknown, program: string): CliError {
  if (e instanceof CliError) return e;
  const cli = asCliError(e);
  if (cli instanceof CliError) return cli;
  const err = e as Error & { format?: () => string; name?: string };
  if (typeof err.format === 'function' && err.constructor?.name === 'AsmError') return new CliError(err.format(), EXIT_NOT_RUNNABLE, true);
  const msg = err instanceof Error ? err.message : String(e);
  if (/unknown profile/.test(msg)) return new CliError(msg, EXIT_USAGE);
  return new CliError(`${program}: ${msg}`, EXIT_NOT_RUNNABLE);
}

export async function debugCommand(argv: string[]): Promise<number> {
  const args = parseDebugArgs(argv);
  readInput(args.program); // missing (127), unreadable or no regular file (126): said before the TUI loads
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // Ink and React load while the kernel boots.
  const { preloadTui, runTui } = await import('../tui/runTui.js');
  if (tty) preloadTui().catch(() => {});
  const { Session } = await import('../debugger/Session.js');
  let session: Awaited<ReturnType<typeof Session.create>>;
  try {
    // Load (and so check) the program first: a bad file is reported as such even without a terminal.
    session = await Session.create({
      program: args.program, profile: args.profile, kernel: args.kernel, args: args.args, env: args.env, hostFs: args.hostFs,
      kernelVersion: args.kernelVersion, mitigations: args.mitigations,
    });
  } catch (e) {
    throw loadError(e, args.program);
  }
  if (!tty) {
    session.dispose();
    throw new CliError('the debugger needs a terminal (stdin/stdout is not a TTY); for a headless run use `trapdoor run PROG`', EXIT_USAGE);
  }
  await runTui({ target: session });
  return 0;
}
