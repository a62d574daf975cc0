# Simulation of the three-step approaches to latent class covariates (#23):
# 200 samples of n = 2000 from a 3-class model with a class-dependent
# covariate effect (tests/testthat/helper-lca-sim.R: 6 binary items, about
# 20-25 % of the cases assigned to a wrong class), fitted by
# typology(method = "lca") and lca_covariates() with the naive, ML and BCH
# three-step methods and the one-step model. The slopes are expressed against
# true class 1, so they are comparable over samples: the fitted types are
# matched to the true classes by the assignment that maximises the summed
# confusion table (all permutations; no sample is left out). `majority`
# marks the samples in which matching every true class to its most frequent
# fitted type is one-to-one as well (the rule of the earlier version, which
# left the others out).
#
# For ML and BCH, `se` is the corrected standard error (se = "corrected",
# Bakk, Oberski & Vermunt 2014), `se_uncorrected` the one that treats the
# measurement model as known, `se_stacked` the stacked sandwich.
#
# Writes inst/extdata/lca-three-step-sim.csv (one row per sample, method and
# slope) and the summary inst/extdata/lca-three-step-sim-summary.csv that the
# vignette "validating" shows. Run from the package root (a few minutes;
# n = 4000 took about 4, n = 8000 about 9 minutes on one core):
#   nice -n 10 Rscript data-raw/lca-three-step-sim.R
# inst/extdata/lca-three-step-sim-n{1000,4000,8000}-summary.csv are the
# summaries of the same design with 200 samples of other sizes, e.g.
#   SIM_R=200 SIM_N=4000 SIM_OUT=/tmp/n4000 nice -n 10 Rscript data-raw/lca-three-step-sim.R
# (copied from /tmp/n4000/lca-three-step-sim-summary.csv). nstart = 10 is
# enough: data-raw/lca-three-step-diagnostics.R refits every n = 2000 sample
# with nstart = 50 and from the true parameters and finds no higher maximum.
suppressPackageStartupMessages(library(typfrage))
source("tests/testthat/helper-lca-sim.R")
R <- as.integer(Sys.getenv("SIM_R", "200"))
n <- as.integer(Sys.getenv("SIM_N", "2000"))
out_dir <- Sys.getenv("SIM_OUT", "inst/extdata")
methods <- c("naive", "ml", "bch", "one_step")
truth <- lca_sim_truth$beta[-1] - lca_sim_truth$beta[1]  # slopes of classes 2, 3 vs 1
rows <- list()
set.seed(20231)
slope_se <- function(V, L) if (is.null(V)) c(NA, NA) else sqrt(diag(L %*% V %*% t(L)))[c(2, 4)]
for (r in seq_len(R)) {
  d <- lca_sim_data(n)
  fit <- suppressWarnings(typology(d, k = 3, method = "lca", items = y1:y6, seed = r,
                                   nstart = 10, threads = 1, verbose = FALSE),
                          classes = "typfrage_warning")
  tab <- unclass(table(factor(fit$cluster, 1:3), factor(d$class, 1:3)))
  perm <- typfrage:::lca_match_classes(tab)  # perm[c]: the fitted type of true class c
  majority <- !anyDuplicated(apply(tab, 2, which.max))
  err <- 1 - sum(tab[cbind(perm, 1:3)]) / n
  L <- typfrage:::lca_rebase_map(perm, 2L)
  for (m in methods) {
    res <- suppressWarnings(lca_covariates(fit, d, ~ z, method = m, nstart = 1, seed = r,
                                           threads = 1, verbose = FALSE),
                            classes = "typfrage_warning")
    full <- cbind(0, res$coefficients)[, perm, drop = FALSE]
    est <- (full - full[, 1])[2, -1]
    rows[[length(rows) + 1L]] <- data.frame(
      sample = r, method = m, parameter = c("class 2 vs 1", "class 3 vs 1"),
      truth = truth, estimate = est, se = slope_se(res$vcov, L),
      se_uncorrected = if (m %in% c("ml", "bch")) slope_se(res$vcov_uncorrected, L) else NA,
      se_stacked = if (m %in% c("ml", "bch")) slope_se(res$vcov_stacked, L) else NA,
      error_rate = err, majority = majority
    )
  }
  if (r %% 20 == 0) cat(r, "samples\n")
}
sim <- do.call(rbind, rows)
z <- stats::qnorm(0.975)
cover <- function(s, se) if (all(is.na(se))) NA_real_ else mean(abs(s$estimate - s$truth) <= z * se)
summ <- do.call(rbind, lapply(split(sim, list(sim$method, sim$parameter)), function(s) {
  sm <- s[s$majority, ]
  data.frame(
    method = s$method[1], parameter = s$parameter[1], truth = s$truth[1],
    mean_estimate = mean(s$estimate), bias = mean(s$estimate - s$truth),
    mc_se_bias = stats::sd(s$estimate) / sqrt(nrow(s)), sd_estimate = stats::sd(s$estimate),
    mean_se = mean(s$se), coverage_95 = cover(s, s$se),
    mean_se_uncorrected = mean(s$se_uncorrected), coverage_95_uncorrected = cover(s, s$se_uncorrected),
    mean_se_stacked = mean(s$se_stacked), coverage_95_stacked = cover(s, s$se_stacked),
    median_bias = stats::median(s$estimate) - s$truth[1],
    bias_majority = mean(sm$estimate - sm$truth), samples = nrow(s), samples_majority = nrow(sm)
  )
}))
summ$method <- factor(summ$method, methods)
summ <- summ[order(summ$parameter, summ$method), ]
summ$method <- as.character(summ$method)
rownames(summ) <- NULL
utils::write.csv(sim, file.path(out_dir, "lca-three-step-sim.csv"), row.names = FALSE)
utils::write.csv(cbind(summ, mean_error_rate = mean(sim$error_rate), n = n),
                 file.path(out_dir, "lca-three-step-sim-summary.csv"), row.names = FALSE)
print(summ, digits = 3)
cat("mean classification error:", round(mean(sim$error_rate), 3),
    " samples not matched one-to-one by majority:", sum(!sim$majority) / (2 * length(methods)), "\n")
