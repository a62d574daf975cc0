// Internal validation indices of a partition: sums of squares (total, within,
// between), proportion of variance explained, Calinski-Harabasz,
// Davies-Bouldin, Dunn, and silhouette widths.
//
// Silhouettes and Dunn need all pairwise distances. They are streamed: no
// n x n matrix is ever formed, only per-observation sums per cluster.
// Two passes:
//  * pair_pass() takes a row provider, MetricRows (any typfrage::Distance,
//    e.g. Gower, pair by pair) or CondensedRows (a stored distance vector in
//    R's `dist` order): every observation i is a work item of
//    typfrage::parallel_for(), computes its distances to all others block by
//    block and keeps k sums (and a running minimum/maximum), in the order
//    j = 0..n-1 like cluster::silhouette; O(n k) memory;
//  * pair_pass_dense() is the fast path for Euclidean, squared Euclidean and
//    Manhattan distances on the data: the tile kernel of cluster_pairs.hpp
//    (cluster-sorted copy, vectorised, every pair computed once for both of
//    its observations), with tiles as work items; O(n (k + 32)) memory.
// Both give results that do not depend on the thread count.
//
// Weighted definitions (case weights w, all positive, read as frequency
// weights: a row of weight 3 counts as three identical rows):
//  * centres are weighted means; WSS = sum_i w_i ||x_i - c_{g(i)}||^2, TSS
//    likewise around the weighted grand mean, BSS = TSS - WSS;
//  * Calinski-Harabasz = (BSS / (k - 1)) / (WSS / (N - k)) with N the sum
//    of the weights;
//  * Davies-Bouldin: the scatter S_r is the weighted mean Euclidean distance
//    of cluster r's members to its weighted centre;
//  * silhouette: a(i) and b(i) are weighted means of the distances to the
//    other members of i's own cluster and of each other cluster, where i's
//    own cluster has W_g(i) - 1 other cases (i's other copies are at
//    distance 0): a(i) = sum_{j in g(i), j != i} w_j d_ij / (W_g(i) - 1),
//    and a cluster of total weight at most 1 is a single case (width 0);
//    per-cluster and overall average widths are weighted by w_i;
//  * Dunn's index is a ratio of a minimum and a maximum distance and is not
//    affected by weights.
#ifndef TYPFRAGE_INDICES_HPP
#define TYPFRAGE_INDICES_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cluster_pairs.hpp"
#include "distance.hpp"
#include "policies.hpp"

namespace typfrage {

// ---------------------------------------------------------------------------
// Sums of squares, Calinski-Harabasz, Davies-Bouldin
// ---------------------------------------------------------------------------

struct SumsOfSquares {
  Eigen::MatrixXd centers;      // k x p (weighted) cluster means
  std::vector<double> size;     // k: counts, or sums of weights
  std::vector<double> withinss; // k
  std::vector<double> scatter;  // k: (weighted) mean distance to the centre
  double tot_withinss = 0.0;
  double totss = 0.0;
  double betweenss = 0.0;
  double total_weight = 0.0;    // n, or the sum of the weights
};

// cl: 0-based codes in [0, k); w: nullptr (unweighted) or n positive weights.
inline SumsOfSquares sums_of_squares(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                     const int* cl, int k, const double* w = nullptr) {
  const index_t n = x.rows(), p = x.cols();
  SumsOfSquares s;
  s.centers = Eigen::MatrixXd::Zero(k, p);
  s.size.assign(k, 0.0);
  s.withinss.assign(k, 0.0);
  s.scatter.assign(k, 0.0);
  Eigen::VectorXd grand = Eigen::VectorXd::Zero(p);
  for (index_t i = 0; i < n; ++i) {
    const int g = cl[i];
    if (g < 0 || g >= k) throw std::invalid_argument("cluster code out of range");
    const double wi = w ? w[i] : 1.0;
    s.size[g] += wi;
    s.total_weight += wi;
  }
  for (index_t f = 0; f < p; ++f) {
    for (index_t i = 0; i < n; ++i) {
      const double wi = w ? w[i] : 1.0;
      s.centers(cl[i], f) += wi * x(i, f);
      grand[f] += wi * x(i, f);
    }
    for (int g = 0; g < k; ++g)
      if (s.size[g] > 0) s.centers(g, f) /= s.size[g];
    grand[f] /= s.total_weight;
  }
  for (index_t i = 0; i < n; ++i) {
    const int g = cl[i];
    const double wi = w ? w[i] : 1.0;
    double within = 0.0, total = 0.0;
    for (index_t f = 0; f < p; ++f) {
      const double d = x(i, f) - s.centers(g, f);
      const double e = x(i, f) - grand[f];
      within += d * d;
      total += e * e;
    }
    s.withinss[g] += wi * within;
    s.scatter[g] += wi * std::sqrt(within);
    s.totss += wi * total;
  }
  for (int g = 0; g < k; ++g) {
    s.tot_withinss += s.withinss[g];
    if (s.size[g] > 0) s.scatter[g] /= s.size[g];
  }
  s.betweenss = s.totss - s.tot_withinss;
  return s;
}

// Calinski-Harabasz (1974) variance ratio; NaN for k < 2 or N <= k, with N
// the number of observations or the sum of the (frequency) weights.
inline double calinski_harabasz(const SumsOfSquares& s) {
  const int k = static_cast<int>(s.size.size());
  const double n = s.total_weight;
  if (k < 2 || n <= k) return std::numeric_limits<double>::quiet_NaN();
  if (s.tot_withinss <= 0.0) return std::numeric_limits<double>::infinity();
  return (s.betweenss / (k - 1)) / (s.tot_withinss / (n - k));
}

// Davies-Bouldin (1979) with Euclidean distances and first moments:
// DB = (1/k) sum_r max_{s != r} (S_r + S_s) / ||c_r - c_s||.
inline double davies_bouldin(const SumsOfSquares& s) {
  const int k = static_cast<int>(s.size.size());
  if (k < 2) return std::numeric_limits<double>::quiet_NaN();
  double total = 0.0;
  for (int r = 0; r < k; ++r) {
    double worst = 0.0;
    for (int q = 0; q < k; ++q) {
      if (q == r) continue;
      const double m = (s.centers.row(r) - s.centers.row(q)).norm();
      const double ratio = m > 0.0 ? (s.scatter[r] + s.scatter[q]) / m
                                   : std::numeric_limits<double>::infinity();
      worst = std::max(worst, ratio);
    }
    total += worst;
  }
  return total / k;
}

// ---------------------------------------------------------------------------
// Row providers: distances from observation i to observations j0..j0+m-1
// ---------------------------------------------------------------------------

// Any typfrage::Distance, pair by pair.
class MetricRows {
 public:
  explicit MetricRows(const Distance& d) : d_(d) {}
  index_t n() const { return d_.n(); }
  void operator()(index_t i, index_t j0, index_t m, double* out) const {
    for (index_t t = 0; t < m; ++t) {
      const index_t j = j0 + t;
      out[t] = j == i ? 0.0 : d_(i, j);
    }
  }

 private:
  const Distance& d_;
};

// A stored condensed distance vector (R's `dist` order).
class CondensedRows {
 public:
  CondensedRows(const double* d, index_t n) : d_(d), n_(n) {}
  index_t n() const { return n_; }
  void operator()(index_t i, index_t j0, index_t m, double* out) const {
    for (index_t t = 0; t < m; ++t) {
      const index_t j = j0 + t;
      out[t] = j == i ? 0.0 : d_[dist_index(n_, i, j)];
    }
  }

 private:
  const double* d_;
  index_t n_;
};

// ---------------------------------------------------------------------------
// The streaming pair pass: silhouettes and Dunn's index
// ---------------------------------------------------------------------------

struct PairPassResult {
  std::vector<double> width;     // n silhouette widths (empty if not asked)
  std::vector<int> neighbor;     // n, 0-based neighbour cluster
  std::vector<double> own;       // n, a(i)
  std::vector<double> other;     // n, b(i)
  double min_separation = std::numeric_limits<double>::infinity();
  double max_diameter = 0.0;
  double dunn = std::numeric_limits<double>::quiet_NaN();
};

// Silhouette of observation i from its per-cluster distance sums: the same
// operations and tie rule (the first cluster with the smallest mean wins) as
// cluster:::sildist; the own cluster's mean excludes i itself, and a
// singleton's width is 0.
inline void silhouette_from_sums(std::vector<double>& sums, int ci,
                                 const std::vector<double>& weight_of,
                                 PairPassResult& r, index_t i) {
  const int k = static_cast<int>(sums.size());
  bool defined = true;
  for (int l = 0; l < k; ++l) {
    if (l == ci) {
      const double den = weight_of[l] - 1.0;  // frequency weights: W - 1 others
      if (den > 0.0) sums[l] /= den; else defined = false;
    } else {
      sums[l] /= weight_of[l];
    }
  }
  const double a = sums[ci];
  int nb = ci == 0 ? 1 : 0;
  double b = sums[nb];
  for (int l = 1; l < k; ++l)
    if (l != ci && b > sums[l]) {
      b = sums[l];
      nb = l;
    }
  r.own[i] = defined ? a : 0.0;
  r.other[i] = b;
  r.neighbor[i] = nb;
  r.width[i] = (defined && b != a) ? (b - a) / std::max(a, b) : 0.0;
}

// Size (or total weight) of every cluster; checks the codes.
inline std::vector<double> cluster_weights(const int* cl, index_t n, int k, const double* w) {
  std::vector<double> weight_of(k, 0.0);
  for (index_t i = 0; i < n; ++i) {
    if (cl[i] < 0 || cl[i] >= k) throw std::invalid_argument("cluster code out of range");
    weight_of[cl[i]] += w ? w[i] : 1.0;
  }
  return weight_of;
}

// An empty result for n observations (silhouette slots only if asked).
inline PairPassResult new_pair_result(index_t n, bool silhouettes) {
  PairPassResult r;
  if (silhouettes) {
    r.width.assign(n, 0.0);
    r.neighbor.assign(n, 0);
    r.own.assign(n, 0.0);
    r.other.assign(n, 0.0);
  }
  return r;
}

// Progress of a pass over `of` work items reported as observations done.
template <typename Progress>
struct RescaledProgress {
  Progress& inner;
  index_t total;
  void tick(index_t done, index_t of) { inner.tick(of > 0 ? done * total / of : total, total); }
};

inline void finish_dunn(const std::vector<double>& min_sep,
                        const std::vector<double>& max_diam, PairPassResult& r) {
  for (std::size_t i = 0; i < min_sep.size(); ++i) {
    r.min_separation = std::min(r.min_separation, min_sep[i]);
    r.max_diameter = std::max(r.max_diameter, max_diam[i]);
  }
  r.dunn = r.min_separation / r.max_diameter;
}

// cl: 0-based codes, every cluster 0..k-1 non-empty, k >= 2.
template <typename Rows, typename Progress>
PairPassResult pair_pass(const Rows& rows, const int* cl, int k, const double* w,
                         bool silhouettes, bool dunn, int threads, Progress& progress) {
  const index_t n = rows.n();
  if (k < 2) throw std::invalid_argument("at least two clusters are needed");
  const std::vector<double> weight_of = cluster_weights(cl, n, k, w);
  PairPassResult r = new_pair_result(n, silhouettes);
  std::vector<double> min_sep, max_diam;
  if (dunn) {
    min_sep.assign(n, std::numeric_limits<double>::infinity());
    max_diam.assign(n, 0.0);
  }
  constexpr index_t block = 512;    // observations j per distance block
  constexpr index_t per_item = 16;  // observations i per work item
  const index_t items = (n + per_item - 1) / per_item;

  parallel_for(
      items, threads,
      [&](index_t item) {
        std::vector<double> buf(static_cast<std::size_t>(block));
        std::vector<double> sums(static_cast<std::size_t>(k));
        const index_t i_end = std::min(n, (item + 1) * per_item);
        for (index_t i = item * per_item; i < i_end; ++i) {
          const int ci = cl[i];
          std::fill(sums.begin(), sums.end(), 0.0);
          double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
          for (index_t j0 = 0; j0 < n; j0 += block) {
            const index_t m = std::min(block, n - j0);
            rows(i, j0, m, buf.data());
            const int* cj = cl + j0;
            if (silhouettes) {
              if (w) {
                const double* wj = w + j0;
                for (index_t t = 0; t < m; ++t) sums[cj[t]] += wj[t] * buf[t];
              } else {
                for (index_t t = 0; t < m; ++t) sums[cj[t]] += buf[t];
              }
            }
            if (dunn) {
              for (index_t t = 0; t < m; ++t) {
                if (j0 + t == i) continue;
                if (cj[t] == ci) {
                  if (buf[t] > hi) hi = buf[t];
                } else if (buf[t] < lo) {
                  lo = buf[t];
                }
              }
            }
          }
          if (dunn) {
            min_sep[i] = lo;
            max_diam[i] = hi;
          }
          if (!silhouettes) continue;
          // Means per cluster; the own cluster excludes i itself. Same
          // operations and tie rule (first cluster wins) as cluster:::sildist.
          silhouette_from_sums(sums, ci, weight_of, r, i);
        }
      },
      progress);

  if (dunn) finish_dunn(min_sep, max_diam, r);
  return r;
}

namespace detail {
// The blocks of pair_pass_dense(): at most `span` rows each, none across a
// cluster boundary; block b holds the sorted rows start[b] .. start[b + 1]
// of cluster[b] (start ends with n).
inline void pair_blocks(const ClusterSorted& c, index_t n, int k, std::vector<index_t>& start,
                        std::vector<int>& cluster) {
  const index_t span = std::max<index_t>(128, (n + 31) / 32);
  for (int g = 0; g < k; ++g) {
    const index_t size = c.size(g), parts = (size + span - 1) / span;
    for (index_t b = 0; b < parts; ++b) {
      start.push_back(c.start[g] + size * b / parts);
      cluster.push_back(g);
    }
  }
  start.push_back(n);
}
}  // namespace detail

// Fast path for Euclidean, squared Euclidean and Manhattan distances on the
// data, with the tile kernel of cluster_pairs.hpp: the observations are
// copied in cluster order and cut into blocks (every cluster into about
// equal blocks, at most about 32 + k blocks), every pair of blocks (I <= J)
// is one tile and one work item, and every pair of observations is computed
// once, for both of them. Tile (I, J) writes the sums of its rows over block J
// and of its columns over block I into slots of its own (an n x blocks
// buffer, O(n (32 + k)) memory); each observation then adds its slots per
// cluster in block order. So the result does not depend on the thread count;
// it differs from the pair-by-pair pass only by the order of the additions
// (relative differences of order 1e-16). Dunn's index takes the largest
// distance of the tiles within a cluster and the smallest of the others.
template <typename Progress>
PairPassResult pair_pass_dense(const Eigen::Ref<const Eigen::MatrixXd>& x, Metric metric,
                               const int* cl, int k, const double* w, bool silhouettes,
                               bool dunn, int threads, Progress& progress) {
  if (metric == Metric::gower)
    throw std::invalid_argument("pair_pass_dense: use pair_pass() for Gower");
  const index_t n = x.rows();
  if (k < 2) throw std::invalid_argument("at least two clusters are needed");
  const ClusterSorted c = cluster_sorted(x, cl, k, w);
  const std::vector<double> weight_of = cluster_weights(cl, n, k, w);

  std::vector<index_t> block_start;
  std::vector<int> block_cluster;
  detail::pair_blocks(c, n, k, block_start, block_cluster);
  const index_t nb = static_cast<index_t>(block_cluster.size());
  std::vector<std::pair<index_t, index_t>> tiles;
  for (index_t I = 0; I < nb; ++I)
    for (index_t J = I; J < nb; ++J) tiles.emplace_back(I, J);
  const index_t n_tiles = static_cast<index_t>(tiles.size());

  PairPassResult r = new_pair_result(n, silhouettes);
  std::vector<double> partial;  // partial[s * nb + J]: sorted row s, block J
  if (silhouettes) partial.assign(static_cast<std::size_t>(n * nb), 0.0);
  std::vector<double> tile_extreme;
  if (dunn) tile_extreme.assign(static_cast<std::size_t>(n_tiles), 0.0);

  // Tiles cost about the same; 16 chunks (parallel regions, each ending in
  // a barrier) are enough for the progress bar and interrupt checks and
  // keep the waits at the barriers few on a busy machine.
  RescaledProgress<Progress> rescaled{progress, n};
  const index_t chunk = std::max(default_chunk(n_tiles, threads), (n_tiles + 15) / 16);
  parallel_for(
      n_tiles, threads,
      [&](index_t item) {
        const index_t I = tiles[item].first, J = tiles[item].second;
        const index_t i0 = block_start[I], i1 = block_start[I + 1];
        const index_t j0 = block_start[J], j1 = block_start[J + 1];
        std::vector<double> row(static_cast<std::size_t>(i1 - i0), 0.0);
        std::vector<double> col(static_cast<std::size_t>(j1 - j0 + lane_width), 0.0);
        const bool same_cluster = block_cluster[I] == block_cluster[J];
        double extreme = same_cluster ? 0.0 : std::numeric_limits<double>::infinity();
        const Extreme ext = !dunn ? Extreme::none : same_cluster ? Extreme::max : Extreme::min;
        pair_tile(c, metric, PairTile{i0, i1, j0, j1, I == J},
                  TileSums{row.data(), silhouettes ? col.data() : nullptr, ext, &extreme});
        if (dunn) tile_extreme[item] = extreme;
        if (!silhouettes) return;
        for (index_t s = i0; s < i1; ++s)
          partial[s * nb + J] = I == J ? row[s - i0] + col[s - j0] : row[s - i0];
        if (I != J)
          for (index_t t = j0; t < j1; ++t) partial[t * nb + I] = col[t - j0];
      },
      rescaled, chunk);

  if (dunn) {
    for (index_t item = 0; item < n_tiles; ++item) {
      if (block_cluster[tiles[item].first] == block_cluster[tiles[item].second])
        r.max_diameter = std::max(r.max_diameter, tile_extreme[item]);
      else
        r.min_separation = std::min(r.min_separation, tile_extreme[item]);
    }
    r.dunn = r.min_separation / r.max_diameter;
  }
  if (silhouettes) {
    std::vector<double> sums(static_cast<std::size_t>(k));
    for (index_t s = 0; s < n; ++s) {
      std::fill(sums.begin(), sums.end(), 0.0);
      for (index_t J = 0; J < nb; ++J) sums[block_cluster[J]] += partial[s * nb + J];
      const index_t i = c.order[s];
      silhouette_from_sums(sums, cl[i], weight_of, r, i);
    }
  }
  return r;
}

// Per-cluster and overall (weighted) mean silhouette widths.
struct SilhouetteSummary {
  std::vector<double> cluster_mean;  // k
  double overall = 0.0;
};

inline SilhouetteSummary summarise_silhouettes(const std::vector<double>& width,
                                               const int* cl, int k,
                                               const double* w = nullptr) {
  SilhouetteSummary s;
  s.cluster_mean.assign(k, 0.0);
  std::vector<double> den(k, 0.0);
  double total = 0.0, total_w = 0.0;
  for (std::size_t i = 0; i < width.size(); ++i) {
    const double wi = w ? w[i] : 1.0;
    s.cluster_mean[cl[i]] += wi * width[i];
    den[cl[i]] += wi;
    total += wi * width[i];
    total_w += wi;
  }
  for (int g = 0; g < k; ++g)
    s.cluster_mean[g] = den[g] > 0 ? s.cluster_mean[g] / den[g]
                                   : std::numeric_limits<double>::quiet_NaN();
  s.overall = total / total_w;
  return s;
}

}  // namespace typfrage

#endif  // TYPFRAGE_INDICES_HPP
