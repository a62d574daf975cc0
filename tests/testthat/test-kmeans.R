test_that("k-means objective is no worse than stats::kmeans (same nstart)", {
  sets <- kmeans_test_sets()
  for (nm in names(sets)) {
    x <- sets[[nm]]
    for (k in 2:5) {
      fit <- typology(x, k, nstart = 10, seed = k, threads = 2)
      set.seed(k)
      ref <- suppressWarnings(stats::kmeans(x, k, nstart = 10))
      expect_lte(fit$tot_withinss, ref$tot.withinss * (1 + 1e-9))
    }
  }
})

test_that("k-means results are internally consistent", {
  x <- likert_data(300)
  fit <- typology(x, 4, seed = 1, threads = 1)
  # every row is nearest to its own centre (Lloyd-stable)
  d <- sapply(1:4, function(j) colSums((t(x) - fit$centers[j, ])^2))
  expect_identical(max.col(-d, ties.method = "first"), fit$cluster)
  # centres are the type means, sums of squares add up
  expect_equal(unname(fit$centers), unname(rowsum(x, fit$cluster) / fit$size))
  wss <- sapply(1:4, function(j) sum(sweep(x[fit$cluster == j, , drop = FALSE], 2, fit$centers[j, ])^2))
  expect_equal(fit$withinss, wss)
  expect_equal(fit$tot_withinss, sum(wss))
  expect_equal(fit$totss, sum(sweep(x, 2, colMeans(x))^2))
  expect_equal(fit$betweenss, fit$totss - fit$tot_withinss)
  # no single-point transfer improves the objective (Hartigan-stable)
  n_j <- fit$size
  for (i in seq_len(nrow(x))) {
    a <- fit$cluster[i]
    if (n_j[a] < 2) next
    remove <- n_j[a] / (n_j[a] - 1) * sum((x[i, ] - fit$centers[a, ])^2)
    add <- n_j / (n_j + 1) * colSums((t(x[rep(i, 4), , drop = FALSE]) - t(fit$centers))^2)
    add[a] <- Inf
    expect_true(min(add) >= remove * (1 - 1e-12))
  }
  expect_s3_class(fit$starts, "data.frame")
  expect_identical(nrow(fit$starts), 25L)
  expect_true(all(fit$starts$objective >= fit$tot_withinss * (1 - 1e-12)))
})

test_that("k-means with integer case weights equals k-means on replicated rows", {
  x <- blob_data(n_per = 20)
  w <- rep(1:3, length.out = nrow(x))
  fw <- typology(x, 4, weights = w, seed = 1, threads = 1)
  fr <- typology(x[rep(seq_len(nrow(x)), w), ], 4, seed = 1, threads = 1)
  expect_equal(fw$tot_withinss, fr$tot_withinss, tolerance = 1e-10)
  expect_equal(fw$centers, fr$centers, tolerance = 1e-10)
  expect_equal(fw$weighted_size, fr$size, tolerance = 1e-12)
  expect_equal(sum(fw$weighted_size), sum(w))
})

test_that("k = 1 and k = number of distinct rows work", {
  x <- tied_data()
  f1 <- typology(x, 1, seed = 1)
  expect_equal(f1$tot_withinss, f1$totss)
  expect_true(all(f1$cluster == 1L))
  k <- nrow(unique(x))
  fk <- typology(x, k, seed = 1)
  expect_equal(fk$tot_withinss, 0)
  expect_identical(length(unique(fk$cluster)), k)
})

test_that("k-means is reproducible and independent of the thread count", {
  x <- likert_data(500)
  set.seed(11); a <- typology(x, 4, threads = 1)
  set.seed(11); b <- typology(x, 4, threads = 2)
  expect_identical(a$cluster, b$cluster)
  expect_identical(a$starts, b$starts)
  expect_identical(a$seed, b$seed)
  # large enough that the starts really run on two threads
  big <- likert_data(20000)
  b1 <- typology(big, 4, seed = 9, threads = 1)
  b2 <- typology(big, 4, seed = 9, threads = 2)
  expect_identical(b1[c("cluster", "centers", "starts")], b2[c("cluster", "centers", "starts")])
  c1 <- typology(x, 4, seed = 5, threads = 1)
  c2 <- typology(x, 4, seed = 5, threads = 2)
  expect_identical(c1[c("cluster", "centers", "starts", "withinss")],
                   c2[c("cluster", "centers", "starts", "withinss")])
})

test_that("the best start of a fit is evaluated in full", {
  # (the other starts report their objective from the running sums: the
  # native tests in cpptests/test_kmeans.cpp)
  set.seed(13)
  n <- 1500
  x <- matrix(sample(1:5, n * 8, replace = TRUE), n, 8) +
    3 * (rep(1:3, length.out = n) %o% rep(c(1, 0), 4))
  fit <- typology(x, 4, nstart = 6, seed = 2, threads = 1)
  wss <- sum((x - fit$centers[fit$cluster, ])^2)
  expect_equal(fit$tot_withinss, wss, tolerance = 1e-12)
  expect_true(any(fit$starts$objective == fit$tot_withinss))
  expect_true(all(fit$starts$objective >= fit$tot_withinss * (1 - 1e-12)))
})
