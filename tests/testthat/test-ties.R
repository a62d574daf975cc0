# Tied distances (Likert items): the merge order of Ward's tree and the
# choice between equally good medoids are arbitrary, so trees and medoids may
# differ from stats::hclust() and cluster::pam(). What must hold is checked
# here: every tree is a valid Ward tree of the data, and PAM ends in a local
# optimum of the swap neighbourhood.

likert_ties <- function(n, p = 5, seed = 1) {
  set.seed(seed)
  x <- matrix(sample(1:5, n * p, replace = TRUE), n)
  colnames(x) <- paste0("q", seq_len(p))
  x
}

# Checks that `tree` is Ward's (ward.D2) tree of the rows of x with weights w:
# heights never decrease, and each merge's height is the Ward distance
# sqrt(2 n_a n_b / (n_a + n_b)) |c_a - c_b| of the two clusters it merges.
expect_valid_ward_tree <- function(tree, x, w = rep(1, nrow(x))) {
  n <- nrow(x)
  expect_false(is.unsorted(tree$height))
  members <- vector("list", n - 1L)
  rows_of <- function(m) if (m < 0) -m else members[[m]]
  expected <- numeric(n - 1L)
  for (s in seq_len(n - 1L)) {
    a <- rows_of(tree$merge[s, 1]); b <- rows_of(tree$merge[s, 2])
    na <- sum(w[a]); nb <- sum(w[b])
    ca <- colSums(x[a, , drop = FALSE] * w[a]) / na
    cb <- colSums(x[b, , drop = FALSE] * w[b]) / nb
    expected[s] <- sqrt(2 * na * nb / (na + nb)) * sqrt(sum((ca - cb)^2))
    members[[s]] <- c(a, b)
  }
  expect_equal(tree$height, expected, tolerance = 1e-10)
  expect_setequal(members[[n - 1L]], seq_len(n))
}

test_that("Ward's trees on tied data are valid Ward trees in both algorithms", {
  x <- likert_ties(150)
  light <- hierarchy(x, memory = "light", threads = 1)
  matrix_tree <- hierarchy(x, memory = "matrix", threads = 1)
  expect_valid_ward_tree(light, x)
  expect_valid_ward_tree(matrix_tree, x)
  # stats::hclust's tree is one valid tree too; the merge order may differ
  expect_valid_ward_tree(stats::hclust(dist(x), "ward.D2"), x)
  # the check itself catches a wrong tree
  bad <- light
  bad$height <- rev(bad$height)
  expect_failure(expect_false(is.unsorted(bad$height)))
})

test_that("integer weights on tied data give a valid weighted Ward tree", {
  x <- likert_ties(80, seed = 2)
  w <- rep(1:3, length.out = 80)
  tree <- hierarchy(x, weights = w, threads = 1)
  expect_valid_ward_tree(tree, x, w)
})

test_that("PAM on tied data ends in a local optimum of the swap neighbourhood", {
  x <- likert_ties(60, p = 4, seed = 3)
  for (distance in c("euclidean", "manhattan")) {
    fit <- typology(x, k = 3, method = "pam", distance = distance, seed = 1, threads = 1)
    d <- as.matrix(dist(x, method = distance))
    cost <- function(med) sum(apply(d[, med, drop = FALSE], 1, min))
    expect_equal(fit$objective, cost(fit$medoids), tolerance = 1e-12)
    best_swap <- min(vapply(seq_along(fit$medoids), function(j) {
      min(vapply(setdiff(seq_len(nrow(x)), fit$medoids), function(h) {
        med <- fit$medoids
        med[j] <- h
        cost(med)
      }, numeric(1)))
    }, numeric(1)))
    expect_gte(best_swap, fit$objective - 1e-9)
  }
})
