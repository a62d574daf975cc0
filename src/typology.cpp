// Glue for typology(): converts R inputs, calls the core's fit dispatcher and
// wraps the Partition (1-based codes and medoids) for R.
#include <Rcpp.h>
#include <RcppEigen.h>

#include <string>
#include <vector>

#include <typfrage/columns.hpp>

#include "r_fit.h"

#include "r_policies.h"
#include "r_tree.h"

// x: n x p matrix (may be 0 x 0 when `distances` are given).
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_fit_partition(Eigen::Map<Eigen::MatrixXd> x, Rcpp::List spec, int k,
                             Rcpp::NumericVector weights, Rcpp::NumericVector distances,
                             Rcpp::IntegerVector seed, int threads, bool verbose) {
  const typfrage::FitSettings st = typfrage_r::fit_settings(spec, k);
  const std::string method = Rcpp::as<std::string>(spec["method"]);
  const int nstart = st.nstart;
  const std::vector<double> w(weights.begin(), weights.end());
  const std::vector<double> dist(distances.begin(), distances.end());
  // Long single k-means starts poll for interrupts inside their iterations.
  typfrage_r::RInterruptCheck check;
  typfrage::InterruptPoll interrupt(check);
  const typfrage::FitData data{x, w, dist, &interrupt};
  const bool ward = st.method == typfrage::Method::ward ||
                    st.method == typfrage::Method::ward_kmeans;
  typfrage_r::RProgress progress(ward ? static_cast<double>(x.rows()) : std::max(1, nstart),
                                 verbose,
                                 method == "pam" ? "k-medoids" : ward ? "Ward" : "k-means");
  typfrage::AnyProgress any = typfrage::AnyProgress::of(progress);
  const typfrage::Partition part =
      typfrage::fit(st, data, typfrage_r::seed_from_r(seed), threads, any);

  Rcpp::IntegerVector cluster(part.cluster.size());
  for (std::size_t i = 0; i < part.cluster.size(); ++i) cluster[i] = part.cluster[i] + 1;
  Rcpp::IntegerVector medoids(part.medoids.size());
  for (std::size_t j = 0; j < part.medoids.size(); ++j)
    medoids[j] = static_cast<int>(part.medoids[j]) + 1;
  Rcpp::LogicalVector converged(part.start_converged.begin(), part.start_converged.end());
  // Ward's tree (hclust's merge, height, order) and the increase of the
  // within-cluster sum of squares at each merge, as hierarchy() returns them.
  Rcpp::RObject tree = R_NilValue;
  if (ward) {
    Rcpp::List t = typfrage_r::wrap_tree(part.tree);
    const std::vector<double> ess = typfrage::merge_ess(part.tree, x, w);
    t["ess"] = Rcpp::NumericVector(ess.begin(), ess.end());
    t["light"] = typfrage::use_light(x.rows(), x.cols(), typfrage::Linkage::ward_d2,
                                     typfrage::Metric::euclidean, st.ward_memory,
                                     st.max_matrix_bytes);
    tree = t;
  }
  return Rcpp::List::create(
      Rcpp::Named("cluster") = cluster,
      Rcpp::Named("centers") = Rcpp::wrap(part.centers),
      Rcpp::Named("objective") = part.objective,
      Rcpp::Named("withinss") = Rcpp::wrap(part.withinss),
      Rcpp::Named("medoids") = medoids,
      Rcpp::Named("best_start") = part.best_start + 1,
      Rcpp::Named("start_objective") = Rcpp::wrap(part.start_objective),
      Rcpp::Named("start_iterations") = Rcpp::wrap(part.start_iterations),
      Rcpp::Named("start_converged") = converged,
      Rcpp::Named("empty_repairs") = part.empty_repairs,
      Rcpp::Named("tree") = tree);
}


// The one instantiation of the dispatcher for the R glue (see r_fit.h).
template typfrage::Partition typfrage::fit<typfrage::AnyProgress>(
    const typfrage::FitSettings&, const typfrage::FitData&, typfrage::SeedMaterial, int,
    typfrage::AnyProgress&);

// Item summaries without n x p temporaries in R (columns.hpp).
// rows: 1-based rows to summarise, empty for all.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_column_summary(Eigen::Map<Eigen::MatrixXd> x, Rcpp::IntegerVector rows,
                              bool finite_only) {
  std::vector<Eigen::Index> r(rows.size());
  for (R_xlen_t i = 0; i < rows.size(); ++i) {
    if (rows[i] == NA_INTEGER || rows[i] < 1 || rows[i] > x.rows()) Rcpp::stop("rows out of range");
    r[static_cast<std::size_t>(i)] = rows[i] - 1;
  }
  const typfrage::ColumnSummary s = typfrage::column_summary(x, r, finite_only);
  return Rcpp::List::create(Rcpp::Named("min") = Rcpp::wrap(s.low),
                            Rcpp::Named("max") = Rcpp::wrap(s.high),
                            Rcpp::Named("missing") = Rcpp::wrap(s.missing));
}

// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_row_nonfinite(Eigen::Map<Eigen::MatrixXd> x) {
  std::vector<int> missing, infinite;
  typfrage::row_nonfinite(x, missing, infinite);
  return Rcpp::List::create(Rcpp::Named("missing") = Rcpp::wrap(missing),
                            Rcpp::Named("infinite") = Rcpp::wrap(infinite));
}

// [[Rcpp::export(rng = false)]]
double cpp_total_ss(Eigen::Map<Eigen::MatrixXd> x, Rcpp::NumericVector weights) {
  if (weights.size() != x.rows()) Rcpp::stop("one weight per row needed");
  const std::vector<double> w(weights.begin(), weights.end());
  return typfrage::total_ss(x, w);
}

// rowsum(x * w, cluster, reorder = TRUE) for codes 1..k (columns.hpp).
// [[Rcpp::export(rng = false)]]
Eigen::MatrixXd cpp_cluster_weighted_sums(Eigen::Map<Eigen::MatrixXd> x,
                                          Rcpp::NumericVector weights,
                                          Rcpp::IntegerVector cluster, int k) {
  if (weights.size() != x.rows() || cluster.size() != x.rows())
    Rcpp::stop("one weight and one code per row needed");
  for (R_xlen_t i = 0; i < cluster.size(); ++i)
    if (cluster[i] == NA_INTEGER || cluster[i] < 1 || cluster[i] > k) Rcpp::stop("codes must be 1..k");
  const std::vector<double> w(weights.begin(), weights.end());
  const std::vector<int> cl(cluster.begin(), cluster.end());
  return typfrage::cluster_weighted_sums(x, w, cl, k);
}

// The item matrix from a list of integer or double columns (NA_integer_ ->
// NA_real_, doubles copied bit for bit), in one allocation: as
// matrix(unlist(lapply(cols, as.double)), n) without the intermediate copies.
// [[Rcpp::export(rng = false)]]
Rcpp::NumericMatrix cpp_columns_matrix(Rcpp::List cols, int n) {
  const int p = cols.size();
  Rcpp::NumericMatrix out(n, p);
  for (int j = 0; j < p; ++j) {
    SEXP v = cols[j];
    double* dst = out.begin() + static_cast<R_xlen_t>(j) * n;
    if (Rf_xlength(v) != n) Rcpp::stop("column %d has the wrong length", j + 1);
    if (TYPEOF(v) == REALSXP) {
      std::copy(REAL(v), REAL(v) + n, dst);
    } else if (TYPEOF(v) == INTSXP || TYPEOF(v) == LGLSXP) {
      const int* src = TYPEOF(v) == INTSXP ? INTEGER(v) : LOGICAL(v);
      for (int i = 0; i < n; ++i) dst[i] = src[i] == NA_INTEGER ? NA_REAL : static_cast<double>(src[i]);
    } else {
      Rcpp::stop("column %d is not numeric", j + 1);
    }
  }
  return out;
}
