# make bench: run every bench/bench-*.R against its peer packages and write the
# results (ratios of medians, machine, date) into bench/README.md between the
# RESULTS markers.
suppressPackageStartupMessages(library(typfrage))
source("bench/helpers.R")
files <- sort(list.files("bench", pattern = "^bench-.*\\.R$", full.names = TRUE))
for (f in files) source(f)
# One entry point per file: bench-<topic>.R defines bench_<topic>().
topics <- sub("^bench-(.*)\\.R$", "\\1", basename(files))
funs <- paste0("bench_", gsub("-", "_", topics))
only <- Sys.getenv("TYPFRAGE_BENCH")  # e.g. TYPFRAGE_BENCH=partition,lca
if (nzchar(only)) funs <- intersect(funs, paste0("bench_", strsplit(only, ",")[[1]]))
rows <- list()
for (fn in funs) {
  cat("* ", fn, "\n", sep = "")
  res <- get(fn)()
  print(res, row.names = FALSE)
  rows[[fn]] <- res
}
results <- do.call(rbind, rows)

cpu <- tryCatch({
  l <- grep("^model name", readLines("/proc/cpuinfo"), value = TRUE)[1]
  trimws(sub("^model name\\s*:", "", l))
}, error = function(e) "unknown CPU")
load <- tryCatch(strsplit(readLines("/proc/loadavg"), " ")[[1]][1],
                 error = function(e) "unknown")
header <- c(
  sprintf("Latest run: %s, %s, %d cores, load average %s at the end, R %s, typfrage %s, %d thread(s) by default.",
          format(Sys.Date()), cpu, parallel::detectCores(), load,
          paste(R.version$major, R.version$minor, sep = "."),
          as.character(utils::packageVersion("typfrage")),
          typfrage_threads()),
  "",
  "| task | n | peer | typfrage (s) | peer (s) | speed-up | check |",
  "|---|---:|---|---:|---:|---:|---|"
)
lines <- c(header, sprintf("| %s | %s | %s | %s | %s | %s | %s |",
                           results$task, results$n, results$peer,
                           results$typfrage_s, results$peer_s,
                           results$speedup, results$check))
readme <- readLines("bench/README.md")
start <- grep("<!-- RESULTS START -->", readme, fixed = TRUE)
end <- grep("<!-- RESULTS END -->", readme, fixed = TRUE)
if (nzchar(only)) {
  # A partial run (TYPFRAGE_BENCH) replaces only the rows of its own tasks
  # and keeps the others with the date of the run that wrote them.
  old <- readme[seq.int(start + 1L, end - 1L)]
  old_rows <- grep("^\\| ", old, value = TRUE)[-1L]
  old_rows <- old_rows[!grepl("^\\|---", old_rows)]
  key <- function(l) sub("^\\| ([^|]*) \\| ([^|]*) \\|.*$", "\\1|\\2", l)
  new_rows <- lines[-seq_along(header)]
  keep <- old_rows[!key(old_rows) %in% key(new_rows)]
  # the first line: the full run, then one note per partial run; a topic
  # rerun now replaces its older note
  first <- sub("\\.$", "", sub("^(Latest run|Latest full run): ", "", old[1L]))
  parts <- strsplit(first, "; (?=rows of )", perl = TRUE)[[1L]]
  notes <- parts[-1L]
  notes <- notes[!sub("^rows of (.*) rerun on .*$", "\\1", notes) %in% paste(funs, collapse = ", ")]
  notes <- c(notes, sprintf("rows of %s rerun on %s (load average %s at the end)",
                            paste(funs, collapse = ", "), format(Sys.Date()), load))
  lines <- c(paste0("Latest full run: ", paste(c(parts[1L], notes), collapse = "; "), "."),
             header[-1L], keep, new_rows)
}
readme <- c(readme[seq_len(start)], lines, readme[end:length(readme)])
writeLines(readme, "bench/README.md")
cat("\nbench/README.md updated.\n")
