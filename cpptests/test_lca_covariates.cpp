// Latent class regression, the three-step corrections and the bootstrap LRT
// (lca_regression.hpp, lca_three_step.hpp, lca_blrt.hpp) on hand-checked
// cases.
#include <cmath>
#include <vector>

#include <typfrage/lca_blrt.hpp>
#include <typfrage/lca_regression.hpp>
#include <typfrage/lca_three_step.hpp>

#include "check.hpp"

using typfrage::index_t;
using typfrage::RowMatrix;

namespace {

// Binary covariate z, hard classes: class c has counts n0[c] at z = 0 and n1[c] at z = 1.
struct Cells {
  Eigen::MatrixXd Z;
  std::vector<int> W;
  std::vector<double> n0{30, 50, 20}, n1{10, 40, 50};
  Cells() {
    for (int c = 0; c < 3; ++c) {
      for (int i = 0; i < n0[c]; ++i) W.push_back(c);
    }
    for (int c = 0; c < 3; ++c) {
      for (int i = 0; i < n1[c]; ++i) W.push_back(c);
    }
    const index_t n = static_cast<index_t>(W.size());
    Z = Eigen::MatrixXd::Ones(n, 2);
    index_t zeros = 0;
    for (double v : n0) zeros += static_cast<index_t>(v);
    for (index_t i = 0; i < n; ++i) Z(i, 1) = i < zeros ? 0.0 : 1.0;
  }
};

// Codes of n cases from 2 classes on p binary items (class c answers 1 with prob q[c]).
std::vector<int> two_class_codes(index_t n, index_t p, std::uint64_t seed) {
  typfrage::Rng rng(typfrage::SeedMaterial(seed), 0);
  std::vector<int> codes(static_cast<std::size_t>(n * p));
  const double q[2] = {0.15, 0.85};
  for (index_t i = 0; i < n; ++i) {
    const int c = rng.uniform() < 0.4 ? 0 : 1;
    for (index_t j = 0; j < p; ++j) codes[i * p + j] = rng.uniform() < q[c] ? 1 : 0;
  }
  return codes;
}

}  // namespace

TEST(mlogit_saturated_binary_covariate) {
  // the saturated multinomial logit reproduces the cell log-odds exactly
  Cells cells;
  RowMatrix T = RowMatrix::Zero(static_cast<index_t>(cells.W.size()), 3);
  for (std::size_t i = 0; i < cells.W.size(); ++i) T(static_cast<index_t>(i), cells.W[i]) = 1.0;
  const typfrage::Mlogit m = typfrage::mlogit_fit(cells.Z, T, {}, Eigen::MatrixXd());
  CHECK(m.converged);
  for (int c = 1; c < 3; ++c) {
    const double a = std::log(cells.n0[c] / cells.n0[0]);
    const double b = std::log(cells.n1[c] / cells.n1[0]) - a;
    CHECK_NEAR(m.beta(0, c), a, 1e-8);
    CHECK_NEAR(m.beta(1, c), b, 1e-8);
  }
}

TEST(three_step_without_classification_error_is_naive) {
  // D = identity: ML and BCH equal the naive estimate
  Cells cells;
  const Eigen::MatrixXd D = Eigen::MatrixXd::Identity(3, 3);
  using M = typfrage::ThreeStepMethod;
  const auto naive = typfrage::three_step_covariates(D, cells.W, cells.Z, {}, M::naive);
  const auto ml = typfrage::three_step_covariates(D, cells.W, cells.Z, {}, M::ml);
  const auto bch = typfrage::three_step_covariates(D, cells.W, cells.Z, {}, M::bch);
  CHECK(ml.converged && bch.converged && naive.converged);
  CHECK(((ml.beta - naive.beta).cwiseAbs().maxCoeff() < 1e-8));
  CHECK(((bch.beta - naive.beta).cwiseAbs().maxCoeff() < 1e-8));
  // naive SEs of the saturated model: sqrt(1/n_c0 + 1/n_10) for the intercepts
  CHECK_NEAR(std::sqrt(naive.vcov(0, 0)), std::sqrt(1 / cells.n0[1] + 1 / cells.n0[0]), 1e-6);
  CHECK(((ml.vcov - naive.vcov).cwiseAbs().maxCoeff() < 1e-6));
}

TEST(three_step_ml_and_bch_undo_known_misclassification) {
  // Cell counts of W are the true counts times a known D: both corrections
  // recover the true log-odds; the naive estimate is attenuated.
  Cells truth;
  Eigen::MatrixXd D(3, 3);
  D << 0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8;
  // expected W counts per z cell, multiplied by 10 to keep them whole
  std::vector<int> W;
  std::vector<double> z;
  for (int zz = 0; zz < 2; ++zz) {
    const std::vector<double>& n = zz == 0 ? truth.n0 : truth.n1;
    for (int t = 0; t < 3; ++t) {
      double e = 0.0;
      for (int s = 0; s < 3; ++s) e += n[s] * D(s, t);
      for (int i = 0; i < static_cast<int>(std::lround(10 * e)); ++i) {
        W.push_back(t);
        z.push_back(zz);
      }
    }
  }
  Eigen::MatrixXd Z = Eigen::MatrixXd::Ones(static_cast<index_t>(W.size()), 2);
  for (std::size_t i = 0; i < z.size(); ++i) Z(static_cast<index_t>(i), 1) = z[i];
  using M = typfrage::ThreeStepMethod;
  const auto naive = typfrage::three_step_covariates(D, W, Z, {}, M::naive);
  const auto ml = typfrage::three_step_covariates(D, W, Z, {}, M::ml, 5000, 1e-14);
  const auto bch = typfrage::three_step_covariates(D, W, Z, {}, M::bch);
  for (int c = 1; c < 3; ++c) {
    const double b = std::log(truth.n1[c] / truth.n1[0]) - std::log(truth.n0[c] / truth.n0[0]);
    CHECK_NEAR(ml.beta(1, c), b, 1e-4);
    CHECK_NEAR(bch.beta(1, c), b, 1e-8);
    CHECK(std::abs(naive.beta(1, c)) < std::abs(b));
  }
}

TEST(bch_distal_means_hand_checked) {
  // hard posteriors (D = I): the BCH means are the class means
  RowMatrix post = RowMatrix::Zero(6, 2);
  const std::vector<double> y{1, 2, 3, 10, 20, 30};
  for (int i = 0; i < 6; ++i) post(i, i < 3 ? 0 : 1) = 1.0;
  const Eigen::MatrixXd D = typfrage::classification_error(post, {});
  CHECK_NEAR(D(0, 0), 1.0, 1e-15);
  const auto f = typfrage::bch_distal(D, typfrage::modal_classes(post), y, {});
  CHECK_NEAR(f.mean[0], 2.0, 1e-12);
  CHECK_NEAR(f.mean[1], 20.0, 1e-12);
  // sandwich variance of a mean: sum (y - m)^2 / n^2
  CHECK_NEAR(f.vcov(0, 0), 2.0 / 9.0, 1e-12);
  CHECK_NEAR(f.vcov(0, 1), 0.0, 1e-12);
}

TEST(lca_regression_with_intercept_only_is_the_lca) {
  // Z = 1: the one-step model is the latent class model, same maximum
  const index_t n = 300, p = 5;
  const std::vector<int> codes = two_class_codes(n, p, 7);
  const typfrage::LcaData d(codes.data(), n, p, std::vector<int>(p, 2), nullptr);
  typfrage::LcaControl ctl;
  ctl.k = 2;
  typfrage::NoProgress none;
  const auto lca = typfrage::lca_fit(d, ctl, 5, typfrage::SeedMaterial(3), 1, none);
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Ones(n, 1);
  const auto reg = typfrage::lca_regression_fit(d, ctl, Z, 5, typfrage::SeedMaterial(3), 1, none);
  CHECK_NEAR(reg.best.loglik, lca.best.loglik, 1e-7);
  CHECK_NEAR(std::exp(reg.best.beta(0, 1)), lca.best.params.shares[1] / lca.best.params.shares[0], 1e-5);
  // the same with two threads
  const auto reg2 = typfrage::lca_regression_fit(d, ctl, Z, 5, typfrage::SeedMaterial(3), 2, none);
  CHECK_EQ(reg2.best.loglik, reg.best.loglik);
}

TEST(blrt_thread_invariant_and_rejects_one_class) {
  const index_t n = 200, p = 5;
  const std::vector<int> codes = two_class_codes(n, p, 11);
  const typfrage::LcaData d(codes.data(), n, p, std::vector<int>(p, 2), nullptr);
  typfrage::LcaControl ctl;
  ctl.k = 1;
  typfrage::NoProgress none;
  const auto f1 = typfrage::lca_fit(d, ctl, 1, typfrage::SeedMaterial(1), 1, none);
  typfrage::LcaControl ctl2 = ctl;
  ctl2.k = 2;
  const auto f2 = typfrage::lca_fit(d, ctl2, 5, typfrage::SeedMaterial(1), 1, none);
  const double lr = 2 * (f2.best.loglik - f1.best.loglik);
  const auto a = typfrage::lca_blrt(d, ctl, f1.best.params, 3, 9, typfrage::SeedMaterial(5), 1, none);
  const auto b = typfrage::lca_blrt(d, ctl, f1.best.params, 3, 9, typfrage::SeedMaterial(5), 2, none);
  CHECK(a.lr == b.lr);
  for (double v : a.lr) CHECK(v < lr);
  // blocks [0, 4) and [4, 9), computed apart, are the whole run
  const auto p1 = typfrage::lca_blrt_block(d, ctl, f1.best.params, 3, 0, 4, typfrage::SeedMaterial(5), 1, none);
  const auto p2 = typfrage::lca_blrt_block(d, ctl, f1.best.params, 3, 4, 5, typfrage::SeedMaterial(5), 2, none);
  std::vector<double> joined = p1.lr;
  joined.insert(joined.end(), p2.lr.begin(), p2.lr.end());
  CHECK(joined == a.lr);
  std::vector<double> null_ll = p1.loglik_null;
  null_ll.insert(null_ll.end(), p2.loglik_null.begin(), p2.loglik_null.end());
  CHECK(null_ll == a.loglik_null);
}

TEST(three_step_corrected_jacobian_equals_refitting) {
  // J of three_step_corrected_vcov() (implicit-function derivative) against
  // refitting step 3 at theta +- h; the additive correction adds variance.
  const index_t n = 400, p = 5;
  const std::vector<int> codes = two_class_codes(n, p, 5);
  const typfrage::LcaData d(codes.data(), n, p, std::vector<int>(p, 2), nullptr);
  typfrage::LcaControl ctl;
  ctl.k = 2;
  ctl.model = typfrage::LcaModel::categorical;
  typfrage::NoProgress none;
  const auto fit = typfrage::lca_fit(d, ctl, 5, typfrage::SeedMaterial(2), 1, none);
  const typfrage::LcaParams& par = fit.best.params;
  const RowMatrix post = typfrage::step_one_posterior(d, par);
  const std::vector<int> W = typfrage::modal_classes(post);
  Eigen::MatrixXd Z = Eigen::MatrixXd::Ones(n, 2);
  for (index_t i = 0; i < n; ++i) Z(i, 1) = static_cast<double>(i % 7) / 3.0 - 1.0 + 0.5 * W[i];
  std::vector<int> rows(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i) rows[i] = static_cast<int>(i);
  using M = typfrage::ThreeStepMethod;
  for (M m : {M::ml, M::bch}) {
    auto refit = [&](const Eigen::VectorXd& th) {
      const RowMatrix P = typfrage::step_one_posterior(d, typfrage::step_one_params(d, 2, th));
      return typfrage::three_step_covariates(typfrage::classification_error(P, W, {}), W, Z, {}, m, 5000, 1e-15);
    };
    const auto f = typfrage::three_step_covariates(typfrage::classification_error(post, W, {}), W, Z, {}, m, 5000, 1e-15);
    typfrage::StepThreeEstimator est;
    est.scores = [&](const Eigen::MatrixXd& D) { return typfrage::three_step_scores(D, W, Z, f.beta, m); };
    est.information = f.information;
    est.vcov = f.vcov;
    const auto v = typfrage::three_step_corrected_vcov(d, par, rows, est);
    const Eigen::VectorXd theta = typfrage::step_one_theta(d, par);
    const double h = 1e-3;
    for (Eigen::Index r = 0; r < theta.size(); ++r) {
      Eigen::VectorXd tp = theta, tm = theta;
      tp[r] += h;
      tm[r] -= h;
      const Eigen::MatrixXd db = (refit(tp).beta - refit(tm).beta) / (2 * h);
      CHECK_NEAR(v.jacobian(0, r), db(0, 1), 1e-6 + 1e-4 * std::abs(db(0, 1)));
      CHECK_NEAR(v.jacobian(1, r), db(1, 1), 1e-6 + 1e-4 * std::abs(db(1, 1)));
    }
    for (Eigen::Index j = 0; j < 2; ++j) CHECK(v.additive(j, j) >= f.vcov(j, j));
  }
}
