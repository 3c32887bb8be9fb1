// The view model of a stop (or a snapshot while running): every pane's contents, built from the
// machine, the kernel and what the session recorded; and handing it to the listeners.
import { kernelNote } from '../../kernel/kernelConfig.js';
import { formatAtt, type Bitness } from '../../x86/index.js';
import { buildCodeView, decodeForward } from '../codeView.js';
import { buildRegistersView, readRegisters } from '../registersView.js';
import { liveFrame, type SignalFrameView, signalFrameView } from '../signalFrame.js';
import { buildSourceListing, type LineBreakpoint } from '../sourceListing.js';
import { hex, type MemoryMapRow, modeString, type SourceListing, type ViewModel } from '../viewModel.js';
import { SessionRunControl } from './runControl.js';
import { SYSCALL_LINES } from './syscallTrace.js';

/** Transitions in a view (the log keeps more). */
const TRANSITION_ROWS = 300;

export abstract class SessionView extends SessionRunControl {
  protected publish(running = false): void {
    this.current = this.buildView(running);
    for (const l of this.listeners) l(this.current);
  }

  protected kernelRegions(): { start: string; end: string; perms: string; name: string; lo: bigint; hi: bigint }[] {
    const L = this.kernel.layout;
    const text = this.kernel.kernelCode;
    // Whole pages, as /proc/self/maps shows mappings (4-character permissions, page-aligned ends).
    const r = (lo: bigint, size: number, perms: string, name: string) => {
      const hi = lo + ((BigInt(size) + 0xfffn) & ~0xfffn);
      return { start: hex(lo, 8), end: hex(hi, 8), perms: `${perms}p`, name, lo, hi };
    };
    return [
      r(L.text, text.bytes.length, 'r-x', 'kernel text (entry code)'),
      r(L.natives, 4096, 'r-x', 'kernel C functions (native)'),
      r(L.gdt, 4096, 'rw-', 'GDT'),
      r(L.idt, 4096, 'rw-', 'IDT'),
      r(L.percpu, 0x3000, 'rw-', 'per-cpu (TSS, entry stack)'),
      r(L.stack, L.stackSize, 'rw-', 'task kernel stack'),
    ];
  }

  protected memoryMap(rip: bigint): MemoryMapRow[] {
    const rows: MemoryMapRow[] = [...this.kernel.mm.vmas]
      .sort((a, b) => (a.start < b.start ? -1 : 1))
      .map((v) => ({
        start: hex(v.start, 8),
        end: hex(v.end, 8),
        perms: `${v.read ? 'r' : '-'}${v.write ? 'w' : '-'}${v.exec ? 'x' : '-'}p`,
        name: v.name ?? '',
        kernelOnly: false,
        current: rip >= v.start && rip < v.end,
      }));
    for (const k of this.kernelRegions()) rows.push({ start: k.start, end: k.end, perms: k.perms, name: k.name, kernelOnly: true, current: rip >= k.lo && rip < k.hi });
    return rows;
  }

  /** The frame of the signal handler running at user stack pointer `userSp` (in the kernel: pt_regs' sp), field by field. */
  private signalFrame(userSp: bigint | null): SignalFrameView | null {
    const frames = this.kernel.signalFrames;
    if (frames.length === 0 || userSp === null) return null;
    const f = liveFrame(frames, userSp);
    return f ? signalFrameView(f, (a, n) => this.readMemory(a, n), (a) => this.symbols.describe(a)) : null;
  }

  protected buildView(running = false): ViewModel {
    const m = this.machine;
    const rip = m.getReg('rip');
    const bits = m.bitness;
    const regs = readRegisters(m);
    const vdso = this.kernel.mm.vmas.find((v) => v.name === '[vdso]');
    const shown = this.codeAnchor ?? rip;
    // (browsing: the region of the code shown; user code is in a VMA of the process)
    const inVma = this.codeAnchor !== null && this.kernel.mm.vmas.some((v) => shown >= v.start && shown < v.end);
    const region = vdso && shown >= vdso.start && shown < vdso.end ? 'vdso' : (this.codeAnchor === null ? m.cpl === 0 : !inVma) ? 'kernel' : 'user';
    const inFlight = this.meter.inFlight ?? this.meter.vdso;
    const sp = m.getReg('rsp');
    return {
      code: this.codeView(rip, bits as Bitness, region),
      registers: buildRegistersView(m, regs, this.prevRegs),
      kernelStack: {
        ...this.tracker.build({ readSlot: (a, n) => this.readSlot(a, n) }, this.stackTop, this.kernel.layout.stackSize, m.longMode ? sp : sp & 0xffffffffn, m.cpl === 0, this.lastTransfer, (a) => (a >= this.kernel.layout.text ? this.symbols.describe(a) : null), this.stackSwitched(rip), (a) => this.symbols.describe(a)),
        signalFrame: this.signalFrame(m.cpl === 0 ? this.readSlot(this.stackTop - BigInt(2 * this.tracker.slotSize), this.tracker.slotSize) : m.longMode ? sp : sp & 0xffffffffn),
      },
      memoryMap: this.memoryMap(rip),
      cycles: {
        profile: this.profileName,
        kernelNote: kernelNote(this.kernel.version, this.kernel.mitigations),
        total: m.cycles,
        methods: this.meter.rows(this.kernel.kind === 'x86_64' && this.kernel.processBits === 64 ? ['call', 'vdso', 'syscall', 'int80'] : ['call', 'vdso', 'sysenter', 'syscall32', 'int80']),
        inFlight: inFlight ? { method: inFlight.method, cycles: m.cycles - inFlight.startCycles } : null,
        ratios: this.meter.ratios(),
        bySyscall: this.meter.syscalls(),
        lastTrip: this.meter.last,
      },
      syscalls: this.syscallLog.last(SYSCALL_LINES),
      syscallTotal: this.syscallLog.total,
      output: this.output,
      status: {
        mode: modeString(m.cpl, bits),
        kernel: m.cpl === 0,
        stopReason: this.exitText && !this.stopReason.startsWith('exited') && !this.stopReason.startsWith('killed') ? `${this.stopReason} · ${this.exitText}` : this.stopReason,
        modeSwitch: this.modeSwitchText,
        stepNote: this.stepNoteText,
        running,
        exited: this.exitText !== null,
        modeStops: this.modeStops,
        message: this.message,
        program: this.displayName,
        profile: this.profileName,
        kernelName: this.kernel.kind,
      },
      breakpoints: this.breakpoints.rows((a) => this.symbols.describe(a) ?? hex(a)),
      transitions: this.transitions.last(TRANSITION_ROWS, (t) => this.describeTransfer(t), (a) => this.symbols.describe(a) ?? `0x${hex(a)}`),
      transitionTotal: this.transitions.total,
    };
  }

  /** The Code pane: around the stop, or around the selected frame's pc (`up`, `down`). */
  protected codeView(rip: bigint, bits: Bitness, region: string): ViewModel['code'] {
    const frame = this.selectedFrame > 0 ? this.userFrames().frames[this.selectedFrame] : undefined;
    const view = frame
      ? buildCodeView(this.codeContext(), this.cache, frame.pc, bits, `${region} · frame #${frame.level}`)
      : buildCodeView(this.codeContext(), this.cache, rip, bits, region, 12, 24, this.codeAnchor ?? rip);
    const listing = this.sourceListing();
    return listing ? { ...view, listing } : view;
  }

  /** The source-only view: the file of the stop's line (or the selected frame's), null where there is none. */
  protected sourceListing(): SourceListing | null {
    const pos = this.position();
    if (!pos) return null;
    const lineBreakpoints: LineBreakpoint[] = [];
    for (const b of this.breakpoints.all()) {
      if (b.kind !== 'code' || b.pending) continue;
      const at = this.source.positionAt(b.addr);
      if (at) lineBreakpoints.push({ number: b.number, enabled: b.enabled, file: at.file, line: at.line });
    }
    return buildSourceListing(pos.file, this.source.text(pos.file), pos.line, lineBreakpoints);
  }

  /** Where each SYSCALL/SYSENTER entry point loads the task's kernel stack (the first write of the stack pointer). */
  protected readonly stackLoads = new Map<bigint, bigint | null>();

  /** Whether the entry code has loaded the task stack since the last entry: RIP is past that instruction. */
  protected stackSwitched(rip: bigint): boolean {
    const e = this.tracker.lastEntry;
    if (this.machine.cpl !== 0 || !e || (e.cause !== 'syscall' && e.cause !== 'sysenter')) return false;
    let load = this.stackLoads.get(e.toRip);
    if (load === undefined) {
      const insns = decodeForward(this.codeContext(), this.cache, e.toRip, this.kernel.layout.bits as Bitness, 8);
      load = insns.find((i) => /,%[re]sp$/.test(formatAtt(i).trim()))?.ip ?? null;
      this.stackLoads.set(e.toRip, load);
    }
    return load !== null && (rip < e.toRip || rip > load);
  }
}
