// set args / show args / set environment / unset environment / show environment, checked against
// GNU gdb itself (gdb -batch, starting from an empty environment), and the argument words against
// the shell's own splitting (gdb starts the program through /bin/sh).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CommandError, parseCommand } from '../../src/debugger/commands.js';
import { InferiorSettings, shellWords } from '../../src/debugger/inferiorSettings.js';

const haveGdb = spawnSync('gdb', ['--version']).status === 0;
if (!haveGdb) console.warn('test/debugger/inferiorSettings: gdb comparison SKIPPED: gdb is not installed');

const SCRIPT = [
  'unset environment',
  'show environment',
  'set environment FOO=bar',
  'set environment BAZ qux',
  'set environment E =',
  'set environment SP = x y',
  'set env A=1',
  'set environ N',
  'set environment FOO=again',
  'show environment FOO',
  'show environment NOPE',
  'show environment',
  'unset environment FOO',
  'show environment FOO',
  'set environment',
  'set environment =x',
  'show args',
  `set args a 'b c' "d e" f\\ g`,
  'show args',
  'set args',
  'show args',
  'unset environment NOPE',
  'show env',
];

/** What our command line prints for each line of the script. */
function ours(lines: string[]): string[] {
  const s = new InferiorSettings([], ['HOME=/']);
  const out: string[] = [];
  for (const line of lines) {
    try {
      const cmd = parseCommand(line);
      if (cmd?.kind !== 'inferior') throw new Error(`${line}: not an inferior command`);
      const msg = s.execute(cmd.op);
      if (msg !== null) out.push(...msg.split('\n'));
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      out.push(e.message);
    }
  }
  return out;
}

describe('inferior settings', () => {
  it.skipIf(!haveGdb)('print what gdb prints for the same commands', () => {
    const args = SCRIPT.flatMap((l) => ['-ex', l]);
    const r = spawnSync('sh', ['-c', 'exec gdb -nx -batch "$@" 2>&1', 'sh', ...args], { encoding: 'utf8', env: { HOME: '/nonexistent' } });
    const gdb = r.stdout.split('\n').filter((l) => l !== '' && !/warning:/.test(l));
    expect(ours(SCRIPT)).toEqual(gdb);
  });

  it('split the argument text as /bin/sh does', () => {
    for (const text of [`a 'b c' "d e" f\\ g`, `  x\t y  `, `'it''s' "a\\"b" "\\$x" 'q\\'`, `""`, `a""b`, `"a b"c`]) {
      const r = spawnSync('sh', ['-c', `set -- ${text}; for a in "$@"; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
      expect(shellWords(text), text).toEqual(r.stdout.split('\0').slice(0, -1));
    }
    expect(() => shellWords(`a 'b`)).toThrow(/unterminated/);
  });

  it('give the next run the arguments and the environment', () => {
    const s = new InferiorSettings(['one', 'two words'], ['PATH=/bin', 'HOME=/']);
    expect(s.execute({ kind: 'showArgs' })).toBe(`Argument list to give program being debugged when it is started is "one 'two words'".`);
    expect(s.args).toEqual(['one', 'two words']);
    s.execute({ kind: 'setEnv', text: 'PATH=/usr/bin' });
    expect(s.environment).toEqual(['HOME=/', 'PATH=/usr/bin']);
  });
});
