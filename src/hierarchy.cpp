// Glue for hierarchy(): R data or a dist object in, hclust components out.
#include <Rcpp.h>

#include <string>
#include <vector>

#include <typfrage/hierarchy.hpp>

#include "r_policies.h"
#include "r_tree.h"

namespace {

using typfrage_r::wrap_tree;

typfrage::TreeMemory memory_from_string(const std::string& s) {
  if (s == "matrix") return typfrage::TreeMemory::matrix;
  if (s == "light") return typfrage::TreeMemory::light;
  return typfrage::TreeMemory::automatic;
}

std::vector<double> as_std(const Rcpp::Nullable<Rcpp::NumericVector>& w) {
  if (w.isNull()) return std::vector<double>();
  Rcpp::NumericVector v(w.get());
  return std::vector<double>(v.begin(), v.end());
}

}  // namespace

// Tree of the rows of x. `light` chooses the algorithm: "auto", "matrix" or
// "light" (validated in R). Returns merge, height, order, ess (the increase
// of the within-cluster sum of squares of x at each merge) and `light`.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_hierarchy_data(Rcpp::NumericMatrix x, Rcpp::Nullable<Rcpp::NumericVector> weights,
                              std::string linkage, std::string distance,
                              Rcpp::NumericVector gower_range, Rcpp::LogicalVector gower_nominal,
                              std::string memory, double max_matrix_bytes, int threads,
                              bool verbose) {
  const Eigen::Map<const Eigen::MatrixXd> xm(x.begin(), x.nrow(), x.ncol());
  const std::vector<double> w = as_std(weights);
  typfrage::HierarchyOptions opt;
  opt.linkage = typfrage::linkage_from_string(linkage);
  opt.metric = typfrage::metric_from_string(distance);
  opt.memory = memory_from_string(memory);
  opt.max_matrix_bytes = max_matrix_bytes;
  opt.threads = threads;
  if (opt.metric == typfrage::Metric::gower) {
    opt.gower.range.assign(gower_range.begin(), gower_range.end());
    opt.gower.nominal.assign(gower_nominal.size(), 0);
    for (R_xlen_t f = 0; f < gower_nominal.size(); ++f) opt.gower.nominal[f] = gower_nominal[f] ? 1 : 0;
  }
  const bool light = typfrage::use_light(xm.rows(), xm.cols(), opt.linkage, opt.metric, opt.memory,
                                         opt.max_matrix_bytes);
  typfrage_r::RProgress progress(static_cast<double>(x.nrow()), verbose, "Clustering");
  const typfrage::Tree t = typfrage::hierarchy_tree(xm, w, opt, progress);
  Rcpp::List out = wrap_tree(t);
  const std::vector<double> ess = typfrage::merge_ess(t, xm, w);
  out["ess"] = Rcpp::NumericVector(ess.begin(), ess.end());
  out["light"] = light;
  return out;
}

// The algorithm hierarchy() and typology()'s Ward methods will use for n
// rows and p items ("light" or "matrix"): the rule of use_light(), asked by R
// before it checks the memory of a stored matrix.
// [[Rcpp::export(rng = false)]]
std::string cpp_tree_memory(double n, double p, std::string linkage, std::string distance,
                            std::string memory, double max_matrix_bytes) {
  const bool light = typfrage::use_light(
      static_cast<typfrage::index_t>(n), static_cast<typfrage::index_t>(p),
      typfrage::linkage_from_string(linkage), typfrage::metric_from_string(distance),
      memory_from_string(memory), max_matrix_bytes);
  return light ? "light" : "matrix";
}

// Tree from a dist object's values (R's dist order, not changed).
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_hierarchy_dist(Rcpp::NumericVector d, int n,
                              Rcpp::Nullable<Rcpp::NumericVector> weights, std::string linkage,
                              int threads, bool verbose) {
  std::vector<double> dd(d.begin(), d.end());  // the algorithms overwrite it
  const std::vector<double> w = as_std(weights);
  typfrage_r::RProgress progress(static_cast<double>(n), verbose, "Clustering");
  const typfrage::Tree t = typfrage::hierarchy_tree_dist(dd, n, typfrage::linkage_from_string(linkage),
                                                         w, threads, progress);
  return wrap_tree(t);
}
