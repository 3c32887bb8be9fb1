// `trapdoor calibrate [-o FILE] [--runs N]`: measure this x86-64 Linux host natively, fit a
// profile and write it (to FILE, or to stdout with the report on stderr). Off x86-64 Linux: exit 2.
import { writeFileSync } from 'node:fs';
import { CliError, EXIT_USAGE } from './CliError.js';
import { calibrationHostProblem, type HostPlatform } from '../calibrate/hostInfo.js';
import { profileJson } from '../machine/index.js';

const USAGE = 'usage: trapdoor calibrate [-o FILE] [--runs N]';

export interface CalibrateArgs { output?: string; runs: number; }

export function parseCalibrateArgs(args: string[]): CalibrateArgs {
  const o: CalibrateArgs = { runs: 15 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq >= 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new CliError(`${a} needs a value\n${USAGE}`, EXIT_USAGE);
      return v;
    };
    if (a === '-o' || a === '--output' || a.startsWith('--output=')) o.output = value();
    else if (a === '--runs' || a.startsWith('--runs=')) {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1000) throw new CliError(`--runs needs an integer from 1 to 1000, not '${v}'`, EXIT_USAGE);
      o.runs = Number(v);
    } else throw new CliError(`unknown argument '${a}'\n${USAGE}`, EXIT_USAGE);
  }
  return o;
}

export async function calibrateCommand(args: string[], host: HostPlatform = process): Promise<number> {
  const o = parseCalibrateArgs(args);
  const problem = calibrationHostProblem(host);
  if (problem) throw new CliError(problem, EXIT_USAGE);
  const { calibrate } = await import('../calibrate/calibrate.js');
  const { calibrationSection, formatCalibration } = await import('../calibrate/report.js');
  const c = await calibrate({ runs: o.runs, onProgress: (l) => process.stderr.write(`calibrate: ${l}\n`) });
  const text = profileJson(c.profile, calibrationSection(c));
  if (o.output) {
    try {
      writeFileSync(o.output, text);
    } catch (e) {
      throw new CliError(`cannot write ${o.output}: ${(e as Error).message}`, EXIT_USAGE);
    }
    process.stdout.write(formatCalibration(c) + `wrote ${o.output}: use it with --profile ${o.output}\n`);
  } else {
    process.stderr.write(formatCalibration(c));
    process.stdout.write(text);
  }
  return 0;
}
