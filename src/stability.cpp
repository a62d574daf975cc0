// Glue for stability(): converts R objects, calls the core in
// typfrage/stability.hpp, wraps the results. 1-based codes and rows in R,
// 0-based in the core.
#include <RcppEigen.h>

#include <stdexcept>
#include <string>
#include <vector>

#include <typfrage/resample.hpp>
#include <typfrage/stability.hpp>

#include "r_fit.h"
#include "r_policies.h"

namespace {

std::vector<int> to_codes0(const Rcpp::IntegerVector& x) {
  std::vector<int> out(x.size());
  for (R_xlen_t i = 0; i < x.size(); ++i) out[i] = x[i] - 1;
  return out;
}

}  // namespace

// Percentiles (R's type 7) of every row of a matrix, ignoring NaN/NA.
// [[Rcpp::export(rng = false)]]
Rcpp::NumericMatrix cpp_row_percentiles(Rcpp::NumericMatrix x, Rcpp::NumericVector probs) {
  const int r = x.nrow(), c = x.ncol();
  Rcpp::NumericMatrix out(r, probs.size());
  std::vector<double> v(static_cast<std::size_t>(c));
  for (int i = 0; i < r; ++i) {
    for (int j = 0; j < c; ++j) v[j] = x(i, j);
    for (R_xlen_t q = 0; q < probs.size(); ++q) {
      const double val = typfrage::percentile(v, probs[q]);
      out(i, q) = std::isnan(val) ? NA_REAL : val;
    }
  }
  return out;
}

// Replicates first .. first + count - 1 (1-based) of a stability run: each
// draws its resample from Rng(seed, b), refits the same method with the same
// settings through the fit dispatcher (one thread, no progress), and is
// evaluated against the original partition. Replicates run in parallel
// through the replicate runner; `fail_at` (0-based replicate, -1 for none)
// makes one replicate throw, so tests can check the exception path.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_stability_block(Eigen::Map<Eigen::MatrixXd> x,
                               Eigen::Map<Eigen::MatrixXd> items,
                               Eigen::Map<Eigen::MatrixXd> loading,
                               Rcpp::IntegerVector original, int k,
                               Rcpp::NumericVector weights, std::string resample,
                               int subsample_size, Rcpp::List spec, int fit_k,
                               Rcpp::IntegerVector seed, int first, int count,
                               int threads, bool verbose, int fail_at) {
  const typfrage::FitSettings st = typfrage_r::fit_settings(spec, fit_k);
  const std::vector<int> orig = to_codes0(original);
  const std::vector<double> w(weights.begin(), weights.end());
  typfrage::StabilityProblem pr(x, items, loading);
  pr.kind = typfrage::resample_from_string(resample);
  pr.subsample_size = subsample_size;
  pr.original = orig.data();
  pr.k = k;
  pr.weights = w.empty() ? nullptr : w.data();

  const std::vector<double> no_distances;
  // Polled inside every refit (long k-means starts), so Ctrl-C also stops a
  // replicate in progress; the check runs on this (the R) thread only.
  typfrage_r::RInterruptCheck check;
  typfrage::InterruptPoll poll(check);
  auto refit = [&](const Eigen::MatrixXd& xr, const std::vector<double>& wr,
                   typfrage::SeedMaterial s, typfrage::index_t& kb) {
    const typfrage::FitData data{xr, wr, no_distances, &poll};
    typfrage::Partition part = typfrage::fit(st, data, s);  // 1 thread, no progress
    kb = part.k;
    return std::move(part.cluster);
  };

  const typfrage::SeedMaterial material = typfrage_r::seed_from_r(seed);
  const typfrage::index_t first0 = static_cast<typfrage::index_t>(first) - 1;
  typfrage_r::RProgress progress(count, verbose, "stability");
  // The replicate runner hands replicate r of the block the engine
  // Rng(seed, r); the block's replicate r is replicate first0 + r of the run,
  // so stability_block() builds its engine Rng(seed, first0 + r) itself.
  auto runner = [&](typfrage::index_t n_rep, auto&& one) {
    typfrage::run_replicates(
        n_rep, threads, material,
        [&](typfrage::index_t r, typfrage::Rng&) {
          if (first0 + r == fail_at)
            throw std::runtime_error("replicate " + std::to_string(first0 + r + 1) + " failed");
          one(r);
        },
        progress);
  };
  const typfrage::StabilityBlock blk =
      typfrage::stability_block(pr, material, first0, count, refit, runner);

  const int p = static_cast<int>(items.cols());
  Rcpp::NumericMatrix jac(k, count), share(k, count), means(k * p, count);
  std::copy(blk.jaccard.begin(), blk.jaccard.end(), jac.begin());
  std::copy(blk.share.begin(), blk.share.end(), share.begin());
  std::copy(blk.means.begin(), blk.means.end(), means.begin());
  const int n = static_cast<int>(x.rows());
  Rcpp::IntegerMatrix membership(n, k);
  std::copy(blk.counts.count().begin(), blk.counts.count().end(), membership.begin());
  return Rcpp::List::create(
      Rcpp::Named("first") = first, Rcpp::Named("jaccard") = jac,
      Rcpp::Named("share") = share, Rcpp::Named("means") = means,
      Rcpp::Named("ari") = Rcpp::wrap(blk.ari),
      Rcpp::Named("clusters") = Rcpp::wrap(blk.clusters),
      Rcpp::Named("membership") = membership,
      Rcpp::Named("in_sample") = Rcpp::wrap(blk.counts.in_sample()));
}
