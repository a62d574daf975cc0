# The copies of the data removed for #26: the column-by-column checks and
# moments give the numbers and errors of the n x p formulas they replace,
# and the latent class fit does not copy the item matrix.

# The n x p formulation of lca_check_codes() before #26 (the reference).
lca_check_codes_matrix <- function(x, levels = NULL) {
  items <- colnames(x)
  obs <- !is.na(x)
  bad <- obs & (!is.finite(x) | x != round(x))
  if (any(bad)) {
    first <- which(bad, arr.ind = TRUE)[1, ]
    return(list("codes", items[colSums(bad) > 0], x[first[1], first[2]], first[[1]]))
  }
  low <- obs & x < 1
  if (any(low)) return(list("low", items[colSums(low) > 0], min(x[low])))
  empty <- which(rowSums(obs) == 0)
  if (length(empty)) return(list("empty", empty))
  n_distinct <- vapply(seq_len(ncol(x)), function(j) length(unique(x[obs[, j], j])), integer(1))
  if (any(n_distinct < 2)) return(list("single", items[n_distinct < 2]))
  vapply(seq_len(ncol(x)), function(j) {
    as.integer(max(max(x[obs[, j], j]), length(levels[[items[j]]])))
  }, integer(1))
}

codes_matrix <- function(seed, n = 60, p = 5) {
  set.seed(seed)
  x <- matrix(as.double(sample.int(4L, n * p, TRUE)), n, p,
              dimnames = list(NULL, paste0("q", seq_len(p))))
  x[sample(n * p, 15)] <- NA
  x
}

test_that("lca_check_codes() finds what the n x p formulas found", {
  check <- function(x, levels = NULL) {
    ref <- lca_check_codes_matrix(x, levels)
    got <- tryCatch(lca_check_codes(x, levels), typfrage_error = function(e) e)
    if (is.numeric(ref)) {
      expect_identical(unname(got), ref)
      expect_named(got, colnames(x))
      return(invisible())
    }
    expect_s3_class(got, "typfrage_error")
    msg <- cli::ansi_strip(conditionMessage(got))
    switch(ref[[1]],
      codes = {
        expect_s3_class(got, "typfrage_error_lca_codes")
        expect_match(msg, "non-integer codes", fixed = TRUE)
        expect_match(msg, paste0("in row ", ref[[4]], ")"), fixed = TRUE)
        expect_match(msg, format(ref[[3]]), fixed = TRUE)
        for (it in ref[[2]]) expect_match(msg, it, fixed = TRUE)
      },
      low = {
        expect_s3_class(got, "typfrage_error_lca_codes")
        expect_match(msg, paste0("smallest: ", format(ref[[3]])), fixed = TRUE)
        for (it in ref[[2]]) expect_match(msg, it, fixed = TRUE)
      },
      empty = {
        expect_s3_class(got, "typfrage_error_lca_missing")
        expect_match(msg, paste(length(ref[[2]]), "row"), fixed = TRUE)
      },
      single = {
        expect_s3_class(got, "typfrage_error_lca_codes")
        expect_match(msg, "two observed categories", fixed = TRUE)
        for (it in ref[[2]]) expect_match(msg, it, fixed = TRUE)
      })
  }
  x <- codes_matrix(1)
  check(x)
  check(x, list(q2 = letters[1:6]))
  y <- x; y[7, 3] <- 2.5; y[2, 5] <- 1.5; y[9, 4] <- Inf
  check(y)  # the first bad code in column order: item q3, row 7
  y <- x; y[9, 2] <- -Inf; y[3, 2] <- 0.25
  check(y)
  y <- x; y[4, 5] <- 0; y[8, 1] <- -9
  check(y)
  y <- x; y[c(3, 11), ] <- NA
  check(y)
  y <- x; y[, 4] <- 2; y[1, 4] <- NA
  check(y)
  y <- x; y[, 2] <- NA
  check(y)
  y <- x; y[, 1] <- c(1, 3)[1 + (seq_len(nrow(y)) %% 2)] * 1e6  # large whole numbers
  check(y)
})

# item_moments() before #26: every item through the masked formulas.
item_moments_masked <- function(raw, weights = NULL) {
  w <- if (is.null(weights)) rep(1, nrow(raw)) else weights
  obs <- !is.na(raw)
  wo <- colSums(w * obs)
  center <- colSums(ifelse(obs, raw, 0) * w) / wo
  dev <- sweep(raw, 2, center)
  m <- colSums(obs)
  scale <- sqrt(colSums(ifelse(obs, dev^2, 0) * w) / wo * m / (m - 1))
  lo <- suppressWarnings(apply(raw, 2, min, na.rm = TRUE))
  hi <- suppressWarnings(apply(raw, 2, max, na.rm = TRUE))
  constant <- !(hi > lo) | !(scale > 64 * .Machine$double.eps * pmax(abs(lo), abs(hi)))
  list(center = center, scale = scale, constant = unname(constant))
}

test_that("item_moments() gives the masked formulas' numbers to the last bit", {
  set.seed(4)
  n <- 500
  raw <- cbind(a = 1e12 + runif(n), b = sample.int(5, n, TRUE) / 7, c = rnorm(n, 3),
               d = 4, e = sample(c(1, 2), n, TRUE))
  raw[c(3, 70), "c"] <- NA
  w <- round(runif(n, 0.1, 4), 3)
  for (weights in list(NULL, w)) {
    got <- item_moments(raw, weights)
    ref <- item_moments_masked(raw, weights)
    expect_identical(got$center, ref$center)
    expect_identical(got$scale, ref$scale)
    expect_identical(got$constant, ref$constant)
  }
  expect_identical(item_moments(raw)$constant, c(FALSE, FALSE, FALSE, TRUE, FALSE))
  # standardize_items() is (x - center) / scale, column by column
  mom <- item_moments(raw[, -4], w)
  st <- list(standardize = TRUE, center = mom$center, scale = mom$scale)
  expect_identical(standardize_items(raw[, -4], st),
                   sweep(sweep(raw[, -4], 2, mom$center), 2, mom$scale, "/"))
})

test_that("the latent class fit does not copy the item matrix", {
  skip_if_not(capabilities("profmem"), "R without memory profiling (tracemem)")
  x <- codes_matrix(2, n = 200)
  prep <- lca_items(as.data.frame(x))
  tracemem(prep$x)
  on.exit(untracemem(prep$x))
  out <- utils::capture.output(
    fit <- suppressWarnings(
      lca_fit(prep, 2, nstart = 2, maxiter = 50, seed = 1, threads = 1, verbose = FALSE),
      classes = "typfrage_warning"
    )
  )
  expect_false(any(grepl("tracemem", out)))
  expect_identical(dim(fit$posterior), c(200L, 2L))
})

test_that("the posterior in label order is the one of the two-matrix formula", {
  set.seed(5)
  post <- matrix(runif(40), 10, 4, dimnames = list(as.character(1:10), 1:4))
  ref <- function(post, ord, rows, n_input) {
    out <- matrix(NA_real_, n_input, length(ord), dimnames = list(NULL, as.character(seq_along(ord))))
    out[rows, ] <- post[, ord, drop = FALSE]
    out
  }
  for (ord in list(1:4, c(2L, 1L, 4L, 3L))) {
    expect_identical(lca_posterior_rows(post, ord, 1:10, 10L), ref(post, ord, 1:10, 10L))
    rows <- c(1:3, 5:8, 10:12)
    expect_identical(lca_posterior_rows(post, ord, rows, 13L), ref(post, ord, rows, 13L))
  }
})
