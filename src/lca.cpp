// Glue for latent class analysis: R's item matrix (codes 1..K_j, NA for a
// missing response; validated in R) in, the fit as a list out.
#include <Rcpp.h>

#include <string>
#include <vector>

#include "r_fit.h"
#include <typfrage/lca.hpp>

#include "r_lca.h"
#include "r_policies.h"


// Fit a latent class model through the core's fit dispatcher (nstart starts
// through the replicate runner); `spec` is fit_spec(method = "lca", ...).
// `starts` is a list of user start values (each a list of k x K_j matrices;
// equal shares), used for the first starts.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_lca_fit(Rcpp::NumericMatrix x, Rcpp::List spec, int k,
                       Rcpp::NumericVector weights, Rcpp::IntegerVector seed, int threads,
                       bool verbose, Rcpp::List starts) {
  typfrage::FitSettings st = typfrage_r::fit_settings(spec, k);
  const int nstart = st.nstart;
  // The layout of the parameters only needs the category counts.
  const std::vector<int> none;
  const typfrage::LcaData layout(none.data(), 0, x.ncol(), st.lca_ncat, nullptr);
  Rcpp::NumericVector equal(k, 1.0 / k);
  for (R_xlen_t s = 0; s < starts.size(); ++s)
    st.lca_starts.push_back(typfrage_r::params_from_r(layout, k, equal, Rcpp::as<Rcpp::List>(starts[s])));
  const std::vector<double> w(weights.begin(), weights.end());
  const std::vector<double> dist;
  const Eigen::Map<const Eigen::MatrixXd> xm(x.begin(), x.nrow(), x.ncol());
  // Long EM runs poll for interrupts once per iteration.
  typfrage_r::RInterruptCheck check;
  typfrage::InterruptPoll interrupt(check);
  const typfrage::FitData data{xm, w, dist, &interrupt};
  typfrage_r::RProgress progress(std::max(1, nstart), verbose, "Latent class starts");
  typfrage::AnyProgress any = typfrage::AnyProgress::of(progress);
  const typfrage::Partition part =
      typfrage::fit(st, data, typfrage_r::seed_from_r(seed), threads, any);

  const typfrage::index_t p = x.ncol();
  const std::size_t ns = part.start_objective.size();
  Rcpp::NumericVector start_loglik(ns);
  for (std::size_t s = 0; s < ns; ++s) start_loglik[s] = -0.5 * part.start_objective[s];
  Rcpp::IntegerVector cluster(part.cluster.size());
  for (std::size_t i = 0; i < part.cluster.size(); ++i) cluster[i] = part.cluster[i] + 1;
  const std::size_t best = static_cast<std::size_t>(part.best_start);
  // (assembled by position: Rcpp::List::create() with many arguments
  // instantiates large templates)
  const char* names[] = {"cluster", "centers", "loglik", "iterations", "converged",
                         "shares", "probs", "posterior", "entropy", "npar",
                         "best_start", "start_loglik", "start_iterations",
                         "start_converged", "ordinal"};
  const int nn = sizeof(names) / sizeof(names[0]);
  Rcpp::List out(nn);
  Rcpp::NumericMatrix centers(k, p);
  for (int c = 0; c < k; ++c)
    for (typfrage::index_t j = 0; j < p; ++j) centers(c, j) = part.centers(c, j);
  out[0] = cluster;
  out[1] = centers;
  out[2] = part.loglik;
  out[3] = part.start_iterations[best];
  out[4] = static_cast<bool>(part.start_converged[best]);
  out[5] = Rcpp::NumericVector(part.lca.shares.begin(), part.lca.shares.end());
  out[6] = typfrage_r::probs_to_r(layout, part.lca);
  out[7] = typfrage_r::posterior_to_r(part.posterior, x.nrow(), k);
  out[8] = part.entropy;
  out[9] = static_cast<double>(part.npar);
  out[10] = part.best_start + 1;
  out[11] = start_loglik;
  out[12] = Rcpp::IntegerVector(part.start_iterations.begin(), part.start_iterations.end());
  out[13] = Rcpp::LogicalVector(part.start_converged.begin(), part.start_converged.end());
  out[14] = st.lca_model == typfrage::LcaModel::ordinal
                ? Rcpp::RObject(typfrage_r::ordinal_to_r(layout, part.lca))
                : Rcpp::RObject(R_NilValue);
  Rcpp::CharacterVector nms(nn);
  for (int i = 0; i < nn; ++i) nms[i] = names[i];
  out.attr("names") = nms;
  return out;
}

// Posterior class probabilities of (new) cases under fitted parameters;
// attribute "loglik" holds the log-likelihood of the cases.
// [[Rcpp::export(rng = false)]]
Rcpp::NumericMatrix cpp_lca_posterior(Rcpp::NumericMatrix x, Rcpp::IntegerVector ncat,
                                      Rcpp::NumericVector shares, Rcpp::List probs) {
  const std::vector<int> codes = typfrage_r::codes_from_r(x);
  const typfrage::LcaData d(codes.data(), x.nrow(), x.ncol(),
                            std::vector<int>(ncat.begin(), ncat.end()), nullptr);
  const int k = shares.size();
  const typfrage::LcaParams par = typfrage_r::params_from_r(d, k, shares, probs);
  std::vector<double> post(static_cast<std::size_t>(d.n * k));
  const double ll = typfrage::lca_posterior(d, par, post.data());
  Rcpp::NumericMatrix out = typfrage_r::posterior_to_r(post, x.nrow(), k);
  out.attr("loglik") = ll;
  return out;
}
