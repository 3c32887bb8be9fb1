// Warm the per-user caches at build time (issue 12 item 9: the first launch after install shows
// its first frame as fast as any later one): boot the debugger once on every bundled program, and
// on one program of each width under every profile and kernel, so the assembled kernel images, the
// vDSO's unwind tables and the programs' images are in the cache before a user waits for them.
// scripts/postbuild.mjs runs it from dist/ (the caches are keyed by the built files).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session, type SessionOptions } from '../debugger/Session.js';
import { PROFILES } from '../machine/index.js';

/** The boots that fill every cache a launch reads: each bundled .S program, each profile x kernel. */
export function warmBoots(programsDir: string): SessionOptions[] {
  const boots: SessionOptions[] = readdirSync(programsDir).filter((n) => n.endsWith('.S')).sort().map((f) => ({ program: join(programsDir, f) }));
  for (const profile of Object.keys(PROFILES)) {
    boots.push({ program: join(programsDir, 'hello-syscall.S'), profile });
    for (const kernel of ['i386', 'x86_64'] as const) boots.push({ program: join(programsDir, 'hello-int80.S'), profile, kernel });
  }
  return boots;
}

/** Boot each; a boot that fails is named (a cold cache is only slower) and counted. */
export async function warmCaches(programsDir = 'programs', log: (line: string) => void = () => {}): Promise<{ boots: number; failed: number }> {
  const boots = warmBoots(programsDir);
  let failed = 0;
  for (const options of boots) {
    try {
      const s = await Session.create(options);
      s.view();
      s.dispose();
    } catch (e) {
      failed++;
      log(`warm caches: ${options.program} (${options.profile ?? 'default profile'}, ${options.kernel ?? 'default'} kernel): ${(e as Error).message}`);
    }
  }
  return { boots: boots.length, failed };
}
