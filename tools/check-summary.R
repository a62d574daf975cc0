# Summarise an R CMD check directory: list ERRORs/WARNINGs/NOTEs, print the
# testthat counts as "N passed, N failed[, N skipped]" and exit non-zero on any
# ERROR or WARNING or failed test.
#
#   Rscript tools/check-summary.R check/typfrage.Rcheck

args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "check/typfrage.Rcheck"
log_file <- file.path(dir, "00check.log")
if (!file.exists(log_file)) {
  cat("R CMD check did not run: no", log_file, "\n")
  quit(status = 1)
}
log <- readLines(log_file, warn = FALSE)
problems <- grep("\\.\\.\\. *(ERROR|WARNING|NOTE)$", log)
blocks <- lapply(problems, function(i) {
  end <- i
  while (end < length(log) && !grepl("^\\* ", log[end + 1])) end <- end + 1
  log[i:end]
})
n_error <- sum(grepl("ERROR$", log[problems]))
n_warning <- sum(grepl("WARNING$", log[problems]))
n_note <- sum(grepl("NOTE$", log[problems]))
if (length(blocks)) {
  cat("\n---- R CMD check findings ----\n")
  for (b in blocks) cat(utils::head(b, 40), sep = "\n")
}
cat(sprintf("\nR CMD check: %d error%s, %d warning%s, %d note%s\n",
            n_error, if (n_error == 1) "" else "s",
            n_warning, if (n_warning == 1) "" else "s",
            n_note, if (n_note == 1) "" else "s"))

test_out <- file.path(dir, "tests", c("testthat.Rout", "testthat.Rout.fail"))
test_out <- test_out[file.exists(test_out)]
passed <- failed <- skipped <- NA_integer_
if (length(test_out)) {
  out <- readLines(test_out[length(test_out)], warn = FALSE)
  if (grepl("fail$", test_out[length(test_out)])) {
    cat("\n---- test output (tail) ----\n")
    cat(utils::tail(out, 60), sep = "\n")
  }
  line <- utils::tail(grep("\\[ FAIL [0-9]+ \\| WARN [0-9]+ \\| SKIP [0-9]+ \\| PASS [0-9]+ \\]", out, value = TRUE), 1)
  if (length(line)) {
    num <- function(tag) as.integer(sub(paste0(".*", tag, " ([0-9]+).*"), "\\1", line))
    passed <- num("PASS"); failed <- num("FAIL"); skipped <- num("SKIP")
  }
}
if (is.na(passed)) {
  cat("\nNo testthat summary found: the tests did not run to the end.\n")
  cat("0 passed, 1 failed\n")
  quit(status = 1)
}
cat(sprintf("\n%d passed, %d failed%s\n", passed, failed,
            if (skipped > 0) sprintf(", %d skipped", skipped) else ""))
if (n_error > 0 || n_warning > 0 || failed > 0) quit(status = 1)
