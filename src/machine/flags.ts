// Lazy arithmetic flags: the last flag-setting ALU op is recorded and flags are computed on demand.
export const F_NONE = 0, F_ADD = 1, F_SUB = 2, F_LOGIC = 3, F_INC = 4, F_DEC = 5;

/** PARITY[b] is PF (0x4) for a result byte with an even number of set bits. */
export const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let b = i, p = 1;
  while (b) { p ^= b & 1; b >>= 1; }
  PARITY[i] = p ? 0x4 : 0;
}

export const SIGN_BIT = [0, 0x80, 0x8000, 0, 0x80000000];
export const SIZE_MASK = [0, 0xff, 0xffff, 0, 0xffffffff];
