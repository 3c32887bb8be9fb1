// Signal frames as arch/x86/kernel/signal_64.c and signal_32.c lay them out on the user stack:
// the 64-bit struct rt_sigframe (pretcode, ucontext with sigcontext and sigmask, siginfo, then the
// FXSAVE fpstate), the 32-bit rt_sigframe_ia32 and sigframe_ia32 (with the fsave-format header in
// front of the FXSAVE image), and the restore that rt_sigreturn/sigreturn do.

/** struct rt_sigframe (64-bit): pretcode 8, ucontext 304, siginfo 128. */
export const RT64 = {
  pretcode: 0, uc: 8, ucFlags: 8, ucLink: 16, ucStack: 24, mcontext: 48, sigmask: 304, info: 312, size: 440,
} as const;
/** struct sigcontext_64 field offsets (from uc_mcontext). */
export const SC64 = {
  r8: 0, r9: 8, r10: 16, r11: 24, r12: 32, r13: 40, r14: 48, r15: 56, di: 64, si: 72, bp: 80, bx: 88, dx: 96,
  ax: 104, cx: 112, sp: 120, ip: 128, flags: 136, cs: 144, gs: 146, fs: 148, ss: 150, err: 152, trapno: 160,
  oldmask: 168, cr2: 176, fpstate: 184, size: 256,
} as const;
/** struct rt_sigframe_ia32: pretcode, sig, pinfo, puc, siginfo 128, ucontext_ia32 116, retcode 8. */
export const RT32 = { pretcode: 0, sig: 4, pinfo: 8, puc: 12, info: 16, uc: 144, ucStack: 152, mcontext: 164, sigmask: 252, retcode: 260, size: 268 } as const;
/** struct sigframe_ia32: pretcode, sig, sigcontext 88, _fpstate_32 (unused) 624, extramask, retcode 8. */
export const SF32 = { pretcode: 0, sig: 4, sc: 8, extramask: 720, retcode: 724, size: 732 } as const;
/** struct sigcontext_32 field offsets. */
export const SC32 = {
  gs: 0, fs: 4, es: 8, ds: 12, di: 16, si: 20, bp: 24, sp: 28, bx: 32, dx: 36, cx: 40, ax: 44, trapno: 48, err: 52,
  ip: 56, cs: 60, flags: 64, spAtSignal: 68, ss: 72, fpstate: 76, oldmask: 80, cr2: 84, size: 88,
} as const;

export const FXSAVE_BYTES = 512;
/** struct fregs_state: the fsave-format header a 32-bit frame carries in front of the FXSAVE image. */
export const FREGS_BYTES = 112;
/** UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS: what a 64-bit frame's uc_flags say (with UC_FP_XSTATE under XSAVE). */
export const UC_FLAGS64 = 0x2n | 0x4n;
/** UC_FP_XSTATE: the fpstate is an XSAVE image (the kernel uses XSAVE). */
export const UC_FP_XSTATE = 0x1n;
/** EFLAGS bits sigreturn takes from the frame (FIX_EFLAGS: AC OF DF TF SF ZF AF PF CF RF). */
export const FIX_EFLAGS = 0x40000n | 0x800n | 0x400n | 0x100n | 0x80n | 0x40n | 0x10n | 0x4n | 0x1n | 0x10000n;

/** The two retcode sequences of 32-bit frames: what gdb recognises (never executed with a vDSO). */
export const RETCODE_SIGRETURN = Uint8Array.of(0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80); // popl %eax; movl $119,%eax; int $0x80
export const RETCODE_RT_SIGRETURN = Uint8Array.of(0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0); // movl $173,%eax; int $0x80

export interface SiginfoFields {
  signo: number;
  errno?: number;
  code: number;
  addr?: bigint;
  pid?: number;
  uid?: number;
}

/** siginfo_t (128 bytes) for the ABI: si_signo, si_errno, si_code, then the union (at 16 / 12). */
export function siginfoBytes(si: SiginfoFields, bits: 32 | 64): Uint8Array {
  const b = new Uint8Array(128);
  const v = new DataView(b.buffer);
  v.setInt32(0, si.signo, true);
  v.setInt32(4, si.errno ?? 0, true);
  v.setInt32(8, si.code, true);
  const u = bits === 64 ? 16 : 12;
  if (si.addr !== undefined) {
    if (bits === 64) v.setBigUint64(u, BigInt.asUintN(64, si.addr), true);
    else v.setUint32(u, Number(BigInt.asUintN(32, si.addr)), true);
  } else if (si.pid !== undefined) {
    v.setInt32(u, si.pid, true);
    v.setUint32(u + 4, si.uid ?? 0, true);
  }
  return b;
}

/**
 * The fsave-format header (struct fregs_state) from an FXSAVE image, as convert_from_fxsr writes it.
 * The x86_64 kernel has no FCS/FDS to give (its image is the 64-bit format): it stores the user CS
 * and DS selectors there instead (`segs`), and no FOP.
 */
export function fregsFromFxsave(fx: Uint8Array, fullTagWord: number, segs?: { cs: number; ds: number }): Uint8Array {
  const b = new Uint8Array(FREGS_BYTES);
  const v = new DataView(b.buffer);
  const f = new DataView(fx.buffer, fx.byteOffset, 512);
  v.setUint32(0, 0xffff0000 | f.getUint16(0, true), true); // cwd
  v.setUint32(4, 0xffff0000 | f.getUint16(2, true), true); // swd
  v.setUint32(8, 0xffff0000 | fullTagWord, true); // twd
  v.setUint32(12, f.getUint32(8, true), true); // fip
  v.setUint32(16, segs ? segs.cs : ((f.getUint16(6, true) & 0x7ff) << 16 | f.getUint16(12, true)) >>> 0, true); // fcs | fop << 16
  v.setUint32(20, f.getUint32(16, true), true); // foo
  v.setUint32(24, segs ? (0xffff0000 | segs.ds) >>> 0 : f.getUint32(20, true), true); // fos
  for (let i = 0; i < 8; i++) b.set(fx.subarray(32 + 16 * i, 42 + 16 * i), 28 + 10 * i);
  v.setUint16(108, f.getUint16(2, true), true); // status
  v.setUint16(110, 0, true); // magic: X86_FXSR_MAGIC, an FXSAVE image follows
  return b;
}
