// CPU oracle for x87/MMX/SSE code: a case is a few instructions with a full input state (general
// registers, RFLAGS, an FXSAVE image, scratch memory). runNativeFp runs a batch of them on this
// machine's CPU (fpHarness64.c: FXRSTOR64, the code, FXSAVE64); runEmulatedFp runs one in trapdoor's
// Machine with the same image loaded into cpu.fpu; fpDifferences names what differs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFxsave, writeFxsave } from '../../src/machine/isa/fxsaveImage.js';
import { SCRATCH_SIZE } from './generateBlock.js';
import { CODE_ADDR, DATA_ADDR, REG_NAMES_64 } from './oracleLayout.js';
import { prepareMachine, type Engine } from './runInMachine.js';
import type { RegName } from '../../src/machine/index.js';

const HARNESS_C = fileURLToPath(new URL('./fpHarness64.c', import.meta.url));
const FAULT_WORDS = 8;

export interface FpCase {
  code: Uint8Array;
  /** rax rcx rdx rbx rsp rbp rsi rdi r8..r15. */
  regs: bigint[];
  rflags: bigint;
  /** 512-byte FXSAVE64 image loaded before the code runs. */
  fx: Uint8Array;
  /** SCRATCH_SIZE bytes at DATA_ADDR (the stack is above them). */
  scratch: Uint8Array;
}

export interface FpFault {
  rip: bigint;
  vector: number;
  errorCode: number;
  cr2: bigint;
  /** Native side only: the signal and its si_code (FPE_FLTDIV ...). */
  signo?: number;
  siCode?: number;
}

export interface FpResult {
  regs: bigint[];
  rflags: bigint;
  fx: Uint8Array;
  scratch: Uint8Array;
  fault?: FpFault;
}

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Why the native side cannot run here, or null. */
export function nativeFpProblem(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `host is ${process.platform}/${process.arch}, not x86-64 Linux`;
  if (!have('gcc')) return 'gcc is not installed (needed for the FPU oracle harness)';
  return null;
}

const harnesses = new Set<string>();

/** Run a batch of cases natively (one process for the whole batch). */
export function runNativeFp(cases: readonly FpCase[], workDir: string): FpResult[] {
  mkdirSync(workDir, { recursive: true });
  const exe = join(workDir, 'fpHarness64');
  if (!harnesses.has(exe) || !existsSync(exe)) {
    const cc = spawnSync('gcc', ['-O1', '-o', exe, HARNESS_C], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`gcc fpHarness64.c failed: ${cc.stderr}`);
    harnesses.add(exe);
  }
  const parts: Buffer[] = [u32(cases.length)];
  for (const c of cases) {
    if (c.fx.length !== 512 || c.scratch.length !== SCRATCH_SIZE || c.regs.length !== 16) throw new Error('malformed FPU oracle case');
    const regs = Buffer.alloc(17 * 8);
    c.regs.forEach((v, i) => { regs.writeBigUInt64LE(BigInt.asUintN(64, v), i * 8); });
    regs.writeBigUInt64LE(c.rflags, 16 * 8);
    parts.push(u32(c.code.length), Buffer.from(c.code), regs, Buffer.from(c.fx), Buffer.from(c.scratch));
  }
  const file = join(workDir, 'fpcases.bin');
  writeFileSync(file, Buffer.concat(parts));
  const r = spawnSync(exe, [file], { maxBuffer: 1 << 30, timeout: 600_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`native FPU harness failed (${r.signal ?? `status ${r.status}`}): ${r.stderr.toString().trim()}`);
  const out = r.stdout;
  const per = 17 * 8 + 512 + SCRATCH_SIZE + FAULT_WORDS * 8;
  if (out.length !== per * cases.length) throw new Error(`native FPU harness wrote ${out.length} bytes, expected ${per * cases.length}`);
  return cases.map((_, k) => {
    const o = out.subarray(k * per, (k + 1) * per);
    const res: FpResult = {
      regs: Array.from({ length: 16 }, (_, i) => o.readBigUInt64LE(i * 8)),
      rflags: o.readBigUInt64LE(128),
      fx: new Uint8Array(o.subarray(136, 648)),
      scratch: new Uint8Array(o.subarray(648, 648 + SCRATCH_SIZE)),
    };
    const f = o.subarray(648 + SCRATCH_SIZE);
    if (f.readBigUInt64LE(0) === 1n) {
      res.fault = {
        rip: f.readBigUInt64LE(8), vector: Number(f.readBigUInt64LE(16)), errorCode: Number(f.readBigUInt64LE(24)),
        cr2: f.readBigUInt64LE(32), signo: Number(f.readBigUInt64LE(40)), siCode: Number(f.readBigInt64LE(48)),
      };
    }
    return res;
  });
}

/**
 * The shipped profile whose CPU vendor is this host's (vendors differ in FPU details the oracle
 * sees: AMD's MXCSR_MASK has the misaligned-SSE bit, and when FXSAVE stores FIP/FDP/FOP).
 */
export function hostProfile(): string {
  try {
    return /vendor_id\s*:\s*AuthenticAMD/.test(readFileSync('/proc/cpuinfo', 'utf8')) ? 'zen4-kvm' : 'textbook';
  } catch {
    return 'textbook';
  }
}

/** Run one case in trapdoor's Machine (64-bit user mode, the host's vendor); an exception ends it as `fault`. */
export function runEmulatedFp(c: FpCase, engine: Engine = 'interpreter', maxInstructions = 10_000): FpResult {
  const m = prepareMachine(64, c.code, { regs: c.regs, rflags: c.rflags, scratch: c.scratch }, 'protected', engine, hostProfile());
  readFxsave(m.fpu, c.fx, true);
  const end = CODE_ADDR + BigInt(c.code.length);
  const r = m.run({ maxInstructions, breakpoints: new Set([end]) });
  const e = m.lastException;
  const fx = new Uint8Array(c.fx);
  writeFxsave(m.fpu, fx, true);
  const res: FpResult = {
    regs: REG_NAMES_64.map((n) => m.getReg(n as RegName)),
    rflags: m.getReg('rflags'),
    fx,
    scratch: m.read(DATA_ADDR, SCRATCH_SIZE),
  };
  if (r.reason === 'shutdown' && e) {
    res.fault = { rip: e.rip, vector: e.vector, errorCode: e.errorCode ?? 0, cr2: e.cr2 ?? 0n };
  } else if (m.getReg('rip') !== end) {
    const why = e ? `${e.name} at 0x${e.rip.toString(16)}: ${e.reason}` : (r.message ?? '');
    throw new Error(`emulator stopped (${r.reason}) at 0x${m.getReg('rip').toString(16)}: ${why}`);
  }
  return res;
}

export interface FpCompareOptions {
  /** RFLAGS bits to compare (default: CF PF AF ZF SF OF DF). */
  flagsMask?: bigint;
  /** Skip FIP/FCS/FDP/FDS/FOP (vendors differ on when FXSAVE stores them). */
  ignoreLastInstruction?: boolean;
}

const FLAGS_DEFAULT = 0x8d5n | 0x400n;

/** Names of what differs between a native and an emulated result ([] when they agree). */
export function fpDifferences(native: FpResult, emulated: FpResult, opts: FpCompareOptions = {}): string[] {
  const out: string[] = [];
  const hex = (v: bigint | number): string => `0x${v.toString(16)}`;
  native.regs.forEach((v, i) => {
    if (v !== emulated.regs[i]) out.push(`${REG_NAMES_64[i]}: native ${hex(v)}, trapdoor ${hex(emulated.regs[i]!)}`);
  });
  const fm = opts.flagsMask ?? FLAGS_DEFAULT;
  if ((native.rflags & fm) !== (emulated.rflags & fm)) out.push(`rflags: native ${hex(native.rflags & fm)}, trapdoor ${hex(emulated.rflags & fm)}`);
  const a = Buffer.from(native.fx), b = Buffer.from(emulated.fx);
  const field = (name: string, at: number, len: number): void => {
    const x = a.subarray(at, at + len).toString('hex'), y = b.subarray(at, at + len).toString('hex');
    if (x !== y) out.push(`${name}: native ${x}, trapdoor ${y}`);
  };
  field('fcw', 0, 2); field('fsw', 2, 2); field('ftw', 4, 1);
  if (!opts.ignoreLastInstruction) { field('fop', 6, 2); field('fip', 8, 8); field('fdp', 16, 8); }
  field('mxcsr', 24, 4); field('mxcsr_mask', 28, 4);
  for (let j = 0; j < 8; j++) field(`st${j}`, 32 + j * 16, 10);
  for (let j = 0; j < 16; j++) field(`xmm${j}`, 160 + j * 16, 16);
  if (Buffer.compare(Buffer.from(native.scratch), Buffer.from(emulated.scratch)) !== 0) out.push('scratch memory differs');
  const nf = native.fault, ef = emulated.fault;
  if (!!nf !== !!ef) out.push(`fault: native ${nf ? `vector ${nf.vector} at ${hex(nf.rip)}` : 'none'}, trapdoor ${ef ? `vector ${ef.vector} at ${hex(ef.rip)}` : 'none'}`);
  else if (nf && ef && (nf.vector !== ef.vector || nf.rip !== ef.rip || nf.errorCode !== ef.errorCode || (nf.vector === 14 && nf.cr2 !== ef.cr2))) {
    out.push(`fault: native vector ${nf.vector} err ${nf.errorCode} at ${hex(nf.rip)}, trapdoor vector ${ef.vector} err ${ef.errorCode} at ${hex(ef.rip)}`);
  }
  return out;
}

/** An FXSAVE64 image from its parts (unlisted fields zero; st given in stack order as [signExp, lo, hi]). */
export function fxImage(p: { fcw?: number; fsw?: number; ftw?: number; mxcsr?: number; st?: [number, number, number][]; xmm?: Uint8Array }): Uint8Array {
  const img = new Uint8Array(512);
  const v = new DataView(img.buffer);
  v.setUint16(0, p.fcw ?? 0x37f, true);
  v.setUint16(2, p.fsw ?? 0, true);
  img[4] = p.ftw ?? 0;
  v.setUint32(24, p.mxcsr ?? 0x1f80, true);
  v.setUint32(28, 0xffff, true);
  (p.st ?? []).forEach(([se, lo, hi], j) => {
    v.setUint32(32 + j * 16, lo >>> 0, true); v.setUint32(36 + j * 16, hi >>> 0, true); v.setUint16(40 + j * 16, se, true);
  });
  if (p.xmm) img.set(p.xmm.subarray(0, 256), 160);
  return img;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
