// What one k-means start of the gap statistic's reference fits costs (#26):
// 12 uniform columns (as the reference data), k = 2..8, 10 k-means++ starts
// each, the bounds off (as gap_replicates() fits reference sets); prints the
// time per start and the mean Lloyd iterations, transfer passes and
// single-point transfers. The core alone (headers and Eigen), built with the
// package's flags:
//   g++ -std=c++17 -O2 -DEIGEN_DONT_PARALLELIZE -Iinst/include \
//     -isystem "$(Rscript -e 'cat(system.file("include", package = "RcppEigen"))')" \
//     bench/kmeans-starts.cpp -o /tmp/kmeans-starts
//   /tmp/kmeans-starts 412 20; /tmp/kmeans-starts 2000 5   # n, reference sets
// Quoted in bench/README.md ("Resampling at survey shape").
#include <chrono>
#include <cstdio>
#include <typfrage/kmeans.hpp>
#include <typfrage/rng.hpp>
using namespace typfrage;
int main(int argc, char** argv) {
  const index_t n = argc > 1 ? std::atol(argv[1]) : 412;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 20;
  const index_t p = 12;
  Rng gen(SeedMaterial(7), 0);
  double total = 0, checksum = 0;
  long lloyd = 0, passes = 0, transfers = 0, starts = 0;
  for (int r = 0; r < reps; ++r) {
    Eigen::MatrixXd x(n, p);
    for (index_t j = 0; j < p; ++j) for (index_t i = 0; i < n; ++i) x(i, j) = gen.uniform(-2.0, 2.0);
    KMeansShortcuts sc; sc.skip_bounds = false;
    const KMeansData d(x, {}, sc);
    auto t0 = std::chrono::steady_clock::now();
    for (int k = 2; k <= 8; ++k) for (int s = 0; s < 10; ++s) {
      Rng rng(SeedMaterial(100 + r), k * 10 + s);
      KMeansResult res = kmeans_start(d, k, 100, rng, true);
      checksum += res.objective; lloyd += res.lloyd_iterations; passes += res.iterations - res.lloyd_iterations;
      transfers += res.transfers; ++starts;
    }
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  std::printf("n=%ld time per start %.1f us; lloyd %.1f passes %.1f transfers %.1f; checksum %.17g\n",
              (long)n, 1e6 * total / starts, (double)lloyd / starts, (double)passes / starts,
              (double)transfers / starts, checksum);
}
