// Prediction strength (Tibshirani & Walther 2005) as computed by
// fpc::prediction.strength(): the data are split at random into two halves;
// both halves are clustered with k clusters; every observation of one half
// is assigned to the nearest centre of the other half's fit; for each
// cluster of a half, the share of its pairs of observations that the other
// half's fit also puts together is computed, and the half's prediction
// strength is the smallest share (a cluster with fewer than two members
// has no pairs and counts as 1, as in fpc::prediction.strength, whose
// `ps[i, kk] <- 1` for `nik <= 1` this follows). The value of a split is the mean over the two
// halves; the criterion is the mean over B splits.
//
// Split b is a replicate of run_block() with its engine Rng(seed, b);
// both halves are fitted by the dispatcher (one thread, seed material from
// the same engine), so the result does not depend on the thread count.
#ifndef TYPFRAGE_PREDICTION_STRENGTH_HPP
#define TYPFRAGE_PREDICTION_STRENGTH_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

#include "distance.hpp"
#include "fit.hpp"
#include "policies.hpp"
#include "resample.hpp"
#include "rng.hpp"

namespace typfrage {

// Nearest centre (k x p) of every row of x; ties go to the first centre.
inline std::vector<int> nearest_center(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                       const Eigen::MatrixXd& centers, Metric metric,
                                       const GowerSpec& gower) {
  const index_t n = x.rows(), k = centers.rows();
  const Distance d(x, metric == Metric::euclidean ? Metric::sqeuclidean : metric, gower);
  std::vector<std::vector<double>> c(static_cast<std::size_t>(k));
  for (index_t g = 0; g < k; ++g) {
    c[g].resize(static_cast<std::size_t>(centers.cols()));
    for (index_t f = 0; f < centers.cols(); ++f) c[g][f] = centers(g, f);
  }
  std::vector<int> out(static_cast<std::size_t>(n), 0);
  for (index_t i = 0; i < n; ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (index_t g = 0; g < k; ++g) {
      const double v = d.to_point(i, c[g].data());
      if (v < best) {
        best = v;
        out[i] = static_cast<int>(g);
      }
    }
  }
  return out;
}

// Prediction strength of one half: its own clusters `cl` (k) versus the
// labels `pred` (k) the other half's fit predicts for it.
inline double prediction_strength_half(const std::vector<int>& cl,
                                       const std::vector<int>& pred, int k) {
  std::vector<double> m(static_cast<std::size_t>(k) * k, 0.0), size(k, 0.0);
  for (std::size_t i = 0; i < cl.size(); ++i) {
    m[static_cast<std::size_t>(cl[i]) * k + pred[i]] += 1.0;
    size[cl[i]] += 1.0;
  }
  double worst = std::numeric_limits<double>::infinity();
  for (int g = 0; g < k; ++g) {
    double ps = 1.0;  // fewer than two members: no pair to split (fpc: 1)
    if (size[g] > 1.0) {
      double together = 0.0;
      for (int h = 0; h < k; ++h) {
        const double c = m[static_cast<std::size_t>(g) * k + h];
        together += c * (c - 1.0);
      }
      ps = together / (size[g] * (size[g] - 1.0));
    }
    worst = std::min(worst, ps);
  }
  return worst;
}

// B x K matrix of prediction strengths (column j for ks[j]; k = 1 gives 1).
// `interrupt` is polled inside every refit. `first`: the B rows are splits
// [first, first + B) of a longer run (run_block() of resample.hpp).
template <typename Progress>
Eigen::MatrixXd prediction_strength(const FitSettings& settings,
                                    const Eigen::Ref<const Eigen::MatrixXd>& x,
                                    const std::vector<int>& ks, index_t B,
                                    SeedMaterial seed, int threads, Progress& progress,
                                    InterruptPoll* interrupt = nullptr, index_t first = 0) {
  const index_t n = x.rows(), p = x.cols(), K = static_cast<index_t>(ks.size());
  const index_t half = n / 2;
  Eigen::MatrixXd out(B, K);
  const std::vector<double> no_weights, no_distances;
  run_block(
      first, B, threads, seed,
      [&](index_t b, Rng& rng) {
        // random permutation (Fisher-Yates); first floor(n/2) rows = half 1
        std::vector<index_t> perm(static_cast<std::size_t>(n));
        std::iota(perm.begin(), perm.end(), index_t(0));
        for (index_t i = n - 1; i > 0; --i)
          std::swap(perm[i], perm[static_cast<index_t>(rng.below(static_cast<std::uint64_t>(i + 1)))]);
        Eigen::MatrixXd h[2] = {Eigen::MatrixXd(half, p), Eigen::MatrixXd(n - half, p)};
        for (index_t i = 0; i < n; ++i) {
          if (i < half) h[0].row(i) = x.row(perm[i]);
          else h[1].row(i - half) = x.row(perm[i]);
        }
        for (index_t j = 0; j < K; ++j) {
          const int k = ks[static_cast<std::size_t>(j)];
          const SeedMaterial seed0(rng.next()), seed1(rng.next());
          if (k <= 1) {
            out(b, j) = 1.0;
            continue;
          }
          FitSettings st = settings;
          st.k = k;
          Partition fits[2] = {
              fit(st, FitData{h[0], no_weights, no_distances, interrupt}, seed0),
              fit(st, FitData{h[1], no_weights, no_distances, interrupt}, seed1)};
          double sum = 0.0;
          for (int s = 0; s < 2; ++s) {
            const std::vector<int> pred =
                nearest_center(h[s], fits[1 - s].centers, st.metric, st.gower);
            sum += prediction_strength_half(fits[s].cluster, pred, k);
          }
          out(b, j) = sum / 2.0;
        }
      },
      progress, 1);
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_PREDICTION_STRENGTH_HPP
