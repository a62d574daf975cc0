// Glue for silhouette_widths() and cluster_indices(): R data, 1-based codes
// and optional weights in; widths and indices out.
#include <Rcpp.h>
#include <RcppEigen.h>

#include <memory>
#include <string>
#include <vector>

#include <typfrage/indices.hpp>
#include <typfrage/indices_pairs.hpp>
#include <typfrage/indices_scatter.hpp>

#include "r_policies.h"

namespace {

std::vector<int> zero_based(const Rcpp::IntegerVector& cl) {
  std::vector<int> out(cl.size());
  for (R_xlen_t i = 0; i < cl.size(); ++i) out[i] = cl[i] - 1;
  return out;
}

const double* weight_ptr(const Rcpp::Nullable<Rcpp::NumericVector>& weights,
                         Rcpp::NumericVector& holder) {
  if (weights.isNull()) return nullptr;
  holder = Rcpp::NumericVector(weights);
  return holder.begin();
}

// Gower settings: `gower` = list(range, nominal[, weight]) as typology() stores them.
typfrage::GowerSpec gower_spec(const Rcpp::List& gower) {
  typfrage::GowerSpec g;
  const Rcpp::NumericVector range = gower["range"];
  const Rcpp::LogicalVector nominal = gower["nominal"];
  g.range.assign(range.begin(), range.end());
  for (R_xlen_t f = 0; f < nominal.size(); ++f) g.nominal.push_back(nominal[f] ? 1 : 0);
  if (gower.containsElementNamed("weight")) {
    const Rcpp::NumericVector weight = gower["weight"];
    g.weight.assign(weight.begin(), weight.end());
  }
  return g;
}

// Run the pair pass with the row provider for `metric` (or the stored dist).
template <typename Fn>
typfrage::PairPassResult with_rows(const Eigen::Map<Eigen::MatrixXd>& x,
                                   const std::string& metric,
                                   const Rcpp::List& gower, Fn&& fn) {
  const typfrage::Metric m = typfrage::metric_from_string(metric);
  if (m == typfrage::Metric::gower) {
    typfrage::Distance d(x, m, gower_spec(gower));
    return fn(typfrage::MetricRows(d));
  }
  return fn(m);
}

// Generic pass for a row provider; the dense fast path for a plain metric.
template <typename Progress>
typfrage::PairPassResult pass(const typfrage::MetricRows& rows,
                              const Eigen::Map<Eigen::MatrixXd>&, const int* cl, int k,
                              const double* w, bool sil, bool dunn, int threads,
                              Progress& progress) {
  return typfrage::pair_pass(rows, cl, k, w, sil, dunn, threads, progress);
}
template <typename Progress>
typfrage::PairPassResult pass(typfrage::Metric metric, const Eigen::Map<Eigen::MatrixXd>& x,
                              const int* cl, int k, const double* w, bool sil, bool dunn,
                              int threads, Progress& progress) {
  return typfrage::pair_pass_dense(x, metric, cl, k, w, sil, dunn, threads, progress);
}

Rcpp::List silhouette_list(const typfrage::PairPassResult& r) {
  Rcpp::IntegerVector nb(r.neighbor.size());
  for (std::size_t i = 0; i < r.neighbor.size(); ++i) nb[i] = r.neighbor[i] + 1;
  return Rcpp::List::create(
      Rcpp::Named("sil_width") = Rcpp::wrap(r.width), Rcpp::Named("neighbor") = nb,
      Rcpp::Named("own") = Rcpp::wrap(r.own), Rcpp::Named("other") = Rcpp::wrap(r.other));
}

}  // namespace

// Silhouette widths from the data, streaming (no distance matrix).
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_silhouette_data(Eigen::Map<Eigen::MatrixXd> x, Rcpp::IntegerVector cl,
                               int k, Rcpp::Nullable<Rcpp::NumericVector> weights,
                               std::string metric, Rcpp::List gower, int threads,
                               bool verbose) {
  const std::vector<int> codes = zero_based(cl);
  Rcpp::NumericVector wh;
  const double* w = weight_ptr(weights, wh);
  typfrage_r::RProgress progress(static_cast<double>(x.rows()), verbose, "Silhouettes");
  const typfrage::PairPassResult r =
      with_rows(x, metric, gower, [&](const auto& rows) {
        return pass(rows, x, codes.data(), k, w, true, false, threads, progress);
      });
  return silhouette_list(r);
}

// Silhouette widths (and Dunn's index) from a stored `dist` vector.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_pairs_dist(Rcpp::NumericVector d, int n, Rcpp::IntegerVector cl, int k,
                          Rcpp::Nullable<Rcpp::NumericVector> weights, bool silhouettes,
                          bool dunn, int threads, bool verbose) {
  const std::vector<int> codes = zero_based(cl);
  Rcpp::NumericVector wh;
  const double* w = weight_ptr(weights, wh);
  typfrage_r::RProgress progress(static_cast<double>(n), verbose, "Silhouettes");
  typfrage::CondensedRows rows(d.begin(), n);
  const typfrage::PairPassResult r =
      typfrage::pair_pass(rows, codes.data(), k, w, silhouettes, dunn, threads, progress);
  Rcpp::List out = silhouettes ? silhouette_list(r) : Rcpp::List::create();
  out["dunn"] = r.dunn;
  out["min_separation"] = r.min_separation;
  out["max_diameter"] = r.max_diameter;
  return out;
}

// All internal indices of one partition of the data. Pair-based indices
// (silhouettes, Dunn) only when asked: they cost O(n^2 p).
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_cluster_indices(Eigen::Map<Eigen::MatrixXd> x, Rcpp::IntegerVector cl,
                               int k, Rcpp::Nullable<Rcpp::NumericVector> weights,
                               std::string metric, Rcpp::List gower, bool silhouettes,
                               bool dunn, int threads, bool verbose) {
  const std::vector<int> codes = zero_based(cl);
  Rcpp::NumericVector wh;
  const double* w = weight_ptr(weights, wh);
  const typfrage::SumsOfSquares s = typfrage::sums_of_squares(x, codes.data(), k, w);
  Rcpp::List out = Rcpp::List::create(
      Rcpp::Named("size") = Rcpp::wrap(s.size),
      Rcpp::Named("withinss") = Rcpp::wrap(s.withinss),
      Rcpp::Named("tot_withinss") = s.tot_withinss, Rcpp::Named("totss") = s.totss,
      Rcpp::Named("betweenss") = s.betweenss,
      Rcpp::Named("ch") = typfrage::calinski_harabasz(s),
      Rcpp::Named("db") = typfrage::davies_bouldin(s));
  out["silhouette"] = NA_REAL;
  out["dunn"] = NA_REAL;
  if ((silhouettes || dunn) && k >= 2) {
    typfrage_r::RProgress progress(static_cast<double>(x.rows()), verbose, "Pairwise indices");
    const typfrage::PairPassResult r =
        with_rows(x, metric, gower, [&](const auto& rows) {
          return pass(rows, x, codes.data(), k, w, silhouettes, dunn, threads, progress);
        });
    if (silhouettes)
      out["silhouette"] = typfrage::summarise_silhouettes(r.width, codes.data(), k, w).overall;
    if (dunn) out["dunn"] = r.dunn;
  }
  return out;
}

// The NbClust / clusterCrit / fpc indices of partitions of the same rows
// (list `cls` of 1-based codes, `ks` their numbers of clusters, each >= 2):
// the moment-based ones always (weighted), the pair-based ones when `pairs`,
// the rank-based ones when `ranks` (unweighted; R checks the memory for
// those). The distances of all pairs are sorted once for all partitions.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_extra_indices(Eigen::Map<Eigen::MatrixXd> x, Rcpp::List cls, Rcpp::IntegerVector ks,
                             Rcpp::Nullable<Rcpp::NumericVector> weights, std::string metric,
                             Rcpp::List gower, bool pairs, bool ranks, int threads,
                             bool verbose) {
  Rcpp::NumericVector wh;
  const double* w = weight_ptr(weights, wh);
  std::unique_ptr<typfrage::Distance> d;  // only for the pair and rank indices
  if (pairs || ranks) {
    const typfrage::Metric m = typfrage::metric_from_string(metric);
    d = m == typfrage::Metric::gower
            ? std::make_unique<typfrage::Distance>(x, m, gower_spec(gower))
            : std::make_unique<typfrage::Distance>(x, m);
  }
  std::vector<typfrage::SortedPair> sorted;
  if (ranks) {
    typfrage_r::RProgress progress(static_cast<double>(x.rows()), verbose, "Rank indices");
    sorted = typfrage::sorted_pairs(*d, threads, progress);
  }
  Rcpp::List out(cls.size());
  for (R_xlen_t p = 0; p < cls.size(); ++p) {
    const std::vector<int> codes = zero_based(Rcpp::IntegerVector(cls[p]));
    const int k = ks[p];
    typfrage::IndexValues v = typfrage::scatter_indices(x, codes.data(), k, w);
    if (pairs) {
      typfrage_r::RProgress progress(static_cast<double>(x.rows()), verbose, "Pair indices");
      const typfrage::PairStats ps = typfrage::pair_stats(*d, codes.data(), k, threads, progress);
      const typfrage::Scatter sc = typfrage::scatter(x, codes.data(), k, nullptr);
      for (const auto& kv : typfrage::pair_indices(ps, sc, codes.data())) v[kv.first] = kv.second;
      v["widestgap"] = typfrage::widest_gap(*d, codes.data(), k);
    }
    if (ranks)
      for (const auto& kv : typfrage::rank_indices(sorted, codes.data(), x.rows()))
        v[kv.first] = kv.second;
    Rcpp::NumericVector values(v.size());
    Rcpp::CharacterVector names(v.size());
    R_xlen_t j = 0;
    for (const auto& kv : v) {
      names[j] = kv.first;
      values[j++] = kv.second;
    }
    values.attr("names") = names;
    const typfrage::SumsOfSquares s = typfrage::sums_of_squares(x, codes.data(), k, w);
    out[p] = Rcpp::List::create(Rcpp::Named("values") = values,
                                Rcpp::Named("withinss") = Rcpp::wrap(s.withinss),
                                Rcpp::Named("size") = Rcpp::wrap(s.size));
    Rcpp::checkUserInterrupt();
  }
  return out;
}
