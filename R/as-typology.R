# as_typology(): a typology object from a partition made elsewhere (SPSS
# TwoStep, Latent GOLD, an earlier study), so that every verb that describes
# or compares types works on it. It fits nothing: method = "external".

#' A typology from a partition made elsewhere
#'
#' Turns types assigned by another program or an earlier study (SPSS
#' TwoStep, Latent GOLD, a published typology, a hand-made grouping) into a
#' `typology` object, so that everything that describes or compares types
#' works on it: [profiles()], [steckbrief()], [name_types()],
#' [suggest_names()], [agreement()], [match_labels()], [add_types()],
#' `print()`, `summary()`, [generics::tidy()], [generics::glance()],
#' [generics::augment()] and [autoplot()][autoplot.typology()].
#'
#' @section Rows, labels and numbering:
#' A row is used when its label is not missing and all its items are
#' answered; other rows are not typed (`NA` in `cluster`, as with
#' `na_action = "omit"` in [typology()]). User-missing values of an SPSS
#' variable (`haven::labelled_spss()` with `na_values` or `na_range`) count
#' as missing labels.
#'
#' The types are renumbered as in every typology: type 1 is the largest
#' (most rows; with `weights`, the largest total weight), ties are broken by
#' first appearance in the data. The names follow their types: when
#' `cluster` is a factor, a character vector or a haven-labelled vector with
#' value labels, its levels, values or value labels become the type names
#' (unless `type_names` is given). A label without any used row is not a
#' type.
#'
#' @section What it cannot do:
#' A partition made elsewhere has no assignment rule, so `predict()` refuses
#' it (use `fit$cluster` or `fitted(fit)` for the types of the rows it was
#' given). [stability()] needs a method to refit on resamples: name it in
#' `method` (the method that made the partition, or the one to compare it
#' with); without one, `stability()` refuses with an error of class
#' `typfrage_error_input`.
#'
#' `summary()` and `glance()` report the within-type sum of squares of the
#' items (in standardised units when `standardize = TRUE`), which the
#' partition was not necessarily built to minimise.
#'
#' @param data A data frame or numeric matrix, one row per case, holding the
#'   items (and possibly the types, see `cluster`).
#' @param cluster The types: one label per row of `data` (integer, numeric,
#'   factor, character or haven-labelled; `NA` = row not typed), or the name
#'   of the column of `data` that holds them.
#' @param items Columns of `data` the types are described by: a character
#'   vector of names or column positions; `NULL` (the default) uses every
#'   column except the one named in `cluster`.
#' @param weights `NULL` or positive case weights, one per row of `data`.
#' @param method `NULL` (the default), or the method [stability()] refits on
#'   resamples: `"kmeans"`, `"pam"`, `"ward"` or `"ward_kmeans"` (one of the
#'   methods of [typology()]).
#' @param type_names `NULL` (the default: names from the labels of `cluster`
#'   when it has any, see above), or one distinct name per distinct label of
#'   `cluster`, in the order of its labels (factor levels, else the sorted
#'   values). They follow the renumbering.
#' @param ... These dots are for future extensions and must be empty.
#' @param standardize If `TRUE`, the items are standardised (weighted) for the
#'   refit of [stability()], for the typical member of [steckbrief()] and for
#'   the sums of squares of `summary()`. Type means are in the original units
#'   either way.
#' @param nstart,max_iter Starts and iterations of the refit named in
#'   `method`; `NULL` uses the defaults of [typology()]. Only with `method`.
#' @return An object of class `typology` with `method = "external"`: the
#'   common fields of [typology()] (`cluster`, `size`, `weighted_size`, `k`,
#'   `centers` (weighted type means in the original units), `data`, `rows`,
#'   `weights`, `settings`, `type_names`, `call`, and `seed = NULL`) and the
#'   sums of squares `withinss`, `tot_withinss`, `totss`, `betweenss`;
#'   `settings$refit` holds `method`. As with [typology()], the typology holds
#'   the items without row names: give [steckbrief()] the `data` to name its
#'   typical members.
#' @seealso [add_types()] to write the types back to the data.
#' @export
#' @examples
#' # Types from another program, here stats::kmeans() on the scaled data
#' set.seed(1)
#' km <- kmeans(scale(USArrests), 3, nstart = 5)
#' fit <- as_typology(USArrests, km$cluster)
#' fit
#' profiles(fit)
#'
#' # Labelled types in a column of the data, and a refit method for stability()
#' d <- USArrests
#' d$group <- factor(c("low", "mid", "high")[km$cluster], c("low", "mid", "high"))
#' fit2 <- as_typology(d, "group", method = "kmeans")
#' fit2$type_names
as_typology <- function(data, cluster, items = NULL, weights = NULL, method = NULL,
                        type_names = NULL, ..., standardize = FALSE, nstart = NULL,
                        max_iter = NULL) {
  call <- match.call()
  env <- rlang::current_env()
  check_dots_empty_input(call = env)
  items <- selection_value(rlang::enquo(items))  # names, positions or tidyselect
  if (!(is.data.frame(data) || (is.matrix(data) && (is.numeric(data) || is.logical(data))))) {
    abort_input(
      c("{.arg data} must be a data frame or a numeric matrix.",
        x = "You supplied {.obj_type_friendly {data}}."),
      call = env
    )
  }
  n <- nrow(data)
  col <- external_cluster_column(data, cluster, items, call = env)
  cluster <- col$cluster
  items <- col$items
  cluster_col <- col$column
  lab <- external_labels(cluster, n, call = env)
  refit <- external_refit(method, nstart, max_iter, call = env)
  if (!is.null(type_names)) {
    type_names <- check_type_names(type_names, lab$levels, call = env)
  }
  weights <- check_weights(weights, n, call = env)
  check_flag(standardize, arg = "standardize", call = env)
  if (is.character(items) && !is.null(cluster_col) && cluster_col %in% items) {
    abort_input(
      c("{.arg items} must not contain the column of the types, {.field {cluster_col}}.",
        i = "Leave it out of {.arg items}."),
      call = env
    )
  }

  # Rows with a label; prepare_items() drops those with missing items.
  typed <- which(!is.na(lab$codes))
  prep <- prepare_items(data[typed, , drop = FALSE], items = items,
                        standardize = standardize,
                        weights = if (is.null(weights)) NULL else weights[typed],
                        na_action = "omit", call = env)
  rows <- typed[prep$rows]
  codes <- lab$codes[rows]
  names <- if (!is.null(type_names)) type_names else lab$names

  # Labels without a used row are not types; then the package's numbering.
  present <- sort(unique(codes))
  codes <- match(codes, present)
  if (!is.null(names)) names <- names[present]
  k <- length(present)
  w <- if (is.null(prep$weights)) rep(1, length(rows)) else prep$weights
  size_w <- type_weights(w, codes, k)
  ord <- order(-size_w, match(seq_len(k), codes))
  cl <- match(codes, ord)
  if (!is.null(names)) names <- unname(names[ord])

  raw <- prep$raw
  centers <- rowsum(raw * w, cl, reorder = TRUE) / as.vector(rowsum(w, cl, reorder = TRUE))
  dimnames(centers) <- list(seq_len(k), prep$items)
  ss <- within_type_ss(prep$x, cl, k, w)

  settings <- c(prep$settings, list(method = "external", distance = "euclidean", k = k),
                refit)
  cluster_full <- rep(NA_integer_, n)
  cluster_full[rows] <- cl
  obj <- c(
    list(cluster = cluster_full, size = tabulate(cl, k), k = k, method = "external",
         centers = centers, data = raw, rows = rows, weights = prep$weights,
         weighted_size = if (is.null(prep$weights)) NULL else type_weights(w, cl, k),
         settings = settings, type_names = names, call = call, seed = NULL),
    ss
  )
  validate_typology(new_typology(obj))
}

# `cluster` given as the name of a column of `data`: that column's values,
# and the other columns as the items unless `items` names them.
external_cluster_column <- function(data, cluster, items, call) {
  if (!(is.character(cluster) && length(cluster) == 1L && !is.na(cluster) &&
        nrow(data) != 1L)) {
    return(list(cluster = cluster, items = items, column = NULL))
  }
  cols <- colnames(data)
  if (!cluster %in% cols) {
    abort_input(
      c("{.arg cluster} names a column that is not in {.arg data}: {.field {cluster}}.",
        i = "Give the name of the column with the types, or a vector of types, one per row of {.arg data}."),
      call = call
    )
  }
  values <- if (is.data.frame(data)) data[[cluster]] else data[, cluster]
  list(cluster = values, items = items %||% setdiff(cols, cluster),
       column = cluster)
}

# The settings of the refit named in as_typology(method = ): list(refit,
# nstart, max_iter), or an empty list without a method.
external_refit <- function(method, nstart, max_iter, call) {
  if (is.null(method)) {
    if (!is.null(nstart) || !is.null(max_iter)) {
      abort_input(
        c("{.arg nstart} and {.arg max_iter} are settings of the refit named in {.arg method}.",
          i = "Name the method too, e.g. {.code method = \"kmeans\"}, or leave them out."),
        call = call
      )
    }
    return(list())
  }
  method <- check_choice(method, names(typology_methods()), arg = "method", call = call)
  spec <- typology_methods()[[method]]
  nstart <- nstart %||% spec$nstart
  max_iter <- max_iter %||% spec$max_iter
  check_count(nstart, min = 1, arg = "nstart", call = call)
  check_count(max_iter, min = 1, arg = "max_iter", call = call)
  list(refit = method, nstart = as.integer(nstart), max_iter = as.integer(max_iter))
}

# Labels of a partition to codes (NA = not typed) and, when the labels carry
# meaning (factor levels, character values, value labels), names.
external_labels <- function(cluster, n, arg = "cluster", call = rlang::caller_env()) {
  check_per_row(cluster, n,
                ok = is.atomic(cluster) && is.null(dim(cluster)) && !is.complex(cluster) &&
                  !is.raw(cluster) && !is.null(cluster),
                type = "a vector of types (integer, factor or character) or the name of a column of {.arg data}",
                one = "one type per row of {.arg data}",
                have = "{.arg data} has {n} row{?s}; {.arg {arg}} has length {size}.",
                hint = "Use {.code NA} for rows without a type.", arg = arg, call = call)
  value_labels <- NULL
  if (inherits(cluster, "haven_labelled") || !is.null(attr(cluster, "labels"))) {
    value_labels <- attr(cluster, "labels", exact = TRUE)
    v <- unclass(cluster)
    user_na <- rep(FALSE, length(v))
    na_values <- attr(cluster, "na_values", exact = TRUE)
    na_range <- attr(cluster, "na_range", exact = TRUE)
    if (!is.null(na_values)) user_na <- user_na | v %in% na_values
    if (!is.null(na_range)) user_na <- user_na | (!is.na(v) & v >= na_range[1] & v <= na_range[2])
    attributes(v) <- NULL
    v[user_na] <- NA
    cluster <- v
  }
  typed <- !is.na(cluster)
  if (!any(typed)) {
    abort_input(
      c("{.arg {arg}} has no typed row: all {n} label{?s} {?is/are} missing.",
        i = "Give every row its type ({.code NA} only for rows without one)."),
      call = call
    )
  }
  lab <- as_labels(cluster[typed], arg = arg, call = call)
  codes <- rep(NA_integer_, n)
  codes[typed] <- lab$codes
  names <- NULL
  if (is.factor(cluster) || is.character(cluster)) {
    names <- lab$levels
  } else if (length(value_labels)) {
    vals <- sort(unique(cluster[typed]))
    at <- match(vals, unname(value_labels))
    names <- ifelse(is.na(at), as.character(vals), names(value_labels)[at])
    if (anyDuplicated(names)) {
      dup <- unique(names[duplicated(names)])
      abort_input(
        c("The value labels of {.arg {arg}} must name every type once.",
          x = "Used for more than one value: {.val {dup}}.",
          i = "Give distinct names in {.arg type_names}."),
        call = call
      )
    }
  }
  list(codes = codes, levels = lab$levels, names = names)
}

# One distinct, non-empty name per label of the partition (label order).
check_type_names <- function(type_names, levels, arg = "type_names",
                             call = rlang::caller_env()) {
  if (is.factor(type_names)) type_names <- as.character(type_names)
  if (!is.character(type_names) || !is.null(dim(type_names))) {
    abort_input(
      c("{.arg {arg}} must be a character vector.",
        x = "You supplied {.obj_type_friendly {type_names}}."),
      call = call
    )
  }
  if (length(type_names) != length(levels)) {
    abort_input(
      c("{.arg {arg}} must have one name per distinct label of {.arg cluster}.",
        x = "{.arg cluster} has {length(levels)} label{?s} ({.val {utils::head(levels, 10)}}); {.arg {arg}} has length {length(type_names)}.",
        i = "Give the names in the order of the labels (factor levels, else the sorted values)."),
      call = call
    )
  }
  empty <- which(is.na(type_names) | !nzchar(trimws(type_names)))
  if (length(empty)) {
    abort_input(
      c("{.arg {arg}} must not contain missing or empty names.",
        x = "{cli::qty(length(empty))}Name{?s} {.val {empty}} {?is/are} missing or empty."),
      call = call
    )
  }
  dup <- unique(type_names[duplicated(type_names)])
  if (length(dup)) {
    abort_input(c("{.arg {arg}} must be distinct.", x = "Used more than once: {.val {dup}}."),
                call = call)
  }
  unname(type_names)
}

# Weighted within-type, total and between sums of squares of x (1..k types).
within_type_ss <- function(x, cl, k, w) {
  sums <- rowsum(x * w, cl, reorder = TRUE)
  wt <- as.vector(rowsum(w, cl, reorder = TRUE))
  means <- sums / wt
  withinss <- as.vector(rowsum(w * rowSums((x - means[cl, , drop = FALSE])^2), cl,
                               reorder = TRUE))
  grand <- colSums(x * w) / sum(w)
  totss <- sum(w * rowSums(sweep(x, 2, grand)^2))
  tot <- sum(withinss)
  list(withinss = withinss, tot_withinss = tot, totss = totss, betweenss = totss - tot)
}

# The method stability() refits: the typology's own, or for a partition made
# elsewhere the one named in as_typology(method = ) (NULL when none).
refit_method <- function(fit) {
  if (identical(fit$method, "external")) fit$settings$refit else fit$method
}

abort_external_refit <- function(call) {
  abort_input(
    c("{.fn stability} cannot refit a partition made elsewhere without a method.",
      i = "Name the method to refit on the resamples when you build it, e.g. {.code as_typology(data, cluster, method = \"kmeans\")}."),
    call = call
  )
}

abort_external_predict <- function(call) {
  abort_input(
    c("A partition made elsewhere has no assignment rule: {.fn predict} cannot assign cases to its types.",
      i = "Use {.code fit$cluster} or {.code fitted(fit)} for the types of the rows it was given.",
      i = "To assign new cases, fit a typology with {.fn typology}."),
    call = call
  )
}
