// Glue for predict() and the nearest-prototype passes of the fits: converts
// R inputs, calls the core's assign_nearest() (assign.hpp), returns 1-based
// types.
#include <Rcpp.h>
#include <RcppEigen.h>

#include <string>
#include <vector>

#include <typfrage/assign.hpp>

// x: n x p (NaN = not answered); proto: k x p; priority: tie order (smaller
// wins), empty for the index order; gower: list(range, nominal, weight) or
// NULL.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_assign_nearest(Eigen::Map<Eigen::MatrixXd> x, Eigen::Map<Eigen::MatrixXd> proto,
                              std::string metric, Rcpp::Nullable<Rcpp::List> gower,
                              Rcpp::IntegerVector priority, bool rescale, bool keep_dist,
                              int threads) {
  typfrage::GowerSpec g;
  const typfrage::Metric m = typfrage::metric_from_string(metric);
  if (m == typfrage::Metric::gower) {
    const Rcpp::List gl(gower.get());
    const Rcpp::NumericVector range = gl["range"];
    const Rcpp::LogicalVector nominal = gl["nominal"];
    const Rcpp::NumericVector weight = gl["weight"];
    g.range.assign(range.begin(), range.end());
    g.nominal.assign(nominal.begin(), nominal.end());
    g.weight.assign(weight.begin(), weight.end());
  }
  const std::vector<int> prio(priority.begin(), priority.end());
  const typfrage::Assignment a =
      typfrage::assign_nearest(x, proto, m, g, prio, rescale, keep_dist, threads);
  Rcpp::IntegerVector cluster(a.nearest.size());
  for (std::size_t i = 0; i < a.nearest.size(); ++i)
    cluster[i] = a.nearest[i] < 0 ? NA_INTEGER : a.nearest[i] + 1;
  Rcpp::IntegerVector used(a.used.begin(), a.used.end());
  Rcpp::RObject dist = R_NilValue;
  if (keep_dist) dist = Rcpp::wrap(a.dist);
  return Rcpp::List::create(Rcpp::Named("cluster") = cluster, Rcpp::Named("used") = used,
                            Rcpp::Named("dist") = dist);
}
