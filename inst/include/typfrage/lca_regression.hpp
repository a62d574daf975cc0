// Latent class regression: class membership as a multinomial logit of
// covariates, estimated inside the EM of the measurement model (the one-step
// approach; Dayton & Macready 1988; Bandeen-Roche et al. 1997; poLCA's
// `formula = cbind(...) ~ x`), and the standard errors of a latent class model
// from the empirical information (the outer product of the case scores,
// poLCA's poLCA.se()).
//
// Model: P(class c | z_i) = exp(z_i' beta_c) / sum_d exp(z_i' beta_d) with
// beta_1 = 0 (class 1, the largest, is the reference); z_i holds the
// intercept and the covariates (R's model matrix). Items as in lca.hpp
// (categorical or ordinal), missing responses dropping out.
//
// EM: the E-step is lca.hpp's with per-case priors; the M-step updates the
// item parameters as in lca.hpp and maximises the expected complete-data
// log-likelihood of the multinomial logit, sum_i w_i sum_c r_ic log pi_ic
// (r: posterior), by Newton steps with step halving (mlogit_fit()), so every
// iteration increases the log-likelihood. Convergence as lca_em().
//
// Pure C++17 + Eigen: no R headers.
#ifndef TYPFRAGE_LCA_REGRESSION_HPP
#define TYPFRAGE_LCA_REGRESSION_HPP

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "lca.hpp"
#include "resample.hpp"

namespace typfrage {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Row-wise softmax of Z beta (n x k) into prob and, if asked, its logarithm
// (the log-softmax, floored at log(1e-300) as lca_detail::safe_log()) into
// logprob: k exponentials and one logarithm per row. Computed column by
// column on contiguous vectors (Eigen's vectorised exp() and log()), then
// stored row-major, the layout of the E-step's priors.
inline void mlogit_probs(const Eigen::Ref<const Eigen::MatrixXd>& Z, const Eigen::MatrixXd& beta,
                         RowMatrix& prob, RowMatrix* logprob = nullptr) {
  const Eigen::Index k = beta.cols();
  Eigen::MatrixXd eta = Z * beta;  // n x k, column-major
  const Eigen::VectorXd mx = eta.rowwise().maxCoeff();
  eta.colwise() -= mx;
  Eigen::MatrixXd e = eta.array().exp().matrix();
  const Eigen::ArrayXd s = e.rowwise().sum().array();
  if (logprob) {
    const Eigen::ArrayXd ls = s.log();
    for (Eigen::Index c = 0; c < k; ++c)
      eta.col(c) = (eta.col(c).array() - ls).max(lca_detail::kLogFloor).matrix();
    *logprob = eta;
  }
  const Eigen::ArrayXd inv = s.inverse();
  for (Eigen::Index c = 0; c < k; ++c) e.col(c).array() *= inv;
  prob = e;
}

// sum_i w_i sum_c T_ic log pi_ic from the log-probabilities of
// mlogit_probs() (targets T may be soft or, for BCH, negative).
inline double mlogit_objective(const RowMatrix& logprob, const Eigen::Ref<const RowMatrix>& T,
                               const std::vector<double>& w) {
  double f = 0.0;
  for (Eigen::Index i = 0; i < logprob.rows(); ++i) {
    double fi = 0.0;
    for (Eigen::Index c = 0; c < logprob.cols(); ++c)
      if (T(i, c) != 0.0) fi += T(i, c) * logprob(i, c);
    f += (w.empty() ? 1.0 : w[i]) * fi;
  }
  return f;
}

// Parameters are ordered class-major: index (c - 1) * q + l for class c >= 2
// (0-based c >= 1) and column l of Z (poLCA's order).
//
// Information of the multinomial logit at prob, with case factors v_i
// (w_i times the sum of the case's targets): sum_i v_i kron(diag(pi) - pi pi',
// z z') over the non-reference classes. One pass over the rows, accumulating
// the upper triangle (D (D + 1) / 2 products per row, no n x q temporaries).
inline Eigen::MatrixXd mlogit_information(const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                          const RowMatrix& prob, const Eigen::VectorXd& v) {
  const Eigen::Index n = Z.rows(), q = Z.cols(), k = prob.cols(), D = q * (k - 1);
  const Eigen::Index npair = k * (k - 1) / 2, nzz = q * (q + 1) / 2;
  // the products z_l z_m (l <= m) and the class factors f_ce (1 <= c <= e < k)
  Eigen::MatrixXd ZZ(n, nzz), F(n, npair);
  for (Eigen::Index l = 0, t = 0; l < q; ++l)
    for (Eigen::Index m = l; m < q; ++m, ++t) ZZ.col(t) = Z.col(l).cwiseProduct(Z.col(m));
  const Eigen::MatrixXd P = prob;  // column-major
  for (Eigen::Index c = 1, t = 0; c < k; ++c) {
    const Eigen::ArrayXd vp = v.array() * P.col(c).array();
    for (Eigen::Index e = c; e < k; ++e, ++t)
      F.col(t) = (vp * ((c == e ? 1.0 : 0.0) - P.col(e).array())).matrix();
  }
  const Eigen::MatrixXd S = ZZ.transpose() * F;  // nzz x npair
  Eigen::MatrixXd A(D, D);
  for (Eigen::Index c = 1, t = 0; c < k; ++c)
    for (Eigen::Index e = c; e < k; ++e, ++t)
      for (Eigen::Index l = 0, u = 0; l < q; ++l)
        for (Eigen::Index m = l; m < q; ++m, ++u) {
          const double a = S(u, t);
          A((c - 1) * q + l, (e - 1) * q + m) = a;
          A((c - 1) * q + m, (e - 1) * q + l) = a;
          A((e - 1) * q + m, (c - 1) * q + l) = a;
          A((e - 1) * q + l, (c - 1) * q + m) = a;
        }
  return A;
}

// Gradient sum_i w_i z_i (T_ic - S_i pi_ic), S_i = sum_c T_ic: the residuals
// of all non-reference classes in one pass over the rows, then one product
// Z' R; v (if given) receives the case factors w_i S_i of
// mlogit_information().
inline Eigen::VectorXd mlogit_gradient(const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                       const RowMatrix& prob, const Eigen::Ref<const RowMatrix>& T,
                                       const std::vector<double>& w,
                                       Eigen::VectorXd* v = nullptr) {
  const Eigen::Index n = Z.rows(), q = Z.cols(), k = prob.cols();
  Eigen::MatrixXd R(n, k - 1);
  if (v) v->resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    double s = 0.0;
    for (Eigen::Index c = 0; c < k; ++c) s += T(i, c);
    if (v) (*v)[i] = wi * s;
    for (Eigen::Index c = 1; c < k; ++c) R(i, c - 1) = wi * (T(i, c) - s * prob(i, c));
  }
  const Eigen::MatrixXd G = Z.transpose() * R;  // q x (k - 1), column c - 1 = class c
  return Eigen::Map<const Eigen::VectorXd>(G.data(), q * (k - 1));
}

// The inverse of a symmetric positive semi-definite matrix as MASS::ginv():
// eigenvalues below sqrt(machine epsilon) times the largest are dropped.
inline Eigen::MatrixXd pseudo_inverse(const Eigen::MatrixXd& A) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(A);
  const Eigen::VectorXd ev = es.eigenvalues();
  const double top = ev.size() ? ev.cwiseAbs().maxCoeff() : 0.0;
  const double tol = std::sqrt(std::numeric_limits<double>::epsilon()) * top;
  Eigen::VectorXd inv = Eigen::VectorXd::Zero(ev.size());
  for (Eigen::Index t = 0; t < ev.size(); ++t)
    if (ev[t] > tol) inv[t] = 1.0 / ev[t];
  return es.eigenvectors() * inv.asDiagonal() * es.eigenvectors().transpose();
}

struct Mlogit {
  Eigen::MatrixXd beta;  // q x k, column 0 = 0
  RowMatrix prob;        // n x k
  RowMatrix logprob;     // n x k, log(prob) floored at log(1e-300)
  double objective = 0.0;
  int iterations = 0;
  bool converged = false;
};

// The state of a multinomial logit at beta0 (re-expressed against class 1).
inline Mlogit mlogit_start(const Eigen::Ref<const Eigen::MatrixXd>& Z, Eigen::MatrixXd beta0,
                           Eigen::Index k) {
  Mlogit m;
  m.beta = std::move(beta0);
  if (m.beta.rows() != Z.cols() || m.beta.cols() != k) m.beta = Eigen::MatrixXd::Zero(Z.cols(), k);
  for (Eigen::Index c = 1; c < k; ++c) m.beta.col(c) -= m.beta.col(0);
  m.beta.col(0).setZero();
  mlogit_probs(Z, m.beta, m.prob, &m.logprob);
  return m;
}

// The Newton direction: the solution of (A + ridge I) step = g with the
// smallest ridge (0, then 1e-10 (total + 1) growing by 100) at which the
// Cholesky factorisation succeeds. False when none does.
inline bool mlogit_direction(const Eigen::MatrixXd& A, const Eigen::VectorXd& g, double total,
                             Eigen::VectorXd& step) {
  for (double ridge = 0.0; ridge < 1e6 * (total + 1.0);
       ridge = ridge == 0.0 ? 1e-10 * (total + 1.0) : ridge * 100.0) {
    Eigen::MatrixXd Ar = A;
    Ar.diagonal().array() += ridge;
    Eigen::LLT<Eigen::MatrixXd> llt(Ar);
    if (llt.info() != Eigen::Success) continue;
    step = llt.solve(g);
    if (step.allFinite()) return true;
  }
  return false;
}

// Up to maxiter Newton steps with step halving from the state m (prob and
// logprob at m.beta), maximising sum_i w_i sum_c T_ic log pi_ic (rows of T
// summing to 1, entries possibly negative). Stops when the Newton decrement
// falls below tol * (sum of weights + 1). On return m.prob and m.logprob
// belong to m.beta, so the caller can go on from m without recomputing them.
inline void mlogit_newton(const Eigen::Ref<const Eigen::MatrixXd>& Z,
                          const Eigen::Ref<const RowMatrix>& T, const std::vector<double>& w,
                          Mlogit& m, int maxiter, double tol) {
  const Eigen::Index n = Z.rows(), q = Z.cols(), k = T.cols();
  m.iterations = 0;
  m.converged = false;
  m.objective = mlogit_objective(m.logprob, T, w);
  if (k < 2) {
    m.converged = true;
    return;
  }
  double total = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) total += w.empty() ? 1.0 : w[i];
  Eigen::VectorXd v, step;
  RowMatrix prob_new, logprob_new;
  for (int it = 0; it < maxiter; ++it) {
    const Eigen::VectorXd g = mlogit_gradient(Z, m.prob, T, w, &v);
    if (!mlogit_direction(mlogit_information(Z, m.prob, v), g, total, step)) break;
    const double decrement = g.dot(step);
    if (!(decrement > tol * (total + 1.0))) {
      m.converged = true;
      break;
    }
    const double big = step.cwiseAbs().maxCoeff();
    if (big > 10.0) step *= 10.0 / big;
    double alpha = 1.0;
    bool improved = false;
    for (int h = 0; h < 40; ++h) {
      Eigen::MatrixXd b = m.beta;
      for (Eigen::Index c = 1; c < k; ++c) b.col(c) += alpha * step.segment((c - 1) * q, q);
      mlogit_probs(Z, b, prob_new, &logprob_new);
      const double f = mlogit_objective(logprob_new, T, w);
      if (f >= m.objective) {
        improved = f > m.objective;
        m.beta = std::move(b);
        m.prob.swap(prob_new);
        m.logprob.swap(logprob_new);
        m.objective = f;
        break;
      }
      alpha *= 0.5;
    }
    ++m.iterations;
    if (!improved) {
      m.converged = true;  // no ascent left at machine precision
      break;
    }
  }
}

// Maximise sum_i w_i sum_c T_ic log pi_ic over beta (rows of T summing to 1,
// entries possibly negative) by Newton steps with step halving, from beta0.
// Stops when the Newton decrement falls below tol * (sum of weights + 1).
inline Mlogit mlogit_fit(const Eigen::Ref<const Eigen::MatrixXd>& Z,
                         const Eigen::Ref<const RowMatrix>& T, const std::vector<double>& w,
                         Eigen::MatrixXd beta0, int maxiter = 100, double tol = 1e-16) {
  Mlogit m = mlogit_start(Z, std::move(beta0), T.cols());
  mlogit_newton(Z, T, w, m, maxiter, tol);
  return m;
}

// A run of lca.hpp's (parameters, loglik, iterations, converged) and beta.
struct LcaRegressionRun : LcaRun {
  Eigen::MatrixXd beta;  // q x k, column 0 = 0
};

// Newton steps of the multinomial logit per EM iteration: one step (with step
// halving, so the expected log-likelihood never decreases: a generalised EM,
// as poLCA) is the cheapest way to the same maximum; the next E-step changes
// the targets anyway.
constexpr int ctl_newton_steps = 1;

// EM of the latent class regression from start item parameters and beta0.
// The multinomial logit's state (beta, the priors and their logarithms) is
// carried from one iteration to the next: the priors of the E-step are the
// probabilities of the last Newton step, so every iteration computes the
// softmax once (at the accepted step).
inline LcaRegressionRun lca_regression_em(const LcaData& d, const LcaControl& ctl,
                                          const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                          LcaParams start, Eigen::MatrixXd beta0) {
  const int k = ctl.k;
  if (Z.rows() != d.n) throw std::invalid_argument("lca regression: Z needs one row per case");
  LcaRegressionRun run;
  run.params = lca_detail::em_start(d, ctl, std::move(start));
  std::vector<double> w;
  if (d.weights) w.assign(d.weights, d.weights + d.n);
  Mlogit m = mlogit_start(Z, std::move(beta0), k);
  lca_detail::Work work;
  std::vector<double> counts(static_cast<std::size_t>(d.total_cat * k)), mass(static_cast<std::size_t>(k));
  std::vector<double> post(static_cast<std::size_t>(d.n * k));
  const Eigen::Map<const RowMatrix> T(post.data(), d.n, k);
  lca_detail::em_iterate(
      d, ctl, run,
      [&] {
        return lca_detail::estep(d, run.params, work, &counts, &mass, post.data(), m.prob.data());
      },
      [&] {
        lca_detail::mstep(d, ctl.model, counts, mass, run.params);
        mlogit_newton(Z, T, w, m, ctl_newton_steps, 1e-16);
      });
  run.beta = std::move(m.beta);
  return run;
}

struct LcaRegressionFit {
  LcaRegressionRun best;
  int best_start = 0;
  std::vector<double> start_loglik;
  RowMatrix prior;      // n x k
  RowMatrix posterior;  // n x k
  double entropy = 0.0;
  index_t npar = 0;
};

// Class order by decreasing mean prior (ties: original order); beta re-expressed
// against the new class 1.
inline void lca_regression_order(const LcaData& d, const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                 LcaRegressionRun& run) {
  const int k = run.params.k;
  RowMatrix prior;
  mlogit_probs(Z, run.beta, prior);
  std::vector<double> share(static_cast<std::size_t>(k), 0.0);
  for (index_t i = 0; i < d.n; ++i)
    for (int c = 0; c < k; ++c) share[c] += d.weight(i) * prior(i, c) / d.total_weight;
  std::vector<int> ord(static_cast<std::size_t>(k));
  std::iota(ord.begin(), ord.end(), 0);
  std::stable_sort(ord.begin(), ord.end(), [&](int a, int b) { return share[a] > share[b]; });
  run.params.shares = share;
  lca_order_by_share(d, run.params);  // the same stable order
  Eigen::MatrixXd beta(run.beta.rows(), k);
  for (int c = 0; c < k; ++c) beta.col(c) = run.beta.col(ord[c]) - run.beta.col(ord[0]);
  run.beta = std::move(beta);
}

// nstart starts through lca_run_starts(): start s < user_starts.size()
// begins at the user's item parameters with beta_start (e.g. the log-odds of
// the shares of a measurement model), every other at random item parameters
// from Rng(seed, s) and equal priors (beta = 0, as poLCA). Thread-invariant.
template <typename Progress>
LcaRegressionFit lca_regression_fit(const LcaData& d, const LcaControl& ctl,
                                    const Eigen::Ref<const Eigen::MatrixXd>& Z, index_t nstart,
                                    SeedMaterial seed, int threads, Progress& progress,
                                    const std::vector<LcaParams>& user_starts = {},
                                    const Eigen::MatrixXd& beta_start = Eigen::MatrixXd()) {
  const Eigen::MatrixXd zero = Eigen::MatrixXd::Zero(Z.cols(), ctl.k);
  LcaStarts<LcaRegressionRun> starts = lca_run_starts<LcaRegressionRun>(
      d, ctl.k, nstart, threads, seed, user_starts,
      [&](LcaParams start, bool from_user) {
        return lca_regression_em(d, ctl, Z, std::move(start), from_user ? beta_start : zero);
      },
      progress);
  LcaRegressionFit fit;
  fit.start_loglik.resize(static_cast<std::size_t>(nstart));
  for (index_t s = 0; s < nstart; ++s) fit.start_loglik[s] = starts.runs[s].loglik;
  fit.best_start = starts.best;
  fit.best = std::move(starts.runs[fit.best_start]);
  lca_regression_order(d, Z, fit.best);
  mlogit_probs(Z, fit.best.beta, fit.prior);
  std::vector<double> post(static_cast<std::size_t>(d.n * ctl.k));
  lca_detail::Work work;
  fit.best.loglik = lca_detail::estep(d, fit.best.params, work, nullptr, nullptr, post.data(),
                                      fit.prior.data());
  fit.posterior = Eigen::Map<const RowMatrix>(post.data(), d.n, ctl.k);
  fit.entropy = lca_entropy(d, ctl.k, post.data());
  fit.npar = lca_npar(d.ncat, ctl.k, ctl.model) + static_cast<index_t>(Z.cols() - 1) * (ctl.k - 1);
  return fit;
}

// Standard errors of a categorical latent class model (with covariates, or
// with Z a column of ones and prior the shares in every row) from the
// empirical information sum_i w_i s_i s_i' of the case scores s_i (the
// log-ratio parameters of every item and class against category 1, then
// beta), inverted as MASS::ginv(); the response probabilities and the mean
// class shares by the delta method. Equal to poLCA's calc.se.
struct LcaStandardErrors {
  Eigen::MatrixXd vcov;       // D x D, items' log-ratio parameters then beta
  std::vector<double> probs;  // SE of P(y_j = m | c) at (offset_j + m) * k + c
  Eigen::MatrixXd beta;       // q x (k - 1)
  Eigen::MatrixXd beta_vcov;  // q (k - 1) square
  std::vector<double> shares; // SE of the mean class shares
};

// The case scores (n x D, unweighted): the log-ratio parameters of every
// class and item against category 1 (c outer, then j, then m >= 1; zero for a
// missing answer), then beta (class c >= 1 outer, covariate l inner). With Z
// a column of ones and prior the shares in every row, the scores of the
// measurement model alone (lca_three_step.hpp's step_one_scores()).
inline Eigen::MatrixXd lca_case_scores(const LcaData& d, const LcaParams& par,
                                       const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                       const RowMatrix& prior, const RowMatrix& post) {
  const int k = par.k;
  const index_t q = Z.cols();
  index_t D_lo = 0;
  for (index_t j = 0; j < d.p; ++j) D_lo += static_cast<index_t>(k) * (d.ncat[j] - 1);
  Eigen::MatrixXd S = Eigen::MatrixXd::Zero(d.n, D_lo + q * (k - 1));
  for (index_t i = 0; i < d.n; ++i) {
    index_t col = 0;
    for (int c = 0; c < k; ++c) {
      for (index_t j = 0; j < d.p; ++j) {
        const int y = d.code(i, j);
        for (int m = 1; m < d.ncat[j]; ++m, ++col) {
          if (y < 0) continue;
          S(i, col) = post(i, c) * ((y == m ? 1.0 : 0.0) - par.probs[(d.offset[j] + m) * k + c]);
        }
      }
    }
    for (int c = 1; c < k; ++c)
      for (index_t l = 0; l < q; ++l, ++col) S(i, col) = Z(i, l) * (post(i, c) - prior(i, c));
  }
  return S;
}

inline LcaStandardErrors lca_standard_errors(const LcaData& d, const LcaParams& par,
                                             const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                             const RowMatrix& prior, const RowMatrix& post) {
  const int k = par.k;
  const index_t q = Z.cols();
  const Eigen::MatrixXd S = lca_case_scores(d, par, Z, prior, post);
  const index_t D = S.cols();
  const index_t D_lo = D - q * (k - 1);
  Eigen::MatrixXd info;
  if (d.weights) {
    const Eigen::Map<const Eigen::VectorXd> w(d.weights, d.n);
    info = S.transpose() * (S.array().colwise() * w.array()).matrix();
  } else {
    info = S.transpose() * S;
  }
  LcaStandardErrors out;
  out.vcov = pseudo_inverse(info);
  out.probs.assign(static_cast<std::size_t>(d.total_cat * k), 0.0);
  index_t col = 0;
  for (int c = 0; c < k; ++c) {
    for (index_t j = 0; j < d.p; ++j) {
      const int K = d.ncat[j];
      const Eigen::MatrixXd V = out.vcov.block(col, col, K - 1, K - 1);
      for (int m = 0; m < K; ++m) {
        const double pm = par.probs[(d.offset[j] + m) * k + c];
        Eigen::VectorXd J(K - 1);
        for (int l = 1; l < K; ++l)
          J[l - 1] = pm * ((m == l ? 1.0 : 0.0) - par.probs[(d.offset[j] + l) * k + c]);
        out.probs[(d.offset[j] + m) * k + c] = std::sqrt(std::max(0.0, J.dot(V * J)));
      }
      col += K - 1;
    }
  }
  out.beta_vcov = out.vcov.block(D_lo, D_lo, q * (k - 1), q * (k - 1));
  out.beta.resize(q, k - 1);
  for (int c = 1; c < k; ++c)
    for (index_t l = 0; l < q; ++l)
      out.beta(l, c - 1) = std::sqrt(std::max(0.0, out.beta_vcov((c - 1) * q + l, (c - 1) * q + l)));
  // mean shares: d P_r / d beta_{c,l} = mean_i prior_ir (delta_rc - prior_ic) z_il
  Eigen::MatrixXd Jm = Eigen::MatrixXd::Zero(k, q * (k - 1));
  for (index_t i = 0; i < d.n; ++i) {
    const double wi = d.weight(i) / d.total_weight;
    for (int r = 0; r < k; ++r)
      for (int c = 1; c < k; ++c)
        for (index_t l = 0; l < q; ++l)
          Jm(r, (c - 1) * q + l) += wi * prior(i, r) * ((r == c ? 1.0 : 0.0) - prior(i, c)) * Z(i, l);
  }
  const Eigen::MatrixXd Vm = Jm * out.beta_vcov * Jm.transpose();
  out.shares.resize(static_cast<std::size_t>(k));
  for (int r = 0; r < k; ++r) out.shares[r] = std::sqrt(std::max(0.0, Vm(r, r)));
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_LCA_REGRESSION_HPP
