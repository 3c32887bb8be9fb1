// Issue 12 item 9: the build warms every cache a launch reads, so the first launch after install
// does no assembling and no unwind-table derivation: after warmCaches, booting any bundled
// program under any profile and kernel adds nothing to the cache directory.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { warmBoots, warmCaches } from '../../src/cli/warmCaches.js';
import { Session } from '../../src/debugger/Session.js';

describe('warmCaches (run by the build)', () => {
  const saved = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-warm-'));
  afterAll(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills an empty cache; later boots (every program, profile and kernel) find everything there', async () => {
    process.env.TMPDIR = dir; // os.tmpdir() reads it at each call: the caches go to an empty directory
    const cacheDir = (): string[] => readdirSync(dir).flatMap((d) => readdirSync(join(dir, d)));
    expect(readdirSync(dir)).toEqual([]);
    const r = await warmCaches('programs');
    expect(r.failed).toBe(0);
    const warmed = cacheDir();
    expect(warmed.filter((f) => f.startsWith('program-')).length).toBe(readdirSync('programs').filter((f) => f.endsWith('.S')).length);
    expect(warmed.filter((f) => f.startsWith('ehframe-')).length).toBeGreaterThanOrEqual(3); // vdso64, vdso32 SYSENTER and SYSCALL flavours
    expect(warmed.filter((f) => /^[0-9a-f]{32}\.json$/.test(f)).length).toBeGreaterThanOrEqual(2); // both kernels' images
    for (const options of [...warmBoots('programs'), { program: 'programs/compare-methods32.S', kernel: 'x86_64' as const, profile: 'zen4-kvm' }]) {
      const s = await Session.create(options);
      s.dispose();
    }
    expect(cacheDir().sort()).toEqual([...warmed].sort());
  }, 120_000);
});
