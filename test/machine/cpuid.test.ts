// CPUID tells the truth: every shipped profile announces exactly its feature list, with its
// vendor, model and brand, and leaf 0xD sizes the x87+SSE XSAVE area the CPU implements.
import { describe, expect, it } from 'vitest';
import { Machine, PROFILES } from '../../src/machine/index.js';
import { announcedFeatures, XSAVE_AREA_SIZE } from '../../src/machine/system/cpuidLeaves.js';

const text = (...words: number[]): string =>
  words.map((w) => String.fromCharCode(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24)).join('').replace(/\0+$/, '');

describe.each(Object.values(PROFILES))('CPUID of the $name profile', (p) => {
  const m = new Machine(p);
  it('announces exactly the profile features', () => {
    expect([...announcedFeatures((leaf) => m.cpuid(leaf))].sort()).toEqual([...p.features].sort());
  });
  it('names the vendor, the model and the brand', () => {
    const [max, b, c, d] = m.cpuid(0);
    expect(text(b, d, c)).toBe(p.vendor === 'amd' ? 'AuthenticAMD' : 'GenuineIntel');
    expect(max).toBeGreaterThanOrEqual(0xd);
    expect(m.cpuid(1)[0]).toBe(p.cpu.signature);
    expect(m.cpuid(0x80000000)[0]).toBeGreaterThanOrEqual(0x80000008);
    const brand = [2, 3, 4].flatMap((k) => m.cpuid(0x80000000 + k));
    expect(text(...brand)).toBe(p.cpu.brand);
  });
  it('sizes the XSAVE area for x87 and SSE only, and reflects CR4.OSXSAVE in leaf 1', () => {
    expect(m.cpuid(0xd, 0)).toEqual([3, XSAVE_AREA_SIZE, XSAVE_AREA_SIZE, 0]);
    expect(m.cpuid(0xd, 1)[0]).toBe(0);
    expect((m.cpuid(1)[2] >>> 27) & 1).toBe(0);
    m.setCr(4, 1n << 18n);
    expect((m.cpuid(1)[2] >>> 27) & 1).toBe(1);
  });
  it('describes the caches where the vendor documents them', () => {
    const l1d = p.cpu.caches[0]!;
    const [a, b, c] = p.vendor === 'amd' ? m.cpuid(0x8000001d, 0) : m.cpuid(4, 0);
    expect(a & 0x1f).toBe(1);
    expect(((b >>> 22) + 1) * ((b & 0xfff) + 1) * (c + 1)).toBe(l1d.sizeKiB * 1024);
  });
  it('answers a leaf past the maximum as the vendor does', () => {
    const beyond = m.cpuid(0x80001000);
    if (p.vendor === 'amd') expect(beyond).toEqual([0, 0, 0, 0]);
    else expect(beyond).toEqual(m.cpuid(0xd));
  });
});

describe('the hypervisor leaves', () => {
  it('say KVM under zen4-kvm, and are absent on bare metal', () => {
    const kvm = new Machine('zen4-kvm').cpuid(0x40000000);
    expect(text(kvm[1], kvm[2], kvm[3])).toBe('KVMKVMKVM');
    expect((new Machine('textbook').cpuid(1)[2] >>> 31) & 1).toBe(0);
  });
});
