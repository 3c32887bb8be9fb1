// High-precision fixed-point arithmetic (BigInt, FB fraction bits) for the x87 constants and
// transcendentals: results are computed far beyond 64 bits and rounded once (float80.round).

/** Fraction bits of a fixed-point value: x represents x / 2^FB. */
export const FB = 256;
export const ONE = 1n << BigInt(FB);

export const fmul = (a: bigint, b: bigint): bigint => (a * b) >> BigInt(FB);
export const fdiv = (a: bigint, b: bigint): bigint => (a << BigInt(FB)) / b;

/** atan(1/n) for an integer n > 1 (Taylor series). */
function atanInv(n: bigint): bigint {
  let term = ONE / n, sum = term, k = 1n;
  const n2 = n * n;
  for (;;) {
    term /= n2;
    const t = term / (2n * k + 1n);
    if (t === 0n) return sum;
    sum += k & 1n ? -t : t;
    k++;
  }
}

/** atanh(1/n) for an integer n > 1. */
function atanhInv(n: bigint): bigint {
  let term = ONE / n, sum = term, k = 1n;
  const n2 = n * n;
  for (;;) {
    term /= n2;
    const t = term / (2n * k + 1n);
    if (t === 0n) return sum;
    sum += t;
    k++;
  }
}

export const PI = 16n * atanInv(5n) - 4n * atanInv(239n);
export const LN2 = 2n * atanhInv(3n);
export const LN10 = 3n * LN2 + 2n * atanhInv(9n);

/** atan(x) for |x| <= 1 (fixed point): argument halving, then the series. */
export function atanFixed(x: bigint): bigint {
  const neg = x < 0n;
  let a = neg ? -x : x;
  if (a === 0n) return 0n;
  let doublings = 0n;
  // atan(a) = 2 atan(a / (1 + sqrt(1 + a^2))): bring a below 2^-8 for a fast series
  while (a > ONE >> 8n) {
    a = fdiv(a, ONE + sqrtFixed(ONE + fmul(a, a)));
    doublings++;
  }
  const a2 = fmul(a, a);
  let term = a, sum = a, k = 1n;
  for (;;) {
    term = fmul(term, a2);
    const t = term / (2n * k + 1n);
    if (t === 0n) break;
    sum += k & 1n ? -t : t;
    k++;
  }
  sum <<= doublings;
  return neg ? -sum : sum;
}

/** sqrt of a fixed-point value >= 0. */
export function sqrtFixed(x: bigint): bigint {
  const v = x << BigInt(FB);
  if (v < 2n) return v;
  let r = 1n << BigInt((v.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (r + v / r) >> 1n;
    if (y >= r) return r;
    r = y;
  }
}

/** ln(x) for x > 0 (fixed point): x = 2^k * y with y in [1, 2), ln y = 2 atanh((y-1)/(y+1)). */
export function lnFixed(x: bigint): bigint {
  let k = 0;
  let y = x;
  const bl = y.toString(2).length - 1 - FB;
  if (bl > 0) y >>= BigInt(bl); else if (bl < 0) y <<= BigInt(-bl);
  k = bl;
  const z = fdiv(y - ONE, y + ONE);
  const z2 = fmul(z, z);
  let term = z, sum = z, j = 1n;
  for (;;) {
    term = fmul(term, z2);
    const t = term / (2n * j + 1n);
    if (t === 0n) break;
    sum += t;
    j++;
  }
  return 2n * sum + BigInt(k) * LN2;
}

/** e^x for |x| <= 1 (fixed point): x / 2^8, the series, then squared 8 times. */
export function expFixed(x: bigint): bigint {
  const r = x >> 8n;
  let term = ONE, sum = ONE, k = 1n;
  for (;;) {
    term = fmul(term, r) / k;
    if (term === 0n) break;
    sum += term;
    k++;
  }
  for (let i = 0; i < 8; i++) sum = fmul(sum, sum);
  return sum;
}

/** sin and cos of a fixed-point x with |x| <= pi/4 (Taylor series); results in sinOut/cosOut. */
export let sinOut = 0n, cosOut = 0n;
export function sinCosSmall(x: bigint): void {
  const x2 = fmul(x, x);
  let term = x, s = x, k = 1n;
  for (;;) {
    term = -fmul(term, x2) / ((2n * k) * (2n * k + 1n));
    if (term === 0n) break;
    s += term; k++;
  }
  term = ONE; let c = ONE; k = 1n;
  for (;;) {
    term = -fmul(term, x2) / ((2n * k - 1n) * (2n * k));
    if (term === 0n) break;
    c += term; k++;
  }
  sinOut = s; cosOut = c;
}
