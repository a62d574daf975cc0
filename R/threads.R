#' Number of threads used by typfrage
#'
#' Every function with a `threads` argument uses `threads` when given, and
#' otherwise `getOption("typfrage.threads")`; when that option is unset, half
#' the logical cores (at least one). The result is capped by the
#' `OMP_THREAD_LIMIT` environment variable and, during `R CMD check`, by the
#' CRAN limit of two cores (`_R_CHECK_LIMIT_CORES_`). Results never depend on
#' the number of threads: every work item has its own random number stream.
#'
#' @param threads `NULL` (the default) or a positive whole number.
#' @return The number of threads that will be used, an integer. It is 1 when
#'   the package was built without OpenMP.
#' @export
#' @examples
#' typfrage_threads()
#' typfrage_threads(2)
typfrage_threads <- function(threads = NULL) {
  resolve_threads(threads)
}

resolve_threads <- function(threads = NULL, arg = rlang::caller_arg(threads),
                            call = rlang::caller_env()) {
  if (is.null(threads)) {
    threads <- getOption("typfrage.threads")
    arg <- "options(typfrage.threads)"
  }
  if (is.null(threads)) {
    cores <- detected_cores()
    threads <- if (is.na(cores)) 1L else max(1L, cores %/% 2L)
  } else {
    check_count(threads, arg = arg, call = call)
  }
  threads <- as.integer(threads)
  limit <- suppressWarnings(as.integer(Sys.getenv("OMP_THREAD_LIMIT", "")))
  if (!is.na(limit) && limit >= 1L) threads <- min(threads, limit)
  if (nzchar(Sys.getenv("_R_CHECK_LIMIT_CORES_")) &&
      !identical(toupper(Sys.getenv("_R_CHECK_LIMIT_CORES_")), "FALSE")) {
    threads <- min(threads, 2L)
  }
  if (!cpp_openmp_info()$openmp) threads <- 1L
  threads
}

# parallel::detectCores() runs a shell command on Linux (about 10 ms): ask once
# per session.
core_cache <- new.env(parent = emptyenv())
detected_cores <- function() {
  if (is.null(core_cache$cores)) {
    core_cache$cores <- suppressWarnings(parallel::detectCores(logical = TRUE))
  }
  core_cache$cores
}

resolve_verbose <- function(verbose = NULL, call = rlang::caller_env()) {
  if (is.null(verbose)) verbose <- getOption("typfrage.verbose", interactive())
  check_flag(verbose, arg = "verbose", call = call)
  verbose
}
