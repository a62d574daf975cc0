# Simulation of the bootstrap likelihood-ratio test for the number of latent
# classes (lca_blrt(), #23): 100 data sets of n = 500 from a known 3-class
# model on 8 binary items (class shares 0.40, 0.35, 0.25; P(y = 2 | class) =
# 0.8 on every item for class 1, 0.2 for class 2, and 0.8 on items 1-4 and
# 0.2 on items 5-8 for class 3; the simple structure of Nylund, Asparouhov &
# Muthen 2007, with somewhat weaker items). On every data set the categorical
# latent class model is fitted with 3 and with 4 classes (10 starts each), and
# lca_blrt() tests 2 against 3 classes (a true alternative: it should reject)
# and 3 against 4 (a true null: it should reject at about the level), with
# B = 99 bootstrap samples and 3 starts per bootstrap fit.
#
# Writes inst/extdata/lca-blrt-sim.csv (one row per data set and test: LR,
# p-value) that the vignette "validating" shows. Run from the package root
# (about 15-20 minutes on a loaded 2-core machine):
#   nice -n 10 Rscript data-raw/lca-blrt-sim.R
suppressPackageStartupMessages(library(typfrage))
R <- 100L
n <- 500L
B <- 99L
probs <- rbind(rep(0.8, 8), rep(0.2, 8), rep(c(0.8, 0.2), each = 4))
shares <- c(0.40, 0.35, 0.25)
blrt_sim_data <- function(n) {
  cls <- sample.int(3L, n, replace = TRUE, prob = shares)
  y <- vapply(seq_len(ncol(probs)), function(j) stats::rbinom(n, 1, probs[cls, j]) + 1, double(n))
  colnames(y) <- paste0("y", seq_len(ncol(y)))
  as.data.frame(y)
}
fit_k <- function(d, k, r) {
  suppressWarnings(typology(d, k = k, method = "lca", lca_model = "categorical", seed = r,
                            nstart = 10, threads = 1, verbose = FALSE),
                   classes = "typfrage_warning")
}
started <- Sys.time()
rows <- list()
set.seed(20232)
for (r in seq_len(R)) {
  d <- blrt_sim_data(n)
  for (k in 3:4) {
    b <- lca_blrt(fit_k(d, k, r), d, B = B, nstart = 3, seed = r, threads = 1, verbose = FALSE)
    rows[[length(rows) + 1L]] <- data.frame(
      dataset = r, test = sprintf("%d vs %d", k - 1L, k), k_null = k - 1L, k_alt = k,
      true_k = 3L, n = n, B = B, lr = b$lr, p_value = b$p_value
    )
  }
  if (r %% 10 == 0) cat(r, "data sets,", format(Sys.time() - started, digits = 3), "\n")
}
sim <- do.call(rbind, rows)
utils::write.csv(sim, "inst/extdata/lca-blrt-sim.csv", row.names = FALSE)
rate <- tapply(sim$p_value <= 0.05, sim$test, mean)
print(data.frame(test = names(rate), reject_5 = rate,
                 mc_se = sqrt(rate * (1 - rate) / R)), row.names = FALSE)
cat("elapsed:", format(Sys.time() - started, digits = 3), "\n")
