// The built TUI loads Ink, React and ink-select-input from one bundle (scripts/bundleVendor.mjs):
// launch time. The compiled panes must import the bundle, and the bundle must hold one React that
// Ink renders with (two copies would break every hook).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import './setup.js';

const dist = (p: string): string => pathToFileURL(resolve('dist', p)).href;

describe('dist/vendor: the screen libraries as one bundle', () => {
  beforeAll(() => {
    if (!existsSync('dist/vendor/ink.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  });

  it('the compiled TUI imports the bundle, not the packages', () => {
    const bare = /(from\s+|import\()'(react|ink|ink-select-input)'/;
    const files = readdirSync('dist/tui').filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect([f, bare.exec(readFileSync(join('dist/tui', f), 'utf8'))?.[0] ?? null]).toEqual([f, null]);
    expect(readFileSync('dist/tui/DebuggerApp.js', 'utf8')).toContain("from '../vendor/ink.js'");
  });

  it('has one React, which its Ink renders hooks with', async () => {
    const react = (await import(dist('vendor/react.js'))) as typeof import('react') & { default: typeof import('react') };
    const { render } = (await import(dist('vendor/testing.js'))) as typeof import('ink-testing-library');
    const { Text } = (await import(dist('vendor/ink.js'))) as typeof import('ink');
    expect(react.useState).toBe(react.default.useState);
    // biome-ignore lint/correctness/noComponentHookFactories: the component must use this bundle's React, imported in the test
    function Counter(): React.JSX.Element {
      const [n, setN] = react.useState(1);
      react.useEffect(() => setN(2), []);
      return react.default.createElement(Text, null, `count ${n}`);
    }
    const r = render(react.default.createElement(Counter));
    await new Promise((res) => setTimeout(res, 20));
    expect(r.lastFrame()).toBe('count 2');
    r.unmount();
  });
});
