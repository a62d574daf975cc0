// Glue for the resampling criteria of scan_k(): the gap statistic's
// reference replicates and prediction strength. Both run their B replicates
// with the core's replicate runner and fit with the core's dispatcher.
#include <Rcpp.h>
#include <RcppEigen.h>

#include <string>
#include <vector>

#include <typfrage/gap.hpp>
#include <typfrage/prediction_strength.hpp>

#include "r_fit.h"
#include "r_policies.h"

namespace {

typfrage::GapSpace gap_space(const std::string& s) {
  if (s == "scaledPCA") return typfrage::GapSpace::pca;
  if (s == "original") return typfrage::GapSpace::original;
  Rcpp::stop("internal error: unknown reference space");
}

}  // namespace

// W_k of one partition (1-based codes), as cluster::clusGap computes it.
// [[Rcpp::export(rng = false)]]
double cpp_gap_w(Eigen::Map<Eigen::MatrixXd> x, Rcpp::IntegerVector cl, int k,
                 int d_power) {
  std::vector<int> codes(cl.size());
  for (R_xlen_t i = 0; i < cl.size(); ++i) codes[i] = cl[i] - 1;
  typfrage_r::RInterruptCheck check;  // all pairs of a large cluster take long
  typfrage::InterruptPoll poll(check);
  return typfrage::gap_w(x, codes.data(), k, d_power, &poll);
}


// log W*_kb of the reference sets first, ..., first + B - 1 (1-based) of a
// run (B x length(ks)); blocks of a run combine to the whole run.
// `references`: optional list of reference matrices (one per replicate of the
// run) to use instead of drawing them (tests); `keep`: also return the
// partitions (1-based) found on every reference set.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_gap_replicates(Eigen::Map<Eigen::MatrixXd> x, Rcpp::IntegerVector ks,
                              int B, std::string space, int d_power, Rcpp::List spec,
                              Rcpp::IntegerVector seed, int threads, bool verbose,
                              Rcpp::Nullable<Rcpp::List> references, bool keep,
                              int first = 1) {
  const typfrage::FitSettings st = typfrage_r::fit_settings(spec, 0);
  const typfrage::ReferenceBox box = typfrage::reference_box(x, gap_space(space));
  const std::vector<int> k(ks.begin(), ks.end());
  std::vector<Eigen::MatrixXd> supplied;
  if (references.isNotNull()) {
    const Rcpp::List refs(references);
    for (R_xlen_t b = 0; b < refs.size(); ++b)
      supplied.push_back(Rcpp::as<Eigen::MatrixXd>(refs[b]));
  }
  typfrage_r::RProgress progress(B, verbose, "Gap statistic");
  // polled inside every refit too, on this (the R) thread only
  typfrage_r::RInterruptCheck check;
  typfrage::InterruptPoll poll(check);
  const typfrage::GapReplicates r = typfrage::gap_replicates(
      st, box, x.rows(), k, B, d_power, typfrage_r::seed_from_r(seed), threads, progress,
      supplied.empty() ? nullptr : &supplied, keep, &poll, first - 1);
  Rcpp::List parts;
  if (keep) {
    parts = Rcpp::List(B);
    for (int b = 0; b < B; ++b) {
      Rcpp::List pb(k.size());
      for (std::size_t j = 0; j < k.size(); ++j) {
        const std::vector<int>& c = r.partitions[b][j];
        Rcpp::IntegerVector v(c.size());
        for (std::size_t i = 0; i < c.size(); ++i) v[i] = c[i] + 1;
        pb[j] = v;
      }
      parts[b] = pb;
    }
  }
  return Rcpp::List::create(Rcpp::Named("log_w") = Rcpp::wrap(r.log_w),
                            Rcpp::Named("partitions") = parts);
}

// Prediction strength of the random splits first, ..., first + B - 1
// (1-based) of a run (B x length(ks)).
// [[Rcpp::export(rng = false)]]
Eigen::MatrixXd cpp_prediction_strength(Eigen::Map<Eigen::MatrixXd> x,
                                        Rcpp::IntegerVector ks, int B, Rcpp::List spec,
                                        Rcpp::IntegerVector seed, int threads,
                                        bool verbose, int first = 1) {
  const typfrage::FitSettings st = typfrage_r::fit_settings(spec, 0);
  const std::vector<int> k(ks.begin(), ks.end());
  typfrage_r::RProgress progress(B, verbose, "Prediction strength");
  typfrage_r::RInterruptCheck check;  // polled inside every refit too
  typfrage::InterruptPoll poll(check);
  return typfrage::prediction_strength(st, x, k, B, typfrage_r::seed_from_r(seed), threads,
                                       progress, &poll, first - 1);
}

// Whether the dispatcher knows a method (the resampling criteria need it).
// [[Rcpp::export(rng = false)]]
bool cpp_has_fit_method(std::string method) {
  try {
    typfrage::method_from_string(method);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

// Fit every k of `ks` to the data with the dispatcher (k = 1: one cluster;
// Ward's tree built once for all k). Fit j uses seed material (seed, j)
// through the replicate runner's engines.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_fit_ks(Eigen::Map<Eigen::MatrixXd> x, Rcpp::IntegerVector ks,
                      Rcpp::List spec, Rcpp::NumericVector weights,
                      Rcpp::IntegerVector seed, int threads, bool verbose) {
  const typfrage::FitSettings st = typfrage_r::fit_settings(spec, 0);
  const std::vector<double> w(weights.begin(), weights.end()), no_distances;
  const typfrage::FitData data{x, w, no_distances};
  const std::vector<int> k(ks.begin(), ks.end());
  std::vector<typfrage::SeedMaterial> seeds;
  for (std::size_t j = 0; j < k.size(); ++j) {
    typfrage::Rng rng(typfrage_r::seed_from_r(seed), static_cast<std::uint64_t>(j));
    seeds.emplace_back(rng.next());
  }
  typfrage_r::RProgress progress(ks.size(), verbose, "Fitting");
  const std::vector<typfrage::Partition> parts = typfrage::fit_ks(st, data, k, seeds, threads, progress);
  Rcpp::List out(ks.size());
  for (std::size_t j = 0; j < parts.size(); ++j) {
    Rcpp::IntegerVector cl(x.rows());
    for (std::size_t i = 0; i < parts[j].cluster.size(); ++i) cl[i] = parts[j].cluster[i] + 1;
    out[j] = cl;
  }
  return out;
}
