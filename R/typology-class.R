# The typology class: constructor from a fit, print, summary, fitted and
# as.data.frame (the validator is in typology-object.R, predict() in
# typology-predict.R).

# Relabel (largest type first, ties by first appearance), add centres in the
# original units and build the object.
new_typology_from_fit <- function(res, prep, settings, call, seed) {
  k <- settings$k
  cl <- res$cluster
  w <- if (is.null(prep$weights)) rep(1, prep$n) else prep$weights
  size <- type_weights(w, cl, k)
  first <- match(seq_len(k), cl)
  ord <- order(-size, first)
  relabel <- match(seq_len(k), ord)
  cl <- relabel[cl]
  centers <- if (!is.null(res$centers)) {
    res$centers[ord, , drop = FALSE]
  } else if (anyNA(prep$raw)) {  # na_action = "pairwise": means of observed values
    obs <- !is.na(prep$raw)
    rowsum(ifelse(obs, prep$raw, 0) * w, cl, reorder = TRUE) / rowsum(obs * w, cl, reorder = TRUE)
  } else {
    rowsum(prep$raw * w, cl, reorder = TRUE) / as.vector(rowsum(w, cl, reorder = TRUE))
  }
  dimnames(centers) <- list(seq_len(k), prep$items)
  prototypes <- res$prototypes[ord, , drop = FALSE]
  dimnames(prototypes) <- list(seq_len(k), prep$items)
  settings$prototypes <- prototypes
  # ties between prototypes: the order of the core (or the fit's own rule)
  settings$tie_priority <- as.integer(if (is.null(res$tie_priority)) ord else res$tie_priority[ord])
  settings <- c(settings, res$settings)
  cluster <- rep(NA_integer_, prep$n_input)
  cluster[prep$rows] <- cl
  extra <- res$extra
  if (!is.null(extra$withinss)) extra$withinss <- extra$withinss[ord]
  if (!is.null(res$medoid_rows)) extra$medoids <- prep$rows[res$medoid_rows[ord]]
  obj <- c(
    list(cluster = cluster, size = tabulate(cl, k), k = k, method = settings$method,
         centers = centers, data = prep$raw, rows = prep$rows,
         weights = prep$weights,
         weighted_size = if (is.null(prep$weights)) NULL else type_weights(w, cl, k),
         settings = settings, type_names = NULL, call = call, seed = seed,
         missing = prep$missing),
    extra
  )
  if (!is.null(res$permute)) obj <- res$permute(obj, ord)
  validate_typology(new_typology(obj))
}

# Total weight of every type 1..k (0 for an empty type).
type_weights <- function(w, cl, k) {
  as.vector(tapply(w, factor(cl, levels = seq_len(k)), sum, default = 0))
}

#' @export
print.typology <- function(x, digits = 2, ...) {
  check_typology(x, arg = "x")
  n <- sum(x$size)
  p <- ncol(x$data)
  cat(sprintf("<typology> %s: %d types of %s rows from %d items%s\n",
              method_label(x$method), x$k, format(n, big.mark = ","), p,
              if (isTRUE(x$settings$standardize)) " (standardised)" else ""))
  sizes <- if (is.null(x$weighted_size)) x$size else x$weighted_size
  share <- sizes / sum(sizes)
  lab <- type_labels(x)
  cat(sprintf("%s: %s (%.0f%%)", lab, format(x$size, big.mark = ","), 100 * share),
      sep = "\n")
  if (!is.null(x$weighted_size)) cat("(percentages weighted)\n")
  miss <- missing_lines(x$missing)
  if (length(miss)) cat(miss, sep = "\n")
  if (identical(x$method, "lca")) print_lca_fit(x)
  cat("\nType means (original units):\n")
  m <- x$centers
  rownames(m) <- lab
  print(round(m, digits))
  invisible(x)
}

#' Summarise a typology
#'
#' @param object A `typology` from [typology()].
#' @param ... Unused.
#' @return An object of class `summary.typology` (a list with `sizes`, a data
#'   frame of type sizes and shares; `centers`; `fit`, a one-row data frame of
#'   fit statistics; and `starts`), printed compactly.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' summary(fit)
summary.typology <- function(object, ...) {
  check_typology(object, ..., arg = "object")
  sizes <- data.frame(type = seq_len(object$k), label = type_labels(object),
                      n = object$size, share = object$size / sum(object$size))
  if (!is.null(object$weighted_size)) {
    sizes$weighted_n <- object$weighted_size
    sizes$weighted_share <- object$weighted_size / sum(object$weighted_size)
  }
  structure(
    list(method = object$method, k = object$k, n = sum(object$size),
         items = colnames(object$data), standardize = isTRUE(object$settings$standardize),
         distance = object$settings$distance, sizes = sizes,
         centers = object$centers, fit = glance.typology(object),
         starts = object$starts, medoids = object$medoids),
    class = "summary.typology"
  )
}

#' @export
print.summary.typology <- function(x, digits = 2, ...) {
  cat(sprintf("Typology: %s, %d types, %s rows, %d items%s\n",
              method_label(x$method), x$k, format(x$n, big.mark = ","),
              length(x$items), if (x$standardize) " (standardised)" else ""))
  if (x$method == "pam") cat(sprintf("Distance: %s\n", x$distance))
  cat("\nType sizes:\n")
  s <- x$sizes
  s$share <- sprintf("%.1f%%", 100 * s$share)
  if (!is.null(s$weighted_share)) s$weighted_share <- sprintf("%.1f%%", 100 * s$weighted_share)
  print(s[setdiff(names(s), "type")], row.names = FALSE, digits = digits + 2)
  cat("\nType means (original units):\n")
  m <- x$centers
  rownames(m) <- x$sizes$label
  print(round(m, digits))
  if (!is.null(x$medoids)) {
    cat("\nMedoids (rows of the data): ", paste(x$medoids, collapse = ", "), "\n", sep = "")
  }
  f <- x$fit
  cat("\nFit:\n")
  if (is_ss_method(x$method)) {
    cat(sprintf("  within-type sum of squares %s; between / total = %.1f%%\n",
                format(signif(f$tot_withinss, 6)), 100 * f$betweenss / f$totss))
  } else if (x$method == "lca") {
    cat(sprintf("  %s model: log-likelihood %s, %d parameters\n  AIC %s, BIC %s, adjusted BIC %s, entropy %.3f\n",
                f$lca_model, format(round(f$loglik, 2), nsmall = 2), f$npar,
                format(round(f$aic, 2), nsmall = 2), format(round(f$bic, 2), nsmall = 2),
                format(round(f$abic, 2), nsmall = 2), f$entropy))
  } else {
    cat(sprintf("  sum of distances to the medoids %s\n", format(signif(f$objective, 6))))
  }
  if (!is.null(x$starts) && nrow(x$starts) > 1) {
    best <- min(x$starts$objective)
    hit <- sum(abs(x$starts$objective - best) <= 1e-9 * max(1, abs(best)))
    cat(sprintf("  %d starts; %d reached the best objective%s\n", nrow(x$starts), hit,
                if (all(x$starts$converged)) "" else "; some starts did not converge"))
  }
  invisible(x)
}

#' Types of the fitted rows
#'
#' @param object A `typology` from [typology()].
#' @param type `"cluster"` (the default): the type of every row of the data;
#'   `"centers"`: for every row the mean of its type (original units).
#' @param ... Unused.
#' @return An integer vector (`NA` for dropped rows) or a matrix.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' table(fitted(fit))
fitted.typology <- function(object, type = c("cluster", "centers"), ...) {
  check_typology(object, ..., arg = "object")
  type <- check_choice(type)
  if (type == "cluster") return(object$cluster)
  object$centers[object$cluster, , drop = FALSE]
}

#' @export
as.data.frame.typology <- function(x, row.names = NULL, optional = FALSE, ...) {
  tidy.typology(x)
}
