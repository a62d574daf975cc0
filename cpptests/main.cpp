// Runs every registered test (or those whose name contains argv[1]).
#include <cstdio>
#include <cstring>

#include "check.hpp"

int main(int argc, char** argv) {
  const char* only = argc > 1 ? argv[1] : nullptr;
  int run = 0;
  for (const cpptest::Test& t : cpptest::registry()) {
    if (only && !std::strstr(t.name, only)) continue;
    const int before = cpptest::failures();
    t.fn();
    ++run;
    if (cpptest::failures() > before) std::fprintf(stderr, "FAILED: %s\n", t.name);
  }
  std::printf("%d tests, %ld checks, %d failed\n", run, cpptest::checks(), cpptest::failures());
  return cpptest::failures() == 0 ? 0 : 1;
}
