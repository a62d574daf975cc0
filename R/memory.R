# Memory guard for stored distance matrices: a classed error before the C++
# core would allocate n(n-1)/2 doubles that do not fit.

#
# Largest distance matrix typfrage allocates, in bytes: option
# `typfrage.max_dist_gb` (in GB = 1e9 bytes), else half of the physical
# memory (`MemTotal` of /proc/meminfo on Linux), else 8 GB.
max_dist_bytes <- function() {
  opt <- getOption("typfrage.max_dist_gb")
  if (!is.null(opt)) {
    if (!(is.numeric(opt) && length(opt) == 1L && !is.na(opt) && opt > 0)) {
      abort_input(
        c("Option {.code typfrage.max_dist_gb} must be a single positive number (GB).",
          x = "It is {.obj_type_friendly {opt}}."),
        call = NULL
      )
    }
    return(opt * 1e9)
  }
  total <- physical_memory_bytes()
  if (is.na(total)) 8e9 else total / 2
}

physical_memory_bytes <- function() {
  if (!file.exists("/proc/meminfo")) return(NA_real_)
  lines <- tryCatch(readLines("/proc/meminfo", n = 5L, warn = FALSE),
                    error = function(e) character())
  hit <- grep("^MemTotal:", lines, value = TRUE)
  if (length(hit) != 1L) return(NA_real_)
  kb <- suppressWarnings(as.numeric(gsub("[^0-9]", "", hit)))
  if (is.na(kb) || kb <= 0) NA_real_ else kb * 1024
}

# Abort with class typfrage_error_memory when the matrix (n(n-1)/2 entries,
# or n^2 with `full = TRUE`, of `bytes` bytes each: 8 for doubles) exceeds the
# limit. Sizes in double: no integer overflow. `hint` names the memory-light
# alternative.
check_dist_memory <- function(n, hint, full = FALSE, bytes = 8, call = rlang::caller_env()) {
  n <- as.double(n)
  need <- if (full) n * n * bytes else n * (n - 1) / 2 * bytes
  limit <- max_dist_bytes()
  if (need > limit) {
    gb <- function(b) format(signif(b / 1e9, 3), big.mark = ",")
    abort_typfrage(
      c("The distance matrix of {format(n, big.mark = ',', scientific = FALSE)} rows would need {gb(need)} GB of memory.",
        x = "The limit is {gb(limit)} GB (option {.code typfrage.max_dist_gb}; default half the physical memory).",
        i = hint),
      kind = "memory", call = call
    )
  }
  invisible(need)
}

# Abort with class typfrage_error_memory when `count` replicates (random
# starts, bootstrap replicates, reference sets) of `bytes_each` bytes of
# results each would exceed the same limit, or `count` exceeds the largest
# integer; called before any C++ allocates per-replicate results (a
# std::bad_alloc would otherwise reach the user).
check_replicate_memory <- function(count, bytes_each, arg, call = rlang::caller_env()) {
  count <- as.double(count)
  need <- count * bytes_each
  # results, not a distance matrix: half the physical memory (the option
  # typfrage.max_dist_gb limits stored matrices only)
  total <- physical_memory_bytes()
  limit <- if (is.na(total)) 8e9 else total / 2
  if (count > .Machine$integer.max || need > limit) {
    gb <- function(b) format(signif(b / 1e9, 3), big.mark = ",")
    abort_typfrage(
      c("{.arg {arg}} = {format(count, big.mark = ',', scientific = FALSE)} is too large: the per-replicate results alone would need {gb(need)} GB of memory.",
        x = if (count > .Machine$integer.max) "It must not exceed {format(.Machine$integer.max, big.mark = ',')}."
            else "The limit is {gb(limit)} GB (half the physical memory).",
        i = "Use a smaller {.arg {arg}}: a few hundred to a few thousand are plenty."),
      kind = "memory", call = call
    )
  }
  invisible(need)
}

#' Memory: what a typology holds, and fits that do not carry their data
#'
#' `typology()` works on one double matrix of the items (n rows x p items,
#' 8 n p bytes: 96 MB for a million rows of 12 items) and makes no other
#' copy of it in R: the items are coded into that matrix column by column,
#' the checks and summaries of the items run over it without n x p
#' temporaries, and the C++ core reads it in place. With `standardize =
#' TRUE` there is a second, standardised matrix (the fit keeps the items in
#' their original units). The k-means core reads that matrix in place, eight
#' rows at a time (the last partial group of eight rows from a small buffer),
#' and adds, for whole-number items with small ranges (Likert scales), the
#' same items as 16-bit integers (a quarter of the doubles) for the seeding
#' and the sums per type, plus a few numbers per row (type, bounds,
#' distances). Before the in-place reading (which removed a padded copy of the
#' whole matrix) the measured peak while fitting was 2.6 to 2.7 times the item
#' matrix; `bench/bench-memory.R` measures it (see `vignette("large-data")`).
#'
#' The fit keeps the item matrix as `data` (the verbs that describe or
#' resample a typology read it). With `typology(keep_data = FALSE)` it does
#' not: the fit then holds the types and the used rows (two integers per row)
#' and what [predict()] needs, so saving it does not write the rows again.
#' Verbs that need the data take them as `data =` (the data the typology was
#' fitted on) and otherwise stop with an error of class
#' `typfrage_error_no_data`.
#'
#' @name typfrage_memory
#' @keywords internal
NULL

# The items (original units) of the rows a fit used: the fit's own `data`,
# else coded from `data` (the data it was fitted on), else a classed error.
fit_data <- function(fit, data, verb, call = rlang::caller_env()) {
  if (!is.null(fit$data)) return(fit$data)
  if (is.null(data)) abort_no_data(verb, call = call)
  if (NROW(data) != length(fit$cluster)) {
    abort_input(
      c("{.arg data} must be the data the typology was fitted on.",
        x = "The typology was fitted on {length(fit$cluster)} row{?s}; {.arg data} has {NROW(data)}."),
      call = call
    )
  }
  x <- prepare_newdata(fit$settings, data, arg = "data", call = call)
  raw <- take_rows(attr(x, "raw"), fit$rows)
  if (!is.double(raw)) storage.mode(raw) <- "double"
  raw
}

abort_no_data <- function(verb, call = rlang::caller_env()) {
  abort_typfrage(
    c("This typology does not carry its data (it was fitted with {.code keep_data = FALSE}).",
      i = "Give {.fn {verb}} the data it was fitted on as {.arg data}, or refit with {.code keep_data = TRUE}."),
    kind = "no_data", call = call
  )
}
