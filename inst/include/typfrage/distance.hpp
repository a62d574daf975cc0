// Distances between observations: Euclidean, squared Euclidean, Manhattan and
// Gower (interval-scaled items by range, nominal items by mismatch, optional
// per-item weights, items missing (NaN) in either observation skipped).
//
// Data arrive as an n x p matrix (R's layout). `Distance` keeps a transposed
// p x n copy so that every observation is contiguous in memory.
#ifndef TYPFRAGE_DISTANCE_HPP
#define TYPFRAGE_DISTANCE_HPP

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "policies.hpp"

namespace typfrage {

// Four partial sums, so the additions of consecutive items do not wait on
// each other (the loop is latency-bound for the typical p of 5 to 30 items).
inline double squared_euclidean(const double* a, const double* b, index_t p) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  index_t f = 0;
  for (; f + 4 <= p; f += 4) {
    const double d0 = a[f] - b[f], d1 = a[f + 1] - b[f + 1];
    const double d2 = a[f + 2] - b[f + 2], d3 = a[f + 3] - b[f + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; f < p; ++f) {
    const double d = a[f] - b[f];
    s0 += d * d;
  }
  return (s0 + s1) + (s2 + s3);
}

enum class Metric { euclidean, sqeuclidean, manhattan, gower };

inline Metric metric_from_string(const std::string& s) {
  if (s == "euclidean") return Metric::euclidean;
  if (s == "sqeuclidean") return Metric::sqeuclidean;
  if (s == "manhattan") return Metric::manhattan;
  if (s == "gower") return Metric::gower;
  throw std::invalid_argument("unknown distance: " + s);
}

// Settings for Gower's distance; ignored by the other metrics.
struct GowerSpec {
  std::vector<double> range;   // per item: max - min of the data (0: constant)
  std::vector<char> nominal;   // per item: 1 = nominal (mismatch), 0 = interval/ordinal
  std::vector<double> weight;  // per item: variable weight (default 1)
};

// Condensed index of the pair (i, j), i != j, in R's `dist` order
// (lower triangle by columns), with 64-bit arithmetic.
inline index_t dist_index(index_t n, index_t i, index_t j) {
  if (i < j) std::swap(i, j);  // now j < i
  return n * j - j * (j + 1) / 2 + i - j - 1;
}

class Distance {
 public:
  Distance(const Eigen::Ref<const Eigen::MatrixXd>& x, Metric metric,
           GowerSpec gower = GowerSpec())
      : xt_(x.transpose()), metric_(metric), gower_(std::move(gower)) {
    if (metric_ == Metric::gower) {
      const index_t p = xt_.rows();
      if (static_cast<index_t>(gower_.range.size()) != p)
        throw std::invalid_argument("gower: range must have one entry per item");
      if (gower_.nominal.empty()) gower_.nominal.assign(p, 0);
      if (gower_.weight.empty()) gower_.weight.assign(p, 1.0);
      if (static_cast<index_t>(gower_.nominal.size()) != p ||
          static_cast<index_t>(gower_.weight.size()) != p)
        throw std::invalid_argument("gower: settings must have one entry per item");
    }
  }

  index_t n() const { return xt_.cols(); }
  index_t p() const { return xt_.rows(); }
  Metric metric() const { return metric_; }
  const double* row(index_t i) const { return xt_.data() + i * xt_.rows(); }

  // Distance between observations i and j.
  double operator()(index_t i, index_t j) const { return between(row(i), row(j)); }

  // Distance between observation i and an arbitrary point (length p).
  double to_point(index_t i, const double* y) const { return between(row(i), y); }

  // Distance between two points of length p.
  double between(const double* a, const double* b) const {
    const index_t p = xt_.rows();
    switch (metric_) {
      case Metric::euclidean:
        return std::sqrt(squared(a, b, p));
      case Metric::sqeuclidean:
        return squared(a, b, p);
      case Metric::manhattan: {
        double s = 0.0;
        for (index_t f = 0; f < p; ++f) s += std::abs(a[f] - b[f]);
        return s;
      }
      case Metric::gower:
        return gower(a, b, p);
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

 private:
  static double squared(const double* a, const double* b, index_t p) {
    return squared_euclidean(a, b, p);
  }

  double gower(const double* a, const double* b, index_t p) const {
    double num = 0.0, den = 0.0;
    for (index_t f = 0; f < p; ++f) {
      if (std::isnan(a[f]) || std::isnan(b[f])) continue;  // pairwise available
      const double w = gower_.weight[f];
      double d;
      if (gower_.nominal[f]) {
        d = a[f] == b[f] ? 0.0 : 1.0;
      } else {
        d = gower_.range[f] > 0.0 ? std::abs(a[f] - b[f]) / gower_.range[f] : 0.0;
      }
      num += w * d;
      den += w;
    }
    return den > 0.0 ? num / den : std::numeric_limits<double>::quiet_NaN();
  }

  Eigen::MatrixXd xt_;  // p x n
  Metric metric_;
  GowerSpec gower_;
};

// All pairwise distances in R's `dist` order (length n(n-1)/2), computed in
// parallel by columns; the result does not depend on the thread count.
template <typename Progress>
std::vector<double> condensed_distances(const Distance& d, int threads,
                                        Progress& progress) {
  const index_t n = d.n();
  const index_t size = n * (n - 1) / 2;
  std::vector<double> out(static_cast<std::size_t>(size));
  parallel_for(
      n,
      threads,
      [&](index_t j) {
        index_t k = dist_index(n, j + 1, j);
        for (index_t i = j + 1; i < n; ++i) out[static_cast<std::size_t>(k++)] = d(i, j);
      },
      progress);
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_DISTANCE_HPP
