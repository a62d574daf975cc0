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

#if defined(__linux__)
#include <stdlib.h>    // posix_memalign
#include <sys/mman.h>  // madvise
#endif
#include <cstdlib>
#include <new>

#include "distance.hpp"
#include "fit_error.hpp"
#include "lanes.hpp"
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

namespace detail {
// Weighted total of a row, sum_i w_i r_i (w empty: weights 1), in four
// partial sums so that the additions do not wait on each other. BUILD's
// first medoid is the row with the smallest total; every oracle gets the same
// summation order, so stored and computed distances give the same medoids.
inline double row_total(const double* r, const double* w, index_t n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  index_t i = 0;
  if (w == nullptr) {
    for (; i + 4 <= n; i += 4) {
      s0 += r[i];
      s1 += r[i + 1];
      s2 += r[i + 2];
      s3 += r[i + 3];
    }
    for (; i < n; ++i) s0 += r[i];
  } else {
    for (; i + 4 <= n; i += 4) {
      s0 += w[i] * r[i];
      s1 += w[i + 1] * r[i + 1];
      s2 += w[i + 2] * r[i + 2];
      s3 += w[i + 3] * r[i + 3];
    }
    for (; i < n; ++i) s0 += w[i] * r[i];
  }
  return (s0 + s1) + (s2 + s3);
}

// Distances of row i to the rows [j0, j0 + len) (len <= kRun) for the
// Euclidean, squared Euclidean and Manhattan metrics, from the data in
// column-major order, padded to whole runs (xc[f * ld + j], ld a multiple of
// kRun). Items are the outer loop, so the inner loops run along contiguous
// columns with a fixed trip count and vectorise; the partial sums follow
// squared_euclidean() (four sums by item index modulo 4) and Distance's
// Manhattan sum (items in order), so every value is bit-identical to
// Distance::operator()(i, j).
constexpr index_t kRun = 256;
inline void distance_run(const double* xc, index_t ld, index_t p, const double* xi,
                         index_t j0, index_t len, Metric metric, double* out) {
  double a[4][kRun];
  const index_t q4 = (p / 4) * 4;
  if (metric == Metric::manhattan) {
    for (index_t t = 0; t < kRun; ++t) a[0][t] = 0.0;
    for (index_t f = 0; f < p; ++f) {
      const double* col = xc + f * ld + j0;
      const double v = xi[f];
      for (index_t t = 0; t < kRun; ++t) a[0][t] += std::abs(col[t] - v);
    }
    std::copy(a[0], a[0] + len, out);
    return;
  }
  for (index_t m = 0; m < 4; ++m)
    for (index_t t = 0; t < kRun; ++t) a[m][t] = 0.0;
  auto add_sq = [](double* acc, const double* col, double v) {
    for (index_t t = 0; t < kRun; ++t) {
      const double d = col[t] - v;
      acc[t] += d * d;
    }
  };
  for (index_t f = 0; f < p; ++f) {
    const double* col = xc + f * ld + j0;
    switch (f < q4 ? (f & 3) : 0) {  // a constant row of `a` in every branch
      case 0: add_sq(a[0], col, xi[f]); break;
      case 1: add_sq(a[1], col, xi[f]); break;
      case 2: add_sq(a[2], col, xi[f]); break;
      default: add_sq(a[3], col, xi[f]); break;
    }
  }
  for (index_t t = 0; t < kRun; ++t) a[0][t] = (a[0][t] + a[1][t]) + (a[2][t] + a[3][t]);
  if (metric == Metric::euclidean) {
    // Square roots eight at a time in the lanes of lanes.hpp (packed SSE2 or
    // NEON square roots, correctly rounded as std::sqrt; plain std::sqrt with
    // -DTYPFRAGE_NO_SIMD): the scalar loop does not vectorise because
    // std::sqrt may set errno.
    static_assert(kRun % lane_width == 0, "distance_run: whole lanes");
    for (index_t t = 0; t < kRun; t += lane_width) Lanes::load(a[0] + t).sqrt().store(a[0] + t);
  }
  std::copy(a[0], a[0] + len, out);
}
}  // namespace detail

// Storage for n^2 distances, not zero-filled (every entry is written once
// by a fill). On Linux a large block is aligned to 2 MB and marked for
// transparent huge pages: the kernel then maps it in 2 MB pages instead of
// 4 kB ones, which takes the page faults of a 200 MB matrix (n = 5,000) from
// about 50,000 to about 100. The hint may be ignored; the memory is the same.
struct FreeDeleter {
  void operator()(double* p) const { std::free(p); }
};
using DistanceStore = std::unique_ptr<double[], FreeDeleter>;
inline DistanceStore allocate_distance_store(index_t n) {
  const std::size_t bytes =
      static_cast<std::size_t>(n) * static_cast<std::size_t>(n) * sizeof(double);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const std::size_t huge = static_cast<std::size_t>(1) << 21;
  if (bytes >= 4 * huge) {
    const std::size_t rounded = (bytes + huge - 1) / huge * huge;
    void* p = nullptr;
    if (posix_memalign(&p, huge, rounded) == 0 && p != nullptr) {
      (void)madvise(p, rounded, MADV_HUGEPAGE);
      return DistanceStore(static_cast<double*>(p));
    }
  }
#endif
  void* p = std::malloc(bytes > 0 ? bytes : 1);
  if (p == nullptr) throw std::bad_alloc();
  return DistanceStore(static_cast<double*>(p));
}

// A full n x n matrix (row-major, symmetric): every row is contiguous, which
// makes the O(n^2) passes of BUILD and the swap phase cache-friendly. The
// storage is not zero-filled: every entry is written once by the fill.
struct FullOracle {
  DistanceStore d;
  index_t size_n = 0;
  // Weighted row totals (BUILD's first pass), when the fill computed them.
  std::vector<double> totals;
  index_t n() const { return size_n; }
  void row(index_t c, double* out) const {
    std::copy(d.get() + c * size_n, d.get() + (c + 1) * size_n, out);
  }
  // The stored row itself (no copy).
  const double* row_view(index_t c, double*) const { return d.get() + c * size_n; }

  // Filled from a Distance in parallel, with the weighted row totals `w`
  // (empty: weights 1) of BUILD's first pass. Euclidean, squared Euclidean
  // and Manhattan: the upper triangle in square tiles (vectorised runs along
  // the columns of the data), each mirrored while in cache, then the totals
  // row by row. Gower: task i computes d(i, j) for j > i, then the upper
  // triangle is mirrored in tiles and the totals are summed. Every entry and
  // every total has one writer, so the result does not depend on the thread
  // count.
  template <typename Progress>
  static FullOracle from_distance(const Distance& dist, const std::vector<double>& w,
                                  int threads, Progress& progress) {
    const index_t n = dist.n(), p = dist.p();
    FullOracle o;
    o.size_n = n;
    o.d = allocate_distance_store(n);
    o.totals.resize(static_cast<std::size_t>(n));
    const Metric metric = dist.metric();
    const double* wp = w.empty() ? nullptr : w.data();
    double* base = o.d.get();
    if (metric != Metric::gower) {
      // The data column-major, each column padded with zeros to whole runs.
      const index_t ld = (n + detail::kRun - 1) / detail::kRun * detail::kRun;
      std::vector<double> xc(static_cast<std::size_t>(ld) * static_cast<std::size_t>(p), 0.0);
      for (index_t j = 0; j < n; ++j) {
        const double* r = dist.row(j);
        for (index_t f = 0; f < p; ++f) xc[static_cast<std::size_t>(f * ld + j)] = r[f];
      }
      // Square tiles of kRun x kRun: task t computes the tiles (t, u), u >= t,
      // of the upper triangle row by row and mirrors each off-diagonal tile
      // into the lower triangle in 32 x 32 blocks (in cache).
      const index_t nt = (n + detail::kRun - 1) / detail::kRun;
      parallel_for(
          nt, threads,
          [&](index_t t) {
            const index_t i0 = t * detail::kRun, i1 = std::min(n, i0 + detail::kRun);
            for (index_t u = t; u < nt; ++u) {
              const index_t j0 = u * detail::kRun, len = std::min(detail::kRun, n - j0);
              for (index_t i = i0; i < i1; ++i)
                detail::distance_run(xc.data(), ld, p, dist.row(i), j0, len, metric,
                                     base + i * n + j0);
              if (u == t) continue;
              for (index_t jb = j0; jb < j0 + len; jb += 32)
                for (index_t ib = i0; ib < i1; ib += 32) {
                  const index_t je = std::min(j0 + len, jb + 32), ie = std::min(i1, ib + 32);
                  for (index_t j = jb; j < je; ++j) {
                    double* rj = base + j * n;
                    for (index_t i = ib; i < ie; ++i) rj[i] = base[i * n + j];
                  }
                }
            }
            for (index_t i = i0; i < i1; ++i) base[i * n + i] = 0.0;
          },
          progress, std::max<index_t>(1, nt));
      NoProgress quiet;
      parallel_for(
          n, threads,
          [&](index_t i) { o.totals[static_cast<std::size_t>(i)] = detail::row_total(base + i * n, wp, n); },
          quiet, std::max<index_t>(1, n));
      return o;
    }
    parallel_for(
        n, threads,
        [&](index_t i) {
          double* r = base + i * n;
          const double* a = dist.row(i);
          r[i] = 0.0;
          for (index_t j = i + 1; j < n; ++j) r[j] = dist.between(a, dist.row(j));
        },
        progress, std::max<index_t>(1, (n + 1) / 2));
    o.mirror_and_total(wp, threads);
    return o;
  }

  // Expanded from condensed distances (R's `dist` order).
  static FullOracle from_condensed(const double* cd, index_t n, const std::vector<double>& w,
                                   int threads) {
    FullOracle o;
    o.size_n = n;
    o.d = allocate_distance_store(n);
    o.totals.resize(static_cast<std::size_t>(n));
    double* base = o.d.get();
    NoProgress quiet;
    // Row j's upper part (i > j) is column j of the condensed matrix.
    parallel_for(
        n, threads,
        [&](index_t j) {
          double* r = base + j * n;
          r[j] = 0.0;
          if (j + 1 < n) {
            const double* col = cd + dist_index(n, j + 1, j);
            std::copy(col, col + (n - j - 1), r + j + 1);
          }
        },
        quiet, std::max<index_t>(1, n));
    o.mirror_and_total(w.empty() ? nullptr : w.data(), threads);
    return o;
  }

 private:
  // Copy the upper triangle to the lower one in square tiles, so that both
  // the reads and the writes stay in cache (writing (j, i) while filling row
  // i strides the whole matrix); tile t writes rows t*T.. of the lower
  // triangle only. Then the row totals, one row per task.
  void mirror_and_total(const double* wp, int threads) {
    const index_t n = size_n;
    double* base = d.get();
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
              double* rj = base + j * n;
              for (index_t i = i0; i < std::min(i1, j); ++i) rj[i] = base[i * n + j];
            }
          }
          for (index_t j = j0; j < j1; ++j)
            totals[static_cast<std::size_t>(j)] = detail::row_total(base + j * n, wp, n);
        },
        quiet, tiles);
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

// BUILD's gain of candidate row r: sum_i w_i max(0, dn_i - r_i), in four
// partial sums (see row_total()).
inline double build_gain(const double* r, const double* dn, const double* w, index_t n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  index_t i = 0;
  if (w == nullptr) {
    for (; i + 4 <= n; i += 4) {
      s0 += std::max(0.0, dn[i] - r[i]);
      s1 += std::max(0.0, dn[i + 1] - r[i + 1]);
      s2 += std::max(0.0, dn[i + 2] - r[i + 2]);
      s3 += std::max(0.0, dn[i + 3] - r[i + 3]);
    }
    for (; i < n; ++i) s0 += std::max(0.0, dn[i] - r[i]);
  } else {
    for (; i + 4 <= n; i += 4) {
      s0 += w[i] * std::max(0.0, dn[i] - r[i]);
      s1 += w[i + 1] * std::max(0.0, dn[i + 1] - r[i + 1]);
      s2 += w[i + 2] * std::max(0.0, dn[i + 2] - r[i + 2]);
      s3 += w[i + 3] * std::max(0.0, dn[i + 3] - r[i + 3]);
    }
    for (; i < n; ++i) s0 += w[i] * std::max(0.0, dn[i] - r[i]);
  }
  return (s0 + s1) + (s2 + s3);
}
}  // namespace detail

// BUILD: the first medoid minimises the total (weighted) distance, every
// further one maximises the decrease of the objective. Candidates are
// evaluated in parallel; ties go to the lowest row index. `totals`, when not
// null, holds every row's weighted total (computed by the distance fill with
// detail::row_total()), which saves the first pass over the distances.
template <typename Oracle, typename Progress>
std::vector<index_t> pam_build(const Oracle& d, const std::vector<double>& w, int k,
                               int threads, Progress& progress,
                               const std::vector<double>* totals = nullptr) {
  const index_t n = d.n();
  if (k < 1 || k > n) throw fit_error("PAM: k must be between 1 and n");
  std::vector<index_t> med;
  std::vector<char> is_med(static_cast<std::size_t>(n), 0);
  std::vector<double> dnear(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  std::vector<double> score(static_cast<std::size_t>(n));
  const double* wp = w.empty() ? nullptr : w.data();
  if (totals != nullptr && static_cast<index_t>(totals->size()) != n) totals = nullptr;
  for (int j = 0; j < k; ++j) {
    if (j == 0 && totals != nullptr) {
      std::copy(totals->begin(), totals->end(), score.begin());
    } else {
      parallel_for(
          n, threads,
          [&](index_t c) {
            if (is_med[static_cast<std::size_t>(c)]) return;
            // Not zero-filled: a stored-distance oracle never touches it.
            const std::unique_ptr<double[]> buf(new double[static_cast<std::size_t>(n)]);
            const double* row = d.row_view(c, buf.get());
            // j > 0: negative gain, so that the minimum is the best
            score[static_cast<std::size_t>(c)] =
                j == 0 ? detail::row_total(row, wp, n) : -detail::build_gain(row, dnear.data(), wp, n);
          },
          progress, detail::coarse_chunk(n, threads));
    }
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

namespace detail {
// The points grouped by their nearest medoid, for FastPAM1's candidate
// evaluation: slot j's points are members[first[j] .. first[j + 1]) in
// increasing row order, with their distances to the nearest (dn) and second
// nearest (ds) medoid and their weights copied in the same order, so that
// the evaluation of a candidate needs no per-point test of the slot.
struct SlotGroups {
  std::vector<index_t> members;
  std::vector<index_t> first;
  std::vector<double> dn, ds, w;
  void build(const std::vector<int>& near, const std::vector<double>& dnear,
             const std::vector<double>& dsecond, const std::vector<double>& weights, int k) {
    const index_t n = static_cast<index_t>(near.size());
    first.assign(static_cast<std::size_t>(k) + 1, 0);
    for (index_t i = 0; i < n; ++i) ++first[static_cast<std::size_t>(near[static_cast<std::size_t>(i)]) + 1];
    for (int j = 0; j < k; ++j) first[static_cast<std::size_t>(j) + 1] += first[static_cast<std::size_t>(j)];
    std::vector<index_t> at(first.begin(), first.end() - 1);
    members.resize(static_cast<std::size_t>(n));
    dn.resize(static_cast<std::size_t>(n));
    ds.resize(static_cast<std::size_t>(n));
    w.resize(weights.empty() ? 0 : static_cast<std::size_t>(n));
    for (index_t i = 0; i < n; ++i) {
      const std::size_t si = static_cast<std::size_t>(i);
      const std::size_t q = static_cast<std::size_t>(at[static_cast<std::size_t>(near[si])]++);
      members[q] = i;
      dn[q] = dnear[si];
      ds[q] = dsecond[si];
      if (!weights.empty()) w[q] = weights[si];
    }
  }
};

// FastPAM1's gains for one candidate c with distances r_i = d(c, i): a point
// i of slot j (nearest medoid j at distance dn_i, second nearest at ds_i)
// changes by min(max(r_i, dn_i), ds_i) - ds_i if medoid j is replaced by c
// (added to delta[j]); every point changes by min(r_i - dn_i, 0) whichever
// medoid is replaced (the return value). Branch-free, slot by slot, with four
// independent partial sums, so the loop runs at the throughput of the
// arithmetic rather than at the latency of one chain of additions.
template <bool Weighted>
inline double swap_gains_impl(const double* r, const SlotGroups& g, int k, double* delta) {
  const index_t* mem = g.members.data();
  const double* dn = g.dn.data();
  const double* ds = g.ds.data();
  const double* w = g.w.data();
  double acc = 0.0;
  for (int j = 0; j < k; ++j) {
    double t[4] = {0.0, 0.0, 0.0, 0.0}, a[4] = {0.0, 0.0, 0.0, 0.0};
    index_t q = g.first[static_cast<std::size_t>(j)];
    const index_t end = g.first[static_cast<std::size_t>(j) + 1];
    auto one = [&](index_t at, int h) {
      // Conditional expressions on values compile to the min/max
      // instructions; std::min/std::max (on references) and a comparison
      // with the constant 0 became branches, mispredicted about every other
      // point. min(d, e) - e is min(d - e, 0) exactly.
      const double d = r[mem[at]], b = ds[at], e = dn[at];
      const double hi = e < d ? d : e;
      const double mid = hi < b ? hi : b;
      const double lo = d < e ? d : e;
      if (Weighted) {
        t[h] += w[at] * (mid - b);
        a[h] += w[at] * (lo - e);
      } else {
        t[h] += mid - b;
        a[h] += lo - e;
      }
    };
    for (; q + 4 <= end; q += 4) {
      one(q, 0);
      one(q + 1, 1);
      one(q + 2, 2);
      one(q + 3, 3);
    }
    for (; q < end; ++q) one(q, 0);
    delta[j] += (t[0] + t[1]) + (t[2] + t[3]);
    acc += (a[0] + a[1]) + (a[2] + a[3]);
  }
  return acc;
}

inline double swap_gains(const double* r, const SlotGroups& g, int k, double* delta) {
  return g.w.empty() ? swap_gains_impl<false>(r, g, k, delta)
                     : swap_gains_impl<true>(r, g, k, delta);
}
}  // namespace detail

namespace detail {

// The state of PAM's swap phase: the medoids, every point's nearest and
// second-nearest medoid slot with their distances, the distances of every
// point to every medoid (k x n, row j = medoid slot j), the removal loss of
// every medoid, the points grouped by slot, the slots in row order of their
// medoids (tie-breaking among medoids) and the objective `td`.
struct PamSwapState {
  index_t n;
  int k;
  const std::vector<double>& w;
  std::vector<index_t> med;
  std::vector<int> near, second;
  std::vector<double> dn, ds;
  std::vector<char> is_med;
  std::vector<double> dm;
  std::vector<double> removal;
  SlotGroups groups;
  std::vector<int> order;
  double td = 0.0;
  int swaps = 0;

  template <typename Oracle>
  PamSwapState(const Oracle& d, const std::vector<double>& weights, std::vector<index_t> medoids)
      : n(d.n()), k(static_cast<int>(medoids.size())), w(weights), med(std::move(medoids)),
        near(static_cast<std::size_t>(n), 0), second(static_cast<std::size_t>(n), -1),
        dn(static_cast<std::size_t>(n), inf()), ds(static_cast<std::size_t>(n), inf()),
        is_med(static_cast<std::size_t>(n), 0), dm(static_cast<std::size_t>(k) * n),
        removal(static_cast<std::size_t>(k), 0.0), order(static_cast<std::size_t>(k)) {
    for (int j = 0; j < k; ++j) {
      d.row(med[j], dm.data() + static_cast<std::size_t>(j) * n);
      is_med[static_cast<std::size_t>(med[j])] = 1;
    }
    for (index_t i = 0; i < n; ++i) nearest_two(i);
    td = total();
    compute_removal();
    groups.build(near, dn, ds, w, k);
    sort_order();
  }

  static double inf() { return std::numeric_limits<double>::infinity(); }

  void nearest_two(index_t i) {
    double b1 = inf(), b2 = inf();
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
  }

  double total() const {
    double s = 0.0;
    for (index_t i = 0; i < n; ++i) s += w_at(w, i) * dn[static_cast<std::size_t>(i)];
    return s;
  }

  // Removal loss of every medoid: the increase of the objective if it were
  // removed and its points went to their second-nearest medoid.
  void compute_removal() {
    std::fill(removal.begin(), removal.end(), 0.0);
    if (k < 2) return;
    for (index_t i = 0; i < n; ++i) {
      const std::size_t si = static_cast<std::size_t>(i);
      removal[static_cast<std::size_t>(near[si])] += w_at(w, i) * (ds[si] - dn[si]);
    }
  }

  void sort_order() {
    for (int j = 0; j < k; ++j) order[static_cast<std::size_t>(j)] = j;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return med[a] < med[b]; });
  }

  // Change of the objective for the best swap of candidate c (row dc); the
  // medoid slot to swap goes to *slot. Read-only: candidates are evaluated
  // in parallel, each with its own `delta`.
  double evaluate(const double* dc, std::vector<double>& delta, int* slot) const {
    if (k == 1) {
      double s = 0.0;
      for (index_t i = 0; i < n; ++i) s += w_at(w, i) * dc[i];
      *slot = 0;
      return s - td;
    }
    std::copy(removal.begin(), removal.end(), delta.begin());
    const double acc = swap_gains(dc, groups, k, delta.data());
    int bm = order[0];
    for (int t = 1; t < k; ++t) {
      const int j = order[static_cast<std::size_t>(t)];
      if (delta[static_cast<std::size_t>(j)] < delta[static_cast<std::size_t>(bm)]) bm = j;
    }
    *slot = bm;
    return delta[static_cast<std::size_t>(bm)] + acc;
  }

  // Candidate row c (distances dc) replaces the medoid of slot bm.
  void make_swap(index_t c, int bm, const double* dc) {
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
    groups.build(near, dn, ds, w, k);
    sort_order();
    ++swaps;
  }

  bool improves(double change) const { return change < -1e-12 * std::max(td, 1e-300); }
};

// FasterPAM's eager swaps: candidates in row order, cycling; the best swap
// of a candidate is made at once when it lowers the objective; the phase
// ends after n candidates in a row without a swap (converged) or after
// max_passes passes. Serial.
template <typename Oracle>
bool pam_swap_eager(const Oracle& d, PamSwapState& st, int max_passes, int& passes) {
  const index_t n = st.n;
  std::vector<double> dc(static_cast<std::size_t>(n)), delta(static_cast<std::size_t>(st.k));
  index_t c = 0, since = 0;
  passes = 1;
  while (since < n) {
    if (!st.is_med[static_cast<std::size_t>(c)]) {
      const double* rc = d.row_view(c, dc.data());
      int bm = 0;
      const double change = st.evaluate(rc, delta, &bm);
      if (st.improves(change)) {
        st.make_swap(c, bm, rc);
        since = 0;
      }
    }
    ++since;
    if (++c == n) {
      c = 0;
      if (since < n && ++passes > max_passes) break;
    }
  }
  return since >= n;
}

// Steepest descent as in the original PAM: every pass makes the best swap
// over all candidates (evaluated in parallel) and medoids.
template <typename Oracle, typename Progress>
bool pam_swap_steepest(const Oracle& d, PamSwapState& st, int max_passes, int threads,
                       Progress& progress, int& passes) {
  const index_t n = st.n;
  const int k = st.k;
  std::vector<double> dc(static_cast<std::size_t>(n));
  std::vector<double> change(static_cast<std::size_t>(n));
  std::vector<int> slot(static_cast<std::size_t>(n));
  while (passes < max_passes) {
    ++passes;
    parallel_for(
        n, threads,
        [&](index_t c) {
          const std::size_t sc = static_cast<std::size_t>(c);
          if (st.is_med[sc]) {
            change[sc] = PamSwapState::inf();
            return;
          }
          const std::unique_ptr<double[]> buf(new double[static_cast<std::size_t>(n)]);
          std::vector<double> dl(static_cast<std::size_t>(k));
          change[sc] = st.evaluate(d.row_view(c, buf.get()), dl, &slot[sc]);
        },
        progress, coarse_chunk(n, threads));
    index_t best = -1;
    for (index_t c = 0; c < n; ++c)
      if (best < 0 || change[static_cast<std::size_t>(c)] < change[static_cast<std::size_t>(best)]) best = c;
    if (best < 0 || !st.improves(change[static_cast<std::size_t>(best)])) return true;
    d.row(best, dc.data());
    st.make_swap(best, slot[static_cast<std::size_t>(best)], dc.data());
  }
  return false;
}

}  // namespace detail

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
  detail::PamSwapState st(d, w, std::move(med));
  PamResult res;
  res.build_objective = st.td;
  bool converged = (st.k == st.n);
  int passes = 0;
  if (!converged) {
    converged = eager ? detail::pam_swap_eager(d, st, max_passes, passes)
                      : detail::pam_swap_steepest(d, st, max_passes, threads, progress, passes);
  }
  res.swaps = st.swaps;
  res.passes = passes;
  res.converged = converged;
  res.objective = st.td;
  res.medoids = st.med;
  res.cluster.assign(st.near.begin(), st.near.end());
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
