// The host-side memory API (address spaces per CR3, shared pages, protection, mappings) and profiles.
import { describe, it, expect } from 'vitest';
import { Machine, MachineError, PROFILES, getProfile } from '../../src/machine/index.js';
import { gas, hasGnuAs, longModeMachine, K64, load } from './harness.js';

const RW = { write: true, exec: false, user: true };
const RX = { write: false, exec: true, user: true };

describe('address spaces', () => {
  it('map/mapShared/protect/unmap and mappings() runs', () => {
    const m = new Machine('textbook');
    m.createAddressSpace(0x1000n);
    m.createAddressSpace(0x2000n);
    m.map(0x1000n, 0x400000n, 0x2000, RX, new Uint8Array([1, 2, 3]));
    m.map(0x1000n, 0x402000n, 0x1000, RW);
    m.mapShared(0x2000n, 0x1000n, 0x400000n, 0x1000);
    expect(m.read(0x400000n, 3, 0x2000n)).toEqual(new Uint8Array([1, 2, 3]));
    m.write(0x400001n, new Uint8Array([9]), 0x2000n);
    expect(m.read(0x400000n, 3, 0x1000n)).toEqual(new Uint8Array([1, 9, 3])); // same physical page
    expect(m.mappings(0x1000n)).toEqual([
      { start: 0x400000n, end: 0x402000n, write: false, exec: true, user: true },
      { start: 0x402000n, end: 0x403000n, write: true, exec: false, user: true },
    ]);
    m.protect(0x1000n, 0x401000n, 0x1000, RW);
    expect(m.mappings(0x1000n).length).toBe(2);
    expect(m.mappings(0x1000n)[1]).toEqual({ start: 0x401000n, end: 0x403000n, write: true, exec: false, user: true });
    m.unmap(0x1000n, 0x402000n, 0x1000);
    expect(m.isMapped(0x1000n, 0x402000n)).toBe(false);
    expect(() => m.read(0x402000n, 1, 0x1000n)).toThrow(MachineError);
    expect(m.readU64(0x400000n, 0x1000n) & 0xffffffn).toBe(0x030901n);
  });
  it('reads and writes small and large runs across a page boundary; readU32/readU64 are exact', () => {
    const m = new Machine('textbook');
    m.createAddressSpace(0x1000n);
    m.map(0x1000n, 0x400000n, 0x2000, RW);
    const big = Uint8Array.from({ length: 100 }, (_, i) => i + 1);
    m.write(0x400fd0n, big, 0x1000n); // 48 bytes in the first page, 52 in the next
    expect(m.read(0x400fd0n, 100, 0x1000n)).toEqual(big);
    expect(m.read(0x400ffen, 5, 0x1000n)).toEqual(big.slice(46, 51));
    m.writeU64(0x400ffcn, 0xfedcba9876543210n, 0x1000n);
    expect(m.readU64(0x400ffcn, 0x1000n)).toBe(0xfedcba9876543210n);
    expect(m.readU32(0x400ffcn, 0x1000n)).toBe(0x76543210);
    expect(m.readU32(0x401000n, 0x1000n)).toBe(0xfedcba98);
    m.writeU64(0x400010n, 0x1fffff_ffffffffn, 0x1000n); // 2^53 - 1: exact through the number path
    expect(m.readU64(0x400010n, 0x1000n)).toBe(0x1fffff_ffffffffn);
    m.writeU64(0x400010n, 0x200000_00000001n, 0x1000n);
    expect(m.readU64(0x400010n, 0x1000n)).toBe(0x200000_00000001n);
    expect(() => m.readU64(0x401ffcn, 0x1000n)).toThrow(MachineError);
  });
  it('unknown registers, MSRs and bad selectors are one-line MachineErrors', () => {
    const m = new Machine('textbook');
    expect(() => m.readMsr(0x12345)).toThrow(/unknown MSR 0x12345/);
    expect(() => m.loadSeg('ds', 0x7b)).toThrow(MachineError);
    expect(() => getProfile('nope')).toThrow(/unknown profile 'nope'/);
  });
});

describe('profiles', () => {
  it('ship textbook (Intel, bare metal, i386 for 32-bit) and zen4-kvm (AMD, virtualised, x86_64 for 32-bit)', () => {
    expect(Object.keys(PROFILES).sort()).toEqual(['amd-19h-11h-kvm', 'textbook', 'zen4-kvm']);
    expect([PROFILES.textbook!.vendor, PROFILES.textbook!.virtualised, PROFILES.textbook!.kernelFor32]).toEqual(['intel', false, 'i386']);
    expect([PROFILES['zen4-kvm']!.vendor, PROFILES['zen4-kvm']!.virtualised, PROFILES['zen4-kvm']!.kernelFor32]).toEqual(['amd', true, 'x86_64']);
    expect(PROFILES['zen4-kvm']!.tscMHz).toBe(2596);
  });
  it.skipIf(!hasGnuAs)('setProfile re-prices already decoded instructions', () => {
    const m = longModeMachine('textbook');
    load(m, K64.code, gas(64, 'cpuid\njmp .-2', K64.code).bytes);
    m.setReg('rsp', K64.stack);
    const a = m.step().cycles;
    expect(a).toBe(PROFILES.textbook!.costs.cpuid);
    m.setProfile('zen4-kvm');
    m.setReg('rip', K64.code);
    expect(m.step().cycles).toBe(PROFILES['zen4-kvm']!.costs.cpuid);
  });
});
