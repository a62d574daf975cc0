# Data from a known latent class model with a class-dependent covariate
# effect: 3 classes, 6 binary items, covariate z ~ N(0, 1),
# log P(c | z) / P(1 | z) = alpha_c + beta_c z. Used by test-lca-covariates.R
# and test-lca-blrt.R (and, with more replicates, data-raw/lca-three-step-sim.R).
lca_sim_truth <- list(
  alpha = c(0, 0.3, -0.2), beta = c(0, 1, -1),
  probs = rbind(c(0.75, 0.75, 0.75, 0.75, 0.7, 0.7),
                c(0.25, 0.25, 0.25, 0.25, 0.3, 0.3),
                c(0.75, 0.75, 0.75, 0.25, 0.25, 0.3))
)
lca_sim_data <- function(n, truth = lca_sim_truth) {
  z <- stats::rnorm(n)
  eta <- outer(z, truth$beta) + matrix(truth$alpha, n, 3, byrow = TRUE)
  p <- exp(eta) / rowSums(exp(eta))
  cls <- apply(p, 1, function(pr) sample.int(3, 1, prob = pr))
  y <- sapply(seq_len(ncol(truth$probs)), function(j) stats::rbinom(n, 1, truth$probs[cls, j]) + 1)
  colnames(y) <- paste0("y", seq_len(ncol(y)))
  data.frame(y, z = z, class = cls)
}
