// exec (binfmt_elf's load_elf_binary): the program and its interpreter mapped, [vvar] and [vdso]
// placed and mapped (arch_setup_additional_pages), the initial stack with argv, envp and the auxv
// (create_elf_tables), and the pt_regs the first return to user mode pops (start_thread).
import { ElfError, type ElfFile } from '../elf/index.js';
import {
  AT_CLKTCK, AT_EGID, AT_ENTRY, AT_EUID, AT_EXECFN, AT_FLAGS, AT_GID, AT_HWCAP, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM,
  AT_PLATFORM, AT_RANDOM, AT_SECURE, AT_SYSINFO, AT_SYSINFO_EHDR, AT_UID, AT_BASE, AT_HWCAP2, AT_MINSIGSTKSZ, AT_RSEQ_ALIGN,
  AT_RSEQ_FEATURE_SIZE, buildExecStack, type AuxValue,
} from './execStack.js';
import { sigframeSize } from './signal/delivery.js';
import {
  isRelocatable, loadSpan, mapElfImage, maxAlignment, topDownBias, type Interpreter, type LoadedImage,
} from './elfLoader.js';
import { SEL32, SEL64 } from './layout.js';
import { pageDown, pageUp } from './memoryManager.js';
import { PtRegs } from './ptRegs.js';
import { vvarImage } from './vvar.js';
import { KernelCpu } from './bootCpu.js';
import { CR4_FSGSBASE, PROCESS_CR3, type BootOptions } from './kernelState.js';

/** AT_HWCAP2 bit 1: the kernel enabled FSGSBASE for ring 3. */
const HWCAP2_FSGSBASE = 2n;

export abstract class KernelExec extends KernelCpu {
  /** [vvar]'s seqlock count (odd while the tick rewrites it). */
  protected vvarSeq = 0;

  /**
   * load_elf_binary's mappings: the program (ET_EXEC at its addresses; a PIE at ELF_ET_DYN_BASE;
   * a static PIE top-down like a loader), then its interpreter top-down, and where brk starts.
   */
  protected loadImages(opts: BootOptions, interp: Interpreter | null): { main: LoadedImage; interp: (LoadedImage & { path: string; elf: ElfFile }) | null } {
    const write = (a: bigint, b: Uint8Array): void => this.machine.write(a, b, PROCESS_CR3);
    const elf = this.elf;
    let bias = 0n;
    if (isRelocatable(elf)) {
      if (interp) {
        // ELF_PAGESTART(ELF_ET_DYN_BASE - vaddr), aligned to the largest p_align as binfmt_elf does
        bias = pageDown(this.user.etDynBase - loadSpan(elf).first);
        const align = maxAlignment(elf);
        if (align > 0x1000n) bias &= ~(align - 1n);
      } else {
        bias = topDownBias(this.mm, elf);
      }
    }
    const ex = opts.exeFile;
    const file = { name: this.execName, ...(ex ? { inode: Number(ex.ino), major: Number((ex.dev >> 8n) & 0xfffn), minor: Number(ex.dev & 0xffn) } : {}) };
    const main = mapElfImage(this.mm, write, elf, bias, file);
    // a static PIE's heap goes where a PIE would have been, away from the mmap region
    this.mm.setBrkStart(isRelocatable(elf) && !interp ? pageUp(this.user.etDynBase) : main.end);
    if (!interp) return { main, interp: null };
    const ld = mapElfImage(this.mm, write, interp.elf, isRelocatable(interp.elf) ? topDownBias(this.mm, interp.elf) : 0n, interp.file);
    return { main, interp: { ...ld, path: interp.path, elf: interp.elf } };
  }

  /** arch_setup_additional_pages: [vvar] and [vdso] in the highest gap left below mmap_base. */
  protected placeVdso(): bigint {
    const at = this.mm.unmappedArea(BigInt(this.user.vvarSize) + this.vdsoMapSize());
    if (at === null) throw new ElfError('no room in the address space for the vDSO');
    return at;
  }

  /** The [vdso] mapping's size: the image, at least the two pages Linux's has. */
  protected vdsoMapSize(): bigint {
    const size = pageUp(BigInt(this.vdso.image.length));
    return size < BigInt(this.user.vdsoSize) ? BigInt(this.user.vdsoSize) : size;
  }

  protected mapVdso(): void {
    // Linux 6.18: [vvar] (the time data first), [vvar_vclock] (pvclock pages), then [vdso]
    const vvar = this.vvarBase, vdso = this.vdsoBase;
    this.mm.mapVma({ start: vvar, end: vvar + 0x4000n, read: true, write: false, exec: false, offset: 0n, name: '[vvar]', special: true });
    this.mm.mapVma({ start: vvar + 0x4000n, end: vdso, read: true, write: false, exec: false, offset: 0n, name: '[vvar_vclock]', special: true });
    this.writeVvar();
    this.mm.mapVma({ start: vdso, end: vdso + this.vdsoMapSize(), read: true, write: false, exec: true, offset: 0n, name: '[vdso]', special: true }, this.vdso.image);
  }

  protected buildStack(opts: BootOptions): ReturnType<typeof buildExecStack> {
    const u = this.user;
    const bits = this.processBits;
    // create_elf_tables' order (Linux 6.x): ARCH_DLINFO (AT_SYSINFO for 32-bit, AT_SYSINFO_EHDR,
    // AT_MINSIGSTKSZ), then the generic entries, AT_HWCAP2, AT_EXECFN, AT_PLATFORM, the rseq pair
    const auxv: [number, AuxValue][] = [];
    if (bits === 32) auxv.push([AT_SYSINFO, this.vdsoBase + this.vdso.symbols.get('__kernel_vsyscall')!]);
    auxv.push(
      [AT_SYSINFO_EHDR, this.vdsoBase],
      [AT_MINSIGSTKSZ, sigframeSize(this.kind === 'x86_64', this.fpConfig())],
      // ELF_HWCAP: CPUID.1:EDX of the boot CPU, as Linux reports it (what the CPU really runs).
      [AT_HWCAP, BigInt(this.machine.cpuid(1)[3])],
      [AT_PAGESZ, 4096n],
      [AT_CLKTCK, 100n],
      [AT_PHDR, this.image.phdr],
      [AT_PHENT, bits === 64 ? 56n : 32n],
      [AT_PHNUM, BigInt(this.image.phnum)],
      [AT_BASE, this.interpreter?.bias ?? 0n],
      [AT_FLAGS, 0n],
      [AT_ENTRY, this.image.entry],
      [AT_UID, 1000n], [AT_EUID, 1000n], [AT_GID, 1000n], [AT_EGID, 1000n],
      [AT_SECURE, 0n],
      [AT_RANDOM, 'random'],
      [AT_HWCAP2, (this.cr4Features() & CR4_FSGSBASE) !== 0 ? HWCAP2_FSGSBASE : 0n], // no ring-3 MWAIT
      [AT_EXECFN, 'execfn'],
      [AT_PLATFORM, 'platform'],
      [AT_RSEQ_FEATURE_SIZE, 28n], // offsetof(struct rseq, end)
      [AT_RSEQ_ALIGN, 32n],
    );
    const random = this.random.bytes(16); // AT_RANDOM from the seeded generator
    const stack = buildExecStack({
      bits, stackTop: u.stackTop, argv: opts.argv ?? [opts.execPath], envp: opts.envp ?? [],
      execfn: opts.execPath, platform: bits === 64 ? 'x86_64' : 'i686', random, auxv,
    });
    const stackStart = u.stackTop - BigInt(u.stackSize);
    this.mm.mapVma({ start: stackStart, end: u.stackTop, read: true, write: true, exec: this.execStack, offset: 0n, name: '[stack]', growsDown: true });
    this.machine.write(stack.sp, stack.bytes, PROCESS_CR3);
    return stack;
  }

  /** The pt_regs the first return to user mode pops (start_thread), and RSP/RIP at start_kernel. */
  protected writeInitialFrame(): void {
    const m = this.machine;
    const top = this.layout.stack + BigInt(this.layout.stackSize);
    const sym = this.kernelCode.symbols.get('start_kernel')!;
    if (this.kind === 'x86_64') {
      const frame = top - 168n;
      m.write(frame, new Uint8Array(168), PROCESS_CR3);
      const r = new PtRegs(this.mem, frame, 64);
      const compat = this.processBits === 32;
      r.set('orig_ax', -1n);
      r.set('ip', this.entry);
      r.set('cs', BigInt(compat ? SEL64.USER32_CS : SEL64.USER_CS));
      r.set('flags', BigInt(0x202));
      r.set('sp', this.initialSp);
      r.set('ss', BigInt(SEL64.USER_DS));
      r.flush();
      m.setReg('rsp', frame);
    } else {
      const frame = top - 68n;
      m.write(frame, new Uint8Array(68), PROCESS_CR3);
      const r = new PtRegs(this.mem, frame, 32);
      r.set('ds', BigInt(SEL32.USER_DS));
      r.set('es', BigInt(SEL32.USER_DS));
      r.set('orig_ax', -1n);
      r.set('ip', this.entry);
      r.set('cs', BigInt(SEL32.USER_CS));
      r.set('flags', BigInt(0x202));
      r.set('sp', this.initialSp);
      r.set('ss', BigInt(SEL32.USER_DS));
      r.flush();
      m.setReg('rsp', frame);
    }
    m.setReg('rip', sym);
  }

  protected writeVvar(): void {
    this.machine.write(this.vvarBase, vvarImage(this.tk, this.vvarSeq), PROCESS_CR3);
  }
}
