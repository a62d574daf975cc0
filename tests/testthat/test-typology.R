test_that("typology() returns the documented object", {
  fit <- typology(USArrests, 3, standardize = TRUE, seed = 1, threads = 1)
  expect_s3_class(fit, "typology")
  expect_named(fit, c("cluster", "size", "k", "method", "centers", "data", "rows",
                      "weights", "weighted_size", "settings", "type_names", "call",
                      "seed", "withinss", "tot_withinss", "totss", "betweenss",
                      "starts", "empty_repairs", "missing"), ignore.order = TRUE)
  expect_type(fit$cluster, "integer")
  expect_identical(fit$size, tabulate(fit$cluster, 3))
  # type 1 is the largest, sizes decrease
  expect_true(all(diff(fit$size) <= 0))
  # centres are type means in original units
  expect_equal(unname(fit$centers),
               unname(as.matrix(rowsum(USArrests, fit$cluster) / fit$size)))
  expect_identical(colnames(fit$centers), names(USArrests))
  expect_equal(unname(fit$data), unname(as.matrix(USArrests)) + 0)
  expect_identical(fit$seed, typfrage:::resolve_seed(1))
  # the same as stats::kmeans on the standardised data
  set.seed(1)
  ref <- stats::kmeans(scale(USArrests), 3, nstart = 25)
  expect_equal(fit$tot_withinss, ref$tot.withinss, tolerance = 1e-10)
  expect_equal(agreement(fit, ref$cluster)$ari, 1)
})

test_that("labels: largest type first, ties by first appearance", {
  x <- matrix(c(0, 0, 10, 10, 20, 20, 20), ncol = 1)
  fit <- typology(x, 3, seed = 1)
  expect_identical(fit$cluster, c(2L, 2L, 3L, 3L, 1L, 1L, 1L))
  fit <- typology(x[1:6, , drop = FALSE], 3, seed = 1)
  expect_identical(fit$cluster, c(1L, 1L, 2L, 2L, 3L, 3L))
})

test_that("set.seed() reproduces a fit, and fits do not depend on threads", {
  x <- likert_data(300)
  set.seed(3); a <- typology(x, 4, threads = 1)
  set.seed(3); b <- typology(x, 4, threads = 2)
  expect_identical(a$cluster, b$cluster)
  expect_identical(a$starts, b$starts)
  set.seed(3); p1 <- typology(x, 3, method = "pam", nstart = 3, threads = 1)
  set.seed(3); p2 <- typology(x, 3, method = "pam", nstart = 3, threads = 2)
  expect_identical(p1$cluster, p2$cluster)
  expect_identical(p1$medoids, p2$medoids)
})

test_that("items, ordered factors and labelled items are accepted", {
  df <- as.data.frame(likert_data(120, p = 4))
  df$id <- seq_len(nrow(df))
  fit <- typology(df, 3, items = c("q1", "q2", "q3", "q4"), seed = 2)
  ord <- df
  for (j in 1:4) ord[[j]] <- factor(ord[[j]], levels = 1:5, ordered = TRUE)
  fit_ord <- typology(ord, 3, items = 1:4, seed = 2)
  expect_identical(fit$cluster, fit_ord$cluster)
  expect_equal(fit$centers, fit_ord$centers)
  skip_if_not_installed("haven")
  lab <- df
  lab$q1 <- haven::labelled(lab$q1, c(low = 1, high = 5))
  fit_lab <- typology(lab, 3, items = paste0("q", 1:4), seed = 2)
  expect_identical(fit$cluster, fit_lab$cluster)
})

test_that("na_action = 'omit' drops rows and marks them NA", {
  x <- as.data.frame(likert_data(100, p = 3))
  x$q2[c(5, 50)] <- NA
  fit <- typology(x, 2, na_action = "omit", seed = 1)
  expect_identical(which(is.na(fit$cluster)), c(5L, 50L))
  expect_identical(fit$rows, setdiff(1:100, c(5L, 50L)))
  expect_identical(sum(fit$size), 98L)
  expect_identical(predict(fit, x)[c(5, 50)], c(NA_integer_, NA_integer_))
})

test_that("predict() assigns the fitted rows to their types and survives saveRDS()", {
  x <- likert_data(200, p = 6)
  fit <- typology(x, 3, standardize = TRUE, seed = 1)
  expect_identical(predict(fit, x), fit$cluster)
  expect_identical(predict(fit), fit$cluster)
  pam <- typology(as.data.frame(x), 3, method = "pam", distance = "manhattan")
  expect_identical(predict(pam, as.data.frame(x)), pam$cluster)
  # new data with extra and reordered columns
  new <- as.data.frame(x[1:10, 6:1])
  new$extra <- 1
  expect_identical(predict(fit, new), fit$cluster[1:10])
  # a stored fit still predicts
  path <- tempfile(fileext = ".rds")
  saveRDS(fit, path)
  back <- readRDS(path)
  expect_identical(predict(back, x[1:20, ]), fit$cluster[1:20])
  saveRDS(pam, path)
  expect_identical(predict(readRDS(path), as.data.frame(x)), pam$cluster)
  expect_snapshot(predict(fit, x[, 1:3]), error = TRUE)
})

test_that("fitted(), tidy(), glance(), augment() and as.data.frame()", {
  fit <- typology(USArrests, 3, standardize = TRUE, seed = 1)
  expect_identical(fitted(fit), fit$cluster)
  expect_equal(fitted(fit, "centers")[1, ], fit$centers[fit$cluster[1], ])
  td <- tidy(fit)
  expect_identical(nrow(td), 3L)
  expect_identical(td$size, fit$size)
  expect_identical(as.data.frame(fit), td)
  gl <- glance(fit)
  expect_identical(nrow(gl), 1L)
  expect_equal(gl$tot_withinss, fit$tot_withinss)
  au <- augment(fit, USArrests)
  expect_identical(as.integer(au$.cluster), fit$cluster)
  expect_identical(rownames(au), rownames(USArrests))
  expect_identical(as.integer(augment(fit)$.cluster), fit$cluster)
  expect_snapshot({
    print(td, digits = 4)
    print(gl, digits = 6)
  })
  expect_snapshot(augment(fit, USArrests[1:3, ]), error = TRUE)
})

test_that("print() and summary() output", {
  fit <- typology(USArrests, 3, standardize = TRUE, seed = 1)
  pam <- typology(USArrests, 3, method = "pam", standardize = TRUE)
  w <- rep(c(1, 2), 25)
  fw <- typology(USArrests, 2, weights = w, seed = 1)
  expect_snapshot({
    fit
    summary(fit)
    pam
    summary(pam)
    fw
    summary(fw)
  })
})

test_that("bad input gives classed errors before any C++ runs", {
  x <- likert_data(50, p = 3)
  expect_snapshot(error = TRUE, {
    typology("a", 2)
    typology(data.frame(a = letters[1:5], b = 1:5), 2)
    typology(rbind(c(1, 2), c(NA, 3), c(4, Inf)), 2)
    typology(x, 0)
    typology(x, 2.5)
    typology(matrix(rep(1:2, 10), ncol = 2, byrow = TRUE), 3)
    typology(x, 2, weights = c(-1, rep(1, 49)))
    typology(x, 2, weights = rep(1, 10))
    typology(x, 2, weights = c(NA, rep(1, 49)))
    typology(x[1, , drop = FALSE], 1)
    typology(x, 2, method = "ward2")
    typology(x, 2, distance = "manhattan")
    typology(x, 2, method = "pam", distance = "cosine")
    typology(x, 2, distance = stats::dist(x))
    typology(x, 2, method = "pam", distance = stats::dist(x[1:10, ]))
    typology(x, 2, nstart = 0)
    typology(x, 2, seed = "a")
    typology(x, 2, threads = -1)
    typology(x, 2, unknown = 1)
    typology(x, 2, method = "pam", item_weights = 1:3)
  })
  expect_error(typology(x, 0), class = "typfrage_error_input")
})
