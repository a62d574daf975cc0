// Internal entry points that exercise the shared plumbing (parallel-for,
// per-item engines, exception transport, progress/interrupt policy) so the
// tests can check it directly. Not exported to users.
#include <RcppEigen.h>

#include <stdexcept>
#include <string>

#include "r_policies.h"

#include <typfrage/kmeans.hpp>

// Each work item i draws `draws` uniforms from its own engine and stores their
// sum; item `fail_at` (0-based, or -1 for none) throws inside the parallel region.
// queue: typfrage::parallel_queue() (one region, shared counter) instead of
// typfrage::parallel_for() (chunks).
// [[Rcpp::export(rng = false)]]
Rcpp::NumericVector cpp_plumbing_streams(int n, int draws, Rcpp::IntegerVector seed,
                                         int threads, int fail_at, bool queue = false) {
  const typfrage::SeedMaterial material = typfrage_r::seed_from_r(seed);
  std::vector<double> out(static_cast<std::size_t>(n), 0.0);
  typfrage_r::RProgress progress(n, false, "plumbing");
  auto item = [&](typfrage::index_t i) {
    if (i == fail_at) throw std::runtime_error("work item " + std::to_string(i + 1) + " failed");
    typfrage::Rng rng(material, static_cast<std::uint64_t>(i));
    double s = 0.0;
    for (int d = 0; d < draws; ++d) s += rng.uniform();
    out[static_cast<std::size_t>(i)] = s;
  };
  if (queue)
    typfrage::parallel_queue(n, threads, item, progress, 3);
  else
    typfrage::parallel_for(n, threads, item, progress, 3);
  return Rcpp::NumericVector(out.begin(), out.end());
}

// One k-means start on x (rows: observations; w: case weights or empty)
// from Rng(seed, 0), with or without the skipping bounds of the passes
// (skip_bounds.hpp), which must not change the result; `quick`: only the
// labels and the objective from the sums (exact moments only), as the
// fit dispatcher runs all starts but the best; `small` = FALSE: without the
// small-integer form of the data (small_int_lanes.hpp), which must not
// change the result either.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_kmeans_start(const Eigen::Map<Eigen::MatrixXd> x, const std::vector<double>& w, int k,
                            Rcpp::IntegerVector seed, bool skip, bool quick = false, bool small = true) {
  typfrage::KMeansData d(x, w);
  const bool small_ints = !d.small.empty();
  if (!small) d.small = typfrage::SmallIntData();
  typfrage::Rng rng(typfrage_r::seed_from_r(seed), 0);
  const typfrage::KMeansResult r = typfrage::kmeans_start(d, k, 100, rng, skip, quick);
  Rcpp::IntegerVector cluster(r.cluster.begin(), r.cluster.end());
  return Rcpp::List::create(Rcpp::Named("cluster") = cluster + 1,
                            Rcpp::Named("objective") = r.objective,
                            Rcpp::Named("centers") = Rcpp::wrap(r.centers),
                            Rcpp::Named("iterations") = r.iterations,
                            Rcpp::Named("skipped") = static_cast<double>(r.skipped),
                            Rcpp::Named("small_ints") = small_ints,
                            Rcpp::Named("exact_moments") = d.exact_moments());
}

// The single-precision nearest-centre filter of the k-means assignment
// (nearest_filter.hpp) on small-integer data x (n x p) and centres (k x p):
// per row, whether it decided, its nearest centre (1-based) and its bounds
// of the squared distances to that centre and to the nearest other one.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_nearest_filter(const Eigen::Map<Eigen::MatrixXd> x, const Eigen::Map<Eigen::MatrixXd> centres) {
  const typfrage::KMeansData d(x, std::vector<double>());
  if (d.small.empty()) Rcpp::stop("the data have no small-integer form");
  const int k = static_cast<int>(centres.rows());
  const Eigen::MatrixXd c = centres.transpose();  // p x k
  typfrage::FloatCentres fc;
  fc.set(d.small, c.data(), k);
  if (!fc.usable()) Rcpp::stop("the filter cannot take these centres");
  const typfrage::index_t n = d.n();
  Rcpp::LogicalVector decided(n);
  Rcpp::IntegerVector nearest(n);
  Rcpp::NumericVector own(n), second(n);
  for (typfrage::index_t t = 0; t < d.ld(); t += typfrage::lane_width) {
    const typfrage::NearestGuess g = typfrage::nearest_small(fc, t);
    double near[typfrage::lane_width], o[typfrage::lane_width], s[typfrage::lane_width];
    g.near.store(near);
    g.own.store(o);
    g.second.store(s);
    for (typfrage::index_t l = 0; l < typfrage::lane_width && t + l < n; ++l) {
      decided[t + l] = (g.decided >> l) & 1;
      nearest[t + l] = static_cast<int>(near[l]) + 1;
      own[t + l] = o[l];
      second[t + l] = s[l];
    }
  }
  return Rcpp::List::create(Rcpp::Named("decided") = decided, Rcpp::Named("nearest") = nearest,
                            Rcpp::Named("own") = own, Rcpp::Named("second") = second);
}
