// The bootstrap likelihood-ratio test of k - 1 against k latent classes
// (McLachlan 1987; Nylund, Asparouhov & Muthen 2007): the distribution of
// LR = 2 (logL_k - logL_{k-1}) under the (k - 1)-class model is simulated by
// a parametric bootstrap. Replicate b draws, from Rng(seed, b), n cases from
// the fitted (k - 1)-class model (class from the shares, every answered item
// from its response probabilities; a response missing in case i stays
// missing in simulated case i, so the pattern of missing answers is kept),
// fits k - 1 classes (from the generating parameters and nstart - 1 random
// starts) and k classes (nstart random starts) and records their LR. Runs on
// run_block() (run_replicates() for the whole run), one fit per replicate on
// one thread: thread-invariant, and blocks combine to the whole run.
//
// p-value: (1 + #{b: LR_b >= LR}) / (B + 1).
//
// Pure C++17: no R headers.
#ifndef TYPFRAGE_LCA_BLRT_HPP
#define TYPFRAGE_LCA_BLRT_HPP

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "lca.hpp"
#include "resample.hpp"

namespace typfrage {

// Codes (row-major, -1 missing where d has a missing response) drawn from
// the parameters par.
inline std::vector<int> lca_simulate(const LcaData& d, const LcaParams& par, Rng& rng) {
  const int k = par.k;
  std::vector<int> codes(static_cast<std::size_t>(d.n * d.p), -1);
  for (index_t i = 0; i < d.n; ++i) {
    double u = rng.uniform();
    int c = 0;
    while (c < k - 1 && u >= par.shares[c]) u -= par.shares[c++];
    for (index_t j = 0; j < d.p; ++j) {
      if (d.code(i, j) < 0) continue;
      const int K = d.ncat[j];
      double v = rng.uniform();
      int m = 0;
      while (m < K - 1 && v >= par.probs[(d.offset[j] + m) * k + c]) v -= par.probs[(d.offset[j] + m) * k + c], ++m;
      codes[i * d.p + j] = m;
    }
  }
  return codes;
}

struct BlrtResult {
  std::vector<double> lr;           // B bootstrap LR statistics
  std::vector<double> loglik_null;  // B
  std::vector<double> loglik_alt;   // B
};

// Replicates [first, first + count) of a bootstrap of any length (replicate
// b draws from Rng(seed, b), run_block()), so blocks computed anywhere and
// combined in order equal the whole run. ctl: the (k - 1)-class control
// (k = ctl.k + 1 classes for the alternative); null: the fitted (k - 1)-class
// parameters of the data d (unweighted).
template <typename Progress>
BlrtResult lca_blrt_block(const LcaData& d, const LcaControl& ctl, const LcaParams& null,
                          index_t nstart, index_t first, index_t count, SeedMaterial seed,
                          int threads, Progress& progress) {
  if (d.weights) throw std::invalid_argument("lca blrt: weighted data are not supported");
  if (count < 1 || nstart < 1 || first < 0)
    throw std::invalid_argument("lca blrt: B and nstart must be positive");
  BlrtResult out;
  out.lr.assign(static_cast<std::size_t>(count), 0.0);
  out.loglik_null.assign(static_cast<std::size_t>(count), 0.0);
  out.loglik_alt.assign(static_cast<std::size_t>(count), 0.0);
  LcaControl alt = ctl;
  alt.k = ctl.k + 1;
  run_block(
      first, count, threads, seed,
      [&](index_t r, Rng& rng) {
        const std::vector<int> codes = lca_simulate(d, null, rng);
        const LcaData sim(codes.data(), d.n, d.p, d.ncat, nullptr);
        NoProgress none;
        const SeedMaterial s0(rng.next()), s1(rng.next());
        const LcaFit f0 = lca_fit(sim, ctl, nstart, s0, 1, none, std::vector<LcaParams>{null});
        const LcaFit f1 = lca_fit(sim, alt, nstart, s1, 1, none);
        out.loglik_null[r] = f0.best.loglik;
        out.loglik_alt[r] = f1.best.loglik;
        out.lr[r] = 2.0 * (f1.best.loglik - f0.best.loglik);
      },
      progress);
  return out;
}

// The whole bootstrap of B replicates: lca_blrt_block(0, B).
template <typename Progress>
BlrtResult lca_blrt(const LcaData& d, const LcaControl& ctl, const LcaParams& null,
                    index_t nstart, index_t B, SeedMaterial seed, int threads, Progress& progress) {
  return lca_blrt_block(d, ctl, null, nstart, 0, B, seed, threads, progress);
}

}  // namespace typfrage

#endif  // TYPFRAGE_LCA_BLRT_HPP
