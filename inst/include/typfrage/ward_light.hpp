// Memory-light Ward clustering on raw vectors: the nearest-neighbour chain on
// cluster centroids and sizes, never storing the n x n dissimilarities.
// Memory O(n * p); time O(n^2 * p), in cache-friendly sweeps over the
// centroids (items stored contiguously across clusters).
//
// The Ward dissimilarity of clusters A and B (sizes = summed case weights)
//   d(A, B) = 2 * |A| |B| / (|A| + |B|) * ||c_A - c_B||^2
// is what the Lance-Williams Ward update produces from squared Euclidean
// distances, so heights sqrt(d) equal stats::hclust(dist(x), "ward.D2")
// (with `members` = weights and the weighted start described in
// hierarchy.hpp). The increase of the within-cluster sum of squares at the
// merge is d / 2.
#ifndef TYPFRAGE_WARD_LIGHT_HPP
#define TYPFRAGE_WARD_LIGHT_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "dendrogram.hpp"
#include "policies.hpp"

// Vectorise a loop of independent element-wise operations (OpenMP SIMD when
// the package is built with OpenMP; no effect otherwise).
#ifdef _OPENMP
#define TYPFRAGE_SIMD _Pragma("omp simd")
#else
#define TYPFRAGE_SIMD
#endif

namespace typfrage {

// Sweeps over fewer than this many centroid entries (active clusters x items)
// run on one thread: below it, starting threads costs more than it saves
// (2^17 entries, e.g. 11,000 clusters x 12 items; on a busy machine much
// smaller sweeps were slower with two threads than with one).
constexpr index_t parallel_min_work = 131072;

namespace detail {

class WardCentroids {
 public:
  WardCentroids(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& w)
      : n_(x.rows()), p_(x.cols()), m_(x.rows()),
        c_(static_cast<std::size_t>(x.rows() * x.cols())),
        w_(static_cast<std::size_t>(x.rows()), 1.0),
        id_(static_cast<std::size_t>(x.rows())),
        slot_(static_cast<std::size_t>(x.rows())) {
    for (index_t f = 0; f < p_; ++f)
      for (index_t i = 0; i < n_; ++i) c_[f * n_ + i] = x(i, f);
    if (!w.empty()) {
      if (static_cast<index_t>(w.size()) != n_) throw std::invalid_argument("weights: need n entries");
      w_ = w;
    }
    for (index_t i = 0; i < n_; ++i) id_[i] = slot_[i] = i;
  }

  index_t active() const { return m_; }
  index_t id_at(index_t slot) const { return id_[slot]; }
  index_t slot_of(index_t id) const { return slot_[id]; }

  // Ward criterion / 2 between slot s and every slot t in [lo, hi), written
  // to vals[t] (vals[s] is meaningless); returns the first slot t != s with
  // the smallest value (or -1). The loops are marked for SIMD vectorisation
  // (R's default -O2 does not vectorise by itself); each value is computed by
  // the same operations whatever the range, so results do not depend on how
  // the slots are split across threads.
  index_t scan(index_t s, index_t lo, index_t hi, double* vals) const {
    constexpr index_t B = 512;
    const double ws = w_[s];
    double best = std::numeric_limits<double>::infinity();
    index_t arg = -1;
    for (index_t t0 = lo; t0 < hi; t0 += B) {
      const index_t len = std::min(B, hi - t0);
      double* acc = vals + t0;
      for (index_t t = 0; t < len; ++t) acc[t] = 0.0;
      for (index_t f = 0; f < p_; ++f) {
        const double* col = c_.data() + f * n_ + t0;
        const double cf = c_[f * n_ + s];
        TYPFRAGE_SIMD
        for (index_t t = 0; t < len; ++t) {
          const double diff = col[t] - cf;
          acc[t] += diff * diff;
        }
      }
      const double* wt = w_.data() + t0;
      TYPFRAGE_SIMD
      for (index_t t = 0; t < len; ++t) acc[t] = acc[t] * ((ws * wt[t]) / (ws + wt[t]));
      for (index_t t = 0; t < len; ++t) {
        if (acc[t] < best && t0 + t != s) {
          best = acc[t];
          arg = t0 + t;
        }
      }
    }
    return arg;
  }

  // Merge the clusters in slots s and t; the union takes slot s and the id of s.
  void merge(index_t s, index_t t) {
    const double ws = w_[s], wt = w_[t], W = ws + wt;
    for (index_t f = 0; f < p_; ++f) {
      double& cs = c_[f * n_ + s];
      cs = (ws * cs + wt * c_[f * n_ + t]) / W;
    }
    w_[s] = W;
    const index_t last = m_ - 1;
    if (t != last) {
      for (index_t f = 0; f < p_; ++f) c_[f * n_ + t] = c_[f * n_ + last];
      w_[t] = w_[last];
      id_[t] = id_[last];
      slot_[id_[t]] = t;
    }
    --m_;
  }

 private:
  index_t n_, p_, m_;
  std::vector<double> c_;  // p x n, item-major: c_[f * n + slot]
  std::vector<double> w_;
  std::vector<index_t> id_, slot_;
};

}  // namespace detail

// Ward (ward.D2 heights) on the rows of x with optional case weights `w`
// (empty: all 1). Parallel sweeps use up to `threads` threads; the result does
// not depend on the thread count.
template <typename Progress>
std::vector<Merge> ward_light_merges(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                     const std::vector<double>& w, int threads,
                                     Progress& progress) {
  const index_t n = x.rows();
  std::vector<Merge> merges;
  merges.reserve(static_cast<std::size_t>(n > 0 ? n - 1 : 0));
  if (n < 2) return merges;
  detail::WardCentroids cl(x, w);
  threads = effective_threads(threads);
  const index_t p = x.cols();
  const index_t blocks = static_cast<index_t>(threads);
  std::vector<index_t> block_arg(static_cast<std::size_t>(blocks));
  NoProgress quiet;

  std::vector<double> vals(static_cast<std::size_t>(n));
  // Nearest neighbour of slot s; `prev` (a slot, or -1) wins ties.
  auto nearest = [&](index_t s, index_t prev) {
    const index_t m = cl.active();
    index_t arg = -1;
    if (blocks == 1 || m * p < parallel_min_work) {
      arg = cl.scan(s, 0, m, vals.data());
    } else {
      const index_t len = (m + blocks - 1) / blocks;
      parallel_for(
          blocks, threads,
          [&](index_t b) {
            block_arg[b] = cl.scan(s, std::min(m, b * len), std::min(m, (b + 1) * len),
                                   vals.data());
          },
          quiet, blocks);
      for (index_t b = 0; b < blocks; ++b) {
        if (block_arg[b] >= 0 && (arg < 0 || vals[block_arg[b]] < vals[arg])) arg = block_arg[b];
      }
    }
    if (prev >= 0 && vals[prev] <= vals[arg]) arg = prev;
    return std::make_pair(arg, vals[arg]);
  };

  std::vector<index_t> chain;  // cluster ids
  chain.reserve(static_cast<std::size_t>(n));
  for (index_t step = 0; step < n - 1; ++step) {
    if (chain.empty()) chain.push_back(cl.id_at(0));
    double value;
    for (;;) {
      const index_t a = chain.back();
      const index_t prev = chain.size() >= 2 ? chain[chain.size() - 2] : -1;
      const auto nb = nearest(cl.slot_of(a), prev >= 0 ? cl.slot_of(prev) : -1);
      const index_t c = cl.id_at(nb.first);
      value = nb.second;
      if (c == prev) break;
      chain.push_back(c);
    }
    const index_t a = chain.back();
    chain.pop_back();
    const index_t b = chain.back();
    chain.pop_back();
    merges.push_back({a, b, std::sqrt(2.0 * value)});
    cl.merge(cl.slot_of(a), cl.slot_of(b));
    if ((step + 1) % 256 == 0) progress.tick(step + 1, n - 1);
  }
  progress.tick(n - 1, n - 1);
  return merges;
}

}  // namespace typfrage

#endif  // TYPFRAGE_WARD_LIGHT_HPP
