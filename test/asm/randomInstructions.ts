// Random AT&T instruction lines over issue 2's instruction set and issue 9's SSE/x87/BMI additions, for
// differential testing against GNU as.

const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g', 'c', 'z', 'nz', 'nae', 'nle'];
const ALU = ['add', 'adc', 'sub', 'sbb', 'and', 'or', 'xor', 'cmp', 'test', 'mov'];
const UNARY = ['inc', 'dec', 'neg', 'not', 'mul', 'imul', 'div', 'idiv'];
const SHIFT = ['shl', 'sal', 'shr', 'sar', 'rol', 'ror', 'rcl', 'rcr'];
const BIT = ['bt', 'bts', 'btr', 'btc'];
const NOOPS = ['cld', 'std', 'clc', 'stc', 'cmc', 'cli', 'sti', 'lahf', 'sahf', 'nop', 'pause', 'hlt', 'ud2', 'int3', 'syscall',
  'sysenter', 'sysexit', 'rdmsr', 'wrmsr', 'rdtsc', 'rdtscp', 'cpuid', 'lfence', 'mfence', 'sfence', 'leave', 'ret', 'cltd', 'cwtl', 'cbtw', 'cwtd',
  'pushf', 'popf', 'iret', 'iretl', 'sysret'];
const STRING = ['movs', 'stos', 'lods', 'cmps', 'scas'];
// Two-operand SSE forms `op xmm/mem, xmm`, and those that also have an MMX form.
const SSE_XX = ['movaps', 'movups', 'movapd', 'movdqa', 'movdqu', 'movss', 'movsd', 'addps', 'addsd', 'subss', 'mulpd', 'divps', 'minsd', 'maxps', 'sqrtss', 'sqrtpd',
  'rcpps', 'rsqrtss', 'andps', 'andnpd', 'orps', 'xorpd', 'unpcklps', 'unpckhpd', 'comiss', 'ucomisd', 'cvtps2pd', 'cvtsd2ss', 'cvtdq2ps', 'cvttps2dq', 'cvtdq2pd',
  'punpcklqdq', 'haddps', 'addsubpd', 'movddup', 'movshdup', 'pmulld', 'pminsd', 'pmaxuw', 'pcmpeqq', 'pcmpgtq', 'packusdw', 'ptest', 'pmovsxbw', 'pmovzxdq', 'phminposuw',
  'cmpeqps', 'cmpltsd', 'cmpunordpd', 'cmpnless', 'cmpordps'];
const SSE_MMX = ['paddb', 'paddq', 'psubusw', 'pmullw', 'pmulhuw', 'pmuludq', 'pmaddwd', 'psadbw', 'pavgb', 'pminub', 'pmaxsw', 'pand', 'pandn', 'por', 'pxor',
  'pcmpeqd', 'pcmpgtb', 'packsswb', 'punpckhbw', 'pshufb', 'phaddw', 'pmaddubsw', 'pmulhrsw', 'psignd', 'pabsb', 'psllw', 'psrad', 'psrlq'];
const SSE_IXX = ['shufps', 'shufpd', 'cmpps', 'cmpsd', 'pshufd', 'pshufhw', 'palignr', 'blendps', 'pblendw', 'dpps', 'insertps', 'roundss', 'mpsadbw', 'pcmpestri', 'pcmpistrm'];
const X87_NOOPS = ['fld1', 'fldz', 'fldpi', 'fchs', 'fabs', 'fsqrt', 'fxam', 'ftst', 'fprem', 'fscale', 'frndint', 'fsin', 'fcos', 'fpatan', 'fyl2x', 'fcompp', 'fucompp',
  'fninit', 'fnclex', 'fwait', 'fnstsw', 'fincstp', 'fadd', 'fsubp', 'fdivr', 'fmulp', 'fxch', 'fcom', 'fucomp'];

export function makeRandom(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n: number) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

export function randomLines(bits: 32 | 64, count: number, seed: number): string[] {
  const r = makeRandom(seed);
  const pick = <T>(a: readonly T[]): T => a[r(a.length)]!;
  const R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh', ...(bits === 64 ? ['sil', 'dil', 'spl', 'bpl', 'r8b', 'r9b', 'r15b'] : [])];
  const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', ...(bits === 64 ? ['r8w', 'r10w', 'r15w'] : [])];
  const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', ...(bits === 64 ? ['r8d', 'r11d', 'r13d', 'r15d'] : [])];
  const R64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
  const sizes = bits === 64 ? [8, 16, 32, 64] : [8, 16, 32];
  const regOf = (sz: number) => '%' + pick(sz === 8 ? R8 : sz === 16 ? R16 : sz === 32 ? R32 : R64);
  const IMMS = ['0', '1', '-1', '2', '3', '0x7f', '0x80', '-0x80', '-0x81', '0xff', '0x100', '0x7fff', '0x8000', '0xffff', '0x12345', '0x7fffffff',
    '0x80000000', '-0x80000000', '0xffffffff', '0x100000000', '0x123456789', 'sym', 'dsym', 'sym+3', 'K', '(K*2)', "'a'", 'fwd'];
  const DISPS = ['', '', '0', '1', '-1', '0x7f', '0x80', '-0x80', '-0x81', '0x1000', '-0x12345678', 'dsym', 'dsym+8', 'K', 'fwd'];
  const baseRegs = bits === 64 ? R64 : R32;
  const mem = (): string => {
    const seg = r(10) === 0 ? `%${pick(['fs', 'gs', 'es', 'ds', 'cs', 'ss'])}:` : '';
    const kind = r(10);
    if (kind === 0) return seg + pick(['0x1234', 'dsym', '0x80', 'K']);
    if (kind === 1 && bits === 64) return seg + pick(['dsym', 'sym', 'dsym+4', '0x10']) + '(%rip)';
    const disp = pick(DISPS);
    const useBase = r(5) !== 0;
    const useIndex = r(3) === 0 || !useBase;
    const b = useBase ? '%' + pick(baseRegs) : '';
    let idx = '';
    if (useIndex) {
      let i = pick(baseRegs);
      while (i === 'esp' || i === 'rsp') i = pick(baseRegs);
      idx = `,%${i}` + (r(2) ? `,${pick(['1', '2', '4', '8'])}` : '');
    }
    return `${seg}${disp}(${b}${idx})`;
  };
  const NUM_IMMS = IMMS.filter((x) => !/sym|fwd/.test(x));
  // Symbolic immediates only where an address fits (ld would refuse a truncated one).
  const imm = (sz = 32) => '$' + pick(sz >= 32 ? IMMS : NUM_IMMS);
  const sfx = (sz: number) => ({ 8: 'b', 16: 'w', 32: 'l', 64: 'q' })[sz]!;
  const lines: string[] = [];
  while (lines.length < count) {
    const sz = pick(sizes);
    const withSfx = r(2) === 0;
    const kind = r(17);
    let line = '';
    if (kind <= 3) {
      const op = pick(ALU);
      const form = r(5);
      const s = withSfx ? sfx(sz) : '';
      if (form === 0) line = `${op}${s} ${regOf(sz)}, ${regOf(sz)}`;
      else if (form === 1) line = `${op}${s} ${imm(sz)}, ${r(2) ? regOf(sz) : mem()}`;
      else if (form === 2) line = `${op}${s} ${mem()}, ${regOf(sz)}`;
      else if (form === 3) line = `${op}${s} ${regOf(sz)}, ${mem()}`;
      else line = `${op}${sfx(sz)} ${imm(sz)}, ${mem()}`;
      if (r(12) === 0 && op !== 'mov' && op !== 'cmp' && op !== 'test') line = 'lock ' + line;
    } else if (kind === 4) {
      line = `${pick(UNARY)}${withSfx ? sfx(sz) : ''} ${r(2) ? regOf(sz) : mem()}`;
      if (!withSfx && line.includes('(')) line = line.replace(' ', sfx(sz) + ' ');
    } else if (kind === 5) {
      const op = pick(SHIFT);
      const target = r(2) ? regOf(sz) : mem();
      const s = withSfx || target.includes('(') || target.includes(':') ? sfx(sz) : '';
      line = pick([`${op}${s} ${target}`, `${op}${s} $1, ${target}`, `${op}${s} ${imm(8)}, ${target}`, `${op}${s} %cl, ${target}`]);
    } else if (kind === 6) {
      const s = sz === 8 ? 32 : sz;
      line = pick([
        `imul ${regOf(s)}, ${regOf(s)}`, `imul ${imm(s)}, ${regOf(s)}`, `imul ${imm(s)}, ${r(2) ? mem() : regOf(s)}, ${regOf(s)}`,
        `${pick(BIT)}${withSfx ? sfx(s) : ''} ${imm(8)}, ${r(2) ? regOf(s) : mem()}`, `${pick(BIT)} ${regOf(s)}, ${r(2) ? regOf(s) : mem()}`,
        `${pick(['bsf', 'bsr'])} ${r(2) ? mem() : regOf(s)}, ${regOf(s)}`, `cmov${pick(CC)} ${r(2) ? mem() : regOf(s)}, ${regOf(s)}`,
        `${pick(['shld', 'shrd'])} ${pick([imm(8), '%cl'])}, ${regOf(s)}, ${r(2) ? mem() : regOf(s)}`,
        `${pick(['xchg', 'xadd', 'cmpxchg'])} ${regOf(s)}, ${r(2) ? mem() : regOf(s)}`, `bswap ${regOf(s === 16 ? 32 : s)}`,
      ]);
    } else if (kind === 7) {
      line = pick([`set${pick(CC)} ${r(2) ? regOf(8) : mem()}`, `lea ${mem()}, ${regOf(sz === 8 ? 32 : sz)}`,
        `movz${pick(['bw', 'bl', 'wl', ...(bits === 64 ? ['bq', 'wq'] : [])])} ${r(2) ? mem() : regOf(8)}, ${regOf(32)}`,
        `movs${pick(['bl', 'wl', 'bw'])} ${mem()}, ${regOf(32)}`, ...(bits === 64 ? [`movslq ${r(2) ? mem() : regOf(32)}, ${regOf(64)}`, `movabs ${imm()}, ${regOf(64)}`] : [])]);
    } else if (kind === 8) {
      line = pick([`push${withSfx ? sfx(bits) : ''} ${pick([imm(), regOf(bits), regOf(16)])}`, `pop ${regOf(bits)}`, `push${sfx(bits)} ${mem()}`, `pop${sfx(bits)} ${mem()}`,
        `pushw ${imm(16)}`, ...(bits === 32 ? ['push %ds', 'pop %es', 'push %cs', 'pop %ss', 'pusha', 'popa'] : ['push %fs', 'pop %gs'])]);
    } else if (kind === 9) {
      line = pick([`j${pick(CC)} ${pick(['sym', 'fwd', 'near', '1b', '1f'])}`, `jmp ${pick(['sym', 'fwd', 'near', '1b', '1f'])}`, `call ${pick(['sym', 'fwd', 'near'])}`,
        `jmp *${r(2) ? regOf(bits) : mem()}`, `call *${r(2) ? regOf(bits) : mem()}`, `loop 1b`, `ret $${pick(['8', '0x10', '0x1234'])}`, `enter $${pick(['0', '16', '0x1000'])}, $${pick(['0', '1', '3'])}`,
        `int $${pick(['0x80', '3', '0', '0xff', 'K'])}`, '1:', 'near:', '.p2align 4', '.balign 8', '.p2align 5,,7', 'jmp .+2', 'jne .-6']);
    } else if (kind === 10) {
      const op = pick(STRING);
      const s = sfx(pick(sizes));
      line = `${pick(['', 'rep ', op === 'cmps' || op === 'scas' ? 'repne ' : 'rep ', 'repe '])}${op}${s}`;
    } else if (kind === 11) {
      line = pick(NOOPS);
    } else if (kind === 12) {
      const seg = pick(['ds', 'es', 'fs', 'gs', 'ss']);
      line = pick([`mov %${seg}, ${regOf(pick([16, 32]))}`, `mov ${regOf(pick([16, 32]))}, %${seg}`, `mov %${seg}, ${mem()}`, `mov ${mem()}, %${seg}`,
        `mov %cr${pick(['0', '2', '3', '4'])}, ${regOf(bits)}`, `mov ${regOf(bits)}, %cr${pick(['0', '3', '4'])}`, `${pick(['lgdt', 'lidt', 'sgdt', 'sidt'])} ${mem()}`, `ltr ${r(2) ? regOf(16) : mem()}`]);
    } else if (kind === 14) {
      const xmm = () => `%xmm${r(bits === 64 ? 16 : 8)}`;
      const mmx = () => `%mm${r(8)}`;
      const src = () => (r(2) ? xmm() : mem());
      line = pick([`${pick(SSE_XX)} ${src()}, ${xmm()}`, `${pick(SSE_MMX)} ${src()}, ${xmm()}`, `${pick(SSE_MMX)} ${r(2) ? mmx() : mem()}, ${mmx()}`,
        `${pick(SSE_IXX)} $${pick(['0', '1', '0x1b', '0xff', 'K'])}, ${src()}, ${xmm()}`, `${pick(['movaps', 'movdqu', 'movss', 'movlps', 'movhpd', 'movntdq'])} ${xmm()}, ${mem()}`,
        `${pick(['movd', 'movq'])} ${pick([xmm(), mmx()])}, ${r(2) ? regOf(bits === 64 && r(2) ? 64 : 32) : mem()}`, `movq ${src()}, ${xmm()}`,
        `${pick(['cvtsi2ss', 'cvtsi2sd'])}${pick(['', 'l'])} ${r(2) ? regOf(32) : mem()}, ${xmm()}`, `${pick(['cvttss2si', 'cvtsd2si'])} ${src()}, ${regOf(pick(bits === 64 ? [32, 64] : [32]))}`,
        `${pick(['psllq', 'psrldq', 'pslldq', 'psraw'])} $${pick(['1', '7', '0x10'])}, ${xmm()}`, `pextrw $1, ${xmm()}, ${regOf(32)}`, `pinsrd $2, ${r(2) ? regOf(32) : mem()}, ${xmm()}`,
        `blendvpd %xmm0, ${src()}, ${xmm()}`, `movmskps ${xmm()}, ${regOf(32)}`, `${pick(['ldmxcsr', 'stmxcsr', 'prefetchnta', 'clflush'])} ${mem()}`]);
    } else if (kind === 15) {
      const st = () => `%st(${r(8)})`;
      const fmem = mem();
      line = pick([`${pick(['fld', 'fst', 'fstp', 'fadd', 'fsub', 'fsubr', 'fmul', 'fdiv', 'fdivr', 'fcom', 'fcomp'])}${pick(['s', 'l'])} ${fmem}`,
        `${pick(['fld', 'fstp'])}t ${fmem}`, `${pick(['fild', 'fistp', 'fisttp'])}${pick(['s', 'l', 'll', 'q'])} ${fmem}`, `${pick(['fiadd', 'fimul', 'fidivr', 'ficom'])}${pick(['s', 'l'])} ${fmem}`,
        `${pick(['fadd', 'fsub', 'fsubr', 'fmul', 'fdiv', 'fdivr'])} ${pick([`${st()}, %st`, `%st, ${st()}`, st()])}`, `${pick(['faddp', 'fsubp', 'fsubrp', 'fdivp', 'fdivrp'])} %st, ${st()}`,
        `${pick(['fld', 'fst', 'fstp', 'fxch', 'fcom', 'fucomp', 'ffree'])} ${st()}`, `${pick(['fcomi', 'fucomip', 'fcmovb', 'fcmovnbe'])} ${st()}, %st`,
        `${pick(['fnstcw', 'fldcw', 'fnstenv', 'fldenv', 'fnsave', 'frstor', 'fxsave', 'fbld', 'fbstp', 'fnstsw', 'fstsw'])} ${fmem}`, pick(X87_NOOPS)]);
    } else if (kind === 16) {
      const s = pick(bits === 64 ? [32, 64] : [32]);
      line = pick([`${pick(['andn', 'bextr'])} ${regOf(s)}, ${regOf(s)}, ${regOf(s)}`, `andn ${mem()}, ${regOf(s)}, ${regOf(s)}`, `${pick(['blsi', 'blsmsk', 'blsr'])} ${r(2) ? regOf(s) : mem()}, ${regOf(s)}`,
        `${pick(['popcnt', 'lzcnt', 'tzcnt'])} ${r(2) ? regOf(s) : mem()}, ${regOf(s)}`, `crc32${pick(['b', 'w', 'l'])} ${mem()}, ${regOf(32)}`, `crc32 ${regOf(pick([8, 16, 32]))}, ${regOf(32)}`,
        `movbe ${mem()}, ${regOf(s)}`, `movbe ${regOf(s)}, ${mem()}`, `${pick(['rdrand', 'rdseed'])} ${regOf(s)}`, `cmpxchg8b ${mem()}`, `lar ${regOf(16)}, ${regOf(32)}`, `lsl ${mem()}, ${regOf(32)}`,
        `${pick(['insb', 'outsw', 'insl', 'rep outsb'])}`, `${pick(['inb', 'outl'])} %dx`]);
    } else {
      line = pick([`nopw ${mem()}`, `nopl ${mem()}`, `mov ${imm(sz)}, ${regOf(sz)}`, `mov ${mem()}, ${regOf(sz)}`, `test ${mem()}, ${regOf(sz)}`, `xchg ${mem()}, ${regOf(sz)}`]);
    }
    lines.push(line);
  }
  return lines;
}

/** Wrap random lines into a file with the symbols they use. */
export function randomFile(bits: 32 | 64, lines: string[]): string {
  return [`.code${bits}`, '.globl _start', 'K = 5', '.text', '_start:', 'sym:', '1:', 'near:', ...lines.map((l) => '  ' + l), 'fwd: ret', '1: ret',
    '.data', 'dsym: .long 0, 0, 0, 0', ''].join('\n');
}
