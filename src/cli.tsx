#!/usr/bin/env node
// The trapdoor command: parse the subcommand and hand over to src/cli/<name>Command.ts.
// Subcommands are imported lazily so `trapdoor run` never pays for loading Ink.
import { asCliError, CliError, EXIT_USAGE } from './cli/CliError.js';

const USAGE = `usage: trapdoor [COMMAND] ...
  trapdoor                              full-screen launcher over programs/
  trapdoor debug PROG [--profile P|FILE] [--kernel i386|x86_64] [KERNEL] [FILES] [-- ARGS]
  trapdoor run PROG [--trace[=FILE]] [--cycles] [--profile P|FILE] [--kernel K]
                    [--max-instructions N] [FILES] [--memory SIZE]
                    [--env NAME=VALUE] [--env-host] [KERNEL] [-- ARGS]
  trapdoor bench [--profile P|FILE|all] [--json] [--mitigations]
  trapdoor calibrate [-o FILE] [--runs N]   measure this x86-64 Linux host, write a profile
  trapdoor asm FILE.S [MORE.S ...] -o OUT [--32|--64]
  trapdoor disasm ELF
PROG is a .S/.s assembly file or an x86 ELF executable (static or dynamically linked:
the kernel loads its interpreter, the host's ld.so). P is a shipped profile
(textbook, zen4-kvm, ...), FILE a profile file as calibrate writes it.
FILES: the guest sees the host's files read-only; --root DIR makes DIR its /, and
--writable DIR (repeatable) lets it write beneath DIR.
KERNEL: --kernel-version V (e.g. 6.6: INT 0x80 through entry_INT80_compat, as up to
6.6; default the profile's, 6.18) and --mitigations off|auto (auto: the entry-code
mitigations the profile's CPU needs, as Linux picks them).`;

type CommandMain = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<CommandMain>> = {
  asm: async () => (await import('./cli/asmCommand.js')).asmCommand,
  disasm: async () => (await import('./cli/disasmCommand.js')).disasmCommand,
  run: async () => (await import('./cli/runCommand.js')).runCommand,
  bench: async () => (await import('./cli/benchCommand.js')).benchCommand,
  debug: async () => (await import('./cli/debugCommand.js')).debugCommand,
  calibrate: async () => (await import('./cli/calibrateCommand.js')).calibrateCommand,
  launch: async () => (await import('./cli/launchCommand.js')).launchCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const load = commands[name ?? 'launch'];
  if (!load) throw new CliError(`unknown command '${name}'\n${USAGE}`, EXIT_USAGE);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (thrown: unknown) => {
    const err = asCliError(thrown);
    if (err instanceof CliError) {
      process.stderr.write(err.preformatted ? err.message.replace(/\n?$/, '\n') : `trapdoor: error: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    // Never a stack trace for users; TRAPDOOR_DEBUG=1 shows it for us.
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`trapdoor: internal error: ${msg}\n`);
    if (process.env.TRAPDOOR_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 70;
  },
);
