// `--kernel-version V` and `--mitigations off|auto` (run, debug, bench): which Linux the simulated
// kernel is (6.6 and older take INT 0x80 through entry_INT80_compat) and whether its entry code runs
// the mitigations the profile's CPU needs. A bad value is one line and exit 2.
import { parseKernelVersion, type KernelVersion, type MitigationsMode } from '../kernel/kernelConfig.js';
import { CliError, EXIT_USAGE } from './CliError.js';

export const KERNEL_OPTION_USAGE = '[--kernel-version V] [--mitigations off|auto]';

export interface KernelOptions {
  kernelVersion?: KernelVersion;
  mitigations?: MitigationsMode;
}

/** Take `--kernel-version`/`--mitigations` with its value into `into`; false when `flag` is neither. */
export function takeKernelOption(flag: string, value: () => string, into: KernelOptions): boolean {
  if (flag === '--kernel-version') {
    const v = value();
    const version = parseKernelVersion(v);
    if (!version) throw new CliError(`--kernel-version needs a Linux version such as 6.6 or 6.18, not '${v}'`, EXIT_USAGE);
    into.kernelVersion = version;
    return true;
  }
  if (flag === '--mitigations') {
    const v = value();
    if (v !== 'off' && v !== 'auto') throw new CliError(`--mitigations must be off or auto, not '${v}'`, EXIT_USAGE);
    into.mitigations = v;
    return true;
  }
  return false;
}
