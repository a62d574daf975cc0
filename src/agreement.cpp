// Glue for agreement() and match_labels(): R factor codes in, indices out.
#include <Rcpp.h>

#include <typfrage/agreement.hpp>
#include <typfrage/hungarian.hpp>

namespace {
typfrage::Contingency table_from_codes(const Rcpp::IntegerVector& x, int kx,
                                       const Rcpp::IntegerVector& y, int ky) {
  // R codes are 1-based; the core works on 0-based codes.
  const R_xlen_t n = x.size();
  std::vector<int> cx(n), cy(n);
  for (R_xlen_t i = 0; i < n; ++i) {
    cx[i] = x[i] - 1;
    cy[i] = y[i] - 1;
  }
  return typfrage::contingency(cx.data(), cy.data(), n, kx, ky);
}
}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_agreement(Rcpp::IntegerVector x, int kx, Rcpp::IntegerVector y, int ky) {
  const typfrage::Contingency t = table_from_codes(x, kx, y, ky);
  const typfrage::AgreementIndices r = typfrage::agreement_indices(t);
  Rcpp::NumericMatrix table(kx, ky);
  for (int i = 0; i < kx; ++i)
    for (int j = 0; j < ky; ++j) table(i, j) = t.at(i, j);
  return Rcpp::List::create(
      Rcpp::Named("ari") = r.ari, Rcpp::Named("rand") = r.rand,
      Rcpp::Named("jaccard") = r.jaccard, Rcpp::Named("nmi") = r.nmi,
      Rcpp::Named("vi") = r.vi, Rcpp::Named("mi") = r.mi,
      Rcpp::Named("entropy_x") = r.entropy_x,
      Rcpp::Named("entropy_y") = r.entropy_y, Rcpp::Named("table") = table);
}

// For every cluster of x (1-based code), the matched reference cluster
// (1-based) or NA when x has more clusters than the reference.
// [[Rcpp::export(rng = false)]]
Rcpp::IntegerVector cpp_match_labels(Rcpp::IntegerVector x, int kx,
                                     Rcpp::IntegerVector y, int ky) {
  const typfrage::Contingency t = table_from_codes(x, kx, y, ky);
  const std::vector<typfrage::index_t> m = typfrage::match_clusters(t);
  Rcpp::IntegerVector out(kx);
  for (int i = 0; i < kx; ++i) out[i] = m[i] < 0 ? NA_INTEGER : static_cast<int>(m[i]) + 1;
  return out;
}
