// Sums of pairwise distances within and between clusters, without a distance
// matrix: the one kernel behind the silhouettes and Dunn's index from the
// data (indices.hpp) and the gap statistic's W_k (gap.hpp).
//
// The observations are first copied in cluster order (ClusterSorted), so that
// every cluster is one contiguous range of rows, and column-major, so that an
// item's values for a range of observations are contiguous. The kernel,
// pair_tile(), takes two ranges of sorted rows, a tile [i0, i1) x [j0, j1)
// (or the upper triangle t > s of one range), computes every distance d(s, t)
// and adds it to the row sums of s and, if asked, to the column sums of t, so
// a pair is computed once and serves both of its observations. It runs over
// eight columns t at a time, in registers (eight lanes: four SSE2 or NEON
// vectors of lanes.hpp, or two AVX vectors when the CPU has AVX, chosen at
// run time, see below); the tail of a row is one more eight-lane step whose
// unused lanes are set to zero. Every distance is computed as R's dist()
// computes it: differences item by item, squared (or absolute) and summed in
// item order, one correctly rounded square root; so the distances equal
// dist()'s to the last bit. (Distance::operator() sums squared differences
// in four partial sums, so from four items on its Euclidean distances may
// differ from these in the last bit; its Manhattan sums are the same.) Only
// the order of the additions of a sum of distances differs from a
// pair-by-pair loop (relative differences of order 1e-16).
//
// The eight lanes, their order of reduction and the zeroed tail are the same
// on every path, and AVX is used without FMA, so a sum does not depend on the
// instruction set (nor, as every tile is one work item with a fixed order, on
// the thread count).
#ifndef TYPFRAGE_CLUSTER_PAIRS_HPP
#define TYPFRAGE_CLUSTER_PAIRS_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>

#include "distance.hpp"
#include "lanes.hpp"
#include "policies.hpp"


namespace typfrage {

// The data in cluster order. `x` has lane_width zero rows after the n data
// rows, so that the kernel's last step of a range may read past its end.
struct ClusterSorted {
  Eigen::MatrixXd x;           // (n + lane_width) x p, column-major
  std::vector<index_t> start;  // k + 1: cluster g is sorted rows [start[g], start[g + 1])
  std::vector<index_t> order;  // sorted row s is original row order[s]
  std::vector<double> weight;  // sorted weights (+ padding), empty if unweighted
  index_t n = 0;

  index_t ld() const { return x.rows(); }
  const double* data() const { return x.data(); }
  const double* w() const { return weight.empty() ? nullptr : weight.data(); }
  index_t size(int g) const { return start[g + 1] - start[g]; }
};

// cl: 0-based codes in [0, k); w: nullptr or n weights. Stable: within a
// cluster the original order is kept.
inline ClusterSorted cluster_sorted(const Eigen::Ref<const Eigen::MatrixXd>& x, const int* cl,
                                    int k, const double* w = nullptr) {
  const index_t n = x.rows(), p = x.cols();
  ClusterSorted c;
  c.n = n;
  c.start.assign(static_cast<std::size_t>(k) + 1, 0);
  for (index_t i = 0; i < n; ++i) {
    if (cl[i] < 0 || cl[i] >= k) throw std::invalid_argument("cluster code out of range");
    ++c.start[cl[i] + 1];
  }
  for (int g = 0; g < k; ++g) c.start[g + 1] += c.start[g];
  std::vector<index_t> pos(c.start.begin(), c.start.end() - 1);
  c.order.resize(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) c.order[pos[cl[i]]++] = i;
  c.x.setZero(n + lane_width, p);
  for (index_t f = 0; f < p; ++f)
    for (index_t s = 0; s < n; ++s) c.x(s, f) = x(c.order[s], f);
  if (w) {
    c.weight.assign(static_cast<std::size_t>(n + lane_width), 0.0);
    for (index_t s = 0; s < n; ++s) c.weight[s] = w[c.order[s]];
  }
  return c;
}

// What a tile also reports: nothing, or the smallest or largest distance.
enum class Extreme { none, min, max };

// A tile of pairs of sorted rows: s in [i0, i1) against t in [j0, j1), or,
// with `triangle` (then i0 = j0), the pairs s < t < j1 for s in [i0, i1).
struct PairTile {
  index_t i0, i1, j0, j1;
  bool triangle;
};

// The kernel's outputs: row[s - i0] += sum_t w_t d(s, t) for every s;
// col[t - j0] += sum_s w_s d(s, t) if col is not null (then col has
// j1 - j0 + lane_width slots); `extreme` is lowered (min) or raised (max) to
// the tile's smallest or largest distance. Weights w are the sorted weights
// (nullptr: 1).
struct TileSums {
  double* row;
  double* col;
  Extreme ext;
  double* extreme;
};

namespace detail {

// Sum of eight lanes in a fixed order (the same on every path).
inline double reduce_lanes(const double* a) {
  return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

// The portable kernel: eight lanes as one Lanes value (lanes.hpp: SSE2 or
// NEON registers, or plain doubles).
template <Metric M>
void pair_tile_lanes(const ClusterSorted& c, const PairTile& tile, const TileSums& out) {
  const index_t p = c.x.cols(), ld = c.ld();
  const double* x = c.data();
  const double* w = c.w();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> xi(static_cast<std::size_t>(p));
  double index[lane_width];
  for (index_t l = 0; l < lane_width; ++l) index[l] = static_cast<double>(l);
  const Lanes lane_index = Lanes::load(index), zero = Lanes::constant(0.0);
  Lanes ext = Lanes::constant(out.ext == Extreme::min ? inf : 0.0);
  for (index_t s = tile.i0; s < tile.i1; ++s) {
    for (index_t f = 0; f < p; ++f) xi[f] = x[f * ld + s];
    const index_t t0 = tile.triangle ? s + 1 : tile.j0;
    const Lanes ws = Lanes::constant(w ? w[s] : 1.0);
    Lanes acc = zero;
    for (index_t t = t0; t < tile.j1; t += lane_width) {
      Lanes d = lane_terms<M>(x, ld, t, xi.data(), p);
      if (M == Metric::euclidean) d = d.sqrt();
      const index_t left = tile.j1 - t;
      const Lanes keep = Lanes::constant(static_cast<double>(left));
      if (left < lane_width) d = lane_where<LaneCompare::less>(lane_index, keep, d, zero);
      acc += w ? d * Lanes::load(w + t) : d;
      if (out.col) {
        double* col = out.col + (t - tile.j0);
        (Lanes::load(col) + (w ? d * ws : d)).store(col);
      }
      if (out.ext == Extreme::max) {
        ext = ext.max(d);
      } else if (out.ext == Extreme::min) {
        if (left < lane_width)
          d = lane_where<LaneCompare::less>(lane_index, keep, d, Lanes::constant(inf));
        ext = ext.min(d);
      }
    }
    double lanes[lane_width];
    acc.store(lanes);
    out.row[s - tile.i0] += reduce_lanes(lanes);
  }
  if (out.ext != Extreme::none) {
    double e[lane_width];
    ext.store(e);
    for (index_t l = 0; l < lane_width; ++l)
      *out.extreme = out.ext == Extreme::max ? std::max(*out.extreme, e[l])
                                             : std::min(*out.extreme, e[l]);
  }
}

#ifdef TYPFRAGE_AVX_DISPATCH

// One item's term of four distances: (x_t - x_s)^2, or |x_t - x_s|.
template <Metric M>
__attribute__((target("avx"), always_inline)) inline __m256d avx_item_term(const double* xt,
                                                                             double xs,
                                                                             __m256d sign) {
  const __m256d e = _mm256_sub_pd(_mm256_loadu_pd(xt), _mm256_set1_pd(xs));
  return M == Metric::manhattan ? _mm256_andnot_pd(sign, e) : _mm256_mul_pd(e, e);
}

// The same kernel with two AVX vectors per step: the same lanes, the same
// operations in the same order (no FMA), so the same results.
template <Metric M>
__attribute__((target("avx"))) void pair_tile_avx(const ClusterSorted& c, const PairTile& tile,
                                                   const TileSums& out) {
  const index_t p = c.x.cols(), ld = c.ld();
  const double* x = c.data();
  const double* w = c.w();
  std::vector<double> xi(static_cast<std::size_t>(p));
  const __m256d sign = _mm256_set1_pd(-0.0);
  const __m256d zero = _mm256_setzero_pd();
  const __m256d inf = _mm256_set1_pd(std::numeric_limits<double>::infinity());
  const __m256d idx_lo = _mm256_set_pd(3.0, 2.0, 1.0, 0.0);
  const __m256d idx_hi = _mm256_set_pd(7.0, 6.0, 5.0, 4.0);
  __m256d ext_lo = out.ext == Extreme::min ? inf : zero, ext_hi = ext_lo;
  for (index_t s = tile.i0; s < tile.i1; ++s) {
    for (index_t f = 0; f < p; ++f) xi[f] = x[f * ld + s];
    const index_t t0 = tile.triangle ? s + 1 : tile.j0;
    const __m256d ws = _mm256_set1_pd(w ? w[s] : 1.0);
    __m256d acc_lo = zero, acc_hi = zero;
    for (index_t t = t0; t < tile.j1; t += lane_width) {
      __m256d d_lo = avx_item_term<M>(x + t, xi[0], sign);
      __m256d d_hi = avx_item_term<M>(x + t + 4, xi[0], sign);
      for (index_t f = 1; f < p; ++f) {
        const double* xf = x + f * ld + t;
        d_lo = _mm256_add_pd(d_lo, avx_item_term<M>(xf, xi[f], sign));
        d_hi = _mm256_add_pd(d_hi, avx_item_term<M>(xf + 4, xi[f], sign));
      }
      if (M == Metric::euclidean) {
        d_lo = _mm256_sqrt_pd(d_lo);
        d_hi = _mm256_sqrt_pd(d_hi);
      }
      const index_t left = tile.j1 - t;
      __m256d keep_lo = zero, keep_hi = zero;
      if (left < lane_width) {
        const __m256d l = _mm256_set1_pd(static_cast<double>(left));
        keep_lo = _mm256_cmp_pd(idx_lo, l, _CMP_LT_OQ);
        keep_hi = _mm256_cmp_pd(idx_hi, l, _CMP_LT_OQ);
        d_lo = _mm256_and_pd(d_lo, keep_lo);
        d_hi = _mm256_and_pd(d_hi, keep_hi);
      }
      if (w) {
        acc_lo = _mm256_add_pd(acc_lo, _mm256_mul_pd(d_lo, _mm256_loadu_pd(w + t)));
        acc_hi = _mm256_add_pd(acc_hi, _mm256_mul_pd(d_hi, _mm256_loadu_pd(w + t + 4)));
      } else {
        acc_lo = _mm256_add_pd(acc_lo, d_lo);
        acc_hi = _mm256_add_pd(acc_hi, d_hi);
      }
      if (out.col) {
        double* col = out.col + (t - tile.j0);
        const __m256d c_lo = w ? _mm256_mul_pd(d_lo, ws) : d_lo;
        const __m256d c_hi = w ? _mm256_mul_pd(d_hi, ws) : d_hi;
        _mm256_storeu_pd(col, _mm256_add_pd(_mm256_loadu_pd(col), c_lo));
        _mm256_storeu_pd(col + 4, _mm256_add_pd(_mm256_loadu_pd(col + 4), c_hi));
      }
      if (out.ext == Extreme::max) {
        ext_lo = _mm256_max_pd(ext_lo, d_lo);
        ext_hi = _mm256_max_pd(ext_hi, d_hi);
      } else if (out.ext == Extreme::min) {
        if (left < lane_width) {
          d_lo = _mm256_blendv_pd(inf, d_lo, keep_lo);
          d_hi = _mm256_blendv_pd(inf, d_hi, keep_hi);
        }
        ext_lo = _mm256_min_pd(ext_lo, d_lo);
        ext_hi = _mm256_min_pd(ext_hi, d_hi);
      }
    }
    double lanes[lane_width];
    _mm256_storeu_pd(lanes, acc_lo);
    _mm256_storeu_pd(lanes + 4, acc_hi);
    out.row[s - tile.i0] += reduce_lanes(lanes);
  }
  if (out.ext != Extreme::none) {
    double e[lane_width];
    _mm256_storeu_pd(e, ext_lo);
    _mm256_storeu_pd(e + 4, ext_hi);
    for (index_t l = 0; l < lane_width; ++l)
      *out.extreme = out.ext == Extreme::max ? std::max(*out.extreme, e[l])
                                             : std::min(*out.extreme, e[l]);
  }
}
#endif

template <Metric M>
void pair_tile_metric(const ClusterSorted& c, const PairTile& tile, const TileSums& out,
                      bool portable) {
#ifdef TYPFRAGE_AVX_DISPATCH
  if (!portable && cpu_has_avx()) return pair_tile_avx<M>(c, tile, out);
#endif
  (void)portable;
  pair_tile_lanes<M>(c, tile, out);
}

}  // namespace detail

// The kernel (see the top of this file): Euclidean, squared Euclidean or
// Manhattan distances of one tile of cluster-sorted rows. `portable` forces
// the Lanes path (tests compare the paths).
inline void pair_tile(const ClusterSorted& c, Metric metric, const PairTile& tile,
                      const TileSums& out, bool portable = false) {
  switch (metric) {
    case Metric::euclidean:
      return detail::pair_tile_metric<Metric::euclidean>(c, tile, out, portable);
    case Metric::sqeuclidean:
      return detail::pair_tile_metric<Metric::sqeuclidean>(c, tile, out, portable);
    case Metric::manhattan:
      return detail::pair_tile_metric<Metric::manhattan>(c, tile, out, portable);
    case Metric::gower:
      break;
  }
  throw std::invalid_argument("pair_tile: Euclidean, squared Euclidean or Manhattan only");
}

// Sum of the distances of all pairs within cluster g: sum_{s < t in g} d(s, t).
// The rows go in blocks, with an interrupt poll between blocks; every row's
// sum runs over the same t in the same order whatever the blocks.
inline double within_pair_sum(const ClusterSorted& c, Metric metric, int g,
                              std::vector<double>& row, InterruptPoll* interrupt = nullptr) {
  const index_t a = c.start[g], b = c.start[g + 1];
  if (b - a < 2) return 0.0;
  row.assign(static_cast<std::size_t>(b - a), 0.0);
  constexpr index_t kBlockRows = 64;
  for (index_t r0 = a; r0 < b; r0 += kBlockRows) {
    poll_interrupt(interrupt);
    const index_t r1 = std::min(b, r0 + kBlockRows);
    pair_tile(c, metric, PairTile{r0, r1, r0, b, true},
              TileSums{row.data() + (r0 - a), nullptr, Extreme::none, nullptr});
  }
  double sum = 0.0;
  for (const double r : row) sum += r;
  return sum;
}

}  // namespace typfrage

#endif  // TYPFRAGE_CLUSTER_PAIRS_HPP
