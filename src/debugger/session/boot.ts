// Booting a session: the kernel with the program exec'd, its symbols (program, kernel, vDSO,
// libraries), the counted call entries, breakpoints carried over from the last boot, source
// lines, and the run of the boot path to the program's first instruction.
import { LinuxKernel } from '../../kernel/LinuxKernel.js';
import { formatSignal } from '../../kernel/straceFormat.js';
import { S_IFCHR, S_IFIFO } from '../../kernel/virtualFs.js';
import type { Bitness } from '../../x86/index.js';
import { KernelStackTracker } from '../kernelStack.js';
import { isStraightLine } from '../plainCalls.js';
import { ProgramSource } from '../programSource.js';
import { readRegisters } from '../registersView.js';
import { RoundTripMeter } from '../roundTrips.js';
import { SharedLibraries } from '../sharedLibraries.js';
import { SymbolTable } from '../symbols.js';
import { hex } from '../viewModel.js';
import { SessionView } from './buildView.js';

/** The size the guest's terminal (the Output pane) reports: the classic 80x24 (TIOCGWINSZ). */
const OUTPUT_TERMINAL = { rows: 24, cols: 80 };

export abstract class SessionBoot extends SessionView {
  protected async boot(): Promise<void> {
    const prog = this.program;
    this.output = '';
    this.syscallLog.clear();
    this.meter = new RoundTripMeter();
    this.exitText = null;
    this.codeAnchor = null;
    this.lastTransfer = null;
    this.prevRegs = null;
    const stdin = this.options.stdin ?? new Uint8Array(0);
    const outputTerminal = this.options.outputTerminal ?? true;
    let stdinPos = 0;
    this.kernel = await LinuxKernel.boot({
      elf: prog.elf,
      execPath: prog.path,
      argv: [prog.path, ...this.inferior.args],
      envp: this.inferior.environment,
      profile: this.profileName,
      kernel: this.options.kernel,
      kernelVersion: this.options.kernelVersion,
      mitigations: this.options.mitigations,
      hostFs: this.options.hostFs,
      exeFile: prog.file,
      streams: {
        readStdin: (max) => {
          const chunk = stdin.subarray(stdinPos, stdinPos + max);
          stdinPos += chunk.length;
          return chunk;
        },
        writeStdout: (b) => this.appendOutput(b),
        writeStderr: (b) => this.appendOutput(b),
        // stdout and stderr are the Output pane, a terminal as the inferior's are under gdb (so
        // stdio line-buffers: printf's write happens in printf); stdin stays the given bytes.
        stat: (fd) => (fd !== 0 && outputTerminal ? { mode: S_IFCHR | 0o620, rdev: [136, 0] } : { mode: S_IFIFO | 0o600 }),
        terminal: (fd) => (fd !== 0 && outputTerminal ? OUTPUT_TERMINAL : null),
      },
      onSyscall: (ev) => this.onSyscall(ev),
      onSignal: (sig) => {
        this.lastSignal = sig;
        const line = formatSignal(sig.name, sig.code, sig.addr);
        this.syscallLog.pushNote(line);
        this.transitions.signal(`${sig.name} delivered to its handler: the kernel builds a signal frame on the user stack and returns to the handler (${line})`, this.machine.cycles);
        this.noteSignalCatch(sig.signo, sig.name);
      },
    });
    this.machine = this.kernel.machine;
    const L = this.kernel.layout;
    this.stackTop = L.stack + BigInt(L.stackSize);
    this.tracker = new KernelStackTracker(L.bits === 64 ? 8 : 4, null);

    this.symbols = new SymbolTable();
    const vdso = this.kernel.mm.vmas.find((v) => v.name === '[vdso]');
    // a PIE's symbols are relative to where exec put it
    const bias = prog.pie ? this.kernel.image.bias : 0n;
    for (const [name, addr] of prog.symbols) this.symbols.add(name, addr + bias, 'user');
    // and so are its DWARF addresses (the first boot tells where exec put it)
    if (bias !== 0n && this.sourceBias !== bias) {
      this.source = ProgramSource.of(prog.elf, prog.lines, bias);
      this.sourceBias = bias;
    }
    this.libraries = new SharedLibraries((p) => this.kernel.files.host.hostPath(p), prog.path);
    this.mapsDirty = true;
    this.noteMappedObjects();
    this.loadStopReason = null;
    this.vdsoEntries.clear();
    this.callEntries.clear();
    this.stackLoads.clear();
    this.entryNames.clear();
    this.lastEntry = null;
    for (const [name, addr] of this.kernel.symbols) {
      const inVdso = vdso !== undefined && addr >= vdso.start && addr < vdso.end;
      this.symbols.add(name, addr, inVdso ? 'vdso' : 'kernel');
      // A vDSO call enters one of its exported __vdso_* functions; internal labels (do_hres) and
      // __kernel_vsyscall (counted as its SYSENTER/SYSCALL) are not calls of their own.
      if (inVdso && name.startsWith('__vdso_')) {
        this.vdsoEntries.add(addr);
        this.callEntries.set(addr, { method: 'vdso', name: name.slice('__vdso_'.length) });
      }
    }
    this.nativeAddrs = [...this.machine.natives.keys()].map((a) => BigInt.asUintN(64, BigInt(a)));
    // Plain calls are counted in programs assembled from source: an ELF's many small helpers
    // would each stop run() twice per call.
    if (prog.fromSource) {
      const bits = this.machine.bitness as Bitness;
      for (const [name, addr] of prog.symbols) {
        if (!this.callEntries.has(addr) && isStraightLine((a, n) => this.readMemory(a, n), this.cache, addr, bits)) this.callEntries.set(addr, { method: 'call', name });
      }
    }
    // Breakpoints set by symbol follow the symbol into the new boot (another profile may mean another kernel).
    for (const bp of this.breakpoints.all()) {
      // (a program's own function or line stays where it was: the program is the same file)
      if (bp.kind !== 'code' || !/^[A-Za-z_.][\w.@]*$/.test(bp.where) || this.source.functionNamed(bp.where)) continue;
      const addr = this.symbols.lookup(bp.where);
      if (addr !== undefined) bp.addr = addr;
      // a library's symbol: pending again until ld.so maps the library in this boot
      else if (this.kernel.interpreter !== null) bp.pending = true;
    }
    this.lineMap.clear();
    for (const l of prog.lines) this.lineMap.set(l.addr, { file: l.file, line: l.line });
    for (const l of this.kernel.kernelCode.lines) if (!this.lineMap.has(l.addr)) this.lineMap.set(l.addr, l);

    // Run the kernel's boot path (syscall_init, the first return to user mode) to the program entry.
    this.runSync({ kind: 'untilUser' }, 5_000_000);
    this.meter = new RoundTripMeter();
    this.transitions.clear();
    this.stopReason = `at program entry (${this.symbols.describe(this.machine.getReg('rip')) ?? hex(this.machine.getReg('rip'))})`;
    this.modeSwitchText = null;
    this.prevRegs = null;
    this.current = this.buildView();
    this.prevRegs = readRegisters(this.machine);
  }
}
