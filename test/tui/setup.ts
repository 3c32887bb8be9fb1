import { afterEach, expect } from 'vitest';

// Ink draws only the final frame when CI is set: unset it so TUI tests see every frame in CI too.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
export const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

// React's key warning is a defect in a pane, not noise: a TUI test that causes one fails.
const keyWarnings: string[] = [];
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && args[0].includes('unique "key" prop')) keyWarnings.push(args.map(String).join(' ').split('\n')[0]!);
  consoleError(...args);
};
afterEach(() => {
  const seen = keyWarnings.splice(0);
  expect(seen, 'React key warnings').toEqual([]);
});
