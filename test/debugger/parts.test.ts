import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BreakpointTable, formatBreakpointTable } from '../../src/debugger/breakpoints.js';
import { InstructionCache, buildCodeView } from '../../src/debugger/codeView.js';
import { examine } from '../../src/debugger/examineMemory.js';
import { loadProgram } from '../../src/program/loadProgram.js';
import { KernelStackTracker, PT_REGS_32_FROM_TOP, PT_REGS_64_FROM_TOP, softwarePusher } from '../../src/debugger/kernelStack.js';
import { SnapshotPacer } from '../../src/debugger/snapshotPacer.js';
import { SymbolTable } from '../../src/debugger/symbols.js';
import { SyscallLog } from '../../src/debugger/syscallLog.js';
import { parseExpression } from '../../src/debugger/expression.js';
import type { ControlTransfer } from '../../src/machine/index.js';

function symbols(): SymbolTable {
  const s = new SymbolTable();
  s.add('_start', 0x401000n, 'user');
  s.add('msg', 0x402000n, 'user');
  s.add('entry_SYSCALL_64', 0xffffffff81000000n, 'kernel');
  return s;
}

describe('SymbolTable', () => {
  it('names addresses with decimal offsets and finds labels', () => {
    const s = symbols();
    expect(s.describe(0x401000n)).toBe('_start');
    expect(s.describe(0x40100cn)).toBe('_start+12');
    expect(s.describe(0xffffffff8100000cn)).toBe('entry_SYSCALL_64+12');
    expect(s.labelAt(0x401000n)).toBe('_start');
    expect(s.labelAt(0x401001n)).toBeNull();
    expect(s.describe(0x1000n)).toBeNull();
    expect(s.lookup('entry_SYSCALL_64')).toBe(0xffffffff81000000n);
  });
});

describe('BreakpointTable', () => {
  it('numbers, disables, deletes, matches catchpoints and prints the table', () => {
    const t = new BreakpointTable();
    const b1 = t.addCode(0x401000n, '_start', false, null);
    const b2 = t.addCode(0x40100cn, '*0x40100c', true, { text: '$rax == 1', expr: parseExpression('$rax == 1') });
    const c3 = t.addCatch({ kind: 'syscall', names: ['write'] }, { i386: new Set([4]), x86_64: new Set([1]) });
    t.addCatch({ kind: 'mode', direction: 'exit' }, null);
    expect([b1.number, b2.number, c3.number]).toEqual([1, 2, 3]);
    expect(t.stateAt(0x401000n)).toBe('enabled');
    t.setEnabled([1], false);
    expect(t.stateAt(0x401000n)).toBe('disabled');
    expect([...t.codeAddresses()]).toEqual([0x40100cn]);
    const enterWrite = { direction: 'enter' as const, method: 'syscall' as const, syscall: { abi: 'x86_64' as const, nr: 1 }, vector: null };
    expect(t.matchCatch(enterWrite).map((c) => c.number)).toEqual([3]);
    expect(t.matchCatch({ ...enterWrite, syscall: { abi: 'i386', nr: 4 } }).map((c) => c.number)).toEqual([3]);
    expect(t.matchCatch({ ...enterWrite, syscall: { abi: 'x86_64', nr: 60 } })).toEqual([]);
    expect(t.matchCatch({ direction: 'exit', method: null, syscall: null, vector: null }).map((c) => c.number)).toEqual([4]);
    expect(t.delete([2, 9])).toEqual([9]);
    const table = formatBreakpointTable(t.rows((a) => symbols().describe(a) ?? '?'));
    expect(table).toContain('1    breakpoint   n    0x401000 <_start>');
    expect(table).toContain('catch syscall');
    expect(table).not.toContain('40100c');
  });
});

describe('KernelStackTracker', () => {
  const t64: ControlTransfer = { cause: 'syscall', fromCpl: 3, toCpl: 0, fromBits: 64, toBits: 64, modeSwitch: true, fromRip: 0n, toRip: 0n, description: '' };
  const int80: ControlTransfer = { ...t64, cause: 'int', vector: 0x80, fromBits: 32, toBits: 32 };
  it('names fields from the top of the stack', () => {
    expect(PT_REGS_32_FROM_TOP).toHaveLength(17);
    expect(PT_REGS_64_FROM_TOP).toHaveLength(21);
    const k = new KernelStackTracker(4, 0xec);
    expect(k.fieldAt(0x2000n, 0x1ffcn)).toBe('ss');
    expect(k.fieldAt(0x2000n, 0x2000n - 68n)).toBe('bx');
    expect(k.fieldAt(0x2000n, 0x2000n - 72n)).toBeNull();
  });
  it('records CPU and software pushers and builds the pane', () => {
    const mem = new Map<bigint, bigint>();
    const top = 0x10000n;
    const k = new KernelStackTracker(4, 0xec);
    k.entered(int80, 'entry_INT80_32');
    k.recordPush(top, top, top - 20n, int80, 'user');
    k.recordPush(top, top - 20n, top - 24n, undefined, 'entry_INT80_32');
    k.recordPush(top, top - 24n, top - 28n, undefined, 'entry_INT80_32');
    for (let a = top - 28n; a < top; a += 4n) mem.set(a, a & 0xffn);
    const v = k.build({ readSlot: (a) => mem.get(a) ?? null }, top, 0x2000, top - 28n, true, int80);
    expect(v.slots.map((s) => s.field)).toEqual(['ss', 'sp', 'flags', 'cs', 'ip', 'orig_ax', 'gs']);
    expect(v.slots.map((s) => s.pushedBy)).toEqual(['CPU (INT 0x80)', 'CPU (INT 0x80)', 'CPU (INT 0x80)', 'CPU (INT 0x80)', 'CPU (INT 0x80)', 'entry_INT80_32', 'SAVE_ALL']);
    expect(v.slots.at(-1)!.top).toBe(true);
    expect(k.build({ readSlot: () => 0n }, top, 0x2000, 0x7ffff000n, true, t64).note).toContain('SYSCALL does not switch stacks');
    expect(k.build({ readSlot: () => 0n }, top, 0x2000, 0x7ffff000n, false, null).note).toContain('user mode');
  });
  it('64-bit software pushers', () => {
    expect(softwarePusher('ss', 'entry_SYSCALL_64', 8)).toBe('entry_SYSCALL_64 frame');
    expect(softwarePusher('orig_ax', 'entry_SYSCALL_64', 8)).toBe('entry_SYSCALL_64 frame');
    expect(softwarePusher('di', 'entry_SYSCALL_64', 8)).toBe('PUSH_AND_CLEAR_REGS');
    expect(softwarePusher('r15', 'entry_SYSCALL_64', 8)).toBe('PUSH_AND_CLEAR_REGS');
    expect(softwarePusher('bx', 'entry_INT80_32', 4)).toBe('SAVE_ALL');
  });
});

describe('code view and x/NFU over plain memory', () => {
  // mov $1,%eax; syscall; msg: "hi\n\0"
  const mem = new Map<bigint, number>();
  const put = (addr: bigint, bytes: number[]) => bytes.forEach((b, i) => { mem.set(addr + BigInt(i), b); });
  put(0x401000n, [0xb8, 0x01, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x90]);
  put(0x402000n, [0x68, 0x69, 0x0a, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]);
  const read = (a: bigint, n: number): Uint8Array | null => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const b = mem.get(a + BigInt(i));
      if (b === undefined) break;
      out.push(b);
    }
    return out.length ? Uint8Array.from(out) : null;
  };
  const syms = symbols();
  const bps = new BreakpointTable();
  bps.addCode(0x401005n, '*0x401005', false, null);
  const ctx = { read, symbols: syms, sourceAt: (a: bigint) => (a === 0x401005n ? { file: 'p.S', line: 7, text: '\tsyscall' } : null), breakpointAt: (a: bigint) => bps.stateAt(a) };
  const cache = new InstructionCache();
  it('decodes from the enclosing symbol and marks the current line', () => {
    const v = buildCodeView(ctx, cache, 0x401005n, 64, 'user');
    expect(v.lines.map((l) => l.text)).toEqual(['mov    $0x1,%eax', 'syscall', 'nop']);
    expect(v.lines[1]).toMatchObject({ addr: '401005', symbol: '_start+5', current: true, breakpoint: 'enabled', source: { line: 7 } });
    expect(v.lines[0]).toMatchObject({ label: '_start', bytes: 'b8 01 00 00 00' });
  });
  it('x/s, x/4xb, x/2xg, x/2i, x/d', () => {
    const code = { ctx, cache, bits: 64 as const };
    expect(examine({ addr: 0x402000n, count: 1, format: 's', unit: 'b' }, read, syms, code).text).toBe('0x402000 <msg>:\t"hi\\n"');
    expect(examine({ addr: 0x402000n, count: 4, format: 'x', unit: 'b' }, read, syms, code).text).toBe('0x402000 <msg>:\t0x68\t0x69\t0x0a\t0x00');
    expect(examine({ addr: 0x402004n, count: 1, format: 'x', unit: 'g' }, read, syms, code).text).toBe('0x402004 <msg+4>:\t0x8877665544332211');
    expect(examine({ addr: 0x401000n, count: 2, format: 'i', unit: 'b' }, read, syms, code).text).toBe('   0x401000 <_start>:\tmov    $0x1,%eax\n   0x401005 <_start+5>:\tsyscall');
    expect(examine({ addr: 0x402007n, count: 1, format: 'd', unit: 'b' }, read, syms, code).text).toBe('0x402007 <msg+7>:\t68');
    expect(examine({ addr: 0x9000n, count: 1, format: 'x', unit: 'w' }, read, syms, code).text).toContain('Cannot access memory');
  });
});

describe('SnapshotPacer', () => {
  const learned = SnapshotPacer.learnedFrameCostMs;
  afterEach(() => {
    SnapshotPacer.learnedFrameCostMs = learned;
  });
  const options = { minIntervalMs: 33, maxIntervalMs: 1000, firstMs: 100, share: 0.1 };
  it('waits firstMs before the first snapshot, and at least as long as snapshots need to stay a tenth of the time', () => {
    SnapshotPacer.learnedFrameCostMs = 2;
    const p = new SnapshotPacer(options);
    p.begin(0);
    expect(p.due(99)).toBe(false);
    expect(p.due(100)).toBe(true);
    SnapshotPacer.learnedFrameCostMs = 30;
    p.begin(0);
    expect(p.due(299)).toBe(false);
    expect(p.due(300)).toBe(true);
  });

  it('never more than 30 a second, never less than one a second, and learns what a frame costs', () => {
    SnapshotPacer.learnedFrameCostMs = 0.5;
    const p = new SnapshotPacer(options);
    expect(p.interval()).toBe(33);
    SnapshotPacer.learnedFrameCostMs = 500;
    expect(p.interval()).toBe(1000);
    SnapshotPacer.learnedFrameCostMs = 10;
    p.begin(0);
    p.published(100, 2);
    expect(p.due(199)).toBe(false);
    // The screen then spends 38 ms drawing (with the 2 ms of building it): 40 ms a frame, learned halfway.
    p.offMachine(30);
    p.offMachine(8);
    p.published(200, 2);
    expect(SnapshotPacer.learnedFrameCostMs).toBe(25);
    expect(p.due(449)).toBe(false);
    expect(p.due(450)).toBe(true);
  });
});

describe('SyscallLog', () => {
  const ev = (nr: number, method: 'syscall' | 'int80' = 'syscall') => ({ abi: 'x86_64' as const, nr, name: `nr${nr}`, args: [], ret: 0n, method, cycles: 0 });
  it('keeps the last lines, formats a pending one once, when first shown', () => {
    let formatted = 0;
    const log = new SyscallLog(3, (e) => {
      formatted++;
      return `nr${e.nr}() = 0`;
    });
    for (let i = 0; i < 5; i++) {
      if (i === 3) log.push(ev(i), 'read(0, "x", 1) = 1');
      else expect(log.pushPending(ev(i), [], () => null)).toBe(true);
    }
    expect(formatted).toBe(0);
    expect(log.size).toBe(3);
    expect(log.last(10).map((l) => l.text)).toEqual(['nr2() = 0', 'read(0, "x", 1) = 1', 'nr4() = 0']);
    expect(formatted).toBe(2);
    log.last(2);
    expect(formatted).toBe(2);
    log.clear();
    expect(log.last(10)).toEqual([]);
  });

  it('formats a pending line from the numbers and the memory copied at its syscall, not as they are later', () => {
    const log = new SyscallLog(4, (e, memory) => `nr${e.nr}(${e.args[0]}): ${memory?.(0x1000n, 2)?.join(',') ?? 'unreadable'}`);
    const guest = new Uint8Array([7, 8]);
    const event = { ...ev(228), args: [0x1000n, 0n, 0n, 0n, 0n, 0n] };
    expect(log.pushPending(event, [{ addr: 0x1000n, len: 2 }], (a, n) => (a === 0x1000n ? guest.slice(0, n) : null))).toBe(true);
    guest[0] = 99; // the program rewrites its buffer
    event.args[0] = 5n; // and the event object is not kept
    expect(log.pushPending(ev(39), [{ addr: 0x2000n, len: 2 }], () => null)).toBe(true);
    // more than a slot holds: the caller formats the line now
    expect(log.pushPending(ev(63), [{ addr: 0x3000n, len: 200 }], () => null)).toBe(false);
    expect(log.last(4).map((l) => l.text)).toEqual(['nr228(4096): 7,8', 'nr39(0): unreadable']);
  });

  it('keeps the arguments a line shows (argc of them), stored as the 64-bit values the line prints', () => {
    const log = new SyscallLog(4, (e) => `nr${e.nr}(${e.args.join(', ')}) = ${e.ret}`);
    expect(log.pushPending({ ...ev(39), args: [7n, 8n, 9n, 10n, 11n, 12n] }, [], () => null, 0)).toBe(true);
    expect(log.pushPending({ ...ev(1), args: [-1n, 8n, 9n, 10n, 11n, 12n], ret: -14n }, [], () => null, 2)).toBe(true);
    expect(log.last(4).map((l) => l.text)).toEqual(['nr39() = 0', 'nr1(18446744073709551615, 8) = -14']);
  });

  it('gives the lines of a kernel visit its round-trip cycles when it ends; a published line keeps its value', () => {
    const log = new SyscallLog(8, (e) => `nr${e.nr}() = 0`);
    log.openVisit();
    log.pushPending(ev(39), [], () => null);
    const during = log.last(8);
    log.closeVisit(320);
    log.openVisit();
    log.push(ev(1), 'write(1, "hi\\n", 3) = 3');
    log.closeVisit(null);
    expect(during).toEqual([{ text: 'nr39() = 0', method: 'syscall', cycles: null }]);
    expect(log.last(8)).toEqual([
      { text: 'nr39() = 0', method: 'syscall', cycles: 320 },
      { text: 'write(1, "hi\\n", 3) = 3', method: 'syscall', cycles: null },
    ]);
  });
});

describe('loadProgram with the assembly cache', () => {
  it('gives what assembling gives, with the source lines under the path it was loaded from', async () => {
    const text = readFileSync('programs/hello-syscall.S', 'utf8').replace('Hello from syscall', 'Hello from the cache test');
    const a = join(mkdtempSync(join(tmpdir(), 'trapdoor-cache-test-')), 'a.S');
    const b = join(mkdtempSync(join(tmpdir(), 'trapdoor-cache-test-')), 'b.S');
    writeFileSync(a, text);
    writeFileSync(b, text);
    const first = await loadProgram(a, { cache: true });
    const cached = await loadProgram(b, { cache: true });
    const plain = await loadProgram(b);
    expect(first.lines[0]!.file).toBe(a);
    expect(cached.lines[0]!.file).toBe(b);
    expect({ ...cached, elf: [...cached.elf] }).toEqual({ ...plain, elf: [...plain.elf] });
    // Another text is another program.
    writeFileSync(b, text.replace('Hello from the cache test', 'Howdy from the cache test'));
    const other = await loadProgram(b, { cache: true });
    expect(Buffer.from(other.elf).includes(Buffer.from('Howdy'))).toBe(true);
  });

  it("names addresses only: a program's constants (SAMPLES = 1000) are not symbols, from source or from its ELF", async () => {
    const fromSource = await loadProgram('programs/compare-methods.S', { cache: true });
    expect(fromSource.symbols.get('measure')).toBeGreaterThan(0x400000n);
    expect(fromSource.symbols.has('SAMPLES')).toBe(false);
    const elfPath = join(mkdtempSync(join(tmpdir(), 'trapdoor-consts-')), 'compare-methods');
    writeFileSync(elfPath, fromSource.elf);
    const fromElf = await loadProgram(elfPath);
    expect(fromElf.symbols.get('measure')).toBe(fromSource.symbols.get('measure'));
    expect(fromElf.symbols.has('SAMPLES')).toBe(false);
  });
});
