# typology(method = "lca") vs poLCA::poLCA: the unrestricted (categorical)
# latent class model with 4 classes on 12 five-category items, n = 412 and
# n = 10,000. Both programs get the same random start values (poLCA once per
# start through `probs.start`, as its own `nrep` loop would draw them) and
# the same convergence rule (poLCA: log-likelihood change below tol = 1e-10;
# typfrage: tol = 1e-10 / n, the same change per case), so both run EM to the
# same maxima. typfrage uses typfrage_threads() threads (see the header of the
# results table); poLCA is single-threaded.
bench_lca_data <- function(n, seed = 1) {
  set.seed(seed)
  p <- 12; K <- 5; k <- 4
  loc <- matrix(stats::rnorm(k * p, sd = 0.8), k, p)
  b <- -0.15 * (0:(K - 1) - 2)^2
  cl <- sample.int(k, n, TRUE, prob = c(0.4, 0.3, 0.2, 0.1))
  x <- vapply(seq_len(p), function(j) {
    P <- t(vapply(loc[, j], function(th) {
      e <- exp(b + th * (0:(K - 1)))
      e / sum(e)
    }, numeric(K)))
    cum <- t(apply(P, 1, cumsum))
    as.integer(pmin(rowSums(stats::runif(n) > cum[cl, ]) + 1, K))
  }, integer(n))
  colnames(x) <- paste0("goal", seq_len(p))
  as.data.frame(x)
}

bench_lca_one <- function(n, nstart, times) {
  stopifnot(requireNamespace("poLCA", quietly = TRUE))
  df <- bench_lca_data(n)
  k <- 4
  set.seed(2)
  starts <- lapply(seq_len(nstart), function(s) lapply(seq_along(df), function(j) {
    m <- matrix(stats::runif(k * 5), k, 5)
    m / rowSums(m)
  }))
  f <- stats::as.formula(paste0("cbind(", paste(names(df), collapse = ", "), ") ~ 1"))
  ours <- NULL
  peer <- NULL
  bench_row(
    sprintf("latent classes, k = 4, 12 items x 5 categories, %d starts", nstart), n,
    function() {
      ours <<- suppressWarnings(typfrage::typology(
        df, k = k, method = "lca", lca_model = "categorical", nstart = nstart,
        start = starts, tol = 1e-10 / n, max_iter = 1000, seed = 1, verbose = FALSE))
    },
    "poLCA::poLCA",
    function() {
      peer <<- lapply(starts, function(st) {
        poLCA::poLCA(f, df, nclass = k, probs.start = st, nrep = 1, maxiter = 1000,
                     tol = 1e-10, verbose = FALSE, calc.se = FALSE)
      })
    },
    times = times,
    check = function() {
      best <- max(vapply(peer, function(r) r$llik, numeric(1)))
      sprintf("loglik difference %.1e", ours$loglik - best)
    }
  )
}

bench_lca <- function() {
  rbind(bench_lca_one(412, nstart = 10, times = 3),
        bench_lca_one(10000, nstart = 2, times = 1))
}
