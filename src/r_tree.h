// A core Tree (hclust conventions) as the R list of hclust's merge, height
// and order; shared by the glue of hierarchy() and typology().
#ifndef TYPFRAGE_R_TREE_H
#define TYPFRAGE_R_TREE_H

#include <Rcpp.h>

#include <typfrage/dendrogram.hpp>

namespace typfrage_r {

inline Rcpp::List wrap_tree(const typfrage::Tree& t) {
  const R_xlen_t m = static_cast<R_xlen_t>(t.left.size());
  Rcpp::IntegerMatrix merge(m, 2);
  for (R_xlen_t s = 0; s < m; ++s) {
    merge(s, 0) = t.left[s];
    merge(s, 1) = t.right[s];
  }
  return Rcpp::List::create(
      Rcpp::Named("merge") = merge,
      Rcpp::Named("height") = Rcpp::NumericVector(t.height.begin(), t.height.end()),
      Rcpp::Named("order") = Rcpp::IntegerVector(t.order.begin(), t.order.end()));
}

}  // namespace typfrage_r

#endif  // TYPFRAGE_R_TREE_H
