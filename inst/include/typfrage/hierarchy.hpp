// Hierarchical clustering from raw data: distances (in parallel), the stored
// matrix algorithms of nnchain.hpp or the memory-light Ward of
// ward_light.hpp, and the within-cluster sum of squares added by each merge.
//
// Entry points for other parts of the core (callable without R, also inside a
// parallel replicate loop with threads = 1 and NoProgress):
//   ward_tree(x, weights, threads, progress)      -> Tree (ward.D2 heights)
//   cut_tree(tree, k)                              -> labels 0..k-1 (dendrogram.hpp)
//   hierarchy_tree(x, weights, options, progress)  -> Tree, any linkage
//
// Case weights act as initial cluster sizes. For Ward, a weighted observation
// behaves like that many identical rows: the starting dissimilarity of i and j
// is 2 w_i w_j / (w_i + w_j) times the (squared, for ward.D2) distance, which
// is what Ward's update gives once duplicated rows have merged. For average
// and centroid the weights are the sizes in the Lance-Williams update (as
// stats::hclust's `members`); the other linkages do not depend on sizes.
#ifndef TYPFRAGE_HIERARCHY_HPP
#define TYPFRAGE_HIERARCHY_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "dendrogram.hpp"
#include "distance.hpp"
#include "nnchain.hpp"
#include "policies.hpp"
#include "ward_light.hpp"

namespace typfrage {

enum class TreeMemory { automatic, matrix, light };

// THE rule for the algorithm of Ward's tree (hierarchy(), typology()'s Ward
// methods and their refits; R asks it through cpp_tree_memory()):
// "automatic" uses the memory-light algorithm for Ward (ward.D2, Euclidean)
// when the stored matrix (n(n-1)/2 doubles) would exceed matrix_limit_bytes
// (n > 15,811 observations) or the caller's limit `max_matrix_bytes` (R's
// option typfrage.max_dist_gb), and whenever there are at most
// light_max_items items: with few items the sweeps over the centroids are
// faster than the nearest-neighbour chain on the matrix
// (bench/bench-hierarchy.R).
constexpr double matrix_limit_bytes = 1e9;
constexpr index_t light_max_items = 32;

inline double matrix_bytes(index_t n) {
  return 8.0 * static_cast<double>(n) * static_cast<double>(n - 1) / 2.0;
}

inline bool light_possible(Linkage linkage, Metric metric) {
  return linkage == Linkage::ward_d2 && metric == Metric::euclidean;
}

inline bool use_light(index_t n, index_t p, Linkage linkage, Metric metric, TreeMemory memory,
                      double max_matrix_bytes = std::numeric_limits<double>::infinity()) {
  if (memory == TreeMemory::light) {
    if (!light_possible(linkage, metric))
      throw std::invalid_argument("the memory-light algorithm needs ward.D2 and Euclidean distances");
    return true;
  }
  if (memory == TreeMemory::matrix) return false;
  return light_possible(linkage, metric) &&
         (p <= light_max_items ||
          matrix_bytes(n) > std::min(matrix_limit_bytes, max_matrix_bytes));
}

struct HierarchyOptions {
  Linkage linkage = Linkage::ward_d2;
  Metric metric = Metric::euclidean;
  GowerSpec gower;
  TreeMemory memory = TreeMemory::automatic;
  double max_matrix_bytes = std::numeric_limits<double>::infinity();  // see use_light()
  int threads = 1;
};

// Prepare a condensed matrix of distances for `linkage`: square it for
// ward.D2 (stats::hclust does the same) and apply the Ward weighting.
inline void prepare_dissimilarities(std::vector<double>& d, index_t n, Linkage linkage,
                                    bool squared_already, const std::vector<double>& w,
                                    int threads) {
  const bool square = linkage == Linkage::ward_d2 && !squared_already;
  const bool weigh = is_ward(linkage) && !w.empty();
  if (!square && !weigh) return;
  NoProgress quiet;
  parallel_for(
      n, threads,
      [&](index_t j) {
        index_t k = dist_index(n, j + 1, j);
        for (index_t i = j + 1; i < n; ++i, ++k) {
          double v = d[static_cast<std::size_t>(k)];
          if (square) v *= v;
          if (weigh) v *= 2.0 * w[i] * w[j] / (w[i] + w[j]);
          d[static_cast<std::size_t>(k)] = v;
        }
      },
      quiet);
}

inline std::vector<double> initial_sizes(index_t n, const std::vector<double>& w) {
  if (w.empty()) return std::vector<double>(static_cast<std::size_t>(n), 1.0);
  if (static_cast<index_t>(w.size()) != n) throw std::invalid_argument("weights: need n entries");
  return w;
}

// Tree from a condensed matrix of dissimilarities (R's dist order, as given:
// not squared). `d` is overwritten.
template <typename Progress>
Tree hierarchy_tree_dist(std::vector<double>& d, index_t n, Linkage linkage,
                         const std::vector<double>& w, int threads, Progress& progress) {
  if (n < 2) throw std::invalid_argument("need at least 2 observations");
  prepare_dissimilarities(d, n, linkage, false, w, threads);
  return linkage_tree(d, n, linkage, initial_sizes(n, w), progress);
}

// Tree from the rows of x (n x p).
template <typename Progress>
Tree hierarchy_tree(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& w,
                    const HierarchyOptions& opt, Progress& progress) {
  const index_t n = x.rows();
  if (n < 2) throw std::invalid_argument("need at least 2 observations");
  if (use_light(n, x.cols(), opt.linkage, opt.metric, opt.memory, opt.max_matrix_bytes)) {
    return make_tree(ward_light_merges(x, w, opt.threads, progress), n, true);
  }
  const bool sq = opt.linkage == Linkage::ward_d2 && opt.metric == Metric::euclidean;
  std::vector<double> d;
  {
    const Distance dist(x, sq ? Metric::sqeuclidean : opt.metric, opt.gower);
    d = condensed_distances(dist, opt.threads, progress);
  }
  prepare_dissimilarities(d, n, opt.linkage, sq, w, opt.threads);
  return linkage_tree(d, n, opt.linkage, initial_sizes(n, w), progress);
}

// Ward's tree (ward.D2 heights, Euclidean distances) of the rows of x with
// case weights w (empty: unweighted); `memory`, `max_matrix_bytes` as in
// use_light().
template <typename Progress>
Tree ward_tree(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<double>& w,
               int threads, Progress& progress, TreeMemory memory = TreeMemory::automatic,
               double max_matrix_bytes = std::numeric_limits<double>::infinity()) {
  HierarchyOptions opt;
  opt.max_matrix_bytes = max_matrix_bytes;
  opt.linkage = Linkage::ward_d2;
  opt.metric = Metric::euclidean;
  opt.memory = memory;
  opt.threads = threads;
  return hierarchy_tree(x, w, opt, progress);
}

// Increase of the (weighted) within-cluster sum of squares of the rows of x
// caused by each merge of the tree: |A||B| / (|A| + |B|) * ||c_A - c_B||^2.
inline std::vector<double> merge_ess(const Tree& t, const Eigen::Ref<const Eigen::MatrixXd>& x,
                                     const std::vector<double>& w) {
  const index_t n = x.rows(), p = x.cols();
  if (n != t.n) throw std::invalid_argument("merge_ess: data and tree differ in size");
  const index_t m = n - 1;
  Eigen::MatrixXd cen(p, m);  // centroid of every merge
  std::vector<double> size(static_cast<std::size_t>(m));
  std::vector<double> out(static_cast<std::size_t>(m));
  Eigen::VectorXd ca(p), cb(p);
  auto fetch = [&](int code, Eigen::VectorXd& c, double& s) {
    if (code < 0) {
      const index_t i = -code - 1;
      c = x.row(i).transpose();
      s = w.empty() ? 1.0 : w[i];
    } else {
      c = cen.col(code - 1);
      s = size[code - 1];
    }
  };
  for (index_t s = 0; s < m; ++s) {
    double sa, sb;
    fetch(t.left[s], ca, sa);
    fetch(t.right[s], cb, sb);
    out[s] = sa * sb / (sa + sb) * (ca - cb).squaredNorm();
    size[s] = sa + sb;
    cen.col(s) = (sa * ca + sb * cb) / (sa + sb);
  }
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_HIERARCHY_HPP
