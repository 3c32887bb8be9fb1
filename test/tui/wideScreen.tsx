// For a test file that renders wider than ink-testing-library's 100 columns: widens its stdout
// (this file only) and unmounts what the file mounted after each test.
import React from 'react';
import { afterEach, beforeAll } from 'vitest';
import { render } from 'ink-testing-library';
import { Text } from 'ink';

export function wideScreen(columns: number): { unmount(): void }[] {
  beforeAll(() => {
    const probe = render(<Text>probe</Text>);
    Object.defineProperty(Object.getPrototypeOf(probe.stdout), 'columns', { get: () => columns, configurable: true });
    probe.unmount();
  });
  const mounted: { unmount(): void }[] = [];
  afterEach(() => {
    for (const m of mounted.splice(0)) m.unmount();
  });
  return mounted;
}
