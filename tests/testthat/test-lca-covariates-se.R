# Corrected standard errors of the three-step methods (se = "corrected",
# #23): the C++ computation against an independent one in R on a small data
# set (step-1 scores by numerical differentiation of every case's
# log-likelihood, step 3 refitted by optim() for perturbed classification
# errors), the ordering against the uncorrected ones, thread invariance and
# bad input.

# A 2-class model on 5 binary items with a covariate z (slope 1).
se_sim_data <- function(n) {
  z <- stats::rnorm(n)
  cls <- 1L + (stats::runif(n) < stats::plogis(0.2 + z))
  p <- rbind(c(0.8, 0.75, 0.7, 0.3, 0.7), c(0.25, 0.3, 0.35, 0.75, 0.3))
  y <- sapply(1:5, function(j) stats::rbinom(n, 1, p[cls, j]) + 1)
  colnames(y) <- paste0("y", 1:5)
  data.frame(y, z = z, class = cls, out = stats::rnorm(n, c(0, 1)[cls]))
}

# Step 1 in R: theta = (per class and item log P(2) / P(1), log pi_2 / pi_1).
se_ref_model <- function(fit, d) {
  Y <- as.matrix(d[paste0("y", 1:5)])
  k <- fit$k
  params <- function(theta) {
    a <- matrix(theta[seq_len(5 * k)], k, 5, byrow = TRUE)
    list(p2 = stats::plogis(a), shares = c(1, exp(theta[5 * k + seq_len(k - 1)])) /
           (1 + sum(exp(theta[5 * k + seq_len(k - 1)]))))
  }
  case_loglik <- function(theta) {  # n x k: log pi_c + log P(y_i | c)
    pr <- params(theta)
    sapply(seq_len(k), function(c) {
      log(pr$shares[c]) + rowSums(log(ifelse(Y == 2, rep(pr$p2[c, ], each = nrow(Y)),
                                             1 - rep(pr$p2[c, ], each = nrow(Y)))))
    })
  }
  posterior <- function(theta) {
    l <- case_loglik(theta)
    e <- exp(l - apply(l, 1, max))
    e / rowSums(e)
  }
  theta <- c(as.vector(t(sapply(fit$probs, function(m) log(m[, 2] / m[, 1])))),
             log(fit$shares[-1] / fit$shares[1]))
  list(theta = theta, posterior = posterior,
       loglik = function(theta) {
         l <- case_loglik(theta)
         m <- apply(l, 1, max)
         m + log(rowSums(exp(l - m)))
       })
}

# Central-difference Jacobian of a vector function.
se_num_jacobian <- function(f, x, h = 1e-5) {
  sapply(seq_along(x), function(r) {
    e <- replace(numeric(length(x)), r, h)
    (f(x + e) - f(x - e)) / (2 * h)
  })
}

# The stacked and additive corrected covariances, computed in R for a step-3
# estimator given by fit_d(D) (estimate for a classification error D) and
# score(b, D) (n x dim b, per case).
se_reference <- function(ref, fit_d, score) {
  post <- ref$posterior(ref$theta)
  k <- ncol(post)
  W <- max.col(post, ties.method = "first")
  err <- function(theta) {
    p <- ref$posterior(theta)
    D <- t(sapply(seq_len(k), function(s) tapply(p[, s], factor(W, 1:k), sum)))
    D / rowSums(D)
  }
  D <- err(ref$theta)
  b <- fit_d(D)
  A <- -se_num_jacobian(function(bb) colSums(score(bb, D)), b)
  Ai <- solve(A)
  G <- Ai %*% se_num_jacobian(function(v) colSums(score(b, matrix(v, k))), as.vector(D), 1e-6)
  G_refit <- se_num_jacobian(function(v) fit_d(matrix(v, k)), as.vector(D), 1e-4)
  dD <- se_num_jacobian(function(th) as.vector(err(th)), ref$theta)
  S1 <- se_num_jacobian(ref$loglik, ref$theta)  # n x dim theta, per-case scores
  Sigma1 <- solve(crossprod(S1))
  J <- G %*% dD
  Sigma3 <- Ai %*% crossprod(score(b, D)) %*% Ai
  E <- do.call(cbind, lapply(seq_len(k), function(t) {
    sapply(seq_len(k), function(s) post[, s] * ((W == t) - D[s, t]) / sum(post[, s]))
  }))
  F <- score(b, D) %*% Ai + (E + S1 %*% Sigma1 %*% t(dD)) %*% t(G)
  list(b = b, J = J, G = G, Ai = Ai, G_refit = G_refit, Sigma3 = Sigma3,
       stacked = crossprod(F), additive_ml = solve(A) + J %*% Sigma1 %*% t(J),
       additive = Sigma3 + J %*% Sigma1 %*% t(J))
}

test_that("corrected standard errors of ML and BCH equal an independent computation", {
  set.seed(31)
  d <- se_sim_data(400)
  fit <- typology(d, k = 2, method = "lca", items = y1:y5, seed = 1, nstart = 5, threads = 1)
  ref <- se_ref_model(fit, d)
  expect_equal(unname(ref$posterior(ref$theta)), unname(fit$posterior), tolerance = 1e-8)
  Z <- cbind(1, d$z)
  pi2 <- function(b) stats::plogis(drop(Z %*% b))
  W <- max.col(fit$posterior, ties.method = "first")
  # ML: log-likelihood sum_i log sum_s pi_s(z_i) D(s, W_i)
  ml_score <- function(b, D) {
    p <- cbind(1 - pi2(b), pi2(b))
    q <- p * t(D[, W])
    q <- q / rowSums(q)
    Z * (q[, 2] - p[, 2])
  }
  ml_fit <- function(D) {
    nll <- function(b) -sum(log(rowSums(cbind(1 - pi2(b), pi2(b)) * t(D[, W]))))
    stats::optim(c(0, 0), nll, function(b) -colSums(ml_score(b, D)), method = "BFGS",
                 control = list(reltol = 1e-16, maxit = 1000))$par
  }
  # BCH: weighted logit with targets (D^-1)[W_i, ]
  bch_score <- function(b, D) Z * (solve(D)[W, 2] - pi2(b))
  bch_fit <- function(D) {
    T2 <- solve(D)[W, 2]
    nll <- function(b) -sum((1 - T2) * log(1 - pi2(b)) + T2 * log(pi2(b)))
    stats::optim(c(0, 0), nll, function(b) -colSums(bch_score(b, D)), method = "BFGS",
                 control = list(reltol = 1e-16, maxit = 1000))$par
  }
  for (m in c("ml", "bch")) {
    rr <- if (m == "ml") se_reference(ref, ml_fit, ml_score) else se_reference(ref, bch_fit, bch_score)
    # the implicit-function derivative equals refitting step 3
    expect_equal(rr$G, rr$G_refit, tolerance = 1e-4, info = m)
    res <- lca_covariates(fit, d, ~ z, method = m)
    unc <- lca_covariates(fit, d, ~ z, method = m, se = "uncorrected")
    expect_equal(res$se, "corrected")
    expect_equal(unc$se, "uncorrected")
    expect_equal(as.vector(res$coefficients), rr$b, tolerance = 1e-6, info = m)
    add <- if (m == "ml") rr$additive_ml else rr$additive
    expect_equal(unname(res$vcov), add, tolerance = 1e-5, info = m)
    expect_equal(unname(res$vcov_stacked), rr$stacked, tolerance = 1e-5, info = m)
    # uncorrected: ML the observed information, BCH the sandwich
    expect_equal(unname(unc$vcov), if (m == "ml") rr$Ai else rr$Sigma3, tolerance = 1e-5, info = m)
    expect_equal(unname(res$vcov_uncorrected), unname(unc$vcov))
    # the correction adds variance: corrected SEs at least the uncorrected ones
    expect_true(all(res$table$std.error >= unc$table$std.error), info = m)
    expect_gt(max(res$table$std.error / unc$table$std.error), 1.02)
    # the stacked sandwich (covariances between the steps) is close to the additive form here
    expect_equal(sqrt(diag(add)), sqrt(diag(rr$stacked)), tolerance = 0.05, info = m)
  }
  # BCH distal means: mu_s = sum_i (D^-1)[W_i, s] y_i / sum_i (D^-1)[W_i, s]
  y <- d$out
  dist_score <- function(mu, D) solve(D)[W, ] * outer(y, mu, function(a, b) a - b)
  dist_fit <- function(D) colSums(solve(D)[W, ] * y) / colSums(solve(D)[W, ])
  rr <- se_reference(ref, dist_fit, dist_score)
  ds <- lca_distal(fit, d, out)
  expect_equal(ds$se, "corrected")
  expect_equal(ds$table$estimate, rr$b, tolerance = 1e-8)
  expect_equal(ds$table$std.error, sqrt(diag(rr$additive)), tolerance = 1e-5)
  du <- lca_distal(fit, d, out, se = "uncorrected")
  expect_equal(du$table$std.error, sqrt(diag(rr$Sigma3)), tolerance = 1e-6)
  expect_true(all(ds$table$std.error >= du$table$std.error))
})

test_that("corrected standard errors: threads, print, ordinal fallback, bad se", {
  set.seed(32)
  d <- se_sim_data(300)
  fit <- typology(d, k = 2, method = "lca", items = y1:y5, seed = 1, nstart = 3, threads = 1)
  r1 <- lca_covariates(fit, d, ~ z, method = "ml", threads = 1)
  r2 <- lca_covariates(fit, d, ~ z, method = "ml", threads = 2)
  expect_identical(r1$vcov, r2$vcov)
  expect_identical(lca_distal(fit, d, out)$table, lca_distal(fit, d, out)$table)
  expect_output(print(r1), "uncertainty of the measurement model")
  out <- withr::with_options(list(typfrage.lang = "de"), capture.output(print(r1)))
  expect_true(any(grepl("Unsicherheit des Messmodells", out)))
  expect_output(print(lca_covariates(fit, d, ~ z, method = "bch", se = "uncorrected")),
                "as known")
  # naive and one-step are not affected by se
  expect_equal(lca_covariates(fit, d, ~ z, method = "naive")$se, "uncorrected")
  expect_identical(lca_covariates(fit, d, ~ z, method = "naive", se = "corrected")$vcov,
                   lca_covariates(fit, d, ~ z, method = "naive", se = "uncorrected")$vcov)
  fo <- typology(d, k = 2, method = "lca", items = y1:y5, seed = 1, nstart = 3, threads = 1,
                 lca_model = "ordinal")
  expect_warning(ro <- lca_covariates(fo, d, ~ z, method = "ml"), class = "typfrage_warning_se")
  expect_equal(ro$se, "uncorrected")
  expect_error(lca_covariates(fit, d, ~ z, se = "robust"), class = "typfrage_error_input")
  expect_error(lca_covariates(fit, d, ~ z, se = NA), class = "typfrage_error_input")
  expect_error(lca_distal(fit, d, out, se = "both"), class = "typfrage_error_input")
})
