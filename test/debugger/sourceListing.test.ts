// The source-only view's window of a file: line numbers, breakpoints by line, a missing file.
import { describe, expect, it } from 'vitest';
import { buildSourceListing } from '../../src/debugger/sourceListing.js';

const text = { lines: Array.from({ length: 400 }, (_, i) => `line ${i + 1}`) };

describe('buildSourceListing', () => {
  it('a window around the current line, numbered from 1, cut at the file ends', () => {
    const l = buildSourceListing('/a.c', text, 10, [], 5);
    expect(l.lines.map((x) => x.line)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(l.lines[5]).toMatchObject({ line: 10, text: 'line 10', breakpoint: null, breakpoints: [] });
    expect(buildSourceListing('/a.c', text, 2, [], 5).lines[0]!.line).toBe(1);
    expect(buildSourceListing('/a.c', text, 398, [], 5).lines.at(-1)!.line).toBe(400);
  });

  it('breakpoints by line and file: enabled wins over disabled; another file is not this one', () => {
    const l = buildSourceListing('/a.c', text, 10, [
      { number: 1, enabled: false, file: '/a.c', line: 9 },
      { number: 2, enabled: true, file: '/a.c', line: 9 },
      { number: 3, enabled: false, file: '/a.c', line: 11 },
      { number: 4, enabled: true, file: '/b.c', line: 12 },
    ], 3);
    const at = (n: number) => l.lines.find((x) => x.line === n)!;
    expect(at(9)).toMatchObject({ breakpoint: 'enabled', breakpoints: [1, 2] });
    expect(at(11)).toMatchObject({ breakpoint: 'disabled', breakpoints: [3] });
    expect(at(12)).toMatchObject({ breakpoint: null, breakpoints: [] });
  });

  it('a missing file: no lines and the reason', () => {
    const l = buildSourceListing('/gone.c', { missing: 'source not available: /gone.c (no such file)' }, 3, []);
    expect(l).toEqual({ file: '/gone.c', current: 3, lines: [], missing: 'source not available: /gone.c (no such file)' });
  });
});
