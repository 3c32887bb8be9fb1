// Signal delivery on the way back to user mode (arch/x86/kernel/signal.c arch_do_signal_or_restart,
// handle_signal, get_sigframe, x64_setup_rt_frame / ia32_setup_frame / ia32_setup_rt_frame) and
// the way back (rt_sigreturn / sigreturn: restore_sigcontext).
import type { FpuState } from '../../machine/isa/fpuState.js';
import { type FpConfig, mathFrame, mathFrameBytes, restoreMathFrame } from './fpFrame.js';
import type { PtRegs } from '../ptRegs.js';
import {
  FIX_EFLAGS, FREGS_BYTES, fregsFromFxsave, RETCODE_RT_SIGRETURN, RETCODE_SIGRETURN, RT32, RT64, SC32, SC64, SF32,
  siginfoBytes, UC_FLAGS64, UC_FP_XSTATE,
} from './frames.js';
import {
  defaultAction, SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTORER, SA_SIGINFO, SIG_DFL, SIGSEGV, sigBit, signalName, SS_AUTODISARM,
  SS_DISABLE, SS_ONSTACK, UNBLOCKABLE, type SignalState, type SigInfo,
} from './signalState.js';

/** What delivery needs of the kernel and the CPU. */
export interface SignalHost {
  /** The process's bitness (frame format) and whether the kernel is x86_64 (pt_regs layout). */
  processBits: 32 | 64;
  kernel64: boolean;
  signals: SignalState;
  fpu: FpuState;
  /** How the kernel saves FPU state (XSAVE or FXSAVE, the user components), as it booted. */
  fpConfig(): FpConfig;
  copyToUser(addr: bigint, bytes: Uint8Array): boolean;
  copyFromUser(addr: bigint, len: number): Uint8Array | null;
  /** __kernel_sigreturn / __kernel_rt_sigreturn in the 32-bit vDSO. */
  vdsoSymbol(name: string): bigint | undefined;
  /** User segment selectors live in the CPU (gs always; fs/ds/es on the x86_64 kernel). */
  selector(seg: 'gs' | 'fs' | 'ds' | 'es'): number;
  loadSelector(seg: 'gs' | 'fs' | 'ds' | 'es', sel: number): boolean;
  userCs: bigint;
  userDs: bigint;
  /** A signal reaches a handler (strace's `--- SIGSEGV {...} ---`). */
  onDelivered(si: SigInfo): void;
  /** The default action ends the process. */
  kill(si: SigInfo): void;
}

const TF = 0x100n, DF = 0x400n, RF = 0x10000n;
const roundDown = (v: bigint, a: bigint): bigint => v & ~(a - 1n);

/** What AT_MINSIGSTKSZ reports (get_sigframe_size: init_sigframe_size's max_frame_size). */
export function sigframeSize(kernel64: boolean, fp: FpConfig): bigint {
  // rt_sigframe + FRAME_ALIGNMENT - 1, fpstate (the math frame, plus the fsave header where ia32 frames exist) + 63
  const frame = kernel64 ? 440n : 268n;
  const size = frame + 15n + BigInt(mathFrameBytes(fp)) + 112n + 63n;
  return (size + 15n) & ~15n;
}

/** A signal frame the kernel wrote on the user stack, for the debugger to name its fields. */
export interface SignalFrameRecord {
  /** struct rt_sigframe (64-bit), rt_sigframe_ia32 or sigframe_ia32. */
  kind: 'rt64' | 'rt32' | 'sf32';
  addr: bigint;
  size: number;
  signo: number;
}

export class SignalDelivery {
  /** rt_sigsuspend's mask to put back once the handler returns (current->saved_sigmask). */
  savedMask: bigint | null = null;
  /**
   * The frames of handlers that have not returned yet, oldest first: one is taken off by its
   * sigreturn; one a handler left by longjmp is dropped when a later delivery finds the
   * interrupted stack pointer above it (a frame on another stack than that one stays: a simplification).
   */
  readonly frames: SignalFrameRecord[] = [];

  constructor(private readonly h: SignalHost) {}

  /**
   * Deliver what is pending and unblocked to `regs` (the pt_regs the return to user mode pops):
   * handlers get a frame; default actions ignore or kill. Returns true when regs changed.
   */
  deliver(regs: PtRegs): boolean {
    const s = this.h.signals;
    let changed = false;
    while (s.deliverable !== 0n) {
      const si = s.dequeue()!;
      const act = s.actions[si.signo]!;
      if (act.handler === SIG_DFL) {
        const what = defaultAction(si.signo);
        if (what === 'term' || what === 'core') {
          this.h.kill(si);
          return changed;
        }
        continue; // ignore; stop and continue are not modelled for a lone process (simplification)
      }
      if (act.handler === 1n) continue; // SIG_IGN (a forced fault was reset to SIG_DFL before)
      const oldMask = this.savedMask ?? s.blocked;
      this.savedMask = null;
      if (!this.setupFrame(regs, si, oldMask)) {
        // force_sigsegv: a frame that cannot be written kills with SIGSEGV (its handler reset)
        if (si.signo === SIGSEGV) s.actions[SIGSEGV]!.handler = SIG_DFL;
        this.h.kill({ signo: SIGSEGV, code: 0x80, codeName: 'SI_KERNEL', addr: 0n, detail: `cannot write the ${signalName(si.signo)} frame on the user stack` });
        return true;
      }
      this.h.onDelivered(si);
      // signal_delivered: block the handler's mask (and the signal, without SA_NODEFER)
      s.blocked |= act.mask | (act.flags & SA_NODEFER ? 0n : sigBit(si.signo));
      s.blocked &= ~UNBLOCKABLE;
      if (act.flags & SA_RESETHAND) act.handler = SIG_DFL;
      changed = true;
      break; // one frame per return, as Linux: the next one is delivered when this handler's sigreturn returns
    }
    return changed;
  }

  /** get_sigframe's choice of stack: the current one, or the alternate stack with SA_ONSTACK. */
  private stackFor(sp: bigint, flags: bigint): bigint {
    const s = this.h.signals;
    const alt = s.altStack;
    if (flags & SA_ONSTACK && !(alt.flags & SS_DISABLE) && !s.onAltStack(sp) && alt.size > 0n) {
      const top = alt.sp + alt.size;
      if (alt.flags & SS_AUTODISARM) s.altStack = { sp: 0n, size: 0n, flags: SS_DISABLE };
      return top;
    }
    return sp;
  }

  /** uc_stack as sas_ss_flags reports it for the interrupted sp. */
  private ucStack(sp: bigint, w: 4 | 8): Uint8Array {
    const s = this.h.signals;
    const a = s.altStack;
    const flags = a.size === 0n ? SS_DISABLE : s.onAltStack(sp) ? SS_ONSTACK : 0;
    const b = new Uint8Array(w === 8 ? 24 : 12);
    const v = new DataView(b.buffer);
    if (w === 8) {
      v.setBigUint64(0, a.sp, true);
      v.setInt32(8, flags | (a.flags & SS_AUTODISARM), true);
      v.setBigUint64(16, a.size, true);
    } else {
      v.setUint32(0, Number(a.sp & 0xffffffffn), true);
      v.setInt32(4, flags | (a.flags & SS_AUTODISARM), true);
      v.setUint32(8, Number(a.size & 0xffffffffn), true);
    }
    return b;
  }

  private setupFrame(regs: PtRegs, si: SigInfo, oldMask: bigint): boolean {
    const act = this.h.signals.actions[si.signo]!;
    const rt = this.h.processBits === 64 || (act.flags & SA_SIGINFO) !== 0n;
    const userSp = this.h.processBits === 64 ? regs.get('sp') : regs.get('sp') & 0xffffffffn;
    const ok = this.h.processBits === 64 ? this.frame64(regs, si, oldMask) : rt ? this.frame32(regs, si, oldMask, true) : this.frame32(regs, si, oldMask, false);
    if (!ok) return false;
    const kind = this.h.processBits === 64 ? 'rt64' : rt ? 'rt32' : 'sf32';
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i]!.addr + BigInt(this.frames[i]!.size) <= userSp) this.frames.splice(i, 1);
    this.frames.push({ kind, addr: regs.get('sp'), size: kind === 'rt64' ? RT64.size : kind === 'rt32' ? RT32.size : SF32.size, signo: si.signo });
    // handle_signal: the handler starts with DF, RF and TF clear and a fresh FPU state
    regs.set('flags', regs.get('flags') & ~(DF | RF | TF));
    this.h.fpu.reset();
    regs.flush();
    return true;
  }

  private frame64(regs: PtRegs, si: SigInfo, oldMask: bigint): boolean {
    const act = this.h.signals.actions[si.signo]!;
    if (!(act.flags & SA_RESTORER)) return false; // x86-64 requires a restorer (-EFAULT in x64_setup_rt_frame)
    const userSp = regs.get('sp');
    let sp = this.stackFor(userSp - 128n, act.flags); // the red zone stays untouched
    const fp = this.h.fpConfig();
    const bufFx = roundDown(sp - BigInt(mathFrameBytes(fp)), 64n);
    sp = roundDown(bufFx - BigInt(RT64.size), 16n) - 8n;
    const f = new Uint8Array(RT64.size);
    const v = new DataView(f.buffer);
    v.setBigUint64(RT64.pretcode, act.restorer, true);
    v.setBigUint64(RT64.ucFlags, UC_FLAGS64 | (fp.xsave ? UC_FP_XSTATE : 0n), true);
    f.set(this.ucStack(userSp, 8), RT64.ucStack);
    const sc = RT64.mcontext;
    const put = (off: number, val: bigint): void => v.setBigUint64(sc + off, BigInt.asUintN(64, val), true);
    for (const r of ['r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'di', 'si', 'bp', 'bx', 'dx', 'ax', 'cx', 'sp', 'ip', 'flags'] as const) {
      put(SC64[r], regs.get(r));
    }
    v.setUint16(sc + SC64.cs, Number(regs.get('cs')), true);
    v.setUint16(sc + SC64.ss, Number(regs.get('ss')), true);
    put(SC64.err, BigInt(si.err ?? 0));
    put(SC64.trapno, BigInt(si.trapno ?? 0));
    put(SC64.oldmask, oldMask & 0xffffffffn);
    put(SC64.cr2, si.trapno === 14 ? si.addr ?? 0n : 0n);
    put(SC64.fpstate, bufFx);
    v.setBigUint64(RT64.sigmask, oldMask, true);
    f.set(siginfoBytes(si, 64), RT64.info);
    const fx = mathFrame(this.h.fpu, fp, true, false);
    if (!this.h.copyToUser(bufFx, fx) || !this.h.copyToUser(sp, f)) return false;
    regs.set('di', BigInt(si.signo));
    regs.set('si', sp + BigInt(RT64.info));
    regs.set('dx', sp + BigInt(RT64.uc));
    regs.set('ax', 0n); // no vector registers in use (the varargs convention)
    regs.set('ip', act.handler);
    regs.set('sp', sp);
    regs.set('cs', this.h.userCs);
    regs.set('ss', this.h.userDs);
    return true;
  }

  /** A 32-bit sigcontext (ia32) of the interrupted state. */
  private sigcontext32(regs: PtRegs, si: SigInfo, oldMask: bigint, fpstate: bigint): Uint8Array {
    const b = new Uint8Array(SC32.size);
    const v = new DataView(b.buffer);
    const u32 = (x: bigint): number => Number(BigInt.asUintN(32, x));
    const seg = (name: 'gs' | 'fs' | 'ds' | 'es'): number =>
      this.h.kernel64 || name === 'gs' ? this.h.selector(name) : u32(regs.get(name));
    v.setUint32(SC32.gs, seg('gs'), true);
    v.setUint32(SC32.fs, seg('fs'), true);
    v.setUint32(SC32.es, seg('es'), true);
    v.setUint32(SC32.ds, seg('ds'), true);
    for (const r of ['di', 'si', 'bp', 'sp', 'bx', 'dx', 'cx', 'ax', 'ip', 'cs', 'flags', 'ss'] as const) v.setUint32(SC32[r], u32(regs.get(r)), true);
    v.setUint32(SC32.spAtSignal, u32(regs.get('sp')), true);
    v.setUint32(SC32.trapno, si.trapno ?? 0, true);
    v.setUint32(SC32.err, si.err ?? 0, true);
    v.setUint32(SC32.fpstate, u32(fpstate), true);
    v.setUint32(SC32.oldmask, u32(oldMask), true);
    v.setUint32(SC32.cr2, si.trapno === 14 ? u32(si.addr ?? 0n) : 0, true);
    return b;
  }

  private frame32(regs: PtRegs, si: SigInfo, oldMask: bigint, rt: boolean): boolean {
    const act = this.h.signals.actions[si.signo]!;
    const userSp = regs.get('sp') & 0xffffffffn;
    let sp = this.stackFor(userSp, act.flags);
    // fpu__alloc_mathframe: the math frame 64-aligned, the fsave-format header right below it
    const fp = this.h.fpConfig();
    const bufFx = roundDown(sp - BigInt(mathFrameBytes(fp)), 64n);
    const fpstate = bufFx - BigInt(FREGS_BYTES);
    const size = BigInt(rt ? RT32.size : SF32.size);
    sp = ((fpstate - size + 4n) & ~15n) - 4n; // the ABI's alignment at the handler's entry
    const fx = mathFrame(this.h.fpu, fp, this.h.kernel64, true);
    const fpu = this.h.fpu;
    let twd = 0;
    for (let i = 0; i < 8; i++) twd |= (fpu.fpTag[i]! & 3) << (2 * i);
    const restorer = act.flags & SA_RESTORER ? act.restorer : this.h.vdsoSymbol(rt ? '__kernel_rt_sigreturn' : '__kernel_sigreturn');
    const f = new Uint8Array(Number(size));
    const v = new DataView(f.buffer);
    const sc = this.sigcontext32(regs, si, oldMask, fpstate);
    if (rt) {
      v.setUint32(RT32.sig, si.signo, true);
      v.setUint32(RT32.pinfo, Number((sp + BigInt(RT32.info)) & 0xffffffffn), true);
      v.setUint32(RT32.puc, Number((sp + BigInt(RT32.uc)) & 0xffffffffn), true);
      f.set(siginfoBytes(si, 32), RT32.info);
      v.setUint32(RT32.uc, fp.xsave ? Number(UC_FP_XSTATE) : 0, true);
      f.set(this.ucStack(userSp, 4), RT32.ucStack);
      f.set(sc, RT32.mcontext);
      v.setBigUint64(RT32.sigmask, oldMask, true);
      f.set(RETCODE_RT_SIGRETURN, RT32.retcode);
      v.setUint32(RT32.pretcode, Number((restorer ?? sp + BigInt(RT32.retcode)) & 0xffffffffn), true);
    } else {
      v.setUint32(SF32.sig, si.signo, true);
      f.set(sc, SF32.sc);
      v.setUint32(SF32.extramask, Number(oldMask >> 32n), true);
      f.set(RETCODE_SIGRETURN, SF32.retcode);
      v.setUint32(SF32.pretcode, Number((restorer ?? sp + BigInt(SF32.retcode)) & 0xffffffffn), true);
    }
    const segs = this.h.kernel64 ? { cs: Number(regs.get('cs') & 0xffffn), ds: this.h.selector('ds') } : undefined;
    if (!this.h.copyToUser(bufFx, fx) || !this.h.copyToUser(fpstate, fregsFromFxsave(fx, twd, segs)) || !this.h.copyToUser(sp, f)) return false;
    regs.set('ip', act.handler);
    regs.set('sp', sp);
    // the handler's arguments: regparm(3) style for rt frames (ax, dx, cx) as Linux sets them
    regs.set('ax', BigInt(si.signo));
    regs.set('dx', rt ? sp + BigInt(RT32.info) : 0n);
    regs.set('cx', rt ? sp + BigInt(RT32.uc) : 0n);
    regs.set('cs', this.h.userCs);
    regs.set('ss', this.h.userDs);
    if (!this.h.kernel64) {
      regs.set('ds', this.h.userDs);
      regs.set('es', this.h.userDs);
    } else {
      this.h.loadSelector('ds', Number(this.h.userDs));
      this.h.loadSelector('es', Number(this.h.userDs));
    }
    return true;
  }

  /** rt_sigreturn / sigreturn: the frame at the user stack back into regs; returns regs->ax (or null: a bad frame, SIGSEGV). */
  sigreturn(regs: PtRegs, rt: boolean): bigint | null {
    const s = this.h.signals;
    if (this.h.processBits === 64) {
      const frame = regs.get('sp') - 8n; // the handler's ret popped pretcode
      this.forget(frame);
      const f = this.h.copyFromUser(frame, RT64.size);
      if (!f) return null;
      const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
      s.blocked = v.getBigUint64(RT64.sigmask, true) & ~UNBLOCKABLE;
      const sc = RT64.mcontext;
      const get = (off: number): bigint => v.getBigUint64(sc + off, true);
      for (const r of ['r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'di', 'si', 'bp', 'bx', 'dx', 'ax', 'cx', 'sp', 'ip'] as const) regs.set(r, get(SC64[r]));
      regs.set('flags', (regs.get('flags') & ~FIX_EFLAGS) | (get(SC64.flags) & FIX_EFLAGS));
      regs.set('cs', BigInt(v.getUint16(sc + SC64.cs, true) | 3));
      regs.set('ss', BigInt(v.getUint16(sc + SC64.ss, true) | 3));
      regs.set('orig_ax', -1n);
      if (!this.restoreFpu(get(SC64.fpstate), null)) return null;
      this.restoreAltStack(f.subarray(RT64.ucStack, RT64.ucStack + 24), 8);
      regs.flush();
      return regs.get('ax');
    }
    const frame = (regs.get('sp') & 0xffffffffn) - (rt ? 4n : 8n);
    this.forget(frame);
    const f = this.h.copyFromUser(frame, rt ? RT32.size : SF32.size);
    if (!f) return null;
    const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
    const scOff = rt ? RT32.mcontext : SF32.sc;
    s.blocked = (rt ? v.getBigUint64(RT32.sigmask, true) : BigInt(v.getUint32(scOff + SC32.oldmask, true)) | (BigInt(v.getUint32(SF32.extramask, true)) << 32n)) & ~UNBLOCKABLE;
    const get = (off: number): bigint => BigInt(v.getUint32(scOff + off, true));
    for (const r of ['di', 'si', 'bp', 'sp', 'bx', 'dx', 'cx', 'ax', 'ip'] as const) regs.set(r, get(SC32[r]));
    regs.set('flags', (regs.get('flags') & ~FIX_EFLAGS) | (get(SC32.flags) & FIX_EFLAGS));
    regs.set('cs', get(SC32.cs) | 3n);
    regs.set('ss', get(SC32.ss) | 3n);
    regs.set('orig_ax', -1n);
    const seg = (name: 'gs' | 'fs' | 'ds' | 'es', off: number): void => {
      const sel = Number(get(off) & 0xffffn);
      if (!this.h.kernel64 && name !== 'gs') regs.set(name, BigInt(sel));
      else if (this.h.selector(name) !== sel) this.h.loadSelector(name, sel);
    };
    seg('gs', SC32.gs);
    seg('fs', SC32.fs);
    seg('ds', SC32.ds);
    seg('es', SC32.es);
    const fp = get(SC32.fpstate);
    if (!this.restoreFpu(fp === 0n ? 0n : fp + BigInt(FREGS_BYTES), fp)) return null;
    if (rt) this.restoreAltStack(f.subarray(RT32.ucStack, RT32.ucStack + 12), 4);
    regs.flush();
    return regs.get('ax');
  }

  /** sigreturn took the frame at `addr`: it and the frames delivered after it are gone. */
  private forget(addr: bigint): void {
    const i = this.frames.findIndex((f) => f.addr === addr);
    if (i >= 0) this.frames.length = i;
  }

  /** The math frame at addr (0: none, the state is reset), with a 32-bit frame's fsave header at envAt. */
  private restoreFpu(addr: bigint, envAt: bigint | null): boolean {
    if (addr === 0n) {
      this.h.fpu.reset();
      return true;
    }
    return restoreMathFrame(this.h.fpu, this.h.fpConfig(), this.h.kernel64, (a, n) => this.h.copyFromUser(a, n), addr, envAt);
  }

  private restoreAltStack(b: Uint8Array, w: 4 | 8): void {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const sp = w === 8 ? v.getBigUint64(0, true) : BigInt(v.getUint32(0, true));
    const flags = v.getInt32(w, true);
    const size = w === 8 ? v.getBigUint64(16, true) : BigInt(v.getUint32(8, true));
    const s = this.h.signals;
    if (flags & SS_DISABLE) s.altStack = { sp: 0n, size: 0n, flags: SS_DISABLE };
    else if (size > 0n) s.altStack = { sp, size, flags: flags & SS_AUTODISARM };
  }
}
