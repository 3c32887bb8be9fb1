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
import { DATA_ADDR, DATA_SIZE, initialState, type CpuState } from './oracleLayout.js';

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
  init.regs.forEach((v, i) => regs.writeBigUInt64LE(v, i * 8));
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

/** Run 32-bit code natively in a generated static i386 executable. */
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
  const src = `.code32
	.section .oracle,"aw",@progbits
scratch:
${bytes(init.scratch)}
	.skip	${DATA_SIZE - SCRATCH_SIZE}
	.data
state_in:
	.long	${init.regs.map(String).join(', ')}, ${init.rflags}
state_out:
	.skip	36
	.text
	.globl	_start
_start:
	pushl	state_in+32
	popfl
${load}
block:
${bytes(code)}
block_end:
${store}
	pushfl
	popl	state_out+32
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
	movl	$1, %eax
	xorl	%ebx, %ebx
	int	$0x80
`;
  const asmFile = join(workDir, 'harness32.S');
  const obj = join(workDir, 'harness32.o');
  const exe = join(workDir, 'harness32');
  writeFileSync(asmFile, src);
  check(run('as', ['--32', asmFile, '-o', obj]), 'as --32 harness32.S');
  check(run('ld', ['-m', 'elf_i386', `--section-start=.oracle=0x${DATA_ADDR.toString(16)}`, obj, '-o', exe]), 'ld -m elf_i386');
  return parseState(check(run(exe, []), 'native 32-bit harness'), 8, 4);
}
