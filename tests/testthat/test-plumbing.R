test_that("per-item random streams do not depend on the thread count", {
  seed <- c(123L, 456L)
  one <- typfrage:::cpp_plumbing_streams(50L, 100L, seed, 1L, -1L)
  two <- typfrage:::cpp_plumbing_streams(50L, 100L, seed, 2L, -1L)
  expect_identical(one, two)
  # different items get different streams; means of 100 uniforms near 0.5
  expect_equal(length(unique(one)), 50L)
  expect_true(all(abs(one / 100 - 0.5) < 0.2))
  # a different seed gives different numbers
  other <- typfrage:::cpp_plumbing_streams(50L, 100L, c(123L, 457L), 2L, -1L)
  expect_false(any(other == one))
  # the queue (one parallel region) gives the same items
  expect_identical(typfrage:::cpp_plumbing_streams(50L, 100L, seed, 1L, -1L, TRUE), one)
  expect_identical(typfrage:::cpp_plumbing_streams(50L, 100L, seed, 2L, -1L, TRUE), one)
})

test_that("an exception in a worker thread becomes an R error", {
  expect_error(typfrage:::cpp_plumbing_streams(20L, 5L, c(1L, 2L), 2L, 7L),
               "work item 8 failed")
  expect_error(typfrage:::cpp_plumbing_streams(20L, 5L, c(1L, 2L), 2L, 7L, TRUE),
               "work item 8 failed")
  # the session keeps working afterwards
  expect_length(typfrage:::cpp_plumbing_streams(20L, 5L, c(1L, 2L), 2L, -1L), 20L)
})

test_that("seed material follows set.seed() and explicit seeds", {
  set.seed(9); a <- typfrage:::resolve_seed(NULL)
  set.seed(9); b <- typfrage:::resolve_seed(NULL)
  expect_identical(a, b)
  expect_length(a, 2L)
  expect_identical(typfrage:::resolve_seed(2020), typfrage:::resolve_seed(2020L))
  expect_false(identical(typfrage:::resolve_seed(1), typfrage:::resolve_seed(2)))
  expect_error(typfrage:::resolve_seed("a"), class = "typfrage_error_input")
  expect_error(typfrage:::resolve_seed(1.5), class = "typfrage_error_input")
})

test_that("thread count follows the option, OMP_THREAD_LIMIT and validation", {
  withr_opts <- options(typfrage.threads = 1L)
  on.exit(options(withr_opts))
  expect_identical(typfrage_threads(), 1L)
  expect_identical(typfrage_threads(1), 1L)
  old <- Sys.getenv("OMP_THREAD_LIMIT", NA)
  Sys.setenv(OMP_THREAD_LIMIT = "1")
  on.exit(if (is.na(old)) Sys.unsetenv("OMP_THREAD_LIMIT") else Sys.setenv(OMP_THREAD_LIMIT = old),
          add = TRUE)
  expect_identical(typfrage_threads(2), 1L)
  expect_snapshot(typfrage_threads(0), error = TRUE)
  expect_snapshot(typfrage_threads(-1), error = TRUE)
  expect_snapshot(typfrage_threads(NA), error = TRUE)
  expect_error(typfrage_threads(1.5), class = "typfrage_error_input")
  expect_error(typfrage_threads("2"), class = "typfrage_error_input")
})
