// A profile as a JSON file (what `trapdoor calibrate` writes and `--profile FILE` reads): the
// CostProfile's fields, checked one by one so a bad file gets one line that names the bad field.
import type { CacheLevel, CostClass, CostProfile, Feature } from '../types.js';
import { textbook } from './textbook.js';
import { zen4kvm } from './zen4kvm.js';

/** A profile file that is not valid JSON or not a valid profile; the message is one line. */
export class ProfileFileError extends Error {}

/** The cost classes a profile must price (every class of the model). */
export const COST_CLASSES = Object.keys(textbook.costs) as CostClass[];

/** The CPU features a profile may list: those of the shipped profiles (what the CPU emulates). */
export const KNOWN_FEATURES: ReadonlySet<string> = new Set<string>([...textbook.features, ...zen4kvm.features]);

/** Top-level keys besides the CostProfile's: the calibration report and a free comment. */
const EXTRA_KEYS = new Set(['calibration', 'comment']);
const PROFILE_KEYS = new Set(['name', 'description', 'vendor', 'tscMHz', 'virtualised', 'pti', 'kernelFor32', 'cpu', 'features',
  'costs', 'nativeCosts', 'nativeDefault', 'reference', 'kernelVersion', 'mitigations']);
/** The mitigation names a profile may list (src/kernel/kernelConfig.ts models each). */
const MITIGATION_NAMES = ['pti', 'ibrs', 'retpoline', 'untrain_ret', 'clear_bhb', 'verw'] as const;

type Json = unknown;

function fail(what: string): never {
  throw new ProfileFileError(what);
}

function obj(v: Json, at: string): Record<string, Json> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${at} must be an object`);
  return v as Record<string, Json>;
}

function str(v: Json, at: string, pattern?: RegExp): string {
  if (typeof v !== 'string' || (pattern && !pattern.test(v))) fail(`${at} must be a string${pattern ? ` matching ${pattern}` : ''}`);
  return v;
}

function count(v: Json, at: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(`${at} must be a non-negative integer (cycles are whole)`);
  return v;
}

function positive(v: Json, at: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(`${at} must be a positive number`);
  return v;
}

function bool(v: Json, at: string): boolean {
  if (typeof v !== 'boolean') fail(`${at} must be true or false`);
  return v;
}

function oneOf<T extends string>(v: Json, at: string, options: readonly T[]): T {
  if (!options.includes(v as T)) fail(`${at} must be ${options.map((o) => `"${o}"`).join(' or ')}`);
  return v as T;
}

function counts(v: Json, at: string): Record<string, number> {
  const o = obj(v, at);
  return Object.fromEntries(Object.entries(o).map(([k, c]) => [k, count(c, `${at}.${k}`)]));
}

function cache(v: Json, at: string): CacheLevel {
  const c = obj(v, at);
  const type = c.type;
  if (type !== 1 && type !== 2 && type !== 3) fail(`${at}.type must be 1 (data), 2 (instruction) or 3 (unified)`);
  return {
    level: count(c.level, `${at}.level`), type,
    sizeKiB: count(c.sizeKiB, `${at}.sizeKiB`), ways: count(c.ways, `${at}.ways`), line: count(c.line, `${at}.line`), sharedBy: count(c.sharedBy, `${at}.sharedBy`),
  };
}

/** The profile in `text` (JSON); throws ProfileFileError naming the first bad field. */
export function parseProfileJson(text: string): CostProfile {
  let raw: Json;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail(`not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const o = obj(raw, 'the profile');
  for (const k of Object.keys(o)) if (!PROFILE_KEYS.has(k) && !EXTRA_KEYS.has(k)) fail(`unknown field '${k}'`);
  const cpu = obj(o.cpu, 'cpu');
  const costs = counts(o.costs, 'costs');
  for (const c of COST_CLASSES) if (costs[c] === undefined) fail(`costs.${c} is missing (a profile prices every cost class)`);
  for (const c of Object.keys(costs)) if (!(COST_CLASSES as string[]).includes(c)) fail(`costs.${c} is not a cost class`);
  if (!Array.isArray(o.features)) fail('features must be an array of CPU feature names');
  const features = (o.features as Json[]).map((f, i) => {
    if (typeof f !== 'string' || !KNOWN_FEATURES.has(f)) fail(`features[${i}] ${JSON.stringify(f)} is not a feature the CPU emulates`);
    return f as Feature;
  });
  if (!Array.isArray(cpu.caches)) fail('cpu.caches must be an array');
  const reference = o.reference === undefined ? undefined : Object.fromEntries(
    Object.entries(obj(o.reference, 'reference')).map(([k, v]) => [k, typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(`reference.${k} must be a non-negative number`)]));
  return {
    name: str(o.name, 'name', /^[a-z0-9][a-z0-9._-]{0,63}$/),
    description: str(o.description, 'description'),
    vendor: oneOf(o.vendor, 'vendor', ['intel', 'amd'] as const),
    tscMHz: positive(o.tscMHz, 'tscMHz'),
    virtualised: bool(o.virtualised, 'virtualised'),
    pti: bool(o.pti, 'pti'),
    kernelFor32: oneOf(o.kernelFor32, 'kernelFor32', ['i386', 'x86_64'] as const),
    cpu: {
      signature: count(cpu.signature, 'cpu.signature'), brand: str(cpu.brand, 'cpu.brand', /^[\x20-\x7e]{0,47}$/),
      physAddrBits: count(cpu.physAddrBits, 'cpu.physAddrBits'), virtAddrBits: count(cpu.virtAddrBits, 'cpu.virtAddrBits'),
      caches: (cpu.caches as Json[]).map((c, i) => cache(c, `cpu.caches[${i}]`)),
    },
    features,
    costs: costs as Record<CostClass, number>,
    nativeCosts: counts(o.nativeCosts, 'nativeCosts'),
    nativeDefault: count(o.nativeDefault, 'nativeDefault'),
    ...(reference ? { reference } : {}),
    ...(o.kernelVersion === undefined ? {} : { kernelVersion: str(o.kernelVersion, 'kernelVersion', /^\d+\.\d+$/) }),
    ...(o.mitigations === undefined ? {} : {
      mitigations: Array.isArray(o.mitigations)
        ? (o.mitigations as Json[]).map((m, i) => oneOf(m, `mitigations[${i}]`, MITIGATION_NAMES))
        : fail('mitigations must be an array of mitigation names'),
    }),
  };
}

/** `p` as a profile file's text (with `calibration`, the report that produced it, when given). */
export function profileJson(p: CostProfile, calibration?: unknown): string {
  return JSON.stringify(calibration === undefined ? p : { ...p, calibration }, null, 2) + '\n';
}
