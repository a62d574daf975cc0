# Peak memory and time of typology() on n rows of 12 Likert items (1..5):
# k-means at n = 10^6, 2 x 10^6 and 10^7 (and at 2 x 10^6 with
# keep_data = FALSE and with standardize = TRUE), Ward + k-means at 10^5
# (the memory-light Ward tree) and latent class analysis at 10^6; and of
# predict_chunked() over a CSV file and over a Parquet file of 10^7 rows in
# chunks (Parquet: row groups) of 10^5 rows. Every case runs in a fresh
# Rscript (one at a time: the 10^7 cases need about 2 GB). The peak is the
# growth of the resident memory (VmHWM after resetting it, Linux) during the
# call, with the data already in memory, divided by the item matrix in
# doubles (8 n p bytes); "R heap" is the part of it that R's own vectors
# took (gc()'s "max used", reset before the call), the rest is the C++
# core's buffers. "fit" is object.size() of the fit. No peer: memory only.
#
# Run on its own (niced; it writes its own section of bench/README.md):
#   nice -n 10 Rscript bench/bench-memory.R
# bench/run.R sources it and adds its rows to the main table.

memory_cases <- data.frame(
  n = c(1e6, 2e6, 1e7, 2e6, 2e6, 1e5, 1e6, 1e7, 1e7),
  what = c("kmeans", "kmeans", "kmeans", "kmeans_nokeep", "kmeans_std", "ward_kmeans",
           "lca", "predict_csv", "predict_parquet"),
  stringsAsFactors = FALSE
)

memory_labels <- c(
  kmeans = "typology(), k-means, k = 4, nstart = 1",
  kmeans_nokeep = "typology(), k-means, k = 4, nstart = 1, keep_data = FALSE",
  kmeans_std = "typology(), k-means, k = 4, nstart = 1, standardize = TRUE",
  ward_kmeans = "typology(), ward_kmeans, k = 4 (memory-light Ward tree)",
  lca = "typology(), LCA, k = 4, nstart = 1 (12 items x 5 categories)",
  predict_csv = "predict_chunked(), CSV file, chunks of 100,000 rows",
  predict_parquet = "predict_chunked(), Parquet file, row groups of 100,000 rows"
)

# The call measured in each case (`d`: the data frame; `fit`, `file`: made
# before the measurement for the predict cases).
memory_calls <- c(
  kmeans = "fit <- typology(d, k = 4, nstart = 1, seed = 1, threads = 1, verbose = FALSE)",
  kmeans_nokeep = "fit <- typology(d, k = 4, nstart = 1, seed = 1, threads = 1, verbose = FALSE, keep_data = FALSE)",
  kmeans_std = "fit <- typology(d, k = 4, nstart = 1, seed = 1, threads = 1, verbose = FALSE, standardize = TRUE)",
  ward_kmeans = "fit <- typology(d, k = 4, method = 'ward_kmeans', threads = 1, verbose = FALSE)",
  lca = "fit <- typology(d, k = 4, method = 'lca', nstart = 1, seed = 1, threads = 1, verbose = FALSE)",
  predict_csv = "out <- predict_chunked(fit, file, chunk_size = 1e5, verbose = FALSE)",
  predict_parquet = "out <- predict_chunked(fit, file, chunk_size = 1e5, verbose = FALSE)"
)

memory_case_code <- function(n, what) {
  write_file <- switch(what,
    predict_csv = c(
      "file <- tempfile(fileext = '.csv')",
      "if (requireNamespace('data.table', quietly = TRUE)) data.table::fwrite(d, file) else utils::write.csv(d, file, row.names = FALSE)"),
    predict_parquet = c(
      "file <- tempfile(fileext = '.parquet')",
      "nanoparquet::write_parquet(d, file, options = nanoparquet::parquet_options(num_rows_per_row_group = 1e5))"),
    character())
  c("suppressPackageStartupMessages(library(typfrage))",
    "status <- '/proc/self/status'",
    "kb <- function(key) as.numeric(gsub('[^0-9]', '', grep(paste0('^', key, ':'), readLines(status), value = TRUE)))",
    "vcells <- function(col) gc(reset = FALSE)[2L, col]",
    sprintf("set.seed(26); n <- %.0f; p <- 12L", n),
    "g <- sample.int(4L, n, TRUE)",
    "x <- matrix(sample.int(5L, n * p, TRUE), n, p, dimnames = list(NULL, paste0('q', 1:p)))",
    "for (t in 1:3) { r <- g == t; cols <- (4 * t - 3):(4 * t); x[r, cols] <- pmin(5L, x[r, cols] + 1L) }",
    "d <- as.data.frame(x); rm(x, g, r); invisible(gc())",
    if (startsWith(what, "predict")) c(
      "fit <- typology(d[sample.int(n, 1e5), ], k = 4, nstart = 5, seed = 1, threads = 1, verbose = FALSE)",
      write_file, "rm(d); invisible(gc())"),
    "invisible(gc(reset = TRUE)); heap0 <- gc()[2L, 2L]",
    "writeLines('5', '/proc/self/clear_refs'); base <- kb('VmRSS')",
    sprintf("t <- system.time(%s)[['elapsed']]", memory_calls[[what]]),
    "peak <- (kb('VmHWM') - base) * 1024",
    "heap <- (gc()[2L, 6L] - heap0) * 2^20",  # Vcells "max used" (Mb) since the reset
    "fit_size <- as.numeric(object.size(fit))",
    "cat(t, peak, heap, fit_size, '\\n')")
}

memory_case <- function(n, what = "kmeans") {
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  writeLines(memory_case_code(n, what), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), shQuote(script),
                 stdout = TRUE, stderr = FALSE)
  v <- as.numeric(strsplit(trimws(utils::tail(out, 1)), " +")[[1]])
  data.frame(n = n, what = what, seconds = v[1], peak_mb = v[2] / 1e6,
             heap_mb = v[3] / 1e6, fit_mb = v[4] / 1e6,
             data_mb = 8 * n * 12 / 1e6, ratio = v[2] / (8 * n * 12))
}

memory_results <- function(cases = memory_cases) {
  if (!requireNamespace("nanoparquet", quietly = TRUE)) {
    cases <- cases[cases$what != "predict_parquet", ]
  }
  do.call(rbind, Map(memory_case, cases$n, cases$what))
}

# Rows for the main table of bench/run.R.
bench_memory <- function() {
  r <- memory_results()
  data.frame(
    task = memory_labels[r$what], n = format(r$n, big.mark = ",", scientific = FALSE),
    peer = "(memory only)", typfrage_s = signif(r$seconds, 3), peer_s = NA, speedup = "",
    check = sprintf("peak %.0f MB = %.2f x the data in doubles (%.0f MB)",
                    r$peak_mb, r$ratio, r$data_mb),
    stringsAsFactors = FALSE, row.names = NULL)
}

# Where the peak goes (#26): the account of the copies, with the ratios of
# this run (r: memory_results()).
memory_notes <- function(r) {
  std <- r$ratio[r$what == "kmeans_std"]
  c(
    "",
    "Where the peak goes (#26; accounted by the growth of the resident memory at the entry and exit of each step):",
    "",
    "- k-means: the item matrix (1.00) and the core's buffers (the rest).",
    sprintf(paste("- `standardize = TRUE` (%.2fx above): the items in their units (kept in the fit, and needed for the centres in those units) and the standardised items are both live when the core starts (2.00); the moments and the standardisation make one column temporary at a time.",
                  "R grows its vector heap by a fifth whenever it is more than 70%% full after a collection (`R_VGrowFrac`, `R_VGrowIncrFrac` in R's src/main/memory.c), so the n-long temporaries of the steps after the core (labels, type weights, checks) fill the grown heap. `keep_data = FALSE` does not lower it: the items in their units are needed until the fit is built."),
            std),
    "- LCA: the codes (1.00, kept in the fit) and, during the core, its integer codes, pattern codes and posterior (about 1.0 more); the checks of the codes make one column temporary at a time and are collected before the core."
  )
}

# The section of bench/README.md between the MEMORY markers.
memory_readme <- function(r) {
  c(sprintf("Latest run: %s, %d cores, R %s, typfrage %s; one thread, every case in a fresh R process.",
            format(Sys.Date()), parallel::detectCores(),
            paste(R.version$major, R.version$minor, sep = "."),
            as.character(utils::packageVersion("typfrage"))),
    "Peak: growth of the resident memory during the call; R heap: the part held by R vectors; fit: object.size() of the result.",
    "",
    "| task | n | time (s) | peak (MB) | R heap (MB) | fit (MB) | data in doubles (MB) | peak / data |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    sprintf("| %s | %s | %.1f | %.0f | %.0f | %.1f | %.0f | %.2f |",
            memory_labels[r$what], format(r$n, big.mark = ",", scientific = FALSE),
            r$seconds, r$peak_mb, r$heap_mb, r$fit_mb, r$data_mb, r$ratio),
    memory_notes(r))
}

if (sys.nframe() == 0L) {
  suppressPackageStartupMessages(library(typfrage))
  r <- memory_results()
  print(r, row.names = FALSE)
  saveRDS(r, "bench/memory-results.rds")
  readme <- readLines("bench/README.md")
  start <- grep("<!-- MEMORY START -->", readme, fixed = TRUE)
  end <- grep("<!-- MEMORY END -->", readme, fixed = TRUE)
  readme <- c(readme[seq_len(start)], memory_readme(r), readme[end:length(readme)])
  writeLines(readme, "bench/README.md")
  cat("bench/README.md updated.\n")
}
