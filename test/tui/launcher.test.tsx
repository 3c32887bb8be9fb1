import { tick } from './setup.js';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { describeSource, listPrograms } from '../../src/debugger/programCatalog.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from '../../src/machine/index.js';
import type { LaunchChoice } from '../../src/tui/Launcher.js';
import { TrapdoorApp } from '../../src/tui/TrapdoorApp.js';
import { FakeTarget, userView64 } from './fixtures.js';

// ink-select-input re-subscribes its key handler in an effect after each render: let it settle.
// (j moves down as the arrow does; repeated arrow escape sequences get lost in the test stdin.)
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 100));

describe('program catalog', () => {
  it('takes the first comment line as the description', () => {
    expect(describeSource('# Hello world in 64-bit code.\n#\n# more\n.code64\n')).toBe('Hello world in 64-bit code.');
    expect(describeSource('\n  // C++ style\n')).toBe('C++ style');
    expect(describeSource('/* block */\nnop\n')).toBe('block');
    expect(describeSource('nop\n')).toBe('');
  });
  it('lists programs/*.S with descriptions', () => {
    const list = listPrograms('programs');
    const hello = list.find((p) => p.name === 'hello-syscall.S');
    expect(hello?.description).toMatch(/^Hello world in 64-bit code/);
    const asm = list.filter((p) => /\.[sS]$/.test(p.name)), c = list.filter((p) => p.name.endsWith(' (C)'));
    expect(asm.length + c.length).toBe(list.length);
    expect(list.slice(0, asm.length)).toEqual(asm); // assembly first, then the C programs
    expect(c.map((p) => p.name)).toContain('hello-static (C)');
    expect(listPrograms('no/such/dir')).toEqual([]);
  });
  it('lists the C programs with how they were built, or says how to build them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trapdoor-catalog-'));
    mkdirSync(join(dir, 'c')); mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'c', 'hi.c'), '/* Says hi. */\nint main(void) { return 0; }\n');
    writeFileSync(join(dir, 'c', 'builds.json'), JSON.stringify({ builds: [
      { source: 'hi.c', output: 'hi', flags: ['-g'], kind: 'dynamic' }, { source: 'hi.c', output: 'hi32', flags: ['-m32'], kind: 'static' }] }));
    writeFileSync(join(dir, 'bin', 'hi'), '');
    expect(listPrograms(dir)).toEqual([
      { path: join(dir, 'bin', 'hi'), name: 'hi (C)', description: 'Says hi. [gcc -g]' },
      { path: join(dir, 'bin', 'hi32'), name: 'hi32 (C)', description: 'not built (needs gcc + gcc-multilib): npm run build:c' },
    ]);
  });
});

describe('launcher', () => {
  it('picks a program, a profile and a kernel, then opens the debugger', async () => {
    const chosen: LaunchChoice[] = [];
    const programs = listPrograms('programs');
    const tree = (
      <TrapdoorApp
        size={{ columns: 100, rows: 30 }}
        launcher={{
          programs,
          profiles: Object.values(PROFILES).map((p) => ({ name: p.name, description: p.description })),
          createTarget: async (c) => {
            chosen.push(c);
            return new FakeTarget(userView64());
          },
        }}
      />
    );
    const r = render(tree);
    // Under the test renderer React flushes a remounted list's input effects only at the next
    // render; re-render after each choice (a real terminal needs no help: see the tmux test).
    const next = async (): Promise<void> => {
      await settle();
      r.rerender(tree);
      await settle();
    };
    await tick();
    let f = r.lastFrame()!;
    expect(f).toContain('Pick a program');
    expect(f).toContain('hello-syscall.S');
    expect(f).toMatch(/hello-syscall\.S +Hello world in 64-bit code/);
    expect(f).toContain('Simplified: one host page map per CR3');
    const index = programs.findIndex((p) => p.name === 'hello-int80.S');
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(9);
    // A digit picks the N-th visible item (ink-select-input); arrows move the highlight (tested by hand:
    // repeated key events right after a re-render get dropped by the test stdin).
    r.stdin.write(String(index + 1));
    await next();
    f = r.lastFrame()!;
    expect(f).toContain('Pick a cost profile');
    expect(f).toContain('zen4-kvm');
    expect(f).toContain('program hello-int80.S');
    r.stdin.write('2'); // the second profile
    await next();
    expect(r.lastFrame()).toContain('Pick a kernel');
    r.stdin.write('2'); // i386
    await next();
    expect(chosen).toEqual([{ program: programs[index]!.path, profile: Object.values(PROFILES)[1]!.name, kernel: 'i386' }]);
    expect(r.lastFrame()).toContain('─ Registers');
    r.unmount();
  });

  it('shows a load failure and goes back to the list', async () => {
    const r = render(
      <TrapdoorApp
        size={{ columns: 100, rows: 30 }}
        launcher={{
          programs: [{ path: 'programs/bad.S', name: 'bad.S', description: 'broken' }],
          profiles: [{ name: 'textbook', description: 'x' }],
          createTarget: async () => {
            throw new Error('programs/bad.S:3:1: error: unknown instruction');
          },
        }}
      />,
    );
    await tick();
    for (let i = 0; i < 3; i++) {
      r.stdin.write('\r');
      await tick();
      await tick();
    }
    expect(r.lastFrame()).toContain('trapdoor: error: programs/bad.S:3:1: error: unknown instruction');
    r.stdin.write(' ');
    await tick();
    expect(r.lastFrame()).toContain('Pick a program');
    r.unmount();
  });
});
