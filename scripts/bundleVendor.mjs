// Bundle the screen's libraries (Ink, React, ink-select-input) into dist/vendor/ and point the
// compiled TUI at them. Loaded from node_modules, Ink's ~600 ES modules (336 of them es-toolkit's
// lodash-compat index, for one `throttle`) took ~400 ms of every launch; the bundle loads in ~90.
// Tests run src/ against node_modules as before; only dist/ (the CLI, the benches) uses the bundle.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const OUT = 'dist/vendor';
const ENTRIES = 'dist/vendor-entries';

// React is CommonJS: its names are listed here so the entry can re-export them as ES exports.
const reactNames = Object.keys(require('react')).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
const entries = {
  react: `import React from 'react';\nexport default React;\nexport const { ${reactNames.join(', ')} } = React;\n`,
  ink: `export * from 'ink';\n`,
  'ink-select-input': `export { default } from 'ink-select-input';\nexport * from 'ink-select-input';\n`,
  // bench/tui.bench.mjs renders the compiled TUI as ink-testing-library does, with this same Ink.
  testing: `export { render } from 'ink-testing-library';\n`,
};
rmSync(OUT, { recursive: true, force: true });
mkdirSync(ENTRIES, { recursive: true });
for (const [name, text] of Object.entries(entries)) writeFileSync(join(ENTRIES, `${name}.js`), text);

await build({
  entryPoints: Object.keys(entries).map((name) => ({ in: join(ENTRIES, `${name}.js`), out: name })),
  outdir: OUT,
  bundle: true,
  splitting: true, // one React and one Ink, shared by the entries
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The CLI always ran React's production build (src/tui/runTui.ts).
  define: { 'process.env.NODE_ENV': '"production"' },
  // Ink imports its devtools bridge only when DEV is set; the bundle leaves it out.
  alias: { 'react-devtools-core': './scripts/vendorNoDevtools.mjs' },
  // Bundled CommonJS calls require() for Node's own modules.
  banner: { js: "import { createRequire as __vendorRequire } from 'node:module'; const require = __vendorRequire(import.meta.url);" },
  logLevel: 'warning',
});
rmSync(ENTRIES, { recursive: true, force: true });

// The compiled TUI imports the bundle instead of the packages.
const SPECIFIER = /(from\s+|import\()'(react|ink|ink-select-input)'/g;
for (const file of readdirSync('dist/tui')) {
  if (!file.endsWith('.js')) continue;
  const path = join('dist/tui', file);
  const text = readFileSync(path, 'utf8');
  const out = text.replace(SPECIFIER, (_, head, pkg) => `${head}'../vendor/${pkg}.js'`);
  if (out !== text) writeFileSync(path, out);
}
