# The validator of the typology object (R/typology-object.R): manipulated
# objects are refused with class typfrage_error_object before any C++ runs.
# Calls that could crash the core run in a child process.

object_fit <- function() {
  set.seed(1)
  x <- matrix(sample(1:5, 40 * 3, TRUE), 40, 3, dimnames = list(NULL, c("a", "b", "c")))
  typology(x, k = 3, seed = 1, threads = 1)
}

in_child <- function(fun) {
  skip_if_not_installed("callr")
  callr::r(fun, libpath = .libPaths(), error = "error")
}

test_that("valid fits of every method pass the validator", {
  fit <- object_fit()
  expect_invisible(typfrage:::validate_typology(fit))
  for (m in c("pam", "ward", "ward_kmeans")) {
    expect_no_error(typfrage:::validate_typology(typology(fit$data, k = 3, method = m, seed = 1)))
  }
  expect_no_error(typfrage:::validate_typology(as_typology(USArrests, usarrests_partition(3))))
})

test_that("an external partition (method = \"external\") passes", {
  fit <- object_fit()
  ext <- fit[c("cluster", "size", "k", "centers", "data", "rows", "weights", "type_names", "call")]
  ext$method <- "external"
  ext$seed <- NULL
  ext$settings <- fit$settings[c("items", "kinds", "levels")]
  ext$settings$standardize <- FALSE
  ext <- typfrage:::new_typology(ext)
  expect_no_error(typfrage:::validate_typology(ext))
  expect_no_error(print(ext))
})

test_that("wrong-length weights are refused before stability() reaches C++", {
  res <- in_child(function() {
    library(typfrage)
    set.seed(1)
    x <- matrix(sample(1:5, 40 * 3, TRUE), 40, 3, dimnames = list(NULL, c("a", "b", "c")))
    f <- typology(x, k = 3, seed = 1, threads = 1)
    f$weights <- rep(1, 3)
    tryCatch({ stability(f, B = 3, threads = 1); "no error" },
             error = function(e) class(e))
  })
  expect_true("typfrage_error_object" %in% res)
})

test_that("cluster out of range, NA or of the wrong length is refused", {
  res <- in_child(function() {
    library(typfrage)
    set.seed(1)
    x <- matrix(sample(1:5, 40 * 3, TRUE), 40, 3, dimnames = list(NULL, c("a", "b", "c")))
    f <- typology(x, k = 3, seed = 1, threads = 1)
    try1 <- function(g, expr) tryCatch({ expr(g); "no error" }, error = function(e) class(e)[1])
    f1 <- f; f1$cluster[1] <- 7L
    f2 <- f; f2$cluster[1] <- NA_integer_
    f3 <- f; f3$cluster <- f3$cluster[-1]
    f4 <- f; f4$cluster[1] <- 0L
    list(
      range = try1(f1, function(g) profiles(g)),
      na = try1(f2, function(g) stability(g, B = 3, threads = 1)),
      length = try1(f3, function(g) silhouette_widths(g)),
      zero = try1(f4, function(g) cluster_indices(g))
    )
  })
  expect_equal(unlist(res), c(range = "typfrage_error_object", na = "typfrage_error_object",
                              length = "typfrage_error_object", zero = "typfrage_error_object"))
})

test_that("a changed k, removed centres and bad fields are refused by every verb", {
  fit <- object_fit()
  f <- fit; f$k <- 10
  expect_error(print(f), class = "typfrage_error_object")
  expect_error(profiles(f), class = "typfrage_error_object")
  f <- fit; f$centers <- NULL
  expect_error(print(f), class = "typfrage_error_object")
  expect_error(summary(f), class = "typfrage_error_object")
  expect_error(tidy(f), class = "typfrage_error_object")
  expect_error(glance(f), class = "typfrage_error_object")
  expect_error(augment(f), class = "typfrage_error_object")
  expect_error(predict(f, fit$data), class = "typfrage_error_object")
  expect_error(fitted(f), class = "typfrage_error_object")
  expect_error(steckbrief(f), class = "typfrage_error_object")
  expect_error(name_types(f, c("a", "b", "c")), class = "typfrage_error_object")
  expect_error(suggest_names(f), class = "typfrage_error_object")
  expect_error(autoplot(f), class = "typfrage_error_object")
  expect_error(agreement(f, fit), class = "typfrage_error_object")
  expect_error(match_labels(f, fit), class = "typfrage_error_object")
  f <- fit; f$size <- f$size + 1L
  expect_error(print(f), class = "typfrage_error_object")
  f <- fit; f$data <- f$data[-1, ]
  expect_error(print(f), class = "typfrage_error_object")
  f <- fit; f$rows <- rev(f$rows)
  expect_error(print(f), class = "typfrage_error_object")
  f <- fit; f$settings$items <- c("x", "y", "z")
  expect_error(print(f), class = "typfrage_error_object")
  f <- fit; f$settings$prototypes <- f$settings$prototypes[-1, ]
  expect_error(print(f), class = "typfrage_error_object")
  f <- fit; f$type_names <- c("a", "a", "b")
  expect_error(print(f), class = "typfrage_error_object")
  f <- fit; f$weights <- c(rep(1, 39), -1)
  expect_error(print(f), class = "typfrage_error_object")
  # the message names the field and the remedy
  f <- fit; f$k <- 10
  expect_snapshot(print(f), error = TRUE)
})

test_that("steckbrief() refuses the stability of another fit", {
  fit <- object_fit()
  other <- typology(fit$data, k = 2, seed = 1, threads = 1)
  st <- stability(other, B = 5, seed = 1, threads = 1)
  expect_error(steckbrief(fit, stability = st), class = "typfrage_error_stability_mismatch")
  st_own <- stability(fit, B = 5, seed = 1, threads = 1)
  expect_no_error(steckbrief(name_types(fit, c("a", "b", "c")), stability = st_own))
})

test_that("unknown arguments in ... are classed errors", {
  fit <- object_fit()
  expect_error(predict(fit, new_data = fit$data), class = "typfrage_error_input")
  expect_error(augment(fit, newdata = fit$data), class = "typfrage_error_input")
  expect_error(typology(fit$data, k = 2, foo = 1), class = "typfrage_error_input")
})

test_that("misleading or unclassed input errors are classed and actionable", {
  x <- object_fit()$data
  expect_error(gap_statistic(x, k = 1:2, B = 2, reference = "bogus"),
               class = "typfrage_error_input")
  expect_error(typology(x, k = 2, method = c("pam", "kmeans")), "single string",
               class = "typfrage_error_input")
  expect_error(gap_statistic(x, k = 1:2, B = 2, method = "ward", nstart = 5),
               class = "typfrage_error_input")
  expect_no_error(gap_statistic(x, k = 1:2, B = 2, method = "ward", seed = 1, threads = 1))
  d <- stats::dist(x[1:6, ])
  dn <- d; dn[1] <- -1
  expect_error(hierarchy(dn), class = "typfrage_error_input")
  expect_error(silhouette_widths(dn, rep(1:2, 3)), class = "typfrage_error_input")
  expect_error(typology(x[1:6, ], k = 2, method = "pam", distance = dn),
               class = "typfrage_error_input")
  ds <- d; attr(ds, "Size") <- 7L
  expect_error(silhouette_widths(ds, rep(1:2, 3)), class = "typfrage_error_input")
  expect_error(hierarchy(ds), class = "typfrage_error_input")
  e <- tryCatch(agreement(c(1, NA, 2), c(1, 2, 2)), error = function(e) e)
  expect_match(conditionMessage(e), "`x`", fixed = TRUE)
})

test_that("distinct seeds give distinct seed material; seeds >= 0 keep theirs", {
  expect_false(identical(typfrage:::resolve_seed(-1), typfrage:::resolve_seed(2147483647)))
  expect_equal(typfrage:::resolve_seed(1), c(1L, bitwXor(1L, 0x5A5A5A5AL)))
  m <- typfrage:::resolve_seed(-5)
  expect_true(all(m >= 0L))
})

test_that("prediction strength scores singleton clusters 1, as fpc", {
  skip_if_not_installed("fpc")
  # USArrests, k = 7: singleton clusters are common in the halves; scoring
  # them 0 gave 0.045 (B = 50), fpc's rule (1) gives values near fpc's own
  # 0.15 to 0.18 (different random splits)
  s <- scan_k(scale(USArrests), k = 7, indices = "ps", B = 50, seed = 1, threads = 1)
  set.seed(1)
  ref <- fpc::prediction.strength(scale(USArrests), 7, 7, M = 50)$mean.pred[7]
  expect_gt(s$indices$value, 0.1)
  expect_lt(abs(s$indices$value - ref), 0.1)
})
