// The CPU: architectural state, the public API, and the step/run loop.
import * as C from './constants.js';
import { AddressSpace, PageEntry, PhysicalMemory, PhysPage, Tlb, PAGE_SIZE, PERM_EXEC, PERM_USER, PERM_WRITE, addrToNumber, numberToAddr } from './memory.js';
import { DEFAULT_PROFILE, getProfile } from './profiles/index.js';
import { CpuCore } from './CpuCore.js';
import { cpuidLeaf, XCR0_SUPPORTED } from './system/cpuidLeaves.js';
import type {
  ControlTransfer, CostProfile, ExceptionInfo, MappingRun, MemFault, NativeFunction, PagePerms, RegName,
  RunLimits, RunResult, SegName, SegmentState, StepResult, TableRegister, TimerConfig,
} from './types.js';

/** A one-line error for misuse of the machine API (bad selector from the host side, unmapped loader access). */
export { MachineError } from './MachineError.js';
import { MachineError } from './MachineError.js';

const REG_INDEX: Record<string, number> = {
  rax: 0, rcx: 1, rdx: 2, rbx: 3, rsp: 4, rbp: 5, rsi: 6, rdi: 7,
  r8: 8, r9: 9, r10: 10, r11: 11, r12: 12, r13: 13, r14: 14, r15: 15,
};
/** 2^47: a canonical address's signed value lies in [-2^47, 2^47). */
const CANONICAL_LIMIT = 140737488355328;
/** Copies up to this many bytes byte by byte (a syscall's struct or a debugger's word). */
const SMALL_COPY = 64;
const SEG_INDEX: Record<SegName, number> = { es: 0, cs: 1, ss: 2, ds: 3, fs: 4, gs: 5 };


/** The first and last virtual page numbers a range touches (an empty range still names its page). */
function pageRange(addr: bigint, size: number | bigint): [number, number] {
  const a = addrToNumber(addr), n = Number(size);
  return [Math.floor(a / PAGE_SIZE), Math.floor((a + Math.max(n, 1) - 1) / PAGE_SIZE)];
}

export class Machine extends CpuCore {
  constructor(profile: CostProfile | string = DEFAULT_PROFILE) {
    super(typeof profile === 'string' ? getProfile(profile) : profile);
  }

  // ------------------------------------------------------------------ registers
  getReg(name: RegName): bigint {
    if (name === 'rip') return numberToAddr(this.rip);
    if (name === 'rflags') return BigInt(this.getFlags() >>> 0);
    const i = REG_INDEX[name];
    if (i === undefined) throw new MachineError(`unknown register '${name}'`);
    return (BigInt(this.regHi[i]! >>> 0) << 32n) | BigInt(this.regLo[i]! >>> 0);
  }

  setReg(name: RegName, value: bigint): void {
    if (name === 'rip') { this.rip = addrToNumber(value); return; }
    if (name === 'rflags') { this.setFlags(Number(BigInt.asUintN(32, value))); return; }
    const i = REG_INDEX[name];
    if (i === undefined) throw new MachineError(`unknown register '${name}'`);
    this.regLo[i] = Number(BigInt.asIntN(32, value));
    this.regHi[i] = Number(BigInt.asIntN(32, value >> 32n));
  }

  /** RFLAGS as a number (materialises the lazy arithmetic flags). */
  getFlags(): number { return this.materializeFlags(); }
  setFlags(v: number): void { this.storeFlags(v); }

  get bitness(): 16 | 32 | 64 { return this.bits; }
  get longMode(): boolean { return (this.efer & C.EFER_LMA) !== 0; }

  getSeg(name: SegName): SegmentState {
    const i = SEG_INDEX[name];
    const a = this.segAttr[i]!;
    return {
      selector: this.segSel[i]!, base: numberToAddr(this.segBase[i]!), limit: this.segLimit[i]!,
      type: a & 15, s: (a & 0x10) !== 0, dpl: (a >> 5) & 3, present: (a & 0x80) !== 0,
      long: (a & 0x2000) !== 0, big: (a & 0x4000) !== 0,
    };
  }

  /** Set a segment register and its hidden part directly (host-side setup; no checks). */
  setSeg(name: SegName, s: SegmentState): void {
    const i = SEG_INDEX[name];
    this.segSel[i] = s.selector;
    this.segBase[i] = addrToNumber(s.base);
    this.segLimit[i] = s.limit;
    this.segAttr[i] = (s.type & 15) | (s.s ? 0x10 : 0) | ((s.dpl & 3) << 5) | (s.present ? 0x80 : 0)
      | (s.long ? 0x2000 : 0) | (s.big ? 0x4000 : 0);
    if (i === C.SEG_CS) { this.setCpl(s.selector & 3); this.updateBits(); }
  }

  /** Load a segment register from the guest GDT as the CPU would (host-side: loading CS sets CPL from its RPL). */
  loadSeg(name: SegName, selector: number): void {
    const i = SEG_INDEX[name];
    const f = this.loadSegment(i, selector, true);
    if (f) throw new MachineError(`cannot load ${name} with selector 0x${selector.toString(16)}: ${f}`);
  }

  getCr(n: 0 | 2 | 3 | 4 | 8): bigint {
    switch (n) {
      case 0: return BigInt(this.cr0 >>> 0);
      case 2: return numberToAddr(this.cr2);
      case 3: return BigInt(this.cr3);
      case 4: return BigInt(this.cr4 >>> 0);
      default: return 0n;
    }
  }

  setCr(n: 0 | 2 | 3 | 4 | 8, v: bigint): void { this.writeCr(n, addrToNumber(v)); }

  /** XCR0, the XSAVE components the OS enabled (XSETBV's checks: x87 set, only what CPUID leaf 0DH lists). */
  getXcr0(): bigint { return BigInt(this.xcr0 >>> 0); }
  setXcr0(v: bigint): void {
    if ((v & ~BigInt(XCR0_SUPPORTED)) !== 0n || !(v & 1n)) throw new MachineError(`cannot set XCR0 to 0x${v.toString(16)} (supported: 0x${XCR0_SUPPORTED.toString(16)}, x87 always set)`);
    this.xcr0 = Number(v);
  }

  readMsr(idx: number): bigint {
    const v = this.rdmsrValue(idx);
    if (v === null) throw new MachineError(`unknown MSR 0x${idx.toString(16)}`);
    return v;
  }

  writeMsr(idx: number, v: bigint): void {
    if (!this.wrmsrValue(idx, v)) throw new MachineError(`cannot write MSR 0x${idx.toString(16)}`);
  }

  getGdtr(): TableRegister { return { base: numberToAddr(this.gdtBase), limit: this.gdtLimit }; }
  setGdtr(t: TableRegister): void { this.gdtBase = addrToNumber(t.base); this.gdtLimit = t.limit; }
  getIdtr(): TableRegister { return { base: numberToAddr(this.idtBase), limit: this.idtLimit }; }
  setIdtr(t: TableRegister): void { this.idtBase = addrToNumber(t.base); this.idtLimit = t.limit; }
  getTr(): { selector: number; base: bigint; limit: number } {
    return { selector: this.trSel, base: numberToAddr(this.trBase), limit: this.trLimit };
  }
  /** Load TR from the GDT (marks the TSS busy in the descriptor as LTR does). */
  loadTr(selector: number): void {
    const f = this.loadTaskRegister(selector);
    if (f) throw new MachineError(`cannot load TR with selector 0x${selector.toString(16)}: ${f}`);
  }

  addCycles(n: number): void { this.cycles += n; }

  /** EAX, EBX, ECX, EDX as CPUID(leaf, subleaf) gives them now (the kernel's AT_HWCAP, info commands). */
  cpuid(leaf: number, subleaf = 0): [number, number, number, number] {
    return cpuidLeaf(this.profile, this.features, leaf >>> 0, subleaf >>> 0, this.cr4);
  }

  // ------------------------------------------------------------------ memory API
  createAddressSpace(cr3: bigint): void {
    const k = Number(cr3);
    if (!this.spaces.has(k)) this.spaces.set(k, new AddressSpace(k));
    if (this.space === null && k === this.cr3) this.space = this.spaces.get(k)!;
  }

  /**
   * Make CR3 value `alias` name the page map of `cr3` (the user half of a PTI pair: one page map,
   * two CR3 values, so a CR3 switch costs and flushes as it does without changing what is mapped).
   */
  aliasAddressSpace(alias: bigint, cr3: bigint): void {
    this.spaces.set(Number(alias), this.spaceOf(cr3));
  }

  private spaceOf(cr3?: bigint): AddressSpace {
    const k = cr3 === undefined ? this.cr3 : Number(cr3);
    const s = this.spaces.get(k);
    if (!s) throw new MachineError(`no address space for CR3 0x${k.toString(16)}`);
    return s;
  }

  /** Map fresh zeroed pages covering [addr, addr+size) (page-rounded), optionally copying data to addr. */
  map(cr3: bigint, addr: bigint, sizeIn: number | bigint, perms: PagePerms, data?: Uint8Array): void {
    const s = this.spaceOf(cr3);
    const [first, last] = pageRange(addr, sizeIn);
    const bits = permBits(perms);
    for (let v = first; v <= last; v++) {
      const e = s.pages.get(v);
      if (e) e.perms = bits; else s.pages.set(v, new PageEntry(this.phys.alloc(), bits));
    }
    this.flushTlbs();
    if (data) this.write(addr, data, cr3);
  }

  /** Map into dstCr3 the physical pages srcCr3 has at [addr, addr+size), with the same permissions. */
  mapShared(dstCr3: bigint, srcCr3: bigint, addr: bigint, sizeIn: number | bigint): void {
    const src = this.spaceOf(srcCr3), dst = this.spaceOf(dstCr3);
    const [first, last] = pageRange(addr, sizeIn);
    for (let v = first; v <= last; v++) {
      const e = src.pages.get(v);
      if (e) dst.pages.set(v, e); // the same entry object: a later protect() applies to both
    }
    this.flushTlbs();
  }

  /**
   * Drop the pages of [addr, addr+size). With `free`, their physical frames are released too (the
   * host memory goes back: munmap, brk shrinking); never free frames another space shares.
   */
  unmap(cr3: bigint, addr: bigint, sizeIn: number | bigint, free = false): void {
    const s = this.spaceOf(cr3);
    const [first, last] = pageRange(addr, sizeIn);
    const drop = (v: number): void => {
      const e = s.pages.get(v);
      if (!e) return;
      s.pages.delete(v);
      if (free) this.phys.free(e.page);
    };
    // a huge, sparsely populated range (a lazily paged mapping): walk the pages there are instead
    if (last - first > s.pages.size) {
      for (const v of [...s.pages.keys()]) if (v >= first && v <= last) drop(v);
    } else {
      for (let v = first; v <= last; v++) drop(v);
    }
    this.flushTlbs();
  }

  /** Move the pages of [from, from+size) to [to, to+size) without copying (mremap); pages there are replaced. */
  movePages(cr3: bigint, from: bigint, to: bigint, sizeIn: number | bigint): void {
    const s = this.spaceOf(cr3);
    const [f0, f1] = pageRange(from, sizeIn);
    const t0 = pageRange(to, 1)[0];
    const moved: [number, PageEntry][] = [];
    for (let v = f0; v <= f1; v++) {
      const e = s.pages.get(v);
      if (e) { moved.push([t0 + (v - f0), e]); s.pages.delete(v); }
    }
    for (let v = t0; v <= t0 + (f1 - f0); v++) {
      const old = s.pages.get(v);
      if (old) { s.pages.delete(v); this.phys.free(old.page); }
    }
    for (const [v, e] of moved) { e.page.recs = null; s.pages.set(v, e); }
    this.flushTlbs();
  }

  /** Pages mapped in the space (the host memory a process holds). */
  mappedPageCount(cr3?: bigint): number { return this.spaceOf(cr3).pages.size; }

  protect(cr3: bigint, addr: bigint, sizeIn: number | bigint, perms: PagePerms): void {
    const s = this.spaceOf(cr3);
    const [first, last] = pageRange(addr, sizeIn);
    const bits = permBits(perms);
    for (let v = first; v <= last; v++) {
      const e = s.pages.get(v);
      if (e) e.perms = bits; // in place: spaces sharing the entry (mapShared) see the change too
    }
    this.flushTlbs();
  }

  isMapped(cr3: bigint, addr: bigint): boolean {
    return this.spaceOf(cr3).pages.has(Math.floor(addrToNumber(addr) / PAGE_SIZE));
  }

  /** Runs of consecutive mapped pages with equal permissions, ascending by address. */
  mappings(cr3?: bigint): MappingRun[] {
    const s = this.spaceOf(cr3);
    const vpns = [...s.pages.keys()].sort((x, y) => x - y);
    const runs: MappingRun[] = [];
    let cur: { start: number; end: number; perms: number } | null = null;
    for (const v of vpns) {
      const p = s.pages.get(v)!.perms;
      if (cur && cur.end === v && cur.perms === p) { cur.end = v + 1; continue; }
      if (cur) runs.push(runOf(cur));
      cur = { start: v, end: v + 1, perms: p };
    }
    if (cur) runs.push(runOf(cur));
    return runs;
  }

  /** Loader/debugger read: no permission checks; throws MachineError on an unmapped page. */
  read(addr: bigint, len: number, cr3?: bigint): Uint8Array {
    const s = this.spaceOf(cr3);
    const out = new Uint8Array(len);
    let a = addrToNumber(addr);
    for (let i = 0; i < len;) {
      const v = Math.floor(a / PAGE_SIZE), off = a - v * PAGE_SIZE;
      const e = s.pages.get(v);
      if (!e) throw new MachineError(`read of unmapped address 0x${numberToAddr(a).toString(16)}`);
      const n = Math.min(len - i, PAGE_SIZE - off);
      const data = e.page.data;
      // (syscall-sized copies: a loop, where subarray + set cost a call into the runtime each)
      if (n <= SMALL_COPY) for (let q = 0; q < n; q++) out[i + q] = data[off + q]!;
      else out.set(data.subarray(off, off + n), i);
      i += n; a += n;
    }
    return out;
  }

  /** Loader/debugger write: no permission checks; throws MachineError on an unmapped page. */
  write(addr: bigint, bytes: Uint8Array, cr3?: bigint): void {
    const s = this.spaceOf(cr3);
    let a = addrToNumber(addr);
    for (let i = 0; i < bytes.length;) {
      const v = Math.floor(a / PAGE_SIZE), off = a - v * PAGE_SIZE;
      const e = s.pages.get(v);
      if (!e) throw new MachineError(`write to unmapped address 0x${numberToAddr(a).toString(16)}`);
      const n = Math.min(bytes.length - i, PAGE_SIZE - off);
      const data = e.page.data;
      if (n <= SMALL_COPY) for (let q = 0; q < n; q++) data[off + q] = bytes[i + q]!;
      else data.set(bytes.subarray(i, i + n), off);
      if (e.page.recs !== null) e.page.dropRecs();
      i += n; a += n;
    }
  }

  readU32(addr: bigint, cr3?: bigint): number {
    const b = this.read(addr, 4, cr3);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }
  readU64(addr: bigint, cr3?: bigint): bigint {
    const b = this.read(addr, 8, cr3);
    const lo = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    const hi = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    // below 2^53 the value is exact as a number: one BigInt instead of three
    return hi < 0x200000 ? BigInt(hi * 4294967296 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
  }
  writeU32(addr: bigint, v: number, cr3?: bigint): void {
    const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); this.write(addr, b, cr3);
  }
  writeU64(addr: bigint, v: bigint, cr3?: bigint): void {
    const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true); this.write(addr, b, cr3);
  }

  /** copy_from_user: check [addr, addr+len) as a CPL-3 read in the current space; a fault is returned, not raised. */
  readUser(addr: bigint, len: number): Uint8Array | MemFault {
    const f = this.checkUserRange(addr, len, false);
    return f ?? this.read(addr, len);
  }

  /** copy_to_user: check as a CPL-3 write; on success copy and return null. */
  writeUser(addr: bigint, bytes: Uint8Array): MemFault | null {
    const f = this.checkUserRange(addr, bytes.length, true);
    if (f) return f;
    this.write(addr, bytes);
    return null;
  }

  private checkUserRange(addr: bigint, len: number, write: boolean): MemFault | null {
    const s = this.space;
    const a = addrToNumber(addr);
    // canonical: bits 63..47 all equal, i.e. the signed value within +-2^47 (every syscall checks: no BigInt work)
    if (addr < 0n || addr >= (1n << 64n) || (this.longMode && (a < -CANONICAL_LIMIT || a >= CANONICAL_LIMIT))) {
      return { fault: true, address: addr, errorCode: 4 | (write ? 2 : 0), reason: 'non-canonical address' };
    }
    if (len === 0) return null;
    const first = Math.floor(a / PAGE_SIZE), last = Math.floor((a + len - 1) / PAGE_SIZE);
    for (let v = first; v <= last; v++) {
      const e = s?.pages.get(v);
      if (e && (e.perms & PERM_USER) && (!write || (e.perms & PERM_WRITE))) continue;
      const at = numberToAddr(Math.max(a, v * PAGE_SIZE));
      if (!e) return { fault: true, address: at, errorCode: 4 | (write ? 2 : 0), reason: 'unmapped page' };
      if (!(e.perms & PERM_USER)) return { fault: true, address: at, errorCode: 5 | (write ? 2 : 0), reason: 'user access to supervisor page' };
      return { fault: true, address: at, errorCode: 7, reason: 'write to read-only page' };
    }
    return null;
  }

  // ------------------------------------------------------------------ natives, timer, control
  /** Bind a host function to a guest address (see index.ts). */
  bindNative(addr: bigint, name: string, fn: NativeFunction): void {
    this.natives.set(addrToNumber(addr), { name, fn });
    this.invalidateDecodeCache();
  }

  nativeAt(addr: bigint): string | undefined { return this.natives.get(addrToNumber(addr))?.name; }

  setTimer(cfg: TimerConfig | null): void {
    this.timer = cfg;
    this.nextTimerAt = cfg ? this.cycles + cfg.periodCycles : Infinity;
  }

  /** Ask the running loop to stop after the current step (callable from a native function). */
  requestStop(message: string): void { this.stopRequest = message; }

  setProfile(p: CostProfile | string): void {
    this.profile = typeof p === 'string' ? getProfile(p) : p;
    this.invalidateDecodeCache();
  }

  /**
   * The live bytes of the physical page backing addr (no copy, no permission check), or null when
   * unmapped: for hot kernel paths on data pages (the pt_regs frame of a syscall). Writes through
   * it bypass the predecode-cache invalidation, so never use it on code. (Added by H4.)
   */
  pageBytes(addr: bigint, cr3?: bigint): Uint8Array | null {
    return this.spaceOf(cr3).pages.get(Math.floor(addrToNumber(addr) / PAGE_SIZE))?.page.data ?? null;
  }
}

function permBits(p: PagePerms): number {
  return (p.write ? PERM_WRITE : 0) | (p.exec ? PERM_EXEC : 0) | (p.user ? PERM_USER : 0);
}

function runOf(r: { start: number; end: number; perms: number }): MappingRun {
  return {
    start: numberToAddr(r.start * PAGE_SIZE), end: numberToAddr(r.end * PAGE_SIZE),
    write: (r.perms & PERM_WRITE) !== 0, exec: (r.perms & PERM_EXEC) !== 0, user: (r.perms & PERM_USER) !== 0,
  };
}
