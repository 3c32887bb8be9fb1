// gdb's inspecting commands on a session (issue 12 item 8): print with its value history,
// display at every stop, watch (set here, checked by runControl's steppedRun), info frame, and
// until / advance (run to a place or out of the frame).
import type { Bitness } from '../../x86/index.js';
import { examine } from '../examineMemory.js';
import { CommandError, type XFormat, type XUnit } from '../commands.js';
import type { InspectCommand } from '../inspectCommands.js';
import { evaluatePrint, formatValue, parsePrintFormat, type PrintContext, PrintError, type Value } from '../printValue.js';
import { readRegisters, registerForExpression } from '../registersView.js';
import { hex } from '../viewModel.js';
import { SI_CODES } from '../../kernel/LinuxKernel.js';
import { readElf } from '../../elf/index.js';
import { SessionBoot } from './boot.js';

interface Display {
  number: number;
  /** x's format letters and count (/i, /4xg) or print's letter (/x), '' for none. */
  format: string;
  expr: string;
  enabled: boolean;
}

export abstract class SessionInspect extends SessionBoot {
  /** print's value history: $1 is [0]. */
  protected readonly printHistory: Value[] = [];
  protected readonly displays: Display[] = [];
  private nextDisplay = 1;

  protected printContext(): PrintContext {
    const m = this.machine;
    let snapshot: Map<string, bigint> | null = null;
    const named = (n: string): bigint | undefined => {
      if (snapshot === null) snapshot = readRegisters(m);
      return snapshot.get(n);
    };
    return {
      wide: this.kernel.processBits === 64,
      register: (n) => registerForExpression(m, n) ?? named(n),
      symbol: (n) => {
        const addr = this.symbols.lookup(n);
        if (addr === undefined) return undefined;
        const mapping = this.kernel.mm.vmas.find((v) => addr >= v.start && addr < v.end);
        return { addr, code: mapping ? mapping.exec : true }; // (kernel symbols are its entry code)
      },
      describe: (a) => this.symbols.describe(a) ?? null,
      read: (a, n) => this.readMemory(a, n),
      convenience: (name) => {
        const o = this.kernel.outcome();
        if (name === '_exitcode') return o?.kind === 'exited' ? { t: 'int', size: 4, signed: true, v: BigInt(o.status) } : { t: 'void' };
        if (name === '_siginfo') {
          // the last signal: delivered to a handler, or the one that killed the program
          const sig = o?.kind === 'killed' ? { signo: o.signal.signal, code: o.signal.code, addr: o.signal.addr ?? null } : this.lastSignal;
          if (!sig) throw new PrintError('Unable to read siginfo');
          const code = SI_CODES[sig.code.split(',')[0]!.trim()] ?? 0;
          const fault = sig.addr !== null ? `, _sifields = {_sigfault = {si_addr = 0x${sig.addr.toString(16)}}}` : '';
          return { t: 'text', text: `{si_signo = ${sig.signo}, si_errno = 0, si_code = ${code}${fault}}` };
        }
        return undefined;
      },
      debugInfo: this.source.hasLines,
      history: this.printHistory,
    };
  }

  /** Evaluate for print/display; gdb's words on an error. */
  private evaluate(expr: string): Value {
    try {
      return evaluatePrint(expr, this.printContext());
    } catch (e) {
      if (e instanceof PrintError) throw new CommandError(e.message);
      throw e;
    }
  }

  protected print(cmd: Extract<InspectCommand, { kind: 'print' }>): void {
    const v = cmd.expr === null ? (this.printHistory.at(-1) ?? null) : this.evaluate(cmd.expr);
    if (v === null) throw new CommandError('The history is empty.');
    this.printHistory.push(v);
    this.message = `$${this.printHistory.length} = ${formatValue(v, cmd.format, this.printContext())}`;
  }

  protected display(cmd: Extract<InspectCommand, { kind: 'display' }>): void {
    if (cmd.expr === null) {
      this.message = this.displayText() ?? '';
      return;
    }
    // check it parses and evaluates now (gdb refuses a display it cannot evaluate)
    this.displayLine({ number: 0, format: cmd.format, expr: cmd.expr, enabled: true });
    const d: Display = { number: this.nextDisplay++, format: cmd.format, expr: cmd.expr, enabled: true };
    this.displays.push(d);
    this.message = this.displayLine(d);
  }

  protected undisplay(numbers: number[]): void {
    if (numbers.length === 0) {
      this.displays.length = 0;
      this.message = 'Deleted all auto-display expressions.';
      return;
    }
    const missing = numbers.filter((n) => !this.displays.some((d) => d.number === n));
    if (missing.length) throw new CommandError(`No display number ${missing[0]}.`);
    for (const n of numbers) this.displays.splice(this.displays.findIndex((d) => d.number === n), 1);
    this.message = null;
  }

  protected infoDisplay(): void {
    if (this.displays.length === 0) {
      this.message = 'There are no auto-display expressions now.';
      return;
    }
    const rows = this.displays.map((d) => `${`${d.number}:`.padEnd(4)} ${d.enabled ? 'y' : 'n'}  ${this.displayFormat(d)}${d.expr}`);
    this.message = ['Auto-display expressions now in effect:', 'Num Enb Expression', ...rows].join('\n');
  }

  /** `/x ` or `/1bi ` as gdb lists a display's format. */
  private displayFormat(d: Display): string {
    if (!d.format) return '';
    return /[is]/.test(d.format) ? `/${/^\d/.test(d.format) ? '' : '1'}${d.format.includes('b') ? '' : 'b'}${d.format} ` : `/${d.format} `;
  }

  /** Every enabled display, as at a stop; null when there are none. */
  protected displayText(): string | null {
    const lines: string[] = [];
    for (const d of this.displays) {
      if (!d.enabled) continue;
      try {
        lines.push(this.displayLine(d));
      } catch (e) {
        lines.push(`${d.number}: ${d.expr} = <error: ${(e as Error).message}>`);
      }
    }
    return lines.length ? lines.join('\n') : null;
  }

  private displayLine(d: Display): string {
    const memory = /[is]/.test(d.format) || /^\d/.test(d.format) || /[bhwg]/.test(d.format);
    if (!memory) {
      const f = d.format ? parsePrintFormat(`/${d.format}`, 'display') : null;
      return `${d.number}: ${f ? `/${f} ` : ''}${d.expr} = ${formatValue(this.evaluate(d.expr), f, this.printContext())}`;
    }
    // x's formats: the value is an address to examine (display/i $pc)
    const m = /^(\d*)([xduotacsi]?)([bhwg]?)([xduotacsi]?)$/.exec(d.format);
    if (!m) throw new CommandError(`Undefined output format "${d.format}".`);
    const addrValue = this.evaluate(d.expr);
    if (addrValue.t === 'void' || addrValue.t === 'text') throw new CommandError('Value can\'t be converted to integer.');
    const addr = addrValue.t === 'flags' || addrValue.t === 'int' || addrValue.t === 'ptr' || addrValue.t === 'func' ? BigInt.asUintN(64, addrValue.v) : 0n;
    const format = ((m[2] || m[4]) || 'x') as XFormat;
    const unit = (m[3] || (format === 'i' || format === 's' ? 'b' : 'w')) as XUnit;
    const r = examine({ addr, count: m[1] ? Number(m[1]) : 1, format, unit }, (a, n) => this.readMemory(a, n), this.symbols, {
      ctx: this.codeContext(),
      cache: this.cache,
      bits: this.machine.bitness as Bitness,
    });
    const pc = this.machine.getReg('rip');
    // gdb marks the instruction at the PC with =>
    const text = r.text.replace(/^ {3}(0x[0-9a-f]+)/gm, (whole, a: string) => (BigInt(a) === pc ? `=> ${a}` : whole));
    return `${d.number}: x/${d.format} ${d.expr}\n${text}`;
  }

  protected watch(expr: string): void {
    // a watchpoint is on memory: *(TYPE *)ADDR, whose address is found now (as watch -l)
    const inner = /^\*\s*(.+)$/.exec(expr.trim());
    if (!inner) {
      const v = this.evaluate(expr); // gdb's own error for a no-debug symbol comes from here
      throw new CommandError(v.t === 'int' && /^\$/.test(expr.trim())
        ? 'watch: a register is not watched here; watch memory (*(long *)ADDR, a pt_regs slot)'
        : 'Cannot watch constant value `watch ' + expr + "'.");
    }
    const p = this.evaluate(inner[1]!);
    if (p.t !== 'ptr' || typeof p.to !== 'object') throw new CommandError('watch: give the memory with its type: *(long *)ADDR, *(int *)&symbol');
    const old = this.readMemory(p.v, p.to.size);
    if (!old || old.length < p.to.size) throw new CommandError(`Cannot access memory at address 0x${p.v.toString(16)}`);
    const w = this.breakpoints.addWatch(expr.trim(), p.v, p.to.size, old.slice());
    this.message = `Watchpoint ${w.number}: ${w.expr}`;
  }

  /** gdb's `info symbol ADDR`: `_start + 3 in section .text of PROG`. */
  protected infoSymbol(expr: string): void {
    const v = this.evaluate(expr);
    const addr = v.t === 'int' || v.t === 'ptr' || v.t === 'func' || v.t === 'flags' ? BigInt.asUintN(64, v.v) : null;
    if (addr === null) throw new CommandError('Argument required (address).');
    const s = this.symbols.containing(addr);
    if (!s || !this.symbols.describe(addr)) {
      this.message = `No symbol matches ${expr}.`;
      return;
    }
    const off = addr - s.addr;
    const bias = this.program.pie ? this.kernel.image.bias : 0n;
    const sec = s.region === 'user' ? readElf(this.program.elf).sections.find((x) => x.addr !== 0n && addr >= x.addr + bias && addr < x.addr + bias + BigInt(x.size))?.name : '.text';
    const of = s.region === 'user' ? ` of ${this.program.path}` : s.objectPath ? ` of ${s.objectPath}` : s.region === 'kernel' ? ' (the kernel)' : ' (the vDSO)';
    this.message = `${s.name}${off ? ` + ${off}` : ''} in section ${sec ?? '?'}${of}`;
  }

  protected infoFrame(): void {
    const { frames } = this.userFrames();
    if (this.machine.cpl === 0) throw new CommandError('info frame: in the kernel, the user frames come from pt_regs (bt); select frames in user mode');
    const level = this.selectedFrame;
    const f = frames[level];
    if (!f) throw new CommandError('No stack.');
    const word = BigInt(this.kernel.processBits === 64 ? 8 : 4);
    const r = this.kernel.processBits === 64 ? 'rip' : 'eip';
    // the frame's address is its CFA: the caller's stack pointer (past the return address)
    const cfa = frames[level + 1]?.sp ?? f.sp + word;
    const saved = this.readSlot(cfa - word, Number(word) as 4 | 8);
    const sym = this.symbols.containing(f.lookupPc);
    const lines = [
      `Stack level ${level}, frame at 0x${hex(cfa)}:`,
      ` ${r} = 0x${hex(f.pc)}${sym ? ` in ${sym.name}` : ''}; saved ${r} = ${saved === null ? '<not saved>' : `0x${hex(saved)}`}`,
    ];
    const caller = frames[level + 1];
    if (caller && frames[level + 2]) lines.push(` called by frame at 0x${hex(frames[level + 2]!.sp)}`);
    else if (caller && level + 1 < frames.length - 1) lines.push(` called by frame at 0x${hex(caller.sp + word)}`);
    if (level > 0) lines.push(` caller of frame at 0x${hex(f.sp)}`);
    const args = cfa - 2n * word;
    lines.push(` Arglist at 0x${hex(args)}, args: `, ` Locals at 0x${hex(args)}, Previous frame's sp is 0x${hex(cfa)}`, ' Saved registers:', `  ${r} at 0x${hex(cfa - word)}`);
    this.message = lines.join('\n');
  }

  /** A location for until/advance (*ADDR, SYMBOL, FILE:LINE or LINE), resolved as break resolves it. */
  protected abstract location(where: string): bigint;

  /** advance LOCATION / until LOCATION: to it, or until the current frame returns. */
  protected async advance(where: string, what: 'advance' | 'until'): Promise<void> {
    this.requireAlive();
    if (this.machine.cpl === 0) throw new CommandError(`${what}: in the kernel, use finish (back to user mode) or break + continue`);
    const to = this.location(where);
    await this.runAsync({ kind: 'advance', to });
    const pc = this.machine.getReg('rip');
    if (this.stopReason === 'reached') this.stopReason = `${what}: at ${this.symbols.describe(to) ?? `0x${hex(to)}`}`;
    else if (this.stopReason === 'returned') this.stopReason = `${what}: the function returned (to ${this.symbols.describe(pc) ?? `0x${hex(pc)}`})`;
  }

  /** `until` without a location: `next`, but a jump back (a loop) is run through to a later address or line. */
  protected async untilNext(): Promise<void> {
    this.requireAlive();
    const m = this.machine;
    const startPc = m.getReg('rip');
    const startSp = m.getReg('rsp');
    const line = this.source.positionAt(startPc)?.line ?? null;
    for (let i = 0; i < 100_000; i++) {
      await this.run1Next();
      if (this.exitText || !this.stopReason.startsWith('next') && this.stopReason !== 'step') return;
      const pc = m.getReg('rip');
      if (m.cpl !== 3 || m.getReg('rsp') > startSp) break; // left the frame
      const now = this.source.positionAt(pc)?.line ?? null;
      if (line !== null && now !== null ? now > line : pc > startPc) break;
    }
    this.stopReason = `until: ${this.symbols.describe(m.getReg('rip')) ?? `0x${hex(m.getReg('rip'))}`}`;
  }

  /** One `next` (a source line, or nexti without line information). */
  protected abstract run1Next(): Promise<void>;
}
