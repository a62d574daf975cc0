#' typfrage: Build, Validate and Describe Typologies from Survey Data
#'
#' A C++ core for building typologies from survey items (k-means, k-medoids,
#' hierarchical clustering), validating them (indices for the number of types,
#' bootstrap stability, agreement between partitions) and describing the types.
#'
#' @section Options:
#' * `typfrage.threads`: default number of threads (see [typfrage_threads()]).
#' * `typfrage.verbose`: default for `verbose` arguments (progress bars);
#'   `interactive()` when unset.
#'
#' @keywords internal
#' @useDynLib typfrage, .registration = TRUE
#' @importFrom Rcpp sourceCpp
"_PACKAGE"

#' @importFrom rlang .data
NULL
