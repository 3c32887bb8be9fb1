import type { CostProfile } from '../types.js';
import { textbook } from './textbook.js';
import { zen4kvm } from './zen4kvm.js';
import { amd19h11hKvm } from './amd19h11hKvm.js';

/** The shipped cycle-model profiles by name. */
export const PROFILES: Record<string, CostProfile> = { textbook, 'zen4-kvm': zen4kvm, 'amd-19h-11h-kvm': amd19h11hKvm };

const SHIPPED = new Set(Object.keys(PROFILES));

/** The profile a run uses when none is named. */
export const DEFAULT_PROFILE = 'textbook';

/** The one-line message for a profile name that is not shipped (`extra` lists further accepted words). */
export function unknownProfileMessage(name: string, extra: readonly string[] = []): string {
  return `unknown profile '${name}' (known: ${[...Object.keys(PROFILES), ...extra].join(', ')})`;
}

/** Profile by name; throws an Error with a one-line message for an unknown name. */
export function getProfile(name: string): CostProfile {
  const p = PROFILES[name];
  if (!p) throw new Error(unknownProfileMessage(name));
  return p;
}

/**
 * Add a profile read from a file under its own name, so that everything that takes a profile name
 * (the kernel, bench, the debugger's `profile NAME`) takes it too. A shipped name cannot be reused.
 */
export function registerProfile(p: CostProfile): void {
  if (SHIPPED.has(p.name)) throw new Error(`profile '${p.name}' is a shipped profile's name: a profile file must use another`);
  PROFILES[p.name] = p;
}
