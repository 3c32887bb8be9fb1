// Copy the non-TypeScript assets of src/ (kernel .S sources, profile .json) next to the compiled
// code, so `new URL('./entry_64.S', import.meta.url)` resolves the same in src/ and dist/.
import { cpSync, chmodSync, existsSync } from 'node:fs';
cpSync('src', 'dist', { recursive: true, filter: (p) => !/\.tsx?$/.test(p) });
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
// The screen's libraries as one bundle (launch time): see bundleVendor.mjs.
await import('./bundleVendor.mjs');
// The caches a launch reads (kernel images, the vDSO's unwind tables, the programs), warmed now so
// the first launch after install is as fast as the next (issue 12 item 9): see src/cli/warmCaches.ts.
{
  const { warmCaches } = await import('../dist/cli/warmCaches.js');
  const t0 = performance.now();
  const r = await warmCaches('programs', (l) => console.error(l));
  console.log(`postbuild: ${r.boots - r.failed} of ${r.boots} boots cached in ${Math.round(performance.now() - t0)} ms`);
}
