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
#' 8 n p bytes: 96 MB for a million rows of 12 items). What else exists
#' while a k-means typology of whole-number items (Likert scales) is fitted,
#' measured by `bench/bench-memory.R` (peak growth of the resident memory,
#' 12 items, k = 4; see `vignette("large-data")` for the table):
#'
#' * the item matrix (1 x the data in doubles): the data frame's columns
#'   converted into one matrix in C++ (no copy per column); the core reads it
#'   in place, eight rows at a time (the last partial group of eight rows
#'   from a small buffer). It is the same matrix the fit keeps as `data`
#'   (no further copy);
#' * the same answers as 16-bit integers (0.25 x), for the k-means++
#'   seeding and the sums per type (a quarter of the bytes to read); made
#'   only for whole numbers with small ranges, freed when the fit ends;
#' * the seeding's buffers (about 0.42 x with 12 items and k = 4): per row
#'   the squared distance to the nearest seed, to each of the 2 + log(k)
#'   candidates, and the nearest seed; freed when the seeding ends;
#' * per start, the types and bounds (a few numbers per row), and the types
#'   returned to R (one integer per row).
#'
#' Measured: 1.67 to 1.71 times the item matrix at 10^6, 2 x 10^6 and 10^7
#' rows (before the k-means core read the matrix in place, 2.6 to 2.7). The
#' checks and summaries of the items run column by column or in C++,
#' without n x p temporaries.
#'
#' What costs more: `standardize = TRUE` adds a standardised matrix (1 x,
#' for the core; the fit keeps the items in their original units, from
#' which the centres are the type means) and no 16-bit copy (the values are
#' no longer whole numbers); with the per-column temporaries of the
#' standardising, which R frees only at its next garbage collection, the
#' peak was 3.6 x at 2 x 10^6 rows. Latent class analysis
#' (`method = "lca"`) peaked at about 5 x at 10^6 rows: the check of the
#' codes builds n x p logical temporaries, the core gets its own double copy
#' of the codes, and the posterior probabilities (n x k) are copied on the
#' way to the fit. Ward + k-means (the memory-light tree) stayed below 2.5 x
#' at 10^5 rows (2.28 x). These are not yet reduced.
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
