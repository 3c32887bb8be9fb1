// The initial process stack that execve builds (fs/binfmt_elf.c create_elf_tables): argc, argv,
// envp, the auxiliary vector, and above them the strings, AT_RANDOM's 16 bytes and the platform.

export const AT_NULL = 0;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_BASE = 7;
export const AT_FLAGS = 8;
export const AT_ENTRY = 9;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_PLATFORM = 15;
export const AT_HWCAP = 16;
export const AT_CLKTCK = 17;
export const AT_SECURE = 23;
export const AT_RANDOM = 25;
export const AT_HWCAP2 = 26;
export const AT_RSEQ_FEATURE_SIZE = 27;
export const AT_RSEQ_ALIGN = 28;
export const AT_EXECFN = 31;
export const AT_SYSINFO = 32;
export const AT_SYSINFO_EHDR = 33;
export const AT_MINSIGSTKSZ = 51;

/** An auxv value, or a marker for one that points into the string area this builder lays out. */
export type AuxValue = bigint | 'random' | 'execfn' | 'platform';

export interface ExecStackSpec {
  bits: 32 | 64;
  /** Highest stack address (exclusive). */
  stackTop: bigint;
  argv: string[];
  envp: string[];
  execfn: string;
  platform: string;
  /** 16 bytes for AT_RANDOM (deterministic in trapdoor). */
  random: Uint8Array;
  /** In kernel order, without AT_NULL. */
  auxv: [number, AuxValue][];
}

export interface ExecStack {
  /** The initial stack pointer (points at argc). */
  sp: bigint;
  /** The bytes from sp up to stackTop. */
  bytes: Uint8Array;
  argvAddrs: bigint[];
  envpAddrs: bigint[];
  /** The auxv as finally written (markers resolved), including AT_NULL. */
  auxv: [number, bigint][];
}

const enc = new TextEncoder();

/** Lay out the initial stack; pure (no machine access). */
export function buildExecStack(spec: ExecStackSpec): ExecStack {
  const word = spec.bits === 64 ? 8 : 4;
  const top = spec.stackTop;
  // Strings and blobs, written downwards from the top (the kernel copies them first).
  const blobs: { addr: bigint; data: Uint8Array }[] = [];
  let p = top - BigInt(word); // the end marker: a NULL word at the very top
  const push = (data: Uint8Array): bigint => {
    p -= BigInt(data.length);
    blobs.push({ addr: p, data });
    return p;
  };
  const cstr = (s: string): Uint8Array => {
    const b = enc.encode(s);
    const out = new Uint8Array(b.length + 1);
    out.set(b);
    return out;
  };
  const execfnAddr = push(cstr(spec.execfn));
  const envpAddrs: bigint[] = [];
  for (let i = spec.envp.length - 1; i >= 0; i--) envpAddrs.unshift(push(cstr(spec.envp[i]!)));
  const argvAddrs: bigint[] = [];
  for (let i = spec.argv.length - 1; i >= 0; i--) argvAddrs.unshift(push(cstr(spec.argv[i]!)));
  p &= ~15n; // arch_align_stack (no randomisation)
  const platformAddr = push(cstr(spec.platform));
  const randomAddr = push(spec.random.slice(0, 16));

  const auxv: [number, bigint][] = spec.auxv.map(([t, v]) => [
    t, v === 'random' ? randomAddr : v === 'execfn' ? execfnAddr : v === 'platform' ? platformAddr : v,
  ]);
  auxv.push([AT_NULL, 0n]);
  const items = 1 + (spec.argv.length + 1) + (spec.envp.length + 1) + auxv.length * 2;
  const sp = (p - BigInt(items * word)) & ~15n; // STACK_ROUND: the ABI wants %rsp 16-aligned at _start

  const bytes = new Uint8Array(Number(top - sp));
  const dv = new DataView(bytes.buffer);
  const put = (addr: bigint, v: bigint): void => {
    const off = Number(addr - sp);
    if (word === 8) dv.setBigUint64(off, BigInt.asUintN(64, v), true);
    else dv.setUint32(off, Number(BigInt.asUintN(32, v)), true);
  };
  for (const b of blobs) bytes.set(b.data, Number(b.addr - sp));
  let q = sp;
  const next = (v: bigint): void => {
    put(q, v);
    q += BigInt(word);
  };
  next(BigInt(spec.argv.length));
  for (const a of argvAddrs) next(a);
  next(0n);
  for (const e of envpAddrs) next(e);
  next(0n);
  for (const [t, v] of auxv) {
    next(BigInt(t));
    next(v);
  }
  return { sp, bytes, argvAddrs, envpAddrs, auxv };
}
