// The instruction forms the SSE oracle draws from, by group, as legacy encodings (SDM Vol.2
// opcode map, Appendix A): prefix, opcode bytes, what ModRM.reg and ModRM.rm name.
import type { Opnd, SseForm } from './sseOracle.js';

type Extra = Partial<Pick<SseForm, 'mem' | 'memOnly' | 'imm' | 'imm2' | 'w' | 'size'>>;
const f = (name: string, pre: number | number[] | undefined, op: number[], reg: Opnd | number, rm: Opnd | null, x: Extra = {}): SseForm =>
  ({ name, pre, op, reg, rm, mem: true, ...x });

/** An MMX form (0F op) and an SSE2 form (66 0F op) of a packed-integer instruction. */
function both(name: string, op: number, x: Extra = {}, mmSize = 8): SseForm[] {
  return [f(`${name} mm`, undefined, [0x0f, op], 'mm', 'mm', { size: mmSize, ...x }), f(`${name} xmm`, 0x66, [0x0f, op], 'x', 'x', x)];
}
/** SSSE3 (0F 38 op, MMX and XMM forms). */
function ssse3(name: string, op: number): SseForm[] {
  return [f(`${name} mm`, undefined, [0x0f, 0x38, op], 'mm', 'mm', { size: 8 }), f(`${name} xmm`, 0x66, [0x0f, 0x38, op], 'x', 'x')];
}
const sse41 = (name: string, op: number, x: Extra = {}): SseForm => f(name, 0x66, [0x0f, 0x38, op], 'x', 'x', x);

export const MOVE_LOGIC_FORMS: SseForm[] = [
  ...both('pand', 0xdb), ...both('pandn', 0xdf), ...both('por', 0xeb), ...both('pxor', 0xef),
  f('movups', undefined, [0x0f, 0x10], 'x', 'x'), f('movups st', undefined, [0x0f, 0x11], 'x', 'x'),
  f('movupd', 0x66, [0x0f, 0x10], 'x', 'x'), f('movupd st', 0x66, [0x0f, 0x11], 'x', 'x'),
  f('movaps', undefined, [0x0f, 0x28], 'x', 'x', { }), f('movaps st', undefined, [0x0f, 0x29], 'x', 'x'),
  f('movapd', 0x66, [0x0f, 0x28], 'x', 'x'), f('movapd st', 0x66, [0x0f, 0x29], 'x', 'x'),
  f('movdqa', 0x66, [0x0f, 0x6f], 'x', 'x'), f('movdqa st', 0x66, [0x0f, 0x7f], 'x', 'x'),
  f('movdqu', 0xf3, [0x0f, 0x6f], 'x', 'x'), f('movdqu st', 0xf3, [0x0f, 0x7f], 'x', 'x'),
  f('movss', 0xf3, [0x0f, 0x10], 'x', 'x', { size: 4 }), f('movss st', 0xf3, [0x0f, 0x11], 'x', 'x', { size: 4 }),
  f('movsd', 0xf2, [0x0f, 0x10], 'x', 'x', { size: 8 }), f('movsd st', 0xf2, [0x0f, 0x11], 'x', 'x', { size: 8 }),
  f('movlps/movhlps', undefined, [0x0f, 0x12], 'x', 'x', { size: 8 }), f('movlps st', undefined, [0x0f, 0x13], 'x', null, { size: 8 }),
  f('movhps/movlhps', undefined, [0x0f, 0x16], 'x', 'x', { size: 8 }), f('movhps st', undefined, [0x0f, 0x17], 'x', null, { size: 8 }),
  f('movlpd', 0x66, [0x0f, 0x12], 'x', null, { size: 8 }), f('movlpd st', 0x66, [0x0f, 0x13], 'x', null, { size: 8 }),
  f('movhpd', 0x66, [0x0f, 0x16], 'x', null, { size: 8 }), f('movhpd st', 0x66, [0x0f, 0x17], 'x', null, { size: 8 }),
  f('movd mm,r/m32', undefined, [0x0f, 0x6e], 'mm', 'r', { size: 4 }), f('movq mm,r/m64', undefined, [0x0f, 0x6e], 'mm', 'r', { size: 8, w: true }),
  f('movd xmm,r/m32', 0x66, [0x0f, 0x6e], 'x', 'r', { size: 4 }), f('movq xmm,r/m64', 0x66, [0x0f, 0x6e], 'x', 'r', { size: 8, w: true }),
  f('movd r/m32,mm', undefined, [0x0f, 0x7e], 'mm', 'r', { size: 4 }), f('movq r/m64,mm', undefined, [0x0f, 0x7e], 'mm', 'r', { size: 8, w: true }),
  f('movd r/m32,xmm', 0x66, [0x0f, 0x7e], 'x', 'r', { size: 4 }), f('movq r/m64,xmm', 0x66, [0x0f, 0x7e], 'x', 'r', { size: 8, w: true }),
  f('movq mm,mm/m64', undefined, [0x0f, 0x6f], 'mm', 'mm', { size: 8 }), f('movq mm/m64,mm', undefined, [0x0f, 0x7f], 'mm', 'mm', { size: 8 }),
  f('movq xmm,xmm/m64', 0xf3, [0x0f, 0x7e], 'x', 'x', { size: 8 }), f('movq xmm/m64,xmm', 0x66, [0x0f, 0xd6], 'x', 'x', { size: 8 }),
  f('movq2dq', 0xf3, [0x0f, 0xd6], 'x', 'mm', { mem: false }), f('movdq2q', 0xf2, [0x0f, 0xd6], 'mm', 'x', { mem: false }),
  f('pmovmskb r,mm', undefined, [0x0f, 0xd7], 'r', 'mm', { mem: false }), f('pmovmskb r,xmm', 0x66, [0x0f, 0xd7], 'r', 'x', { mem: false }),
  f('movmskps', undefined, [0x0f, 0x50], 'r', 'x', { mem: false }), f('movmskpd', 0x66, [0x0f, 0x50], 'r', 'x', { mem: false }),
  f('movntps', undefined, [0x0f, 0x2b], 'x', null), f('movntpd', 0x66, [0x0f, 0x2b], 'x', null), f('movntdq', 0x66, [0x0f, 0xe7], 'x', null),
  f('movntq', undefined, [0x0f, 0xe7], 'mm', null, { size: 8 }), f('movnti', undefined, [0x0f, 0xc3], 'r', null, { size: 4 }),
  f('movnti64', undefined, [0x0f, 0xc3], 'r', null, { size: 8, w: true }),
  f('lddqu', 0xf2, [0x0f, 0xf0], 'x', null), f('movntdqa', 0x66, [0x0f, 0x38, 0x2a], 'x', null),
  f('movddup', 0xf2, [0x0f, 0x12], 'x', 'x', { size: 8 }), f('movshdup', 0xf3, [0x0f, 0x16], 'x', 'x'), f('movsldup', 0xf3, [0x0f, 0x12], 'x', 'x'),
  f('ldmxcsr', undefined, [0x0f, 0xae], 2, null, { size: 4 }), f('stmxcsr', undefined, [0x0f, 0xae], 3, null, { size: 4 }),
  f('prefetchnta', undefined, [0x0f, 0x18], 0, null, { size: 1 }), f('prefetcht0', undefined, [0x0f, 0x18], 1, null, { size: 1 }),
  f('emms', undefined, [0x0f, 0x77], 0, null, { mem: false, memOnly: false }),
  // rdi points into scratch memory for these (sseInteger.test.ts)
  f('maskmovq', undefined, [0x0f, 0xf7], 'mm', 'mm', { mem: false }), f('maskmovdqu', 0x66, [0x0f, 0xf7], 'x', 'x', { mem: false }),
];

export const INT_ARITH_FORMS: SseForm[] = [
  ...both('paddb', 0xfc), ...both('paddw', 0xfd), ...both('paddd', 0xfe), ...both('paddq', 0xd4),
  ...both('psubb', 0xf8), ...both('psubw', 0xf9), ...both('psubd', 0xfa), ...both('psubq', 0xfb),
  ...both('paddsb', 0xec), ...both('paddsw', 0xed), ...both('paddusb', 0xdc), ...both('paddusw', 0xdd),
  ...both('psubsb', 0xe8), ...both('psubsw', 0xe9), ...both('psubusb', 0xd8), ...both('psubusw', 0xd9),
  ...both('pcmpeqb', 0x74), ...both('pcmpeqw', 0x75), ...both('pcmpeqd', 0x76),
  ...both('pcmpgtb', 0x64), ...both('pcmpgtw', 0x65), ...both('pcmpgtd', 0x66),
  ...both('pminub', 0xda), ...both('pmaxub', 0xde), ...both('pminsw', 0xea), ...both('pmaxsw', 0xee),
  ...both('pavgb', 0xe0), ...both('pavgw', 0xe3),
  ...both('pmullw', 0xd5), ...both('pmulhw', 0xe5), ...both('pmulhuw', 0xe4), ...both('pmuludq', 0xf4),
  ...both('pmaddwd', 0xf5), ...both('psadbw', 0xf6),
];

export const SHUFFLE_SHIFT_FORMS: SseForm[] = [
  ...both('punpcklbw', 0x60, {}, 4), ...both('punpcklwd', 0x61, {}, 4), ...both('punpckldq', 0x62, {}, 4),
  ...both('punpckhbw', 0x68), ...both('punpckhwd', 0x69), ...both('punpckhdq', 0x6a),
  f('punpcklqdq', 0x66, [0x0f, 0x6c], 'x', 'x'), f('punpckhqdq', 0x66, [0x0f, 0x6d], 'x', 'x'),
  ...both('packsswb', 0x63), ...both('packuswb', 0x67), ...both('packssdw', 0x6b),
  f('unpcklps', undefined, [0x0f, 0x14], 'x', 'x'), f('unpckhps', undefined, [0x0f, 0x15], 'x', 'x'),
  f('unpcklpd', 0x66, [0x0f, 0x14], 'x', 'x'), f('unpckhpd', 0x66, [0x0f, 0x15], 'x', 'x'),
  f('pshufw', undefined, [0x0f, 0x70], 'mm', 'mm', { imm: true, size: 8 }), f('pshufd', 0x66, [0x0f, 0x70], 'x', 'x', { imm: true }),
  f('pshufhw', 0xf3, [0x0f, 0x70], 'x', 'x', { imm: true }), f('pshuflw', 0xf2, [0x0f, 0x70], 'x', 'x', { imm: true }),
  f('shufps', undefined, [0x0f, 0xc6], 'x', 'x', { imm: true }), f('shufpd', 0x66, [0x0f, 0xc6], 'x', 'x', { imm: true }),
  ...both('psrlw', 0xd1), ...both('psrld', 0xd2), ...both('psrlq', 0xd3), ...both('psraw', 0xe1), ...both('psrad', 0xe2),
  ...both('psllw', 0xf1), ...both('pslld', 0xf2), ...both('psllq', 0xf3),
  ...([[0x71, 2, 'psrlw'], [0x71, 4, 'psraw'], [0x71, 6, 'psllw'], [0x72, 2, 'psrld'], [0x72, 4, 'psrad'], [0x72, 6, 'pslld'],
    [0x73, 2, 'psrlq'], [0x73, 6, 'psllq']] as [number, number, string][]).flatMap(([op, ext, n]) => [
    f(`${n} mm,imm`, undefined, [0x0f, op], ext, 'mm', { imm: true, mem: false }), f(`${n} xmm,imm`, 0x66, [0x0f, op], ext, 'x', { imm: true, mem: false })]),
  f('psrldq', 0x66, [0x0f, 0x73], 3, 'x', { imm: true, mem: false }), f('pslldq', 0x66, [0x0f, 0x73], 7, 'x', { imm: true, mem: false }),
  f('pinsrw mm', undefined, [0x0f, 0xc4], 'mm', 'r', { imm: true, size: 2 }), f('pinsrw xmm', 0x66, [0x0f, 0xc4], 'x', 'r', { imm: true, size: 2 }),
  f('pextrw r,mm', undefined, [0x0f, 0xc5], 'r', 'mm', { imm: true, mem: false }), f('pextrw r,xmm', 0x66, [0x0f, 0xc5], 'r', 'x', { imm: true, mem: false }),
];

export const SSSE3_SSE41_INT_FORMS: SseForm[] = [
  ...ssse3('pshufb', 0x00), ...ssse3('phaddw', 0x01), ...ssse3('phaddd', 0x02), ...ssse3('phaddsw', 0x03),
  ...ssse3('pmaddubsw', 0x04), ...ssse3('phsubw', 0x05), ...ssse3('phsubd', 0x06), ...ssse3('phsubsw', 0x07),
  ...ssse3('psignb', 0x08), ...ssse3('psignw', 0x09), ...ssse3('psignd', 0x0a), ...ssse3('pmulhrsw', 0x0b),
  ...ssse3('pabsb', 0x1c), ...ssse3('pabsw', 0x1d), ...ssse3('pabsd', 0x1e),
  f('palignr mm', undefined, [0x0f, 0x3a, 0x0f], 'mm', 'mm', { imm: true, size: 8 }), f('palignr xmm', 0x66, [0x0f, 0x3a, 0x0f], 'x', 'x', { imm: true }),
  sse41('pmuldq', 0x28), sse41('pcmpeqq', 0x29), sse41('packusdw', 0x2b), sse41('pcmpgtq', 0x37),
  sse41('pminsb', 0x38), sse41('pminsd', 0x39), sse41('pminuw', 0x3a), sse41('pminud', 0x3b),
  sse41('pmaxsb', 0x3c), sse41('pmaxsd', 0x3d), sse41('pmaxuw', 0x3e), sse41('pmaxud', 0x3f), sse41('pmulld', 0x40),
];

/** SSE4.2 string compares (every imm8) and CRC32. */
export const STRING_FORMS: SseForm[] = [
  f('pcmpestrm', 0x66, [0x0f, 0x3a, 0x60], 'x', 'x', { imm: true }), f('pcmpestri', 0x66, [0x0f, 0x3a, 0x61], 'x', 'x', { imm: true }),
  f('pcmpistrm', 0x66, [0x0f, 0x3a, 0x62], 'x', 'x', { imm: true }), f('pcmpistri', 0x66, [0x0f, 0x3a, 0x63], 'x', 'x', { imm: true }),
  f('pcmpestrm64', 0x66, [0x0f, 0x3a, 0x60], 'x', 'x', { imm: true, w: true }), f('pcmpestri64', 0x66, [0x0f, 0x3a, 0x61], 'x', 'x', { imm: true, w: true }),
  f('crc32 r32,r/m8', 0xf2, [0x0f, 0x38, 0xf0], 'r', 'r', { size: 1 }), f('crc32 r32,r/m16', [0x66, 0xf2], [0x0f, 0x38, 0xf1], 'r', 'r', { size: 2 }),
  f('crc32 r32,r/m32', 0xf2, [0x0f, 0x38, 0xf1], 'r', 'r', { size: 4 }), f('crc32 r64,r/m64', 0xf2, [0x0f, 0x38, 0xf1], 'r', 'r', { size: 8, w: true }),
  f('crc32 r64,r/m8', 0xf2, [0x0f, 0x38, 0xf0], 'r', 'r', { size: 1, w: true }),
];

/** ps, pd, ss, sd forms of a 0F xx float instruction. */
function fp4(name: string, op: number, x: Extra = {}): SseForm[] {
  return [f(`${name}ps`, undefined, [0x0f, op], 'x', 'x', x), f(`${name}pd`, 0x66, [0x0f, op], 'x', 'x', x),
    f(`${name}ss`, 0xf3, [0x0f, op], 'x', 'x', { size: 4, ...x }), f(`${name}sd`, 0xf2, [0x0f, op], 'x', 'x', { size: 8, ...x })];
}

export const FLOAT_ARITH_FORMS: SseForm[] = [
  ...fp4('add', 0x58), ...fp4('mul', 0x59), ...fp4('sub', 0x5c), ...fp4('min', 0x5d), ...fp4('div', 0x5e), ...fp4('max', 0x5f),
  ...fp4('sqrt', 0x51),
  f('haddps', 0xf2, [0x0f, 0x7c], 'x', 'x'), f('hsubps', 0xf2, [0x0f, 0x7d], 'x', 'x'),
  f('haddpd', 0x66, [0x0f, 0x7c], 'x', 'x'), f('hsubpd', 0x66, [0x0f, 0x7d], 'x', 'x'),
  f('addsubps', 0xf2, [0x0f, 0xd0], 'x', 'x'), f('addsubpd', 0x66, [0x0f, 0xd0], 'x', 'x'),
  f('andps', undefined, [0x0f, 0x54], 'x', 'x'), f('andnps', undefined, [0x0f, 0x55], 'x', 'x'),
  f('orps', undefined, [0x0f, 0x56], 'x', 'x'), f('xorps', undefined, [0x0f, 0x57], 'x', 'x'),
  f('andpd', 0x66, [0x0f, 0x54], 'x', 'x'), f('xorpd', 0x66, [0x0f, 0x57], 'x', 'x'),
  // the approximations: bit-exact only against AMD (the zen4-kvm tables)
  f('rcpps', undefined, [0x0f, 0x53], 'x', 'x'), f('rcpss', 0xf3, [0x0f, 0x53], 'x', 'x', { size: 4 }),
  f('rsqrtps', undefined, [0x0f, 0x52], 'x', 'x'), f('rsqrtss', 0xf3, [0x0f, 0x52], 'x', 'x', { size: 4 }),
];

export const FLOAT_COMPARE_FORMS: SseForm[] = [
  ...fp4('cmp', 0xc2, { imm: true }),
  f('ucomiss', undefined, [0x0f, 0x2e], 'x', 'x', { size: 4 }), f('comiss', undefined, [0x0f, 0x2f], 'x', 'x', { size: 4 }),
  f('ucomisd', 0x66, [0x0f, 0x2e], 'x', 'x', { size: 8 }), f('comisd', 0x66, [0x0f, 0x2f], 'x', 'x', { size: 8 }),
];

export const CONVERT_FORMS: SseForm[] = [
  f('cvtpi2ps', undefined, [0x0f, 0x2a], 'x', 'mm', { size: 8 }), f('cvtpi2pd', 0x66, [0x0f, 0x2a], 'x', 'mm', { size: 8 }),
  f('cvtsi2ss', 0xf3, [0x0f, 0x2a], 'x', 'r', { size: 4 }), f('cvtsi2ss64', 0xf3, [0x0f, 0x2a], 'x', 'r', { size: 8, w: true }),
  f('cvtsi2sd', 0xf2, [0x0f, 0x2a], 'x', 'r', { size: 4 }), f('cvtsi2sd64', 0xf2, [0x0f, 0x2a], 'x', 'r', { size: 8, w: true }),
  f('cvttps2pi', undefined, [0x0f, 0x2c], 'mm', 'x', { size: 8 }), f('cvttpd2pi', 0x66, [0x0f, 0x2c], 'mm', 'x'),
  f('cvttss2si', 0xf3, [0x0f, 0x2c], 'r', 'x', { size: 4 }), f('cvttss2si64', 0xf3, [0x0f, 0x2c], 'r', 'x', { size: 4, w: true }),
  f('cvttsd2si', 0xf2, [0x0f, 0x2c], 'r', 'x', { size: 8 }), f('cvttsd2si64', 0xf2, [0x0f, 0x2c], 'r', 'x', { size: 8, w: true }),
  f('cvtps2pi', undefined, [0x0f, 0x2d], 'mm', 'x', { size: 8 }), f('cvtpd2pi', 0x66, [0x0f, 0x2d], 'mm', 'x'),
  f('cvtss2si', 0xf3, [0x0f, 0x2d], 'r', 'x', { size: 4 }), f('cvtss2si64', 0xf3, [0x0f, 0x2d], 'r', 'x', { size: 4, w: true }),
  f('cvtsd2si', 0xf2, [0x0f, 0x2d], 'r', 'x', { size: 8 }), f('cvtsd2si64', 0xf2, [0x0f, 0x2d], 'r', 'x', { size: 8, w: true }),
  f('cvtps2pd', undefined, [0x0f, 0x5a], 'x', 'x', { size: 8 }), f('cvtpd2ps', 0x66, [0x0f, 0x5a], 'x', 'x'),
  f('cvtss2sd', 0xf3, [0x0f, 0x5a], 'x', 'x', { size: 4 }), f('cvtsd2ss', 0xf2, [0x0f, 0x5a], 'x', 'x', { size: 8 }),
  f('cvtdq2ps', undefined, [0x0f, 0x5b], 'x', 'x'), f('cvtps2dq', 0x66, [0x0f, 0x5b], 'x', 'x'), f('cvttps2dq', 0xf3, [0x0f, 0x5b], 'x', 'x'),
  f('cvttpd2dq', 0x66, [0x0f, 0xe6], 'x', 'x'), f('cvtdq2pd', 0xf3, [0x0f, 0xe6], 'x', 'x', { size: 8 }), f('cvtpd2dq', 0xf2, [0x0f, 0xe6], 'x', 'x'),
];

const sse41i = (name: string, op: number, reg: Opnd, rm: Opnd | null, x: Extra = {}): SseForm => f(name, 0x66, [0x0f, 0x3a, op], reg, rm, { imm: true, ...x });
export const SSE41_FORMS: SseForm[] = [
  sse41i('roundps', 0x08, 'x', 'x'), sse41i('roundpd', 0x09, 'x', 'x'), sse41i('roundss', 0x0a, 'x', 'x', { size: 4 }), sse41i('roundsd', 0x0b, 'x', 'x', { size: 8 }),
  sse41i('blendps', 0x0c, 'x', 'x'), sse41i('blendpd', 0x0d, 'x', 'x'), sse41i('pblendw', 0x0e, 'x', 'x'),
  sse41i('pextrb', 0x14, 'x', 'r', { size: 1 }), sse41i('pextrw', 0x15, 'x', 'r', { size: 2 }), sse41i('pextrd', 0x16, 'x', 'r', { size: 4 }),
  sse41i('pextrq', 0x16, 'x', 'r', { size: 8, w: true }), sse41i('extractps', 0x17, 'x', 'r', { size: 4 }),
  sse41i('pinsrb', 0x20, 'x', 'r', { size: 1 }), sse41i('insertps', 0x21, 'x', 'x', { size: 4 }), sse41i('pinsrd', 0x22, 'x', 'r', { size: 4 }),
  sse41i('pinsrq', 0x22, 'x', 'r', { size: 8, w: true }),
  sse41i('dpps', 0x40, 'x', 'x'), sse41i('dppd', 0x41, 'x', 'x'), sse41i('mpsadbw', 0x42, 'x', 'x'),
  sse41('pblendvb', 0x10), sse41('blendvps', 0x14), sse41('blendvpd', 0x15), sse41('ptest', 0x17),
  sse41('pmovsxbw', 0x20, { size: 8 }), sse41('pmovsxbd', 0x21, { size: 4 }), sse41('pmovsxbq', 0x22, { size: 2 }),
  sse41('pmovsxwd', 0x23, { size: 8 }), sse41('pmovsxwq', 0x24, { size: 4 }), sse41('pmovsxdq', 0x25, { size: 8 }),
  sse41('pmovzxbw', 0x30, { size: 8 }), sse41('pmovzxbd', 0x31, { size: 4 }), sse41('pmovzxbq', 0x32, { size: 2 }),
  sse41('pmovzxwd', 0x33, { size: 8 }), sse41('pmovzxwq', 0x34, { size: 4 }), sse41('pmovzxdq', 0x35, { size: 8 }),
  sse41('phminposuw', 0x41),
];

/** AES-NI, PCLMULQDQ, SHA and GFNI (all 16-byte XMM operands; sha256rnds2 also reads XMM0). */
export const CRYPTO_FORMS: SseForm[] = [
  sse41('aesimc', 0xdb), sse41('aesenc', 0xdc), sse41('aesenclast', 0xdd), sse41('aesdec', 0xde), sse41('aesdeclast', 0xdf),
  f('aeskeygenassist', 0x66, [0x0f, 0x3a, 0xdf], 'x', 'x', { imm: true }), f('pclmulqdq', 0x66, [0x0f, 0x3a, 0x44], 'x', 'x', { imm: true }),
  f('sha1rnds4', undefined, [0x0f, 0x3a, 0xcc], 'x', 'x', { imm: true }), f('sha1nexte', undefined, [0x0f, 0x38, 0xc8], 'x', 'x'),
  f('sha1msg1', undefined, [0x0f, 0x38, 0xc9], 'x', 'x'), f('sha1msg2', undefined, [0x0f, 0x38, 0xca], 'x', 'x'),
  f('sha256rnds2', undefined, [0x0f, 0x38, 0xcb], 'x', 'x'), f('sha256msg1', undefined, [0x0f, 0x38, 0xcc], 'x', 'x'),
  f('sha256msg2', undefined, [0x0f, 0x38, 0xcd], 'x', 'x'),
  sse41('gf2p8mulb', 0xcf), f('gf2p8affineqb', 0x66, [0x0f, 0x3a, 0xce], 'x', 'x', { imm: true }),
  f('gf2p8affineinvqb', 0x66, [0x0f, 0x3a, 0xcf], 'x', 'x', { imm: true }),
];

/** AMD's SSE4a: extrq/insertq (immediate and register forms), movntss/movntsd. */
export const SSE4A_FORMS: SseForm[] = [
  f('extrq imm', 0x66, [0x0f, 0x78], 0, 'x', { mem: false, imm: true, imm2: true }), f('extrq', 0x66, [0x0f, 0x79], 'x', 'x', { mem: false }),
  f('insertq imm', 0xf2, [0x0f, 0x78], 'x', 'x', { mem: false, imm: true, imm2: true }), f('insertq', 0xf2, [0x0f, 0x79], 'x', 'x', { mem: false }),
  f('movntss', 0xf3, [0x0f, 0x2b], 'x', null, { size: 4 }), f('movntsd', 0xf2, [0x0f, 0x2b], 'x', null, { size: 8 }),
];
