/**
 * src/machine — the emulated x86 CPU (IA-32 protected mode, x86-64 long mode incl. compat mode).
 * It knows nothing of Linux. Public API (stable; extended additively):
 *
 *   const m = new Machine('zen4-kvm' | 'textbook' | profileObject);
 *
 * Registers (64-bit values are bigint at this boundary; typed arrays inside):
 *   m.getReg('rax') / m.setReg('rsp', 0x7ffd0000n)      incl. 'rip' and 'rflags'
 *   m.getSeg('cs'): SegmentState / m.loadSeg('ds', 0x2b) (reads the descriptor from the guest GDT
 *   like `mov %ax,%ds`; loading CS sets CPL and bitness) / m.setSeg(name, state) (raw)
 *   m.getCr(0|2|3|4) / m.setCr(n, v)   (setting CR3 switches the address space; CR0.PG + EFER.LME -> LMA)
 *   m.readMsr(idx) / m.writeMsr(idx, v)   EFER STAR LSTAR CSTAR FMASK SYSENTER_* FS/GS/KERNEL_GS_BASE, 0x814
 *   m.getGdtr()/setGdtr({base,limit}), getIdtr()/setIdtr(), getTr()/loadTr(selector)
 *   m.cpl, m.bitness (16|32|64), m.longMode, m.cycles (modelled cycle counter; RDTSC returns it)
 *
 * Memory: physical RAM as sparse 4 KiB pages; address spaces keyed by CR3. SIMPLIFICATION: the page
 * map is host-side (per CR3: page -> physical page + P/W/X/U bits); guest page tables are not walked.
 * Every guest access checks U/S, R/W (CR0.WP at CPL 0) and X (EFER.NXE) and raises #PF with the
 * SDM error code and CR2.
 *   m.createAddressSpace(cr3)                    an empty space
 *   m.map(cr3, addr, size, perms, data?)         fresh zeroed pages (optionally filled with data)
 *   m.mapShared(dstCr3, srcCr3, addr, size)      the same physical pages in another space (kernel half)
 *   m.unmap(cr3, addr, size); m.protect(cr3, addr, size, perms); m.isMapped(cr3, addr); m.mappings(cr3)
 *   m.read(addr, len, cr3?) / m.write(addr, bytes, cr3?)   loader/debugger access, no permission checks
 *   m.readU32/readU64/writeU32/writeU64(addr, ..., cr3?)
 *   m.readUser(addr, len) -> Uint8Array | MemFault; m.writeUser(addr, bytes) -> MemFault | null
 *       (kernel copy_from_user/copy_to_user: checks the range as a CPL-3 access in the current CR3;
 *        never throws, never raises a guest exception)
 *
 * Native functions: m.bindNative(addr, name, fn) — when the CPU fetches at addr, fn(m) runs, the
 * profile's nativeCosts[name] (or nativeDefault) plus anything fn adds with m.addCycles(n) is
 * charged, then a near `ret` pops the return address with the current stack width. One step, kind
 * 'native', named. fn may call m.requestStop(message) to end the current run (e.g. process exit).
 *
 * Execution: m.step(): StepResult; m.run({maxInstructions, maxCycles, breakpoints: Set<bigint>,
 * stopOnModeSwitch, stopOnTransfer}): RunResult. Transfers (int/iret/syscall/sysret/sysenter/
 * sysexit/exception/interrupt) are reported as ControlTransfer with from/to CPL and bitness and a
 * description. m.lastException keeps vector, error code, CR2, RIP and reason (`not emulated: <AT&T>`
 * for instructions the CPU does not emulate, distinct from a real ud2).
 *
 * Timer: m.setTimer({periodCycles, vector}) | m.setTimer(null) — a generic periodic source raised as
 * an external interrupt between instructions when IF=1; HLT waits for it.
 * Profiles: PROFILES (textbook, zen4-kvm, amd-19h-11h-kvm), getProfile(name), registerProfile(p) (a profile file's); m.setProfile(p) re-prices instructions.
 *
 * Notes for users of this API:
 * - A native function's address must be mapped executable for the CPL that reaches it (the fetch
 *   is permission-checked like any other); bind before running or the decode cache is dropped.
 * - Costs: each instruction charges profile.costs[its class] once; INT/exception delivery, IRET,
 *   SYSCALL... are classes of their own; RDMSR of an x2APIC register (0x800-0x8ff) adds vmExit on a
 *   virtualised profile; MOV to CR3 charges movCr3; `rep` strings add stringIter per iteration.
 * - Interrupt gates: 32-bit (8-byte) in protected mode, 64-bit (16-byte, IST honoured) in long mode.
 *   Faults while delivering become #DF; a fault delivering #DF stops the machine ('shutdown').
 * - Not modelled (named simplifications): guest page tables (host page map per CR3), segment limit
 *   checks, LDTs (lldt accepts only a null selector), task switches, 16-bit code, x87/SSE.
 */
export { Machine, MachineError } from './Machine.js';
export { DEFAULT_PROFILE, PROFILES, getProfile, registerProfile, unknownProfileMessage } from './profiles/index.js';
export { COST_CLASSES, KNOWN_FEATURES, parseProfileJson, ProfileFileError, profileJson } from './profiles/profileFile.js';
export * from './types.js';
export {
  MSR_EFER, MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_FMASK, MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
  MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP, MSR_X2APIC_ISR0, MSR_X2APIC_ISR4, MSR_TSC_AUX,
  EFER_SCE, EFER_LME, EFER_LMA, EFER_NXE, CR0_PE, CR0_WP, CR0_PG, CR4_PAE,
  FLAG_CF, FLAG_PF, FLAG_AF, FLAG_ZF, FLAG_SF, FLAG_TF, FLAG_IF, FLAG_DF, FLAG_OF, FLAG_NT, FLAG_RF, FLAG_VM,
  FLAG_AC, FLAG_ID, VEC_DE, VEC_BP, VEC_UD, VEC_DF, VEC_GP, VEC_PF,
} from './constants.js';
