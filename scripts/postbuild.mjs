// Copy the non-TypeScript assets of src/ (kernel .S sources, profile .json) next to the compiled
// code, so `new URL('./entry_64.S', import.meta.url)` resolves the same in src/ and dist/.
import { cpSync, chmodSync, existsSync } from 'node:fs';
cpSync('src', 'dist', { recursive: true, filter: (p) => !/\.tsx?$/.test(p) });
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
// The screen's libraries as one bundle (launch time): see bundleVendor.mjs.
await import('./bundleVendor.mjs');
