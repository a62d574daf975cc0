# stability(): percentiles, jitter noise and the whole procedure (the
# per-replicate evaluation and the resample draws: cpptests/test_resample.cpp).

test_that("percentiles are R's quantile type 7", {
  set.seed(3)
  x <- matrix(rnorm(7 * 41), 7)
  x[2, 5] <- NA
  probs <- c(0.025, 0.5, 0.975, 0, 1)
  ours <- typfrage:::cpp_row_percentiles(x, probs)
  ref <- t(apply(x, 1, stats::quantile, probs = probs, na.rm = TRUE, names = FALSE))
  expect_identical(ours, ref)
  expect_true(is.na(typfrage:::cpp_row_percentiles(matrix(NA_real_, 1, 3), 0.5)[1, 1]))
})

test_that("jitter noise follows fpc's construction", {
  set.seed(5)
  x <- matrix(rnorm(60), 20)
  L <- typfrage:::jitter_loading(x, 0.05)
  e <- eigen(cov(x), symmetric = TRUE)
  rot <- x %*% solve(t(e$vectors))   # as in fpc::clusterboot
  sd <- apply(rot, 2, function(v) {
    d <- diff(sort(v)); quantile(d[d > 0], 0.05, names = FALSE)
  })
  # noise z %*% L has covariance L'L = V diag(sd^2) V'
  expect_equal(crossprod(L), e$vectors %*% diag(sd^2) %*% t(e$vectors))
})

# ---- the whole procedure ------------------------------------------------------

blobs <- function(n_per = 50, sep = 6, p = 2, seed = 1) {
  set.seed(seed)
  centres <- rbind(c(0, 0), c(sep, 0), c(0, sep))[, seq_len(p), drop = FALSE]
  x <- do.call(rbind, lapply(1:3, function(j) {
    matrix(rnorm(n_per * p), n_per, p) + matrix(centres[j, ], n_per, p, byrow = TRUE)
  }))
  colnames(x) <- paste0("item", seq_len(p))
  x
}

test_that("clear structure gives stable types, structureless data does not", {
  fit <- typology(blobs(), k = 3, nstart = 5, seed = 1, threads = 1)
  st <- stability(fit, B = 40, seed = 2, threads = 2, verbose = FALSE)
  expect_s3_class(st, "typology_stability")
  expect_true(all(st$types$jaccard > 0.85))
  expect_true(all(st$types$recovered > 0.9))
  expect_true(all(st$ari > 0.9))
  expect_true(all(st$shares$lower <= st$shares$estimate & st$shares$estimate <= st$shares$upper))
  expect_equal(st$shares$estimate, as.vector(table(fit$cluster)) / 150)
  expect_true(all(st$means$lower <= st$means$estimate & st$means$estimate <= st$means$upper))
  expect_true(mean(st$observations$stability) > 0.95)
  # about 1 - 1/e of the replicates contain each case
  expect_equal(mean(st$observations$replicates) / 40, 1 - exp(-1), tolerance = 0.05)

  set.seed(3)
  noise <- matrix(rnorm(200 * 8), 200, 8)
  fit0 <- typology(noise, k = 4, nstart = 5, seed = 1, threads = 1)
  st0 <- stability(fit0, B = 40, seed = 2, threads = 2, verbose = FALSE)
  expect_true(mean(st0$types$jaccard) < 0.7)
  expect_true(all(st0$types$jaccard < 0.85))
})

test_that("mean Jaccard agrees with fpc::clusterboot within Monte-Carlo error", {
  skip_if_not_installed("fpc")
  skip_on_cran()
  # overlapping groups, so that the Jaccard values are far from 1
  x <- blobs(n_per = 40, sep = 2.6, seed = 7)
  fit <- typology(x, k = 3, nstart = 10, seed = 1, threads = 1)
  B <- 100
  ours <- stability(fit, B = B, seed = 3, threads = 2, verbose = FALSE)
  set.seed(11)
  peer <- fpc::clusterboot(x, B = B, bootmethod = "boot", clustermethod = fpc::kmeansCBI,
                           krange = 3, runs = 10, count = FALSE)
  # the same original partition, labels matched
  expect_equal(agreement(peer$partition, fit$cluster)$ari, 1)
  m <- attr(match_labels(peer$partition, fit$cluster), "mapping")
  fpc_rows <- m$from[order(m$to)]
  jp <- peer$bootresult[as.integer(fpc_rows), , drop = FALSE]
  se <- sqrt(apply(ours$jaccard, 1, var) / B + apply(jp, 1, var) / B)
  diff <- ours$types$jaccard - rowMeans(jp)
  expect_true(all(abs(diff) < 4 * se + 0.01), info = paste(round(diff, 3), round(se, 3)))
  # and the values are in the informative range
  expect_true(any(rowMeans(jp) < 0.95))
})

test_that("results do not depend on threads; set.seed() reproduces them", {
  fit <- typology(blobs(sep = 3), k = 3, nstart = 3, seed = 1, threads = 1)
  one <- stability(fit, B = 12, seed = 5, threads = 1, verbose = FALSE)
  two <- stability(fit, B = 12, seed = 5, threads = 2, verbose = FALSE)
  one$call <- two$call <- NULL
  expect_identical(one, two)
  set.seed(9); a <- stability(fit, B = 12, threads = 2, verbose = FALSE)
  set.seed(9); b <- stability(fit, B = 12, threads = 2, verbose = FALSE)
  expect_identical(a$jaccard, b$jaccard)
  expect_identical(a$membership, b$membership)
  # blocks of replicates combine to the same result as one block
  problem <- typfrage:::stability_problem(fit, "bootstrap", NULL, 0.05, call = NULL)
  blocks <- lapply(list(c(1, 5), c(6, 4), c(10, 3)), function(b)
    typfrage:::stability_run_block(problem, one$seed, b[1], b[2], 2L, FALSE))
  whole <- typfrage:::stability_run_block(problem, one$seed, 1L, 12L, 1L, FALSE)
  comb <- typfrage:::stability_combine(rev(blocks))
  expect_identical(comb$jaccard, whole$jaccard)
  expect_identical(comb$means, whole$means)
  expect_identical(comb$membership, whole$membership)
  expect_identical(comb$in_sample, whole$in_sample)
})

test_that("a two-worker future plan gives the identical result", {
  skip_if_not_installed("future.apply")
  skip_on_cran()
  fit <- typology(blobs(sep = 3), k = 3, nstart = 3, seed = 1, threads = 1)
  local <- stability(fit, B = 10, seed = 5, threads = 2, verbose = FALSE)
  old <- future::plan(future::multisession, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  remote <- stability(fit, B = 10, seed = 5, threads = 1, backend = "future", verbose = FALSE)
  local$call <- remote$call <- NULL
  expect_identical(remote, local)
})

test_that("subsampling and jitter find stable types in clear structure", {
  fit <- typology(blobs(), k = 3, nstart = 3, seed = 1, threads = 1)
  sub <- stability(fit, B = 20, resample = "subsample", seed = 1, threads = 2, verbose = FALSE)
  expect_true(all(sub$types$jaccard > 0.85))
  expect_equal(sub$subsample_size, 75L)
  expect_equal(mean(sub$observations$replicates), 10)
  jit <- stability(fit, B = 20, resample = "jitter", seed = 1, threads = 2, verbose = FALSE)
  expect_true(all(jit$types$jaccard > 0.85))
  expect_true(all(jit$observations$replicates == 20L))
})

test_that("weights keep travelling with their rows", {
  x <- blobs(sep = 4)
  w <- rep(c(1, 2, 3), each = 50)
  fit <- typology(x, k = 3, nstart = 3, weights = w, seed = 1, threads = 1)
  st <- stability(fit, B = 20, seed = 1, threads = 2, verbose = FALSE)
  tw <- tapply(w, fit$cluster, sum)
  expect_equal(st$shares$estimate, as.vector(tw / sum(w)))
  expect_true(all(st$shares$lower <= st$shares$estimate & st$shares$estimate <= st$shares$upper))
})

test_that("an error inside a replicate reaches R and the session stays usable", {
  fit <- typology(blobs(), k = 3, nstart = 2, seed = 1, threads = 1)
  problem <- typfrage:::stability_problem(fit, "bootstrap", NULL, 0.05, call = NULL)
  expect_error(typfrage:::stability_run_block(problem, c(1L, 2L), 1L, 20L, 2L, FALSE,
                                              fail_at = 7L),
               "replicate 8 failed")
  expect_s3_class(stability(fit, B = 5, seed = 1, threads = 2, verbose = FALSE),
                  "typology_stability")
})

test_that("print, summary, tidy and autoplot", {
  fit <- typology(blobs(), k = 3, nstart = 3, seed = 1, threads = 1)
  st <- stability(fit, B = 20, seed = 1, threads = 2, verbose = FALSE)
  expect_snapshot(print(st))
  expect_snapshot(summary(st))
  expect_named(tidy(st), c("type", "name", "size", "jaccard", "dissolved", "recovered",
                           "share", "share_lower", "share_upper"))
  expect_equal(nrow(tidy(st, "means")), 3 * 2)
  expect_equal(nrow(tidy(st, "replicates")), 3 * 20)
  expect_equal(nrow(tidy(st, "observations")), 150)
  expect_named(st$shares, c("type", "estimate", "lower", "upper"))
  expect_s3_class(autoplot(st), "ggplot")
  expect_s3_class(autoplot(st, "shares"), "ggplot")
  expect_silent(ggplot2::ggplot_build(autoplot(st)))
  expect_silent(ggplot2::ggplot_build(autoplot(st, "shares")))
})

test_that("bad input gets classed errors", {
  fit <- typology(blobs(), k = 3, nstart = 2, seed = 1, threads = 1)
  expect_snapshot(stability(list(cluster = 1:3)), error = TRUE)
  expect_snapshot(stability(fit, B = 1), error = TRUE)
  expect_snapshot(stability(fit, resample = "boot"), error = TRUE)
  expect_snapshot(stability(fit, level = 1), error = TRUE)
  expect_snapshot(stability(fit, subsample_size = 150), error = TRUE)
  expect_snapshot(stability(fit, jitter = 0), error = TRUE)
  expect_error(stability(fit, B = "a"), class = "typfrage_error_input")
  expect_error(stability(fit, resample = "boot"), class = "typfrage_error_input")
  expect_error(stability(fit, backend = "mpi"), class = "typfrage_error_input")
  expect_error(stability(fit, dissolution = 2), class = "typfrage_error_input")
  expect_error(stability(fit, threads = 0), class = "typfrage_error_input")
  expect_error(stability(fit, seed = "x"), class = "typfrage_error_input")
})

# --- latent class typologies (#19) --------------------------------------------

lca_stability_data <- function() {
  set.seed(42)
  n <- 240
  cls <- sample(1:3, n, replace = TRUE, prob = c(0.45, 0.35, 0.2))
  centre <- rbind(c(4, 4, 2, 2, 3, 3), c(2, 2, 4, 4, 3, 3), c(3, 3, 3, 3, 1.5, 4.5))
  x <- vapply(1:6, function(j) {
    pmin(5L, pmax(1L, as.integer(round(centre[cls, j] + rnorm(n, sd = 1)))))
  }, integer(n))
  colnames(x) <- paste0("q", 1:6)
  x[sample(length(x), 20)] <- NA  # missing answers stay in the likelihood
  as.data.frame(x)
}

test_that("stability() of an LCA fit agrees with a bootstrap loop over typology()", {
  d <- lca_stability_data()
  fit <- typology(d, k = 3, method = "lca", lca_model = "categorical", nstart = 3,
                  seed = 3, threads = 1)
  B <- 40
  st <- stability(fit, B = B, seed = 9, threads = 2, verbose = FALSE)
  expect_identical(st$method, "lca")
  expect_identical(dim(st$jaccard), c(3L, as.integer(B)))

  # the same computation written out: bootstrap, refit the distinct rows,
  # best-match Jaccard of every original type
  set.seed(11)
  orig <- fit$cluster
  jac <- vapply(seq_len(B), function(b) {
    u <- sort(unique(sample(nrow(d), replace = TRUE)))
    refit <- suppressWarnings(typology(d[u, ], k = 3, method = "lca",
                                       lca_model = "categorical", nstart = 3,
                                       seed = b, threads = 1))
    vapply(1:3, function(j) {
      a <- u[orig[u] == j]
      max(vapply(1:3, function(c) {
        bset <- u[refit$cluster == c]
        length(intersect(a, bset)) / length(union(a, bset))
      }, numeric(1)))
    }, numeric(1))
  }, numeric(3))
  # equal within Monte-Carlo error (4 standard errors of the difference)
  se <- sqrt(apply(st$jaccard, 1, stats::var) / B + apply(jac, 1, stats::var) / B)
  expect_true(all(abs(rowMeans(st$jaccard) - rowMeans(jac)) <= 4 * se + 1e-3))
  # the types are not trivially stable here, so the comparison can fail
  expect_lt(min(rowMeans(jac)), 0.98)
})

test_that("stability() of an LCA fit gives class means and answer shares of the modal classes", {
  d <- lca_stability_data()
  fit <- typology(d, k = 3, method = "lca", nstart = 3, seed = 3, threads = 1)
  st <- stability(fit, B = 10, seed = 2, threads = 1, verbose = FALSE)
  # estimates by hand: shares of the answers among the members who answered
  cl <- fit$cluster
  q2 <- prop.table(table(factor(cl[!is.na(d$q2)], 1:3), factor(d$q2[!is.na(d$q2)], 1:5)), 1)
  got <- st$probs[st$probs$item == "q2", ]
  expect_equal(got$estimate, as.vector(q2[cbind(got$type, got$category)]))
  expect_equal(nrow(st$probs), 3 * sum(fit$settings$ncat))
  expect_true(all(st$probs$lower <= st$probs$upper + 1e-12, na.rm = TRUE))
  # class means of the codes over the answered values
  m1 <- tapply(d$q1, cl, mean, na.rm = TRUE)
  expect_equal(st$means$estimate[st$means$item == "q1"], unname(as.vector(m1)))
  expect_null(stability(typology(USArrests, k = 2, seed = 1, threads = 1),
                        B = 3, seed = 1, threads = 1, verbose = FALSE)$probs)
  # identical for any thread count
  st2 <- stability(fit, B = 10, seed = 2, threads = 2, verbose = FALSE)
  expect_identical(st2$jaccard, st$jaccard)
  expect_identical(st2$probs, st$probs)
  expect_error(stability(fit, B = 5, resample = "jitter", threads = 1),
               class = "typfrage_error_input")
})
