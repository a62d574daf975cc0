# Lean memory (#26): the fits are those of the version before the change,
# fits without their data, and predict_chunked() over files and tables.

test_that("fits are identical to those made before the lean memory path", {
  source(test_path("fixtures", "fits-cases.R"), local = TRUE)
  before <- readRDS(test_path("fixtures", "fits-before.rds"))
  cases <- memory_fit_cases()
  expect_setequal(names(before), names(cases))
  for (nm in names(cases)) {
    fit <- strip_call(suppressMessages(do.call(typology, cases[[nm]])))
    # the trees of Ward fits became a subclass of hclust after the fixtures
    # were made (NEWS); everything else is as before
    if (!is.null(fit$tree)) {
      expect_s3_class(fit$tree, c("typology_hierarchy", "hclust"), exact = TRUE)
      class(fit$tree) <- "hclust"
    }
    expect_identical(fit, before[[nm]], label = nm)
  }
})

test_that("a double matrix and a data frame of integers give the same fit", {
  set.seed(3)
  x <- matrix(sample.int(5L, 600, TRUE), 100, 6, dimnames = list(NULL, paste0("q", 1:6)))
  a <- typology(as.data.frame(x), k = 3, seed = 1, threads = 1, verbose = FALSE)
  storage.mode(x) <- "double"
  b <- typology(x, k = 3, seed = 1, threads = 1, verbose = FALSE)
  expect_identical(a$cluster, b$cluster)
  expect_identical(a$totss, b$totss)
  expect_identical(a$centers, b$centers)
  # the sums of squares are R's formulas to the last bit
  w <- rep(1, 100)
  grand <- colSums(x * w) / sum(w)
  expect_identical(a$totss, sum(w * rowSums(sweep(x, 2, grand)^2)))
})

test_that("keep_data = FALSE keeps everything but the data", {
  withr::local_seed(1)
  full <- typology(USArrests, k = 3, standardize = TRUE, seed = 1, threads = 1, verbose = FALSE)
  lean <- typology(USArrests, k = 3, standardize = TRUE, seed = 1, threads = 1, verbose = FALSE,
                   keep_data = FALSE)
  expect_null(lean$data)
  same <- setdiff(names(full), c("data", "call"))
  expect_identical(lean[same], full[same])
  expect_identical(predict(lean, USArrests), predict(full, USArrests))
  expect_identical(predict(lean), full$cluster)
  expect_output(print(lean), "4 items")
  expect_identical(glance(lean), glance(full))
  # a saved fit does not hold the rows of items
  big <- as.data.frame(matrix(sample.int(5L, 24000, TRUE), 2000, 12))
  f1 <- typology(big, k = 3, nstart = 1, seed = 1, threads = 1, verbose = FALSE)
  f2 <- typology(big, k = 3, nstart = 1, seed = 1, threads = 1, verbose = FALSE, keep_data = FALSE)
  expect_lt(length(serialize(f2, NULL)), length(serialize(f1, NULL)) - 2000 * 12 * 8 * 0.9)
})

test_that("verbs that need the data ask for it", {
  lean <- typology(USArrests, k = 3, method = "ward", standardize = TRUE, threads = 1,
                   verbose = FALSE, keep_data = FALSE)
  full <- typology(USArrests, k = 3, method = "ward", standardize = TRUE, threads = 1,
                   verbose = FALSE)
  new <- USArrests[c(5, 9, 30), ]
  expect_error(predict(lean, new), class = "typfrage_error_no_data")
  expect_error(predict(lean, type = "distance"), class = "typfrage_error_no_data")
  expect_error(augment(lean), class = "typfrage_error_no_data")
  expect_error(silhouette_widths(lean), class = "typfrage_error_no_data")
  expect_error(stability(lean, B = 5), "keep_data = TRUE", class = "typfrage_error_no_data")
  expect_error(profiles(lean), "holds no data")
  expect_snapshot(predict(lean, new), error = TRUE)
  expect_identical(predict(lean, new, data = USArrests), predict(full, new))
  expect_identical(predict(lean, type = "distance", data = USArrests),
                   predict(full, type = "distance"))
  expect_identical(profiles(lean, data = USArrests)$means, profiles(full)$means)
  expect_error(predict(lean, new, data = USArrests[1:10, ]), class = "typfrage_error_input")
})

chunk_data <- function() {
  set.seed(11)
  d <- as.data.frame(matrix(sample.int(5L, 47 * 5, TRUE), 47, 5,
                            dimnames = list(NULL, paste0("q", 1:5))))
  d$id <- seq_len(47)
  d
}

test_that("predict_chunked() over a CSV file equals predict() on all rows", {
  d <- chunk_data()
  fit <- typology(d[1:5], k = 3, seed = 2, threads = 1, verbose = FALSE)
  csv <- withr::local_tempfile(fileext = ".csv")
  utils::write.csv(d, csv, row.names = FALSE)
  whole <- predict(fit, d)
  for (size in c(1, 5, 10, 47, 100)) {  # 47 = 4 x 10 + a partial chunk of 7
    expect_identical(predict_chunked(fit, csv, chunk_size = size, verbose = FALSE), whole,
                     label = paste("chunk size", size))
  }
  out <- withr::local_tempfile(fileext = ".csv")
  expect_identical(predict_chunked(fit, csv, output = out, chunk_size = 10, verbose = FALSE), 47)
  back <- utils::read.csv(out)
  expect_identical(back$row, 1:47)
  expect_identical(back$type, whole)
  nm <- predict_chunked(fit, csv, chunk_size = 7, type = "name", verbose = FALSE)
  expect_identical(nm, predict(fit, d, type = "name"))
})

test_that("missing answers in chunks follow predict()'s rule", {
  d <- chunk_data()
  fit <- typology(d[1:5], k = 3, seed = 2, threads = 1, verbose = FALSE)
  d$q2[c(3, 20, 41)] <- NA
  d[45, 1:5] <- NA
  csv <- withr::local_tempfile(fileext = ".csv")
  utils::write.csv(d, csv, row.names = FALSE)
  whole <- suppressWarnings(predict(fit, d))
  expect_warning(got <- predict_chunked(fit, csv, chunk_size = 4, verbose = FALSE),
                 class = "typfrage_warning_missing")
  expect_identical(got, whole)
  expect_true(all(is.na(got[c(3, 20, 41, 45)])))
  avail <- predict(fit, d, na_action = "available")
  expect_identical(predict_chunked(fit, csv, chunk_size = 6, na_action = "available",
                                   verbose = FALSE), as.vector(avail))
  expect_error(predict_chunked(fit, csv, chunk_size = 6, na_action = "fail", verbose = FALSE),
               class = "typfrage_error_missing")
})

test_that("predict_chunked() reads and writes a SQLite table", {
  skip_if_not_installed("DBI")
  skip_if_not_installed("RSQLite")
  d <- chunk_data()
  fit <- typology(d[1:5], k = 3, seed = 2, threads = 1, verbose = FALSE)
  con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
  on.exit(DBI::dbDisconnect(con))
  DBI::dbWriteTable(con, "answers", d)
  whole <- predict(fit, d)
  for (size in c(1, 10, 47)) {
    expect_identical(predict_chunked(fit, con, table = "answers", chunk_size = size,
                                     verbose = FALSE), whole)
  }
  expect_identical(predict_chunked(fit, con, table = "answers", output = "types",
                                   chunk_size = 9, verbose = FALSE), 47)
  back <- DBI::dbReadTable(con, "types")
  expect_identical(back$row, 1:47)
  expect_identical(back$type, whole)
  expect_error(predict_chunked(fit, con, table = "answers", output = "types", verbose = FALSE),
               class = "typfrage_error_input")
  expect_error(predict_chunked(fit, con, table = "nope", verbose = FALSE),
               class = "typfrage_error_input")
})

test_that("predict_chunked() refuses what it cannot read", {
  fit <- typology(USArrests, k = 2, seed = 1, threads = 1, verbose = FALSE)
  expect_error(predict_chunked(fit, tempfile(fileext = ".csv")), class = "typfrage_error_input")
  txt <- withr::local_tempfile(fileext = ".txt")
  writeLines("x", txt)
  expect_snapshot(predict_chunked(fit, txt), error = TRUE,
                  transform = function(x) gsub("'[^']*[.]txt'", "'<file>.txt'", x))
  expect_error(predict_chunked(fit, list()), class = "typfrage_error_input")
  expect_error(predict_chunked(fit, txt, chunk_size = 0), class = "typfrage_error_input")
})

test_that("a missing optional package is a classed error naming it", {
  expect_error(need_package("notapackage.typfrage", "to test"),
               class = "typfrage_error_missing_package")
  expect_error(need_package("notapackage.typfrage", "to test"), "install.packages")
})
