// Internal entry points that exercise the shared plumbing (parallel-for,
// per-item engines, exception transport, progress/interrupt policy) so the
// tests can check it directly. Not exported to users.
#include <Rcpp.h>

#include <stdexcept>
#include <string>

#include "r_policies.h"

// Each work item i draws `draws` uniforms from its own engine and stores their
// sum; item `fail_at` (0-based, or -1 for none) throws inside the parallel region.
// [[Rcpp::export(rng = false)]]
Rcpp::NumericVector cpp_plumbing_streams(int n, int draws, Rcpp::IntegerVector seed,
                                         int threads, int fail_at) {
  const typfrage::SeedMaterial material = typfrage_r::seed_from_r(seed);
  std::vector<double> out(static_cast<std::size_t>(n), 0.0);
  typfrage_r::RProgress progress(n, false, "plumbing");
  typfrage::parallel_for(
      n, threads,
      [&](typfrage::index_t i) {
        if (i == fail_at) throw std::runtime_error("work item " + std::to_string(i + 1) + " failed");
        typfrage::Rng rng(material, static_cast<std::uint64_t>(i));
        double s = 0.0;
        for (int d = 0; d < draws; ++d) s += rng.uniform();
        out[static_cast<std::size_t>(i)] = s;
      },
      progress, 3);
  return Rcpp::NumericVector(out.begin(), out.end());
}
