# The bootstrap likelihood-ratio test and the latent class criteria of scan_k().

test_that("the bootstrap LRT rejects 2 and keeps 3 classes on 3-class data, thread-invariant", {
  set.seed(21)
  d <- lca_sim_data(400)
  f3 <- typology(d, k = 3, method = "lca", items = y1:y6, seed = 1, nstart = 10, threads = 1,
                 tol = 1e-8, max_iter = 3000)
  # four classes on three-class data: a flat likelihood with several maxima
  f4 <- suppressWarnings(
    typology(d, k = 4, method = "lca", items = y1:y6, seed = 1, nstart = 10, threads = 1,
             tol = 1e-8, max_iter = 3000),
    classes = "typfrage_warning"
  )
  b3 <- lca_blrt(f3, d, B = 19, seed = 1, threads = 1, verbose = FALSE)
  expect_equal(b3$p_value, 1 / 20)  # the observed LR beats all 19 bootstrap LRs
  expect_gt(b3$lr, max(b3$boot_lr))
  b4 <- lca_blrt(f4, d, B = 19, seed = 1, threads = 1, verbose = FALSE)
  expect_gt(b4$p_value, 0.1)
  b3_2 <- lca_blrt(f3, d, B = 19, seed = 1, threads = 2, verbose = FALSE)
  expect_identical(b3_2$boot_lr, b3$boot_lr)
  expect_identical(b3_2$p_value, b3$p_value)
  expect_identical(b3_2, b3)  # every bootstrap log-likelihood, not only the LRs
  # the k - 1 class fit of the data is a real maximum: LR >= 0
  expect_gte(b4$lr, 0)
  expect_true(all(b3$boot_loglik_alt >= b3$boot_loglik_null - 1e-6))
  expect_output(print(b3), "3 types fit better than 2")
  out <- withr::with_options(list(typfrage.lang = "de"), capture.output(print(b4)))
  expect_match(out[3], "nicht signifikant")
})

test_that("lca_blrt() refuses what it cannot test", {
  set.seed(2)
  d <- lca_sim_data(100)
  f1 <- typology(d, k = 1, method = "lca", items = y1:y6, seed = 1, nstart = 1, threads = 1)
  expect_error(lca_blrt(f1, d, B = 9), class = "typfrage_error_input")
  fw <- typology(d, k = 2, method = "lca", items = y1:y6, seed = 1, nstart = 2, threads = 1,
                 weights = rep(2, 100))
  expect_error(lca_blrt(fw, d, B = 9), class = "typfrage_error_input")
  f2 <- typology(d, k = 2, method = "lca", items = y1:y6, seed = 1, nstart = 2, threads = 1)
  expect_error(lca_blrt(f2, d, B = 0), class = "typfrage_error_input")
})

test_that("scan_k(method = 'lca') reports the smallest class share with the criteria", {
  set.seed(4)
  d <- lca_sim_data(300)[1:6]
  sc <- scan_k(d, k = 1:3, method = "lca", seed = 1, nstart = 3, threads = 1)
  ms <- sc$indices[sc$indices$index == "min_share", ]
  expect_equal(ms$k, 1:3)
  fits <- lapply(1:3, function(k) typology(d, k = k, method = "lca", seed = 1, nstart = 3,
                                           threads = 1))
  crit <- typfrage:::lca_scan_criteria(fits)
  expect_equal(crit$min_share, vapply(fits, function(f) min(f$shares), 0))
  expect_equal(ms$value[1], 1)
  expect_equal(ms$value, crit$min_share)
  expect_true(is.na(crit$entropy[1]))
  expect_equal(sc$indices$value[sc$indices$index == "bic"], crit$bic)
})
