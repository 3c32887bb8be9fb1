// The guest's randomness (getrandom, /dev/urandom, AT_RANDOM): a seeded generator, so a run
// reproduces byte for byte (xorshift128+, seeded through splitmix64).
export const DEFAULT_RANDOM_SEED = 0x74726170646f6f72n; // "trapdoor"

export class SeededRandom {
  private s0: bigint;
  private s1: bigint;

  constructor(seed: bigint = DEFAULT_RANDOM_SEED) {
    let z = seed;
    const next = (): bigint => {
      z = BigInt.asUintN(64, z + 0x9e3779b97f4a7c15n);
      let x = z;
      x = BigInt.asUintN(64, (x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n);
      x = BigInt.asUintN(64, (x ^ (x >> 27n)) * 0x94d049bb133111ebn);
      return x ^ (x >> 31n);
    };
    this.s0 = next();
    this.s1 = next();
  }

  private u64(): bigint {
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x = BigInt.asUintN(64, x ^ (x << 23n));
    this.s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return BigInt.asUintN(64, this.s1 + y);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 8) {
      let v = this.u64();
      for (let j = i; j < Math.min(n, i + 8); j++) {
        out[j] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    return out;
  }
}
