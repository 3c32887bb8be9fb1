// The process's view of the CPU: the kernel's AT_HWCAP against CPUID.1:EDX (Linux's ELF_HWCAP is
// that word of the boot CPU), AT_HWCAP2, and what libgcc's __builtin_cpu_supports (from CPUID)
// says. The auxv is read from /proc/self/auxv: glibc's getauxval(AT_HWCAP) answers its own value.
#include <cpuid.h>
#include <stdio.h>
#include <sys/auxv.h>

static unsigned long kernelAux(unsigned long type) {
  unsigned long pair[2];
  FILE *f = fopen("/proc/self/auxv", "rb");
  if (!f) return ~0ul;
  while (fread(pair, sizeof pair, 1, f) == 1) if (pair[0] == type) { fclose(f); return pair[1]; }
  fclose(f);
  return ~0ul;
}

int main(void) {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  unsigned long hwcap = kernelAux(AT_HWCAP), hwcap2 = kernelAux(AT_HWCAP2);
  printf("hwcap %#lx cpuid1.edx %#x equal %s\n", hwcap, d, hwcap == d ? "yes" : "no");
  printf("hwcap2 %#lx\n", hwcap2);
  printf("sse2 %d sse4.2 %d popcnt %d avx %d avx2 %d bmi2 %d\n", __builtin_cpu_supports("sse2") != 0, __builtin_cpu_supports("sse4.2") != 0,
    __builtin_cpu_supports("popcnt") != 0, __builtin_cpu_supports("avx") != 0, __builtin_cpu_supports("avx2") != 0, __builtin_cpu_supports("bmi2") != 0);
  return 0;
}
