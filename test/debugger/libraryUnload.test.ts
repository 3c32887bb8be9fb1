// A library that dlclose unmaps takes its symbols with it (issue 11 §3): `info sharedlibrary` no
// longer lists it, a breakpoint on one of its functions is pending again, and its name is no longer
// known; gdb's behaviour after a solib is unloaded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/debugger/Session.js';

const haveGcc = process.platform === 'linux' && process.arch === 'x64' && spawnSync('gcc', ['--version']).status === 0;
if (!haveGcc) console.warn('test/debugger/libraryUnload: SKIPPED: no gcc on an x86-64 Linux host to build a dynamic program');

function build(): { exe: string; lib: string } {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-dlclose-'));
  writeFileSync(join(dir, 'marker.c'), 'int trapdoor_marker(void) { return 42; }\n');
  writeFileSync(join(dir, 'main.c'), [
    '#include <dlfcn.h>', '#include <stdio.h>', '#include <unistd.h>',
    'int main(int argc, char **argv) {',
    '  void *h = dlopen(argv[1], RTLD_NOW);',
    '  if (!h) { puts(dlerror()); return 1; }',
    '  int (*f)(void) = (int (*)(void))dlsym(h, "trapdoor_marker");',
    '  printf("%d\\n", f());',
    '  fflush(stdout);',
    '  if (dlclose(h) != 0) return 2;',
    '  write(1, "closed\\n", 7);',
    '  return 0;',
    '}', ''].join('\n'));
  const lib = join(dir, 'libmarker.so');
  const exe = join(dir, 'main');
  for (const args of [['-shared', '-fPIC', join(dir, 'marker.c'), '-o', lib], [join(dir, 'main.c'), '-o', exe, '-ldl']]) {
    const r = spawnSync('gcc', ['-O1', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  return { exe, lib };
}

describe.skipIf(!haveGcc)('a shared library unmapped by dlclose', () => {
  it('leaves info sharedlibrary, its breakpoint goes pending, its symbols are gone', async () => {
    const { exe, lib } = build();
    expect(spawnSync(exe, [lib], { encoding: 'utf8' }).stdout).toBe('42\nclosed\n');
    const s = await Session.create({ program: exe, args: [lib], env: ['LD_BIND_NOW=1'] });
    const msg = (): string => s.view().status.message ?? '';
    await s.execute('catch load libmarker');
    await s.execute('continue');
    expect(s.view().status.stopReason).toBe(`catchpoint 1: loaded ${lib}`);
    await s.execute('break trapdoor_marker');
    expect(msg()).toMatch(/^Breakpoint 2 at 0x[0-9a-f]+ <trapdoor_marker in libmarker\.so>$/);
    await s.execute('continue');
    expect(s.view().status.stopReason).toBe('breakpoint 2 at trapdoor_marker in libmarker.so');
    await s.execute('catch syscall write');
    await s.execute('continue');
    expect(s.view().status.stopReason).toMatch(/^catchpoint 3: syscall write/); // printf's, before dlclose
    await s.execute('info sharedlibrary');
    expect(msg()).toContain('libmarker.so');
    await s.execute('continue');
    expect(s.view().status.stopReason).toMatch(/^catchpoint 3: syscall write/); // "closed", after it
    // dlclose has unmapped it by now
    expect(s.kernelForTests.mm.vmas.some((v) => v.name === lib)).toBe(false);
    await s.execute('info sharedlibrary');
    expect(msg()).not.toContain('libmarker');
    expect(msg()).toContain('libc.so.6');
    await s.execute('info breakpoints');
    expect(msg()).toMatch(/^2 +breakpoint +y +<PENDING>  trapdoor_marker$/m);
    await s.execute('break trapdoor_marker');
    expect(msg()).toBe('Function "trapdoor_marker" not defined in the objects loaded so far: breakpoint 4 (trapdoor_marker) pending on future shared library load.');
    await s.execute('delete 3');
    await s.execute('continue');
    expect(s.view().status.exited).toBe(true);
    expect(s.view().output).toBe('42\nclosed\n');
  });
});
