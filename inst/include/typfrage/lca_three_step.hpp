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
//   q); standard errors from the observed information
//   sum_i w_i kron(diag(pi) - pi pi' - diag(q) + q q', z z'), with D fixed.
// * BCH: every case enters every class s with weight (D^-1)(W_i, s); the
//   weighted multinomial logit (or the weighted class means of y) and
//   sandwich standard errors A^-1 B A^-1, B = sum_i w_i g_i g_i'.
// * naive: the multinomial logit of W, standard errors from its information.
//
// Pure C++17 + Eigen: no R headers.
#ifndef TYPFRAGE_LCA_THREE_STEP_HPP
#define TYPFRAGE_LCA_THREE_STEP_HPP

#include <Eigen/Dense>

#include <cmath>
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

// D(s, t) = P(W = t | X = s) of modal assignment (rows sum to 1).
inline Eigen::MatrixXd classification_error(const Eigen::Ref<const RowMatrix>& post,
                                            const std::vector<double>& w) {
  const Eigen::Index k = post.cols();
  const std::vector<int> W = modal_classes(post);
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

struct ThreeStepFit {
  Eigen::MatrixXd beta;  // q x k, column 0 = 0
  Eigen::MatrixXd vcov;  // q (k - 1) square, class-major
  double loglik = 0.0;   // the method's objective at the estimate
  int iterations = 0;
  bool converged = false;
};

// Step 3 for covariates: W (modal classes, 0-based) of the rows of Z, D of
// step 2, w frequency weights (empty: 1).
inline ThreeStepFit three_step_covariates(const Eigen::MatrixXd& D, const std::vector<int>& W,
                                          const Eigen::Ref<const Eigen::MatrixXd>& Z,
                                          const std::vector<double>& w, ThreeStepMethod method,
                                          int maxiter = 1000, double tol = 1e-10) {
  const Eigen::Index n = Z.rows(), q = Z.cols(), k = D.rows();
  if (static_cast<Eigen::Index>(W.size()) != n) throw std::invalid_argument("three step: W needs one entry per row");
  auto wt = [&](Eigen::Index i) { return w.empty() ? 1.0 : w[i]; };
  RowMatrix hard = RowMatrix::Zero(n, k);
  for (Eigen::Index i = 0; i < n; ++i) hard(i, W[i]) = 1.0;
  ThreeStepFit out;
  Mlogit naive = mlogit_fit(Z, hard, w, Eigen::MatrixXd::Zero(q, k), 200);
  Eigen::VectorXd ones(n);
  for (Eigen::Index i = 0; i < n; ++i) ones[i] = wt(i);
  if (method == ThreeStepMethod::naive) {
    out.beta = naive.beta;
    out.vcov = pseudo_inverse(mlogit_information(Z, naive.prob, ones));
    out.loglik = naive.objective;
    out.iterations = naive.iterations;
    out.converged = naive.converged;
    return out;
  }
  if (method == ThreeStepMethod::bch) {
    const Eigen::MatrixXd Dinv = D.inverse();
    RowMatrix T(n, k);
    for (Eigen::Index i = 0; i < n; ++i) T.row(i) = Dinv.row(W[i]);
    Mlogit m = mlogit_fit(Z, T, w, naive.beta, 200);
    const Eigen::MatrixXd A = mlogit_information(Z, m.prob, ones);
    Eigen::MatrixXd B = Eigen::MatrixXd::Zero(A.rows(), A.cols());
    Eigen::VectorXd g(A.rows());
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index c = 1; c < k; ++c)
        g.segment((c - 1) * q, q) = (T(i, c) - T.row(i).sum() * m.prob(i, c)) * Z.row(i).transpose();
      B.noalias() += wt(i) * g * g.transpose();
    }
    const Eigen::MatrixXd Ai = pseudo_inverse(A);
    out.beta = m.beta;
    out.vcov = Ai * B * Ai;
    out.loglik = m.objective;
    out.iterations = m.iterations;
    out.converged = m.converged;
    return out;
  }
  // ML: EM from the naive estimate
  Eigen::MatrixXd beta = naive.beta;
  RowMatrix prob = naive.prob, Q(n, k);
  auto loglik = [&](const RowMatrix& pr) {
    double ll = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) ll += wt(i) * std::log(pr.row(i).dot(D.col(W[i]).transpose()));
    return ll;
  };
  double ll = loglik(prob), total = ones.sum();
  int it = 0;
  bool converged = false;
  for (; it < maxiter; ++it) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double s = prob.row(i).dot(D.col(W[i]).transpose());
      for (Eigen::Index c = 0; c < k; ++c) Q(i, c) = prob(i, c) * D(c, W[i]) / s;
    }
    Mlogit m = mlogit_fit(Z, Q, w, beta, 25);
    beta = std::move(m.beta);
    prob = std::move(m.prob);
    const double ll_new = loglik(prob);
    const double change = ll_new - ll;
    ll = ll_new;
    if (change < tol * total) {
      converged = true;
      ++it;
      break;
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    const double s = prob.row(i).dot(D.col(W[i]).transpose());
    for (Eigen::Index c = 0; c < k; ++c) Q(i, c) = prob(i, c) * D(c, W[i]) / s;
  }
  // observed information: the multinomial information at pi minus that at q
  Eigen::MatrixXd info = mlogit_information(Z, prob, ones) - mlogit_information(Z, Q, ones);
  out.beta = beta;
  out.vcov = pseudo_inverse(0.5 * (info + info.transpose()));
  out.loglik = ll;
  out.iterations = it;
  out.converged = converged;
  return out;
}

struct DistalFit {
  Eigen::VectorXd mean;  // k
  Eigen::MatrixXd vcov;  // k x k
};

// BCH class means of a distal outcome y (rows with y observed; W their modal
// classes) with sandwich (co)variances.
inline DistalFit bch_distal(const Eigen::MatrixXd& D, const std::vector<int>& W,
                            const std::vector<double>& y, const std::vector<double>& w) {
  const Eigen::Index n = static_cast<Eigen::Index>(y.size()), k = D.rows();
  const Eigen::MatrixXd Dinv = D.inverse();
  auto wt = [&](Eigen::Index i) { return w.empty() ? 1.0 : w[i]; };
  Eigen::VectorXd S = Eigen::VectorXd::Zero(k), Sy = Eigen::VectorXd::Zero(k);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index s = 0; s < k; ++s) {
      S[s] += wt(i) * Dinv(W[i], s);
      Sy[s] += wt(i) * Dinv(W[i], s) * y[i];
    }
  DistalFit out;
  out.mean = Sy.cwiseQuotient(S);
  out.vcov = Eigen::MatrixXd::Zero(k, k);
  Eigen::VectorXd e(k);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index s = 0; s < k; ++s) e[s] = Dinv(W[i], s) * (y[i] - out.mean[s]) / S[s];
    out.vcov.noalias() += wt(i) * e * e.transpose();
  }
  return out;
}

}  // namespace typfrage

#endif  // TYPFRAGE_LCA_THREE_STEP_HPP
