// The exception handlers (exc_*): demand paging and stack growth, the vsyscall page's emulation,
// UMIP's fixup, and otherwise the signal a fault raises in the process (or a kernel oops/panic).
import { SIGSEGV } from './signal/signalState.js';
import { SEL32, SEL64 } from './layout.js';
import { PtRegs } from './ptRegs.js';
import { fixupUmip } from './umip.js';
import {
  breakpointSignal, divideErrorSignal, generalProtectionSignal, invalidOpcodeSignal, killReport, pageFaultSignal, SIGKILL,
  type FatalSignal, type ExceptionKind, otherExceptionSignal, SI_CODES, TRAPNO,
} from './signals.js';
import { dispatchSyscall, syscallByName } from './syscallTable.js';
import { CR4_UMIP, VSYSCALL_ADDR } from './kernelState.js';
import { KernelSyscallEntry } from './syscallEntry.js';

export abstract class KernelFaults extends KernelSyscallEntry {
  protected exception(kind: ExceptionKind): void {
    const m = this.machine;
    const long = this.kind === 'x86_64';
    const regs = new PtRegs(this.mem, this.regsArg(), long ? 64 : 32);
    const ip = regs.get('ip');
    const fromUser = (regs.get('cs') & 3n) === 3n;
    const errorCode = Number(long ? m.getReg('rsi') & 0xffffffffn : m.getReg('rdx') & 0xffffffffn);
    let accessError = (errorCode & 1) !== 0;
    if (kind === 'pf' && fromUser && this.emulateVsyscall(regs, m.getCr(2), errorCode)) return;
    if (kind === 'pf' && fromUser) {
      // demand paging and stack growth: map the page and let IRET run the instruction again
      const cr2 = m.getCr(2);
      const r = this.mm.handleFault(cr2, (errorCode & 2) !== 0, (errorCode & 16) !== 0, (errorCode & 1) !== 0);
      if (r === 'mapped') return;
      accessError = r === 'accerr';
    }
    // exc_general_protection: fixup_umip_exception emulates SGDT SIDT SMSW SLDT STR for user space
    if (kind === 'gp' && fromUser && (m.getCr(4) & BigInt(CR4_UMIP)) !== 0n && this.umipFixup(regs)) return;
    const insn = this.instructionAt(ip, fromUser);
    const ex = m.lastException;
    let sig: FatalSignal;
    switch (kind) {
      case 'pf': sig = pageFaultSignal(m.getCr(2), errorCode, this.mm.userLimit, ip, insn, accessError); break;
      case 'gp': sig = generalProtectionSignal(ex?.reason ?? '', ip, insn); break;
      case 'ud': sig = invalidOpcodeSignal(ex?.reason ?? 'invalid opcode', ex?.notEmulated ?? false, ip, insn); break;
      case 'de': sig = divideErrorSignal(ip, insn); break;
      case 'bp': sig = breakpointSignal(ip - 1n); break;
      default: sig = otherExceptionSignal(kind, ex?.reason ?? '', ip, insn, m.fpu); break;
    }
    if (!fromUser || (kind === 'ud' && ex?.notEmulated)) {
      // a kernel oops, or an instruction trapdoor cannot run: no handler can make that right
      if (!fromUser) sig = { ...sig, signal: SIGKILL, name: 'SIGKILL', detail: `kernel oops in ${this.symbolFor(ip)}: ${sig.detail}` };
      this.fatal = sig;
      m.requestStop(killReport(sig));
      return;
    }
    // force_sig_fault: to the handler if there is one, with si_code, si_addr, trapno and the error code
    const code = sig.code.split(',')[0]!;
    const cr2 = m.getCr(2);
    const withError = kind === 'gp' || kind === 'segment_not_present' || kind === 'stack_segment' || kind === 'alignment_check';
    const err = kind === 'pf' ? (errorCode | 4 | (cr2 >= this.mm.userLimit ? 1 : 0)) : withError ? errorCode : 0;
    this.signals.send({
      signo: sig.signal, code: SI_CODES[code] ?? 0x80, codeName: code, addr: sig.addr ?? undefined, trapno: TRAPNO[kind], err,
      forced: true, detail: sig.detail,
    });
    this.deliverSignals(regs.addr);
  }

  /** A vector nothing in trapdoor raises (NMI, #DF, #MC, an IPI ...): a system vector is acked and ignored; an exception, a kernel panic, as in die(). */
  protected unexpectedException(name: string): void {
    if (name.startsWith('sysvec_') || name.endsWith('_interrupt')) return;
    const ip = new PtRegs(this.mem, this.regsArg(), this.kind === 'x86_64' ? 64 : 32).get('ip');
    this.fatal = { signal: SIGKILL, name: 'SIGKILL', code: 'SI_KERNEL', addr: null, detail: `kernel panic: ${name} (${this.machine.lastException?.reason ?? "unexpected exception"}) at ${this.symbolFor(ip)}` };
    this.machine.requestStop(killReport(this.fatal));
  }

  /** The UMIP fixup (umip.ts); true when the #GP is handled (emulated, or its store faulted: SIGSEGV). */
  protected umipFixup(regs: PtRegs): boolean {
    const r = fixupUmip({
      regs, longMode: regs.get('cs') === BigInt(SEL64.USER_CS) && this.kind === 'x86_64',
      tssSelector: this.kind === 'x86_64' ? SEL64.TSS : SEL32.TSS,
      fetch: (ip) => {
        const b = this.machine.readUser(ip, 15);
        if (b instanceof Uint8Array) return b;
        // as many bytes as are readable (the instruction may end before the unreadable page)
        const n = Number(b.address - ip);
        const part = n > 0 ? this.machine.readUser(ip, n) : null;
        return part instanceof Uint8Array ? part : new Uint8Array(0);
      },
      copyToUser: (a, bytes) => this.copyToUser(a, bytes),
    });
    if (r.kind === 'not-umip') return false;
    if (r.kind === 'emulated') regs.flush();
    else {
      // force_sig_info_umip_fault: SIGSEGV/SEGV_MAPERR as a #PF on a user write at the operand
      this.signals.send({ signo: SIGSEGV, code: SI_CODES.SEGV_MAPERR!, codeName: 'SEGV_MAPERR', addr: r.addr, trapno: 14, err: 6, forced: true, detail: `umip emulation: write to ${'0x' + r.addr.toString(16)} failed` });
    }
    if (this.signals.deliverable !== 0n) this.deliverSignals(regs.addr);
    return true;
  }

  /**
   * emulate_vsyscall (vsyscall=xonly, Linux's default): a call to one of the three legacy entries
   * faults on the fetch; the kernel runs gettimeofday/time/getcpu and returns as the entry's ret
   * would. Anything else in the page is SIGSEGV.
   */
  protected emulateVsyscall(regs: PtRegs, cr2: bigint, errorCode: number): boolean {
    if (this.processBits !== 64 || (cr2 & ~0xfffn) !== VSYSCALL_ADDR || !(errorCode & 16) || regs.get('ip') !== cr2) return false;
    const entry = ['gettimeofday', 'time', 'getcpu'][Number(cr2 - VSYSCALL_ADDR) / 0x400];
    if (entry === undefined || (cr2 - VSYSCALL_ADDR) % 0x400n !== 0n) return false;
    const sp = regs.get('sp');
    const retAddr = this.copyFromUser(sp, 8);
    if (!retAddr) return false;
    const args = [regs.get('di'), regs.get('si'), regs.get('dx'), 0n, 0n, 0n];
    const ret = dispatchSyscall(this.ctx, 'x86_64', syscallByName(entry)!.x86_64!, args);
    regs.set('ax', ret);
    regs.set('ip', new DataView(retAddr.buffer, retAddr.byteOffset, 8).getBigUint64(0, true));
    regs.set('sp', sp + 8n);
    regs.flush();
    return true;
  }}
