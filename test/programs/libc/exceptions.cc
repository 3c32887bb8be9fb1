// C++ exceptions through libgcc's unwinder (which runs rdsspq on every throw: a hint NOP without a
// shadow stack), nested try/catch, a rethrow, destructors run during unwinding, std::sort on doubles.
#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

static int destroyed = 0;
struct Guard { int id; ~Guard() { destroyed += id; } };

static int depth(int n) {
  Guard g{n};
  if (n == 0) throw std::out_of_range("bottom reached");
  return depth(n - 1) + 1;
}

int main() {
  try { depth(10); } catch (const std::out_of_range& e) { std::printf("caught %s, destroyed %d\n", e.what(), destroyed); }
  try {
    try { throw std::string("inner"); } catch (std::string& s) { s += "+rethrown"; throw; }
  } catch (const std::string& s) { std::printf("outer got %s\n", s.c_str()); }
  int caught = 0;
  for (int i = 0; i < 100; i++) { try { if (i % 3 == 0) throw i; } catch (int v) { caught += v; } }
  std::printf("sum of thrown ints %d\n", caught);
  std::vector<double> v{3.5, -1.25, 2e10, 0.0, -7.75, 1e-5};
  std::sort(v.begin(), v.end());
  for (double d : v) std::printf("%g ", d);
  std::printf("\n");
  return 0;
}
