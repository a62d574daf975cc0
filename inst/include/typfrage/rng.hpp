// Random numbers for the typfrage core.
//
// Every work item (a k-means start, a bootstrap replicate, a reference data
// set) gets its own engine, built from the run's seed material (drawn from R's
// RNG on the main thread, so set.seed() reproduces a run) and the item's index.
// Results therefore do not depend on the number of threads or on scheduling.
//
// Engine: xoshiro256** (Blackman & Vigna), state filled by SplitMix64.
// Distributions are written out here (not <random>'s), so a seed gives the
// same numbers with every standard library.
#ifndef TYPFRAGE_RNG_HPP
#define TYPFRAGE_RNG_HPP

#include <cmath>
#include <cstdint>

namespace typfrage {

struct SeedMaterial {
  std::uint64_t value = 0;
  SeedMaterial() = default;
  explicit SeedMaterial(std::uint64_t v) : value(v) {}
  // Two 31-bit integers from R's RNG make one 62-bit seed.
  SeedMaterial(std::uint32_t hi, std::uint32_t lo)
      : value((static_cast<std::uint64_t>(hi) << 32) | lo) {}
};

inline std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  // Engine for work item `stream` of the run seeded by `seed`.
  Rng(SeedMaterial seed, std::uint64_t stream) {
    std::uint64_t x = seed.value;
    std::uint64_t mix = splitmix64(x) ^ (stream * 0xD1B54A32D192ED03ULL);
    for (auto& s : state_) s = splitmix64(mix);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform on the open interval (0, 1).
  double uniform() {
    return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53;
  }

  // Uniform on [a, b).
  double uniform(double a, double b) { return a + (b - a) * uniform(); }

  // Uniform integer in [0, n), unbiased (Lemire's method).
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    std::uint64_t x = next();
    __uint128_t m = static_cast<__uint128_t>(x) * n;
    std::uint64_t low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        x = next();
        m = static_cast<__uint128_t>(x) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // Standard normal (Box-Muller, one value per call, no cached state).
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t state_[4];
};

}  // namespace typfrage

#endif  // TYPFRAGE_RNG_HPP
