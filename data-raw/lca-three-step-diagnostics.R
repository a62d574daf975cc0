# Diagnostics of the class-3 bias of the ML and BCH three-step estimates in
# data-raw/lca-three-step-sim.R (#23). The same 200 samples (same seed, same
# order of draws; checked against inst/extdata/lca-three-step-sim.csv) are
# analysed with step 3 written out in plain R (Vermunt 2010; Bakk, Tekle &
# Vermunt 2013) -- independent of the package's C++ step 3 -- and with
# different step-1 measurement models:
#   * true:   posteriors from the TRUE measurement model (item probabilities
#             of lca_sim_truth, class shares integrated over z), the modal
#             assignment of those and D estimated from them as in the package;
#   * pop:    the same assignment with the population D (exact over the 64
#             response patterns);
#   * est10:  the step-1 fit of the simulation (nstart = 10, seed = r);
#   * est50:  nstart = 50; estT: one start at the true item probabilities.
# So "true" isolates step 3 (finite-sample bias of the ML logit under
# misclassification); est10 - true is the contribution of estimating step 1,
# and est50/estT vs est10 show whether the fits are at the best maximum.
# Result (200 samples, n = 2000): with the true measurement model the class-3
# slope is not biased towards zero (ML -0.018, BCH -0.021; MC s.e. 0.014,
# 0.016); with the estimated one it is (ML +0.076, BCH +0.055; paired
# difference to the true-model estimate +0.095 and +0.076, MC s.e. 0.010,
# 0.014); nstart = 50 and the start at the truth reach no higher
# log-likelihood in any sample (at most 2.4e-4 higher) and leave the biases
# unchanged (0.076, 0.055). The bias comes from estimating step 1; it
# shrinks with n (lca-three-step-sim-n*-summary.csv).
# Writes inst/extdata/lca-three-step-sim-diagnostics.csv (one row per sample).
# Run from the package root (about 12 minutes):
#   nice -n 10 Rscript data-raw/lca-three-step-diagnostics.R
suppressPackageStartupMessages(library(typfrage))
source("tests/testthat/helper-lca-sim.R")
R <- as.integer(Sys.getenv("SIM_R", "200"))
n <- as.integer(Sys.getenv("SIM_N", "2000"))
out_dir <- Sys.getenv("SIM_OUT", "inst/extdata")
tr <- lca_sim_truth
k <- 3L
softmax <- function(eta) { e <- exp(eta - apply(eta, 1, max)); e / rowSums(e) }
shares_true <- sapply(seq_len(k), function(c) stats::integrate(function(z) {
  eta <- outer(z, tr$beta) + matrix(tr$alpha, length(z), k, byrow = TRUE)
  softmax(eta)[, c] * stats::dnorm(z)
}, -Inf, Inf)$value)
probs_true <- lapply(seq_len(ncol(tr$probs)), function(j) cbind(1 - tr$probs[, j], tr$probs[, j]))
posterior <- function(Y, shares, probs) {
  lp <- sapply(seq_len(k), function(c)
    log(shares[c]) + rowSums(sapply(seq_along(probs), function(j) log(probs[[j]][c, Y[, j]]))))
  softmax(matrix(lp, nrow(Y)))
}
# D[t, s] = sum_i p(t | y_i) [W_i = s] / sum_i p(t | y_i)
error_matrix <- function(post, W) {
  D <- sapply(seq_len(k), function(s) colSums(post[W == s, , drop = FALSE]))
  D / rowSums(D)
}
patterns <- as.matrix(expand.grid(rep(list(1:2), ncol(tr$probs))))
p_pat <- exp(sapply(seq_len(k), function(c)
  rowSums(sapply(seq_along(probs_true), function(j) log(probs_true[[j]][c, patterns[, j]])))))
W_pat <- max.col(posterior(patterns, shares_true, probs_true), "first")
D_pop <- t(sapply(seq_len(k), function(t) tapply(p_pat[, t], factor(W_pat, 1:k), sum)))
D_pop[is.na(D_pop)] <- 0
# ML step 3: max sum_i log sum_t P(t | z_i) D[t, W_i]; BCH: weights (D^-1)[W_i, t]
step3 <- function(D, W, Z, method) {
  q <- ncol(Z)
  Tw <- if (method == "bch") solve(D)[W, ] else NULL
  fn <- function(b) {
    P <- softmax(Z %*% cbind(0, matrix(b, q)))
    if (method == "ml") -sum(log(rowSums(P * t(D[, W])))) else -sum(Tw * log(P))
  }
  gr <- function(b) {
    P <- softmax(Z %*% cbind(0, matrix(b, q)))
    if (method == "ml") { Q <- P * t(D[, W]); G <- Q / rowSums(Q) - P } else G <- Tw - rowSums(Tw) * P
    -as.vector(crossprod(Z, G)[, -1])
  }
  o <- stats::optim(rep(0, q * (k - 1)), fn, gr, method = "BFGS",
                    control = list(reltol = 1e-14, maxit = 2000))
  matrix(o$par, q)[2, ]  # slopes of classes 2, 3 vs 1
}
fit_step1 <- function(d, ...) {
  suppressWarnings(typology(d, k = k, method = "lca", items = y1:y6, threads = 1,
                            verbose = FALSE, ...), classes = "typfrage_warning")
}
# step 3 on a fitted step 1, its types matched to the true classes
on_fit <- function(fit, d, Z, tag) {
  tab <- unclass(table(factor(fit$cluster, 1:k), factor(d$class, 1:k)))
  perm <- typfrage:::lca_match_classes(tab)
  post <- unname(fit$posterior)[, perm]
  W <- max.col(post, "first")
  D <- error_matrix(post, W)
  s <- c(step3(D, W, Z, "ml"), step3(D, W, Z, "bch"), fit$loglik, mean(W != d$class))
  stats::setNames(s, paste0(c("ml2_", "ml3_", "bch2_", "bch3_", "loglik_", "error_"), tag))
}
rows <- list()
set.seed(20231)
for (r in seq_len(R)) {
  d <- lca_sim_data(n)
  Y <- as.matrix(d[, paste0("y", 1:6)])
  Z <- cbind(1, d$z)
  pT <- posterior(Y, shares_true, probs_true)
  WT <- max.col(pT, "first")
  DT <- error_matrix(pT, WT)
  true <- c(ml2_true = 0, ml3_true = 0, bch2_true = 0, bch3_true = 0, ml2_pop = 0, ml3_pop = 0)
  true[1:2] <- step3(DT, WT, Z, "ml")
  true[3:4] <- step3(DT, WT, Z, "bch")
  true[5:6] <- step3(D_pop, WT, Z, "ml")
  f10 <- fit_step1(d, seed = r, nstart = 10)
  f50 <- fit_step1(d, seed = r, nstart = 50)
  fT <- fit_step1(d, seed = r, nstart = 1, start = list(probs_true))
  rows[[r]] <- data.frame(sample = r, t(true), error_true = mean(WT != d$class),
                          t(on_fit(f10, d, Z, "est10")), t(on_fit(f50, d, Z, "est50")),
                          t(on_fit(fT, d, Z, "estT")))
  if (r %% 20 == 0) cat(r, "samples\n")
}
diag <- do.call(rbind, rows)
utils::write.csv(diag, file.path(out_dir, "lca-three-step-sim-diagnostics.csv"), row.names = FALSE)
slopes <- grep("^(ml|bch)[23]_", names(diag), value = TRUE)
truth <- ifelse(grepl("3_", slopes), -1, 1)
bias <- colMeans(diag[slopes]) - truth
mcse <- apply(diag[slopes], 2, stats::sd) / sqrt(nrow(diag))
print(data.frame(bias = bias, mc_se = mcse, median_bias = apply(diag[slopes], 2, stats::median) - truth),
      digits = 3)
tol <- 1e-6 * abs(diag$loglik_est50)
cat("samples with loglik(nstart = 10) below loglik(nstart = 50):",
    sum(diag$loglik_est10 < diag$loglik_est50 - tol),
    "; below the start at the truth:", sum(diag$loglik_est10 < diag$loglik_estT - tol), "\n")
