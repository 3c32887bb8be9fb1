// Test harness: assemble snippets with GNU as + ld (skipped with a message where missing) and
// build minimal protected-mode / long-mode machines (GDT, IDT, TSS) by hand, as a kernel would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine, MSR_EFER, EFER_LME, EFER_SCE, EFER_NXE, CR0_PE, CR0_PG, CR0_WP, MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_FMASK, MSR_SYSENTER_CS, MSR_SYSENTER_EIP, MSR_SYSENTER_ESP } from '../../src/machine/index.js';

function has(tool: string): boolean {
  try { execFileSync('which', [tool], { stdio: 'ignore' }); return true; } catch { return false; }
}
export const hasGnuAs = has('as') && has('ld') && has('objcopy');

/** Assemble AT&T source at `addr` with GNU as + ld into flat bytes, plus the symbol table. */
export function gas(bits: 32 | 64, src: string, addr: bigint): { bytes: Uint8Array; syms: Map<string, bigint> } {
  const dir = mkdtempSync(join(tmpdir(), 'tdm-'));
  try {
    writeFileSync(join(dir, 'a.S'), `.code${bits}\n.globl _start\n_start:\n${src}\n`);
    execFileSync('as', [bits === 32 ? '--32' : '--64', '-o', join(dir, 'a.o'), join(dir, 'a.S')]);
    execFileSync('ld', ['--no-warn-rwx-segments', '-m', bits === 32 ? 'elf_i386' : 'elf_x86_64', `-Ttext=0x${addr.toString(16)}`, '-N', '-o', join(dir, 'a.elf'), join(dir, 'a.o')]);
    execFileSync('objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'a.elf'), join(dir, 'a.bin')]);
    const nm = execFileSync('nm', [join(dir, 'a.elf')]).toString();
    const syms = new Map<string, bigint>();
    for (const line of nm.split('\n')) {
      const m = /^([0-9a-f]+) \w (\S+)$/.exec(line.trim());
      if (m) syms.set(m[2]!, BigInt('0x' + m[1]!));
    }
    return { bytes: new Uint8Array(readFileSync(join(dir, 'a.bin'))), syms };
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** An 8-byte segment descriptor (SDM Vol.3 3.4.5). */
export function segDesc(base: number, limit: number, type: number, dpl: number, opts: { s?: boolean; l?: boolean; db?: boolean; g?: boolean; p?: boolean } = {}): bigint {
  const { s = true, l = false, db = true, g = true, p = true } = opts;
  const lo = (limit & 0xffff) | ((base & 0xffff) << 16);
  const hi = ((base >>> 16) & 0xff) | (type << 8) | ((s ? 1 : 0) << 12) | (dpl << 13) | ((p ? 1 : 0) << 15)
    | (((limit >>> 16) & 0xf) << 16) | ((l ? 1 : 0) << 21) | ((db ? 1 : 0) << 22) | ((g ? 1 : 0) << 23) | (base & 0xff000000);
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export const K64 = { code: 0xffffffff81000000n, tables: 0xffffffff82000000n, stack: 0xffffc90000004000n, stackBase: 0xffffc90000000000n };
export const K32 = { code: 0xc1000000n, tables: 0xc2000000n, stack: 0xc3004000n, stackBase: 0xc3000000n };
export const U = { code: 0x401000n, data: 0x600000n, stack: 0x7ff000n, stackBase: 0x7f0000n };

const SUP_RW = { write: true, exec: false, user: false };
const SUP_RX = { write: false, exec: true, user: false };
const USR_RX = { write: false, exec: true, user: true };
const USR_RW = { write: true, exec: false, user: true };

/** A 64-bit long-mode machine with Linux's x86_64 GDT layout, an IDT (gates added by the test), a TSS with RSP0. */
export function longModeMachine(profile = 'zen4-kvm'): Machine {
  const m = new Machine(profile);
  const cr3 = 0x1000n;
  m.createAddressSpace(cr3);
  m.setCr(3, cr3);
  const t = K64.tables;
  m.map(cr3, t, 0x3000, SUP_RW);
  m.map(cr3, K64.code, 0x2000, SUP_RX);
  m.map(cr3, K64.stackBase, 0x4000, SUP_RW);
  m.map(cr3, U.code, 0x2000, USR_RX);
  m.map(cr3, U.data, 0x1000, USR_RW);
  m.map(cr3, U.stackBase, U.stack - U.stackBase, USR_RW);
  const gdt = t, idt = t + 0x1000n, tss = t + 0x2000n;
  const gd: bigint[] = [0n,
    segDesc(0, 0xfffff, 0xb, 0), // 0x08 kernel 32-bit code
    segDesc(0, 0xfffff, 0xb, 0, { l: true, db: false }), // 0x10 KERNEL_CS
    segDesc(0, 0xfffff, 0x3, 0), // 0x18 KERNEL_DS
    segDesc(0, 0xfffff, 0xb, 3), // 0x23 USER32_CS
    segDesc(0, 0xfffff, 0x3, 3), // 0x2b USER_DS
    segDesc(0, 0xfffff, 0xb, 3, { l: true, db: false }), // 0x33 USER_CS
  ];
  gd.forEach((d, i) => { m.writeU64(gdt + BigInt(i * 8), d); });
  // 0x40: 64-bit TSS descriptor (16 bytes)
  const tb = Number(tss & 0xffffffffn);
  m.writeU64(gdt + 0x40n, segDesc(tb, 0x67, 0x9, 0, { s: false, db: false, g: false }));
  m.writeU64(gdt + 0x48n, tss >> 32n);
  m.writeU64(tss + 4n, K64.stack); // RSP0
  m.setGdtr({ base: gdt, limit: 0x4f });
  m.setIdtr({ base: idt, limit: 0xfff });
  m.writeMsr(MSR_EFER, BigInt(EFER_LME | EFER_SCE | EFER_NXE));
  m.setCr(0, BigInt(CR0_PE | CR0_PG | CR0_WP));
  m.loadSeg('cs', 0x10);
  m.loadSeg('ss', 0x18);
  m.loadTr(0x40);
  m.writeMsr(MSR_STAR, (0x23n << 48n) | (0x10n << 32n));
  m.writeMsr(MSR_LSTAR, K64.code);
  m.writeMsr(MSR_CSTAR, K64.code + 0x800n);
  m.writeMsr(MSR_FMASK, 0x47700n);
  m.writeMsr(MSR_SYSENTER_CS, 0x10n);
  m.writeMsr(MSR_SYSENTER_EIP, K64.code + 0xc00n);
  m.writeMsr(MSR_SYSENTER_ESP, K64.stack);
  return m;
}

/** Write a 64-bit IDT gate (16 bytes). type 0xe interrupt, 0xf trap. */
export function gate64(m: Machine, vector: number, handler: bigint, dpl: number, type = 0xe, sel = 0x10): void {
  const idt = m.getIdtr().base + BigInt(vector * 16);
  const off = handler;
  const lo = (off & 0xffffn) | (BigInt(sel) << 16n) | (BigInt((type << 8) | (dpl << 13) | 0x8000) << 32n) | (((off >> 16n) & 0xffffn) << 48n);
  m.writeU64(idt, lo);
  m.writeU64(idt + 8n, (off >> 32n) & 0xffffffffn);
}

/** A 32-bit protected-mode machine with the i386 kernel's selectors (0x60/0x68/0x73/0x7b) and a 32-bit TSS (SS0:ESP0). */
export function protectedModeMachine(profile = 'textbook'): Machine {
  const m = new Machine(profile);
  const cr3 = 0x2000n;
  m.createAddressSpace(cr3);
  m.setCr(3, cr3);
  const t = K32.tables;
  m.map(cr3, t, 0x3000, SUP_RW);
  m.map(cr3, K32.code, 0x2000, SUP_RX);
  m.map(cr3, K32.stackBase, 0x4000, SUP_RW);
  m.map(cr3, U.code, 0x2000, USR_RX);
  m.map(cr3, U.data, 0x1000, USR_RW);
  m.map(cr3, U.stackBase, U.stack - U.stackBase, USR_RW);
  const gdt = t, idt = t + 0x1000n, tss = t + 0x2000n;
  m.writeU64(gdt + 0x60n, segDesc(0, 0xfffff, 0xb, 0));
  m.writeU64(gdt + 0x68n, segDesc(0, 0xfffff, 0x3, 0));
  m.writeU64(gdt + 0x70n, segDesc(0, 0xfffff, 0xb, 3));
  m.writeU64(gdt + 0x78n, segDesc(0, 0xfffff, 0x3, 3));
  m.writeU64(gdt + 0x80n, segDesc(Number(tss), 0x67, 0x9, 0, { s: false, db: false, g: false }));
  m.writeU64(gdt + 0x88n, segDesc(0x600100, 0xfffff, 0x3, 3)); // 0x8b: a user TLS segment (base 0x600100)
  m.writeU32(tss + 4n, Number(K32.stack)); // ESP0
  m.writeU32(tss + 8n, 0x68); // SS0
  m.setGdtr({ base: gdt, limit: 0xff });
  m.setIdtr({ base: idt, limit: 0x7ff });
  m.setCr(0, BigInt(CR0_PE | CR0_PG | CR0_WP));
  m.loadSeg('cs', 0x60);
  m.loadSeg('ss', 0x68);
  m.loadSeg('ds', 0x7b);
  m.loadSeg('es', 0x7b);
  m.loadTr(0x80);
  m.writeMsr(MSR_SYSENTER_CS, 0x60n);
  m.writeMsr(MSR_SYSENTER_EIP, K32.code + 0x400n);
  m.writeMsr(MSR_SYSENTER_ESP, K32.stack);
  return m;
}

/** Write a 32-bit IDT gate (8 bytes). */
export function gate32(m: Machine, vector: number, handler: bigint, dpl: number, type = 0xe, sel = 0x60): void {
  const idt = m.getIdtr().base + BigInt(vector * 8);
  const lo = (handler & 0xffffn) | (BigInt(sel) << 16n) | (BigInt((type << 8) | (dpl << 13) | 0x8000) << 32n) | (((handler >> 16n) & 0xffffn) << 48n);
  m.writeU64(idt, lo);
}

/** Put `bytes` at addr (loader write) and point RIP there. */
export function load(m: Machine, addr: bigint, bytes: Uint8Array): void {
  m.write(addr, bytes);
  m.setReg('rip', addr);
}

/** Drop to user mode the way a kernel would on exec (host-side: load CS/SS with RPL 3). */
export function enterUser(m: Machine, cs: number, ss: number, rip: bigint, rsp: bigint): void {
  m.loadSeg('cs', cs);
  m.loadSeg('ss', ss);
  m.setReg('rip', rip);
  m.setReg('rsp', rsp);
}

/** The flat 64-bit machine's layout: code (writable, so a program can patch itself), data, a read-only page, the stack top. */
export const CODE = 0x401000n, DATA = 0x600000n, RO = 0x610000n, STACK = 0x800000n;

/** A flat ring-0 long-mode machine running `bytes` at CODE, through the interpreter or compiled blocks (threshold). */
export function flatMachine(bytes: Uint8Array, engine: 'interpreter' | 'blocks', threshold = 2): Machine {
  const m = new Machine('zen4-kvm');
  m.jitThreshold = engine === 'blocks' ? threshold : Infinity;
  const cr3 = 0x1000n;
  m.createAddressSpace(cr3);
  m.setCr(3, cr3);
  // Code is writable so a program can patch itself.
  m.map(cr3, CODE, 0x2000, { write: true, exec: true, user: false }, bytes);
  m.map(cr3, DATA, 0x10000, { write: true, exec: false, user: false });
  m.map(cr3, RO, 0x1000, { write: false, exec: false, user: false });
  m.map(cr3, STACK - 0x10000n, 0x10000, { write: true, exec: false, user: false });
  m.writeMsr(0xc0000080, 0x100n | 0x800n); // EFER.LME | NXE
  m.setCr(0, 0x80010001n); // PG | WP | PE
  m.setSeg('cs', { selector: 0x10, base: 0n, limit: 0xffffffff, type: 0xb, s: true, dpl: 0, present: true, long: true, big: false });
  m.setSeg('ss', { selector: 0x18, base: 0n, limit: 0xffffffff, type: 0x3, s: true, dpl: 0, present: true, long: false, big: true });
  m.setReg('rip', CODE);
  m.setReg('rsp', STACK);
  return m;
}
