// The Hungarian algorithm (Kuhn-Munkres, shortest augmenting paths with
// potentials, O(r^2 c)) for rectangular assignment problems, and the label
// matching built on it that resolves label switching between partitions.
#ifndef TYPFRAGE_HUNGARIAN_HPP
#define TYPFRAGE_HUNGARIAN_HPP

#include <limits>
#include <vector>

#include "agreement.hpp"
#include "policies.hpp"

namespace typfrage {

// Minimise the total cost of assigning rows to distinct columns.
// cost: rows x cols, row-major. Returns, for every row, its column or -1
// (when rows > cols, rows - cols rows stay unassigned).
inline std::vector<index_t> hungarian_min(const std::vector<double>& cost,
                                          index_t rows, index_t cols) {
  std::vector<index_t> result(static_cast<std::size_t>(rows), -1);
  if (rows == 0 || cols == 0) return result;
  const bool transpose = rows > cols;
  const index_t n = transpose ? cols : rows;  // n <= m
  const index_t m = transpose ? rows : cols;
  auto c = [&](index_t i, index_t j) {  // 1-based i in [1, n], j in [1, m]
    return transpose ? cost[(j - 1) * cols + (i - 1)]
                     : cost[(i - 1) * cols + (j - 1)];
  };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0.0), v(m + 1, 0.0);
  std::vector<index_t> p(m + 1, 0), way(m + 1, 0);
  for (index_t i = 1; i <= n; ++i) {
    p[0] = i;
    index_t j0 = 0;
    std::vector<double> minv(m + 1, inf);
    std::vector<char> used(m + 1, 0);
    do {
      used[j0] = 1;
      const index_t i0 = p[j0];
      double delta = inf;
      index_t j1 = 0;
      for (index_t j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double cur = c(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (index_t j = 0; j <= m; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const index_t j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  for (index_t j = 1; j <= m; ++j) {
    if (p[j] == 0) continue;
    if (transpose) {
      result[j - 1] = p[j] - 1;
    } else {
      result[p[j] - 1] = j - 1;
    }
  }
  return result;
}

// For a partition x (codes in [0, kx)) and a reference (codes in [0, kr)):
// the reference cluster matched to every x cluster so that the total (weighted)
// overlap is largest, or -1 for x clusters left over when kx > kr.
inline std::vector<index_t> match_clusters(const Contingency& overlap) {
  std::vector<double> cost(overlap.count.size());
  for (std::size_t i = 0; i < cost.size(); ++i) cost[i] = -overlap.count[i];
  return hungarian_min(cost, overlap.rows, overlap.cols);
}

}  // namespace typfrage

#endif  // TYPFRAGE_HUNGARIAN_HPP
