// `--root DIR` and `--writable DIR` (run and debug): what of the host's file system the guest may
// see and change (DESIGN.md "Files"). Checked here so a bad directory is one line and exit 2.
import { statSync } from 'node:fs';
import type { HostFsOptions } from '../kernel/hostFs.js';
import { CliError, EXIT_USAGE } from './CliError.js';

export const HOST_FILE_USAGE = '[--root DIR] [--writable DIR]...';

/** Take `--root`/`--writable` with its value into `into`; false when `flag` is neither. */
export function takeHostFileOption(flag: string, value: () => string, into: HostFsOptions): boolean {
  if (flag !== '--root' && flag !== '--writable') return false;
  const dir = value();
  let isDir = false;
  try { isDir = statSync(dir).isDirectory(); } catch { /* reported below */ }
  if (!isDir) throw new CliError(`${flag} ${dir}: not a directory`, EXIT_USAGE);
  if (flag === '--root') into.root = dir;
  else into.writable = [...(into.writable ?? []), dir];
  return true;
}
