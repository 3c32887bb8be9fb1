// `trapdoor run`'s process-image options: --memory SIZE, --env NAME=VALUE, --env-host; bad values
// are one line and exit 2.
import { describe, expect, it } from 'vitest';
import { guestEnvironment, parseRunArgs, parseSize } from '../../src/cli/runCommand.js';
import { DEFAULT_ENVIRONMENT } from '../../src/kernel/processImage.js';

describe('run options for the process image', () => {
  it('--memory takes K/M/G/T sizes of at least 1 MiB', () => {
    expect(parseRunArgs(['--memory', '512M', 'p']).memoryLimit).toBe(512n << 20n);
    expect(parseRunArgs(['--memory=4G', 'p']).memoryLimit).toBe(4n << 30n);
    expect(parseSize('1.5G')).toBe(3n << 29n);
    for (const bad of ['lots', '100', '0', '-1G']) expect(() => parseRunArgs(['--memory', bad, 'p'])).toThrow(/--memory needs a size/);
  });
  it('the default environment is fixed; --env adds or replaces; --env-host starts from the host\'s', () => {
    expect(guestEnvironment({})).toEqual([...DEFAULT_ENVIRONMENT]);
    const o = parseRunArgs(['--env', 'LANG=C.UTF-8', '--env=EXTRA=1', 'p']);
    const env = guestEnvironment(o);
    expect(env).toContain('LANG=C.UTF-8');
    expect(env).not.toContain('LANG=C');
    expect(env.at(-1)).toBe('EXTRA=1');
    expect(() => parseRunArgs(['--env', 'NOEQUALS', 'p'])).toThrow(/--env needs NAME=VALUE/);
    process.env.TRAPDOOR_TEST_VAR = 'from-host';
    expect(guestEnvironment(parseRunArgs(['--env-host', 'p']))).toContain('TRAPDOOR_TEST_VAR=from-host');
  });
});
