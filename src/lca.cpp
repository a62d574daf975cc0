// Glue for latent class analysis: R's item matrix (codes 1..K_j, NA for a
// missing response; validated in R) in, the fit as a list out.
#include <Rcpp.h>

#include <string>
#include <vector>

#include <typfrage/lca.hpp>

#include "r_policies.h"

namespace {

// Row-major 0-based codes, -1 for NA.
std::vector<int> codes_from_r(const Rcpp::NumericMatrix& x) {
  const R_xlen_t n = x.nrow(), p = x.ncol();
  std::vector<int> codes(static_cast<std::size_t>(n * p));
  for (R_xlen_t j = 0; j < p; ++j) {
    for (R_xlen_t i = 0; i < n; ++i) {
      const double v = x(i, j);
      codes[i * p + j] = ISNAN(v) ? -1 : static_cast<int>(v) - 1;
    }
  }
  return codes;
}

typfrage::LcaModel model_from_r(const std::string& model) {
  if (model == "categorical") return typfrage::LcaModel::categorical;
  if (model == "ordinal") return typfrage::LcaModel::ordinal;
  Rcpp::stop("internal error: unknown LCA model '%s'", model);
}

// Shares and a list of k x K_j matrices -> core parameters.
typfrage::LcaParams params_from_r(const typfrage::LcaData& d, int k,
                                  const Rcpp::NumericVector& shares,
                                  const Rcpp::List& probs) {
  typfrage::LcaParams par;
  par.k = k;
  par.shares.assign(shares.begin(), shares.end());
  par.probs.assign(static_cast<std::size_t>(d.total_cat * k), 0.0);
  for (typfrage::index_t j = 0; j < d.p; ++j) {
    Rcpp::NumericMatrix pj = probs[j];
    if (pj.nrow() != k || pj.ncol() != d.ncat[j]) Rcpp::stop("internal error: probs has the wrong shape");
    for (int m = 0; m < d.ncat[j]; ++m)
      for (int c = 0; c < k; ++c) par.probs[(d.offset[j] + m) * k + c] = pj(c, m);
  }
  return par;
}

Rcpp::List probs_to_r(const typfrage::LcaData& d, const typfrage::LcaParams& par) {
  const int k = par.k;
  Rcpp::List out(d.p);
  for (typfrage::index_t j = 0; j < d.p; ++j) {
    Rcpp::NumericMatrix pj(k, d.ncat[j]);
    for (int m = 0; m < d.ncat[j]; ++m)
      for (int c = 0; c < k; ++c) pj(c, m) = par.probs[(d.offset[j] + m) * k + c];
    out[j] = pj;
  }
  return out;
}

Rcpp::NumericMatrix posterior_to_r(const std::vector<double>& post, R_xlen_t n, int k) {
  Rcpp::NumericMatrix out(n, k);
  for (R_xlen_t i = 0; i < n; ++i)
    for (int c = 0; c < k; ++c) out(i, c) = post[i * k + c];
  return out;
}

}  // namespace

// Fit a latent class model with nstart starts; `starts` is a list of user
// start values (each a list of k x K_j matrices; shares equal), used for the
// first starts.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_lca_fit(Rcpp::NumericMatrix x, Rcpp::IntegerVector ncat, int k,
                       std::string model, Rcpp::NumericVector weights, int nstart,
                       int maxiter, double tol, Rcpp::IntegerVector seed, int threads,
                       bool verbose, Rcpp::List starts) {
  const std::vector<int> codes = codes_from_r(x);
  const typfrage::LcaData d(codes.data(), x.nrow(), x.ncol(),
                            std::vector<int>(ncat.begin(), ncat.end()),
                            weights.size() ? weights.begin() : nullptr);
  typfrage::LcaControl ctl;
  ctl.k = k;
  ctl.model = model_from_r(model);
  ctl.maxiter = maxiter;
  ctl.tol = tol;
  std::vector<typfrage::LcaParams> user;
  Rcpp::NumericVector equal(k, 1.0 / k);
  for (R_xlen_t s = 0; s < starts.size(); ++s) {
    user.push_back(params_from_r(d, k, equal, Rcpp::as<Rcpp::List>(starts[s])));
  }
  typfrage_r::RProgress progress(nstart, verbose, "Latent class starts");
  const typfrage::LcaFit fit = typfrage::lca_fit(d, ctl, nstart, typfrage_r::seed_from_r(seed),
                                                 threads, progress, user);
  Rcpp::RObject ordinal = R_NilValue;
  if (ctl.model == typfrage::LcaModel::ordinal) {
    Rcpp::List b(d.p);
    Rcpp::NumericMatrix theta(k, d.p);
    for (typfrage::index_t j = 0; j < d.p; ++j) {
      Rcpp::NumericVector bj(d.ncat[j]);
      for (int m = 0; m < d.ncat[j]; ++m) bj[m] = fit.best.params.b[d.offset[j] + m];
      b[j] = bj;
      for (int c = 0; c < k; ++c) theta(c, j) = fit.best.params.theta[j * k + c];
    }
    ordinal = Rcpp::List::create(Rcpp::Named("intercepts") = b, Rcpp::Named("locations") = theta);
  }
  Rcpp::LogicalVector conv(fit.start_converged.begin(), fit.start_converged.end());
  return Rcpp::List::create(
      Rcpp::Named("loglik") = fit.best.loglik,
      Rcpp::Named("iterations") = fit.best.iterations,
      Rcpp::Named("converged") = fit.best.converged,
      Rcpp::Named("shares") = Rcpp::NumericVector(fit.best.params.shares.begin(),
                                                  fit.best.params.shares.end()),
      Rcpp::Named("probs") = probs_to_r(d, fit.best.params),
      Rcpp::Named("posterior") = posterior_to_r(fit.posterior, x.nrow(), k),
      Rcpp::Named("entropy") = fit.entropy,
      Rcpp::Named("npar") = static_cast<double>(fit.npar),
      Rcpp::Named("best_start") = fit.best_start + 1,
      Rcpp::Named("start_loglik") = Rcpp::NumericVector(fit.start_loglik.begin(), fit.start_loglik.end()),
      Rcpp::Named("start_iterations") = Rcpp::IntegerVector(fit.start_iterations.begin(),
                                                            fit.start_iterations.end()),
      Rcpp::Named("start_converged") = conv,
      Rcpp::Named("ordinal") = ordinal);
}

// Posterior class probabilities of (new) cases under fitted parameters;
// attribute "loglik" holds the log-likelihood of the cases.
// [[Rcpp::export(rng = false)]]
Rcpp::NumericMatrix cpp_lca_posterior(Rcpp::NumericMatrix x, Rcpp::IntegerVector ncat,
                                      Rcpp::NumericVector shares, Rcpp::List probs) {
  const std::vector<int> codes = codes_from_r(x);
  const typfrage::LcaData d(codes.data(), x.nrow(), x.ncol(),
                            std::vector<int>(ncat.begin(), ncat.end()), nullptr);
  const int k = shares.size();
  const typfrage::LcaParams par = params_from_r(d, k, shares, probs);
  std::vector<double> post(static_cast<std::size_t>(d.n * k));
  const double ll = typfrage::lca_posterior(d, par, post.data());
  Rcpp::NumericMatrix out = posterior_to_r(post, x.nrow(), k);
  out.attr("loglik") = ll;
  return out;
}
