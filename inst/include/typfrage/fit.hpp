// The one fit dispatcher of the typfrage core.
//
//   Partition fit(settings, data, seed, threads, progress)
//
// fits a partition with the method named in `settings` to an n x p data
// matrix (optional case weights, optional stored condensed distances) and
// returns 0-based cluster codes, centres (k x p, in the scale of the data
// given), the objective, the method's own results and what every start did.
//
// It never touches R: the caller supplies the thread count, the seed material
// and a Progress policy. Resampling code (gap statistic, prediction strength,
// bootstrap stability) calls it from inside run_replicates() with
// threads = 1 and NoProgress; the nstart starts of a method are themselves
// run with run_replicates() (start s draws from Rng(seed, s)), so a fit is
// identical for every thread count.
//
// Adding a method: add an enumerator to Method, a case to method_from_string()
// and a fit_<method>() function filling a Partition, and one case in fit().
#ifndef TYPFRAGE_FIT_HPP
#define TYPFRAGE_FIT_HPP

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "dendrogram.hpp"
#include "distance.hpp"
#include "hierarchy.hpp"
#include "kmeans.hpp"
#include "lca.hpp"
#include "pam.hpp"
#include "policies.hpp"
#include "resample.hpp"
#include "rng.hpp"

namespace typfrage {

enum class Method { kmeans, pam, lca, ward, ward_kmeans };

inline Method method_from_string(const std::string& s) {
  if (s == "kmeans") return Method::kmeans;
  if (s == "pam") return Method::pam;
  if (s == "lca") return Method::lca;
  if (s == "ward") return Method::ward;
  if (s == "ward_kmeans") return Method::ward_kmeans;
  throw std::invalid_argument("unknown method: " + s);
}

struct FitSettings {
  Method method = Method::kmeans;
  int k = 2;
  int nstart = 1;          // k-means: greedy k-means++ starts; PAM: start 0 = BUILD, others random
  int max_iter = 100;      // k-means: Lloyd iterations per start; PAM: swap passes
  Metric metric = Metric::euclidean;  // PAM only (k-means is always squared Euclidean)
  GowerSpec gower;         // PAM with Metric::gower
  // PAM: keep a full n x n distance matrix when n^2 is at most this (default
  // 5e7, i.e. n <= 7071 and 400 MB); otherwise distances are computed on the
  // fly (or, for supplied condensed distances, read from them in place).
  double max_stored_distances = 5e7;
  // The caller's limit for any stored matrix, in bytes (R: the option
  // typfrage.max_dist_gb, divided by the threads of a replicate loop): PAM
  // keeps the full matrix only when its 8 n^2 bytes fit, Ward's tree uses the
  // stored matrix only when use_light() allows it (hierarchy.hpp).
  double max_matrix_bytes = std::numeric_limits<double>::infinity();
  // PAM start 0 (BUILD): false = best swap per pass, as cluster::pam's
  // default (same trajectory, same medoids); true = FasterPAM's eager swaps.
  // Random starts always use eager swaps.
  bool pam_eager_first = false;
  // LCA (x holds item codes 1..K_j, NaN for a missing response; max_iter =
  // EM iterations): item model, categories per item (empty: the largest code
  // of each item), convergence tolerance (change of the log-likelihood per
  // unit of weight), and start values used for the first starts.
  LcaModel lca_model = LcaModel::ordinal;
  std::vector<int> lca_ncat;
  double lca_tol = 1e-10;
  std::vector<LcaParams> lca_starts;
  // Ward and Ward + k-means: the algorithm of Ward's tree (automatic: the
  // rule of hierarchy(), memory-light for few items or large n).
  TreeMemory ward_memory = TreeMemory::automatic;
  // k-means (also of Ward + k-means): the shortcuts the passes may take
  // (KMeansShortcuts, kmeans.hpp); only the speed depends on them. The gap
  // statistic switches skip_bounds off for its reference sets (no structure:
  // the bounds seldom skip and their bookkeeping costs a few per cent).
  KMeansShortcuts kmeans_shortcuts;
};

// Input of a fit. `x` is n x p; `weights` empty or length n; `distances`
// empty or the condensed n(n-1)/2 distances (PAM uses them instead of x);
// `interrupt`: polled inside long k-means starts (null: only the progress
// ticks between starts check for interrupts).
struct FitData {
  Eigen::Ref<const Eigen::MatrixXd> x;
  const std::vector<double>& weights;
  const std::vector<double>& distances;
  InterruptPoll* interrupt = nullptr;
  index_t n() const { return distances.empty() ? x.rows() : n_from_distances(); }
  index_t n_from_distances() const {
    // n(n-1)/2 = m  =>  n = (1 + sqrt(1 + 8m)) / 2
    const double m = static_cast<double>(distances.size());
    return static_cast<index_t>(std::llround((1.0 + std::sqrt(1.0 + 8.0 * m)) / 2.0));
  }
};

struct Partition {
  Method method = Method::kmeans;
  int k = 0;
  std::vector<int> cluster;          // 0-based codes, length n
  Eigen::MatrixXd centers;           // k x p (k-means: weighted means; PAM: medoid rows; empty without x)
  double objective = std::numeric_limits<double>::infinity();
  Eigen::VectorXd withinss;          // k-means: per-cluster weighted sum of squares
  std::vector<index_t> medoids;      // PAM: 0-based rows
  int best_start = 0;                // 0-based
  std::vector<double> start_objective;
  std::vector<int> start_iterations;
  std::vector<char> start_converged;
  int empty_repairs = 0;             // k-means, over all starts
  // LCA: objective = -2 log-likelihood (start_objective likewise); centers =
  // class means of the item codes from the response probabilities; the
  // fitted parameters (classes ordered by decreasing share), the posterior
  // class probabilities (n x k, row-major), number of parameters, entropy.
  LcaParams lca;
  std::vector<double> posterior;
  double loglik = 0.0;
  index_t npar = 0;
  double entropy = 0.0;
  // Ward, Ward + k-means: Ward's tree (ward.D2 heights) of the rows.
  Tree tree;
};

namespace detail {

// Pick the start with the lowest objective (ties: lowest index).
inline int best_of(const std::vector<double>& obj) {
  int best = 0;
  for (int s = 1; s < static_cast<int>(obj.size()); ++s)
    if (obj[static_cast<std::size_t>(s)] < obj[static_cast<std::size_t>(best)]) best = s;
  return best;
}

inline void check_k(int k, index_t n) {
  if (k < 1 || k > n) throw fit_error("k must be between 1 and the number of rows");
}

// A Partition of `method` with what every start did (its objective, the
// iterations `iterations(start)` and whether it converged) and the best
// start; the caller moves the best start's results in.
template <typename Result, typename Iterations>
Partition from_starts(Method method, int k, const std::vector<Result>& starts,
                      Iterations iterations) {
  Partition out;
  out.method = method;
  out.k = k;
  for (const auto& r : starts) {
    out.start_objective.push_back(r.objective);
    out.start_iterations.push_back(iterations(r));
    out.start_converged.push_back(r.converged ? 1 : 0);
  }
  out.best_start = best_of(out.start_objective);
  return out;
}

}  // namespace detail

template <typename Progress>
Partition fit_kmeans(const FitSettings& st, const FitData& data, SeedMaterial seed,
                     int threads, Progress& progress) {
  KMeansData d(data.x, data.weights, st.kmeans_shortcuts);
  d.interrupt = data.interrupt;
  detail::check_k(st.k, d.n());
  const int ns = std::max(1, st.nstart);
  // Small problems run serially: starting threads costs more than it saves
  // (results are the same either way). A single start runs on the calling
  // thread, which is the one that polls for interrupts.
  if (static_cast<double>(d.n()) * d.p() * st.k * ns < 2e6) threads = 1;
  threads = std::min(threads, ns);
  std::vector<KMeansResult> starts(static_cast<std::size_t>(ns));
  // With exact moments (integer items and weights) every start ends with its
  // labels and its objective from the sums kept during the passes; only the
  // best start gets its centres and sums of squares (kmeans_evaluate()).
  const bool quick = ns > 1 && d.exact_moments() && st.kmeans_shortcuts.moment_objective;
  run_replicates(
      ns, threads, seed,
      [&](index_t s, Rng& rng) {
        KMeansResult r = kmeans_start(d, st.k, st.max_iter, rng, quick);
        starts[static_cast<std::size_t>(s)] = std::move(r);
      },
      progress);  // one parallel region for all starts, ticks every few starts
  Partition out = detail::from_starts(Method::kmeans, st.k, starts,
                                      [](const KMeansResult& r) { return r.iterations; });
  for (const auto& r : starts) out.empty_repairs += r.empty_repairs;
  KMeansResult& best = starts[static_cast<std::size_t>(out.best_start)];
  if (quick) {
    kmeans_evaluate(d, std::move(best.cluster), st.k, best);
    out.start_objective[static_cast<std::size_t>(out.best_start)] = best.objective;
  }
  out.cluster = std::move(best.cluster);
  out.centers = std::move(best.centers);
  out.withinss = std::move(best.withinss);
  out.objective = best.objective;
  return out;
}

template <typename Oracle, typename Progress>
Partition fit_pam_oracle(const FitSettings& st, const Oracle& oracle,
                         const std::vector<double>& weights, SeedMaterial seed,
                         int threads, Progress& progress,
                         const std::vector<double>* totals = nullptr) {
  const index_t n = oracle.n();
  detail::check_k(st.k, n);
  const int ns = std::max(1, st.nstart);
  if (n < 1000) threads = 1;  // small problems: threads cost more than they save
  std::vector<PamResult> starts(static_cast<std::size_t>(ns));
  // Start 0: BUILD (deterministic, parallel over candidates), then
  // steepest-descent swaps as in the original PAM (or eager FasterPAM swaps).
  {
    StageProgress<Progress> stage_inner{progress, 0, ns};
    AnyProgress stage = AnyProgress::of(stage_inner);  // one instantiation of the PAM templates
    std::vector<index_t> init = pam_build(oracle, weights, st.k, threads, stage, totals);
    starts[0] = pam_swap(oracle, weights, std::move(init), st.max_iter, st.pam_eager_first,
                         threads, stage);
    progress.tick(1, ns);
  }
  // Further starts: random initial medoids from Rng(seed, s), in parallel.
  if (ns > 1) {
    run_replicates(
        ns, threads, seed,
        [&](index_t s, Rng& rng) {
          if (s == 0) return;  // BUILD, done above
          starts[static_cast<std::size_t>(s)] =
              [&] {
                AnyProgress none;  // inside a parallel region: no progress
                return pam_swap(oracle, weights, pam_random_init(n, st.k, rng), st.max_iter,
                                true, 1, none);
              }();
        },
        progress);
  }
  Partition out = detail::from_starts(Method::pam, st.k, starts,
                                      [](const PamResult& r) { return r.passes; });
  PamResult& best = starts[static_cast<std::size_t>(out.best_start)];
  out.cluster = std::move(best.cluster);
  out.medoids = std::move(best.medoids);
  out.objective = best.objective;
  return out;
}

// THE rule for PAM's distance oracle: the full n x n matrix when n^2 is at
// most max_stored_distances and its 8 n^2 bytes fit the caller's limit;
// otherwise on the fly (or the supplied condensed distances in place).
inline bool store_full_matrix(const FitSettings& st, index_t n) {
  const double nn = static_cast<double>(n) * static_cast<double>(n);
  return nn <= st.max_stored_distances && 8.0 * nn <= st.max_matrix_bytes;
}

template <typename Progress>
Partition fit_pam(const FitSettings& st, const FitData& data, SeedMaterial seed,
                  int threads, Progress& progress) {
  Partition out;
  if (!data.distances.empty()) {
    const index_t n = data.n_from_distances();
    if (store_full_matrix(st, n)) {
      const FullOracle oracle = FullOracle::from_condensed(data.distances.data(), n, data.weights,
                                                           n < 1000 ? 1 : threads);
      out = fit_pam_oracle(st, AnyOracle::of(oracle), data.weights, seed, threads, progress,
                           &oracle.totals);
    } else {
      CondensedOracle oracle{data.distances.data(), n};
      out = fit_pam_oracle(st, AnyOracle::of(oracle), data.weights, seed, threads, progress);
    }
  } else {
    const Distance dist(data.x, st.metric, st.gower);
    const index_t n = dist.n();
    if (store_full_matrix(st, n)) {
      StageProgress<Progress> stage_inner{progress, 0, std::max(1, st.nstart)};
      AnyProgress stage = AnyProgress::of(stage_inner);
      const FullOracle oracle =
          FullOracle::from_distance(dist, data.weights, n < 1000 ? 1 : threads, stage);
      out = fit_pam_oracle(st, AnyOracle::of(oracle), data.weights, seed, threads, progress,
                           &oracle.totals);
    } else {
      OnTheFlyOracle oracle{dist};
      out = fit_pam_oracle(st, AnyOracle::of(oracle), data.weights, seed, threads, progress);
    }
  }
  if (data.x.rows() > 0 && data.x.cols() > 0 && data.distances.empty()) {
    out.centers.resize(out.k, data.x.cols());
    for (int j = 0; j < out.k; ++j) out.centers.row(j) = data.x.row(out.medoids[static_cast<std::size_t>(j)]);
  }
  return out;
}

template <typename Progress>
Partition fit_lca(const FitSettings& st, const FitData& data, SeedMaterial seed,
                  int threads, Progress& progress) {
  const index_t n = data.x.rows(), p = data.x.cols();
  detail::check_k(st.k, n);
  std::vector<int> ncat = st.lca_ncat;
  if (ncat.empty()) {
    ncat.assign(static_cast<std::size_t>(p), 0);
    for (index_t j = 0; j < p; ++j)
      for (index_t i = 0; i < n; ++i)
        if (!std::isnan(data.x(i, j))) ncat[j] = std::max(ncat[j], static_cast<int>(data.x(i, j)));
  }
  if (static_cast<index_t>(ncat.size()) != p) throw fit_error("lca: one category count per item needed");
  std::vector<int> codes(static_cast<std::size_t>(n * p));
  for (index_t j = 0; j < p; ++j) {
    for (index_t i = 0; i < n; ++i) {
      const double v = data.x(i, j);
      if (std::isnan(v)) {
        codes[i * p + j] = -1;
        continue;
      }
      if (!(v >= 1 && v <= ncat[j] && v == std::floor(v)))
        throw fit_error("lca: item codes must be whole numbers 1..K");
      codes[i * p + j] = static_cast<int>(v) - 1;
    }
  }
  const LcaData d(codes.data(), n, p, ncat, data.weights.empty() ? nullptr : data.weights.data());
  LcaControl ctl;
  ctl.k = st.k;
  ctl.model = st.lca_model;
  ctl.maxiter = st.max_iter;
  ctl.tol = st.lca_tol;
  ctl.interrupt = data.interrupt;
  LcaFit f = lca_fit(d, ctl, std::max(1, st.nstart), seed, threads, progress, st.lca_starts);
  Partition out;
  out.method = Method::lca;
  out.k = st.k;
  out.cluster.resize(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) {
    int best = 0;
    for (int c = 1; c < st.k; ++c)
      if (f.posterior[i * st.k + c] > f.posterior[i * st.k + best]) best = c;
    out.cluster[i] = best;
  }
  out.centers.setZero(st.k, p);
  for (index_t j = 0; j < p; ++j)
    for (int m = 0; m < ncat[j]; ++m)
      for (int c = 0; c < st.k; ++c)
        out.centers(c, j) += (m + 1) * f.best.params.probs[(d.offset[j] + m) * st.k + c];
  out.objective = -2.0 * f.best.loglik;
  out.best_start = f.best_start;
  for (std::size_t s = 0; s < f.start_loglik.size(); ++s) {
    out.start_objective.push_back(-2.0 * f.start_loglik[s]);
    out.start_iterations.push_back(f.start_iterations[s]);
    out.start_converged.push_back(f.start_converged[s]);
  }
  out.lca = std::move(f.best.params);
  out.posterior = std::move(f.posterior);
  out.loglik = f.best.loglik;
  out.npar = f.npar;
  out.entropy = f.entropy;
  return out;
}

// Ward's method: Ward's tree of the rows (ward.D2, Euclidean; weights are
// cluster sizes) cut into k clusters (codes in order of first appearance, as
// stats::cutree); centres are the weighted cluster means, the objective the
// weighted within-cluster sum of squares. Deterministic: the seed is unused.
// `tree`: Ward's tree of these rows if already built (fit_ks()), else null.
template <typename Progress>
Partition fit_ward(const FitSettings& st, const FitData& data, int threads, Progress& progress,
                   const Tree* tree = nullptr) {
  const index_t n = data.x.rows();
  if (!data.distances.empty() || data.x.cols() < 1)
    throw fit_error("ward: needs the items, not distances");
  if (n < 2) throw fit_error("ward: needs at least 2 rows");
  detail::check_k(st.k, n);
  Partition out;
  out.method = Method::ward;
  out.k = st.k;
  out.tree = tree ? *tree
                  : ward_tree(data.x, data.weights, threads, progress, st.ward_memory,
                              st.max_matrix_bytes);
  const KMeansData d(data.x, data.weights, st.kmeans_shortcuts);
  KMeansResult r;
  kmeans_evaluate(d, cut_tree(out.tree, st.k), st.k, r);
  out.cluster = std::move(r.cluster);
  out.centers = std::move(r.centers);
  out.withinss = std::move(r.withinss);
  out.objective = r.objective;
  out.start_objective = {out.objective};
  out.start_iterations = {0};
  out.start_converged = {1};
  return out;
}

// Ward + k-means (the classic two-step typology): k-means started from the
// centres of Ward's k clusters, refined by the Lloyd iterations and Hartigan
// transfers of every k-means start (kmeans_from_centers()). No random start:
// deterministic given the data.
template <typename Progress>
Partition fit_ward_kmeans(const FitSettings& st, const FitData& data, int threads,
                          Progress& progress, const Tree* tree = nullptr) {
  Partition out = fit_ward(st, data, threads, progress, tree);
  KMeansData d(data.x, data.weights, st.kmeans_shortcuts);
  d.interrupt = data.interrupt;
  KMeansResult r = kmeans_from_centers(d, out.centers.transpose(), st.max_iter);
  out.method = Method::ward_kmeans;
  out.cluster = std::move(r.cluster);
  out.centers = std::move(r.centers);
  out.withinss = std::move(r.withinss);
  out.objective = r.objective;
  out.start_objective = {r.objective};
  out.start_iterations = {r.iterations};
  out.start_converged = {static_cast<char>(r.converged ? 1 : 0)};
  out.empty_repairs = r.empty_repairs;
  return out;
}

// The dispatcher.
template <typename Progress>
Partition fit(const FitSettings& settings, const FitData& data, SeedMaterial seed,
              int threads, Progress& progress) {
  switch (settings.method) {
    case Method::kmeans:
      return fit_kmeans(settings, data, seed, threads, progress);
    case Method::pam:
      return fit_pam(settings, data, seed, threads, progress);
    case Method::lca:
      return fit_lca(settings, data, seed, threads, progress);
    case Method::ward:
      return fit_ward(settings, data, threads, progress);
    case Method::ward_kmeans:
      return fit_ward_kmeans(settings, data, threads, progress);
  }
  throw std::invalid_argument("fit: unknown method");
}

// Convenience overload for replicate loops: one thread, no progress. Uses
// the type-erased AnyProgress, as the R glue does, so the templates are
// instantiated only once.
inline Partition fit(const FitSettings& settings, const FitData& data, SeedMaterial seed) {
  AnyProgress none;
  return fit(settings, data, seed, 1, none);
}

// Every k of `ks` on the same data, fit j with seed material seeds[j]
// (k <= 1: every row in cluster 0, no fit); `progress` ticks once per k.
// Ward's tree (Method::ward, Method::ward_kmeans) is built once and cut for
// every k, which gives the partitions fit() gives for each k alone. Used by
// scan_k() and gap_statistic() for the data (cpp_fit_ks()) and by the gap
// statistic's reference sets.
template <typename Progress>
std::vector<Partition> fit_ks(FitSettings st, const FitData& data, const std::vector<int>& ks,
                              const std::vector<SeedMaterial>& seeds, int threads,
                              Progress& progress) {
  if (seeds.size() != ks.size()) throw std::invalid_argument("fit_ks: one seed per k");
  const bool ward = st.method == Method::ward || st.method == Method::ward_kmeans;
  AnyProgress none;
  Tree tree;
  bool have_tree = false;
  std::vector<Partition> out(ks.size());
  for (std::size_t j = 0; j < ks.size(); ++j) {
    if (ks[j] <= 1) {
      out[j].k = 1;
      out[j].cluster.assign(static_cast<std::size_t>(data.n()), 0);
    } else {
      st.k = ks[j];
      if (ward && !have_tree) {
        if (!data.distances.empty() || data.x.cols() < 1)
          throw fit_error("ward: needs the items, not distances");
        if (data.x.rows() < 2) throw fit_error("ward: needs at least 2 rows");
        tree = ward_tree(data.x, data.weights, threads, none, st.ward_memory, st.max_matrix_bytes);
        have_tree = true;
      }
      if (st.method == Method::ward)
        out[j] = fit_ward(st, data, threads, none, &tree);
      else if (st.method == Method::ward_kmeans)
        out[j] = fit_ward_kmeans(st, data, threads, none, &tree);
      else
        out[j] = fit(st, data, seeds[j], threads, none);
    }
    progress.tick(static_cast<index_t>(j + 1), static_cast<index_t>(ks.size()));
  }
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_FIT_HPP
