// The C side of each syscall entry (do_syscall_64, do_int80_syscall_32, do_int80_emulation,
// do_fast_syscall_32, do_SYSENTER_32): the number and arguments from pt_regs, the sys_* function
// run with its cost and trace event, the result written back, signals delivered, and whether the
// return may take SYSRET/SYSEXIT.
import { FLAG_IF, FLAG_RF, FLAG_TF, FLAG_VM } from '../machine/index.js';
import { ENOSYS, EFAULT, EPIPE } from './errno.js';
import { signalName, SIGPIPE as SIG_PIPE, type SigInfo } from './signal/signalState.js';
import { SEL32, SEL64 } from './layout.js';
import { PtRegs } from './ptRegs.js';
import { dispatchSyscall, syscallByNumber, type Abi } from './syscallTable.js';
import { KernelExec } from './exec.js';
import { PID, UID, type EntryMethod } from './kernelState.js';
import { siCodeText } from './signals.js';

const USER_CS64 = BigInt(SEL64.USER_CS);
const USER_DS64 = BigInt(SEL64.USER_DS);
const RF_TF = BigInt(FLAG_RF | FLAG_TF);

export abstract class KernelSyscallEntry extends KernelExec {
  /** Each sys_* function's own modelled cost, looked up once. */
  private readonly sysCosts = new Map<string, number>();
  /** Ignored signals sent during the syscall: strace shows them as it returns. */
  protected readonly ignoredSeen: SigInfo[] = [];
  /** The unimplemented syscalls already noted (once per name). */
  private readonly notedSyscalls = new Set<string>();

  protected runSyscall(abi: Abi, nr: number, args: bigint[], method: EntryMethod): bigint | null {
    const info = syscallByNumber(abi, nr);
    const name = info?.name ?? `syscall_${nr}`;
    const noReturn = info?.ret === 'noreturn';
    if (noReturn) this.onSyscall?.({ abi, nr, name, args, ret: null, method, cycles: this.machine.cycles });
    // the sys_* function's own modelled cost, on top of the dispatcher's (profile nativeCosts)
    let cost = this.sysCosts.get(name);
    if (cost === undefined) {
      cost = this.machine.profile.nativeCosts[`sys_${name}`] ?? 0;
      this.sysCosts.set(name, cost);
    }
    if (cost) this.machine.addCycles(cost);
    if (info && !info.fn && !info.linuxHasNone && !this.notedSyscalls.has(name)) {
      this.notedSyscalls.add(name);
      this.note(`trapdoor: note: syscall '${name}' not implemented (ENOSYS)`);
    }
    // the tracer shows set_thread_area's struct as it was on entry
    const before = this.onSyscall && name === 'set_thread_area' ? this.readUserForTrace(args[0]!, 16) ?? undefined : undefined;
    const ret = dispatchSyscall(this.ctx, abi, nr, args);
    if (this.exitStatus !== null) return null;
    if (ret === -BigInt(EPIPE) && (name === 'write' || name === 'writev' || name === 'pwrite64')) {
      // pipe_write sends SIGPIPE along with -EPIPE; by default it ends the process
      this.signals.send({ signo: SIG_PIPE, code: 0, codeName: 'SI_USER', pid: PID, uid: UID, detail: 'write to a pipe with no reader' });
    }
    if (!noReturn) this.onSyscall?.({ abi, nr, name, args, ret, method, cycles: this.machine.cycles, ...(before ? { before } : {}) });
    if (this.ignoredSeen.length > 0) {
      for (const si of this.ignoredSeen) this.onSignal?.({ signo: si.signo, name: signalName(si.signo), code: siCodeText(si), addr: si.addr ?? null });
      this.ignoredSeen.length = 0;
    }
    return ret;
  }

  protected doSyscall64(): void {
    const m = this.machine;
    // the hot path: read the 168-byte frame once; slots by index (pt_regs order, REFERENCE.md)
    const frame = m.getReg('rdi');
    const live = this.liveFrame(frame, 168);
    const b = live ?? m.read(frame, 168);
    const dv = new DataView(b.buffer, b.byteOffset, 168);
    const slot = (i: number): bigint => dv.getBigUint64(i * 8, true);
    const nr = BigInt.asIntN(64, m.getReg('rsi'));
    const args = [slot(14), slot(13), slot(12), slot(7), slot(9), slot(8)]; // di si dx r10 r8 r9
    this.currentRegs = frame;
    // any number reaches syscall entry work (strace sees it); one outside the table is -ENOSYS
    const ret = this.runSyscall('x86_64', Number(nr), args, 'syscall');
    if (ret === null) {
      this.returnBool(false);
      return;
    }
    if (live) dv.setBigUint64(80, BigInt.asUintN(64, ret), true); // regs->ax
    else m.writeU64(frame + 80n, ret);
    if (this.signals.deliverable !== 0n && this.deliverSignals(frame)) {
      this.returnBool(false);
      return;
    }
    // SYSRET only when it restores exactly what IRET would (arch/x86/entry/syscall_64.c):
    // cx == ip, r11 == flags, the user cs/ss, ip in user space, neither RF nor TF
    const ip = slot(16);
    const flags = slot(18);
    const ok = slot(11) === ip && slot(6) === flags && slot(17) === USER_CS64 && slot(20) === USER_DS64 &&
      ip < 0x00007ffffffff000n && (flags & RF_TF) === 0n;
    this.returnBool(ok);
  }

  /** The frame's bytes in place when it sits in one page (it does: the kernel stack top is page aligned). */
  protected liveFrame(addr: bigint, len: number): Uint8Array | null {
    // every syscall from user mode builds its frame at the same place: remember the view
    if (addr === this.frameCache.addr && len === this.frameCache.len) return this.frameCache.bytes;
    const off = Number(addr & 0xfffn);
    if (off + len > 4096) return null;
    const page = this.machine.pageBytes(addr);
    const bytes = page ? page.subarray(off, off + len) : null;
    this.frameCache = { addr, len, bytes };
    return bytes;
  }

  protected frameCache: { addr: bigint; len: number; bytes: Uint8Array | null } = { addr: -1n, len: 0, bytes: null };

  protected args32(regs: PtRegs): bigint[] {
    return (['bx', 'cx', 'dx', 'si', 'di', 'bp'] as const).map((f) => regs.get(f) & 0xffffffffn);
  }

  /** INT 0x80 on i386, and on x86_64 up to 6.6 (entry_INT80_compat): the number is orig_ax. */
  protected doInt80Syscall32(): void {
    const long = this.kind === 'x86_64';
    const regs = new PtRegs(this.mem, this.regsArg(), long ? 64 : 32);
    const nr = Number(BigInt.asIntN(32, regs.get('orig_ax')));
    this.currentRegs = regs.addr;
    const ret = this.runSyscall('i386', nr, this.args32(regs), 'int80');
    if (ret === null) return;
    regs.set('ax', long ? BigInt.asIntN(32, ret) : ret);
    regs.flush();
    if (this.signals.deliverable !== 0n) this.deliverSignals(regs.addr);
  }

  /** x86_64 kernel, INT 0x80 (6.7+): the number comes from ax, i386 numbers, low 32 bits. */
  protected doInt80Emulation(): void {
    const regs = new PtRegs(this.mem, this.regsArg(), 64);
    const nr32 = regs.get('ax') & 0xffffffffn;
    regs.set('orig_ax', nr32);
    regs.set('ax', -BigInt(ENOSYS));
    regs.flush();
    const nr = Number(BigInt.asIntN(32, nr32));
    this.currentRegs = regs.addr;
    const ret = this.runSyscall('i386', nr, this.args32(regs), 'int80');
    if (ret === null) return;
    regs.set('ax', BigInt.asIntN(32, ret));
    regs.flush();
    if (this.signals.deliverable !== 0n) this.deliverSignals(regs.addr);
  }

  protected doSysenter32(): void {
    const regsAddr = this.regsArg();
    const regs = new PtRegs(this.mem, regsAddr, this.kind === 'x86_64' ? 64 : 32);
    regs.set('sp', regs.get('bp')); // __kernel_vsyscall left the user stack pointer in EBP
    regs.set('flags', regs.get('flags') | BigInt(FLAG_IF));
    regs.flush();
    this.doFastSyscall32(regsAddr, 'sysenter');
  }

  /** SYSENTER/compat-SYSCALL: return to the vDSO landing pad; the 6th argument is on the user stack. */
  protected doFastSyscall32(regsAddr: bigint, method: EntryMethod): void {
    const long = this.kind === 'x86_64';
    const regs = new PtRegs(this.mem, regsAddr, long ? 64 : 32);
    const landing = this.vdsoBase + this.landingPad32;
    regs.set('ip', landing);
    const sp = regs.get('sp') & 0xffffffffn;
    const arg6 = this.machine.readUser(sp, 4);
    if (!(arg6 instanceof Uint8Array)) {
      regs.set('ax', -BigInt(EFAULT));
      regs.flush();
      this.returnBool(false);
      return;
    }
    regs.set('bp', BigInt(new DataView(arg6.buffer, arg6.byteOffset).getUint32(0, true)));
    regs.flush();
    const nr = Number(BigInt.asIntN(32, regs.get('orig_ax')));
    this.currentRegs = regsAddr;
    const ret = this.runSyscall('i386', nr, this.args32(regs), method);
    if (ret === null) {
      this.returnBool(false);
      return;
    }
    const written = new PtRegs(this.mem, regsAddr, long ? 64 : 32);
    written.set('ax', long ? BigInt.asIntN(32, ret) : ret);
    written.flush();
    if (this.signals.deliverable !== 0n && this.deliverSignals(regsAddr)) {
      this.returnBool(false);
      return;
    }
    const after = new PtRegs(this.mem, regsAddr, long ? 64 : 32);
    const flags = after.get('flags');
    const ok = after.get('cs') === BigInt(long ? SEL64.USER32_CS : SEL32.USER_CS) &&
      after.get('ss') === BigInt(long ? SEL64.USER_DS : SEL32.USER_DS) && after.get('ip') === landing &&
      (flags & BigInt(FLAG_RF | FLAG_TF | FLAG_VM)) === 0n;
    this.returnBool(ok);
  }}
