// Latent class analysis for categorical and ordinal survey items, fitted by
// EM (Dempster, Laird & Rubin 1977; Goodman 1974; as in poLCA, Linzer & Lewis
// 2011).
//
// Data: n cases x p items, every item coded 0, 1, ..., K_j - 1 (the R side
// maps the user's codes 1..K_j), -1 for a missing response. A missing response
// drops out of the case's likelihood term (missing at random), which is the
// standard treatment in latent class analysis. Case weights w_i multiply the
// log-likelihood terms: logL = sum_i w_i log sum_c eta_c prod_j P(y_ij | c).
//
// Two item models:
//
// * categorical: every class has its own unrestricted response distribution
//   per item, k (K_j - 1) parameters per item (poLCA's model). The M-step is in
//   closed form: posterior-weighted category counts over the cases that
//   answered the item.
//
// * ordinal: the adjacent-category logit model with item-specific category
//   intercepts and a class-specific location on equally spaced category
//   scores s_m = m (Latent GOLD's "ordinal" indicator; Vermunt & Magidson
//   2005; Agresti 2010, ch. 4):
//       log P(y_j = m | c) / P(y_j = m - 1 | c) = tau_jm + theta_cj.
//   Equivalently P(y_j = m | c) is proportional to exp(b_jm + theta_cj m)
//   with b_jm = tau_j1 + ... + tau_jm. Each item has (K_j - 1) + (k - 1)
//   parameters instead of k (K_j - 1): the classes share the shape of the
//   item's response distribution (its thresholds) and differ in location, so
//   the classes are stochastically ordered on every item (a higher theta
//   shifts every adjacent-category odds towards the higher category). This
//   respects the order of Likert categories and suits items whose categories
//   are equally spaced steps of agreement. With two categories it equals the
//   categorical model. The M-step maximises the expected complete-data
//   log-likelihood of each item (a concave multinomial-logit problem with
//   (K_j - 1) + (k - 1) parameters on the k x K_j table of expected counts) by
//   damped Newton steps with backtracking, so every EM step increases the
//   log-likelihood. Identification: b_j0 = 0 and theta_0j = 0.
//
// Starts: start s draws its initial response probabilities uniformly and
// normalises them (as poLCA does), with equal class shares, from
// Rng(seed, s). The best log-likelihood over the starts is kept; the classes
// of the result are ordered by decreasing share.
//
// Convergence: EM stops when the log-likelihood increases by less than
// tol * (sum of weights) between iterations (tol is a change in the mean
// log-likelihood per case), or after maxiter iterations.
//
// Pure C++17 + Eigen: no R headers.
#ifndef TYPFRAGE_LCA_HPP
#define TYPFRAGE_LCA_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "policies.hpp"
#include "rng.hpp"

namespace typfrage {

enum class LcaModel { categorical, ordinal };

// The item data: codes are row-major (case i, item j at i * p + j).
struct LcaData {
  const int* codes = nullptr;
  index_t n = 0;
  index_t p = 0;
  std::vector<int> ncat;          // K_j
  std::vector<index_t> offset;    // K_0 + ... + K_{j-1}
  index_t total_cat = 0;
  const double* weights = nullptr;  // n, or nullptr (all 1)
  double total_weight = 0.0;

  LcaData(const int* codes_, index_t n_, index_t p_, std::vector<int> ncat_,
          const double* weights_)
      : codes(codes_), n(n_), p(p_), ncat(std::move(ncat_)), weights(weights_) {
    if (static_cast<index_t>(ncat.size()) != p) throw std::invalid_argument("lca: ncat must have p entries");
    offset.resize(static_cast<std::size_t>(p));
    for (index_t j = 0; j < p; ++j) {
      if (ncat[j] < 2) throw std::invalid_argument("lca: every item needs at least 2 categories");
      offset[j] = total_cat;
      total_cat += ncat[j];
    }
    if (weights) {
      for (index_t i = 0; i < n; ++i) total_weight += weights[i];
    } else {
      total_weight = static_cast<double>(n);
    }
  }
  double weight(index_t i) const { return weights ? weights[i] : 1.0; }
  int code(index_t i, index_t j) const { return codes[i * p + j]; }
};

struct LcaControl {
  int k = 2;
  LcaModel model = LcaModel::categorical;
  int maxiter = 1000;
  double tol = 1e-10;
};

// Parameters of a fit with k classes.
//   probs: P(y_j = m | c) at (offset_j + m) * k + c;
//   ordinal model only: b (total_cat; b_j0 = 0) and theta (p * k; theta_0j = 0).
struct LcaParams {
  int k = 0;
  std::vector<double> shares;
  std::vector<double> probs;
  std::vector<double> b;
  std::vector<double> theta;
};

struct LcaRun {
  LcaParams params;
  double loglik = -std::numeric_limits<double>::infinity();
  int iterations = 0;
  bool converged = false;
};

// Number of free parameters.
inline index_t lca_npar(const std::vector<int>& ncat, int k, LcaModel model) {
  index_t np = k - 1;
  for (int K : ncat) {
    np += (model == LcaModel::categorical) ? static_cast<index_t>(k) * (K - 1)
                                           : static_cast<index_t>(K - 1) + (k - 1);
  }
  return np;
}

namespace lca_detail {

constexpr double kLogFloor = -690.7755278982137;  // log(1e-300)

inline double safe_log(double x) { return x > 1e-300 ? std::log(x) : kLogFloor; }

// One pass over the data: log-likelihood under (logshare, logprob); expected
// counts (total_cat * k) and class masses (k) for the M-step; optionally the
// posterior (n x k, row-major). Cases with no observed item contribute
// nothing (the R side rejects them before fitting).
inline double estep(const LcaData& d, int k, const std::vector<double>& logshare,
                    const std::vector<double>& logprob, std::vector<double>* counts,
                    std::vector<double>* mass, double* post) {
  if (counts) std::fill(counts->begin(), counts->end(), 0.0);
  if (mass) std::fill(mass->begin(), mass->end(), 0.0);
  std::vector<double> acc(static_cast<std::size_t>(k));
  double ll = 0.0;
  for (index_t i = 0; i < d.n; ++i) {
    for (int c = 0; c < k; ++c) acc[c] = logshare[c];
    const int* row = d.codes + i * d.p;
    int observed = 0;
    for (index_t j = 0; j < d.p; ++j) {
      const int m = row[j];
      if (m < 0) continue;
      ++observed;
      const double* lp = logprob.data() + (d.offset[j] + m) * k;
      for (int c = 0; c < k; ++c) acc[c] += lp[c];
    }
    double mx = acc[0];
    for (int c = 1; c < k; ++c) mx = std::max(mx, acc[c]);
    double s = 0.0;
    for (int c = 0; c < k; ++c) {
      acc[c] = std::exp(acc[c] - mx);
      s += acc[c];
    }
    const double inv = 1.0 / s;
    for (int c = 0; c < k; ++c) acc[c] *= inv;
    if (post) {
      for (int c = 0; c < k; ++c) post[i * k + c] = acc[c];
    }
    if (observed == 0) continue;
    const double w = d.weight(i);
    ll += w * (mx + std::log(s));
    if (mass) {
      for (int c = 0; c < k; ++c) (*mass)[c] += w * acc[c];
    }
    if (counts) {
      for (int c = 0; c < k; ++c) acc[c] *= w;
      double* cnt = counts->data();
      for (index_t j = 0; j < d.p; ++j) {
        const int m = row[j];
        if (m < 0) continue;
        double* dst = cnt + (d.offset[j] + m) * k;
        for (int c = 0; c < k; ++c) dst[c] += acc[c];
      }
    }
  }
  return ll;
}

inline void log_tables(const LcaData& d, const LcaParams& par, std::vector<double>& logshare,
                       std::vector<double>& logprob) {
  const int k = par.k;
  logshare.resize(static_cast<std::size_t>(k));
  for (int c = 0; c < k; ++c) logshare[c] = safe_log(par.shares[c]);
  logprob.resize(static_cast<std::size_t>(d.total_cat * k));
  for (std::size_t t = 0; t < logprob.size(); ++t) logprob[t] = safe_log(par.probs[t]);
}

// Ordinal model, one item: fill probs (K x k at (m * k + c)) from b (K) and
// theta (k).
inline void ordinal_probs(int K, int k, const double* b, const double* theta, double* probs) {
  for (int c = 0; c < k; ++c) {
    double mx = -std::numeric_limits<double>::infinity();
    for (int m = 0; m < K; ++m) mx = std::max(mx, b[m] + theta[c] * m);
    double s = 0.0;
    for (int m = 0; m < K; ++m) {
      const double e = std::exp(b[m] + theta[c] * m - mx);
      probs[m * k + c] = e;
      s += e;
    }
    for (int m = 0; m < K; ++m) probs[m * k + c] /= s;
  }
}

// Expected complete-data log-likelihood of one item under the ordinal model.
inline double ordinal_objective(int K, int k, const double* N, const double* b,
                                const double* theta) {
  double f = 0.0;
  for (int c = 0; c < k; ++c) {
    double mx = -std::numeric_limits<double>::infinity();
    for (int m = 0; m < K; ++m) mx = std::max(mx, b[m] + theta[c] * m);
    double s = 0.0, lin = 0.0, tot = 0.0;
    for (int m = 0; m < K; ++m) {
      const double eta = b[m] + theta[c] * m;
      s += std::exp(eta - mx);
      lin += N[m * k + c] * eta;
      tot += N[m * k + c];
    }
    f += lin - tot * (mx + std::log(s));
  }
  return f;
}

// M-step of one item under the ordinal model: damped Newton on
// (b_1..b_{K-1}, theta_1..theta_{k-1}) from the current values, maximising
// the expected complete-data log-likelihood on the expected counts N (K x k at
// m * k + c). Parameters stay within +-kBound (a category or class that the
// data never use drifts towards it, where its probability is < 1e-17).
inline void ordinal_mstep(int K, int k, const double* N, double* b, double* theta,
                          double* probs) {
  constexpr double kBound = 40.0;
  constexpr int kMaxNewton = 50;
  const int D = (K - 1) + (k - 1);
  Eigen::MatrixXd info(D, D);
  Eigen::VectorXd grad(D), step(D);
  std::vector<double> pr(static_cast<std::size_t>(K) * k), tot(static_cast<std::size_t>(k));
  std::vector<double> b_new(static_cast<std::size_t>(K)), th_new(static_cast<std::size_t>(k));
  double total = 0.0;
  for (int c = 0; c < k; ++c) {
    tot[c] = 0.0;
    for (int m = 0; m < K; ++m) tot[c] += N[m * k + c];
    total += tot[c];
  }
  b[0] = 0.0;
  theta[0] = 0.0;
  double f = ordinal_objective(K, k, N, b, theta);
  for (int it = 0; it < kMaxNewton; ++it) {
    ordinal_probs(K, k, b, theta, pr.data());
    grad.setZero();
    info.setZero();
    for (int c = 0; c < k; ++c) {
      const double T = tot[c];
      double mu = 0.0, s2 = 0.0, S = 0.0;
      for (int m = 0; m < K; ++m) {
        mu += m * pr[m * k + c];
        s2 += static_cast<double>(m) * m * pr[m * k + c];
        S += m * N[m * k + c];
      }
      for (int m = 1; m < K; ++m) {
        const double pm = pr[m * k + c];
        grad[m - 1] += N[m * k + c] - T * pm;
        for (int l = 1; l < K; ++l) {
          info(m - 1, l - 1) += T * ((m == l ? pm : 0.0) - pm * pr[l * k + c]);
        }
        if (c > 0) {
          const double v = T * pm * (m - mu);
          info(m - 1, K - 2 + c) += v;
          info(K - 2 + c, m - 1) += v;
        }
      }
      if (c > 0) {
        grad[K - 2 + c] = S - T * mu;
        info(K - 2 + c, K - 2 + c) = T * (s2 - mu * mu);
      }
    }
    // Stop when the Newton decrement is negligible.
    for (int t = 0; t < D; ++t) info(t, t) += 1e-12 * (total + 1.0);
    Eigen::LDLT<Eigen::MatrixXd> ldlt(info);
    step = ldlt.solve(grad);
    if (ldlt.info() != Eigen::Success || !step.allFinite()) step = grad / (total + 1.0);
    const double decrement = grad.dot(step);
    if (!(decrement > 1e-12 * (total + 1.0))) break;
    const double big = step.cwiseAbs().maxCoeff();
    if (big > 5.0) step *= 5.0 / big;
    double alpha = 1.0;
    bool improved = false;
    for (int h = 0; h < 40; ++h) {
      b_new[0] = 0.0;
      th_new[0] = 0.0;
      for (int m = 1; m < K; ++m) b_new[m] = std::clamp(b[m] + alpha * step[m - 1], -kBound, kBound);
      for (int c = 1; c < k; ++c) th_new[c] = std::clamp(theta[c] + alpha * step[K - 2 + c], -kBound, kBound);
      const double f_new = ordinal_objective(K, k, N, b_new.data(), th_new.data());
      if (f_new >= f) {
        std::copy(b_new.begin(), b_new.end(), b);
        std::copy(th_new.begin(), th_new.end(), theta);
        improved = f_new - f > 1e-14 * (std::abs(f) + 1.0);
        f = f_new;
        break;
      }
      alpha *= 0.5;
    }
    if (!improved) break;
  }
  ordinal_probs(K, k, b, theta, probs);
}

// M-step: new shares and item-response probabilities from the expected counts.
inline void mstep(const LcaData& d, LcaModel model, const std::vector<double>& counts,
                  const std::vector<double>& mass, LcaParams& par) {
  const int k = par.k;
  double msum = 0.0;
  for (int c = 0; c < k; ++c) msum += mass[c];
  for (int c = 0; c < k; ++c) par.shares[c] = mass[c] / msum;
  if (model == LcaModel::categorical) {
    for (index_t j = 0; j < d.p; ++j) {
      const int K = d.ncat[j];
      const index_t o = d.offset[j];
      for (int c = 0; c < k; ++c) {
        double s = 0.0;
        for (int m = 0; m < K; ++m) s += counts[(o + m) * k + c];
        if (!(s > 0.0)) continue;  // a class without mass keeps its probabilities
        for (int m = 0; m < K; ++m) par.probs[(o + m) * k + c] = counts[(o + m) * k + c] / s;
      }
    }
  } else {
    for (index_t j = 0; j < d.p; ++j) {
      const index_t o = d.offset[j];
      ordinal_mstep(d.ncat[j], k, counts.data() + o * k, par.b.data() + o,
                    par.theta.data() + j * k, par.probs.data() + o * k);
    }
  }
}

}  // namespace lca_detail

// Start s of a run: uniform random response probabilities, normalised per
// class and item, and equal class shares (poLCA's random start).
inline LcaParams lca_random_start(const LcaData& d, int k, Rng& rng) {
  LcaParams par;
  par.k = k;
  par.shares.assign(static_cast<std::size_t>(k), 1.0 / k);
  par.probs.assign(static_cast<std::size_t>(d.total_cat * k), 0.0);
  for (index_t j = 0; j < d.p; ++j) {
    const int K = d.ncat[j];
    const index_t o = d.offset[j];
    for (int c = 0; c < k; ++c) {
      double s = 0.0;
      for (int m = 0; m < K; ++m) {
        const double u = rng.uniform();
        par.probs[(o + m) * k + c] = u;
        s += u;
      }
      for (int m = 0; m < K; ++m) par.probs[(o + m) * k + c] /= s;
    }
  }
  return par;
}

// EM from a start (shares and probs; the ordinal parameters are initialised
// at zero and estimated in the first M-step).
inline LcaRun lca_em(const LcaData& d, const LcaControl& ctl, LcaParams start) {
  const int k = ctl.k;
  if (k < 1) throw std::invalid_argument("lca: k must be at least 1");
  if (static_cast<index_t>(start.probs.size()) != d.total_cat * k ||
      static_cast<int>(start.shares.size()) != k)
    throw std::invalid_argument("lca: start parameters have the wrong size");
  LcaRun run;
  run.params = std::move(start);
  run.params.k = k;
  if (ctl.model == LcaModel::ordinal) {
    run.params.b.assign(static_cast<std::size_t>(d.total_cat), 0.0);
    run.params.theta.assign(static_cast<std::size_t>(d.p * k), 0.0);
  }
  std::vector<double> logshare, logprob;
  std::vector<double> counts(static_cast<std::size_t>(d.total_cat * k)), mass(static_cast<std::size_t>(k));
  lca_detail::log_tables(d, run.params, logshare, logprob);
  double ll = lca_detail::estep(d, k, logshare, logprob, &counts, &mass, nullptr);
  const double eps = ctl.tol * d.total_weight;
  int iter = 0;
  bool converged = false;
  while (iter < ctl.maxiter) {
    lca_detail::mstep(d, ctl.model, counts, mass, run.params);
    ++iter;
    lca_detail::log_tables(d, run.params, logshare, logprob);
    const double ll_new = lca_detail::estep(d, k, logshare, logprob, &counts, &mass, nullptr);
    const double change = ll_new - ll;
    ll = ll_new;
    if (change < eps) {
      converged = true;
      break;
    }
  }
  run.loglik = ll;
  run.iterations = iter;
  run.converged = converged;
  return run;
}

// Posterior class probabilities (n x k, row-major) and the log-likelihood.
inline double lca_posterior(const LcaData& d, const LcaParams& par, double* post) {
  std::vector<double> logshare, logprob;
  lca_detail::log_tables(d, par, logshare, logprob);
  return lca_detail::estep(d, par.k, logshare, logprob, nullptr, nullptr, post);
}

// Relative entropy ("R^2 entropy", Ramaswamy et al. 1993; Mplus' ENTROPY):
//   E = 1 - sum_i w_i sum_c (-p_ic log p_ic) / (W log k),  W = sum_i w_i.
// 1 means every case is assigned with certainty; NaN for k = 1.
inline double lca_entropy(const LcaData& d, int k, const double* post) {
  if (k < 2) return std::numeric_limits<double>::quiet_NaN();
  double h = 0.0;
  for (index_t i = 0; i < d.n; ++i) {
    double hi = 0.0;
    for (int c = 0; c < k; ++c) {
      const double q = post[i * k + c];
      if (q > 0.0) hi -= q * std::log(q);
    }
    h += d.weight(i) * hi;
  }
  return 1.0 - h / (d.total_weight * std::log(static_cast<double>(k)));
}

// Reorder the classes of a fit by decreasing share (ties: original order).
inline void lca_order_by_share(const LcaData& d, LcaParams& par) {
  const int k = par.k;
  std::vector<int> ord(static_cast<std::size_t>(k));
  std::iota(ord.begin(), ord.end(), 0);
  std::stable_sort(ord.begin(), ord.end(),
                   [&](int a, int b) { return par.shares[a] > par.shares[b]; });
  LcaParams out = par;
  for (int c = 0; c < k; ++c) out.shares[c] = par.shares[ord[c]];
  for (index_t t = 0; t < d.total_cat; ++t)
    for (int c = 0; c < k; ++c) out.probs[t * k + c] = par.probs[t * k + ord[c]];
  if (!par.theta.empty()) {
    // Re-express with the new first class as reference: eta = b_m + theta_c m
    // is unchanged when theta_c -= delta and b_m += delta * m.
    for (index_t j = 0; j < d.p; ++j) {
      const double delta = par.theta[j * k + ord[0]];
      for (int c = 0; c < k; ++c) out.theta[j * k + c] = par.theta[j * k + ord[c]] - delta;
      for (int m = 0; m < d.ncat[j]; ++m) out.b[d.offset[j] + m] = par.b[d.offset[j] + m] + delta * m;
    }
  }
  par = std::move(out);
}

// A fit over several starts.
struct LcaFit {
  LcaRun best;
  int best_start = 0;                 // 0-based
  std::vector<double> start_loglik;
  std::vector<int> start_iterations;
  std::vector<char> start_converged;
  std::vector<double> posterior;      // n x k, row-major
  double entropy = 0.0;
  index_t npar = 0;
};

// Run one start: start s < n_user uses the user's start values, the others
// draw theirs from Rng(seed, s).
inline LcaRun lca_run_start(const LcaData& d, const LcaControl& ctl, SeedMaterial seed,
                            index_t s, const std::vector<LcaParams>& user_starts) {
  if (s < static_cast<index_t>(user_starts.size())) return lca_em(d, ctl, user_starts[s]);
  Rng rng(seed, static_cast<std::uint64_t>(s));
  return lca_em(d, ctl, lca_random_start(d, ctl.k, rng));
}

// Collect the runs of all starts into a fit: best log-likelihood (ties: lowest
// start), classes ordered by decreasing share, posterior and entropy.
inline LcaFit lca_collect(const LcaData& d, const LcaControl& ctl, std::vector<LcaRun>& runs) {
  LcaFit fit;
  const index_t ns = static_cast<index_t>(runs.size());
  if (ns == 0) throw std::invalid_argument("lca: no starts");
  fit.start_loglik.resize(ns);
  fit.start_iterations.resize(ns);
  fit.start_converged.resize(ns);
  for (index_t s = 0; s < ns; ++s) {
    fit.start_loglik[s] = runs[s].loglik;
    fit.start_iterations[s] = runs[s].iterations;
    fit.start_converged[s] = runs[s].converged ? 1 : 0;
    if (runs[s].loglik > runs[fit.best_start].loglik) fit.best_start = static_cast<int>(s);
  }
  fit.best = std::move(runs[fit.best_start]);
  lca_order_by_share(d, fit.best.params);
  fit.posterior.resize(static_cast<std::size_t>(d.n * ctl.k));
  fit.best.loglik = lca_posterior(d, fit.best.params, fit.posterior.data());
  fit.entropy = lca_entropy(d, ctl.k, fit.posterior.data());
  fit.npar = lca_npar(d.ncat, ctl.k, ctl.model);
  return fit;
}

// nstart starts in parallel (start s from Rng(seed, s)); results do not
// depend on the number of threads.
template <typename Progress>
LcaFit lca_fit(const LcaData& d, const LcaControl& ctl, index_t nstart, SeedMaterial seed,
               int threads, Progress& progress,
               const std::vector<LcaParams>& user_starts = {}) {
  if (nstart < 1) throw std::invalid_argument("lca: nstart must be at least 1");
  std::vector<LcaRun> runs(static_cast<std::size_t>(nstart));
  parallel_for(
      nstart, threads,
      [&](index_t s) { runs[s] = lca_run_start(d, ctl, seed, s, user_starts); },
      progress, std::max(1, effective_threads(threads)));
  return lca_collect(d, ctl, runs);
}

}  // namespace typfrage

#endif  // TYPFRAGE_LCA_HPP
