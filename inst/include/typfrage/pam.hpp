// k-medoids (PAM): the BUILD initialisation of Kaufman & Rousseeuw and the
// FasterPAM swap phase of Schubert & Rousseeuw (2021): for every candidate
// (non-medoid) x_c the change of the objective for swapping x_c with each of
// the k medoids is found in one O(n) pass over the data (O(n k) per swap
// pass instead of O(n k^2)), and the best swap for that candidate is made at
// once if it lowers the objective ("eager" swaps). The phase ends when a
// full cycle over all n candidates makes no swap.
//
// Objective: sum_i w_i d(x_i, nearest medoid) (weighted with case weights).
//
// Distances come from an oracle with
//   index_t n() const;
//   void row(index_t c, double* out) const;   // out[i] = d(c, i), out[c] = 0
//   const double* row_view(index_t c, double* buf) const;  // row c, in buf or in place
// Two oracles are provided: a stored condensed matrix (R's `dist` order) and
// a Distance object computing on the fly.
#ifndef TYPFRAGE_PAM_HPP
#define TYPFRAGE_PAM_HPP

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include "distance.hpp"
#include "kmeans.hpp"  // fit_error
#include "policies.hpp"
#include "rng.hpp"

namespace typfrage {

// Stored condensed distances (length n(n-1)/2, R's `dist` order).
struct CondensedOracle {
  const double* d;
  index_t size_n;
  index_t n() const { return size_n; }
  const double* row_view(index_t c, double* buf) const {
    row(c, buf);
    return buf;
  }
  void row(index_t c, double* out) const {
    // i < c: entry (c, i) lies in column i; i > c: contiguous in column c.
    for (index_t i = 0; i < c; ++i) out[i] = d[dist_index(size_n, c, i)];
    out[c] = 0.0;
    if (c + 1 < size_n) {
      const double* col = d + dist_index(size_n, c + 1, c);
      for (index_t i = c + 1; i < size_n; ++i) out[i] = col[i - c - 1];
    }
  }
};

// A full n x n matrix (row-major, symmetric): every row is contiguous, which
// makes the O(n^2) passes of BUILD and the swap phase cache-friendly.
struct FullOracle {
  std::vector<double> d;
  index_t size_n;
  index_t n() const { return size_n; }
  void row(index_t c, double* out) const {
    std::copy(d.begin() + c * size_n, d.begin() + (c + 1) * size_n, out);
  }
  // The stored row itself (no copy).
  const double* row_view(index_t c, double*) const { return d.data() + c * size_n; }
  // Filled from a Distance in parallel: task i computes d(i, j) for j > i
  // and writes both (i, j) and (j, i), so every entry has one writer and the
  // result does not depend on the thread count.
  template <typename Progress>
  static FullOracle from_distance(const Distance& dist, int threads, Progress& progress) {
    const index_t n = dist.n(), p = dist.p();
    FullOracle o{std::vector<double>(static_cast<std::size_t>(n) * n, 0.0), n};
    const Metric metric = dist.metric();
    parallel_for(
        n, threads,
        [&](index_t i) {
          double* r = o.d.data() + i * n;
          const double* a = dist.row(i);
          for (index_t j = i + 1; j < n; ++j) {
            const double* b = dist.row(j);
            double v = 0.0;
            if (metric == Metric::euclidean || metric == Metric::sqeuclidean) {
              v = squared_euclidean(a, b, p);
              if (metric == Metric::euclidean) v = std::sqrt(v);
            } else {
              v = dist.between(a, b);
            }
            r[j] = v;
          }
        },
        progress, std::max<index_t>(1, (n + 1) / 2));
    // Mirror the upper triangle in square tiles, so that both the reads and
    // the writes stay in cache (writing (j, i) while filling row i strides
    // the whole matrix). Tile t writes rows t*T.. of the lower triangle only.
    const index_t T = 64;
    const index_t tiles = (n + T - 1) / T;
    NoProgress quiet;
    parallel_for(
        tiles, threads,
        [&](index_t t) {
          const index_t j0 = t * T, j1 = std::min(n, j0 + T);
          for (index_t i0 = 0; i0 < j1; i0 += T) {
            const index_t i1 = std::min(j1, i0 + T);
            for (index_t j = j0; j < j1; ++j) {
              double* rj = o.d.data() + j * n;
              for (index_t i = i0; i < std::min(i1, j); ++i) rj[i] = o.d[static_cast<std::size_t>(i * n + j)];
            }
          }
        },
        quiet, tiles);
    return o;
  }
  // Expanded from condensed distances (R's `dist` order).
  static FullOracle from_condensed(const double* cd, index_t n) {
    FullOracle o{std::vector<double>(static_cast<std::size_t>(n) * n, 0.0), n};
    index_t at = 0;
    for (index_t j = 0; j < n; ++j)
      for (index_t i = j + 1; i < n; ++i) {
        o.d[static_cast<std::size_t>(i * n + j)] = cd[at];
        o.d[static_cast<std::size_t>(j * n + i)] = cd[at];
        ++at;
      }
    return o;
  }
};

// Distances computed on the fly (no n^2 memory).
struct OnTheFlyOracle {
  const Distance& dist;
  index_t n() const { return dist.n(); }
  void row(index_t c, double* out) const {
    for (index_t i = 0; i < dist.n(); ++i) out[i] = i == c ? 0.0 : dist(c, i);
  }
  const double* row_view(index_t c, double* buf) const {
    row(c, buf);
    return buf;
  }
};

// Any of the oracles above behind one type (a function pointer per row), so
// BUILD and the swap phase are compiled once for all of them.
struct AnyOracle {
  const void* obj = nullptr;
  index_t size_n = 0;
  const double* (*view)(const void*, index_t, double*) = nullptr;
  index_t n() const { return size_n; }
  const double* row_view(index_t c, double* buf) const { return view(obj, c, buf); }
  void row(index_t c, double* out) const {
    const double* r = view(obj, c, out);
    if (r != out) std::copy(r, r + size_n, out);
  }
  template <typename Oracle>
  static AnyOracle of(const Oracle& o) {
    AnyOracle a;
    a.obj = &o;
    a.size_n = o.n();
    a.view = [](const void* p, index_t c, double* buf) {
      return static_cast<const Oracle*>(p)->row_view(c, buf);
    };
    return a;
  }
};

struct PamResult {
  std::vector<index_t> medoids;  // 0-based rows, cluster j has medoid medoids[j]
  std::vector<int> cluster;      // 0-based
  double objective = std::numeric_limits<double>::infinity();
  double build_objective = std::numeric_limits<double>::infinity();
  int swaps = 0;
  int passes = 0;
  bool converged = false;
};

namespace detail {
// One chunk per O(n^2) pass: every chunk is a parallel region with a
// barrier, which is costly when the machine is oversubscribed. Interrupts
// are checked between passes.
inline index_t coarse_chunk(index_t n, int) { return std::max<index_t>(1, n); }
inline double w_at(const std::vector<double>& w, index_t i) {
  return w.empty() ? 1.0 : w[static_cast<std::size_t>(i)];
}
}  // namespace detail

// BUILD: the first medoid minimises the total (weighted) distance, every
// further one maximises the decrease of the objective. Candidates are
// evaluated in parallel; ties go to the lowest row index.
template <typename Oracle, typename Progress>
std::vector<index_t> pam_build(const Oracle& d, const std::vector<double>& w, int k,
                               int threads, Progress& progress) {
  const index_t n = d.n();
  if (k < 1 || k > n) throw fit_error("PAM: k must be between 1 and n");
  std::vector<index_t> med;
  std::vector<char> is_med(static_cast<std::size_t>(n), 0);
  std::vector<double> dnear(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  std::vector<double> score(static_cast<std::size_t>(n));
  for (int j = 0; j < k; ++j) {
    parallel_for(
        n, threads,
        [&](index_t c) {
          if (is_med[static_cast<std::size_t>(c)]) return;
          // Not zero-filled: a stored-distance oracle never touches it.
          const std::unique_ptr<double[]> buf(new double[static_cast<std::size_t>(n)]);
          const double* row = d.row_view(c, buf.get());
          const double* dn = dnear.data();
          double s = 0.0;
          if (j == 0) {
            if (w.empty()) {
              for (index_t i = 0; i < n; ++i) s += row[i];
            } else {
              for (index_t i = 0; i < n; ++i) s += w[static_cast<std::size_t>(i)] * row[i];
            }
          } else if (w.empty()) {  // negative gain, so that the minimum is the best
            for (index_t i = 0; i < n; ++i) s -= std::max(0.0, dn[i] - row[i]);
          } else {
            for (index_t i = 0; i < n; ++i)
              s -= w[static_cast<std::size_t>(i)] * std::max(0.0, dn[i] - row[i]);
          }
          score[static_cast<std::size_t>(c)] = s;
        },
        progress, detail::coarse_chunk(n, threads));
    index_t best = -1;
    for (index_t c = 0; c < n; ++c) {
      if (is_med[static_cast<std::size_t>(c)]) continue;
      if (best < 0 || score[static_cast<std::size_t>(c)] < score[static_cast<std::size_t>(best)]) best = c;
    }
    med.push_back(best);
    is_med[static_cast<std::size_t>(best)] = 1;
    std::vector<double> row(static_cast<std::size_t>(n));
    d.row(best, row.data());
    for (index_t i = 0; i < n; ++i)
      dnear[static_cast<std::size_t>(i)] = std::min(dnear[static_cast<std::size_t>(i)], row[static_cast<std::size_t>(i)]);
  }
  return med;
}

// Random initial medoids: k distinct rows drawn with `rng`.
inline std::vector<index_t> pam_random_init(index_t n, int k, Rng& rng) {
  if (k < 1 || k > n) throw fit_error("PAM: k must be between 1 and n");
  std::vector<index_t> med;
  std::vector<char> used(static_cast<std::size_t>(n), 0);
  while (static_cast<int>(med.size()) < k) {
    const index_t c = static_cast<index_t>(rng.below(static_cast<std::uint64_t>(n)));
    if (used[static_cast<std::size_t>(c)]) continue;
    used[static_cast<std::size_t>(c)] = 1;
    med.push_back(c);
  }
  return med;
}

// Swap phase from the initial medoids `med`.
//
// eager = true: FasterPAM. Candidates are visited in row order, cycling; the
//   best swap for a candidate is made at once when it lowers the objective;
//   the phase ends after n candidates in a row without a swap. Serial.
// eager = false: steepest descent as in the original PAM (every pass makes
//   the best swap over all candidates and medoids), with FastPAM1's O(n k)
//   evaluation of a candidate. Candidates are evaluated in parallel on
//   `threads` threads; ties go to the lowest candidate row, then the lowest
//   medoid row, so the result does not depend on the thread count.
template <typename Oracle, typename Progress>
PamResult pam_swap(const Oracle& d, const std::vector<double>& w, std::vector<index_t> med,
                   int max_passes, bool eager, int threads, Progress& progress) {
  const index_t n = d.n();
  const int k = static_cast<int>(med.size());
  const double inf = std::numeric_limits<double>::infinity();
  PamResult res;
  std::vector<int> near(static_cast<std::size_t>(n), 0), second(static_cast<std::size_t>(n), -1);
  std::vector<double> dn(static_cast<std::size_t>(n), inf), ds(static_cast<std::size_t>(n), inf);
  std::vector<char> is_med(static_cast<std::size_t>(n), 0);
  // Distances of every point to every medoid, k x n (row j = medoid j).
  std::vector<double> dm(static_cast<std::size_t>(k) * n);
  for (int j = 0; j < k; ++j) {
    d.row(med[j], dm.data() + static_cast<std::size_t>(j) * n);
    is_med[static_cast<std::size_t>(med[j])] = 1;
  }
  auto nearest_two = [&](index_t i) {
    double b1 = inf, b2 = inf;
    int j1 = 0, j2 = -1;
    for (int j = 0; j < k; ++j) {
      const double v = dm[static_cast<std::size_t>(j) * n + i];
      if (j == 0 || v < b1) {
        if (j > 0) { b2 = b1; j2 = j1; }
        b1 = v; j1 = j;
      } else if (j2 < 0 || v < b2) {
        b2 = v; j2 = j;
      }
    }
    near[static_cast<std::size_t>(i)] = j1;
    dn[static_cast<std::size_t>(i)] = b1;
    second[static_cast<std::size_t>(i)] = j2;
    ds[static_cast<std::size_t>(i)] = b2;
  };
  for (index_t i = 0; i < n; ++i) nearest_two(i);
  auto total = [&]() {
    double s = 0.0;
    for (index_t i = 0; i < n; ++i) s += detail::w_at(w, i) * dn[static_cast<std::size_t>(i)];
    return s;
  };
  double td = total();
  res.build_objective = td;

  // Removal loss of every medoid: the increase of the objective if it were
  // removed and its points went to their second-nearest medoid.
  std::vector<double> removal(static_cast<std::size_t>(k), 0.0);
  auto compute_removal = [&]() {
    std::fill(removal.begin(), removal.end(), 0.0);
    if (k < 2) return;
    for (index_t i = 0; i < n; ++i) {
      const std::size_t si = static_cast<std::size_t>(i);
      removal[static_cast<std::size_t>(near[si])] += detail::w_at(w, i) * (ds[si] - dn[si]);
    }
  };
  compute_removal();
  // Medoid slots in row order (tie-breaking among medoids).
  std::vector<int> order(static_cast<std::size_t>(k));
  auto sort_order = [&]() {
    for (int j = 0; j < k; ++j) order[static_cast<std::size_t>(j)] = j;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return med[a] < med[b]; });
  };
  sort_order();

  // Change of the objective for the best swap of candidate c (row dc); the
  // medoid slot to swap goes to *slot.
  auto evaluate = [&](const double* dc, std::vector<double>& delta, int* slot) {
    double acc = 0.0;
    if (k == 1) {
      double s = 0.0;
      for (index_t i = 0; i < n; ++i) s += detail::w_at(w, i) * dc[i];
      *slot = 0;
      return s - td;
    }
    std::copy(removal.begin(), removal.end(), delta.begin());
    for (index_t i = 0; i < n; ++i) {
      const std::size_t si = static_cast<std::size_t>(i);
      const double dij = dc[i];
      if (dij < dn[si]) {
        const double wi = detail::w_at(w, i);
        acc += wi * (dij - dn[si]);
        delta[static_cast<std::size_t>(near[si])] += wi * (dn[si] - ds[si]);
      } else if (dij < ds[si]) {
        delta[static_cast<std::size_t>(near[si])] += detail::w_at(w, i) * (dij - ds[si]);
      }
    }
    int bm = order[0];
    for (int t = 1; t < k; ++t) {
      const int j = order[static_cast<std::size_t>(t)];
      if (delta[static_cast<std::size_t>(j)] < delta[static_cast<std::size_t>(bm)]) bm = j;
    }
    *slot = bm;
    return delta[static_cast<std::size_t>(bm)] + acc;
  };
  auto do_swap = [&](index_t c, int bm, const double* dc) {
    is_med[static_cast<std::size_t>(med[bm])] = 0;
    is_med[static_cast<std::size_t>(c)] = 1;
    med[bm] = c;
    std::copy(dc, dc + n, dm.begin() + static_cast<std::ptrdiff_t>(bm) * n);
    for (index_t i = 0; i < n; ++i) {
      const std::size_t si = static_cast<std::size_t>(i);
      if (near[si] == bm || second[si] == bm) {
        nearest_two(i);
      } else if (dc[i] < dn[si]) {
        second[si] = near[si]; ds[si] = dn[si];
        near[si] = bm; dn[si] = dc[i];
      } else if (dc[i] < ds[si]) {
        second[si] = bm; ds[si] = dc[i];
      }
    }
    td = total();
    compute_removal();
    sort_order();
    ++res.swaps;
  };
  auto improves = [&](double change) { return change < -1e-12 * std::max(td, 1e-300); };

  std::vector<double> dc(static_cast<std::size_t>(n)), delta(static_cast<std::size_t>(k));
  bool converged = (k == n);
  int passes = 0;
  if (!converged && eager) {
    index_t c = 0, since = 0;
    passes = 1;
    while (since < n) {
      if (!is_med[static_cast<std::size_t>(c)]) {
        const double* rc = d.row_view(c, dc.data());
        int bm = 0;
        const double change = evaluate(rc, delta, &bm);
        if (improves(change)) {
          do_swap(c, bm, rc);
          since = 0;
        }
      }
      ++since;
      if (++c == n) {
        c = 0;
        if (since < n && ++passes > max_passes) break;
      }
    }
    converged = since >= n;
  } else if (!converged) {
    std::vector<double> change(static_cast<std::size_t>(n));
    std::vector<int> slot(static_cast<std::size_t>(n));
    while (passes < max_passes) {
      ++passes;
      parallel_for(
          n, threads,
          [&](index_t c) {
            const std::size_t sc = static_cast<std::size_t>(c);
            if (is_med[sc]) {
              change[sc] = inf;
              return;
            }
            const std::unique_ptr<double[]> buf(new double[static_cast<std::size_t>(n)]);
            std::vector<double> dl(static_cast<std::size_t>(k));
            change[sc] = evaluate(d.row_view(c, buf.get()), dl, &slot[sc]);
          },
          progress, detail::coarse_chunk(n, threads));
      index_t best = -1;
      for (index_t c = 0; c < n; ++c)
        if (best < 0 || change[static_cast<std::size_t>(c)] < change[static_cast<std::size_t>(best)]) best = c;
      if (best < 0 || !improves(change[static_cast<std::size_t>(best)])) {
        converged = true;
        break;
      }
      d.row(best, dc.data());
      do_swap(best, slot[static_cast<std::size_t>(best)], dc.data());
    }
  }
  res.passes = passes;
  res.converged = converged;
  res.objective = td;
  res.medoids = med;
  res.cluster.assign(near.begin(), near.end());
  return res;
}

// Serial swap phase with no progress reporting (for replicate loops).
template <typename Oracle>
PamResult pam_swap(const Oracle& d, const std::vector<double>& w, std::vector<index_t> med,
                   int max_passes = 100, bool eager = true) {
  NoProgress none;
  return pam_swap(d, w, std::move(med), max_passes, eager, 1, none);
}

}  // namespace typfrage

#endif  // TYPFRAGE_PAM_HPP
