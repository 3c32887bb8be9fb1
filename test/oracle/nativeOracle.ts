// CPU oracle, native side: assemble a block with GNU as, run it on this machine's CPU and read
// back the registers, RFLAGS and scratch bytes. 64-bit: the C harness (gcc -O1) maps the block at
// the fixed addresses; 32-bit: gcc -m32 is rarely installed, so a static i386 ELF is assembled
// (as --32, ld -m elf_i386) that loads the registers, runs the block inline and writes the state
// with int $0x80.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCRATCH_SIZE, type Bits, type OracleBlock } from './generateBlock.js';
import { CODE_ADDR, DATA_ADDR, DATA_SIZE, initialState, RO_ADDR, type CpuState } from './oracleLayout.js';

const HARNESS_C = fileURLToPath(new URL('./harness64.c', import.meta.url));

function run(cmd: string, args: string[], input?: Buffer): { stdout: Buffer; stderr: string; status: number | null; signal: string | null } {
  const r = spawnSync(cmd, args, { input, maxBuffer: 16 << 20, timeout: 60_000 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status, signal: r.signal };
}

function check(r: ReturnType<typeof run>, what: string): Buffer {
  if (r.status !== 0) throw new Error(`${what} failed (${r.signal ?? `status ${r.status}`}): ${r.stderr.trim()}`);
  return r.stdout;
}

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Why the native side of `bits`-bit cases cannot run on this host, or null. */
export function nativeOracleProblem(bits: Bits, workDir: string): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `host is ${process.platform}/${process.arch}, not x86-64 Linux`;
  for (const tool of ['as', 'ld', 'objcopy']) if (!have(tool)) return `GNU ${tool} is not installed`;
  if (bits === 64 && !have('gcc')) return 'gcc is not installed (needed for the 64-bit C harness)';
  if (bits === 32) {
    try {
      runNative32(new Uint8Array([0x90]), initialState(32, 0), workDir);
    } catch (e) {
      return `cannot run a 32-bit executable natively: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  return null;
}

/** The block's machine code, as GNU as encodes it. */
export function assembleBlock(block: OracleBlock, workDir: string, name: string): Uint8Array {
  mkdirSync(workDir, { recursive: true });
  const src = join(workDir, `${name}.S`);
  const obj = join(workDir, `${name}.o`);
  const bin = join(workDir, `${name}.bin`);
  writeFileSync(src, `.code${block.bits}\n${block.lines.join('\n')}\n`);
  check(run('as', [`--${block.bits}`, src, '-o', obj]), `as --${block.bits} ${src}`);
  check(run('objcopy', ['-O', 'binary', '-j', '.text', obj, bin]), 'objcopy');
  return new Uint8Array(readFileSync(bin));
}

function parseState(out: Buffer, nregs: number, width: 4 | 8): CpuState {
  const expected = (nregs + 1) * width + SCRATCH_SIZE;
  if (out.length !== expected) throw new Error(`native harness wrote ${out.length} bytes, expected ${expected}`);
  const read = (i: number): bigint => (width === 8 ? out.readBigUInt64LE(i * 8) : BigInt(out.readUInt32LE(i * 4)));
  const regs = Array.from({ length: nregs }, (_, i) => read(i));
  return { regs, rflags: read(nregs), scratch: new Uint8Array(out.subarray((nregs + 1) * width)) };
}

let harness64: string | null = null;

/** Run 64-bit code natively through the C harness (compiled once per work directory). */
export function runNative64(code: Uint8Array, init: CpuState, workDir: string): CpuState {
  mkdirSync(workDir, { recursive: true });
  const exe = join(workDir, 'harness64');
  if (harness64 !== exe || !existsSync(exe)) {
    check(run('gcc', ['-O1', '-o', exe, HARNESS_C]), 'gcc -O1 harness64.c');
    harness64 = exe;
  }
  const head = Buffer.alloc(4);
  head.writeUInt32LE(code.length);
  const regs = Buffer.alloc(17 * 8);
  init.regs.forEach((v, i) => { regs.writeBigUInt64LE(v, i * 8); });
  regs.writeBigUInt64LE(init.rflags, 16 * 8);
  const caseFile = join(workDir, 'case64.bin');
  writeFileSync(caseFile, Buffer.concat([head, Buffer.from(code), regs, Buffer.from(init.scratch)]));
  const out = check(run(exe, [caseFile]), 'native 64-bit harness');
  const FAULT_BYTES = 6 * 8;
  const state = parseState(out.subarray(0, out.length - FAULT_BYTES), 16, 8);
  const f = out.subarray(out.length - FAULT_BYTES);
  if (f.readBigUInt64LE(0) === 1n) {
    state.fault = { rip: f.readBigUInt64LE(8), vector: Number(f.readBigUInt64LE(16)), errorCode: Number(f.readBigUInt64LE(24)), cr2: f.readBigUInt64LE(32) };
  }
  return state;
}

/**
 * Run 32-bit code natively in a generated static i386 executable. A fault is caught by a SIGSEGV/
 * SIGFPE/SIGILL/SIGBUS/SIGTRAP handler (on an alternate stack) that copies the registers, trap
 * number, error code and CR2 out of the i386 signal context.
 */
export function runNative32(code: Uint8Array, init: CpuState, workDir: string): CpuState {
  mkdirSync(workDir, { recursive: true });
  const bytes = (data: Uint8Array): string => {
    const rows: string[] = [];
    for (let i = 0; i < data.length; i += 32) rows.push(`\t.byte ${Array.from(data.subarray(i, i + 32)).join(',')}`);
    return rows.join('\n');
  };
  const order = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
  const load = [0, 1, 2, 3, 6, 7, 5, 4].map((i) => `\tmovl\tstate_in+${i * 4}, %${order[i]}`).join('\n');
  const store = order.map((r, i) => `\tmovl\t%${r}, state_out+${i * 4}`).join('\n');
  // struct ucontext (i386): uc_mcontext.gregs at 20: gs fs es ds edi esi ebp esp ebx edx ecx eax
  // trapno err eip cs efl uesp ss, then fpstate, oldmask, cr2 (104).
  const gregOffset: Record<string, number> = { eax: 64, ecx: 60, edx: 56, ebx: 52, esp: 48, ebp: 44, esi: 40, edi: 36 };
  const fromContext = order.map((r, i) => `\tmovl\t${gregOffset[r]}(%esi), %eax\n\tmovl\t%eax, state_out+${i * 4}`).join('\n');
  const handlers = [4, 5, 7, 8, 11]
    .map((sig) => `\tmovl\t$174, %eax\n\tmovl\t$${sig}, %ebx\n\tmovl\t$sigact, %ecx\n\txorl\t%edx, %edx\n\tmovl\t$8, %esi\n\tint\t$0x80`)
    .join('\n');
  const src = `.code32
	.section .oracle,"aw",@progbits
scratch:
${bytes(init.scratch)}
	.skip	${DATA_SIZE - SCRATCH_SIZE}
	.section .note.GNU-stack,"",@progbits	# else Linux gives 32-bit programs READ_IMPLIES_EXEC
	.section .block,"ax",@progbits	# at CODE_ADDR, as in the emulator
block:
${bytes(code)}
	jmp	after_block
	.section .ropage,"a",@progbits
ropage:
	.skip	4096
	.data
state_in:
	.long	${init.regs.map(String).join(', ')}, ${init.rflags}
state_out:
	.skip	36
fault_record:
	.long	0, 0, 0, 0, 0, 0
sigact:					# rt_sigaction: handler, SA_SIGINFO | SA_ONSTACK, restorer, mask
	.long	on_fault, 0x08000004, 0, 0, 0
altstack:				# stack_t: ss_sp, ss_flags, ss_size
	.long	altstack_area, 0, 65536
	.bss
altstack_area:
	.skip	65536
	.text
	.globl	_start
_start:
	movl	$186, %eax		# sigaltstack
	movl	$altstack, %ebx
	xorl	%ecx, %ecx
	int	$0x80
${handlers}
	movl	ropage, %eax		# touch the read-only page: present, so stores fault with P=1
	pushl	state_in+32
	popfl
${load}
	jmp	block
after_block:
${store}
	pushfl
	popl	state_out+32
write_out:
	movl	$4, %eax
	movl	$1, %ebx
	movl	$state_out, %ecx
	movl	$36, %edx
	int	$0x80
	movl	$4, %eax
	movl	$1, %ebx
	movl	$scratch, %ecx
	movl	$${SCRATCH_SIZE}, %edx
	int	$0x80
	movl	$4, %eax
	movl	$1, %ebx
	movl	$fault_record, %ecx
	movl	$24, %edx
	int	$0x80
	movl	$1, %eax
	xorl	%ebx, %ebx
	int	$0x80
on_fault:				# (sig, siginfo *, ucontext *)
	movl	12(%esp), %esi
${fromContext}
	movl	84(%esi), %eax
	movl	%eax, state_out+32
	movl	$1, fault_record
	movl	76(%esi), %eax
	movl	%eax, fault_record+4
	movl	68(%esi), %eax
	movl	%eax, fault_record+8
	movl	72(%esi), %eax
	movl	%eax, fault_record+12
	movl	104(%esi), %eax
	movl	%eax, fault_record+16
	movl	4(%esp), %eax
	movl	%eax, fault_record+20
	jmp	write_out
`;
  const asmFile = join(workDir, 'harness32.S');
  const obj = join(workDir, 'harness32.o');
  const exe = join(workDir, 'harness32');
  writeFileSync(asmFile, src);
  check(run('as', ['--32', asmFile, '-o', obj]), 'as --32 harness32.S');
  check(
    run('ld', ['-m', 'elf_i386', `--section-start=.oracle=0x${DATA_ADDR.toString(16)}`, `--section-start=.ropage=0x${RO_ADDR.toString(16)}`,
      `--section-start=.block=0x${CODE_ADDR.toString(16)}`, obj, '-o', exe]),
    'ld -m elf_i386',
  );
  const out = check(run(exe, []), 'native 32-bit harness');
  const FAULT_BYTES = 6 * 4;
  const state = parseState(out.subarray(0, out.length - FAULT_BYTES), 8, 4);
  const f = out.subarray(out.length - FAULT_BYTES);
  if (f.readUInt32LE(0) === 1) {
    state.fault = { rip: BigInt(f.readUInt32LE(4)), vector: f.readUInt32LE(8), errorCode: f.readUInt32LE(12), cr2: BigInt(f.readUInt32LE(16)) };
  }
  return state;
}
