ps_blobs <- function(n = 60, sep = 5, seed = 1) {
  set.seed(seed)
  centres <- rbind(c(0, 0), c(sep, 0), c(0, sep))
  do.call(rbind, lapply(1:3, function(g) {
    cbind(rnorm(n, centres[g, 1]), rnorm(n, centres[g, 2]))
  }))
}

test_that("prediction strength finds the three types of clear data", {
  x <- ps_blobs()
  ps <- prediction_strength(x, k = 2:5, B = 20, nstart = 3, seed = 1, threads = 1,
                            verbose = FALSE)
  expect_s3_class(ps, "typology_ps")
  expect_equal(ps$table$k, 1:5)
  expect_equal(ps$table$ps[1], 1)
  expect_equal(ps$k, 3L)
  expect_gt(ps$table$ps[3], 0.95)
  expect_true(all(ps$table$ps[4:5] < 0.8))
  expect_equal(dim(ps$replicates), c(20L, 5L))
  expect_equal(ps$table$se, apply(ps$replicates, 2, sd) / sqrt(20), ignore_attr = TRUE)
  # the halves' fits are the core's: one and two threads agree to the bit
  ps2 <- prediction_strength(x, k = 2:5, B = 20, nstart = 3, seed = 1, threads = 2,
                             verbose = FALSE)
  expect_identical(ps2, ps)
})

test_that("prediction strength agrees with fpc::prediction.strength", {
  skip_if_not_installed("fpc")
  skip_on_cran()
  x <- ps_blobs(n = 30, sep = 3.2, seed = 4)
  B <- 60
  ours <- prediction_strength(x, k = 2:5, B = B, nstart = 5, seed = 2, threads = 2,
                              verbose = FALSE)
  set.seed(2)
  ref <- fpc::prediction.strength(x, Gmin = 2, Gmax = 5, M = B, runs = 5,
                                  cutoff = 0.8)
  expect_equal(ours$k, ref$optimalk)
  # same quantity, independent splits: the means agree within Monte-Carlo error
  se <- sqrt(ours$table$se[-1]^2 + (vapply(ref$predcorr[2:5], sd, 1) / sqrt(B))^2)
  expect_true(all(abs(ours$table$ps[-1] - ref$mean.pred[2:5]) < 4 * se + 0.01))
  # and a wrong definition (e.g. the mean over the types instead of the
  # smallest share) would be far off at k = 5
  expect_lt(abs(ours$table$ps[5] - ref$mean.pred[5]), 0.08)
})

test_that("scan_k's ps index is prediction_strength()", {
  x <- ps_blobs(n = 40)
  s <- scan_k(x, k = 2:4, indices = "ps", B = 10, nstart = 3, seed = 9, threads = 1,
              verbose = FALSE)
  material <- s$seed
  spec <- typfrage:::fit_spec("kmeans", 3L, 100L)
  reps <- typfrage:::ps_replicates(x, 1:4, 10L, spec, typfrage:::seed_offset(material, 2L),
                                   1L, FALSE, "threads")
  expect_equal(s$indices$value, unname(colMeans(reps)[2:4]))
})

test_that("prediction strength checks its input", {
  x <- ps_blobs(n = 10)
  expect_error(prediction_strength(x, k = 2:20, B = 5, verbose = FALSE),
               class = "typfrage_error_input")
  expect_error(prediction_strength(x, B = 1, verbose = FALSE), class = "typfrage_error_input")
  expect_error(prediction_strength(x, cutoff = 2, verbose = FALSE),
               class = "typfrage_error_input")
  expect_error(prediction_strength(x, method = "lca", verbose = FALSE),
               class = "typfrage_error_input")
  expect_error(prediction_strength(x, backend = "mpi", verbose = FALSE),
               class = "typfrage_error_input")
})

test_that("print and autoplot in English and German", {
  ps <- prediction_strength(ps_blobs(n = 30), k = 2:4, B = 8, nstart = 2, seed = 1,
                            threads = 1, verbose = FALSE)
  expect_snapshot(print(ps))
  expect_snapshot(print(ps, lang = "de"))
  p <- autoplot(ps, lang = "de")
  expect_s3_class(p, "ggplot")
  expect_equal(p$labels$title, "Vorhersagest\u00e4rke")
  expect_error(autoplot(ps, what = 1), class = "typfrage_error_plot_argument")
})
