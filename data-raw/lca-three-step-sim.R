# Simulation of the three-step approaches to latent class covariates (#23):
# 200 samples of n = 2000 from a 3-class model with a class-dependent
# covariate effect (tests/testthat/helper-lca-sim.R: 6 binary items, about
# 20-25 % of the cases assigned to a wrong class), fitted by
# typology(method = "lca") and lca_covariates() with the naive, ML and BCH
# three-step methods and the one-step model. The slopes are expressed against
# true class 1 (the fitted types are matched to the true classes by their
# majority), so they are comparable over samples.
#
# Writes inst/extdata/lca-three-step-sim.csv (one row per sample, method and
# slope) and the summary inst/extdata/lca-three-step-sim-summary.csv that the
# vignette "validating" shows. Run from the package root (about 10 minutes):
#   nice -n 10 Rscript data-raw/lca-three-step-sim.R
suppressPackageStartupMessages(library(typfrage))
source("tests/testthat/helper-lca-sim.R")
R <- 200L
n <- 2000L
methods <- c("naive", "ml", "bch", "one_step")
truth <- lca_sim_truth$beta[-1] - lca_sim_truth$beta[1]  # slopes of classes 2, 3 vs 1
rows <- list()
skipped <- 0L
set.seed(20231)
for (r in seq_len(R)) {
  d <- lca_sim_data(n)
  fit <- suppressWarnings(typology(d, k = 3, method = "lca", items = y1:y6, seed = r,
                                   nstart = 10, threads = 1, verbose = FALSE),
                          classes = "typfrage_warning")
  tab <- table(factor(fit$cluster, 1:3), factor(d$class, 1:3))
  perm <- apply(tab, 2, which.max)  # perm[c]: the fitted type of true class c
  if (anyDuplicated(perm)) {
    skipped <- skipped + 1L
    next
  }
  err <- 1 - sum(tab[cbind(perm, 1:3)]) / n
  for (m in methods) {
    res <- suppressWarnings(lca_covariates(fit, d, ~ z, method = m, nstart = 1, seed = r,
                                           threads = 1, verbose = FALSE),
                            classes = "typfrage_warning")
    q <- nrow(res$coefficients)
    full <- cbind(0, res$coefficients)[, perm, drop = FALSE]
    est <- (full - full[, 1])[2, -1]
    L <- typfrage:::lca_rebase_map(perm, q)
    V <- L %*% res$vcov %*% t(L)
    se <- sqrt(diag(V))[c(2, 4)]  # the slopes (term 2) of classes 2 and 3
    rows[[length(rows) + 1L]] <- data.frame(
      sample = r, method = m, parameter = c("class 2 vs 1", "class 3 vs 1"),
      truth = truth, estimate = est, se = se, error_rate = err
    )
  }
  if (r %% 20 == 0) cat(r, "samples\n")
}
sim <- do.call(rbind, rows)
summ <- do.call(rbind, lapply(split(sim, list(sim$method, sim$parameter)), function(s) {
  z <- stats::qnorm(0.975)
  data.frame(
    method = s$method[1], parameter = s$parameter[1], truth = s$truth[1],
    mean_estimate = mean(s$estimate), bias = mean(s$estimate - s$truth),
    mc_se_bias = stats::sd(s$estimate) / sqrt(nrow(s)), sd_estimate = stats::sd(s$estimate),
    mean_se = mean(s$se), coverage_95 = mean(abs(s$estimate - s$truth) <= z * s$se),
    samples = nrow(s)
  )
}))
summ$method <- factor(summ$method, methods)
summ <- summ[order(summ$parameter, summ$method), ]
summ$method <- as.character(summ$method)
attr(summ, "error_rate") <- mean(sim$error_rate)
rownames(summ) <- NULL
utils::write.csv(sim, "inst/extdata/lca-three-step-sim.csv", row.names = FALSE)
utils::write.csv(cbind(summ, mean_error_rate = mean(sim$error_rate), skipped = skipped),
                 "inst/extdata/lca-three-step-sim-summary.csv", row.names = FALSE)
print(summ, digits = 3)
cat("mean classification error:", round(mean(sim$error_rate), 3), " skipped:", skipped, "\n")
