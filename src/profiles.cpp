// Glue for profiles() and the covariate tables: R matrices and 1-based codes
// in, the core's moments and tables out. P-values are added in R.
#include <RcppEigen.h>

#include <typfrage/profiles.hpp>

namespace {
// 1-based R codes (NA allowed) to 0-based codes, -1 for missing.
std::vector<int> zero_based(const Rcpp::IntegerVector& x) {
  std::vector<int> out(x.size());
  for (R_xlen_t i = 0; i < x.size(); ++i)
    out[i] = x[i] == NA_INTEGER ? -1 : x[i] - 1;
  return out;
}

Rcpp::NumericVector vec(const Eigen::VectorXd& v) {
  return Rcpp::NumericVector(v.data(), v.data() + v.size());
}

// The case weights' data (nullptr for NULL), kept alive in `keep`; n rows.
const double* weight_data(const Rcpp::Nullable<Rcpp::NumericVector>& weights, R_xlen_t n,
                          Rcpp::NumericVector& keep) {
  if (weights.isNull()) return nullptr;
  keep = Rcpp::NumericVector(weights);
  if (keep.size() != n) Rcpp::stop("internal error: weights do not match the rows");
  return keep.begin();
}
}  // namespace

// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_profile(Rcpp::NumericMatrix x, Rcpp::IntegerVector type, int k,
                       Rcpp::Nullable<Rcpp::NumericVector> weights) {
  if (type.size() != x.nrow()) Rcpp::stop("internal error: type codes do not match the rows");
  const Eigen::Map<const Eigen::MatrixXd> xm(x.begin(), x.nrow(), x.ncol());
  const std::vector<int> codes = zero_based(type);
  Rcpp::NumericVector w;
  const double* wp = weight_data(weights, x.nrow(), w);
  const typfrage::Profile r = typfrage::profile(xm, codes.data(), k, wp);
  return Rcpp::List::create(
      Rcpp::Named("weight") = Rcpp::wrap(r.moments.weight),
      Rcpp::Named("count") = Rcpp::wrap(r.moments.count),
      Rcpp::Named("mean") = Rcpp::wrap(r.moments.mean),
      Rcpp::Named("sd") = Rcpp::wrap(r.sd),
      Rcpp::Named("z") = Rcpp::wrap(r.z),
      Rcpp::Named("d") = Rcpp::wrap(r.d),
      Rcpp::Named("item_weight") = vec(r.weight),
      Rcpp::Named("item_count") = vec(r.count),
      Rcpp::Named("item_mean") = vec(r.mean),
      Rcpp::Named("item_sd") = vec(r.sd_overall),
      Rcpp::Named("ss_total") = vec(r.ss_total),
      Rcpp::Named("ss_between") = vec(r.ss_between),
      Rcpp::Named("ss_within") = vec(r.ss_within),
      Rcpp::Named("eta2") = vec(r.eta2),
      Rcpp::Named("f") = vec(r.f),
      Rcpp::Named("df_between") = vec(r.df_between),
      Rcpp::Named("df_within") = vec(r.df_within));
}

// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_cross_table(Rcpp::IntegerVector type, int k, Rcpp::IntegerVector category,
                           int m, Rcpp::Nullable<Rcpp::NumericVector> weights) {
  if (type.size() != category.size()) Rcpp::stop("internal error: lengths differ");
  const std::vector<int> tx = zero_based(type), cy = zero_based(category);
  Rcpp::NumericVector w;
  const double* wp = weight_data(weights, type.size(), w);
  const typfrage::CrossTable r =
      typfrage::cross_table(tx.data(), cy.data(), type.size(), k, m, wp);
  Rcpp::NumericMatrix table(k, m);
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < m; ++j) table(i, j) = r.table.at(i, j);
  return Rcpp::List::create(
      Rcpp::Named("table") = table,
      Rcpp::Named("expected") = Rcpp::wrap(r.expected),
      Rcpp::Named("residual") = Rcpp::wrap(r.residual),
      Rcpp::Named("chisq") = r.chisq, Rcpp::Named("df") = r.df,
      Rcpp::Named("cramers_v") = r.cramers_v, Rcpp::Named("n") = r.table.total);
}

// Kruskal-Wallis H and df for every column of x.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_kruskal(Rcpp::NumericMatrix x, Rcpp::IntegerVector type, int k,
                       Rcpp::Nullable<Rcpp::NumericVector> weights) {
  if (type.size() != x.nrow()) Rcpp::stop("internal error: type codes do not match the rows");
  const std::vector<int> codes = zero_based(type);
  Rcpp::NumericVector w;
  const double* wp = weight_data(weights, x.nrow(), w);
  const int p = x.ncol();
  Rcpp::NumericVector h(p), df(p);
  for (int j = 0; j < p; ++j) {
    const typfrage::KruskalWallis r = typfrage::kruskal_wallis(
        &x(0, j), codes.data(), x.nrow(), k, wp);
    h[j] = r.statistic;
    df[j] = r.df;
  }
  return Rcpp::List::create(Rcpp::Named("statistic") = h, Rcpp::Named("df") = df);
}
