test_that("Calinski-Harabasz and Dunn equal fpc::cluster.stats()", {
  skip_if_not_installed("fpc")
  set.seed(21)
  for (rep in 1:8) {
    n <- sample(c(10:60, 300), 1)
    p <- sample(1:5, 1)
    x <- matrix(rnorm(n * p), n, p)
    cl <- random_labels(n, sample(2:5, 1))
    ref <- fpc::cluster.stats(dist(x), cl)
    ours <- cluster_indices(x, cl)
    val <- stats::setNames(ours$value, ours$index)
    expect_equal(val[["ch"]], ref$ch, tolerance = 1e-10)
    expect_equal(val[["dunn"]], ref$dunn, tolerance = 1e-12)
    expect_equal(val[["silhouette"]], ref$avg.silwidth, tolerance = 1e-10)
    expect_equal(val[["wss"]], ref$within.cluster.ss, tolerance = 1e-10)
    expect_equal(val[["ch"]], fpc::calinhara(x, cl), tolerance = 1e-10)
  }
  # Dunn with Manhattan distances
  x <- matrix(rnorm(90), 30, 3)
  cl <- random_labels(30, 3)
  ours <- cluster_indices(x, cl, indices = "dunn", distance = "manhattan")
  expect_equal(ours$value, fpc::cluster.stats(dist(x, "manhattan"), cl)$dunn)
})

test_that("sums of squares equal stats::kmeans()", {
  x <- scale(USArrests)
  set.seed(22)
  km <- stats::kmeans(x, 4, nstart = 5)
  ours <- cluster_indices(x, km$cluster, indices = c("wss", "pve"))
  ss <- attr(ours, "sums_of_squares")
  expect_equal(ss$wss, km$tot.withinss)
  expect_equal(ss$tss, km$totss)
  expect_equal(ss$bss, km$betweenss)
  expect_equal(ss$withinss, km$withinss)
  expect_equal(ours$value[2], km$betweenss / km$totss)
})

test_that("Davies-Bouldin equals the textbook definition on a hand-checked case", {
  # cluster 1: (0,0), (2,0): centre (1,0), scatter S1 = 1
  # cluster 2: (10,0), (10,4): centre (10,2), S2 = 2
  # cluster 3: (0,10), (0,16): centre (0,13), S3 = 3
  # M12 = sqrt(85), M13 = sqrt(170), M23 = sqrt(221)
  # R1 = max(3/sqrt(85), 4/sqrt(170)) = 3/sqrt(85)
  # R2 = max(3/sqrt(85), 5/sqrt(221)) = 5/sqrt(221); R3 = 5/sqrt(221)
  x <- rbind(c(0, 0), c(2, 0), c(10, 0), c(10, 4), c(0, 10), c(0, 16))
  cl <- c(1, 1, 2, 2, 3, 3)
  db <- cluster_indices(x, cl, indices = "db")$value
  expect_equal(db, (3 / sqrt(85) + 10 / sqrt(221)) / 3, tolerance = 1e-14)
  # two clusters: (S1 + S2) / M12 for both
  expect_equal(cluster_indices(x[1:4, ], cl[1:4], indices = "db")$value, 3 / sqrt(85))
})

test_that("weighted indices equal the replicated-rows definitions", {
  set.seed(23)
  x <- matrix(rnorm(60), 30, 2)
  cl <- random_labels(30, 3)
  w <- sample(1:4, 30, replace = TRUE)
  rep_rows <- rep(seq_len(30), w)
  a <- cluster_indices(x, cl, weights = w, indices = c("wss", "pve", "db", "ch"))
  b <- cluster_indices(x[rep_rows, ], cl[rep_rows], indices = c("wss", "pve", "db", "ch"))
  expect_equal(a$value, b$value, tolerance = 1e-12)
  # CH's number of observations is the sum of the weights (frequency weights)
  ratio <- b$value[2] / (1 - b$value[2])
  expect_equal(a$value[4], ratio * (sum(w) - 3) / (3 - 1), tolerance = 1e-12)
  # the weights' scale does not matter for the proportion explained and DB
  expect_equal(cluster_indices(x, cl, weights = w * 7.5, indices = c("pve", "db"))$value,
               cluster_indices(x, cl, weights = w, indices = c("pve", "db"))$value,
               tolerance = 1e-12)
  # Dunn ignores weights
  expect_equal(cluster_indices(x, cl, weights = w, indices = "dunn")$value,
               cluster_indices(x, cl, indices = "dunn")$value)
})

test_that("indices do not depend on the number of threads", {
  set.seed(24)
  x <- matrix(rnorm(2400), 800, 3)
  cl <- random_labels(800, 5)
  expect_identical(cluster_indices(x, cl, threads = 1), cluster_indices(x, cl, threads = 2))
})

test_that("data frames, items and standardisation are handled", {
  x <- USArrests
  cl <- stats::cutree(stats::hclust(dist(scale(x))), 3)
  a <- cluster_indices(x, cl, items = c("Murder", "Assault"), standardize = TRUE)
  b <- cluster_indices(scale(x[c("Murder", "Assault")]), cl)
  expect_equal(a$value, b$value)
  expect_equal(a$better, c("lower", "higher", "higher", "lower", "higher", "higher"))
})

test_that("bad input gives classed errors", {
  x <- matrix(rnorm(20), 10, 2)
  expect_snapshot(error = TRUE, {
    cluster_indices(x, rep(1:2, 5), indices = c("ch", "gap"))
    cluster_indices(dist(x), rep(1:2, 5))
    cluster_indices(x, rep(1:2, 4))
    cluster_indices("a", 1)
  })
  expect_error(cluster_indices(x, rep(1:2, 5), indices = 1), class = "typfrage_error_input")
})
