// Conversions between R's latent class objects and the core's (lca.cpp,
// lca_covariates.cpp).
#ifndef TYPFRAGE_R_LCA_H
#define TYPFRAGE_R_LCA_H

#include <Rcpp.h>

#include <vector>

#include <typfrage/lca.hpp>

namespace typfrage_r {

// Row-major 0-based codes, -1 for NA.
inline std::vector<int> codes_from_r(const Rcpp::NumericMatrix& x) {
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

// Shares and a list of k x K_j matrices -> core parameters.
inline typfrage::LcaParams params_from_r(const typfrage::LcaData& d, int k,
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

inline Rcpp::List probs_to_r(const typfrage::LcaData& d, const typfrage::LcaParams& par) {
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

// The ordinal model's parameters: list(intercepts = per item b_j0..b_j(K-1),
// locations = k x p matrix of theta).
inline Rcpp::List ordinal_to_r(const typfrage::LcaData& d, const typfrage::LcaParams& par) {
  const int k = par.k;
  Rcpp::List b(d.p);
  Rcpp::NumericMatrix theta(k, d.p);
  for (typfrage::index_t j = 0; j < d.p; ++j) {
    Rcpp::NumericVector bj(d.ncat[j]);
    for (int m = 0; m < d.ncat[j]; ++m) bj[m] = par.b[d.offset[j] + m];
    b[j] = bj;
    for (int c = 0; c < k; ++c) theta(c, j) = par.theta[j * k + c];
  }
  Rcpp::List ord(2);
  ord[0] = b;
  ord[1] = theta;
  ord.attr("names") = Rcpp::CharacterVector::create("intercepts", "locations");
  return ord;
}

inline Rcpp::NumericMatrix posterior_to_r(const std::vector<double>& post, R_xlen_t n, int k) {
  Rcpp::NumericMatrix out(n, k);
  for (R_xlen_t i = 0; i < n; ++i)
    for (int c = 0; c < k; ++c) out(i, c) = post[i * k + c];
  return out;
}

}  // namespace typfrage_r

#endif  // TYPFRAGE_R_LCA_H
