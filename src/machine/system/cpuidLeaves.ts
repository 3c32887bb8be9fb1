// CPUID leaves of a profile's CPU, built from its model data and its feature list: CPUID announces
// exactly the features the profile lists, and the decoder refuses instructions of the others.
// Bit positions: SDM Vol.2A CPUID tables, AMD APM Vol.3 appendix E, Linux's cpufeatures.h.
import type { CacheLevel, CostProfile, Feature } from '../types.js';

/** Where a feature's bit lives: leaf (and subleaf 0), register, bit. */
type Reg = 'eax' | 'ebx' | 'ecx' | 'edx';
const BITS: Record<Feature, [number, Reg, number]> = {
  fpu: [1, 'edx', 0], vme: [1, 'edx', 1], de: [1, 'edx', 2], pse: [1, 'edx', 3], tsc: [1, 'edx', 4], msr: [1, 'edx', 5],
  pae: [1, 'edx', 6], cx8: [1, 'edx', 8], apic: [1, 'edx', 9], sep: [1, 'edx', 11], pge: [1, 'edx', 13],
  cmov: [1, 'edx', 15], pat: [1, 'edx', 16], clflush: [1, 'edx', 19], mmx: [1, 'edx', 23], fxsr: [1, 'edx', 24],
  sse: [1, 'edx', 25], sse2: [1, 'edx', 26],
  pni: [1, 'ecx', 0], ssse3: [1, 'ecx', 9], cx16: [1, 'ecx', 13], sse4_1: [1, 'ecx', 19], sse4_2: [1, 'ecx', 20],
  x2apic: [1, 'ecx', 21], movbe: [1, 'ecx', 22], popcnt: [1, 'ecx', 23], xsave: [1, 'ecx', 26], rdrand: [1, 'ecx', 30],
  hypervisor: [1, 'ecx', 31], pclmulqdq: [1, 'ecx', 1], aes: [1, 'ecx', 25],
  fsgsbase: [7, 'ebx', 0], bmi1: [7, 'ebx', 3], erms: [7, 'ebx', 9], rdseed: [7, 'ebx', 18], clflushopt: [7, 'ebx', 23], clwb: [7, 'ebx', 24],
  umip: [7, 'ecx', 2], rdpid: [7, 'ecx', 22], sha_ni: [7, 'ebx', 29], gfni: [7, 'ecx', 8],
  syscall: [0x80000001, 'edx', 11], nx: [0x80000001, 'edx', 20], mmxext: [0x80000001, 'edx', 22],
  rdtscp: [0x80000001, 'edx', 27], lm: [0x80000001, 'edx', 29],
  lahf_lm: [0x80000001, 'ecx', 0], abm: [0x80000001, 'ecx', 5], sse4a: [0x80000001, 'ecx', 6], misalignsse: [0x80000001, 'ecx', 7],
  '3dnowprefetch': [0x80000001, 'ecx', 8],
};

/** CR4.OSXSAVE: CPUID.1:ECX.OSXSAVE (bit 27) reflects it. */
const CR4_OSXSAVE = 1 << 18;
/** XSAVE state components: x87 and SSE only (AVX and later are not emulated). */
export const XCR0_SUPPORTED = 0x3;
/** The XSAVE area for x87|SSE: the 512-byte legacy area and the 64-byte header. */
export const XSAVE_AREA_SIZE = 576;

const vendorString = (p: CostProfile): string => (p.vendor === 'amd' ? 'AuthenticAMD' : 'GenuineIntel');

function word(s: string, at: number): number {
  return (s.charCodeAt(at) | (s.charCodeAt(at + 1) << 8) | (s.charCodeAt(at + 2) << 16) | (s.charCodeAt(at + 3) << 24)) >>> 0;
}

function featureBits(features: ReadonlySet<Feature>, leaf: number, reg: Reg): number {
  let v = 0;
  for (const f of features) {
    const b = BITS[f];
    if (b[0] === leaf && b[1] === reg) v |= 1 << b[2];
  }
  return v >>> 0;
}

/** Leaf 4 / 0x8000001D layout of one cache level (the same in both vendors' documentation). */
function cacheLeaf(c: CacheLevel): [number, number, number, number] {
  const sets = (c.sizeKiB * 1024) / (c.ways * c.line);
  const eax = c.type | (c.level << 5) | (1 << 8) | ((c.sharedBy - 1) << 14);
  const ebx = (c.line - 1) | (0 << 12) | ((c.ways - 1) << 22);
  return [eax >>> 0, ebx >>> 0, (sets - 1) >>> 0, 0];
}

/** EAX, EBX, ECX, EDX of CPUID(leaf, subleaf) on the profile's CPU; `cr4` supplies OSXSAVE. */
export function cpuidLeaf(p: CostProfile, features: ReadonlySet<Feature>, leaf: number, subleaf: number, cr4: number): [number, number, number, number] {
  const amd = p.vendor === 'amd';
  const model = p.cpu;
  leaf >>>= 0;
  const v = vendorString(p);
  const maxBasic = 0xd;
  const maxExt = amd ? 0x8000001d : 0x80000008;
  const bits = (r: Reg): number => featureBits(features, leaf, r);
  // Intel answers a leaf above its maximum with the highest basic leaf's data; AMD with zeros.
  const outOfRange = (): [number, number, number, number] => (amd ? [0, 0, 0, 0] : cpuidLeaf(p, features, maxBasic, subleaf, cr4));
  switch (leaf) {
    case 0: return [maxBasic, word(v, 0), word(v, 8), word(v, 4)];
    case 1: {
      // EBX: CLFLUSH line size 8 x 8 bytes, one logical processor, APIC ID 0.
      const ebx = (8 << 8) | (1 << 16);
      let ecx = bits('ecx');
      if (features.has('xsave') && (cr4 & CR4_OSXSAVE)) ecx |= 1 << 27;
      return [model.signature, ebx, ecx >>> 0, bits('edx')];
    }
    case 2: return amd ? [0, 0, 0, 0] : [0x00feff01, 0, 0, 0]; // Intel: "use leaf 4" descriptor (0xff)
    case 4: {
      if (amd) return [0, 0, 0, 0];
      const c = model.caches[subleaf];
      return c ? cacheLeaf(c) : [0, 0, 0, 0];
    }
    case 6: return [1 << 2, 0, 0, 0]; // ARAT: the APIC timer runs in deep C-states
    case 7:
      if (subleaf !== 0) return [0, 0, 0, 0];
      return [0, featureBits(features, 7, 'ebx'), featureBits(features, 7, 'ecx'), featureBits(features, 7, 'edx')];
    case 0xd: {
      if (!features.has('xsave')) return [0, 0, 0, 0];
      if (subleaf === 0) return [XCR0_SUPPORTED, XSAVE_AREA_SIZE, XSAVE_AREA_SIZE, 0];
      return [0, 0, 0, 0]; // subleaf 1: no XSAVEOPT/XSAVEC/XGETBV1/XSAVES; no further components
    }
    case 0x40000000:
      if (!features.has('hypervisor')) return outOfRange();
      return [0x40000001, word('KVMKVMKVM\0\0\0', 0), word('KVMKVMKVM\0\0\0', 4), word('KVMKVMKVM\0\0\0', 8)];
    case 0x40000001:
      if (!features.has('hypervisor')) return outOfRange();
      return [0, 0, 0, 0]; // no paravirtual features (no kvmclock)
    case 0x80000000: return [maxExt, amd ? word(v, 0) : 0, amd ? word(v, 8) : 0, amd ? word(v, 4) : 0];
    case 0x80000001: return [amd ? model.signature : 0, 0, featureBits(features, leaf, 'ecx'), featureBits(features, leaf, 'edx')];
    case 0x80000002: case 0x80000003: case 0x80000004: {
      const s = model.brand.padEnd(48, '\0').slice(0, 48);
      const o = (leaf - 0x80000002) * 16;
      return [word(s, o), word(s, o + 4), word(s, o + 8), word(s, o + 12)];
    }
    case 0x80000005: {
      if (!amd) return [0, 0, 0, 0];
      const d = model.caches.find((c) => c.level === 1 && c.type === 1), i = model.caches.find((c) => c.level === 1 && c.type === 2);
      const l1 = (c: CacheLevel | undefined): number => (c ? ((c.sizeKiB << 24) | (c.ways << 16) | (1 << 8) | c.line) >>> 0 : 0);
      return [0, 0, l1(d), l1(i)];
    }
    case 0x80000006: {
      const l2 = model.caches.find((c) => c.level === 2), l3 = model.caches.find((c) => c.level === 3);
      // Associativity codes as the APM's table: 0x6 8-way, 0x8 16-way (both vendors use the ECX layout).
      const assoc = (w: number): number => (w >= 16 ? 0x8 : w >= 8 ? 0x6 : 0x4);
      const ecx = l2 ? ((l2.sizeKiB << 16) | (assoc(l2.ways) << 12) | l2.line) >>> 0 : 0;
      const edx = amd && l3 ? (((l3.sizeKiB / 512) << 18) | (assoc(l3.ways) << 12) | l3.line) >>> 0 : 0;
      return [0, 0, ecx, edx];
    }
    case 0x80000007: return [0, 0, 0, 1 << 8]; // invariant TSC
    case 0x80000008: return [(model.virtAddrBits << 8) | model.physAddrBits, 0, 0, 0];
    case 0x8000001d: {
      if (!amd) return [0, 0, 0, 0];
      const c = model.caches[subleaf];
      return c ? cacheLeaf(c) : [0, 0, 0, 0];
    }
    default:
      return leaf > maxExt || (leaf > maxBasic && leaf < 0x80000000) ? outOfRange() : [0, 0, 0, 0];
  }
}

/** The features a CPUID image announces (for tests: the inverse of cpuidLeaf). */
export function announcedFeatures(leafOf: (leaf: number) => [number, number, number, number]): Set<Feature> {
  const out = new Set<Feature>();
  const regIndex: Record<Reg, number> = { eax: 0, ebx: 1, ecx: 2, edx: 3 };
  for (const [f, [leaf, reg, bit]] of Object.entries(BITS) as [Feature, [number, Reg, number]][]) {
    if ((leafOf(leaf)[regIndex[reg]]! >>> bit) & 1) out.add(f);
  }
  return out;
}
