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

test_that("fit() runs inside run_replicates() (resampling pattern), thread-independent", {
  x <- blob_data(n_per = 40)
  seed <- c(21L, 22L)
  one <- typfrage:::cpp_partition_replicates(x, "kmeans", 4L, 3L, 8L, seed, 1L)
  two <- typfrage:::cpp_partition_replicates(x, "kmeans", 4L, 3L, 8L, seed, 2L)
  expect_identical(one, two)
  # replicate 1 is a k-means fit of its bootstrap sample
  xb <- x[one$first_rows, ]
  set.seed(1)
  ref <- stats::kmeans(xb, 4, nstart = 10)
  expect_lte(one$objective[1], ref$tot.withinss * (1 + 1e-9))
  pam1 <- typfrage:::cpp_partition_replicates(x, "pam", 3L, 1L, 4L, seed, 1L)
  pam2 <- typfrage:::cpp_partition_replicates(x, "pam", 3L, 1L, 4L, seed, 2L)
  expect_identical(pam1, pam2)
})

test_that("skipping settled groups of rows does not change a k-means start", {
  # clear integer-valued types (the bounds skip most groups), structureless
  # data (they switch themselves off), non-integer and integer case weights
  set.seed(11)
  n <- 3000
  likert <- unname(likert_data(n, p = 12, k = 4, seed = 11))
  cases <- list(
    likert = list(x = likert, w = numeric()),
    uniform = list(x = matrix(runif(2000 * 4), 2000), w = numeric()),
    weighted = list(x = likert + matrix(rnorm(n * 12, sd = 0.3), n), w = runif(n, 0.5, 2)),
    counts = list(x = likert, w = as.numeric(sample(1:3, n, replace = TRUE)))
  )
  for (nm in names(cases)) {
    cs <- cases[[nm]]
    skipped <- 0
    for (k in c(2L, 4L, 7L)) for (s in 1:3) {
      with_bounds <- typfrage:::cpp_kmeans_start(cs$x, cs$w, k, c(s, 7L), TRUE)
      full <- typfrage:::cpp_kmeans_start(cs$x, cs$w, k, c(s, 7L), FALSE)
      expect_identical(full$skipped, 0)
      skipped <- skipped + with_bounds$skipped
      with_bounds$skipped <- NULL
      full$skipped <- NULL
      expect_identical(with_bounds, full, info = paste(nm, k, s))
    }
    # the bounds were used where types are clear
    if (nm %in% c("likert", "counts")) expect_gt(skipped, 0)
  }
})

test_that("the small-integer form of the data does not change a k-means start", {
  # items that are integers with small ranges are seeded (and, without
  # weights, summed) in 16-bit integer lanes: exact, so the starts must be
  # identical to those on the doubles
  set.seed(21)
  n <- 2500
  likert <- unname(likert_data(n, p = 12, k = 5, seed = 21))
  cases <- list(
    likert = list(x = likert, w = numeric(), small = TRUE),
    # negative values and an item that never varies
    shifted = list(x = cbind(likert - 3, 2), w = numeric(), small = TRUE),
    # far from zero: exact sums, but the differences only are small
    offset = list(x = likert + 1e12, w = numeric(), small = TRUE),
    weighted = list(x = likert, w = as.numeric(sample(1:3, n, replace = TRUE)), small = TRUE),
    fractional_weights = list(x = likert, w = runif(n, 0.5, 2), small = TRUE),
    # squared ranges adding up to 2^15 and more: the doubles throughout
    wide = list(x = cbind(likert, round(runif(n, 0, 200))), w = numeric(), small = FALSE),
    # a value that is not a whole number
    fraction = list(x = replace(likert, 7, 2.5), w = numeric(), small = FALSE)
  )
  for (nm in names(cases)) {
    cs <- cases[[nm]]
    for (k in c(2L, 5L, 9L)) for (s in 1:2) {
      fast <- typfrage:::cpp_kmeans_start(cs$x, cs$w, k, c(s, 21L), TRUE, FALSE, TRUE)
      plain <- typfrage:::cpp_kmeans_start(cs$x, cs$w, k, c(s, 21L), TRUE, FALSE, FALSE)
      expect_identical(fast$small_ints, cs$small, info = nm)
      expect_identical(fast, plain, info = paste(nm, k, s))
    }
  }
  # enough rows that the 16-bit lanes of the sums are emptied on the way
  long <- matrix(sample(0:4, 70000 * 3, replace = TRUE), ncol = 3) + 2 * (seq_len(70000) %% 3)
  fast <- typfrage:::cpp_kmeans_start(long, numeric(), 3L, c(1L, 22L), TRUE, FALSE, TRUE)
  plain <- typfrage:::cpp_kmeans_start(long, numeric(), 3L, c(1L, 22L), TRUE, FALSE, FALSE)
  expect_true(fast$small_ints)
  expect_identical(fast, plain)
})

test_that("the single-precision assignment filter decides only what doubles decide", {
  # rows of small integers against centres, some of them nearly equidistant
  # from two centres (closer than single precision can tell): the filter
  # must leave those undecided, and where it decides, name the centre that
  # the double-precision sum names, with valid bounds of the distances
  set.seed(23)
  x <- matrix(as.numeric(sample(0:4, 400 * 3, replace = TRUE)), ncol = 3)
  centres <- rbind(
    c(2.5, 1, 1),                 # rows with x1 = 2 lie a hair nearer
    c(1.5 + 1e-10, 1, 1),         # to this one
    c(3.3, 3.1, 0.7),
    c(0.2, 3.9, 2.6)
  )
  sq <- sapply(seq_len(nrow(centres)), function(j) {
    d <- 0
    for (f in seq_len(ncol(x))) d <- d + (x[, f] - centres[j, f])^2  # in item order, as the passes
    d
  })
  nearest <- max.col(-sq, ties.method = "first")
  own <- sq[cbind(seq_len(nrow(x)), nearest)]
  second <- apply(sq, 1, function(r) sort(r)[2])
  # rows with x1 = 2 whose nearest centres are the first two: too close to
  # call in single precision (and single precision would name the first)
  tied <- abs(sq[, 1] - sq[, 2]) < 1e-6 & pmin(sq[, 1], sq[, 2]) < pmin(sq[, 3], sq[, 4])
  expect_gt(sum(tied), 20)
  expect_true(all(nearest[tied] == 2))
  g <- typfrage:::cpp_nearest_filter(x, centres)
  expect_false(any(g$decided[tied]))
  expect_gt(mean(g$decided[!tied]), 0.9)
  dec <- g$decided
  expect_identical(g$nearest[dec], nearest[dec])
  expect_true(all(g$own[dec] >= own[dec]))
  expect_true(all(g$second[dec] <= second[dec]))
})

test_that("k-means centres on integer data are the exact weighted means", {
  # integer items and weights: the centres come from the sums kept during
  # the passes, which must equal a fresh summation exactly
  set.seed(12)
  n <- 2000
  x <- matrix(sample(1:7, n * 6, replace = TRUE), n, 6) +
    5 * (rep(1:3, length.out = n) %o% c(1, 0, 1, 0, 1, 0))
  w <- as.numeric(sample(1:4, n, replace = TRUE))
  for (weights in list(numeric(), w)) {
    r <- typfrage:::cpp_kmeans_start(x, weights, 4L, c(3L, 4L), TRUE)
    ww <- if (length(weights)) weights else rep(1, n)
    means <- rowsum(x * ww, r$cluster) / as.vector(rowsum(ww, r$cluster))
    expect_identical(unname(r$centers), unname(means))
    expect_equal(r$objective, sum((x - means[r$cluster, ])^2 * ww))
  }
})

test_that("starts report their objective from the running sums on integer data", {
  # the fit dispatcher evaluates only the best start in full; the others
  # report total squares minus the between-cluster part, exact up to one
  # rounding per cluster for integer items and weights
  set.seed(13)
  n <- 1500
  x <- matrix(sample(1:5, n * 8, replace = TRUE), n, 8) +
    3 * (rep(1:3, length.out = n) %o% rep(c(1, 0), 4))
  for (weights in list(numeric(), as.numeric(sample(1:3, n, replace = TRUE)))) {
    for (k in c(2L, 4L, 7L)) {
      quick <- typfrage:::cpp_kmeans_start(x, weights, k, c(k, 5L), TRUE, TRUE)
      full <- typfrage:::cpp_kmeans_start(x, weights, k, c(k, 5L), TRUE, FALSE)
      expect_true(quick$exact_moments)
      expect_identical(quick$cluster, full$cluster)
      expect_equal(quick$objective, full$objective, tolerance = 1e-12)
      expect_equal(dim(quick$centers), c(0L, 0L))
    }
  }
  # not integer: the full result either way
  y <- x + 0.5 * runif(length(x))
  quick <- typfrage:::cpp_kmeans_start(y, numeric(), 4L, c(1L, 5L), TRUE, TRUE)
  full <- typfrage:::cpp_kmeans_start(y, numeric(), 4L, c(1L, 5L), TRUE, FALSE)
  expect_false(quick$exact_moments)
  expect_identical(quick, full)
  # the best start of a fit is evaluated in full: its objective is the sum
  # of squares from the centres
  fit <- typology(x, 4, nstart = 6, seed = 2, threads = 1)
  wss <- sum((x - fit$centers[fit$cluster, ])^2)
  expect_equal(fit$tot_withinss, wss, tolerance = 1e-12)
  expect_true(any(fit$starts$objective == fit$tot_withinss))
  expect_true(all(fit$starts$objective >= fit$tot_withinss * (1 - 1e-12)))
})
