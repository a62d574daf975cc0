# One block runner for every resampling verb: the future backend gives results
# identical to the threaded run (replicate b always uses Rng(seed, b)).

backend_data <- function() {
  set.seed(3)
  rbind(matrix(rnorm(60, 0), 30), matrix(rnorm(60, 4), 30))
}

# Every resampling verb, run with `backend` (and threads).
backend_results <- function(backend, threads) {
  x <- backend_data()
  fit <- typology(x, k = 2, nstart = 2, seed = 1, threads = 1)
  st <- stability(fit, B = 6, seed = 5, threads = threads, backend = backend, verbose = FALSE)
  st$call <- NULL
  list(
    scan = scan_k(x, k = 2:3, indices = c("gap", "ps"), B = 5, nstart = 2, seed = 2,
                  threads = threads, backend = backend, verbose = FALSE)[
                    c("indices", "recommended", "clusters")],
    gap = gap_statistic(x, k = 1:3, B = 5, nstart = 2, seed = 2, threads = threads,
                        backend = backend, verbose = FALSE),
    ps = prediction_strength(x, k = 2:3, B = 5, nstart = 2, seed = 2, threads = threads,
                             backend = backend, verbose = FALSE),
    stability = st,
    short_form = short_form(fit, folds = 4, seed = 1, backend = backend, verbose = FALSE)[
      c("items", "path", "curve", "fitted")],
    blrt = backend_blrt(backend, threads)
  )
}

# A bootstrap likelihood-ratio test of 1 against 2 latent classes.
backend_blrt <- function(backend, threads) {
  set.seed(7)
  cls <- rep(1:2, each = 40)
  d <- as.data.frame(lapply(1:4, function(j) stats::rbinom(80, 1, c(0.2, 0.8)[cls]) + 1))
  names(d) <- paste0("q", 1:4)
  lc <- typology(d, k = 2, method = "lca", lca_model = "categorical", seed = 1, nstart = 2,
                 threads = 1, verbose = FALSE)
  lca_blrt(lc, d, B = 5, nstart = 2, seed = 3, threads = threads, backend = backend,
           verbose = FALSE)
}

# the threaded run every plan is compared with, computed once
local_results <- local({
  value <- NULL
  function() {
    if (is.null(value)) value <<- backend_results("threads", 2L)
    value
  }
})

test_that("blocks of replicates cover 1..B in order", {
  b <- typfrage:::replicate_blocks(10L, 3L)
  expect_identical(b$first, c(1L, 5L, 8L))
  expect_identical(b$count, c(4L, 3L, 3L))
  expect_identical(typfrage:::replicate_blocks(2L, 4L)$count, c(1L, 1L))
  withr::local_options(typfrage.future_blocks = 4L)
  expect_identical(nrow(typfrage:::replicate_blocks(100L, Inf)), 4L)
})

test_that("gap and prediction strength blocks combine to the whole run", {
  x <- backend_data()
  spec <- typfrage:::fit_spec("kmeans", 2L, 100L)
  material <- typfrage:::resolve_seed(4)
  run <- typfrage:::gap_block(x, 1:3, "scaledPCA", 1, spec, material, NULL, FALSE)
  whole <- run(1L, 7L, 1L, FALSE)$log_w
  parts <- typfrage:::gap_combine(list(run(1L, 3L, 2L, FALSE), run(4L, 4L, 1L, FALSE)))
  expect_identical(parts$log_w, whole)
  ps <- typfrage:::ps_block(x, 1:3, spec, material)
  expect_identical(rbind(ps(1L, 2L, 1L, FALSE), ps(3L, 5L, 2L, FALSE)), ps(1L, 7L, 1L, FALSE))
})

test_that("short-form folds in blocks combine to the whole cross-validation", {
  x <- backend_data()
  fit <- typology(x, k = 2, nstart = 2, seed = 1, threads = 1)
  d <- typfrage:::sf_data(fit)
  set.seed(1)
  fold <- sample(rep_len(1:5, nrow(x)))
  run <- typfrage:::sf_fold_block(fit, d, fold, 2L)
  whole <- run(1L, 5L, 1L, FALSE)
  expect_length(whole, 5L)
  expect_identical(c(run(1L, 2L, 1L, FALSE), run(3L, 3L, 1L, FALSE)), whole)
  # a fold judged on its own rows only
  expect_identical(whole[[2]], run(2L, 1L, 1L, FALSE)[[1]])
})

test_that("backend = 'future' under multisession is identical to threads = 2", {
  skip_if_not_installed("future")
  skip_on_cran()
  local <- local_results()
  old <- future::plan(future::multisession, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  expect_identical(backend_results("future", 1L), local)
})

test_that("backend = 'future' on a two-worker PSOCK cluster is identical", {
  skip_if_not_installed("future")
  skip_on_cran()
  local <- local_results()
  cl <- parallel::makePSOCKcluster(2, master = "127.0.0.1")
  on.exit(parallel::stopCluster(cl), add = TRUE)
  old <- future::plan(future::cluster, workers = cl)
  on.exit(future::plan(old), add = TRUE, after = FALSE)
  expect_identical(backend_results("future", 1L), local)
})

test_that("backend = 'future' under future.callr is identical", {
  skip_if_not_installed("future.callr")
  skip_on_cran()
  local <- local_results()
  old <- future::plan(future.callr::callr, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  expect_identical(backend_results("future", 1L), local)
})

test_that("a missing future package is a classed error saying what to install", {
  ns <- asNamespace("typfrage")
  real <- get("future_available", envir = ns)
  utils::assignInNamespace("future_available", function() FALSE, "typfrage")
  on.exit(utils::assignInNamespace("future_available", real, "typfrage"), add = TRUE)
  expect_error(gap_statistic(backend_data(), B = 5, backend = "future", verbose = FALSE),
               "install.packages", class = "typfrage_error_missing_package")
})

test_that("the Slurm template for future.batchtools is shipped", {
  tmpl <- system.file("batchtools", "slurm.tmpl", package = "typfrage")
  expect_true(nzchar(tmpl))
  txt <- readLines(tmpl)
  expect_true(any(grepl("^#SBATCH", txt)))
  expect_true(any(grepl("batchtools::doJobCollection", txt, fixed = TRUE)))
})
