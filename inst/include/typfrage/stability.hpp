// Stability of a typology under resampling (Hennig 2007): the pieces that do
// not depend on how a partition is fitted.
//
// * draw_resample(): the rows of one replicate (bootstrap, subsample, jitter),
//   from the replicate's own engine, so replicate b is the same whichever
//   thread or worker runs it;
// * jitter_rows(): the jittered data of a "jitter" replicate;
// * evaluate_replicate(): given the original partition, the replicate's rows
//   and the replicate's partition of those rows: the clusterwise Jaccard of
//   every original type with its best match, the adjusted Rand index on the
//   shared observations, the Hungarian label matching, the matched type of
//   every resampled row, and the matched types' shares and per-item means
//   (type_means() of profiles.hpp);
// * MembershipCounts: per-observation counts (n x k, integer), O(n k) memory
//   whatever the number of replicates;
// * percentile(): R's quantile type 7, for the percentile intervals.
//
// Definitions follow fpc::clusterboot (version 2.2-10) with its defaults:
// * bootstrap: n rows are drawn with replacement; the replicate is the set of
//   DISTINCT rows drawn (multipleboot = FALSE), which the method refits; the
//   Jaccard of original type j and replicate cluster c is computed on those
//   distinct rows, |A_j & B_c| / |A_j | B_c| with 0/0 = 0, and the best match
//   is the replicate cluster with the largest Jaccard (not the Hungarian
//   match): bootresult[j, b] = max_c Jaccard(j, c), starting from 0;
// * subsample: floor(n / 2) rows without replacement (subtuning default);
// * jitter: every row, with normal noise added in the principal-component
//   coordinates of the data (the glue supplies the p x p noise loading).
// Dissolution is Jaccard <= 0.5 (as fpc) and recovery Jaccard >= 0.75.
//
// Shares and item means use frequency weights f_i = w_i * m_i: case weight
// times the number of times the row was drawn (a Rao-Wu style bootstrap
// replicate weight, which is what survey bootstrap replicate weights are).
// The partition itself is fitted on the distinct rows with their case
// weights, as fpc does, because duplicated rows can form spurious clusters.
#ifndef TYPFRAGE_STABILITY_HPP
#define TYPFRAGE_STABILITY_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "agreement.hpp"
#include "hungarian.hpp"
#include "policies.hpp"
#include "profiles.hpp"
#include "rng.hpp"

namespace typfrage {

enum class ResampleKind { bootstrap = 0, subsample = 1, jitter = 2 };

inline ResampleKind resample_from_string(const std::string& s) {
  if (s == "bootstrap") return ResampleKind::bootstrap;
  if (s == "subsample") return ResampleKind::subsample;
  if (s == "jitter") return ResampleKind::jitter;
  throw std::invalid_argument("unknown resampling scheme: " + s);
}

// The rows of one replicate: distinct, increasing, with how often each was
// drawn (always 1 for subsample and jitter).
struct ResampleRows {
  std::vector<index_t> rows;
  std::vector<double> multiplicity;
};

// n: observations; m: subsample size (only for subsample).
inline ResampleRows draw_resample(ResampleKind kind, index_t n, index_t m,
                                  Rng& rng) {
  ResampleRows out;
  if (n <= 0) return out;
  if (kind == ResampleKind::bootstrap) {
    std::vector<int> count(static_cast<std::size_t>(n), 0);
    for (index_t d = 0; d < n; ++d)
      ++count[static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(n)))];
    for (index_t i = 0; i < n; ++i) {
      if (count[i] > 0) {
        out.rows.push_back(i);
        out.multiplicity.push_back(static_cast<double>(count[i]));
      }
    }
  } else if (kind == ResampleKind::subsample) {
    if (m < 1 || m > n) throw std::invalid_argument("subsample size outside [1, n]");
    // Partial Fisher-Yates shuffle: the first m entries are the sample.
    std::vector<index_t> perm(static_cast<std::size_t>(n));
    for (index_t i = 0; i < n; ++i) perm[i] = i;
    for (index_t i = 0; i < m; ++i) {
      const index_t j = i + static_cast<index_t>(rng.below(static_cast<std::uint64_t>(n - i)));
      std::swap(perm[i], perm[j]);
    }
    out.rows.assign(perm.begin(), perm.begin() + m);
    std::sort(out.rows.begin(), out.rows.end());
    out.multiplicity.assign(static_cast<std::size_t>(m), 1.0);
  } else {
    out.rows.resize(static_cast<std::size_t>(n));
    for (index_t i = 0; i < n; ++i) out.rows[i] = i;
    out.multiplicity.assign(static_cast<std::size_t>(n), 1.0);
  }
  return out;
}

// The rows `rows` of x, with jitter noise z * loading added to every row when
// `jitter` (z: p standard normals from the replicate's engine).
// fpc draws noise N(0, sd_j^2) on principal component j and rotates it back:
// loading = diag(sd) * t(V).
inline Eigen::MatrixXd resample_data(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                     const std::vector<index_t>& rows,
                                     const Eigen::Ref<const Eigen::MatrixXd>& loading,
                                     bool jitter, Rng& rng) {
  const index_t m = static_cast<index_t>(rows.size());
  const index_t p = x.cols();
  Eigen::MatrixXd out(m, p);
  for (index_t j = 0; j < p; ++j)  // column by column: reads and writes in order
    for (index_t r = 0; r < m; ++r) out(r, j) = x(rows[r], j);
  if (jitter) {
    if (loading.rows() != p || loading.cols() != p)
      throw std::invalid_argument("jitter loading must be p x p");
    Eigen::RowVectorXd z(p);
    for (index_t r = 0; r < m; ++r) {
      for (index_t j = 0; j < p; ++j) z[j] = rng.normal();
      out.row(r).noalias() += z * loading;
    }
  }
  return out;
}

// What one replicate says about the original typology.
struct ReplicateEvaluation {
  std::vector<double> jaccard;   // k: best-match clusterwise Jaccard per type
  double ari = 0.0;              // original vs replicate, shared rows
  std::vector<index_t> match;    // kb: original type matched to replicate cluster c, or -1
  std::vector<int> assigned;     // rows.size(): matched original type of each row, or -1
  std::vector<double> share;     // k: weighted share of the matched types
  std::vector<double> means;     // k x p, column-major: weighted item means, NaN if empty
};

// original: 0-based types of all n observations (codes in [0, k));
// rows: the replicate's distinct rows; part: replicate cluster of each of
// those rows (codes in [0, kb)); freq: frequency weight of each row (case
// weight times multiplicity) or nullptr for all ones; items: n x p matrix of
// the items (original units) whose per-type means are wanted, or 0 columns.
inline ReplicateEvaluation evaluate_replicate(
    const int* original, index_t k, const std::vector<index_t>& rows,
    const int* part, index_t kb, const double* freq,
    const Eigen::Ref<const Eigen::MatrixXd>& items) {
  const index_t m = static_cast<index_t>(rows.size());
  if (m == 0) throw std::invalid_argument("empty replicate");
  ReplicateEvaluation ev;
  std::vector<int> orig(static_cast<std::size_t>(m));
  for (index_t r = 0; r < m; ++r) orig[r] = original[rows[r]];

  // Unweighted table: types (rows) x replicate clusters (columns).
  const Contingency t = contingency(orig.data(), part, m, k, kb);

  ev.jaccard.assign(static_cast<std::size_t>(k), 0.0);
  for (index_t j = 0; j < k; ++j) {
    double best = 0.0;
    for (index_t c = 0; c < kb; ++c) {
      const double both = t.at(j, c);
      const double either = t.row_sum[j] + t.col_sum[c] - both;
      const double g = either > 0.0 ? both / either : 0.0;  // 0/0 = 0 as fpc
      if (g > best) best = g;
    }
    ev.jaccard[j] = best;
  }
  ev.ari = agreement_indices(t).ari;

  // Hungarian matching of replicate clusters to original types (largest
  // total overlap); replicate clusters left over get -1.
  Contingency tt;
  tt.rows = kb;
  tt.cols = k;
  tt.count.assign(static_cast<std::size_t>(kb * k), 0.0);
  for (index_t c = 0; c < kb; ++c)
    for (index_t j = 0; j < k; ++j) tt.count[c * k + j] = t.at(j, c);
  ev.match = match_clusters(tt);

  ev.assigned.resize(static_cast<std::size_t>(m));
  for (index_t r = 0; r < m; ++r)
    ev.assigned[r] = static_cast<int>(ev.match[part[r]]);

  // Shares of the matched types, weights f_i.
  std::vector<double> wsum(static_cast<std::size_t>(k), 0.0);
  double total = 0.0;
  for (index_t r = 0; r < m; ++r) {
    const double f = freq ? freq[r] : 1.0;
    total += f;
    if (ev.assigned[r] >= 0) wsum[ev.assigned[r]] += f;
  }
  ev.share.assign(static_cast<std::size_t>(k), 0.0);
  for (index_t j = 0; j < k; ++j) ev.share[j] = total > 0.0 ? wsum[j] / total : 0.0;

  // Item means of the matched types: type_means() of profiles.hpp over the
  // replicate's rows (rows in an unmatched cluster: no type).
  const index_t p = items.cols();
  ev.means.clear();
  if (p > 0) {
    const index_t n = items.rows();
    if (n <= *std::max_element(rows.begin(), rows.end()))
      throw std::invalid_argument("items have fewer rows than the data");
    const Eigen::MatrixXd mean = type_means(items, ev.assigned.data(), k, freq, rows.data(), m);
    ev.means.assign(mean.data(), mean.data() + k * p);  // k x p, column-major
  }
  return ev;
}

// Per-observation membership counts, shared by the replicates of a block:
// in_sample[i] = replicates containing row i; count(i, j) = replicates in
// which row i was assigned to (the match of) original type j. Integer
// additions commute, so the totals do not depend on the order in which
// threads add their replicates (the caller serialises add()). O(n k) memory.
class MembershipCounts {
 public:
  MembershipCounts(index_t n, index_t k)
      : n_(n), k_(k),
        in_sample_(static_cast<std::size_t>(n), 0),
        count_(static_cast<std::size_t>(n * k), 0) {}

  void add(const std::vector<index_t>& rows, const std::vector<int>& assigned) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const index_t i = rows[r];
      ++in_sample_[i];
      if (assigned[r] >= 0) ++count_[assigned[r] * n_ + i];  // column-major n x k
    }
  }

  index_t n() const { return n_; }
  index_t k() const { return k_; }
  const std::vector<int>& in_sample() const { return in_sample_; }
  const std::vector<int>& count() const { return count_; }

 private:
  index_t n_, k_;
  std::vector<int> in_sample_;
  std::vector<int> count_;
};

// Everything a block of replicates needs, as views on the caller's memory.
struct StabilityProblem {
  ResampleKind kind = ResampleKind::bootstrap;
  index_t subsample_size = 0;
  Eigen::Ref<const Eigen::MatrixXd> x;        // n x p_fit: what the method clusters
  Eigen::Ref<const Eigen::MatrixXd> items;    // n x p: items for the type means
  Eigen::Ref<const Eigen::MatrixXd> loading;  // p_fit x p_fit jitter loading, or 0 x 0
  const int* original = nullptr;              // n original types, 0-based
  index_t k = 0;
  const double* weights = nullptr;            // n case weights, or nullptr
  StabilityProblem(const Eigen::Ref<const Eigen::MatrixXd>& x_,
                   const Eigen::Ref<const Eigen::MatrixXd>& items_,
                   const Eigen::Ref<const Eigen::MatrixXd>& loading_)
      : x(x_), items(items_), loading(loading_) {}
};

// The replicates [first, first + count) of a run: per-replicate summaries
// (column r belongs to replicate first + r) and the block's membership counts.
struct StabilityBlock {
  index_t first = 0, count = 0, k = 0, p = 0;
  std::vector<double> jaccard;   // k x count
  std::vector<double> ari;       // count
  std::vector<double> share;     // k x count
  std::vector<double> means;     // (k * p) x count; within a column k x p, column-major
  std::vector<int> clusters;     // count: clusters found by the refit
  MembershipCounts counts;
  StabilityBlock(index_t n, index_t k_) : k(k_), counts(n, k_) {}
};

// Runs replicates first .. first + count - 1. Replicate b draws its rows (and
// jitter) from Rng(seed, b), then hands the refit the seed material
// SeedMaterial(rng.next()), so it is the same computation whichever thread,
// block or worker runs it. `fit` is called as
//   std::vector<int> fit(const Eigen::MatrixXd& x_replicate,
//                        const std::vector<double>& weights,  // empty: none
//                        SeedMaterial seed, index_t& clusters_found)
// and returns the 0-based cluster of every replicate row; it runs with one
// thread (the replicates are the parallel work).
template <typename Fit, typename Runner>
StabilityBlock stability_block(const StabilityProblem& pr, SeedMaterial seed,
                               index_t first, index_t count, Fit&& fit,
                               Runner&& run) {
  const index_t n = pr.x.rows();
  const index_t k = pr.k;
  const index_t p = pr.items.cols();
  if (pr.items.rows() != n) throw std::invalid_argument("items and data differ in rows");
  StabilityBlock out(n, k);
  out.first = first;
  out.count = count;
  out.p = p;
  out.jaccard.assign(static_cast<std::size_t>(k * count), 0.0);
  out.ari.assign(static_cast<std::size_t>(count), 0.0);
  out.share.assign(static_cast<std::size_t>(k * count), 0.0);
  out.means.assign(static_cast<std::size_t>(k * p * count), 0.0);
  out.clusters.assign(static_cast<std::size_t>(count), 0);
  std::mutex counts_mutex;
  run(count, [&](index_t r) {
    Rng rng(seed, static_cast<std::uint64_t>(first + r));
    const ResampleRows draw = draw_resample(pr.kind, n, pr.subsample_size, rng);
    const Eigen::MatrixXd xr = resample_data(pr.x, draw.rows, pr.loading,
                                             pr.kind == ResampleKind::jitter, rng);
    const index_t m = static_cast<index_t>(draw.rows.size());
    std::vector<double> w, freq(draw.multiplicity);
    if (pr.weights) {
      w.resize(static_cast<std::size_t>(m));
      for (index_t i = 0; i < m; ++i) {
        w[i] = pr.weights[draw.rows[i]];
        freq[i] *= w[i];
      }
    }
    const SeedMaterial fit_seed(rng.next());
    index_t kb = 0;
    const std::vector<int> part = fit(xr, w, fit_seed, kb);
    if (static_cast<index_t>(part.size()) != m)
      throw std::logic_error("refit returned a partition of the wrong length");
    const ReplicateEvaluation ev =
        evaluate_replicate(pr.original, k, draw.rows, part.data(), kb, freq.data(), pr.items);
    std::copy(ev.jaccard.begin(), ev.jaccard.end(), out.jaccard.begin() + r * k);
    std::copy(ev.share.begin(), ev.share.end(), out.share.begin() + r * k);
    std::copy(ev.means.begin(), ev.means.end(), out.means.begin() + r * k * p);
    out.ari[r] = ev.ari;
    out.clusters[r] = static_cast<int>(kb);
    std::lock_guard<std::mutex> lock(counts_mutex);
    out.counts.add(draw.rows, ev.assigned);
  });
  return out;
}

// Sample quantile of the finite values of v, R's type 7 (the default of
// stats::quantile); NaN when v has no finite value.
inline double percentile(std::vector<double> v, double prob) {
  v.erase(std::remove_if(v.begin(), v.end(),
                         [](double x) { return !std::isfinite(x); }),
          v.end());
  const index_t n = static_cast<index_t>(v.size());
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  // Same arithmetic as stats::quantile(type = 7), 1-based index.
  const double index = 1.0 + (static_cast<double>(n) - 1.0) * prob;
  const double lo1 = std::floor(index);
  const index_t lo = static_cast<index_t>(lo1) - 1;
  const index_t hi = std::min<index_t>(static_cast<index_t>(std::ceil(index)) - 1, n - 1);
  const double frac = index - lo1;
  if (!(frac > 0.0) || v[hi] == v[lo]) return v[lo];
  return (1.0 - frac) * v[lo] + frac * v[hi];
}

}  // namespace typfrage

#endif  // TYPFRAGE_STABILITY_HPP
