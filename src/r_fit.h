// The core's fit dispatcher for the R glue. fit() is a template on the
// progress policy; the glue always calls it with the type-erased AnyProgress,
// and it is instantiated once, at the end of typology.cpp, so the other glue
// files that call it (lca.cpp) do not each compile (and ship debugging
// information for) every method.
#ifndef TYPFRAGE_R_FIT_H
#define TYPFRAGE_R_FIT_H

#include <typfrage/fit.hpp>

#include <Rcpp.h>

#include <string>

#include "r_policies.h"

namespace typfrage_r {

// Fit settings from R: the list fit_spec() builds (method, nstart, max_iter,
// distance, gower_range, gower_nominal, gower_weight, max_matrix_bytes; for
// LCA lca_model, lca_ncat, lca_tol), and the number of types. The one place
// where R's settings become the dispatcher's.
inline typfrage::FitSettings fit_settings(const Rcpp::List& spec, int k) {
  typfrage::FitSettings st;
  st.method = typfrage::method_from_string(Rcpp::as<std::string>(spec["method"]));
  st.k = k;
  st.nstart = Rcpp::as<int>(spec["nstart"]);
  st.max_iter = Rcpp::as<int>(spec["max_iter"]);
  const std::string distance = Rcpp::as<std::string>(spec["distance"]);
  if (distance != "none") st.metric = typfrage::metric_from_string(distance);
  if (spec.containsElementNamed("max_matrix_bytes"))
    st.max_matrix_bytes = Rcpp::as<double>(spec["max_matrix_bytes"]);
  if (st.metric == typfrage::Metric::gower) {
    const Rcpp::NumericVector range = spec["gower_range"];
    const Rcpp::LogicalVector nominal = spec["gower_nominal"];
    const Rcpp::NumericVector weight = spec["gower_weight"];
    st.gower.range.assign(range.begin(), range.end());
    st.gower.nominal.assign(nominal.begin(), nominal.end());
    st.gower.weight.assign(weight.begin(), weight.end());
  }
  if (st.method == typfrage::Method::lca) {
    st.lca_model = typfrage::lca_model_from_string(Rcpp::as<std::string>(spec["lca_model"]));
    const Rcpp::IntegerVector ncat = spec["lca_ncat"];
    st.lca_ncat.assign(ncat.begin(), ncat.end());
    st.lca_tol = Rcpp::as<double>(spec["lca_tol"]);
  }
  return st;
}

}  // namespace typfrage_r

extern template typfrage::Partition typfrage::fit<typfrage::AnyProgress>(
    const typfrage::FitSettings&, const typfrage::FitData&, typfrage::SeedMaterial, int,
    typfrage::AnyProgress&);

#endif  // TYPFRAGE_R_FIT_H
