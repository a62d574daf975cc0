# Brute-force weighted silhouettes (small n).
brute_silhouette <- function(d, cl, w = rep(1, length(cl))) {
  d <- as.matrix(d)
  k <- max(cl)
  n <- length(cl)
  out <- numeric(n)
  for (i in seq_len(n)) {
    # frequency weights: i's cluster holds W - 1 cases besides this one
    own <- setdiff(which(cl == cl[i]), i)
    W <- sum(w[cl == cl[i]])
    if (W <= 1) next
    a <- sum(w[own] * d[i, own]) / (W - 1)
    b <- min(vapply(setdiff(seq_len(k), cl[i]), function(l) {
      j <- which(cl == l)
      sum(w[j] * d[i, j]) / sum(w[j])
    }, numeric(1)))
    out[i] <- if (a == b) 0 else (b - a) / max(a, b)
  }
  out
}

test_that("silhouettes from the data equal cluster::silhouette()", {
  skip_if_not_installed("cluster")
  set.seed(11)
  for (rep in 1:12) {
    n <- sample(c(5:40, 200, 1500), 1)
    p <- sample(1:6, 1)
    k <- sample(2:min(6, n - 1), 1)
    x <- matrix(rnorm(n * p), n, p)
    cl <- random_labels(n, k)
    for (metric in c("euclidean", "manhattan")) {
      ref <- cluster::silhouette(cl, stats::dist(x, method = metric))
      ours <- silhouette_widths(x, cl, distance = metric, threads = 1)
      expect_equal(unclass(ours)[, "sil_width"], ref[, "sil_width"], tolerance = 1e-10)
      expect_identical(as.integer(ours[, "neighbor"]), as.integer(ref[, "neighbor"]))
      expect_identical(as.integer(ours[, "cluster"]), as.integer(ref[, "cluster"]))
    }
  }
})

test_that("silhouettes from a dist object equal cluster::silhouette() exactly", {
  skip_if_not_installed("cluster")
  set.seed(12)
  for (rep in 1:8) {
    n <- sample(c(6:50, 400), 1)
    x <- matrix(runif(n * 3), n, 3)
    cl <- random_labels(n, sample(2:5, 1))
    d <- stats::dist(x)
    ref <- cluster::silhouette(cl, d)
    ours <- silhouette_widths(d, cl)
    expect_equal(unclass(ours)[, "sil_width"], ref[, "sil_width"], tolerance = 1e-14)
    expect_identical(as.integer(ours[, "neighbor"]), as.integer(ref[, "neighbor"]))
  }
})

test_that("ties, singletons and a(i) = b(i) follow cluster's conventions", {
  skip_if_not_installed("cluster")
  # On a line (Manhattan distances of integers are exact): observation 1 at 0
  # is equally far (mean 2) from cluster 2 and cluster 3; observation 4 is a
  # singleton; observation 5's a(i) equals b(i).
  x <- matrix(c(0, 1, -2, 2, 10, 12, -3, 3), ncol = 1)
  cl <- c(1, 1, 2, 3, 4, 4, 2, 3)
  ref <- cluster::silhouette(cl, stats::dist(x, "manhattan"))
  for (d in list(x, stats::dist(x, "manhattan"))) {
    ours <- silhouette_widths(d, cl, distance = "manhattan")
    expect_equal(unclass(ours)[, "sil_width"], ref[, "sil_width"], tolerance = 1e-14)
    expect_identical(as.integer(ours[, "neighbor"]), as.integer(ref[, "neighbor"]))
  }
  # hand check: observation 1 (at 0): a = 1, b = 2.5 (cluster 2 at -2, -3 and
  # cluster 3 at 2, 3 tie) -> the first cluster, 2, is the neighbour
  ours <- silhouette_widths(x, cl, distance = "manhattan")
  expect_equal(unname(ours[1, ]), c(1, 2, (2.5 - 1) / 2.5))
  # a singleton has width 0
  y <- matrix(c(0, 0.1, 5, 5.1, 20), ncol = 1)
  s <- silhouette_widths(y, c(1, 1, 2, 2, 3))
  expect_equal(unname(s[5, "sil_width"]), 0)
  expect_equal(unclass(s)[, "sil_width"],
               cluster::silhouette(c(1, 1, 2, 2, 3), dist(y))[, "sil_width"])
})

test_that("Gower silhouettes equal cluster::daisy() + silhouette()", {
  skip_if_not_installed("cluster")
  set.seed(13)
  x <- data.frame(a = rnorm(60), b = runif(60), c = sample(1:5, 60, TRUE))
  cl <- random_labels(60, 3)
  ref <- cluster::silhouette(cl, cluster::daisy(x, metric = "gower"))
  ours <- silhouette_widths(x, cl, distance = "gower")
  expect_equal(unclass(ours)[, "sil_width"], ref[, "sil_width"], tolerance = 1e-10)
  expect_identical(as.integer(ours[, "neighbor"]), as.integer(ref[, "neighbor"]))
})

test_that("weighted silhouettes equal the brute-force weighted definition", {
  set.seed(14)
  n <- 40
  x <- matrix(rnorm(n * 2), n, 2)
  cl <- random_labels(n, 3)
  w <- runif(n, 0.2, 3)
  # non-integer weights are rescaled to sum to n (?typfrage_weights)
  ref <- brute_silhouette(dist(x), cl, w * n / sum(w))
  ours <- silhouette_widths(x, cl, weights = w)
  expect_equal(unclass(ours)[, "sil_width"], ref, tolerance = 1e-12)
  expect_equal(unclass(silhouette_widths(dist(x), cl, weights = w))[, "sil_width"],
               ref, tolerance = 1e-12)
  expect_equal(attr(ours, "avg_width"), sum(w * ref) / sum(w))
  expect_equal(unname(attr(ours, "cluster_avg")),
               as.vector(tapply(w * ref, cl, sum) / tapply(w, cl, sum)))
  # weights of 1 change nothing
  expect_equal(unclass(silhouette_widths(x, cl, weights = rep(1, n)))[, "sil_width"],
               unclass(silhouette_widths(x, cl))[, "sil_width"], tolerance = 1e-14)
  # a cluster of total (rescaled) weight at most 1 is a single case: width 0
  cl2 <- cl
  cl2[1] <- 4L
  w2 <- replace(w, 1, 0.8 * sum(w[-1]) / (n - 0.8))  # rescaled to 0.8
  s2 <- silhouette_widths(x, cl2, weights = w2)
  expect_equal(unname(unclass(s2)[1, "sil_width"]), 0)
  expect_equal(unclass(s2)[, "sil_width"], brute_silhouette(dist(x), cl2, w2 * n / sum(w2)),
               tolerance = 1e-12)
})

test_that("results do not depend on the number of threads", {
  set.seed(15)
  x <- matrix(rnorm(3000), 1000, 3)
  cl <- random_labels(1000, 4)
  w <- runif(1000)
  for (metric in c("euclidean", "gower")) {
    expect_identical(silhouette_widths(x, cl, distance = metric, weights = w, threads = 1),
                     silhouette_widths(x, cl, distance = metric, weights = w, threads = 2))
  }
  d <- dist(x)
  expect_identical(silhouette_widths(d, cl, threads = 1), silhouette_widths(d, cl, threads = 2))
})

test_that("labels are kept or coded like cluster::silhouette; cluster's methods work", {
  skip_if_not_installed("cluster")
  x <- scale(USArrests)
  cl <- stats::cutree(stats::hclust(dist(x), "average"), 4)
  codes <- c(10, 20, 30, 40)[cl]
  s <- silhouette_widths(x, codes)
  expect_setequal(unique(s[, "cluster"]), c(10, 20, 30, 40))
  ref <- cluster::silhouette(codes, dist(x))
  expect_equal(unclass(s)[, "neighbor"], ref[, "neighbor"])
  expect_equal(summary(ref)$avg.width, attr(s, "avg_width"))
  expect_equal(cluster:::summary.silhouette(s)$avg.width, attr(s, "avg_width"))
  expect_equal(unname(attr(s, "cluster_avg")), as.vector(summary(ref)$clus.avg.widths))
  ch <- silhouette_widths(x, c("b", "a", "c", "d")[cl])
  expect_equal(attr(ch, "levels"), c("a", "b", "c", "d"))
  expect_equal(unclass(ch)[, "sil_width"], unclass(s)[, "sil_width"])
  expect_s3_class(autoplot(s), "ggplot")
  expect_s3_class(cluster::sortSilhouette(s), "silhouette")
})

test_that("print and summary", {
  x <- scale(USArrests)
  cl <- stats::cutree(stats::hclust(dist(x), "average"), 3)
  s <- silhouette_widths(x, cl)
  expect_snapshot(print(s))
  expect_snapshot(print(summary(s)))
})

test_that("bad input gives classed errors", {
  x <- matrix(rnorm(20), 10, 2)
  expect_snapshot(error = TRUE, {
    silhouette_widths(x, rep(1, 10))
    silhouette_widths(x, 1:10)
    silhouette_widths(x, 1:3)
    silhouette_widths(x)
    silhouette_widths(x, rep(1:2, 5), distance = "cosine")
    silhouette_widths(x, c(rep(1:2, 4), NA, 1))
    silhouette_widths(x, rep(1:2, 5), weights = -(1:10))
  })
  expect_error(silhouette_widths(x, rep(1, 10)), class = "typfrage_error_input")
  d <- dist(x)
  d[3] <- NA
  expect_error(silhouette_widths(d, rep(1:2, 5)), class = "typfrage_error_input")
})
