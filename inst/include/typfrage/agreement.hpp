// Agreement between two partitions, from their contingency table:
// adjusted Rand index, Rand index, pair-counting Jaccard, mutual information,
// normalised mutual information and variation of information.
// O(n + k1 * k2) time and memory: no loop over pairs of observations.
#ifndef TYPFRAGE_AGREEMENT_HPP
#define TYPFRAGE_AGREEMENT_HPP

#include <cmath>
#include <stdexcept>
#include <vector>

#include "policies.hpp"

namespace typfrage {

// Dense k1 x k2 table of (optionally weighted) counts, row-major.
struct Contingency {
  index_t rows = 0, cols = 0;
  std::vector<double> count;   // rows * cols
  std::vector<double> row_sum, col_sum;
  double total = 0.0;
  double at(index_t i, index_t j) const { return count[i * cols + j]; }
};

// x, y: 0-based codes in [0, kx) and [0, ky); w: case weights or nullptr.
inline Contingency contingency(const int* x, const int* y, index_t n,
                               index_t kx, index_t ky,
                               const double* w = nullptr) {
  Contingency t;
  t.rows = kx;
  t.cols = ky;
  t.count.assign(static_cast<std::size_t>(kx * ky), 0.0);
  t.row_sum.assign(static_cast<std::size_t>(kx), 0.0);
  t.col_sum.assign(static_cast<std::size_t>(ky), 0.0);
  for (index_t i = 0; i < n; ++i) {
    if (x[i] < 0 || x[i] >= kx || y[i] < 0 || y[i] >= ky)
      throw std::out_of_range("label code outside [0, k)");
    const double wi = w ? w[i] : 1.0;
    t.count[x[i] * ky + y[i]] += wi;
  }
  for (index_t i = 0; i < kx; ++i)
    for (index_t j = 0; j < ky; ++j) {
      const double c = t.at(i, j);
      t.row_sum[i] += c;
      t.col_sum[j] += c;
      t.total += c;
    }
  return t;
}

struct AgreementIndices {
  double ari, rand, jaccard, mi, nmi, vi, entropy_x, entropy_y;
};

namespace detail {
inline double choose2(double a) { return 0.5 * a * (a - 1.0); }
inline double plogp(double p) { return p > 0.0 ? p * std::log(p) : 0.0; }
}  // namespace detail

// Pair counts: a = pairs together in both, A = together in x, B = together in
// y, N = all pairs. Entropies and information in nats.
inline AgreementIndices agreement_indices(const Contingency& t) {
  using detail::choose2;
  using detail::plogp;
  const double n = t.total;
  if (!(n > 0.0)) throw std::invalid_argument("empty contingency table");
  double a = 0.0, A = 0.0, B = 0.0, mi = 0.0, hx = 0.0, hy = 0.0;
  for (index_t i = 0; i < t.rows; ++i) {
    A += choose2(t.row_sum[i]);
    hx -= plogp(t.row_sum[i] / n);
  }
  for (index_t j = 0; j < t.cols; ++j) {
    B += choose2(t.col_sum[j]);
    hy -= plogp(t.col_sum[j] / n);
  }
  for (index_t i = 0; i < t.rows; ++i)
    for (index_t j = 0; j < t.cols; ++j) {
      const double c = t.at(i, j);
      if (c <= 0.0) continue;
      a += choose2(c);
      mi += (c / n) * std::log(c * n / (t.row_sum[i] * t.col_sum[j]));
    }
  const double N = choose2(n);
  AgreementIndices r;
  const double expected = N > 0.0 ? A * B / N : 0.0;
  const double max_index = 0.5 * (A + B);
  // The denominator vanishes only when both partitions are the same trivial
  // partition (one cluster, or all singletons): perfect agreement.
  r.ari = (max_index - expected) > 0.0 ? (a - expected) / (max_index - expected)
                                       : 1.0;
  r.rand = N > 0.0 ? (N - A - B + 2.0 * a) / N : 1.0;
  r.jaccard = (A + B - a) > 0.0 ? a / (A + B - a) : 1.0;
  if (mi < 0.0) mi = 0.0;  // rounding
  r.mi = mi;
  r.entropy_x = hx;
  r.entropy_y = hy;
  // NMI with the geometric-mean normalisation (Strehl & Ghosh 2002).
  if (hx > 0.0 && hy > 0.0) {
    r.nmi = std::min(1.0, mi / std::sqrt(hx * hy));
  } else {
    r.nmi = (hx == 0.0 && hy == 0.0) ? 1.0 : 0.0;
  }
  r.vi = std::max(0.0, hx + hy - 2.0 * mi);
  return r;
}

}  // namespace typfrage

#endif  // TYPFRAGE_AGREEMENT_HPP
