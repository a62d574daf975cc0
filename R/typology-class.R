# The typology class: constructor from a fit, print, summary, fitted and
# as.data.frame (the validator is in typology-object.R, predict() in
# typology-predict.R).

# Relabel (largest type first, ties by first appearance), add centres in the
# original units and build the object.
new_typology_from_fit <- function(res, prep, settings, call, seed, keep_data = TRUE) {
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
  } else {  # rowsum(raw * w, cl) / rowsum(w, cl) without an n x p product
    raw <- prep$raw
    if (!is.double(raw)) storage.mode(raw) <- "double"
    cpp_cluster_weighted_sums(raw, as.double(w), as.integer(cl), k) /
      as.vector(rowsum(w, cl, reorder = TRUE))
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
         centers = centers, data = if (keep_data) prep$raw, rows = prep$rows,
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
print.typology <- function(x, digits = 2, ..., lang = NULL) {
  check_typology(x, arg = "x")
  lang <- typfrage_lang(lang)
  n <- sum(x$size)
  p <- length(x$settings$items)
  cat(tr("typology_header", lang, method_label(x$method, lang), x$k, fmt_int(n, lang), p,
         if (isTRUE(x$settings$standardize)) tr("standardised", lang) else ""), "\n", sep = "")
  sizes <- if (is.null(x$weighted_size)) x$size else x$weighted_size
  share <- sizes / sum(sizes)
  lab <- type_labels(x, lang)
  cat(sprintf("%s: %s (%s)", lab, fmt_int(x$size, lang), fmt_pct(share, 0, lang)),
      sep = "\n")
  if (!is.null(x$weighted_size)) cat(tr("pct_weighted", lang), "\n", sep = "")
  miss <- missing_lines(x$missing, lang)
  if (length(miss)) cat(miss, sep = "\n")
  if (identical(x$method, "lca")) print_lca_fit(x, lang)
  cat("\n", tr("type_means_units", lang), "\n", sep = "")
  m <- x$centers
  rownames(m) <- lab
  print_numbers(m, digits, lang)
  invisible(x)
}

# A numeric matrix rounded to `digits`; in German with decimal commas.
print_numbers <- function(m, digits, lang) {
  if (!identical(lang, "de")) return(print(round(m, digits)))
  out <- m
  out[] <- fmt_num(round(m, digits), digits, lang)
  print(noquote(out), right = TRUE)
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
         items = object$settings$items, standardize = isTRUE(object$settings$standardize),
         distance = object$settings$distance, sizes = sizes,
         centers = object$centers, fit = glance.typology(object),
         starts = object$starts, medoids = object$medoids,
         type_names = object$type_names),
    class = "summary.typology"
  )
}

#' @export
print.summary.typology <- function(x, digits = 2, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cat(tr("summary_typology_header", lang, method_label(x$method, lang), x$k,
         fmt_int(x$n, lang), length(x$items),
         if (x$standardize) tr("standardised", lang) else ""), "\n", sep = "")
  if (x$method == "pam") cat(tr("distance_line", lang, distance_label(x$distance, lang)), "\n", sep = "")
  cat("\n", tr("type_sizes", lang), "\n", sep = "")
  s <- x$sizes
  s$share <- fmt_pct(s$share, 1, lang)
  if (!is.null(s$weighted_share)) s$weighted_share <- fmt_pct(s$weighted_share, 1, lang)
  if (identical(lang, "de")) {
    s$label <- type_labels(list(k = x$k, type_names = x$type_names), lang)
    if (!is.null(s$weighted_n)) s$weighted_n <- fmt_num(s$weighted_n, digits, lang)
  }
  s <- s[setdiff(names(s), "type")]
  names(s) <- vapply(names(s), function(nm) {
    key <- paste0("col_", nm)
    if (is.null(.typfrage_strings[[key]])) nm else tr(key, lang)
  }, "")
  print(s, row.names = FALSE, digits = digits + 2)
  cat("\n", tr("type_means_units", lang), "\n", sep = "")
  m <- x$centers
  rownames(m) <- if (identical(lang, "de")) s[[1]] else x$sizes$label
  print_numbers(m, digits, lang)
  if (!is.null(x$medoids)) {
    cat("\n", tr("medoid_rows", lang, paste(x$medoids, collapse = ", ")), "\n", sep = "")
  }
  f <- x$fit
  cat("\n", tr("fit_heading", lang), "\n", sep = "")
  if (is_ss_method(x$method)) {
    cat(tr("fit_ss", lang, fmt_signif(f$tot_withinss, 6, lang),
           fmt_pct(f$betweenss / f$totss, 1, lang)), "\n", sep = "")
  } else if (x$method == "lca") {
    cat(tr("fit_lca", lang, lca_model_label(f$lca_model, lang), fmt_num(f$loglik, 2, lang), f$npar,
           fmt_num(f$aic, 2, lang), fmt_num(f$bic, 2, lang), fmt_num(f$abic, 2, lang),
           fmt_num(f$entropy, 3, lang)), "\n", sep = "")
  } else {
    cat(tr("fit_pam", lang, fmt_signif(f$objective, 6, lang)), "\n", sep = "")
  }
  if (!is.null(x$starts) && nrow(x$starts) > 1) {
    best <- min(x$starts$objective)
    hit <- sum(abs(x$starts$objective - best) <= 1e-9 * max(1, abs(best)))
    cat(tr("fit_starts", lang, nrow(x$starts), hit,
           if (all(x$starts$converged)) "" else tr("fit_not_converged", lang)), "\n", sep = "")
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
