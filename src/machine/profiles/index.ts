import type { CostProfile } from '../types.js';
import { textbook } from './textbook.js';
import { zen4kvm } from './zen4kvm.js';

/** The shipped cycle-model profiles by name. */
export const PROFILES: Record<string, CostProfile> = { textbook, 'zen4-kvm': zen4kvm };

/** Profile by name; throws MachineError-like Error with a one-line message for an unknown name. */
export function getProfile(name: string): CostProfile {
  const p = PROFILES[name];
  if (!p) throw new Error(`unknown profile '${name}' (known: ${Object.keys(PROFILES).join(', ')})`);
  return p;
}
