test_that("ARI equals mclust::adjustedRandIndex on random label pairs", {
  skip_if_not_installed("mclust")
  set.seed(42)
  for (rep in 1:25) {
    n <- sample(c(2:20, 100, 1000, 5000), 1)
    x <- random_labels(n, sample(1:8, 1))
    y <- random_labels(n, sample(1:8, 1))
    ref <- mclust::adjustedRandIndex(x, y)
    # mclust gives NaN when both partitions are the same trivial partition
    if (is.nan(ref)) next
    expect_equal(agreement(x, y)$ari, ref, tolerance = 1e-12)
  }
})

test_that("ARI equals mclust on real label pairs (k-means vs. hierarchical, iris)", {
  skip_if_not_installed("mclust")
  hc <- stats::cutree(stats::hclust(stats::dist(iris[, 1:4]), "average"), 3)
  expect_equal(agreement(iris$Species, hc)$ari,
               mclust::adjustedRandIndex(iris$Species, hc), tolerance = 1e-12)
  # a large correlated pair
  set.seed(1)
  x <- sample.int(6, 1e5, replace = TRUE)
  y <- ifelse(runif(1e5) < 0.7, x, sample.int(5, 1e5, replace = TRUE))
  expect_equal(agreement(x, y)$ari, mclust::adjustedRandIndex(x, y), tolerance = 1e-12)
})

test_that("pair-counting indices equal brute-force pair counts", {
  set.seed(7)
  for (rep in 1:10) {
    n <- sample(5:40, 1)
    x <- random_labels(n, sample(2:5, 1))
    y <- random_labels(n, sample(2:5, 1))
    p <- pair_counts(x, y)
    a <- agreement(x, y)
    expect_equal(a$rand, (p$both + p$neither) / p$total, tolerance = 1e-14)
    expect_equal(a$jaccard, p$both / (p$x + p$y - p$both), tolerance = 1e-14)
    expected <- p$x * p$y / p$total
    ari <- (p$both - expected) / ((p$x + p$y) / 2 - expected)
    expect_equal(a$ari, ari, tolerance = 1e-12)
  }
})

test_that("hand-checked small case", {
  # x = (1,1,1,2,2,2), y = (1,1,2,2,3,3)
  # table: row1 = (2,1,0), row2 = (0,1,2); n = 6, 15 pairs
  # together in both: 1 + 1 = 2; in x: 3 + 3 = 6; in y: 1 + 1 + 1 = 3
  x <- c(1, 1, 1, 2, 2, 2)
  y <- c(1, 1, 2, 2, 3, 3)
  a <- agreement(x, y)
  expect_equal(a$rand, (15 - 6 - 3 + 2 * 2) / 15)          # 10/15
  expect_equal(a$jaccard, 2 / (6 + 3 - 2))                 # 2/7
  expect_equal(a$ari, (2 - 6 * 3 / 15) / (4.5 - 6 * 3 / 15)) # 0.8/3.3
  # entropies (nats): H(x) = log 2, H(y) = log 3
  # I = sum p_ij log(p_ij / (p_i p_j)) = 2 * [2/6 log(2) + 1/6 log(1)] = (2/3) log 2
  mi <- (2 / 3) * log(2)
  expect_equal(a$mi, mi, tolerance = 1e-14)
  expect_equal(a$nmi, mi / sqrt(log(2) * log(3)), tolerance = 1e-14)
  expect_equal(a$vi, log(2) + log(3) - 2 * mi, tolerance = 1e-14)
  expect_equal(unname(a$table), matrix(c(2, 0, 1, 1, 0, 2), 2))
})

test_that("identical partitions agree perfectly, whatever the labels", {
  x <- c(3, 3, 1, 1, 2, 2, 2)
  y <- c("b", "b", "a", "a", "z", "z", "z")
  a <- agreement(x, y)
  expect_equal(c(a$ari, a$rand, a$jaccard, a$nmi), c(1, 1, 1, 1))
  expect_equal(a$vi, 0)
  # trivial partitions
  expect_equal(agreement(rep(1, 5), rep("a", 5))$ari, 1)
  expect_equal(agreement(1:5, letters[1:5])$ari, 1)
  expect_equal(agreement(1:5, rep(1, 5))$ari, 0)
})

test_that("factor, character, logical and fitted objects are accepted", {
  x <- factor(c("u", "u", "v", "v"), levels = c("v", "u", "unused"))
  y <- c(TRUE, TRUE, FALSE, FALSE)
  expect_equal(agreement(x, y)$ari, 1)
  fit <- list(cluster = c(1L, 1L, 2L, 2L))
  expect_equal(agreement(fit, y)$ari, 1)
  expect_equal(dim(agreement(x, y)$table), c(2L, 2L))
})

test_that("agreement() prints, tidies and converts", {
  a <- agreement(c(1, 1, 1, 2, 2, 2), c(1, 1, 2, 2, 3, 3))
  expect_snapshot(print(a))
  td <- generics::tidy(a)
  expect_s3_class(td, "data.frame")
  expect_equal(td$index, c("ari", "rand", "jaccard", "nmi", "vi"))
  expect_equal(td$value[1], a$ari)
})

test_that("bad input to agreement() gets classed errors", {
  expect_snapshot(agreement(c(1, 2, NA), c(1, 2, 3)), error = TRUE)
  expect_snapshot(agreement(1:3, 1:4), error = TRUE)
  expect_snapshot(agreement(integer(0), integer(0)), error = TRUE)
  expect_snapshot(agreement(matrix(1:4, 2), 1:4), error = TRUE)
  expect_snapshot(agreement(list(a = 1), 1), error = TRUE)
  expect_error(agreement(c(1, NA), c(1, 2)), class = "typfrage_error_input")
  expect_error(agreement(1:3, 1:4), class = "typfrage_error_input")
})

test_that("match_labels() undoes a permutation of labels", {
  set.seed(3)
  ref <- random_labels(200, 5)
  perm <- c(4, 1, 5, 2, 3)
  x <- perm[ref]
  m <- match_labels(x, ref)
  expect_equal(as.vector(m), ref, ignore_attr = TRUE)
  expect_equal(attr(m, "mapping")$to[match(perm, attr(m, "mapping")$from)], 1:5)
})

test_that("match_labels() maximises the total overlap (brute force check)", {
  set.seed(11)
  perms <- function(v) {
    if (length(v) <= 1) return(list(v))
    out <- list()
    for (i in seq_along(v)) for (p in perms(v[-i])) out[[length(out) + 1]] <- c(v[i], p)
    out
  }
  for (rep in 1:10) {
    ref <- random_labels(60, 4)
    x <- ifelse(runif(60) < 0.5, ref, random_labels(60, 4))
    tab <- table(factor(x, 1:4), factor(ref, 1:4))
    best <- max(vapply(perms(1:4), function(p) sum(tab[cbind(1:4, p)]), numeric(1)))
    m <- match_labels(x, ref)
    expect_equal(sum(m == ref), best)
  }
})

test_that("match_labels() handles different numbers of clusters", {
  ref <- c(1, 1, 2, 2, 2, 2)
  m <- match_labels(c("a", "a", "b", "b", "c", "d"), ref)
  expect_type(m, "double")
  expect_equal(sum(m == ref), 4)
  expect_setequal(unique(as.vector(m)), c(1, 2, 3, 4))

  m2 <- match_labels(c(1, 1, 1, 2, 2, 2), c("x", "x", "y", "y", "z", "z"))
  expect_type(m2, "character")
  expect_equal(sum(m2 == c("x", "x", "y", "y", "z", "z")), 4)

  f <- factor(c("p", "p", "q", "q"))
  m3 <- match_labels(c(1, 1, 2, 3), f)
  expect_s3_class(m3, "factor")
  expect_equal(levels(m3), c("p", "q", "new1"))
  expect_snapshot(attr(m3, "mapping"))
})

test_that("match_labels() finds the matching with the most agreement", {
  # the Hungarian algorithm behind it (hand-checked and brute-force cases:
  # cpptests/test_match_tree.cpp) against all matchings of small partitions
  set.seed(5)
  for (rep in 1:15) {
    k <- sample(2:4, 1)
    ref <- sample(1:k, 40, replace = TRUE)
    x <- sample(1:k, 40, replace = TRUE)
    perms <- as.matrix(expand.grid(rep(list(seq_len(k)), k)))
    perms <- perms[apply(perms, 1, function(z) !anyDuplicated(z)), , drop = FALSE]
    best <- max(apply(perms, 1, function(z) sum(z[x] == ref)))
    expect_equal(sum(match_labels(x, ref) == ref), best)
  }
})
