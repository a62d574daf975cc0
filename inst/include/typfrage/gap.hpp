// The gap statistic (Tibshirani, Walther & Hastie 2001), as computed by
// cluster::clusGap():
//
//   W_k    = 1/2 * sum_r  sum_{i < j in r} d_ij^power / n_r
//   gap(k) = E*[log W_k] - log W_k,  E* over B reference data sets,
//   SE(k)  = sqrt(1 + 1/B) * sd_b(log W*_kb).
//
// Reference data are uniform over the box spanned by the data: over the
// range of every item ("original"), or over the range of the principal
// component scores, rotated back ("scaledPCA", Tibshirani et al.'s
// recommendation and clusGap's default). Reference set b is drawn from
// Rng(seed, b), so the result does not depend on the thread count.
//
// This header holds the pieces; the replicate loop and the fitting are those
// of resample.hpp and fit.hpp (see gap_replicate()).
#ifndef TYPFRAGE_GAP_HPP
#define TYPFRAGE_GAP_HPP

#include <Eigen/Dense>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "cluster_pairs.hpp"
#include "fit.hpp"
#include "policies.hpp"
#include "resample.hpp"
#include "rng.hpp"

namespace typfrage {

enum class GapSpace { original, pca };

// The box the reference data are drawn from.
struct ReferenceBox {
  GapSpace space = GapSpace::pca;
  Eigen::RowVectorXd center;  // column means of the data
  Eigen::MatrixXd rotation;   // p x p principal axes (pca only)
  Eigen::VectorXd lo, hi;     // range of every (rotated) column
};

inline ReferenceBox reference_box(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                  GapSpace space) {
  ReferenceBox box;
  box.space = space;
  box.center = x.colwise().mean();
  Eigen::MatrixXd xs = x.rowwise() - box.center;
  if (space == GapSpace::pca) {
    // The right singular vectors of the centred data are the eigenvectors of
    // its cross-product matrix (p x p; a light solver instead of an SVD of
    // the n x p data). Sign and order do not change the reference box.
    const Eigen::MatrixXd cross = xs.transpose() * xs;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cross);
    box.rotation = eig.eigenvectors().rowwise().reverse();  // largest first
    xs = xs * box.rotation;
  }
  box.lo = xs.colwise().minCoeff().transpose();
  box.hi = xs.colwise().maxCoeff().transpose();
  return box;
}

// One reference data set of n observations: uniform on the box (column by
// column), rotated back and shifted to the data's centre.
inline Eigen::MatrixXd reference_data(const ReferenceBox& box, index_t n, Rng& rng) {
  const index_t q = box.lo.size();
  Eigen::MatrixXd z(n, q);
  for (index_t f = 0; f < q; ++f)
    for (index_t i = 0; i < n; ++i) z(i, f) = rng.uniform(box.lo[f], box.hi[f]);
  if (box.space == GapSpace::pca) {
    Eigen::MatrixXd out = z * box.rotation.transpose();
    out.rowwise() += box.center;
    return out;
  }
  z.rowwise() += box.center;
  return z;
}

// W_k of a partition (0-based codes in [0, k)) as clusGap computes it, with
// d.power = 1 (Euclidean distances) or 2 (squared Euclidean distances).
// d.power = 1 sums all pairs within each cluster (O(n^2) for one cluster),
// polling `interrupt` between blocks of rows.
inline double gap_w(const Eigen::Ref<const Eigen::MatrixXd>& x, const int* cl, int k,
                    int d_power, InterruptPoll* interrupt = nullptr) {
  const index_t n = x.rows(), p = x.cols();
  std::vector<index_t> count(k, 0);
  for (index_t i = 0; i < n; ++i) {
    if (cl[i] < 0 || cl[i] >= k) throw std::invalid_argument("cluster code out of range");
    ++count[cl[i]];
  }
  double w = 0.0;
  if (d_power == 2) {
    // sum_{i<j in r} ||x_i - x_j||^2 / n_r is cluster r's sum of squares
    Eigen::MatrixXd centers = Eigen::MatrixXd::Zero(k, p);
    for (index_t i = 0; i < n; ++i) centers.row(cl[i]) += x.row(i);
    for (int g = 0; g < k; ++g)
      if (count[g] > 0) centers.row(g) /= static_cast<double>(count[g]);
    for (index_t i = 0; i < n; ++i) w += (x.row(i) - centers.row(cl[i])).squaredNorm();
    return 0.5 * w;
  }
  if (d_power != 1) throw std::invalid_argument("d_power must be 1 or 2");
  // all pairs within every cluster, with the kernel of cluster_pairs.hpp
  const ClusterSorted c = cluster_sorted(x, cl, k);
  std::vector<double> row;
  for (int g = 0; g < k; ++g)
    if (count[g] > 1)
      w += within_pair_sum(c, Metric::euclidean, g, row, interrupt) /
           static_cast<double>(count[g]);
  return 0.5 * w;
}

// The gap table from log W_k of the data (length K) and of the B reference
// sets (B x K).
struct GapTable {
  Eigen::VectorXd log_w, e_log_w, gap, se;
};

inline GapTable gap_table(const Eigen::VectorXd& log_w, const Eigen::MatrixXd& log_w_ref) {
  const index_t b = log_w_ref.rows();
  GapTable t;
  t.log_w = log_w;
  t.e_log_w = log_w_ref.colwise().mean().transpose();
  t.gap = t.e_log_w - t.log_w;
  t.se = Eigen::VectorXd::Zero(log_w.size());
  if (b > 1) {
    for (index_t j = 0; j < log_w_ref.cols(); ++j) {
      const double var = (log_w_ref.col(j).array() - t.e_log_w[j]).square().sum() /
                         static_cast<double>(b - 1);
      t.se[j] = std::sqrt((1.0 + 1.0 / static_cast<double>(b)) * var);
    }
  }
  return t;
}

// log W*_kb of B reference data sets (B x K, column j for ks[j]): replicate
// b draws reference set b from its engine Rng(seed, b)
// (or takes supplied[b] when reference sets are given, for tests), then fits
// every k with fit_ks() (one thread, seed material from the same engine, one
// draw per k; k = 1 needs no fit; Ward's tree built once per reference set). With keep = true the partitions are returned
// in partitions[b][j]. `interrupt` is polled inside every refit (long
// k-means or PAM fits), so an interrupt stops a replicate in progress.
// `first`: the B rows are replicates [first, first + B) of a longer run
// (run_block() of resample.hpp), for blocks on other workers.
struct GapReplicates {
  Eigen::MatrixXd log_w;                              // B x K
  std::vector<std::vector<std::vector<int>>> partitions;  // optional
};

template <typename Progress>
GapReplicates gap_replicates(const FitSettings& settings, const ReferenceBox& box,
                             index_t n, const std::vector<int>& ks, index_t B,
                             int d_power, SeedMaterial seed, int threads,
                             Progress& progress,
                             const std::vector<Eigen::MatrixXd>* supplied = nullptr,
                             bool keep = false, InterruptPoll* interrupt = nullptr,
                             index_t first = 0) {
  const index_t K = static_cast<index_t>(ks.size());
  GapReplicates out;
  out.log_w.resize(B, K);
  if (keep) out.partitions.resize(static_cast<std::size_t>(B));
  const std::vector<double> no_weights, no_distances;
  run_block(
      first, B, threads, seed,
      [&](index_t b, Rng& rng) {
        const Eigen::MatrixXd z = supplied ? (*supplied)[static_cast<std::size_t>(first + b)]
                                           : reference_data(box, n, rng);
        const FitData data{z, no_weights, no_distances, interrupt};
        std::vector<SeedMaterial> seeds;  // one for every k: fixed stream use
        for (index_t j = 0; j < K; ++j) seeds.emplace_back(rng.next());
        FitSettings st = settings;
        st.kmeans_shortcuts.skip_bounds = false;  // reference data: no types for the bounds to find
        NoProgress none;
        std::vector<Partition> fits = fit_ks(st, data, ks, seeds, 1, none);
        std::vector<std::vector<int>> kept;
        for (index_t j = 0; j < K; ++j) {
          const int k = ks[static_cast<std::size_t>(j)];
          std::vector<int>& cl = fits[static_cast<std::size_t>(j)].cluster;
          out.log_w(b, j) = std::log(gap_w(z, cl.data(), std::max(k, 1), d_power, interrupt));
          if (keep) kept.push_back(std::move(cl));
        }
        if (keep) out.partitions[static_cast<std::size_t>(b)] = std::move(kept);
      },
      progress);  // one parallel region for all replicates, ticks every few
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_GAP_HPP
