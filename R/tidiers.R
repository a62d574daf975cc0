# tidy / glance / augment methods (generics) for the package's classes.

#' @importFrom generics glance
#' @export
generics::glance

#' @importFrom generics augment
#' @export
generics::augment

#' Tidy, glance at and augment a typology
#'
#' * `tidy()`: one row per type with its size, share and the type means of
#'   every item (original units).
#' * `glance()`: one row with the fit: method, k, rows, items, objective (and
#'   for k-means, the Ward methods and partitions made elsewhere
#'   ([as_typology()]) the within, between and total sums of squares; for latent
#'   class analysis, where the objective is -2 log-likelihood, the item model,
#'   log-likelihood, number of parameters, AIC, BIC, adjusted BIC and
#'   entropy), starts and how many reached the best objective.
#' * `augment()`: the data with a column `.cluster` (the tidymodels name), a
#'   factor whose levels are the type names ([name_types()]; else "Type 1",
#'   "Type 2", ...), `NA` for rows the typology did not use. To write the
#'   types to an SPSS or Stata file, use [add_types()].
#'
#' @param x A `typology` from [typology()].
#' @param data For `augment()`: the data to add the types to; `NULL` uses the
#'   item matrix stored in the typology. It must have one row per row of the
#'   data the typology was fitted on.
#' @param ... Unused.
#' @return A data frame.
#' @name typology-tidiers
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' tidy(fit)
#' glance(fit)
#' head(augment(fit, USArrests))
NULL

#' @rdname typology-tidiers
#' @export
tidy.typology <- function(x, ...) {
  check_typology(x, ..., arg = "x")
  out <- data.frame(type = seq_len(x$k), label = type_labels(x), size = x$size,
                    share = x$size / sum(x$size), stringsAsFactors = FALSE)
  if (!is.null(x$weighted_size)) {
    out$weighted_size <- x$weighted_size
    out$weighted_share <- x$weighted_size / sum(x$weighted_size)
  }
  centers <- as.data.frame(unname(x$centers))
  names(centers) <- colnames(x$centers)
  cbind(out, centers)
}

#' @rdname typology-tidiers
#' @export
glance.typology <- function(x, ...) {
  check_typology(x, ..., arg = "x")
  best <- if (is.null(x$starts)) NA_real_ else min(x$starts$objective)
  hits <- if (is.null(x$starts)) NA_integer_ else
    sum(abs(x$starts$objective - best) <= 1e-9 * max(1, abs(best)))
  out <- data.frame(method = x$method, k = x$k, n = sum(x$size),
                    items = length(x$settings$items),
                    objective = if (is_ss_method(x$method)) x$tot_withinss else x$objective,
                    stringsAsFactors = FALSE)
  if (is_ss_method(x$method)) {
    out$tot_withinss <- x$tot_withinss
    out$betweenss <- x$betweenss
    out$totss <- x$totss
  }
  if (x$method == "lca") {
    out$lca_model <- x$lca_model
    out$loglik <- x$loglik
    out$npar <- x$npar
    out$aic <- x$aic
    out$bic <- x$bic
    out$abic <- x$abic
    out$entropy <- x$entropy
  }
  out$nstart <- if (is.null(x$starts)) NA_integer_ else nrow(x$starts)
  out$best_starts <- hits
  out$converged <- if (is.null(x$starts)) NA else all(x$starts$converged)
  out
}

#' @rdname typology-tidiers
#' @export
augment.typology <- function(x, data = NULL, ...) {
  check_typology(x, ..., arg = "x")
  if (is.null(data)) {
    if (is.null(x$data)) abort_no_data("augment", call = rlang::current_env())
    data <- as.data.frame(x$data)
    cl <- x$cluster[x$rows]
  } else {
    data <- as.data.frame(data)
    if (nrow(data) != length(x$cluster)) {
      abort_input(
        c("{.arg data} must have one row per row the typology was fitted on.",
          x = "It has {nrow(data)} row{?s}; the typology has {length(x$cluster)}.")
      )
    }
    cl <- x$cluster
  }
  data$.cluster <- type_factor(x, cl)
  data
}
