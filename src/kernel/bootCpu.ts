// The CPU state a boot loader and early setup leave the kernel in: the kernel's memory (GDT, IDT,
// TSS, per-cpu, entry code), the process's view of it, paging on, long or protected mode, ring 0,
// and the CR4 features identify_cpu enables.
import { MSR_EFER, MSR_TSC_AUX, EFER_LME, EFER_NXE, CR0_PE, CR0_PG, CR0_WP, CR4_PAE } from '../machine/index.js';
import { installKernelMemory, kernelRegions } from './kernelMemory.js';
import { SEL32, SEL64 } from './layout.js';
import { int80Entry64 } from './kernelConfig.js';
import type { FpConfig } from './signal/fpFrame.js';
import { CR4_FSGSBASE, CR4_UMIP, KernelState, PROCESS_CR3 } from './kernelState.js';

const CR4_OSXSAVE = 1 << 18;
const CR0_MP = 1 << 1, CR0_ET = 1 << 4, CR0_NE = 1 << 5, CR0_AM = 1 << 18;

export abstract class KernelCpu extends KernelState {
  protected setUpKernelMemory(): void {
    installKernelMemory(this.machine, this.layout, this.kernelCode, this.kind === 'x86_64' ? int80Entry64(this.version) : 'entry_INT80_32', this.mitigations.includes('pti'));
  }

  protected shareKernelMappings(): void {
    const m = this.machine;
    const L = this.layout;
    const kcr3 = BigInt(L.kernelCr3);
    m.mapShared(PROCESS_CR3, kcr3, L.text, this.kernelCode.bytes.length);
    for (const [a, n] of kernelRegions(L)) {
      m.mapShared(PROCESS_CR3, kcr3, a, n);
    }
  }

  /** The CPU state a boot loader and early setup leave: paging on, long/protected mode, ring 0. */
  protected enterKernelMode(): void {
    const m = this.machine;
    const L = this.layout;
    const long = L.bits === 64;
    // fpu__init_cpu_generic/fpu__init_cpu_xstate: OSFXSR (bit 9) and OSXMMEXCPT (bit 10) enable SSE and its #XM;
    // with XSAVE, OSXSAVE (bit 18) and XCR0 = every user component the CPU has (x87|SSE here).
    const xsave = m.profile.features.includes('xsave');
    const cr4Fpu = (1 << 9) | (1 << 10) | (xsave ? CR4_OSXSAVE : 0);
    m.setCr(4, BigInt((long ? CR4_PAE : 0) | cr4Fpu | this.cr4Features()));
    if (xsave) {
      // fpu__init_system_xstate: the components CPUID leaf 0DH enumerates (all are user state here)
      const [lo, , , hi] = m.cpuid(0xd, 0);
      m.setXcr0((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
    }
    if (long) m.writeMsr(MSR_EFER, BigInt(EFER_LME | EFER_NXE));
    m.setCr(3, PROCESS_CR3);
    // CR0_STATE (processor-flags.h): PE MP ET NE WP AM PG; NE makes x87 errors #MF, as Linux wants
    m.setCr(0, BigInt((CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG) >>> 0));
    m.setGdtr({ base: L.gdt, limit: 32 * 8 - 1 });
    m.setIdtr({ base: L.idt, limit: 256 * (long ? 16 : 8) - 1 });
    if (long) {
      m.loadSeg('cs', SEL64.KERNEL_CS);
      m.loadSeg('ss', SEL64.KERNEL_DS);
      const userData = this.processBits === 32 ? SEL64.USER_DS : 0;
      // start_thread: a 64-bit process gets null ds/es, a compat one __USER_DS
      if (userData) {
        m.loadSeg('ds', userData);
        m.loadSeg('es', userData);
      } else {
        m.loadSeg('ds', 0);
        m.loadSeg('es', 0);
      }
      m.loadSeg('fs', 0);
      m.loadSeg('gs', 0);
      m.loadTr(SEL64.TSS);
    } else {
      m.loadSeg('cs', SEL32.KERNEL_CS);
      m.loadSeg('ss', SEL32.KERNEL_DS);
      m.loadSeg('ds', SEL32.USER_DS);
      m.loadSeg('es', SEL32.USER_DS);
      m.loadSeg('fs', SEL32.KERNEL_PERCPU);
      m.loadSeg('gs', 0);
      m.loadTr(SEL32.TSS);
    }
    m.writeMsr(MSR_TSC_AUX, 0n); // getcpu: cpu 0, node 0
    m.setFlags(0x2);
  }

  /** How the FPU state is saved in signal frames: XSAVE when CR4.OSXSAVE is on, of XCR0's components. */
  protected fpConfig(): FpConfig {
    const m = this.machine;
    const xsave = (Number(m.getCr(4)) & CR4_OSXSAVE) !== 0;
    return { xsave, xfeatures: Number(m.getXcr0()), userSize: xsave ? m.cpuid(0xd, 0)[1] : 512 };
  }

  /** identify_cpu: setup_umip sets CR4.UMIP (bit 11) and, on x86_64, FSGSBASE (bit 16) where the CPU has them. */
  protected cr4Features(): number {
    const f = this.machine.profile.features;
    return (f.includes('umip') ? CR4_UMIP : 0) | (this.kind === 'x86_64' && f.includes('fsgsbase') ? CR4_FSGSBASE : 0);
  }}
