# Reliability round (#17), the C++-facing part: overflow, pairwise Gower,
# interrupts, the memory guard, the Ward + k-means claim.

in_child <- function(fun, ...) {
  skip_if_not_installed("callr")
  callr::r(fun, args = list(...), libpath = .libPaths())
}

test_that("overflow-prone magnitudes stop with typfrage_error_overflow, in a child process", {
  res <- in_child(function() {
    library(typfrage)
    x <- as.matrix(USArrests)
    cls <- function(expr) tryCatch({ expr; "ok" }, error = function(e) class(e)[1:2])
    list(
      cls(hierarchy(matrix(c(1e308, -1e308, 0, 1), ncol = 1))),
      cls(hierarchy(matrix(c(1e308, -1e308, 0, 1), ncol = 1), memory = "matrix")),
      cls(hierarchy(cbind(a = c(1e200, 2e200, 0, 1, 2, 3)))),
      cls(hierarchy(x[1:40, ], weights = rep(1e155, 40))),
      cls(typology(USArrests, k = 3, method = "ward", weights = rep(1e160, 50))),
      cls(typology(x * 1e-308, k = 3, seed = 1)),
      cls(typology(x * 1e200, k = 3, seed = 1)),
      cls(typology(x, k = 3, seed = 1, weights = c(1e308, rep(1, 49)))),
      cls(hierarchy(stats::dist(x) * 1e200))
    )
  })
  for (r in res) expect_true("typfrage_error_overflow" %in% r)
})

test_that("magnitudes inside the range give the scaled results", {
  x <- as.matrix(scale(USArrests))
  h1 <- hierarchy(x)
  h2 <- hierarchy(x * 2^100)  # a power of two: exact scaling
  expect_equal(h2$height, h1$height * 2^100)
  expect_identical(h2$merge, h1$merge)
  w <- rep(c(1, 3), 25)
  hw <- hierarchy(x, weights = w)
  hw2 <- hierarchy(x, weights = w * 2^100)  # heights scale by the square root
  expect_identical(hw2$merge, hw$merge)
  expect_equal(hw2$height, hw$height * 2^50)
})

test_that("absurd nstart and B stop before C++ with typfrage_error_memory", {
  expect_error(typology(USArrests, k = 3, nstart = 1e9), class = "typfrage_error_memory")
  fit <- typology(USArrests, k = 3, seed = 1)
  expect_error(stability(fit, B = 1e12), class = "typfrage_error_memory")
  expect_error(gap_statistic(USArrests, k = 1:2, B = 1e12), class = "typfrage_error_memory")
  expect_error(scan_k(USArrests, k = 2:3, indices = "gap", B = 1e12),
               class = "typfrage_error_memory")
})

pairwise_data <- function() {
  set.seed(3)
  d <- as.data.frame(matrix(sample(1:5, 60 * 4, TRUE), 60, 4))
  d[5, 1:2] <- NA
  d[9, 3:4] <- NA   # rows 5 and 9 share no item
  d[12, 1] <- NA
  d
}

test_that("pairwise Gower: rows without a common item are one classed error everywhere", {
  d <- pairwise_data()
  e1 <- expect_error(typology(d, k = 3, method = "pam", distance = "gower",
                              na_action = "pairwise"), class = "typfrage_error_missing")
  e2 <- expect_error(hierarchy(d, distance = "gower", na_action = "pairwise"),
                     class = "typfrage_error_missing")
  expect_match(conditionMessage(e1), "Rows 5 and 9")
  expect_match(conditionMessage(e2), "Rows 5 and 9")
  d[9, 3] <- 2  # now every pair shares an item
  expect_s3_class(typology(d, k = 3, method = "pam", distance = "gower",
                           na_action = "pairwise"), "typology")
  h <- hierarchy(d, distance = "gower", na_action = "pairwise")
  expect_true(all(is.finite(h$height)))
})

test_that("pairwise fits: sums-of-squares indices are NA, the gap is refused", {
  d <- pairwise_data()
  d[9, 3] <- 2
  s <- scan_k(d, k = 2:3, method = "pam", distance = "gower", na_action = "pairwise",
              indices = c("wss", "pve", "ch", "silhouette"), seed = 1)
  tab <- s$indices
  expect_true(all(is.na(tab$value[tab$index %in% c("wss", "pve", "ch")])))
  expect_true(all(is.finite(tab$value[tab$index == "silhouette"])))
  expect_error(scan_k(d, k = 2:3, method = "pam", distance = "gower", na_action = "pairwise",
                      indices = "gap", B = 5, seed = 1), class = "typfrage_error_missing")
})

test_that("the memory guard reaches Ward's tree and the PAM refits", {
  skip_if_not_installed("fastcluster")
  set.seed(1)
  x <- matrix(rnorm(60 * 40), 60, 40)  # more than 32 items: auto would store the matrix
  ref <- hierarchy(x)
  expect_identical(ref$memory, "matrix")
  withr::local_options(typfrage.max_dist_gb = 1e-6)
  h <- hierarchy(x)
  expect_identical(h$memory, "light")
  expect_equal(h$height, fastcluster::hclust(dist(x), "ward.D2")$height)
  expect_error(hierarchy(x, memory = "matrix"), class = "typfrage_error_memory")
  fw <- typology(x, k = 3, method = "ward")
  expect_identical(fw$tree$memory, "light")
  # PAM: the full matrix would not fit, on the fly gives the same medoids
  withr::local_options(typfrage.max_dist_gb = NULL)
  fp <- typology(x, k = 3, method = "pam")
  withr::local_options(typfrage.max_dist_gb = 1e-6)
  fp2 <- typology(x, k = 3, method = "pam")
  expect_identical(fp2$cluster, fp$cluster)
  st1 <- stability(fp2, B = 4, seed = 1, threads = 1)
  st2 <- stability(fp2, B = 4, seed = 1, threads = 2)
  expect_identical(st1$jaccard, st2$jaccard)
})

test_that("Ward + k-means is a local optimum below Ward (stats::kmeans keeps it)", {
  set.seed(2)
  lik <- matrix(sample(1:5, 800 * 5, TRUE, prob = c(1, 2, 4, 2, 1)), 800, 5)
  fw <- typology(lik, k = 8, method = "ward")
  fwk <- typology(lik, k = 8, method = "ward_kmeans")
  expect_lte(fwk$tot_withinss, fw$tot_withinss + 1e-8)
  km <- suppressWarnings(stats::kmeans(lik, centers = fwk$settings$prototypes,
                                       iter.max = 100))
  expect_equal(km$tot.withinss, fwk$tot_withinss)
})

test_that("profiles() refuses covariates and weights whose moments overflow", {
  fit <- typology(USArrests, k = 3, seed = 1)
  cov <- rep(c(1e308, -1e308), 25)
  expect_error(profiles(fit, covariates = data.frame(z = cov)), class = "typfrage_error_overflow")
  expect_error(profiles(fit, weights = c(1e308, rep(1, 49))), class = "typfrage_error_overflow")
  ok <- profiles(fit, covariates = data.frame(z = cov * 1e-200))
  expect_true(all(is.finite(ok$covariates$z$means$mean)))
})
