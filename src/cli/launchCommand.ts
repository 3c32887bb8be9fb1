// `trapdoor` with no arguments (and `npm start`): the launcher over programs/, then the debugger.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError, EXIT_USAGE } from './CliError.js';
import { loadError } from './debugCommand.js';

/** programs/ of the current directory, else the one shipped next to the package. */
export function programsDir(): string {
  if (existsSync('programs')) return 'programs';
  return fileURLToPath(new URL('../../programs', import.meta.url));
}

export async function launchCommand(argv: string[]): Promise<number> {
  if (argv.length) throw new CliError(`unexpected arguments: ${argv.join(' ')}`, EXIT_USAGE);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CliError('the launcher needs a terminal (stdin/stdout is not a TTY); for a headless run use `trapdoor run PROG`', EXIT_USAGE);
  }
  const { preloadTui, runTui } = await import('../tui/runTui.js');
  void preloadTui().catch(() => {});
  const { listPrograms } = await import('../debugger/programCatalog.js');
  const { Session } = await import('../debugger/Session.js');
  const { PROFILES } = await import('../machine/index.js');
  const dir = programsDir();
  await runTui({
    launcher: {
      programs: listPrograms(dir),
      profiles: Object.values(PROFILES).map((p) => ({ name: p.name, description: p.description })),
      createTarget: async (choice) => {
        try {
          return await Session.create({ program: choice.program, profile: choice.profile, kernel: choice.kernel ?? undefined });
        } catch (e) {
          throw new Error(loadError(e, choice.program).message);
        }
      },
    },
  });
  return 0;
}
