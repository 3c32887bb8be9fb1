// AES-128 (FIPS-197 appendix C.1), SHA-256 of "abc" (FIPS 180-4 example) and a carry-less product,
// with gcc's AES-NI, SHA and PCLMULQDQ intrinsics: the instructions that the CPUID of every
// trapdoor profile announces.
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static __m128i expandStep(__m128i key, __m128i assist) {
  assist = _mm_shuffle_epi32(assist, 0xff);
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  return _mm_xor_si128(key, assist);
}
#define STEP(i, rcon) k[i] = expandStep(k[i - 1], _mm_aeskeygenassist_si128(k[i - 1], rcon))

static void hex(const char *label, const uint8_t *b, int n) {
  printf("%s ", label);
  for (int i = 0; i < n; i++) printf("%02x", b[i]);
  printf("\n");
}

int main(void) {
  uint8_t key[16], plain[16], out[16];
  for (int i = 0; i < 16; i++) { key[i] = (uint8_t)i; plain[i] = (uint8_t)(i * 0x11); }
  __m128i k[11];
  k[0] = _mm_loadu_si128((const __m128i *)key);
  STEP(1, 0x01); STEP(2, 0x02); STEP(3, 0x04); STEP(4, 0x08); STEP(5, 0x10);
  STEP(6, 0x20); STEP(7, 0x40); STEP(8, 0x80); STEP(9, 0x1b); STEP(10, 0x36);
  __m128i s = _mm_xor_si128(_mm_loadu_si128((const __m128i *)plain), k[0]);
  for (int r = 1; r < 10; r++) s = _mm_aesenc_si128(s, k[r]);
  s = _mm_aesenclast_si128(s, k[10]);
  _mm_storeu_si128((__m128i *)out, s);
  hex("aes128", out, 16);
  s = _mm_xor_si128(s, k[10]);
  for (int r = 9; r > 0; r--) s = _mm_aesdec_si128(s, _mm_aesimc_si128(k[r]));
  s = _mm_aesdeclast_si128(s, k[0]);
  _mm_storeu_si128((__m128i *)out, s);
  hex("decrypted", out, 16);

  // SHA-256 of "abc": one padded block, rounds with sha256rnds2, schedule with sha256msg1/2.
  static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
    0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  uint8_t block[64] = {'a', 'b', 'c', 0x80};
  block[63] = 24;
  uint32_t w[64];
  for (int i = 0; i < 16; i++) w[i] = (uint32_t)block[4 * i] << 24 | block[4 * i + 1] << 16 | block[4 * i + 2] << 8 | block[4 * i + 3];
  __m128i m[4];
  for (int i = 0; i < 4; i++) m[i] = _mm_loadu_si128((const __m128i *)&w[4 * i]);
  for (int i = 4; i < 16; i++) {
    __m128i t = _mm_sha256msg1_epu32(m[(i - 4) & 3], m[(i - 3) & 3]);
    t = _mm_add_epi32(t, _mm_alignr_epi8(m[(i - 1) & 3], m[(i - 2) & 3], 4));
    m[i & 3] = _mm_sha256msg2_epu32(t, m[(i - 1) & 3]);
    _mm_storeu_si128((__m128i *)&w[4 * i], m[i & 3]);
  }
  // state as the instruction wants it: ABEF and CDGH
  __m128i abef = _mm_set_epi32((int)h[0], (int)h[1], (int)h[4], (int)h[5]), cdgh = _mm_set_epi32((int)h[2], (int)h[3], (int)h[6], (int)h[7]);
  const __m128i abef0 = abef, cdgh0 = cdgh;
  for (int i = 0; i < 64; i += 4) {
    __m128i wk = _mm_add_epi32(_mm_loadu_si128((const __m128i *)&w[i]), _mm_loadu_si128((const __m128i *)&K[i]));
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
    abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0e));
  }
  abef = _mm_add_epi32(abef, abef0);
  cdgh = _mm_add_epi32(cdgh, cdgh0);
  uint32_t a4[4], c4[4];
  _mm_storeu_si128((__m128i *)a4, abef);
  _mm_storeu_si128((__m128i *)c4, cdgh);
  printf("sha256 %08x%08x%08x%08x%08x%08x%08x%08x\n", a4[3], a4[2], c4[3], c4[2], a4[1], a4[0], c4[1], c4[0]);

  __m128i x = _mm_set_epi64x(0x0123456789abcdefLL, (long long)0xfedcba9876543210ULL), y = _mm_set_epi64x(0x1b, (long long)0x8000000000000001ULL);
  uint64_t p[2];
  for (int sel = 0; sel < 0x12; sel += 0x11) {
    _mm_storeu_si128((__m128i *)p, sel ? _mm_clmulepi64_si128(x, y, 0x11) : _mm_clmulepi64_si128(x, y, 0x00));
    printf("clmul %#x %016llx%016llx\n", sel, (unsigned long long)p[1], (unsigned long long)p[0]);
  }
  return 0;
}
