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
// Pure C++17: no R headers.
#ifndef TYPFRAGE_LCA_HPP
#define TYPFRAGE_LCA_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "policies.hpp"
#include "resample.hpp"
#include "rng.hpp"

namespace typfrage {

enum class LcaModel { categorical, ordinal };

inline LcaModel lca_model_from_string(const std::string& s) {
  if (s == "categorical") return LcaModel::categorical;
  if (s == "ordinal") return LcaModel::ordinal;
  throw std::invalid_argument("unknown latent class model: " + s);
}

// The item data: codes are row-major (case i, item j at i * p + j).
//
// For speed, consecutive items are grouped into blocks whose joint response
// patterns (a missing response counts as one more state of an item that has
// missing responses) number at most `block_limit`; every case gets one
// pattern code per block. Per iteration the class-conditional probability of
// every block pattern is tabulated once, so the E-step multiplies one table
// entry per block instead of one probability per item, and the M-step counts
// block patterns and then spreads them over the items' categories. The
// result is exactly the same model and the same arithmetic up to rounding.
struct LcaData {
  const int* codes = nullptr;
  index_t n = 0;
  index_t p = 0;
  std::vector<int> ncat;          // K_j
  std::vector<index_t> offset;    // K_0 + ... + K_{j-1}
  index_t total_cat = 0;
  const double* weights = nullptr;  // n, or nullptr (all 1)
  double total_weight = 0.0;
  // blocks of items
  index_t nb = 0;
  std::vector<index_t> block_first;   // nb + 1: items block_first[b] .. block_first[b+1]-1
  std::vector<index_t> block_offset;  // nb + 1: first pattern of block b in the pattern table
  std::vector<int> radix;             // p: K_j, or K_j + 1 when item j has missing responses
  std::vector<int> pattern_state;     // per pattern t of block b and item r of the block:
                                      // the item's state (K_j = missing), at state_offset[b] + t * items + r
  std::vector<index_t> state_offset;  // nb
  std::vector<int> block_codes;       // n x nb, row-major: absolute pattern index

  LcaData(const int* codes_, index_t n_, index_t p_, std::vector<int> ncat_,
          const double* weights_, index_t block_limit = 0)
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
    make_blocks(block_limit > 0 ? block_limit : std::clamp<index_t>(n / 8, 16, 512));
  }
  double weight(index_t i) const { return weights ? weights[i] : 1.0; }
  int code(index_t i, index_t j) const { return codes[i * p + j]; }

 private:
  void make_blocks(index_t limit) {
    radix.assign(static_cast<std::size_t>(p), 0);
    for (index_t j = 0; j < p; ++j) {
      bool missing = false;
      for (index_t i = 0; i < n && !missing; ++i) missing = codes[i * p + j] < 0;
      radix[j] = ncat[j] + (missing ? 1 : 0);
    }
    block_first.assign(1, 0);
    block_offset.assign(1, 0);
    index_t combos = 1;
    for (index_t j = 0; j < p; ++j) {
      if (j > block_first.back() && combos * radix[j] > limit) {
        block_first.push_back(j);
        block_offset.push_back(block_offset.back() + combos);
        combos = 1;
      }
      combos *= radix[j];
    }
    block_first.push_back(p);
    block_offset.push_back(block_offset.back() + combos);
    nb = static_cast<index_t>(block_first.size()) - 1;
    // states of every pattern (first item of a block varies slowest)
    state_offset.assign(static_cast<std::size_t>(nb), 0);
    pattern_state.clear();
    for (index_t b = 0; b < nb; ++b) {
      state_offset[b] = static_cast<index_t>(pattern_state.size());
      const index_t items = block_first[b + 1] - block_first[b];
      const index_t np = block_offset[b + 1] - block_offset[b];
      for (index_t t = 0; t < np; ++t) {
        index_t rest = t;
        std::vector<int> st(static_cast<std::size_t>(items));
        for (index_t r = items - 1; r >= 0; --r) {
          const int rad = radix[block_first[b] + r];
          st[r] = static_cast<int>(rest % rad);
          rest /= rad;
        }
        pattern_state.insert(pattern_state.end(), st.begin(), st.end());
      }
    }
    block_codes.assign(static_cast<std::size_t>(n * nb), 0);
    for (index_t i = 0; i < n; ++i) {
      for (index_t b = 0; b < nb; ++b) {
        index_t t = 0;
        for (index_t j = block_first[b]; j < block_first[b + 1]; ++j) {
          const int m = codes[i * p + j];
          t = t * radix[j] + (m < 0 ? ncat[j] : m);
        }
        block_codes[i * nb + b] = static_cast<int>(block_offset[b] + t);
      }
    }
  }
};

struct LcaControl {
  int k = 2;
  LcaModel model = LcaModel::categorical;
  int maxiter = 1000;
  double tol = 1e-10;
  InterruptPoll* interrupt = nullptr;  // polled once per EM iteration; null: never
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

// One case in log space (the slow path, for cases whose likelihood
// underflows in every class even after rescaling): fills acc with the
// posterior and returns the log-likelihood term.
inline double case_log_space(const LcaData& d, int k, const int* row,
                             const std::vector<double>& logshare,
                             const std::vector<double>& logprob, double* acc) {
  for (int c = 0; c < k; ++c) acc[c] = logshare[c];
  for (index_t j = 0; j < d.p; ++j) {
    const int m = row[j];
    if (m < 0) continue;
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
  for (int c = 0; c < k; ++c) acc[c] /= s;
  return mx + std::log(s);
}

// Scratch space of one EM run.
struct Work {
  std::vector<double> logshare, logprob;  // log tables for the slow path
  std::vector<double> table;              // block patterns x k
  std::vector<double> bcounts;            // block patterns x k
};

inline void log_tables(const LcaData& d, const LcaParams& par, std::vector<double>& logshare,
                       std::vector<double>& logprob);

// Class-conditional probability of every block pattern (missing state: 1).
inline void pattern_table(const LcaData& d, const LcaParams& par, std::vector<double>& table) {
  const int k = par.k;
  table.resize(static_cast<std::size_t>(d.block_offset[d.nb] * k));
  for (index_t b = 0; b < d.nb; ++b) {
    const index_t items = d.block_first[b + 1] - d.block_first[b];
    const index_t np = d.block_offset[b + 1] - d.block_offset[b];
    for (index_t t = 0; t < np; ++t) {
      double* dst = table.data() + (d.block_offset[b] + t) * k;
      for (int c = 0; c < k; ++c) dst[c] = 1.0;
      const int* st = d.pattern_state.data() + d.state_offset[b] + t * items;
      for (index_t r = 0; r < items; ++r) {
        const index_t j = d.block_first[b] + r;
        if (st[r] >= d.ncat[j]) continue;
        const double* pj = par.probs.data() + (d.offset[j] + st[r]) * k;
        for (int c = 0; c < k; ++c) dst[c] *= pj[c];
      }
    }
  }
}

// Spread the block-pattern counts over the items' categories.
inline void spread_counts(const LcaData& d, int k, const std::vector<double>& bcounts,
                          std::vector<double>& counts) {
  std::fill(counts.begin(), counts.end(), 0.0);
  for (index_t b = 0; b < d.nb; ++b) {
    const index_t items = d.block_first[b + 1] - d.block_first[b];
    const index_t np = d.block_offset[b + 1] - d.block_offset[b];
    for (index_t t = 0; t < np; ++t) {
      const double* src = bcounts.data() + (d.block_offset[b] + t) * k;
      const int* st = d.pattern_state.data() + d.state_offset[b] + t * items;
      for (index_t r = 0; r < items; ++r) {
        const index_t j = d.block_first[b] + r;
        if (st[r] >= d.ncat[j]) continue;
        double* dst = counts.data() + (d.offset[j] + st[r]) * k;
        for (int c = 0; c < k; ++c) dst[c] += src[c];
      }
    }
  }
}

// One pass over the data: log-likelihood; expected counts (total_cat * k) and
// class masses (k) for the M-step; optionally the posterior (n x k,
// row-major). `prior` (n x k, row-major), when given, replaces the shares by
// per-case class probabilities (latent class regression,
// lca_regression.hpp). Every case must have at least one observed item (the R side
// rejects the others before fitting and gives them NA in predict()).
//
// The class likelihoods are products of block-pattern probabilities, rescaled
// by 2^600 whenever the largest falls below 2^-600 (exact in binary floating
// point), so no exp() is needed per case; a case whose largest class
// likelihood falls below 2^-900 (where precision could be lost) is redone in
// log space.
constexpr double kTiny = 0x1.0p-600;
constexpr double kDanger = 0x1.0p-900;
constexpr double kScale = 0x1.0p+600;
constexpr double kLogScale = 600.0 * 0.6931471805599453;

// The class likelihoods of case i (block codes bc) times its prior, in acc,
// rescaled as described at estep(); adds the log of the rescaling to
// `scaled`. Returns false when the case needs the log-space path.
inline bool case_likelihood(const int* bc, index_t nb, int k, const double* tab,
                            const double* pri, double* acc, double& scaled) {
  for (int c = 0; c < k; ++c) acc[c] = pri[c];
  for (index_t b = 0; b < nb; ++b) {
    const double* tb = tab + static_cast<index_t>(bc[b]) * k;
    double mx = 0.0;
    for (int c = 0; c < k; ++c) {
      acc[c] *= tb[c];
      mx = acc[c] > mx ? acc[c] : mx;
    }
    if (mx < kTiny) {
      if (mx < kDanger) return false;
      for (int c = 0; c < k; ++c) acc[c] *= kScale;
      scaled += kLogScale;
    }
  }
  return true;
}

// Adds a case's posterior (acc, weight w) to the class masses and the
// block-pattern counts (either may be null); acc is scaled by w.
inline void add_case(const int* bc, index_t nb, int k, double w, double* acc, double* ms,
                     double* cnt) {
  if (ms) {
    for (int c = 0; c < k; ++c) ms[c] += w * acc[c];
  }
  if (cnt) {
    if (w != 1.0) {
      for (int c = 0; c < k; ++c) acc[c] *= w;
    }
    for (index_t b = 0; b < nb; ++b) {
      double* dst = cnt + static_cast<index_t>(bc[b]) * k;
      for (int c = 0; c < k; ++c) dst[c] += acc[c];
    }
  }
}

inline double estep(const LcaData& d, const LcaParams& par, Work& work,
                    std::vector<double>* counts, std::vector<double>* mass, double* post,
                    const double* prior = nullptr) {
  const int k = par.k;
  pattern_table(d, par, work.table);
  bool have_logs = false;
  if (counts) work.bcounts.assign(work.table.size(), 0.0);
  if (mass) std::fill(mass->begin(), mass->end(), 0.0);
  std::vector<double> accv(static_cast<std::size_t>(k));
  double* acc = accv.data();
  const double* sh = par.shares.data();
  const double* tab = work.table.data();
  double* cnt = counts ? work.bcounts.data() : nullptr;
  double* ms = mass ? mass->data() : nullptr;
  const index_t nb = d.nb;
  double ll = 0.0;
  double lik_prod = 1.0;
  for (index_t i = 0; i < d.n; ++i) {
    const int* bc = d.block_codes.data() + i * nb;
    const double* pri = prior ? prior + i * k : sh;
    double scaled = 0.0;
    const bool slow = !case_likelihood(bc, nb, k, tab, pri, acc, scaled);
    const double w = d.weight(i);
    if (slow) {
      if (!have_logs) {
        log_tables(d, par, work.logshare, work.logprob);
        have_logs = true;
      }
      if (prior)
        for (int c = 0; c < k; ++c) work.logshare[c] = safe_log(pri[c]);
      ll += w * case_log_space(d, k, d.codes + i * d.p, work.logshare, work.logprob, acc);
    } else {
      double s = 0.0;
      for (int c = 0; c < k; ++c) s += acc[c];
      const double inv = 1.0 / s;
      for (int c = 0; c < k; ++c) acc[c] *= inv;
      if (d.weights) {
        ll += w * (std::log(s) - scaled);
      } else {
        // Without weights the log-likelihood is the log of a product: keep
        // the product with an exact power-of-two exponent instead of one
        // log() per case.
        ll -= scaled;
        // s >= 2^-600 and s <= 1; lik_prod stays in [2^-900, 2^300).
        lik_prod *= s;
        if (lik_prod < 0x1.0p-300) {
          lik_prod *= kScale;
          ll -= kLogScale;
        }
      }
    }
    if (post) {
      for (int c = 0; c < k; ++c) post[i * k + c] = acc[c];
    }
    add_case(bc, nb, k, w, acc, ms, cnt);
  }
  if (counts) spread_counts(d, k, work.bcounts, *counts);
  return ll + std::log(lik_prod);
}


inline void log_tables(const LcaData& d, const LcaParams& par, std::vector<double>& logshare,
                       std::vector<double>& logprob) {
  const int k = par.k;
  logshare.resize(static_cast<std::size_t>(k));
  for (int c = 0; c < k; ++c) logshare[c] = safe_log(par.shares[c]);
  logprob.resize(static_cast<std::size_t>(d.total_cat * k));
  for (std::size_t t = 0; t < logprob.size(); ++t) logprob[t] = safe_log(par.probs[t]);
}

// Solve A x = g for a symmetric positive definite D x D matrix A (row-major,
// overwritten by its Cholesky factor). Returns false if A is not positive
// definite or the solution is not finite.
inline bool cholesky_solve(std::vector<double>& A, int D, const std::vector<double>& g,
                           std::vector<double>& x) {
  auto a = [&](int r, int c) -> double& { return A[static_cast<std::size_t>(r) * D + c]; };
  for (int j = 0; j < D; ++j) {
    double s = a(j, j);
    for (int l = 0; l < j; ++l) s -= a(j, l) * a(j, l);
    if (!(s > 0.0)) return false;
    const double dj = std::sqrt(s);
    a(j, j) = dj;
    for (int i = j + 1; i < D; ++i) {
      double t = a(i, j);
      for (int l = 0; l < j; ++l) t -= a(i, l) * a(j, l);
      a(i, j) = t / dj;
    }
  }
  x = g;
  for (int i = 0; i < D; ++i) {
    double t = x[i];
    for (int l = 0; l < i; ++l) t -= a(i, l) * x[l];
    x[i] = t / a(i, i);
  }
  for (int i = D - 1; i >= 0; --i) {
    double t = x[i];
    for (int l = i + 1; l < D; ++l) t -= a(l, i) * x[l];
    x[i] = t / a(i, i);
    if (!std::isfinite(x[i])) return false;
  }
  return true;
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
// m * k + c). Newton steps are capped at 5 in every coordinate. When the
// maximum lies at infinity (a class that never uses a category: the
// intercept goes to -infinity while the class location goes to +infinity),
// the parameters move along that direction at every EM iteration, with
// exponentially vanishing gains, until EM stops; they are bounded by
// +-kBound only as a guard (probabilities there are below 1e-300, so the
// guard never changes the likelihood). A tighter bound would stop such
// parameters at different points for different starts.
// Gradient and information (D x D, row-major; D = (K - 1) + (k - 1)) of
// ordinal_objective() in (b_1..b_{K-1}, theta_1..theta_{k-1}) at the
// probabilities pr (K x k), with class totals tot of the counts N.
inline void ordinal_derivatives(int K, int k, const double* N, const std::vector<double>& tot,
                                const std::vector<double>& pr, std::vector<double>& grad,
                                std::vector<double>& info) {
  const int D = (K - 1) + (k - 1);
  auto I = [&](int r, int c) -> double& { return info[static_cast<std::size_t>(r) * D + c]; };
  std::fill(grad.begin(), grad.end(), 0.0);
  std::fill(info.begin(), info.end(), 0.0);
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
        I(m - 1, l - 1) += T * ((m == l ? pm : 0.0) - pm * pr[l * k + c]);
      }
      if (c > 0) {
        const double v = T * pm * (m - mu);
        I(m - 1, K - 2 + c) += v;
        I(K - 2 + c, m - 1) += v;
      }
    }
    if (c > 0) {
      grad[K - 2 + c] = S - T * mu;
      I(K - 2 + c, K - 2 + c) = T * (s2 - mu * mu);
    }
  }
}

inline void ordinal_mstep(int K, int k, const double* N, double* b, double* theta,
                          double* probs) {
  constexpr double kBound = 1000.0;
  constexpr int kMaxNewton = 50;
  const int D = (K - 1) + (k - 1);
  std::vector<double> info(static_cast<std::size_t>(D) * D), chol(info.size());
  std::vector<double> grad(static_cast<std::size_t>(D)), step(static_cast<std::size_t>(D));
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
    ordinal_derivatives(K, k, N, tot, pr, grad, info);
    // Stop when the Newton decrement is negligible.
    // Newton step: solve (info + ridge) step = grad; the ridge grows when the
    // information is numerically singular; failing that, a gradient step.
    bool solved = false;
    for (double ridge = 1e-12 * (total + 1.0); ridge < 1e3 * (total + 1.0) && !solved; ridge *= 100.0) {
      chol = info;
      for (int t = 0; t < D; ++t) chol[static_cast<std::size_t>(t) * D + t] += ridge;
      solved = cholesky_solve(chol, D, grad, step);
    }
    if (!solved)
      for (int t = 0; t < D; ++t) step[t] = grad[t] / (total + 1.0);
    double decrement = 0.0, big = 0.0;
    for (int t = 0; t < D; ++t) {
      decrement += grad[t] * step[t];
      big = std::max(big, std::abs(step[t]));
    }
    if (!(decrement > 1e-12 * (total + 1.0))) break;
    if (big > 5.0)
      for (int t = 0; t < D; ++t) step[t] *= 5.0 / big;
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

namespace lca_detail {

// The parameters EM begins with: the start's shares and probs (checked for
// size); the ordinal parameters at zero, estimated in the first M-step.
inline LcaParams em_start(const LcaData& d, const LcaControl& ctl, LcaParams start) {
  const int k = ctl.k;
  if (k < 1) throw std::invalid_argument("lca: k must be at least 1");
  if (static_cast<index_t>(start.probs.size()) != d.total_cat * k ||
      static_cast<int>(start.shares.size()) != k)
    throw std::invalid_argument("lca: start parameters have the wrong size");
  start.k = k;
  if (ctl.model == LcaModel::ordinal) {
    start.b.assign(static_cast<std::size_t>(d.total_cat), 0.0);
    start.theta.assign(static_cast<std::size_t>(d.p * k), 0.0);
  }
  return start;
}

// The EM iteration of every latent class model: estep() returns the
// log-likelihood, then (mstep(); estep()) until the log-likelihood increases
// by less than tol * (sum of weights) or after maxiter M-steps; polls for an
// interrupt before every M-step. Fills the run's loglik, iterations and
// converged.
template <typename Run, typename Estep, typename Mstep>
void em_iterate(const LcaData& d, const LcaControl& ctl, Run& run, Estep&& estep, Mstep&& mstep) {
  double ll = estep();
  const double eps = ctl.tol * d.total_weight;
  int iter = 0;
  bool converged = false;
  while (iter < ctl.maxiter) {
    poll_interrupt(ctl.interrupt);
    mstep();
    ++iter;
    const double ll_new = estep();
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
}

}  // namespace lca_detail

// EM from a start (shares and probs; see lca_detail::em_start()).
inline LcaRun lca_em(const LcaData& d, const LcaControl& ctl, LcaParams start) {
  LcaRun run;
  run.params = lca_detail::em_start(d, ctl, std::move(start));
  lca_detail::Work work;
  std::vector<double> counts(static_cast<std::size_t>(d.total_cat * ctl.k)),
      mass(static_cast<std::size_t>(ctl.k));
  lca_detail::em_iterate(
      d, ctl, run, [&] { return lca_detail::estep(d, run.params, work, &counts, &mass, nullptr); },
      [&] { lca_detail::mstep(d, ctl.model, counts, mass, run.params); });
  return run;
}

// The runs of nstart EM starts and the best of them.
template <typename Run>
struct LcaStarts {
  std::vector<Run> runs;
  int best = 0;  // 0-based; the highest log-likelihood, ties: the first such start
};

// The one start runner of every latent class fit (lca_fit(),
// lca_regression_fit()): start s < user_starts.size() begins at the user's
// start values, every other start s at lca_random_start() from Rng(seed, s);
// em(start, from_user) runs EM from it and returns the run (with a loglik).
// Starts go through the replicate runner, one start per thread between
// progress ticks, so the result does not depend on the number of threads.
template <typename Run, typename Em, typename Progress>
LcaStarts<Run> lca_run_starts(const LcaData& d, int k, index_t nstart, int threads,
                              SeedMaterial seed, const std::vector<LcaParams>& user_starts,
                              Em&& em, Progress& progress) {
  if (nstart < 1) throw std::invalid_argument("lca: nstart must be at least 1");
  LcaStarts<Run> out;
  out.runs.resize(static_cast<std::size_t>(nstart));
  run_replicates(
      nstart, threads, seed,
      [&](index_t s, Rng& rng) {
        out.runs[s] = s < static_cast<index_t>(user_starts.size())
                          ? em(user_starts[s], true)
                          : em(lca_random_start(d, k, rng), false);
      },
      progress, effective_threads(threads));
  for (index_t s = 0; s < nstart; ++s)
    if (out.runs[s].loglik > out.runs[out.best].loglik) out.best = static_cast<int>(s);
  return out;
}

// Posterior class probabilities (n x k, row-major) and the log-likelihood.
inline double lca_posterior(const LcaData& d, const LcaParams& par, double* post) {
  lca_detail::Work work;
  return lca_detail::estep(d, par, work, nullptr, nullptr, post);
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

// Collect the runs of all starts into a fit: the best start's run (see
// lca_run_starts()), classes ordered by decreasing share, posterior and entropy.
inline LcaFit lca_collect(const LcaData& d, const LcaControl& ctl, LcaStarts<LcaRun>& starts) {
  LcaFit fit;
  std::vector<LcaRun>& runs = starts.runs;
  const index_t ns = static_cast<index_t>(runs.size());
  if (ns == 0) throw std::invalid_argument("lca: no starts");
  fit.start_loglik.resize(ns);
  fit.start_iterations.resize(ns);
  fit.start_converged.resize(ns);
  for (index_t s = 0; s < ns; ++s) {
    fit.start_loglik[s] = runs[s].loglik;
    fit.start_iterations[s] = runs[s].iterations;
    fit.start_converged[s] = runs[s].converged ? 1 : 0;
  }
  fit.best_start = starts.best;
  fit.best = std::move(runs[fit.best_start]);
  lca_order_by_share(d, fit.best.params);
  fit.posterior.resize(static_cast<std::size_t>(d.n * ctl.k));
  fit.best.loglik = lca_posterior(d, fit.best.params, fit.posterior.data());
  fit.entropy = lca_entropy(d, ctl.k, fit.posterior.data());
  fit.npar = lca_npar(d.ncat, ctl.k, ctl.model);
  return fit;
}

// nstart starts through lca_run_starts(): start s < user_starts.size()
// begins at the user's start values, every other start s at random values
// drawn from Rng(seed, s). Results do not depend on the number of threads.
template <typename Progress>
LcaFit lca_fit(const LcaData& d, const LcaControl& ctl, index_t nstart, SeedMaterial seed,
               int threads, Progress& progress,
               const std::vector<LcaParams>& user_starts = {}) {
  LcaStarts<LcaRun> starts = lca_run_starts<LcaRun>(
      d, ctl.k, nstart, threads, seed, user_starts,
      [&](LcaParams start, bool) { return lca_em(d, ctl, std::move(start)); }, progress);
  return lca_collect(d, ctl, starts);
}

}  // namespace typfrage

#endif  // TYPFRAGE_LCA_HPP
