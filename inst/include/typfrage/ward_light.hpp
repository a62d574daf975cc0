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

namespace typfrage {

// Sweeps over fewer than this many centroid entries (active clusters x items)
// run on one thread: below it, starting threads costs more than it saves.
// (Measured on a shared 2-core machine, where synchronising threads for every
// sweep is expensive: 2^18 entries, e.g. 20,000 clusters x 13 items.)
constexpr index_t parallel_min_work = 262144;

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

  // Ward criterion / 2 between the clusters in slots s and t (symmetric
  // bit for bit: same operations in the same order either way).
  double value(index_t s, index_t t) const {
    double ss = 0.0;
    for (index_t f = 0; f < p_; ++f) {
      const double diff = c_[f * n_ + t] - c_[f * n_ + s];
      ss += diff * diff;
    }
    return ss * (w_[s] * w_[t] / (w_[s] + w_[t]));
  }

  // Nearest active cluster of slot s among slots [lo, hi), excluding s:
  // updates (best, arg) when strictly smaller (the first minimum wins).
  void scan(index_t s, index_t lo, index_t hi, double& best, index_t& arg) const {
    constexpr index_t B = 256;
    double acc[B];
    const double ws = w_[s];
    for (index_t t0 = lo; t0 < hi; t0 += B) {
      const index_t len = std::min(B, hi - t0);
      for (index_t t = 0; t < len; ++t) acc[t] = 0.0;
      for (index_t f = 0; f < p_; ++f) {
        const double cf = c_[f * n_ + s];
        const double* col = c_.data() + f * n_ + t0;
        for (index_t t = 0; t < len; ++t) {
          const double diff = col[t] - cf;
          acc[t] += diff * diff;
        }
      }
      const double* wt = w_.data() + t0;
      for (index_t t = 0; t < len; ++t) {
        if (t0 + t == s) continue;
        const double v = acc[t] * (ws * wt[t] / (ws + wt[t]));
        if (v < best) {
          best = v;
          arg = t0 + t;
        }
      }
    }
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
  std::vector<double> block_best(static_cast<std::size_t>(blocks));
  std::vector<index_t> block_arg(static_cast<std::size_t>(blocks));
  NoProgress quiet;
  const double inf = std::numeric_limits<double>::infinity();

  // Nearest neighbour of slot s; `prev` (a slot, or -1) wins ties.
  auto nearest = [&](index_t s, index_t prev) {
    double best = prev >= 0 ? cl.value(s, prev) : inf;
    index_t arg = prev;
    const index_t m = cl.active();
    if (blocks == 1 || m * p < parallel_min_work) {
      cl.scan(s, 0, m, best, arg);
    } else {
      const index_t len = (m + blocks - 1) / blocks;
      parallel_for(
          blocks, threads,
          [&](index_t b) {
            double bb = inf;
            index_t ba = -1;
            cl.scan(s, std::min(m, b * len), std::min(m, (b + 1) * len), bb, ba);
            block_best[b] = bb;
            block_arg[b] = ba;
          },
          quiet, blocks);
      for (index_t b = 0; b < blocks; ++b) {
        if (block_arg[b] >= 0 && block_best[b] < best) {
          best = block_best[b];
          arg = block_arg[b];
        }
      }
    }
    return std::make_pair(arg, best);
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
