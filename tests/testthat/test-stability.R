# stability(): the per-replicate evaluation against hand-computed values and
# fpc's definitions, then the whole procedure.

# fpc::clusterboot's Jaccard of two logical membership vectors (clujaccard,
# zerobyzero = 0) and its best match: max over the replicate's clusters.
fpc_best_jaccard <- function(original, rows, part) {
  o <- original[rows]
  vapply(sort(unique(original)), function(j) {
    best <- 0
    for (c in sort(unique(part))) {
      a <- o == j
      b <- part == c
      u <- sum(a) + sum(b) - sum(a & b)
      g <- if (u == 0) 0 else sum(a & b) / u
      if (g > best) best <- g
    }
    best
  }, numeric(1))
}

evaluate <- function(original, k, rows, part, kb, freq = NULL,
                     items = matrix(0, length(original), 0)) {
  typfrage:::cpp_stability_evaluate(as.integer(original), as.integer(k),
                                    as.integer(rows), as.integer(part),
                                    as.integer(kb), freq, items)
}

test_that("clusterwise Jaccard, ARI and matching agree with hand-computed values", {
  original <- c(1, 1, 1, 1, 2, 2, 2, 3, 3, 3)
  rows <- c(1, 2, 3, 5, 6, 7, 8, 9, 10)         # observation 4 not drawn
  part <- c(2, 2, 1, 1, 1, 1, 3, 3, 3)          # replicate labels are switched
  ev <- evaluate(original, 3, rows, part, 3)
  # type 1 = {1,2,3} in the replicate, best match {1,2}: 2/3;
  # type 2 = {5,6,7}, best match {3,5,6,7}: 3/4; type 3 = {8,9,10} = {8,9,10}: 1
  expect_equal(ev$jaccard, c(2 / 3, 3 / 4, 1))
  expect_equal(ev$jaccard, fpc_best_jaccard(original, rows, part))
  expect_equal(ev$ari, agreement(original[rows], part)$ari)
  expect_identical(ev$match, c(2L, 1L, 3L))      # replicate cluster -> type
  expect_identical(ev$assigned, c(1L, 1L, 2L, 2L, 2L, 2L, 3L, 3L, 3L))
  expect_equal(ev$share, c(2, 4, 3) / 9)
})

test_that("the evaluation matches fpc's definition on random partitions", {
  set.seed(42)
  for (rep in 1:20) {
    n <- sample(20:60, 1)
    k <- sample(2:5, 1)
    original <- random_labels(n, k)
    rows <- sort(unique(sample.int(n, n, replace = TRUE)))
    kb <- sample(2:6, 1)
    part <- random_labels(length(rows), kb)
    ev <- evaluate(original, k, rows, part, kb)
    expect_equal(ev$jaccard, fpc_best_jaccard(original, rows, part))
    expect_equal(ev$ari, agreement(original[rows], part)$ari)
    # the Hungarian matching equals match_labels()
    ml <- match_labels(part, original[rows])
    expect_equal(ev$assigned[!is.na(ev$assigned)],
                 as.integer(ml[!is.na(ev$assigned)]))
  }
})

test_that("a type without members in the replicate has Jaccard 0, as in fpc", {
  original <- c(1, 1, 2, 2, 3, 3)
  ev <- evaluate(original, 3, c(1, 2, 3, 4), c(1, 1, 2, 2), 2)
  expect_identical(ev$jaccard, c(1, 1, 0))
  expect_identical(ev$share[3], 0)
  expect_identical(ev$match, c(1L, 2L))
})

test_that("weighted shares and item means of the matched types", {
  original <- c(1, 1, 1, 2, 2, 2)
  items <- cbind(a = c(1, 2, 3, 10, 20, 30), b = c(0, 0, 1, 1, 1, 1))
  rows <- c(1, 2, 4, 5, 6)
  part <- c(2, 2, 1, 1, 2)                        # row 6 moves to the other type
  freq <- c(2, 1, 1, 1, 3)                        # weight x multiplicity
  ev <- evaluate(original, 2, rows, part, 2, freq, items)
  # matched: replicate 2 -> type 1 (rows 1, 2, 6), replicate 1 -> type 2 (4, 5)
  expect_identical(ev$assigned, c(1L, 1L, 2L, 2L, 1L))
  expect_equal(ev$share, c(2 + 1 + 3, 1 + 1) / 8)
  expect_equal(ev$means[1, ], c(a = (2 * 1 + 1 * 2 + 3 * 30) / 6, b = 3 / 6),
               ignore_attr = TRUE)
  expect_equal(ev$means[2, ], c((10 + 20) / 2, 1), ignore_attr = TRUE)
})

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

test_that("resample draws: bootstrap, subsample and jitter rows", {
  seed <- c(11L, 22L)
  d <- typfrage:::cpp_stability_draw("bootstrap", 100L, 0L, seed, 1)
  expect_true(all(diff(d$rows) > 0))
  expect_equal(sum(d$multiplicity), 100)
  # about 1 - 1/e of the rows are drawn
  expect_true(length(d$rows) > 50 && length(d$rows) < 75)
  expect_identical(typfrage:::cpp_stability_draw("bootstrap", 100L, 0L, seed, 1), d)
  expect_false(identical(typfrage:::cpp_stability_draw("bootstrap", 100L, 0L, seed, 2), d))
  s <- typfrage:::cpp_stability_draw("subsample", 100L, 50L, seed, 3)
  expect_length(s$rows, 50L)
  expect_true(all(diff(s$rows) > 0) && all(s$rows %in% 1:100))
  expect_identical(typfrage:::cpp_stability_draw("jitter", 10L, 0L, seed, 1)$rows, 1:10)
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

test_that("replicates split into contiguous blocks", {
  b <- typfrage:::stability_blocks(10L, 3L)
  expect_identical(b$first, c(1L, 5L, 8L))
  expect_identical(b$count, c(4L, 3L, 3L))
  expect_identical(typfrage:::stability_blocks(2L, 4L)$count, c(1L, 1L))
})
