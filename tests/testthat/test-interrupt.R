# A user interrupt (SIGINT, as Ctrl-C sends it) during a long C++ run unwinds
# the core, stops its threads and leaves the R session usable.

# Runs `fun(flag)` in a child R process; `fun` writes to `flag` just before
# its long call. Sends SIGINT `delay` seconds later and returns the child's
# result; the child must be done 30 s after the signal. Skips where a child
# process cannot be signalled.
interrupt_child <- function(fun, delay) {
  skip_if_not_installed("callr")
  skip_on_cran()
  skip_on_os("windows")  # no SIGINT via tools::pskill()
  flag <- tempfile()
  child <- callr::r_bg(fun, args = list(flag = flag), libpath = .libPaths())
  on.exit(if (child$is_alive()) child$kill(), add = TRUE)
  for (i in 1:600) {
    if (file.exists(flag) || !child$is_alive()) break
    Sys.sleep(0.05)
  }
  expect_true(file.exists(flag))
  Sys.sleep(delay)
  tools::pskill(child$get_pid(), tools::SIGINT)
  child$wait(30000)
  expect_false(child$is_alive())
  child$get_result()
}

test_that("an interrupt in the C++ path leaves the session usable", {
  res <- interrupt_child(function(flag) {
    library(typfrage)
    options(typfrage.verbose = FALSE)
    set.seed(1)
    x <- matrix(stats::rnorm(400), 200, 2)
    fit <- typology(x, k = 3, seed = 1, threads = 2)
    writeLines("started", flag)
    status <- tryCatch({
      stability(fit, B = 2e5, seed = 1, threads = 2)  # ~ a minute uninterrupted
      "finished"
    }, interrupt = function(e) "interrupted")
    # the session still works, with threads, and gives the same result
    again <- typology(x, k = 3, seed = 1, threads = 2)
    list(status = status, same = identical(again$cluster, fit$cluster),
         tree = length(hierarchy(x, threads = 2)$height))
  }, delay = 0.5)
  expect_identical(res$status, "interrupted")
  expect_true(res$same)
  expect_identical(res$tree, 199L)
})

test_that("an interrupt inside one long k-means start stops it and leaves the session usable", {
  res <- interrupt_child(function(flag) {
    library(typfrage)
    options(typfrage.verbose = FALSE)
    set.seed(1)
    # one start on structureless data with many clusters: k-means++ seeding
    # and a long Lloyd tail, well over a minute uninterrupted; progress ticks
    # come only after the start, so only the poll inside it can stop it early
    big <- matrix(stats::runif(1e6 * 3), 1e6, 3)
    small <- matrix(stats::rnorm(400), 200, 2)
    fit <- typology(small, k = 3, seed = 1, threads = 2)
    writeLines("started", flag)
    status <- tryCatch({
      typology(big, k = 400, nstart = 1, max_iter = 1e6, seed = 1, threads = 2)
      "finished"
    }, interrupt = function(e) "interrupted")
    rm(big)
    again <- typology(small, k = 3, seed = 1, threads = 2)
    list(status = status, same = identical(again$cluster, fit$cluster),
         kmeans = length(typology(small, k = 2, nstart = 3, seed = 2)$cluster))
  }, delay = 1)
  expect_identical(res$status, "interrupted")
  expect_true(res$same)
  expect_identical(res$kmeans, 200L)
})

test_that("an interrupt inside one long latent class EM run stops it", {
  res <- interrupt_child(function(flag) {
    library(typfrage)
    options(typfrage.verbose = FALSE)
    set.seed(1)
    # one EM start on structureless answers with tol = 0: it runs to max_iter
    # (hours); progress ticks come only after the start
    big <- as.data.frame(matrix(sample.int(5, 2e5 * 12, replace = TRUE), 2e5, 12))
    small <- big[1:300, 1:4]
    fit <- typology(small, k = 2, method = "lca", nstart = 2, seed = 1)
    writeLines("started", flag)
    status <- tryCatch({
      typology(big, k = 6, method = "lca", nstart = 1, max_iter = 1e6, tol = 0,
               seed = 1, threads = 2)
      "finished"
    }, interrupt = function(e) "interrupted")
    again <- typology(small, k = 2, method = "lca", nstart = 2, seed = 1)
    list(status = status, same = identical(again$cluster, fit$cluster))
  }, delay = 1)
  expect_identical(res$status, "interrupted")
  expect_true(res$same)
})

test_that("an interrupt between replicates stops stability() of PAM with a huge B", {
  # B = 1e6 replicates: chunks of B / 100 = 10,000 refits used to be the only
  # interrupt checks; now the main thread ticks after every replicate once
  # 20 ms have passed, so the child stops well within the 30 s allowed.
  res <- interrupt_child(function(flag) {
    library(typfrage)
    options(typfrage.verbose = FALSE)
    set.seed(1)
    x <- matrix(stats::rnorm(1500 * 3), 1500, 3)
    fit <- typology(x, k = 3, method = "pam")
    writeLines("started", flag)
    status <- tryCatch({
      stability(fit, B = 1e6, seed = 1, threads = 2)
      "finished"
    }, interrupt = function(e) "interrupted")
    st1 <- stability(fit, B = 3, seed = 2, threads = 1)
    st2 <- stability(fit, B = 3, seed = 2, threads = 2)
    list(status = status, same = identical(st1$jaccard, st2$jaccard))
  }, delay = 1)
  expect_identical(res$status, "interrupted")
  expect_true(res$same)
})

test_that("an interrupt inside one long reference refit of the gap statistic stops it", {
  res <- interrupt_child(function(flag) {
    library(typfrage)
    options(typfrage.verbose = FALSE)
    set.seed(1)
    # 400 tight clusters: the data fit takes about a second, but every
    # uniform reference set needs a long k-means run (about 45 s each), so
    # only the poll inside the refit can stop it within the 30 s allowed
    g <- as.matrix(expand.grid(1:20, 1:20)) * 10
    x <- g[rep(1:400, each = 500), ] + matrix(stats::rnorm(4e5, sd = 0.1), ncol = 2)
    writeLines("started", flag)
    t0 <- Sys.time()
    status <- tryCatch({
      gap_statistic(x, k = 400, B = 2, nstart = 1, max_iter = 1e6, seed = 1, threads = 1)
      "finished"
    }, interrupt = function(e) "interrupted")
    list(status = status, seconds = as.double(Sys.time() - t0, units = "secs"),
         after = length(typology(x[1:200, ], k = 2, seed = 1, threads = 1)$cluster))
  }, delay = 4)
  expect_identical(res$status, "interrupted")
  expect_lt(res$seconds, 30)
  expect_identical(res$after, 200L)
})
