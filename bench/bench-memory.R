# Peak memory and time of typology(method = "kmeans") at n = 10^6, 2 x 10^6
# and 10^7 rows of 12 Likert items (1..5), and of predict_chunked() over a
# CSV file of 10^7 rows in chunks of 10^5 rows. Every case runs in a fresh
# Rscript (one at a time: the 10^7 case needs about 2.5 GB); the peak is the
# growth of the resident memory (VmHWM after resetting it, Linux) during the
# call, with the data already in memory, divided by the item matrix in
# doubles (8 n p bytes). No peer: memory only.
#
# Run on its own (niced; it writes its own section of bench/README.md):
#   nice -n 10 Rscript bench/bench-memory.R
# bench/run.R sources it and adds its rows to the main table.

memory_case_code <- function(n, what) {
  sprintf(paste(sep = "\n",
    "suppressPackageStartupMessages(library(typfrage))",
    "status <- '/proc/self/status'",
    "kb <- function(key) as.numeric(gsub('[^0-9]', '', grep(paste0('^', key, ':'), readLines(status), value = TRUE)))",
    "set.seed(26); n <- %.0f; p <- 12L",
    "g <- sample.int(4L, n, TRUE)",
    "x <- matrix(sample.int(5L, n * p, TRUE), n, p, dimnames = list(NULL, paste0('q', 1:p)))",
    "for (t in 1:3) { r <- g == t; cols <- (4 * t - 3):(4 * t); x[r, cols] <- pmin(5L, x[r, cols] + 1L) }",
    "d <- as.data.frame(x); rm(x, g, r); invisible(gc())",
    "what <- '%s'",
    "if (what == 'predict') {",
    "  fit <- typology(d[sample.int(n, 1e5), ], k = 4, nstart = 5, seed = 1, threads = 1, verbose = FALSE)",
    "  csv <- tempfile(fileext = '.csv')",
    "  if (requireNamespace('data.table', quietly = TRUE)) data.table::fwrite(d, csv) else utils::write.csv(d, csv, row.names = FALSE)",
    "  rm(d); invisible(gc())",
    "}",
    "writeLines('5', '/proc/self/clear_refs'); base <- kb('VmRSS')",
    "t <- system.time(if (what == 'predict') out <- predict_chunked(fit, csv, chunk_size = 1e5, verbose = FALSE) else fit <- typology(d, k = 4, nstart = 1, seed = 1, threads = 1, verbose = FALSE))[['elapsed']]",
    "peak <- (kb('VmHWM') - base) * 1024",
    "cat(t, peak, '\\n')"), n, what)
}

memory_case <- function(n, what = "kmeans") {
  out <- system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(memory_case_code(n, what))),
                 stdout = TRUE, stderr = FALSE)
  v <- as.numeric(strsplit(trimws(utils::tail(out, 1)), " +")[[1]])
  data.frame(n = n, what = what, seconds = v[1], peak_mb = v[2] / 1e6,
             data_mb = 8 * n * 12 / 1e6, ratio = v[2] / (8 * n * 12))
}

memory_results <- function(sizes = c(1e6, 2e6, 1e7)) {
  res <- lapply(sizes, memory_case)
  res[[length(res) + 1L]] <- memory_case(1e7, "predict")
  do.call(rbind, res)
}

# Rows for the main table of bench/run.R.
bench_memory <- function() {
  r <- memory_results()
  data.frame(
    task = ifelse(r$what == "predict",
                  "predict_chunked() of a CSV file, chunks of 10^5 rows (12 items)",
                  "k-means, k = 4, nstart = 1, peak memory (12 items)"),
    n = format(r$n, big.mark = ",", scientific = FALSE), peer = "(memory only)",
    typfrage_s = signif(r$seconds, 3), peer_s = NA, speedup = "",
    check = sprintf("peak %.0f MB = %.2f x the data in doubles (%.0f MB)",
                    r$peak_mb, r$ratio, r$data_mb),
    stringsAsFactors = FALSE)
}

# The section of bench/README.md between the MEMORY markers.
memory_readme <- function(r) {
  c(sprintf("Latest run: %s, %d cores, R %s, typfrage %s; one thread, every case in a fresh R process.",
            format(Sys.Date()), parallel::detectCores(),
            paste(R.version$major, R.version$minor, sep = "."),
            as.character(utils::packageVersion("typfrage"))),
    "",
    "| task | n | time (s) | peak (MB) | data in doubles (MB) | peak / data |",
    "|---|---:|---:|---:|---:|---:|",
    sprintf("| %s | %s | %.1f | %.0f | %.0f | %.2f |",
            ifelse(r$what == "predict", "predict_chunked(), CSV, chunks of 100,000 rows",
                   "typology(), k-means, k = 4, nstart = 1"),
            format(r$n, big.mark = ",", scientific = FALSE), r$seconds, r$peak_mb,
            r$data_mb, r$ratio))
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
