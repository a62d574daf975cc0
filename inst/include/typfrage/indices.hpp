// Internal validation indices of a partition: sums of squares (total, within,
// between), proportion of variance explained, Calinski-Harabasz,
// Davies-Bouldin, Dunn, and silhouette widths.
//
// Silhouettes and Dunn need all pairwise distances. They are streamed: every
// observation i computes its distances to all others block by block and keeps
// only k per-cluster sums (and a running minimum/maximum), so memory is
// O(n * k) and no n x n matrix is ever formed. Observations are independent
// work items of typfrage::parallel_for(), and each sums its distances in the
// order j = 0, 1, ..., n - 1, so the result does not depend on the thread
// count (and, unweighted, equals cluster::silhouette() to the last bits).
//
// Two passes:
//  * pair_pass() takes a row provider, MetricRows (any typfrage::Distance,
//    e.g. Gower, pair by pair) or CondensedRows (a stored distance vector in
//    R's `dist` order), and sums in the order j = 0..n-1 like cluster::silhouette;
//  * pair_pass_dense() is the fast path for Euclidean, squared Euclidean and
//    Manhattan distances on the data: it evaluates the same per-pair sums as
//    Distance::operator() (items in order, one correctly rounded square root)
//    but over cluster-contiguous blocks with Eigen's vectorised array code.
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
#include <vector>

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
  std::vector<double> weight_of(k, 0.0);
  for (index_t i = 0; i < n; ++i) {
    if (cl[i] < 0 || cl[i] >= k) throw std::invalid_argument("cluster code out of range");
    weight_of[cl[i]] += w ? w[i] : 1.0;
  }
  PairPassResult r;
  if (silhouettes) {
    r.width.assign(n, 0.0);
    r.neighbor.assign(n, 0);
    r.own.assign(n, 0.0);
    r.other.assign(n, 0.0);
  }
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

// Fast path for Euclidean, squared Euclidean and Manhattan distances on the
// data: the observations are copied in cluster order (an n x p copy, so every
// cluster is one contiguous range) and each observation's distances to a
// range are computed, reduced (sum, minimum, maximum) block by block with
// Eigen's explicitly vectorised array code. Per observation the work and the
// summation order are fixed, so results do not depend on the thread count;
// they differ from the pair-by-pair pass only by the order of the additions
// (relative differences of order 1e-15).
template <typename Progress>
PairPassResult pair_pass_dense(const Eigen::Ref<const Eigen::MatrixXd>& x, Metric metric,
                               const int* cl, int k, const double* w, bool silhouettes,
                               bool dunn, int threads, Progress& progress) {
  if (metric == Metric::gower)
    throw std::invalid_argument("pair_pass_dense: use pair_pass() for Gower");
  const index_t n = x.rows(), p = x.cols();
  if (k < 2) throw std::invalid_argument("at least two clusters are needed");
  // cluster-sorted copy (stable: within a cluster, original order)
  std::vector<index_t> start(k + 1, 0);
  for (index_t i = 0; i < n; ++i) {
    if (cl[i] < 0 || cl[i] >= k) throw std::invalid_argument("cluster code out of range");
    ++start[cl[i] + 1];
  }
  for (int g = 0; g < k; ++g) start[g + 1] += start[g];
  std::vector<index_t> pos(start.begin(), start.end() - 1), order(n);
  for (index_t i = 0; i < n; ++i) order[pos[cl[i]]++] = i;
  Eigen::MatrixXd xs(n, p);
  Eigen::ArrayXd ws;
  if (w) ws.resize(n);
  for (index_t f = 0; f < p; ++f)
    for (index_t s = 0; s < n; ++s) xs(s, f) = x(order[s], f);
  if (w)
    for (index_t s = 0; s < n; ++s) ws[s] = w[order[s]];
  std::vector<double> weight_of(k, 0.0);
  for (int g = 0; g < k; ++g) {
    if (w) weight_of[g] = ws.segment(start[g], start[g + 1] - start[g]).sum();
    else weight_of[g] = static_cast<double>(start[g + 1] - start[g]);
  }

  PairPassResult r;
  if (silhouettes) {
    r.width.assign(n, 0.0);
    r.neighbor.assign(n, 0);
    r.own.assign(n, 0.0);
    r.other.assign(n, 0.0);
  }
  std::vector<double> min_sep, max_diam;
  if (dunn) {
    min_sep.assign(n, std::numeric_limits<double>::infinity());
    max_diam.assign(n, 0.0);
  }
  constexpr index_t block = 1024;
  constexpr index_t per_item = 16;
  const index_t items = (n + per_item - 1) / per_item;

  parallel_for(
      items, threads,
      [&](index_t item) {
        Eigen::ArrayXd acc(block);
        std::vector<double> sums(static_cast<std::size_t>(k));
        std::vector<double> xi(static_cast<std::size_t>(p));
        const index_t s_end = std::min(n, (item + 1) * per_item);
        for (index_t s = item * per_item; s < s_end; ++s) {
          for (index_t f = 0; f < p; ++f) xi[f] = xs(s, f);
          const int ci = cl[order[s]];
          double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
          for (int g = 0; g < k; ++g) {
            double total = 0.0;
            for (index_t j0 = start[g]; j0 < start[g + 1]; j0 += block) {
              const index_t m = std::min(block, start[g + 1] - j0);
              auto a = acc.head(m);
              if (metric == Metric::manhattan) {
                a = (xs.col(0).segment(j0, m).array() - xi[0]).abs();
                for (index_t f = 1; f < p; ++f)
                  a += (xs.col(f).segment(j0, m).array() - xi[f]).abs();
              } else {
                a = (xs.col(0).segment(j0, m).array() - xi[0]).square();
                for (index_t f = 1; f < p; ++f)
                  a += (xs.col(f).segment(j0, m).array() - xi[f]).square();
                if (metric == Metric::euclidean) a = a.sqrt();
              }
              if (silhouettes) total += w ? (a * ws.segment(j0, m)).sum() : a.sum();
              if (dunn) {
                if (g == ci) hi = std::max(hi, a.maxCoeff());  // d(i, i) = 0 is harmless
                else lo = std::min(lo, a.minCoeff());
              }
            }
            sums[g] = total;
          }
          const index_t i = order[s];
          if (dunn) {
            min_sep[i] = lo;
            max_diam[i] = hi;
          }
          if (!silhouettes) continue;
          silhouette_from_sums(sums, ci, weight_of, r, i);
        }
      },
      progress);

  if (dunn) finish_dunn(min_sep, max_diam, r);
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
