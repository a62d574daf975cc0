// The three-step approach to covariates and distal outcomes of latent
// classes: step 1 fits the measurement model without them (lca.hpp), step 2
// assigns every case to its modal class, step 3 relates the assigned class W
// to the covariates z (a multinomial logit) or to a distal outcome y (class
// means), either naively (W taken as the true class, which biases the effects
// towards zero) or corrected for the classification error
//   D(s, t) = P(W = t | X = s) = sum_i w_i p_is [W_i = t] / sum_i w_i p_is
// (p: posterior of step 1; Vermunt 2010; Bakk, Tekle & Vermunt 2013):
//
// * ML: maximise sum_i w_i log sum_s pi_s(z_i) D(s, W_i) (EM: posterior
//   q_is proportional to pi_s(z_i) D(s, W_i), M-step a multinomial logit on
//   q; then Newton steps to the exact maximum); standard errors from the observed information
//   sum_i w_i kron(diag(pi) - pi pi' - diag(q) + q q', z z'), with D fixed.
// * BCH: every case enters every class s with weight (D^-1)(W_i, s); the
//   weighted multinomial logit (or the weighted class means of y) and
//   sandwich standard errors A^-1 B A^-1, B = sum_i w_i g_i g_i'.
// * naive: the multinomial logit of W, standard errors from its information.
// These standard errors treat step 1 as known; three_step_corrected_vcov()
// (end of the file) adds its uncertainty.
//
// Pure C++17 + Eigen: no R headers.
#ifndef TYPFRAGE_LCA_THREE_STEP_HPP
#define TYPFRAGE_LCA_THREE_STEP_HPP

#include <Eigen/Dense>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lca_regression.hpp"

namespace typfrage {

enum class ThreeStepMethod { naive, ml, bch };

inline ThreeStepMethod three_step_from_string(const std::string& s) {
  if (s == "naive") return ThreeStepMethod::naive;
  if (s == "ml") return ThreeStepMethod::ml;
  if (s == "bch") return ThreeStepMethod::bch;
  throw std::invalid_argument("unknown three-step method: " + s);
}

// Modal class of every row of a posterior (ties: the first class).
inline std::vector<int> modal_classes(const Eigen::Ref<const RowMatrix>& post) {
  std::vector<int> W(static_cast<std::size_t>(post.rows()));
  for (Eigen::Index i = 0; i < post.rows(); ++i) {
    Eigen::Index best = 0;
    for (Eigen::Index c = 1; c < post.cols(); ++c)
      if (post(i, c) > post(i, best)) best = c;
    W[i] = static_cast<int>(best);
  }
  return W;
}

// D(s, t) = sum_i w_i p_is [W_i = t] / sum_i w_i p_is for given W.
inline Eigen::MatrixXd classification_error(const Eigen::Ref<const RowMatrix>& post, const std::vector<int>& W,
                                            const std::vector<double>& w) {
  const Eigen::Index k = post.cols();
  Eigen::MatrixXd D = Eigen::MatrixXd::Zero(k, k);
  for (Eigen::Index i = 0; i < post.rows(); ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    for (Eigen::Index s = 0; s < k; ++s) D(s, W[i]) += wi * post(i, s);
  }
  for (Eigen::Index s = 0; s < k; ++s) {
    const double tot = D.row(s).sum();
    if (tot > 0.0) D.row(s) /= tot;
  }
  return D;
}

// D(s, t) = P(W = t | X = s) of modal assignment (rows sum to 1).
inline Eigen::MatrixXd classification_error(const Eigen::Ref<const RowMatrix>& post,
                                            const std::vector<double>& w) {
  return classification_error(post, modal_classes(post), w);
}

struct ThreeStepFit {
  Eigen::MatrixXd beta;         // q x k, column 0 = 0
  Eigen::MatrixXd vcov;         // q (k - 1) square, class-major
  Eigen::MatrixXd information;  // minus the derivative of the summed scores (the bread)
  double loglik = 0.0;          // the method's objective at the estimate
  int iterations = 0;
  bool converged = false;
};

namespace three_step_detail {

inline double weight(const std::vector<double>& w, Eigen::Index i) { return w.empty() ? 1.0 : w[i]; }

inline Eigen::VectorXd weight_vector(const std::vector<double>& w, Eigen::Index n) {
  Eigen::VectorXd v(n);
  for (Eigen::Index i = 0; i < n; ++i) v[i] = weight(w, i);
  return v;
}

// ML posterior of the true class given W and z: q_ic ~ pi_ic D(c, W_i).
inline RowMatrix ml_posterior(const Eigen::MatrixXd& D, const std::vector<int>& W, const RowMatrix& prob) {
  RowMatrix Q(prob.rows(), prob.cols());
  for (Eigen::Index i = 0; i < prob.rows(); ++i) {
    const double s = prob.row(i).dot(D.col(W[i]).transpose());
    for (Eigen::Index c = 0; c < prob.cols(); ++c) Q(i, c) = prob(i, c) * D(c, W[i]) / s;
  }
  return Q;
}

// BCH targets: row W_i of D^-1 for every case.
inline RowMatrix bch_targets(const Eigen::MatrixXd& D, const std::vector<int>& W) {
  const Eigen::MatrixXd Dinv = D.inverse();
  RowMatrix T(static_cast<Eigen::Index>(W.size()), D.rows());
  for (std::size_t i = 0; i < W.size(); ++i) T.row(static_cast<Eigen::Index>(i)) = Dinv.row(W[i]);
  return T;
}

inline ThreeStepFit from_mlogit(Mlogit&& m) {
  ThreeStepFit out;
  out.beta = std::move(m.beta);
  out.loglik = m.objective;
  out.iterations = m.iterations;
  out.converged = m.converged;
  return out;
}

}  // namespace three_step_detail

// Per-case scores of the step-3 model (rows: cases, unweighted; columns:
// class-major coefficients) at beta, for the classification error D:
// ML z_i (q_ic - pi_ic), BCH z_i (T_ic - pi_ic), naive z_i ([W_i = c] - pi_ic).
inline Eigen::MatrixXd three_step_scores(const Eigen::MatrixXd& D, const std::vector<int>& W,
                                         const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                         const Eigen::MatrixXd& beta, ThreeStepMethod method) {
  const Eigen::Index n = Z.rows(), q = Z.cols(), k = D.rows();
  RowMatrix prob;
  mlogit_probs(Z, beta, prob);
  RowMatrix T;
  if (method == ThreeStepMethod::ml) {
    T = three_step_detail::ml_posterior(D, W, prob);
  } else if (method == ThreeStepMethod::bch) {
    T = three_step_detail::bch_targets(D, W);
  } else {
    T = RowMatrix::Zero(n, k);
    for (Eigen::Index i = 0; i < n; ++i) T(i, W[i]) = 1.0;
  }
  Eigen::MatrixXd G(n, q * (k - 1));
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index c = 1; c < k; ++c)
      G.block(i, (c - 1) * q, 1, q) = (T(i, c) - T.row(i).sum() * prob(i, c)) * Z.row(i);
  return G;
}

// Step 3, naive: the multinomial logit of W.
inline ThreeStepFit three_step_naive(const std::vector<int>& W, const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                     const std::vector<double>& w, Eigen::Index k) {
  const Eigen::Index n = Z.rows();
  RowMatrix hard = RowMatrix::Zero(n, k);
  for (Eigen::Index i = 0; i < n; ++i) hard(i, W[i]) = 1.0;
  Mlogit m = mlogit_fit(Z, hard, w, Eigen::MatrixXd::Zero(Z.cols(), k), 200);
  const RowMatrix prob = m.prob;
  ThreeStepFit out = three_step_detail::from_mlogit(std::move(m));
  out.information = mlogit_information(Z, prob, three_step_detail::weight_vector(w, n));
  out.vcov = pseudo_inverse(out.information);
  return out;
}

// Step 3, BCH: the weighted multinomial logit with sandwich A^-1 B A^-1.
inline ThreeStepFit three_step_bch(const Eigen::MatrixXd& D, const std::vector<int>& W,
                                   const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                   const std::vector<double>& w, const Eigen::MatrixXd& beta0) {
  const Eigen::Index n = Z.rows();
  Mlogit m = mlogit_fit(Z, three_step_detail::bch_targets(D, W), w, beta0, 200);
  const RowMatrix prob = m.prob;
  ThreeStepFit out = three_step_detail::from_mlogit(std::move(m));
  const Eigen::VectorXd wv = three_step_detail::weight_vector(w, n);
  out.information = mlogit_information(Z, prob, wv);  // the rows of D^-1 sum to 1
  const Eigen::MatrixXd G = three_step_scores(D, W, Z, out.beta, ThreeStepMethod::bch);
  const Eigen::MatrixXd Ai = pseudo_inverse(out.information);
  out.vcov = Ai * (G.transpose() * (G.array().colwise() * wv.array()).matrix()) * Ai;
  return out;
}

namespace three_step_detail {

// sum_i w_i log sum_s pi_is D(s, W_i)
inline double ml_loglik(const Eigen::MatrixXd& D, const std::vector<int>& W, const RowMatrix& prob,
                        const Eigen::VectorXd& wv) {
  double ll = 0.0;
  for (Eigen::Index i = 0; i < prob.rows(); ++i) ll += wv[i] * std::log(prob.row(i).dot(D.col(W[i]).transpose()));
  return ll;
}

// Observed information of the ML step 3 at prob: the multinomial
// information at pi minus that at q.
inline Eigen::MatrixXd ml_information(const Eigen::MatrixXd& D, const std::vector<int>& W,
                                      const Eigen::Ref<const Eigen::MatrixXd>& Z, const RowMatrix& prob,
                                      const Eigen::VectorXd& wv) {
  const Eigen::MatrixXd info = mlogit_information(Z, prob, wv) - mlogit_information(Z, ml_posterior(D, W, prob), wv);
  return 0.5 * (info + info.transpose());
}

// Newton steps after the EM (which converges slowly near the optimum): a
// step is kept while it raises the log-likelihood, and always once it is
// below 1e-6 (quadratic convergence, where the change of the log-likelihood
// is lost in rounding); leaves the information at the estimate in
// fit.information.
inline void ml_newton(const Eigen::MatrixXd& D, const std::vector<int>& W,
                      const Eigen::Ref<const Eigen::MatrixXd>& Z, const std::vector<double>& w,
                      RowMatrix& prob, ThreeStepFit& fit) {
  const Eigen::Index q = Z.cols(), k = D.rows();
  const Eigen::VectorXd wv = weight_vector(w, Z.rows());
  auto loglik = [&](const RowMatrix& pr) { return ml_loglik(D, W, pr, wv); };
  fit.information = ml_information(D, W, Z, prob, wv);
  for (int it = 0; it < 20; ++it) {
    const Eigen::VectorXd g = three_step_scores(D, W, Z, fit.beta, ThreeStepMethod::ml).transpose() * wv;
    const Eigen::VectorXd step = pseudo_inverse(fit.information) * g;
    if (!step.allFinite() || step.norm() < 1e-12) break;
    Eigen::MatrixXd beta = fit.beta;
    for (Eigen::Index c = 1; c < k; ++c) beta.col(c) += step.segment((c - 1) * q, q);
    RowMatrix pr;
    mlogit_probs(Z, beta, pr);
    const double ll = loglik(pr);
    if (!(ll >= fit.loglik) && !(step.norm() < 1e-6 && std::isfinite(ll))) break;
    fit.beta = std::move(beta);
    prob = std::move(pr);
    fit.loglik = std::max(fit.loglik, ll);
    fit.information = ml_information(D, W, Z, prob, wv);
  }
}

}  // namespace three_step_detail

// Step 3, ML: EM from beta0 for sum_i w_i log sum_s pi_s(z_i) D(s, W_i),
// standard errors from the observed information.
inline ThreeStepFit three_step_ml(const Eigen::MatrixXd& D, const std::vector<int>& W,
                                  const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                  const std::vector<double>& w, const Eigen::MatrixXd& beta0,
                                  int maxiter, double tol) {
  const Eigen::Index n = Z.rows();
  const Eigen::VectorXd wv = three_step_detail::weight_vector(w, n);
  auto loglik = [&](const RowMatrix& pr) { return three_step_detail::ml_loglik(D, W, pr, wv); };
  ThreeStepFit out;
  out.beta = beta0;
  RowMatrix prob;
  mlogit_probs(Z, out.beta, prob);
  out.loglik = loglik(prob);
  for (; out.iterations < maxiter;) {
    Mlogit m = mlogit_fit(Z, three_step_detail::ml_posterior(D, W, prob), w, out.beta, 25);
    out.beta = std::move(m.beta);
    prob = std::move(m.prob);
    const double ll_new = loglik(prob), change = ll_new - out.loglik;
    out.loglik = ll_new;
    ++out.iterations;
    if (change < tol * wv.sum()) {
      out.converged = true;
      break;
    }
  }
  three_step_detail::ml_newton(D, W, Z, w, prob, out);
  out.vcov = pseudo_inverse(out.information);
  return out;
}

// Step 3 for covariates: W (modal classes, 0-based) of the rows of Z, D of
// step 2, w frequency weights (empty: 1). ML and BCH start from the naive
// estimate.
inline ThreeStepFit three_step_covariates(const Eigen::MatrixXd& D, const std::vector<int>& W,
                                          const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                          const std::vector<double>& w, ThreeStepMethod method,
                                          int maxiter = 1000, double tol = 1e-10) {
  if (static_cast<Eigen::Index>(W.size()) != Z.rows()) throw std::invalid_argument("three step: W needs one entry per row");
  ThreeStepFit naive = three_step_naive(W, Z, w, D.rows());
  if (method == ThreeStepMethod::naive) return naive;
  if (method == ThreeStepMethod::bch) return three_step_bch(D, W, Z, w, naive.beta);
  return three_step_ml(D, W, Z, w, naive.beta, maxiter, tol);
}

struct DistalFit {
  Eigen::VectorXd mean;  // k
  Eigen::MatrixXd vcov;  // k x k
  Eigen::MatrixXd information;  // diag(sum_i w_i (D^-1)_{W_i s})
};

// Per-case scores (D^-1)_{W_i s} (y_i - mu_s) of the BCH class means.
inline Eigen::MatrixXd bch_distal_scores(const Eigen::MatrixXd& D, const std::vector<int>& W,
                                         const std::vector<double>& y, const Eigen::VectorXd& mean) {
  const Eigen::Index n = static_cast<Eigen::Index>(y.size()), k = D.rows();
  const Eigen::MatrixXd Dinv = D.inverse();
  Eigen::MatrixXd G(n, k);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index s = 0; s < k; ++s) G(i, s) = Dinv(W[i], s) * (y[i] - mean[s]);
  return G;
}

// BCH class means of a distal outcome y (rows with y observed; W their modal
// classes) with sandwich (co)variances.
inline DistalFit bch_distal(const Eigen::MatrixXd& D, const std::vector<int>& W,
                            const std::vector<double>& y, const std::vector<double>& w) {
  const Eigen::Index n = static_cast<Eigen::Index>(y.size()), k = D.rows();
  const Eigen::MatrixXd Dinv = D.inverse();
  Eigen::VectorXd S = Eigen::VectorXd::Zero(k), Sy = Eigen::VectorXd::Zero(k);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index s = 0; s < k; ++s) {
      S[s] += three_step_detail::weight(w, i) * Dinv(W[i], s);
      Sy[s] += three_step_detail::weight(w, i) * Dinv(W[i], s) * y[i];
    }
  DistalFit out;
  out.mean = Sy.cwiseQuotient(S);
  out.information = S.asDiagonal();
  const Eigen::MatrixXd G = bch_distal_scores(D, W, y, out.mean);
  const Eigen::VectorXd wv = three_step_detail::weight_vector(w, n);
  const Eigen::MatrixXd Ai = S.cwiseInverse().asDiagonal();
  out.vcov = Ai * (G.transpose() * (G.array().colwise() * wv.array()).matrix()) * Ai;
  return out;
}

// ---- Standard errors that include the uncertainty of step 1 -------------
//
// Step 1 (categorical items) in its unconstrained parameters theta: for
// every class c, item j and category m >= 2 the log-odds
// log(P_jcm / P_jc1), then log(pi_c / pi_1) for c >= 2 (the order of the
// scores in lca_standard_errors()). Step 2 is D(theta) with the modal classes
// W held at those of the estimate; step 3 the estimate b solving
// sum_i w_i g_i(b, D) = 0. With A = -d sum g / d b (ThreeStepFit::information),
//   J = db/dtheta = A^-1 (d sum g / d vec D)(d vec D / d theta),
// the derivatives by central differences of the score sum at fixed b (the
// implicit-function theorem: exact up to O(h^2), no refitting). Two
// corrections (Bakk, Oberski & Vermunt 2014):
// * known_d = false, "stacked": the M-estimation sandwich of steps 1-3,
//   sum_i w_i f_i f_i' with the influence of every case
//     f_i = A^-1 g_i + G (e_i + (dD/dtheta) I1^-1 s_i),
//   G = A^-1 d sum g / d vec D, s_i the step-1 score, I1 = sum_i w_i s_i s_i'
//   (the empirical information, as poLCA), e_i the influence of case i on D
//   given theta, e_i(s, t) = p_is ([W_i = t] - D_st) / sum_j w_j p_js;
// * Bakk-Oberski-Vermunt's additive form Sigma_3 + J I1^-1 J' (no
//   covariance between the steps, D a function of theta alone); the one
//   lca_covariates(se = "corrected") reports (never below Sigma_3; in the
//   simulation of data-raw/lca-three-step-sim.R the two agree within a few
//   per cent).

inline Eigen::VectorXd step_one_theta(const LcaData& d, const LcaParams& par) {
  const int k = par.k;
  std::vector<double> th;
  for (int c = 0; c < k; ++c)
    for (index_t j = 0; j < d.p; ++j)
      for (int m = 1; m < d.ncat[j]; ++m)
        th.push_back(std::log(par.probs[(d.offset[j] + m) * k + c] / par.probs[d.offset[j] * k + c]));
  for (int c = 1; c < k; ++c) th.push_back(std::log(par.shares[c] / par.shares[0]));
  return Eigen::Map<const Eigen::VectorXd>(th.data(), static_cast<Eigen::Index>(th.size()));
}

inline LcaParams step_one_params(const LcaData& d, int k, const Eigen::VectorXd& theta) {
  LcaParams par;
  par.k = k;
  par.probs.assign(static_cast<std::size_t>(d.total_cat * k), 0.0);
  Eigen::Index r = 0;
  for (int c = 0; c < k; ++c)
    for (index_t j = 0; j < d.p; ++j) {
      double s = 1.0;
      par.probs[d.offset[j] * k + c] = 1.0;
      for (int m = 1; m < d.ncat[j]; ++m, ++r) s += (par.probs[(d.offset[j] + m) * k + c] = std::exp(theta[r]));
      for (int m = 0; m < d.ncat[j]; ++m) par.probs[(d.offset[j] + m) * k + c] /= s;
    }
  par.shares.assign(static_cast<std::size_t>(k), 1.0);
  double s = 1.0;
  for (int c = 1; c < k; ++c, ++r) s += (par.shares[c] = std::exp(theta[r]));
  for (double& v : par.shares) v /= s;
  return par;
}

// Per-case scores of the step-1 log-likelihood in theta (n x dim theta).
inline Eigen::MatrixXd step_one_scores(const LcaData& d, const LcaParams& par, const RowMatrix& post) {
  const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(d.n, 1);
  RowMatrix prior(d.n, par.k);
  for (int c = 0; c < par.k; ++c) prior.col(c).setConstant(par.shares[c]);
  return lca_case_scores(d, par, ones, prior, post);
}

inline RowMatrix step_one_posterior(const LcaData& d, const LcaParams& par) {
  RowMatrix P(d.n, par.k);
  lca_posterior(d, par, P.data());
  return P;
}

// A step-3 estimator as the correction sees it: the per-case scores of its
// rows (unweighted; rows: the step-3 cases) for a classification error D at
// the estimate, the bread A, the uncorrected vcov, and the weights of its rows.
struct StepThreeEstimator {
  std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)> scores;
  Eigen::MatrixXd information;
  Eigen::MatrixXd vcov;
  std::vector<double> w;
};

struct CorrectedVcov {
  Eigen::MatrixXd stacked;   // the sandwich of steps 1-3
  Eigen::MatrixXd additive;  // Sigma_3 + J Sigma_1 J'
  Eigen::MatrixXd jacobian;  // J = d estimate / d theta
};

namespace three_step_detail {

inline Eigen::VectorXd weighted_colsum(const Eigen::MatrixXd& G, const std::vector<double>& w) {
  return G.transpose() * weight_vector(w, G.rows());
}

inline Eigen::VectorXd vec(const Eigen::MatrixXd& m) {
  return Eigen::Map<const Eigen::VectorXd>(m.data(), m.size());
}

// d vec D / d theta (k^2 x dim theta), W fixed.
inline Eigen::MatrixXd error_jacobian(const LcaData& d, int k, const Eigen::VectorXd& theta,
                                      const std::vector<int>& W, const std::vector<double>& w, double h) {
  Eigen::MatrixXd out(k * k, theta.size());
  for (Eigen::Index r = 0; r < theta.size(); ++r) {
    Eigen::VectorXd tp = theta, tm = theta;
    tp[r] += h;
    tm[r] -= h;
    const Eigen::MatrixXd Dp = classification_error(step_one_posterior(d, step_one_params(d, k, tp)), W, w);
    const Eigen::MatrixXd Dm = classification_error(step_one_posterior(d, step_one_params(d, k, tm)), W, w);
    out.col(r) = (vec(Dp) - vec(Dm)) / (2.0 * h);
  }
  return out;
}

// d sum_i w_i g_i / d vec D at the estimate (dim b x k^2).
inline Eigen::MatrixXd score_error_jacobian(const StepThreeEstimator& est, const Eigen::MatrixXd& D, double h) {
  const Eigen::Index k = D.rows();
  Eigen::MatrixXd out(est.information.rows(), k * k);
  for (Eigen::Index e = 0; e < k * k; ++e) {
    Eigen::MatrixXd Dp = D, Dm = D;
    Dp.data()[e] += h;
    Dm.data()[e] -= h;
    out.col(e) = (weighted_colsum(est.scores(Dp), est.w) - weighted_colsum(est.scores(Dm), est.w)) / (2.0 * h);
  }
  return out;
}

}  // namespace three_step_detail

// The corrected covariance of a step-3 estimate; `rows` (0-based) are the
// cases of the step-1 data d that enter step 3, in the order of est's rows.
inline CorrectedVcov three_step_corrected_vcov(const LcaData& d, const LcaParams& par,
                                               const std::vector<int>& rows,
                                               const StepThreeEstimator& est, double h = 1e-5) {
  namespace td = three_step_detail;
  const int k = par.k;
  std::vector<double> w1;
  if (d.weights) w1.assign(d.weights, d.weights + d.n);
  const RowMatrix post = step_one_posterior(d, par);
  const std::vector<int> W = modal_classes(post);
  const Eigen::MatrixXd D = classification_error(post, W, w1);
  const Eigen::MatrixXd S1 = step_one_scores(d, par, post);
  const Eigen::VectorXd w1v = td::weight_vector(w1, d.n);
  const Eigen::MatrixXd Sigma1 = pseudo_inverse(S1.transpose() * (S1.array().colwise() * w1v.array()).matrix());
  const Eigen::MatrixXd Ai = pseudo_inverse(est.information);
  const Eigen::MatrixXd G = Ai * td::score_error_jacobian(est, D, h);
  const Eigen::MatrixXd dD = td::error_jacobian(d, k, step_one_theta(d, par), W, w1, h);
  CorrectedVcov out;
  out.jacobian = G * dD;
  out.additive = est.vcov + out.jacobian * Sigma1 * out.jacobian.transpose();
  // influence of every case of step 1 on the estimate
  Eigen::MatrixXd E = Eigen::MatrixXd::Zero(d.n, k * k);  // e_i, vec order (s + t k)
  Eigen::VectorXd mass = post.transpose() * w1v;
  for (index_t i = 0; i < d.n; ++i)
    for (int s = 0; s < k; ++s)
      for (int t = 0; t < k; ++t) E(i, s + t * k) = post(i, s) * ((W[i] == t ? 1.0 : 0.0) - D(s, t)) / mass[s];
  Eigen::MatrixXd F = (E + S1 * Sigma1 * dD.transpose()) * G.transpose();  // n x dim b
  const Eigen::MatrixXd G3 = est.scores(D) * Ai;
  for (std::size_t r = 0; r < rows.size(); ++r) F.row(rows[r]) += G3.row(static_cast<Eigen::Index>(r));
  out.stacked = F.transpose() * (F.array().colwise() * w1v.array()).matrix();
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_LCA_THREE_STEP_HPP
