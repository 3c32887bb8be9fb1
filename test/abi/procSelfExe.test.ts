// open("/proc/self/exe") opens the program's own file, as on Linux (it was ENOENT: the link leads
// out of the virtual tree to the program's path). Checked against the native run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../kernel/helpers.js';
import { buildProblem } from './cBuild.js';

const problem = buildProblem('glibc', 64);
if (problem) console.warn(`test/abi/procSelfExe: SKIPPED: ${problem}`);

const SOURCE = `#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int fd = open("/proc/self/exe", O_RDONLY);
  struct stat a, b;
  char head[4] = { 0 };
  printf("open: %s\\n", fd >= 0 ? "ok" : "failed");
  if (fd < 0) return 1;
  printf("read: %zd %.3s\\n", read(fd, head, 4), head + 1);
  fstat(fd, &a);
  stat(argv[0], &b);
  printf("same file: %s\\n", a.st_size == b.st_size && a.st_ino == b.st_ino ? "yes" : "no");
  return 0;
}
`;

describe.skipIf(problem !== null)('/proc/self/exe', () => {
  it('opens as the program\'s own file, as natively', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trapdoor-pse-'));
    writeFileSync(join(dir, 'pse.c'), SOURCE);
    const exe = join(dir, 'pse');
    expect(spawnSync('gcc', ['-static', '-O1', join(dir, 'pse.c'), '-o', exe]).status).toBe(0);
    const native = spawnSync(exe, { encoding: 'utf8' });
    expect(native.stdout).toBe('open: ok\nread: 4 ELF\nsame file: yes\n');
    const r = await runCaptured(exe);
    expect(r.stdout).toBe(native.stdout);
    expect(r.exitCode).toBe(0);
  });
});
