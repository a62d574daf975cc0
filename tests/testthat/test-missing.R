# Missing data policy (?typfrage_missing): fail / omit / pairwise.

missing_mixed <- function() {
  withr_seed(11, {
    x <- as.data.frame(matrix(stats::rnorm(60 * 4), 60, 4))
    x$V5 <- factor(sample(letters[1:3], 60, TRUE))
    for (i in 1:25) x[sample(60, 1), sample(4, 1)] <- NA
    x
  })
}

test_that("na_action = 'pairwise' PAM with Gower equals cluster::daisy + cluster::pam", {
  skip_if_not_installed("cluster")
  x <- missing_mixed()
  expect_true(anyNA(x))
  d <- cluster::daisy(x, metric = "gower")
  ref <- cluster::pam(d, k = 3, diss = TRUE)
  fit <- typology(x, k = 3, method = "pam", distance = "gower", na_action = "pairwise")
  expect_equal(agreement(fit$cluster, ref$clustering)$ari, 1)
  expect_equal(fit$objective, unname(ref$objective["swap"]) * nrow(x), tolerance = 1e-10)
  expect_equal(sort(fit$medoids), sort(ref$id.med))
  expect_false(anyNA(fit$cluster))
  expect_false(anyNA(fit$centers))
})

test_that("na_action = 'pairwise' hierarchy with Gower equals daisy + hclust", {
  skip_if_not_installed("cluster")
  x <- missing_mixed()
  d <- cluster::daisy(x, metric = "gower")
  for (linkage in c("ward.D2", "average", "complete")) {
    h <- hierarchy(x, linkage = linkage, distance = "gower", na_action = "pairwise")
    ref <- stats::hclust(d, linkage)
    expect_equal(h$height, ref$height, tolerance = 1e-10)
    expect_identical(h$merge, ref$merge)
  }
})

test_that("'pairwise' needs Gower; infinite values and empty rows stay errors", {
  x <- missing_mixed()
  expect_snapshot(error = TRUE, {
    typology(x[1:4], k = 2, na_action = "pairwise")
    typology(x[1:4], k = 2, method = "pam", na_action = "pairwise")
    hierarchy(x[1:4], na_action = "pairwise")
  })
  expect_error(typology(x[1:4], k = 2, na_action = "pairwise"), class = "typfrage_error_input")
  y <- x
  y[3, 1] <- Inf
  y[7, 1:4] <- NA
  y$V5[7] <- NA
  expect_snapshot(error = TRUE,
    hierarchy(y, distance = "gower", na_action = "pairwise"))
  expect_error(hierarchy(y, distance = "gower", na_action = "pairwise"),
               class = "typfrage_error_missing")
})

test_that("na_action = 'omit' keeps row alignment in cluster, fitted() and augment()", {
  x <- as.data.frame(likert_data(80, p = 4, k = 3))
  x[c(3, 40, 77), 2] <- NA
  x[10, 4] <- NaN
  fit <- typology(x, k = 3, na_action = "omit", seed = 1)
  dropped <- c(3, 10, 40, 77)
  expect_length(fit$cluster, 80)
  expect_true(all(is.na(fit$cluster[dropped])))
  expect_false(anyNA(fit$cluster[-dropped]))
  expect_identical(fit$rows, setdiff(1:80, dropped))
  ref <- typology(x[-dropped, ], k = 3, seed = 1)
  expect_identical(fit$cluster[-dropped], ref$cluster)
  expect_identical(unname(fitted(fit)), unname(fit$cluster))
  fc <- fitted(fit, type = "centers")
  expect_equal(nrow(fc), 80)
  expect_true(all(is.na(fc[dropped, ])))
  au <- augment(fit, data = x)
  expect_equal(nrow(au), 80)
  expect_true(all(is.na(au$.cluster[dropped])))
  expect_equal(as.integer(au$.cluster[-dropped]), ref$cluster)

  h <- hierarchy(x, na_action = "omit")
  expect_equal(length(h$order), 76)
  expect_identical(h$labels, as.character(setdiff(1:80, dropped)))
})

test_that("the distance-matrix memory guard is a classed error before allocation", {
  x <- likert_data(50, p = 3)
  old <- options(typfrage.max_dist_gb = 1e-6)
  on.exit(options(old), add = TRUE)
  expect_snapshot(error = TRUE, {
    hierarchy(x, memory = "matrix")
    typology(x, k = 2, method = "pam")
  })
  expect_error(hierarchy(x, linkage = "average"), class = "typfrage_error_memory")
  expect_error(typology(x, k = 2, method = "pam"), class = "typfrage_error_memory")
  # the memory-light routes still work
  expect_s3_class(hierarchy(x, memory = "light"), "hclust")
  expect_s3_class(typology(x, k = 2, seed = 1), "typology")
  options(typfrage.max_dist_gb = "a lot")
  expect_error(hierarchy(x, memory = "matrix"), class = "typfrage_error_input")
})

test_that("the default memory limit is a fraction of the physical memory", {
  old <- options(typfrage.max_dist_gb = NULL)
  on.exit(options(old), add = TRUE)
  lim <- max_dist_bytes()
  expect_true(is.finite(lim) && lim > 0)
  total <- physical_memory_bytes()
  if (!is.na(total)) expect_equal(lim, total / 2) else expect_equal(lim, 8e9)
})
