# One-step latent class regression (#23): typology(method = "lca") followed by
# lca_covariates(method = "one_step") vs poLCA::poLCA(cbind(...) ~ x), 3
# classes on 6 four-category items with one numeric and one binary
# covariate, n = 412 and n = 10,000. poLCA runs `nrep` random starts; typfrage
# fits the measurement model from the same number of random starts and then
# the regression from that solution and nstart - 1 random starts. Same
# convergence rule (log-likelihood change below 1e-10 in total).
#
# Sourced by bench/run.R (bench_lca_covariates()); run on its own
# (`nice -n 10 Rscript bench/bench-lca-covariates.R` from the package root),
# it replaces only its own rows of the table in bench/README.md.
bench_lca_cov_data <- function(n, seed = 1) {
  set.seed(seed)
  x <- stats::rnorm(n)
  g <- stats::rbinom(n, 1, 0.4)
  eta <- cbind(0, 0.3 + 0.8 * x - 0.5 * g, -0.4 - 0.7 * x + 0.6 * g)
  p <- exp(eta) / rowSums(exp(eta))
  cl <- apply(p, 1, function(pr) sample.int(3, 1, prob = pr))
  P <- list(c(0.6, 0.2, 0.1, 0.1), c(0.1, 0.2, 0.3, 0.4), c(0.25, 0.25, 0.25, 0.25))
  items <- vapply(1:6, function(j) {
    shift <- if (j > 3) rev else identity
    vapply(cl, function(c) sample.int(4, 1, prob = shift(P[[c]])), integer(1))
  }, integer(n))
  colnames(items) <- paste0("q", 1:6)
  data.frame(items, x = x, g = g)
}

bench_lca_cov_one <- function(n, nstart, times) {
  stopifnot(requireNamespace("poLCA", quietly = TRUE))
  d <- bench_lca_cov_data(n)
  f <- cbind(q1, q2, q3, q4, q5, q6) ~ x + g
  ours <- NULL
  peer <- NULL
  bench_row(
    sprintf("one-step latent class regression, k = 3, 6 items x 4 categories, 2 covariates, %d starts", nstart),
    n,
    function() {
      fit <- suppressWarnings(typfrage::typology(
        d, k = 3, method = "lca", items = q1:q6, nstart = nstart, tol = 1e-10 / n,
        seed = 1, verbose = FALSE))
      ours <<- typfrage::lca_covariates(fit, d, ~ x + g, method = "one_step", nstart = nstart,
                                        tol = 1e-10 / n, seed = 1, verbose = FALSE)
    },
    "poLCA::poLCA(cbind(...) ~ x + g)",
    function() {
      set.seed(1)
      utils::capture.output(peer <<- poLCA::poLCA(f, d, nclass = 3, nrep = nstart,
                                                  maxiter = 1000, tol = 1e-10, verbose = FALSE))
    },
    times = times,
    check = function() sprintf("loglik difference %.1e", ours$loglik - peer$llik)
  )
}

bench_lca_covariates <- function() {
  rbind(bench_lca_cov_one(412, nstart = 10, times = 3),
        bench_lca_cov_one(10000, nstart = 2, times = 1))
}

if (sys.nframe() == 0L) {
  suppressPackageStartupMessages(library(typfrage))
  source("bench/helpers.R")
  res <- bench_lca_covariates()
  print(res, row.names = FALSE)
  lines <- sprintf("| %s | %s | %s | %s | %s | %s | %s |", res$task, res$n, res$peer,
                   res$typfrage_s, res$peer_s, res$speedup, res$check)
  readme <- readLines("bench/README.md")
  end <- grep("<!-- RESULTS END -->", readme, fixed = TRUE)
  mine <- grepl("^\\| one-step latent class regression", readme)
  readme <- readme[!mine]
  end <- grep("<!-- RESULTS END -->", readme, fixed = TRUE)
  # the table ends with the line before the marker (a blank line may follow the table)
  last <- max(grep("^\\|", readme[seq_len(end - 1L)]))
  readme <- append(readme, lines, after = last)
  writeLines(readme, "bench/README.md")
  cat("bench/README.md updated (one-step latent class regression rows).\n")
}
