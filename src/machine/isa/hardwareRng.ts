// The CPU's random number generator behind RDRAND and RDSEED: deterministic, from a seed the
// machine owns (never host randomness), so a run repeated with the same seed reads the same values.
// xoshiro128** (Blackman and Vigna) seeded through splitmix32: small state, no allocation per value.

/** The default seed of every machine (reseed() picks another). */
export const DEFAULT_RNG_SEED = 0x7d0a_5eed;

export class HardwareRng {
  private readonly s = new Int32Array(4);

  constructor(seed = DEFAULT_RNG_SEED) { this.reseed(seed); }

  /** Restart the sequence from `seed` (an integer; the same seed gives the same values). */
  reseed(seed: number): void {
    let x = seed | 0;
    for (let i = 0; i < 4; i++) {
      // splitmix32 spreads one 32-bit seed over the four state words (never all zero).
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
  }

  /** The next 32 random bits, unsigned. */
  next32(): number {
    const s = this.s;
    const s1 = s[1]!;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s[2] = s[2]! ^ s[0]!;
    s[3] = s[3]! ^ s1;
    s[1] = s1 ^ s[2]!;
    s[0] = s[0]! ^ s[3]!;
    s[2] = s[2]! ^ t;
    s[3] = rotl(s[3]!, 11);
    return r >>> 0;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
