// The source-only view's data: a window of the stop's source file, each line with the
// breakpoints whose addresses belong to it (gdb's `layout src`).
import type { SourceText } from './programSource.js';
import type { BreakpointState, SourceListing } from './viewModel.js';

/** A code breakpoint placed on a source line (its address mapped back to file and line). */
export interface LineBreakpoint {
  number: number;
  enabled: boolean;
  file: string;
  line: number;
}

/**
 * Lines `current - radius` .. `current + radius` of `file` (the whole of a short file), each
 * with the numbers of the breakpoints on it; a missing file gives no lines and says why.
 */
export function buildSourceListing(file: string, text: SourceText, current: number, breakpoints: LineBreakpoint[], radius = 150): SourceListing {
  if ('missing' in text) return { file, current, lines: [], missing: text.missing };
  const first = Math.max(1, current - radius), last = Math.min(text.lines.length, current + radius);
  const lines: SourceListing['lines'] = [];
  for (let n = first; n <= last; n++) {
    const here = breakpoints.filter((b) => b.line === n && b.file === file);
    const state: BreakpointState = here.length === 0 ? null : here.some((b) => b.enabled) ? 'enabled' : 'disabled';
    lines.push({ line: n, text: text.lines[n - 1]!, breakpoint: state, breakpoints: here.map((b) => b.number) });
  }
  return { file, current, lines };
}
