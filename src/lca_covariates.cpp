// Glue for latent class covariates, distal outcomes, standard errors and the
// bootstrap likelihood-ratio test (lca_regression.hpp, lca_three_step.hpp,
// lca_blrt.hpp). Validation happens in R (R/lca-covariates.R, R/lca-blrt.R).
#include <Rcpp.h>
#include <RcppEigen.h>

#include <string>
#include <vector>

#include "r_fit.h"
#include <typfrage/lca_blrt.hpp>
#include <typfrage/lca_regression.hpp>
#include <typfrage/lca_three_step.hpp>

#include "r_lca.h"
#include "r_policies.h"

namespace {

using typfrage::RowMatrix;

Rcpp::NumericMatrix eigen_to_r(const Eigen::MatrixXd& m) {
  Rcpp::NumericMatrix out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = m(i, j);
  return out;
}

Rcpp::NumericMatrix rows_to_r(const RowMatrix& m) { return eigen_to_r(Eigen::MatrixXd(m)); }

RowMatrix rows_from_r(const Rcpp::NumericMatrix& m) {
  RowMatrix out(m.nrow(), m.ncol());
  for (int i = 0; i < m.nrow(); ++i)
    for (int j = 0; j < m.ncol(); ++j) out(i, j) = m(i, j);
  return out;
}

// Standard errors in R's layout: probs as a list of k x K_j matrices.
Rcpp::List se_to_r(const typfrage::LcaData& d, const typfrage::LcaStandardErrors& se, int k) {
  typfrage::LcaParams as;
  as.k = k;
  as.probs = se.probs;
  return Rcpp::List::create(Rcpp::Named("probs") = typfrage_r::probs_to_r(d, as),
                            Rcpp::Named("shares") = Rcpp::NumericVector(se.shares.begin(), se.shares.end()),
                            Rcpp::Named("beta") = eigen_to_r(se.beta),
                            Rcpp::Named("beta_vcov") = eigen_to_r(se.beta_vcov));
}

// Step 2 on the posterior of all cases: D, and the modal classes and weights
// of the rows (1-based) of a step-3 model.
struct StepTwo {
  Eigen::MatrixXd D;
  std::vector<int> W;
  std::vector<double> w;
};

StepTwo step_two(const Rcpp::NumericMatrix& post, const Rcpp::NumericVector& weights,
                 const Rcpp::IntegerVector& rows) {
  const RowMatrix P = rows_from_r(post);
  const std::vector<double> w(weights.begin(), weights.end());
  StepTwo out;
  out.D = typfrage::classification_error(P, w);
  const std::vector<int> W_all = typfrage::modal_classes(P);
  for (int r : rows) {
    out.W.push_back(W_all[r - 1]);
    if (!w.empty()) out.w.push_back(w[r - 1]);
  }
  return out;
}

// The step-1 data of a latent class model: codes, weights and the LcaData
// that points into them (so neither copyable nor movable).
struct StepOneData {
  std::vector<int> codes;
  std::vector<double> w;
  typfrage::LcaData d;
  StepOneData(const Rcpp::NumericMatrix& x, const std::vector<int>& ncat, const Rcpp::NumericVector& weights)
      : codes(typfrage_r::codes_from_r(x)), w(weights.begin(), weights.end()),
        d(codes.data(), x.nrow(), x.ncol(), ncat, w.empty() ? nullptr : w.data()) {}
  StepOneData(const StepOneData&) = delete;
  StepOneData& operator=(const StepOneData&) = delete;
};

typfrage::LcaControl lca_control(const typfrage::FitSettings& st, int k, typfrage::InterruptPoll* interrupt) {
  typfrage::LcaControl ctl;
  ctl.k = k;
  ctl.model = st.lca_model;
  ctl.maxiter = st.max_iter;
  ctl.tol = st.lca_tol;
  ctl.interrupt = interrupt;
  return ctl;
}

// The corrected covariances of a step-3 estimator; `step_one` is
// list(x, ncat, shares, probs) of the measurement model on the rows of the
// posterior (an empty list: none), `rows` 1-based as in step_two().
Rcpp::List corrected_to_r(const Rcpp::List& step_one, const Rcpp::NumericVector& weights,
                          const Rcpp::IntegerVector& rows, const typfrage::StepThreeEstimator& est) {
  if (step_one.size() == 0) return R_NilValue;
  const Rcpp::IntegerVector ncat = step_one["ncat"];
  const StepOneData one(step_one["x"], std::vector<int>(ncat.begin(), ncat.end()), weights);
  const Rcpp::NumericVector shares = step_one["shares"];
  const typfrage::LcaParams par =
      typfrage_r::params_from_r(one.d, shares.size(), shares, step_one["probs"]);
  std::vector<int> r0;
  for (int r : rows) r0.push_back(r - 1);
  const typfrage::CorrectedVcov v = typfrage::three_step_corrected_vcov(one.d, par, r0, est);
  return Rcpp::List::create(Rcpp::Named("stacked") = eigen_to_r(v.stacked),
                            Rcpp::Named("additive") = eigen_to_r(v.additive),
                            Rcpp::Named("jacobian") = eigen_to_r(v.jacobian));
}

}  // namespace

// One-step latent class regression; `spec` is fit_spec(method = "lca", ...),
// `Z` the model matrix (intercept first), `start` (optional) the item
// parameters of a measurement model (list of k x K_j matrices) with
// `beta_start` (q x k) for the first start.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_lca_regression(Rcpp::NumericMatrix x, Rcpp::NumericMatrix Z, Rcpp::List spec,
                              int k, Rcpp::NumericVector weights, Rcpp::IntegerVector seed,
                              int threads, bool verbose, Rcpp::List start,
                              Rcpp::NumericMatrix beta_start) {
  const typfrage::FitSettings st = typfrage_r::fit_settings(spec, k);
  const StepOneData one(x, st.lca_ncat, weights);
  const typfrage::LcaData& d = one.d;
  const Eigen::Map<const Eigen::MatrixXd> Zm(Z.begin(), Z.nrow(), Z.ncol());
  typfrage_r::RInterruptCheck check;
  typfrage::InterruptPoll interrupt(check);
  const typfrage::LcaControl ctl = lca_control(st, k, &interrupt);
  std::vector<typfrage::LcaParams> user;
  Eigen::MatrixXd b0;
  if (start.size() > 0) {
    Rcpp::NumericVector equal(k, 1.0 / k);
    user.push_back(typfrage_r::params_from_r(d, k, equal, start));
    b0 = Eigen::Map<const Eigen::MatrixXd>(beta_start.begin(), beta_start.nrow(), beta_start.ncol());
  }
  typfrage_r::RProgress progress(std::max(1, st.nstart), verbose, "Latent class regression starts");
  const typfrage::LcaRegressionFit f = typfrage::lca_regression_fit(
      d, ctl, Zm, std::max(1, st.nstart), typfrage_r::seed_from_r(seed), threads, progress, user, b0);
  Rcpp::List se = R_NilValue;
  if (st.lca_model == typfrage::LcaModel::categorical)
    se = se_to_r(d, typfrage::lca_standard_errors(d, f.best.params, Zm, f.prior, f.posterior), k);
  const char* names[] = {"beta", "probs", "shares", "prior", "posterior", "loglik", "iterations",
                         "converged", "start_loglik", "npar", "entropy", "best_start", "se"};
  const int nn = sizeof(names) / sizeof(names[0]);
  Rcpp::List out(nn);
  out[0] = eigen_to_r(f.best.beta);
  out[1] = typfrage_r::probs_to_r(d, f.best.params);
  out[2] = Rcpp::NumericVector(f.best.params.shares.begin(), f.best.params.shares.end());
  out[3] = rows_to_r(f.prior);
  out[4] = rows_to_r(f.posterior);
  out[5] = f.best.loglik;
  out[6] = f.best.iterations;
  out[7] = f.best.converged;
  out[8] = Rcpp::NumericVector(f.start_loglik.begin(), f.start_loglik.end());
  out[9] = static_cast<double>(f.npar);
  out[10] = f.entropy;
  out[11] = f.best_start + 1;
  out[12] = se;
  Rcpp::CharacterVector nms(nn);
  for (int i = 0; i < nn; ++i) nms[i] = names[i];
  out.attr("names") = nms;
  return out;
}

// Standard errors of a categorical latent class model without covariates.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_lca_se(Rcpp::NumericMatrix x, Rcpp::IntegerVector ncat, Rcpp::NumericVector shares,
                      Rcpp::List probs, Rcpp::NumericVector weights) {
  const StepOneData one(x, std::vector<int>(ncat.begin(), ncat.end()), weights);
  const typfrage::LcaData& d = one.d;
  const int k = shares.size();
  const typfrage::LcaParams par = typfrage_r::params_from_r(d, k, shares, probs);
  std::vector<double> post(static_cast<std::size_t>(d.n * k));
  typfrage::lca_posterior(d, par, post.data());
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Ones(d.n, 1);
  RowMatrix prior(d.n, k);
  for (int c = 0; c < k; ++c) prior.col(c).setConstant(par.shares[c]);
  const RowMatrix P = Eigen::Map<const RowMatrix>(post.data(), d.n, k);
  return se_to_r(d, typfrage::lca_standard_errors(d, par, Z, prior, P), k);
}

// Steps 2 and 3: `post` the step-1 posterior of all cases (weights `w`),
// `rows` (1-based) the cases of the step-3 model with model matrix Z;
// `step_one` (see corrected_to_r()) adds the corrected covariances.
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_lca_three_step(Rcpp::NumericMatrix post, Rcpp::NumericVector weights,
                              Rcpp::IntegerVector rows, Rcpp::NumericMatrix Z, std::string method,
                              int maxiter, double tol, Rcpp::List step_one) {
  const StepTwo two = step_two(post, weights, rows);
  const Eigen::Map<const Eigen::MatrixXd> Zm(Z.begin(), Z.nrow(), Z.ncol());
  const typfrage::ThreeStepMethod m = typfrage::three_step_from_string(method);
  const typfrage::ThreeStepFit f = typfrage::three_step_covariates(two.D, two.W, Zm, two.w, m, maxiter, tol);
  typfrage::StepThreeEstimator est;
  est.scores = [&](const Eigen::MatrixXd& D) { return typfrage::three_step_scores(D, two.W, Zm, f.beta, m); };
  est.information = f.information;
  est.vcov = f.vcov;
  est.w = two.w;
  return Rcpp::List::create(Rcpp::Named("beta") = eigen_to_r(f.beta),
                            Rcpp::Named("vcov") = eigen_to_r(f.vcov),
                            Rcpp::Named("error") = eigen_to_r(two.D),
                            Rcpp::Named("loglik") = f.loglik,
                            Rcpp::Named("iterations") = f.iterations,
                            Rcpp::Named("converged") = f.converged,
                            Rcpp::Named("corrected") = corrected_to_r(step_one, weights, rows, est));
}

// BCH class means of a distal outcome y observed in `rows` (1-based);
// `step_one` as in cpp_lca_three_step().
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_lca_distal(Rcpp::NumericMatrix post, Rcpp::NumericVector weights,
                          Rcpp::IntegerVector rows, Rcpp::NumericVector y, Rcpp::List step_one) {
  const StepTwo two = step_two(post, weights, rows);
  const std::vector<double> yv(y.begin(), y.end());
  const typfrage::DistalFit f = typfrage::bch_distal(two.D, two.W, yv, two.w);
  typfrage::StepThreeEstimator est;
  est.scores = [&](const Eigen::MatrixXd& D) { return typfrage::bch_distal_scores(D, two.W, yv, f.mean); };
  est.information = f.information;
  est.vcov = f.vcov;
  est.w = two.w;
  return Rcpp::List::create(Rcpp::Named("mean") = Rcpp::NumericVector(f.mean.data(), f.mean.data() + f.mean.size()),
                            Rcpp::Named("vcov") = eigen_to_r(f.vcov),
                            Rcpp::Named("error") = eigen_to_r(two.D),
                            Rcpp::Named("corrected") = corrected_to_r(step_one, weights, rows, est));
}

// Bootstrap likelihood-ratio test of k0 against k0 + 1 classes, replicates
// [first, first + count) (0-based) of the run; `shares`
// and `probs` the fitted k0-class model, `spec` fit_spec(method = "lca").
// [[Rcpp::export(rng = false)]]
Rcpp::List cpp_lca_blrt(Rcpp::NumericMatrix x, Rcpp::List spec, int k0, Rcpp::NumericVector shares,
                        Rcpp::List probs, int first, int count, Rcpp::IntegerVector seed,
                        int threads, bool verbose) {
  if (first < 0 || count < 1) Rcpp::stop("cpp_lca_blrt: bad block");
  const typfrage::FitSettings st = typfrage_r::fit_settings(spec, k0);
  const StepOneData one(x, st.lca_ncat, Rcpp::NumericVector(0));
  const typfrage::LcaData& d = one.d;
  const typfrage::LcaParams null = typfrage_r::params_from_r(d, k0, shares, probs);
  typfrage_r::RInterruptCheck check;
  typfrage::InterruptPoll interrupt(check);
  const typfrage::LcaControl ctl = lca_control(st, k0, &interrupt);
  typfrage_r::RProgress progress(count, verbose, "Bootstrap likelihood-ratio test");
  const typfrage::BlrtResult r =
      typfrage::lca_blrt_block(d, ctl, null, std::max(1, st.nstart), first, count,
                               typfrage_r::seed_from_r(seed), threads, progress);
  return Rcpp::List::create(Rcpp::Named("lr") = Rcpp::NumericVector(r.lr.begin(), r.lr.end()),
                            Rcpp::Named("loglik_null") = Rcpp::NumericVector(r.loglik_null.begin(), r.loglik_null.end()),
                            Rcpp::Named("loglik_alt") = Rcpp::NumericVector(r.loglik_alt.begin(), r.loglik_alt.end()));
}
