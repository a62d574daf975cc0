// Deterministic test data from the core's own engine (typfrage::Rng), so
// every build and platform draws the same numbers: Likert-type items with
// clear types, continuous data, weights.
#ifndef TYPFRAGE_CPPTESTS_DATA_HPP
#define TYPFRAGE_CPPTESTS_DATA_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <typfrage/rng.hpp>

namespace cpptest {

using typfrage::index_t;

// n rows, p items coded 1..5, k types with their own item means (rows in
// turn from the types), noise uniform on [-1.5, 1.5] rounded.
inline Eigen::MatrixXd likert(index_t n, index_t p, int k, std::uint64_t seed) {
  typfrage::Rng rng(typfrage::SeedMaterial(seed), 0);
  Eigen::MatrixXd mean(k, p);
  for (int j = 0; j < k; ++j)
    for (index_t f = 0; f < p; ++f) mean(j, f) = 1.0 + 4.0 * rng.uniform();
  Eigen::MatrixXd x(n, p);
  for (index_t i = 0; i < n; ++i)
    for (index_t f = 0; f < p; ++f) {
      const double v = std::round(mean(i % k, f) + rng.uniform(-1.5, 1.5));
      x(i, f) = std::min(5.0, std::max(1.0, v));
    }
  return x;
}

// n x p uniform on [0, 1).
inline Eigen::MatrixXd uniform(index_t n, index_t p, std::uint64_t seed) {
  typfrage::Rng rng(typfrage::SeedMaterial(seed), 1);
  Eigen::MatrixXd x(n, p);
  for (index_t f = 0; f < p; ++f)
    for (index_t i = 0; i < n; ++i) x(i, f) = rng.uniform();
  return x;
}

// k blobs in p dimensions: centres uniform on [0, 10), points uniform
// within +-1.5 of them.
inline Eigen::MatrixXd blobs(index_t n, index_t p, int k, std::uint64_t seed) {
  typfrage::Rng rng(typfrage::SeedMaterial(seed), 2);
  Eigen::MatrixXd mean(k, p);
  for (int j = 0; j < k; ++j)
    for (index_t f = 0; f < p; ++f) mean(j, f) = 10.0 * rng.uniform();
  Eigen::MatrixXd x(n, p);
  for (index_t i = 0; i < n; ++i)
    for (index_t f = 0; f < p; ++f) x(i, f) = mean(i % k, f) + rng.uniform(-1.5, 1.5);
  return x;
}

// n weights, uniform on [lo, hi), or whole numbers in [lo, hi] (`whole`).
inline std::vector<double> weights(index_t n, double lo, double hi, bool whole, std::uint64_t seed) {
  typfrage::Rng rng(typfrage::SeedMaterial(seed), 3);
  std::vector<double> w(static_cast<std::size_t>(n));
  for (double& v : w)
    v = whole ? lo + static_cast<double>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)))
              : rng.uniform(lo, hi);
  return w;
}

// Codes 0..k-1, uniformly at random.
inline std::vector<int> labels(index_t n, int k, std::uint64_t seed) {
  typfrage::Rng rng(typfrage::SeedMaterial(seed), 4);
  std::vector<int> a(static_cast<std::size_t>(n));
  for (int& v : a) v = static_cast<int>(rng.below(static_cast<std::uint64_t>(k)));
  return a;
}

}  // namespace cpptest

#endif  // TYPFRAGE_CPPTESTS_DATA_HPP
