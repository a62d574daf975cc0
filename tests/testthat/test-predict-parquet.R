# predict_chunked() over Parquet files (nanoparquet): the same types as
# predict() on all rows, read row group by row group.

parquet_data <- function() {
  set.seed(12)
  d <- as.data.frame(matrix(sample.int(5L, 53 * 5, TRUE), 53, 5,
                            dimnames = list(NULL, paste0("q", 1:5))))
  d$id <- seq_len(53)
  d
}

write_groups <- function(d, file, rows) {
  nanoparquet::write_parquet(d, file,
                             options = nanoparquet::parquet_options(num_rows_per_row_group = rows))
  file
}

test_that("a Parquet file is assigned row group by row group, as predict() on all rows", {
  skip_if_not_installed("nanoparquet")
  d <- parquet_data()
  fit <- typology(d[1:5], k = 3, seed = 2, threads = 1, verbose = FALSE)
  whole <- predict(fit, d)
  for (rows in c(1, 10, 53, 100)) {  # 53 = 5 x 10 + a partial group of 3
    pq <- write_groups(d, withr::local_tempfile(fileext = ".parquet"), rows)
    expect_identical(nrow(nanoparquet::read_parquet_metadata(pq)$row_groups),
                     as.integer(ceiling(53 / rows)))
    expect_identical(predict_chunked(fit, pq, verbose = FALSE), whole,
                     label = paste("row groups of", rows))
  }
  expect_identical(predict_chunked(fit, pq, type = "name", verbose = FALSE),
                   predict(fit, d, type = "name"))
})

test_that("a directory of Parquet files is read file by file, in name order", {
  skip_if_not_installed("nanoparquet")
  d <- parquet_data()
  fit <- typology(d[1:5], k = 3, seed = 2, threads = 1, verbose = FALSE)
  dir <- withr::local_tempdir()
  # part-2 holds rows 21..53 in two row groups; part-1 rows 1..20 in one
  write_groups(d[21:53, ], file.path(dir, "part-2.parquet"), 20)
  write_groups(d[1:20, ], file.path(dir, "part-1.parquet"), 100)
  write_groups(d[0, ], file.path(dir, "part-3.parquet"), 100)  # empty: no chunk
  writeLines("not a part", file.path(dir, "README.txt"))
  expect_identical(predict_chunked(fit, dir, verbose = FALSE), predict(fit, d))
})

test_that("the types can be written to a Parquet file, appended chunk by chunk", {
  skip_if_not_installed("nanoparquet")
  d <- parquet_data()
  fit <- typology(d[1:5], k = 3, seed = 2, threads = 1, verbose = FALSE)
  pq <- write_groups(d, withr::local_tempfile(fileext = ".parquet"), 10)
  out <- withr::local_tempfile(fileext = ".parquet")
  expect_identical(predict_chunked(fit, pq, output = out, verbose = FALSE), 53)
  back <- nanoparquet::read_parquet(out, options = nanoparquet::parquet_options(class = "data.frame"))
  expect_identical(back$row, 1:53)
  expect_identical(back$type, predict(fit, d))
  expect_error(predict_chunked(fit, pq, output = out, verbose = FALSE), "existing file",
               class = "typfrage_error_input")
  # CSV in, Parquet out
  csv <- withr::local_tempfile(fileext = ".csv")
  utils::write.csv(d, csv, row.names = FALSE)
  out2 <- withr::local_tempfile(fileext = ".parquet")
  predict_chunked(fit, csv, output = out2, chunk_size = 7, type = "name", verbose = FALSE)
  back <- nanoparquet::read_parquet(out2)
  expect_identical(back$type, as.character(predict(fit, d, type = "name")))
})

test_that("missing answers in row groups follow predict()'s rule", {
  skip_if_not_installed("nanoparquet")
  d <- parquet_data()
  fit <- typology(d[1:5], k = 3, seed = 2, threads = 1, verbose = FALSE)
  d$q3[c(2, 30)] <- NA
  pq <- write_groups(d, withr::local_tempfile(fileext = ".parquet"), 8)
  expect_warning(got <- predict_chunked(fit, pq, verbose = FALSE),
                 class = "typfrage_warning_missing")
  expect_identical(got, suppressWarnings(predict(fit, d)))
  expect_identical(predict_chunked(fit, pq, na_action = "available", verbose = FALSE),
                   as.vector(predict(fit, d, na_action = "available")))
})

test_that("what is not a Parquet file, or a directory without one, is refused", {
  skip_if_not_installed("nanoparquet")
  fit <- typology(USArrests, k = 2, seed = 1, threads = 1, verbose = FALSE)
  pq <- withr::local_tempfile(fileext = ".parquet")
  writeLines("x", pq)
  expect_error(predict_chunked(fit, pq, verbose = FALSE), "must be a Parquet file",
               class = "typfrage_error_input")
  dir <- withr::local_tempdir()
  expect_error(predict_chunked(fit, dir, verbose = FALSE), "no file ending",
               class = "typfrage_error_input")
  other <- withr::local_tempfile(fileext = ".feather")
  writeLines("x", other)
  expect_snapshot(predict_chunked(fit, other), error = TRUE,
                  transform = function(x) gsub("'[^']*[.]feather'", "'<file>.feather'", x))
})

test_that("a missing nanoparquet is a classed error saying what to install", {
  fit <- typology(USArrests, k = 2, seed = 1, threads = 1, verbose = FALSE)
  pq <- withr::local_tempfile(fileext = ".parquet")
  writeLines("x", pq)
  real <- get("parquet_available", envir = asNamespace("typfrage"))
  utils::assignInNamespace("parquet_available", function() FALSE, "typfrage")
  on.exit(utils::assignInNamespace("parquet_available", real, "typfrage"), add = TRUE)
  expect_error(predict_chunked(fit, pq, verbose = FALSE), "install.packages\\(\"nanoparquet\"\\)",
               class = "typfrage_error_missing_package")
  csv <- withr::local_tempfile(fileext = ".csv")
  utils::write.csv(USArrests, csv, row.names = FALSE)
  expect_error(predict_chunked(fit, csv, output = tempfile(fileext = ".parquet"), verbose = FALSE),
               "nanoparquet", class = "typfrage_error_missing_package")
})
