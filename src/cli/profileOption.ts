// `--profile P|FILE`: a shipped profile's name, or the path of a profile file (what calibrate
// writes). A file is read, checked and registered under its own name, which is returned.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { CliError, EXIT_USAGE } from './CliError.js';
import { parseProfileJson, PROFILES, ProfileFileError, registerProfile, unknownProfileMessage } from '../machine/index.js';

/** Largest profile file read (a real one is a few KiB). */
const MAX_PROFILE_FILE = 1 << 20;

function looksLikePath(value: string): boolean {
  return value.includes('/') || value.endsWith('.json') || existsSync(value);
}

/** The profile name `value` stands for; a bad name or file is one line and the usage status. */
export function resolveProfileOption(value: string, extraNames: readonly string[] = []): string {
  if (PROFILES[value] || extraNames.includes(value)) return value;
  if (!looksLikePath(value)) throw new CliError(`${unknownProfileMessage(value, extraNames)}; or give a profile file's path`, EXIT_USAGE);
  let text: string;
  try {
    if (!statSync(value).isFile()) throw new CliError(`profile file ${value}: not a regular file`, EXIT_USAGE);
    if (statSync(value).size > MAX_PROFILE_FILE) throw new CliError(`profile file ${value}: larger than ${MAX_PROFILE_FILE} bytes`, EXIT_USAGE);
    text = readFileSync(value, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`profile file ${value}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, EXIT_USAGE);
  }
  try {
    const p = parseProfileJson(text);
    if (PROFILES[p.name] && JSON.stringify(PROFILES[p.name]) === JSON.stringify(p)) return p.name; // read twice
    registerProfile(p);
    return p.name;
  } catch (e) {
    if (e instanceof ProfileFileError || e instanceof Error) throw new CliError(`profile file ${value}: ${e.message}`, EXIT_USAGE);
    throw e;
  }
}
