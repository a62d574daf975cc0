# Reference sets exactly as cluster::clusGap() draws them after set.seed().
clusgap_references <- function(x, B, space) {
  n <- nrow(x)
  xs <- scale(x, center = TRUE, scale = FALSE)
  m.x <- rep(attr(xs, "scaled:center"), each = n)
  if (space == "scaledPCA") {
    V <- svd(xs, nu = 0)$v
    xs <- xs %*% V
  }
  rng.x1 <- apply(xs, 2L, range)
  lapply(seq_len(B), function(b) {
    z1 <- apply(rng.x1, 2, function(M, nn) runif(nn, min = M[1], max = M[2]), nn = n)
    (if (space == "scaledPCA") tcrossprod(z1, V) else z1) + m.x
  })
}

test_that("max_se() equals cluster::maxSE() on many random inputs", {
  skip_if_not_installed("cluster")
  set.seed(31)
  for (rep in 1:300) {
    K <- sample(1:10, 1)
    f <- if (rep %% 3 == 0) round(runif(K), 1) else cumsum(rnorm(K, 0.1))
    se <- abs(rnorm(K, 0, 0.2))
    fac <- sample(c(0, 0.5, 1, 2), 1)
    for (rule in typfrage:::gap_rules) {
      expect_identical(as.integer(typfrage:::max_se(f, se, rule, fac)),
                       as.integer(cluster::maxSE(f, se, rule, fac)),
                       info = paste(rule, rep))
    }
  }
})

test_that("W_k equals clusGap's formula", {
  set.seed(32)
  x <- matrix(rnorm(150), 50, 3)
  for (k in 1:4) {
    cl <- if (k == 1) rep(1L, 50) else random_labels(50, k)
    for (pw in 1:2) {
      ref <- 0.5 * sum(vapply(split(seq_len(50), cl), function(I) {
        sum(dist(x[I, , drop = FALSE])^pw / length(I))
      }, 0))
      expect_equal(typfrage:::cpp_gap_w(x, cl, k, pw), ref, tolerance = 1e-12)
    }
  }
})

test_that("with the same reference sets and partitions the gap equals cluster::clusGap()", {
  skip_if_not_installed("cluster")
  # Our core clusters the reference sets it is given and returns what it
  # found; clusGap() is handed a FUNcluster that returns exactly those
  # partitions, so both compute log W_k on identical data and partitions.
  X <- scale(USArrests)
  B <- 6
  K <- 5
  ks <- 1:K
  for (space in c("scaledPCA", "original")) {
    for (pw in 1:2) {
      spec <- typfrage:::fit_spec("kmeans", 3L, 100L)
      material <- typfrage:::resolve_seed(7)
      parts <- typfrage:::cpp_fit_ks(X, ks, spec, numeric(), material, 1L, FALSE)
      set.seed(99)
      refs <- clusgap_references(X, B, space)
      g <- typfrage:::gap_from_partitions(X, ks, parts, spec, B, space, pw,
                                          "firstSEmax", 1, material, 1L, FALSE,
                                          references = refs, keep = TRUE)
      lookup <- function(x, k) {
        if (identical(unname(x), unname(X))) return(list(cluster = parts[[k]]))
        for (b in seq_len(B)) {
          if (identical(unname(x), unname(refs[[b]]))) {
            return(list(cluster = g$partitions[[b]][[k]]))
          }
        }
        stop("unknown data set")
      }
      set.seed(99)
      cg <- cluster::clusGap(X, lookup, K.max = K, B = B, d.power = pw, spaceH0 = space)
      expect_equal(g$table$log_w, unname(cg$Tab[, "logW"]), tolerance = 1e-12)
      expect_equal(g$table$e_log_w, unname(cg$Tab[, "E.logW"]), tolerance = 1e-12)
      expect_equal(g$table$gap, unname(cg$Tab[, "gap"]), tolerance = 1e-12)
      expect_equal(g$table$se, unname(cg$Tab[, "SE.sim"]), tolerance = 1e-10)
      expect_identical(g$k, cluster::maxSE(cg$Tab[, "gap"], cg$Tab[, "SE.sim"]))
    }
  }
})

test_that("the gap finds 4 groups in ruspini and none in uniform data", {
  skip_if_not_installed("cluster")
  g <- gap_statistic(cluster::ruspini, k = 1:8, B = 50, seed = 1)
  expect_identical(g$k, 4L)
  set.seed(34)
  u <- matrix(runif(600), 200, 3)
  expect_identical(gap_statistic(u, k = 1:6, B = 50, seed = 2)$k, 1L)
})

test_that("the gap's expected values match clusGap's within Monte-Carlo error", {
  skip_if_not_installed("cluster")
  X <- scale(USArrests)
  ours <- gap_statistic(X, k = 1:4, B = 60, nstart = 5, seed = 3)
  set.seed(3)
  cg <- cluster::clusGap(X, stats::kmeans, K.max = 4, B = 60, nstart = 5)
  # E log W* differ by Monte-Carlo error only: SE(mean) = SE.sim / sqrt(B)
  se <- sqrt(ours$table$se^2 + cg$Tab[, "SE.sim"]^2) / sqrt(60)
  expect_true(all(abs(ours$table$e_log_w - cg$Tab[, "E.logW"]) < 4 * se))
})

test_that("results reproduce with a seed and do not depend on threads", {
  x <- scale(USArrests)
  a <- gap_statistic(x, k = 1:4, B = 12, seed = 5, threads = 1)
  b <- gap_statistic(x, k = 1:4, B = 12, seed = 5, threads = 2)
  expect_identical(a, b)
  set.seed(8)
  c1 <- gap_statistic(x, k = 1:3, B = 5)
  set.seed(8)
  c2 <- gap_statistic(x, k = 1:3, B = 5)
  expect_identical(c1, c2)
  expect_false(identical(gap_statistic(x, k = 1:3, B = 5, seed = 6)$log_w_ref, c1$log_w_ref))
})

test_that("PAM, original space, d_power = 2 and print/plot work", {
  x <- scale(USArrests)
  g <- gap_statistic(x, k = 2:4, method = "pam", B = 5, reference = "original",
                     d_power = 2, rule = "globalmax", seed = 1)
  expect_identical(g$table$k, 1:4)
  expect_s3_class(autoplot(g), "ggplot")
  expect_snapshot(print(g))
})

test_that("bad input gives classed errors", {
  x <- scale(USArrests)
  expect_snapshot(error = TRUE, {
    gap_statistic(x, k = 1:60)
    gap_statistic(x, B = 1)
    gap_statistic(x, method = "complete")
    gap_statistic(x, rule = "elbow")
    gap_statistic(x, d_power = 3)
    gap_statistic(x, k = c(2, NA))
  })
  expect_error(gap_statistic(x, B = 0), class = "typfrage_error_input")
  # latent class models cannot be refitted on continuous reference data
  expect_error(gap_statistic(x, method = "lca"), class = "typfrage_error_input")
  expect_identical(typfrage:::resampling_methods(), c("kmeans", "pam", "ward", "ward_kmeans"))
})
