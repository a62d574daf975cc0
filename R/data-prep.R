# The one function that turns user data into the item matrix the C++ core
# works on. Every exported verb that takes `data` calls prepare_items(); the
# settings it returns are stored in fitted objects so that predict() codes new
# data the same way (prepare_newdata()).
#
# Items may be numeric, integer, logical, ordered factors (coded 1..L, their
# ranks) and haven-labelled numeric columns (their codes). Unordered factors
# are nominal: accepted only where a method can use them (Gower distance,
# `allow_nominal = TRUE`, coded 1..L and flagged), rejected otherwise.
# Character columns are always rejected, naming the columns.

#' @noRd
#' @return A list:
#'   * `x`: n x p double matrix the core works on (standardised if asked);
#'   * `raw`: the same items in their original units (coded numbers);
#'   * `items`, `n`, `p`, `row_names`;
#'   * `rows`: indices (in the user's data) of the rows kept;
#'   * `n_input`: number of rows in the user's data;
#'   * `weights`: positive numeric of length n, or NULL;
#'   * `settings`: what predict() needs (items, kinds, levels, center, scale).
prepare_items <- function(data, items = NULL, standardize = FALSE, weights = NULL,
                          na_action = c("fail", "omit", "pairwise"), allow_nominal = FALSE,
                          min_rows = 2L, pairwise_ok = FALSE, arg = "data",
                          call = rlang::caller_env()) {
  na_action <- as_input_error(rlang::arg_match(na_action, error_call = call))
  if (na_action == "pairwise" && !pairwise_ok) abort_pairwise(call)
  check_flag(standardize, arg = "standardize", call = call)
  df <- as_item_frame(data, arg = arg, call = call)
  df <- select_items(df, items, arg = arg, call = call)
  coded <- code_items(df, allow_nominal = allow_nominal, arg = arg, call = call)
  raw <- coded$x
  n_input <- nrow(raw)
  weights <- check_weights(weights, n_input, call = call)

  rows <- seq_len(n_input)
  # "pairwise" keeps NA/NaN (as NaN, skipped per pair by Gower's distance);
  # infinite values and rows without any observed item are still errors.
  if (na_action == "pairwise") {
    raw[is.na(raw)] <- NaN
    bad <- is.infinite(raw) | (rowSums(is.na(raw)) == ncol(raw))
  } else {
    bad <- !is.finite(raw)
  }
  if (any(bad) && na_action == "pairwise") {
    abort_input(
      c("{.arg {arg}} must not contain infinite values or rows without any answered item.",
        x = "{sum(rowSums(bad) > 0)} row{?s} {?has/have} Inf or only missing items (first: row{?s} {.val {utils::head(which(rowSums(bad) > 0), 5)}}).",
        i = "Drop those rows first."),
      call = call, class = "typfrage_error_missing"
    )
  }
  if (any(bad)) {
    bad_rows <- which(rowSums(bad) > 0)
    bad_items <- colnames(raw)[colSums(bad) > 0]
    if (na_action == "fail") {
      n_bad <- length(bad_rows)
      first <- utils::head(bad_rows, 5)
      abort_input(
        c("{.arg {arg}} must not contain missing or infinite values in the items.",
          x = "{n_bad} row{?s} {?has/have} NA, NaN or Inf (first: row{cli::qty(length(first))}{?s} {.val {first}}).",
          x = "Affected item{cli::qty(length(bad_items))}{?s}: {.field {bad_items}}.",
          i = "Use {.code na_action = \"omit\"} to drop those rows, or impute them first."),
        call = call, class = "typfrage_error_missing"
      )
    }
    rows <- setdiff(rows, bad_rows)
    raw <- raw[rows, , drop = FALSE]
    if (!is.null(weights)) weights <- weights[rows]
  }
  if (nrow(raw) < min_rows) {
    abort_input(
      c("{.arg {arg}} must have at least {min_rows} complete row{?s}.",
        x = "It has {nrow(raw)}."),
      call = call
    )
  }

  center <- scale <- NULL
  x <- raw
  if (standardize) {
    w <- if (is.null(weights)) rep(1, nrow(raw)) else weights
    w <- w / sum(w)
    if (anyNA(raw)) {  # na_action = "pairwise": moments of the observed values
      wo <- colSums(w * !is.na(raw))
      center <- colSums(raw * w, na.rm = TRUE) / wo
      dev <- sweep(raw, 2, center)
      scale <- sqrt(colSums(dev^2 * w, na.rm = TRUE) / wo * nrow(raw) / (nrow(raw) - 1))
    } else {
      center <- colSums(raw * w)
      dev <- sweep(raw, 2, center)
      scale <- sqrt(colSums(dev^2 * w) * nrow(raw) / (nrow(raw) - 1))
    }
    constant <- colnames(raw)[!(scale > 0)]
    if (length(constant)) {
      abort_input(
        c("Cannot standardise constant item{?s} {.field {constant}}.",
          i = "Drop {?it/them} from {.arg items}: a constant item does not separate types."),
        call = call
      )
    }
    x <- sweep(dev, 2, scale, "/")
  }
  storage.mode(x) <- "double"
  list(
    x = x, raw = raw, items = colnames(raw), n = nrow(raw), p = ncol(raw),
    row_names = coded$row_names[rows], rows = rows, n_input = n_input,
    weights = weights,
    settings = list(items = colnames(raw), kinds = coded$kinds,
                    levels = coded$levels, center = center, scale = scale,
                    standardize = standardize)
  )
}

# Code new data exactly as the fitted data were coded (for predict()).
prepare_newdata <- function(settings, newdata, arg = "newdata",
                            call = rlang::caller_env()) {
  df <- as_item_frame(newdata, arg = arg, call = call)
  missing_items <- setdiff(settings$items, names(df))
  if (length(missing_items)) {
    abort_input(
      c("{.arg {arg}} lacks the fitted item{?s} {.field {missing_items}}.",
        i = "It must have every item the typology was built from."),
      call = call
    )
  }
  df <- df[settings$items]
  for (j in settings$items) {
    lev <- settings$levels[[j]]
    if (!is.null(lev) && (is.factor(df[[j]]) || is.character(df[[j]]))) {
      df[[j]] <- factor(as.character(df[[j]]), levels = lev,
                        ordered = settings$kinds[[j]] == "ordinal")
    }
  }
  coded <- code_items(df, allow_nominal = TRUE, arg = arg, call = call)
  x <- coded$x
  if (isTRUE(settings$standardize)) {
    x <- sweep(sweep(x, 2, settings$center), 2, settings$scale, "/")
  }
  storage.mode(x) <- "double"
  x
}

as_item_frame <- function(data, arg, call) {
  if (is.matrix(data) && (is.numeric(data) || is.logical(data))) {
    if (is.null(colnames(data))) colnames(data) <- paste0("V", seq_len(ncol(data)))
    return(as.data.frame(data, stringsAsFactors = FALSE))
  }
  if (!is.data.frame(data)) {
    abort_input(
      c("{.arg {arg}} must be a data frame or a numeric matrix.",
        x = "You supplied {.obj_type_friendly {data}}."),
      call = call
    )
  }
  data <- as.data.frame(data)  # tibbles and data.tables to plain data frames
  if (ncol(data) == 0L || nrow(data) == 0L) {
    abort_input(
      c("{.arg {arg}} must have at least one row and one column.",
        x = "It has {nrow(data)} row{?s} and {ncol(data)} column{?s}."),
      call = call
    )
  }
  data
}

select_items <- function(df, items, arg, call) {
  if (is.null(items)) return(df)
  if (is.numeric(items)) {
    if (any(is.na(items)) || any(items < 1 | items > ncol(df) | items != trunc(items))) {
      abort_input("{.arg items} must be column positions between 1 and {ncol(df)}.", call = call)
    }
    return(df[unique(items)])
  }
  if (!is.character(items) || length(items) == 0L || anyNA(items)) {
    abort_input(
      c("{.arg items} must be a character vector of column names (or column positions).",
        x = "You supplied {.obj_type_friendly {items}}."),
      call = call
    )
  }
  unknown <- setdiff(items, names(df))
  if (length(unknown)) {
    abort_input(
      c("{.arg items} names column{?s} not in {.arg {arg}}: {.field {unknown}}.",
        i = "Available columns: {.field {utils::head(names(df), 20)}}."),
      call = call
    )
  }
  df[unique(items)]
}

# Numbers for every item, with the item's kind and (for factors) its levels.
code_items <- function(df, allow_nominal, arg, call) {
  kinds <- character(ncol(df))
  names(kinds) <- names(df)
  levels <- stats::setNames(vector("list", ncol(df)), names(df))
  cols <- vector("list", ncol(df))
  bad_type <- character()
  bad_nominal <- character()
  for (j in seq_along(df)) {
    v <- df[[j]]
    if (inherits(v, "haven_labelled") || inherits(v, "labelled")) {
      v <- unclass(v)
      attr(v, "labels") <- NULL
      attr(v, "label") <- NULL
    }
    if (is.ordered(v)) {
      kinds[j] <- "ordinal"
      levels[[j]] <- levels(v)
      v <- as.integer(v)
    } else if (is.factor(v)) {
      kinds[j] <- "nominal"
      levels[[j]] <- levels(v)
      if (!allow_nominal) bad_nominal <- c(bad_nominal, names(df)[j])
      v <- as.integer(v)
    } else if (is.logical(v)) {
      kinds[j] <- "numeric"
      v <- as.integer(v)
    } else if (is.numeric(v)) {
      kinds[j] <- "numeric"
    } else {
      bad_type <- c(bad_type, names(df)[j])
      next
    }
    cols[[j]] <- as.double(v)
  }
  if (length(bad_type)) {
    abort_input(
      c("{cli::qty(length(bad_type))}Item{?s} {.field {bad_type}} {?is/are} not numeric.",
        i = "Items must be numeric, logical, ordered factors or labelled numbers.",
        i = "Convert Likert answers stored as text to ordered factors, or leave {cli::qty(length(bad_type))}{?the column/these columns} out with {.arg items}."),
      call = call
    )
  }
  if (length(bad_nominal)) {
    abort_input(
      c("{cli::qty(length(bad_nominal))}Item{?s} {.field {bad_nominal}} {?is an/are} unordered factor{?s}.",
        i = "This method needs numeric or ordinal items. Make Likert items ordered factors, or use {.code distance = \"gower\"} with a method that supports nominal items."),
      call = call
    )
  }
  x <- matrix(unlist(cols, use.names = FALSE), nrow = nrow(df),
              dimnames = list(NULL, names(df)))
  list(x = x, kinds = kinds, levels = levels, row_names = row.names(df))
}

# Survey/case weights: NULL or positive finite numbers, one per row.
check_weights <- function(weights, n, arg = "weights", call = rlang::caller_env()) {
  if (is.null(weights)) return(NULL)
  if (!is.numeric(weights) || !is.null(dim(weights))) {
    abort_input(
      c("{.arg {arg}} must be a numeric vector.",
        x = "You supplied {.obj_type_friendly {weights}}."),
      call = call
    )
  }
  if (length(weights) != n) {
    abort_input(
      c("{.arg {arg}} must have one value per row of the data.",
        x = "The data have {n} row{?s}; {.arg {arg}} has length {length(weights)}."),
      call = call
    )
  }
  bad <- which(is.na(weights) | !is.finite(weights) | weights <= 0)
  if (length(bad)) {
    abort_input(
      c("{.arg {arg}} must be positive, finite numbers.",
        x = "{length(bad)} weight{?s} {?is/are} missing, infinite, zero or negative (first: position{cli::qty(min(5, length(bad)))}{?s} {.val {utils::head(bad, 5)}})."),
      call = call
    )
  }
  as.double(weights)
}
