// A minimal test harness for the native tests of the typfrage core: tests
// register themselves with TEST(name); CHECK* record a failure (file, line,
// expression) and let the test go on; main.cpp runs every test and exits 1
// if any check failed.
#ifndef TYPFRAGE_CPPTESTS_CHECK_HPP
#define TYPFRAGE_CPPTESTS_CHECK_HPP

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace cpptest {

struct Test {
  const char* name;
  void (*fn)();
};

inline std::vector<Test>& registry() {
  static std::vector<Test> tests;
  return tests;
}

inline int& failures() {
  static int n = 0;
  return n;
}

inline long& checks() {
  static long n = 0;
  return n;
}

struct Register {
  Register(const char* name, void (*fn)()) { registry().push_back({name, fn}); }
};

inline bool report(bool ok, const char* file, int line, const std::string& what) {
  ++checks();
  if (!ok) {
    ++failures();
    std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what.c_str());
  }
  return ok;
}

inline std::string show(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace cpptest

#define TEST(name)                                                  \
  static void name();                                               \
  static const cpptest::Register name##_registered(#name, name);    \
  static void name()

#define CHECK(cond) cpptest::report(static_cast<bool>(cond), __FILE__, __LINE__, #cond)

// a == b, exactly (numbers shown on failure).
#define CHECK_EQ(a, b)                                                                      \
  cpptest::report((a) == (b), __FILE__, __LINE__,                                           \
                  std::string(#a " == " #b " (") + cpptest::show(static_cast<double>(a)) + \
                      " vs " + cpptest::show(static_cast<double>(b)) + ")")

// |a - b| <= tol * max(1, |b|).
#define CHECK_NEAR(a, b, tol)                                                                 \
  cpptest::report(std::fabs((a) - (b)) <= (tol) * std::fmax(1.0, std::fabs(b)), __FILE__,    \
                  __LINE__,                                                                   \
                  std::string(#a " ~ " #b " (") + cpptest::show(a) + " vs " + cpptest::show(b) + \
                      ")")

// The expression throws an exception of type E.
#define CHECK_THROWS(expr, E)                                       \
  do {                                                              \
    bool thrown_ = false;                                           \
    try {                                                           \
      (void)(expr);                                                 \
    } catch (const E&) {                                            \
      thrown_ = true;                                               \
    }                                                               \
    cpptest::report(thrown_, __FILE__, __LINE__, #expr " throws " #E); \
  } while (0)

#endif  // TYPFRAGE_CPPTESTS_CHECK_HPP
