/* FXSAVE/FXRSTOR, XSAVE/XRSTOR and XGETBV as a Linux process sees them, for test/oracle/xsaveState.test.ts:
 * a known x87/SSE state saved with every form and mask, crafted images restored and saved again, and
 * the #GP cases (alignment, reserved MXCSR bits, XSAVE header checks) caught as SIGSEGV. Its stdout,
 * native and under trapdoor, must be equal byte for byte. Build: gcc [-m32] -O1 -static. */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
#include <stdint.h>
#include <cpuid.h>

static unsigned char area[4096] __attribute__((aligned(64)));
static unsigned char img[1024] __attribute__((aligned(64)));
static unsigned char pat[256] __attribute__((aligned(16)));
static double one_third = 1.0 / 3.0;
static sigjmp_buf env;
static volatile int sicode;

static void onsegv(int sig, siginfo_t *si, void *uc) { (void)uc; sicode = si->si_code; siglongjmp(env, sig); }

static void dump(const char *what, const unsigned char *p, int n) {
  printf("%s:\n", what);
  for (int i = 0; i < n; i += 32) {
    printf("%03x", i);
    for (int j = i; j < i + 32 && j < n; j++) printf(" %02x", p[j]);
    printf("\n");
  }
}

#ifdef __x86_64__
#define LOADXMM "movdqu 0(%[pat]),%%xmm0; movdqu 16(%[pat]),%%xmm1; movdqu 32(%[pat]),%%xmm2; movdqu 48(%[pat]),%%xmm3; movdqu 64(%[pat]),%%xmm4; movdqu 80(%[pat]),%%xmm5; movdqu 96(%[pat]),%%xmm6; movdqu 112(%[pat]),%%xmm7;" \
  "movdqu 128(%[pat]),%%xmm8; movdqu 144(%[pat]),%%xmm9; movdqu 160(%[pat]),%%xmm10; movdqu 176(%[pat]),%%xmm11; movdqu 192(%[pat]),%%xmm12; movdqu 208(%[pat]),%%xmm13; movdqu 224(%[pat]),%%xmm14; movdqu 240(%[pat]),%%xmm15;"
#else
#define LOADXMM "movdqu 0(%[pat]),%%xmm0; movdqu 16(%[pat]),%%xmm1; movdqu 32(%[pat]),%%xmm2; movdqu 48(%[pat]),%%xmm3; movdqu 64(%[pat]),%%xmm4; movdqu 80(%[pat]),%%xmm5; movdqu 96(%[pat]),%%xmm6; movdqu 112(%[pat]),%%xmm7;"
#endif

/* A known x87/SSE state: three values pushed (one from memory: FDP), precision 53 bits, xmm patterns. */
#define SETUP "fninit; fldcw %[cw]; fld1; fldpi; fldl %[third]; fdivr %%st(1),%%st;" LOADXMM
static unsigned short cw = 0x027f;

typedef int (*op_t)(void);
static int run(const char *name, op_t f) {
  struct sigaction sa; memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = onsegv; sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, 0);
  sigaction(SIGILL, &sa, 0);
  int s = sigsetjmp(env, 1);
  if (s) { printf("%s: signal %d code %d\n", name, s, sicode); return 0; }
  f();
  return 1;
}

static void fill(unsigned char v) { memset(area, v, sizeof area); }

static int t_fxsave(void) {
  fill(0xa5);
  __asm__ volatile(SETUP "fxsave (%1)" :: [pat] "r"(pat), "r"(area), [cw] "m"(cw), [third] "m"(one_third) : "memory");
  dump("fxsave", area, 512); return 0;
}
#ifdef __x86_64__
static int t_fxsave64(void) {
  fill(0x5a);
  __asm__ volatile(SETUP "fxsave64 (%1)" :: [pat] "r"(pat), "r"(area), [cw] "m"(cw), [third] "m"(one_third) : "memory");
  dump("fxsave64", area, 512); return 0;
}
#endif
static int t_fxsave_misaligned(void) {
  __asm__ volatile("fxsave (%0)" :: "r"(area + 8) : "memory");
  printf("fxsave misaligned: no fault\n"); return 0;
}
/* FXRSTOR of a crafted image, then FXSAVE of what was loaded. */
static int t_fxrstor(void) {
  memset(img, 0, 512);
  uint16_t *w = (uint16_t *)img;
  w[0] = 0x0c7b; w[1] = 0x3000 | 0x41; img[4] = 0xe5; /* tags for R0 R2 R5 R6 R7 */
  *(uint32_t *)(img + 24) = 0x3f80 | 0x3; /* mxcsr */
  for (int j = 0; j < 8; j++) {
    uint32_t *m = (uint32_t *)(img + 32 + 16 * j);
    m[0] = 0x11111111u * (j + 1); m[1] = j == 3 ? 0 : 0x80000000u | j; *(uint16_t *)(img + 40 + 16 * j) = j == 3 ? 0 : (j == 4 ? 0x7fff : 0x3fff + j);
  }
  for (int i = 160; i < 416; i++) img[i] = (unsigned char)(i * 7);
  for (int i = 416; i < 512; i++) img[i] = 0xee;
  fill(0xc3);
  __asm__ volatile("fxrstor (%0); fxsave (%1)" :: "r"(img), "r"(area) : "memory");
  dump("fxrstor+fxsave", area, 512);
  return 0;
}
static int t_fxrstor_bad_mxcsr(void) {
  memset(img, 0, 512);
  *(uint32_t *)(img + 24) = 0x80001f80u;
  __asm__ volatile("fxrstor (%0)" :: "r"(img) : "memory");
  printf("fxrstor bad mxcsr: no fault\n"); return 0;
}

static void xsave_mask(const char *name, unsigned mask) {
  fill(0x3c);
  __asm__ volatile(SETUP "xsave (%1)" :: [pat] "r"(pat), "r"(area), [cw] "m"(cw), [third] "m"(one_third), "a"(mask), "d"(0) : "memory");
  dump(name, area, 576);
}
static int t_xsave3(void) { xsave_mask("xsave eax=3", 3); return 0; }
static int t_xsave1(void) { xsave_mask("xsave eax=1", 1); return 0; }
static int t_xsave2(void) { xsave_mask("xsave eax=2", 2); return 0; }
static int t_xsave0(void) { xsave_mask("xsave eax=0", 0); return 0; }
#ifdef __x86_64__
static int t_xsave64(void) {
  fill(0x3c);
  __asm__ volatile(SETUP "xsave64 (%1)" :: [pat] "r"(pat), "r"(area), [cw] "m"(cw), [third] "m"(one_third), "a"(3), "d"(0) : "memory");
  dump("xsave64", area, 576); return 0;
}
#endif
static int t_xsave_misaligned(void) {
  __asm__ volatile("xsave (%0)" :: "r"(area + 16), "a"(3), "d"(0) : "memory");
  printf("xsave misaligned: no fault\n"); return 0;
}

/* XRSTOR of img with header bytes set, mask eax, then XSAVE (eax=3) of the result. */
static unsigned rmask, xr_off;
static int t_xrstor(void) {
  fill(0x77);
  unsigned m = rmask;
  __asm__ volatile(SETUP "xrstor (%2); mov $3,%%eax; xsave (%3)" : "+a"(m) : [pat] "r"(pat), "r"(img + xr_off), "r"(area), [cw] "m"(cw), [third] "m"(one_third), "d"(0) : "memory");
  return 0;
}
static void xrstor_case(const char *name, unsigned bv, unsigned at, unsigned val, unsigned mask, uint32_t mxcsr) {
  memset(img, 0, 1024);
  uint16_t *w = (uint16_t *)img;
  w[0] = 0x037b; w[1] = 0x2801; img[4] = 0x60;
  *(uint32_t *)(img + 24) = mxcsr;
  for (int j = 0; j < 8; j++) { *(uint32_t *)(img + 36 + 16 * j) = 0xc0000000u | j; *(uint16_t *)(img + 40 + 16 * j) = 0x4000 + j; }
  for (int i = 160; i < 416; i++) img[i] = (unsigned char)(i * 13 + 1);
  *(uint32_t *)(img + 512) = bv;
  if (at) *(uint32_t *)(img + at) = val;
  rmask = mask;
  char label[96];
  snprintf(label, sizeof label, "xrstor %s", name);
  if (run(label, t_xrstor)) {
    dump(label, area, 576);
  }
}

int main(void) {
  for (int i = 0; i < 256; i++) pat[i] = (unsigned char)(i * 3 + 1);
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  printf("osxsave %u fxsr %u xsave %u\n", (c >> 27) & 1, (d >> 24) & 1, (c >> 26) & 1);
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  printf("xcr0 & 3 = %u\n", lo & 3);
  unsigned long cr0;
  __asm__ volatile("smsw %0" : "=r"(cr0));
  printf("msw 0x%lx\n", cr0 & 0xffff);
  run("fxsave", t_fxsave);
#ifdef __x86_64__
  run("fxsave64", t_fxsave64);
#endif
  run("fxsave misaligned", t_fxsave_misaligned);
  run("fxrstor", t_fxrstor);
  run("fxrstor bad mxcsr", t_fxrstor_bad_mxcsr);
  run("xsave3", t_xsave3);
  run("xsave1", t_xsave1);
  run("xsave2", t_xsave2);
  run("xsave0", t_xsave0);
#ifdef __x86_64__
  run("xsave64", t_xsave64);
#endif
  run("xsave misaligned", t_xsave_misaligned);
  xrstor_case("bv=3 mask=3", 3, 0, 0, 3, 0x1f80);
  xrstor_case("bv=0 mask=3", 0, 0, 0, 3, 0x1f81);
  xrstor_case("bv=1 mask=3", 1, 0, 0, 3, 0x1f80);
  xrstor_case("bv=1 mask=3 mxcsr=1f81", 1, 0, 0, 3, 0x1f81);
  xrstor_case("bv=2 mask=3", 2, 0, 0, 3, 0x1f80);
  xrstor_case("bv=3 mask=1", 3, 0, 0, 1, 0x1f82);
  xrstor_case("bv=3 mask=2", 3, 0, 0, 2, 0x1f82);
  xrstor_case("bv=0 mask=1", 0, 0, 0, 1, 0x1f80);
  xrstor_case("bv=0 mask=0", 0, 0, 0, 0, 0x1f83);
  xrstor_case("byte 520", 3, 520, 1, 3, 0x1f80);
  xrstor_case("xcomp_bv bit 63", 3, 524, 0x80000000u, 3, 0x1f80);
  xrstor_case("byte 528", 3, 528, 1, 3, 0x1f80);
  xrstor_case("byte 536", 3, 536, 1, 3, 0x1f80);
  xrstor_case("byte 572", 3, 572, 0x01000000u, 3, 0x1f80);
  xrstor_case("xstate_bv bit 63", 3, 516, 0x80000000u, 3, 0x1f80);
  xrstor_case("bad mxcsr mask=1", 3, 0, 0, 1, 0x80001f80u);
  xrstor_case("bad mxcsr mask=2", 3, 0, 0, 2, 0x80001f80u);
  xrstor_case("bad mxcsr bv=0 mask=2", 0, 0, 0, 2, 0x80001f80u);
  xr_off = 32;
  xrstor_case("misaligned", 3, 0, 0, 3, 0x1f80);
  return 0;
}
