#include <Rcpp.h>

#include <typfrage/policies.hpp>

// Whether the package was compiled with OpenMP, and the thread limit in force.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_openmp_info() {
  int limit = NA_INTEGER;
#ifdef _OPENMP
  limit = omp_get_thread_limit();
#endif
  return Rcpp::List::create(Rcpp::Named("openmp") = typfrage::has_openmp(),
                            Rcpp::Named("thread_limit") = limit);
}
