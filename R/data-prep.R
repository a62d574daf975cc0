# The one function that turns user data into the item matrix the C++ core
# works on. Every exported verb that takes `data` calls prepare_items() (LCA
# calls read_items(), its first half); the settings it returns are stored in
# fitted objects so that predict() codes new data the same way
# (prepare_newdata()).
#
# Items may be numeric, integer, logical, ordered factors (coded 1..L, their
# ranks) and haven-labelled numeric columns (their codes). Values the data
# declare missing (haven's `labelled_spss` user-missing codes `na_values` and
# `na_range`; Stata's tagged missing values, which are NA already) are NA.
# Unordered factors are nominal: accepted only where a method can use them
# (Gower distance, `allow_nominal = TRUE`, coded 1..L and flagged), rejected
# otherwise. Character columns are always rejected, naming the columns.
# Variable labels (attribute "label") and value labels (attribute "labels")
# travel in the settings (`labels`, `value_labels`).

#' @noRd
#' @return A list:
#'   * `x`: n x p double matrix the core works on (standardised if asked);
#'   * `raw`: the same items in their original units (coded numbers);
#'   * `items`, `n`, `p`, `row_names`;
#'   * `rows`: indices (in the user's data) of the rows kept;
#'   * `n_input`: number of rows in the user's data;
#'   * `weights`: positive numeric of length n, or NULL;
#'   * `missing`: what was treated as missing (see missing_summary());
#'   * `settings`: what predict() needs (items, kinds, levels, center, scale,
#'     labels, value_labels, range).
prepare_items <- function(data, items = NULL, standardize = FALSE, weights = NULL,
                          na_action = c("fail", "omit", "pairwise", "available"),
                          allow_nominal = FALSE, min_rows = 2L, pairwise_ok = FALSE,
                          available_ok = FALSE, zero_weights_ok = FALSE, arg = "data",
                          call = rlang::caller_env()) {
  na_action <- as_input_error(rlang::arg_match(na_action, error_call = call))
  if (na_action == "pairwise" && !pairwise_ok) abort_pairwise(call)
  if (na_action == "available" && !available_ok) abort_available(call)
  check_flag(standardize, arg = "standardize", call = call)
  input <- read_items(data, items, weights, allow_nominal = allow_nominal,
                      zero_weights_ok = zero_weights_ok, arg = arg, call = call)
  raw <- input$x
  n_input <- nrow(raw)
  weights <- input$weights
  rows <- input$rows  # rows with a positive weight

  # "pairwise" and "available" keep NA/NaN (as NaN, skipped by the distance);
  # infinite values and rows without any observed item are still errors.
  keep_na <- na_action %in% c("pairwise", "available")
  if (keep_na) {
    raw[is.na(raw)] <- NaN
    bad <- is.infinite(raw)
    bad[rows, ] <- bad[rows, ] | (rowSums(is.na(raw[rows, , drop = FALSE])) == ncol(raw))
    bad[-rows, ] <- FALSE
  } else {
    bad <- !is.finite(raw)
    bad[-rows, ] <- FALSE
  }
  bad_rows <- which(rowSums(bad) > 0)
  if (length(bad_rows) && keep_na) {
    abort_input(
      c("{.arg {arg}} must not contain infinite values or rows without any answered item.",
        x = "{length(bad_rows)} row{?s} {?has/have} Inf or only missing items (first: row{cli::qty(min(5, length(bad_rows)))}{?s} {.val {utils::head(bad_rows, 5)}}).",
        i = "Drop those rows first."),
      call = call, class = "typfrage_error_missing"
    )
  }
  if (length(bad_rows)) {
    bad_items <- colnames(raw)[colSums(bad) > 0]
    if (na_action == "fail") {
      n_bad <- length(bad_rows)
      first <- utils::head(bad_rows, 5)
      declared <- sum(input$missing$declared)
      abort_input(
        c("{.arg {arg}} must not contain missing or infinite values in the items.",
          x = "{n_bad} row{?s} {?has/have} NA, NaN or Inf (first: row{cli::qty(length(first))}{?s} {.val {first}}).",
          x = "Affected item{cli::qty(length(bad_items))}{?s}: {.field {bad_items}}.",
          i = if (declared > 0) "{declared} of the missing values {cli::qty(declared)}{?is a/are} code{?s} the data declare missing (such as SPSS user-missing codes).",
          i = na_hint(available_ok)),
        call = call, class = "typfrage_error_missing"
      )
    }
    rows <- setdiff(rows, bad_rows)
  }
  dropped_na <- length(bad_rows)
  raw <- raw[rows, , drop = FALSE]
  if (!is.null(weights)) weights <- weights[rows]
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
    mom <- item_moments(raw, weights)
    center <- mom$center
    scale <- mom$scale
    constant <- colnames(raw)[mom$constant]
    if (length(constant)) {
      abort_input(
        c("Cannot standardise {cli::qty(length(constant))}{?a/} constant item{?s}: {.field {constant}}.",
          i = "Drop {cli::qty(length(constant))}{?it/them} from {.arg items}: a constant item does not separate types."),
        call = call
      )
    }
    x <- sweep(sweep(raw, 2, center), 2, scale, "/")
  }
  storage.mode(x) <- "double"
  missing <- input$missing
  missing$rows_dropped <- dropped_na
  list(
    x = x, raw = raw, items = colnames(raw), n = nrow(raw), p = ncol(raw),
    row_names = input$row_names[rows], rows = rows, n_input = n_input,
    weights = weights, missing = missing,
    settings = c(list(center = center, scale = scale, standardize = standardize),
                 input$settings)
  )
}

# Weighted centre and scale of every item (moments of the observed values;
# the scale with the factor n / (n - 1) for n rows), and which items are
# constant: all observed values equal, or a scale that is only rounding noise
# relative to the item's magnitude.
item_moments <- function(raw, weights = NULL) {
  w <- if (is.null(weights)) rep(1, nrow(raw)) else weights
  obs <- !is.na(raw)
  wo <- colSums(w * obs)
  center <- colSums(ifelse(obs, raw, 0) * w) / wo
  dev <- sweep(raw, 2, center)
  m <- colSums(obs)
  scale <- sqrt(colSums(ifelse(obs, dev^2, 0) * w) / wo * m / (m - 1))
  lo <- suppressWarnings(apply(raw, 2, min, na.rm = TRUE))
  hi <- suppressWarnings(apply(raw, 2, max, na.rm = TRUE))
  magnitude <- pmax(abs(lo), abs(hi))
  constant <- !(hi > lo) | !(scale > 64 * .Machine$double.eps * magnitude)
  list(center = center, scale = scale, constant = unname(constant))
}

na_hint <- function(available_ok) {
  if (available_ok) {
    "Use {.code na_action = \"available\"} to keep incomplete rows (types from the answered items), {.code na_action = \"omit\"} to drop them, or impute them first."
  } else {
    "Use {.code na_action = \"omit\"} to drop those rows, or impute them first."
  }
}

abort_available <- function(call) {
  abort_input(
    c("{.code na_action = \"available\"} is not available here.",
      i = "It keeps incomplete rows for the centre methods of {.fn typology} ({.val kmeans}) and for {.fn predict}.",
      i = "Otherwise use {.code na_action = \"omit\"} to drop incomplete rows, or impute them first."),
    call = call
  )
}

# The first half of prepare_items(), shared with latent class analysis: the
# item frame, selected (tidyselect or names), coded as numbers with declared
# missing values as NA, and the weights (a vector or a column of `data`;
# zero weights exclude a row). Returns x (n_input x p, unfiltered), rows (the
# rows with positive weight), weights (full length, or NULL), row_names,
# missing (declared and system-missing values per item, zero-weight rows),
# settings (items, kinds, levels, labels, value_labels, range).
read_items <- function(data, items, weights, allow_nominal, arg, call,
                       zero_weights_ok = TRUE) {
  df <- as_item_frame(data, arg = arg, call = call)
  wsel <- select_weights(df, weights, call = call)
  if (!is.null(wsel$column) && is_null_selection(items)) df <- df[setdiff(names(df), wsel$column)]
  df <- select_items(df, items, arg = arg, call = call)
  coded <- code_items(df, allow_nominal = allow_nominal, arg = arg, call = call)
  n_input <- nrow(coded$x)
  weights <- check_weights(wsel$weights, n_input, allow_zero = zero_weights_ok, call = call)
  rows <- seq_len(n_input)
  zero <- integer()
  if (!is.null(weights)) {
    zero <- which(weights == 0)
    if (length(zero) == n_input) {
      abort_input(c("{.arg weights} must not all be zero.",
                    i = "A weight of 0 excludes a row; at least two rows need a positive weight."),
                  call = call)
    }
    if (length(zero)) {
      rows <- setdiff(rows, zero)
      cli::cli_inform(
        c(i = "{length(zero)} row{?s} with weight 0 {?is/are} excluded (first: row{cli::qty(min(5, length(zero)))}{?s} {.val {utils::head(zero, 5)}})."),
        class = "typfrage_message_zero_weights"
      )
    }
  }
  x <- coded$x
  obs <- x[rows, , drop = FALSE]
  rng <- rbind(suppressWarnings(apply(obs, 2, min, na.rm = TRUE)),
               suppressWarnings(apply(obs, 2, max, na.rm = TRUE)))
  rng[!is.finite(rng)] <- NA_real_
  dimnames(rng) <- list(c("min", "max"), colnames(x))
  system <- colSums(is.na(obs)) - colSums(coded$declared[rows, , drop = FALSE])
  list(
    x = x, rows = rows, weights = weights, row_names = coded$row_names,
    missing = list(declared = colSums(coded$declared[rows, , drop = FALSE]),
                   system = system, zero_weight = length(zero)),
    settings = list(items = colnames(x), kinds = coded$kinds, levels = coded$levels,
                    labels = coded$labels, value_labels = coded$value_labels,
                    range = rng)
  )
}

# Code new data exactly as the fitted data were coded (for predict()).
# Returns the matrix in the fitted scale; attribute "raw" holds the coded
# values in original units.
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
    v <- df[[j]]
    if (!is.null(lev) && (is.factor(v) || is.character(v))) {
      ordered <- settings$kinds[[j]] == "ordinal"
      if (is.factor(v) && !is.ordered(v) && ordered) {
        abort_input(
          c("Item {.field {j}} of {.arg {arg}} is an unordered factor; the typology was built from ordered categories.",
            i = "Make it an ordered factor with the levels {.val {lev}}."),
          call = call
        )
      }
      unknown <- setdiff(unique(as.character(v[!is.na(v)])), lev)
      if (length(unknown)) {
        abort_input(
          c("Item {.field {j}} of {.arg {arg}} has categor{cli::qty(length(unknown))}{?y/ies} the typology does not know: {.val {unknown}}.",
            i = "Its categories are {.val {lev}}."),
          call = call
        )
      }
      df[[j]] <- factor(as.character(v), levels = lev, ordered = ordered)
    } else if (!is.null(lev) && is.numeric(v) && !inherits(v, "haven_labelled")) {
      abort_input(
        c("Item {.field {j}} of {.arg {arg}} is numeric; the typology was built from a factor with levels {.val {lev}}.",
          i = "Give it as a factor with these levels."),
        call = call
      )
    } else if (is.null(lev) && is.factor(v)) {
      abort_input(
        c("Item {.field {j}} of {.arg {arg}} is a factor; the typology was built from numbers.",
          i = "Give the numbers (codes) the typology was built from."),
        call = call
      )
    }
  }
  coded <- code_items(df, allow_nominal = TRUE, arg = arg, call = call)
  raw <- coded$x
  x <- raw
  if (isTRUE(settings$standardize)) {
    x <- sweep(sweep(x, 2, settings$center), 2, settings$scale, "/")
  }
  storage.mode(x) <- "double"
  attr(x, "raw") <- raw
  x
}

as_item_frame <- function(data, arg, call) {
  if (is.matrix(data) && (is.numeric(data) || is.logical(data))) {
    if (nrow(data) == 0L || ncol(data) == 0L) {
      abort_input(
        c("{.arg {arg}} must have at least one row and one column.",
          x = "It has {nrow(data)} row{?s} and {ncol(data)} column{?s}."),
        call = call
      )
    }
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

# `items` as the user's function captured it (a quosure from
# rlang::enquo()), or as a plain value: NULL, names, positions.
is_null_selection <- function(items) {
  is.null(items) || (rlang::is_quosure(items) && rlang::quo_is_null(items))
}

# The items: every column (NULL), column names, positions, or a tidyselect
# expression (`starts_with("f3_")`, `c(a, b)`, `where(is.numeric)`).
select_items <- function(df, items, arg, call, what = "items") {
  items <- selection_value(items)
  if (is.null(items)) {
    check_item_names(names(df), call = call)
    return(df)
  }
  if (rlang::is_quosure(items)) {
    pos <- tryCatch(
      tidyselect::eval_select(items, df, allow_rename = FALSE, error_call = call),
      error = function(e) {
        abort_input(
          c("{.arg {what}} must select columns of {.arg {arg}}.",
            x = "{conditionMessage(e)}",
            i = "{near_match_hint(all.vars(rlang::quo_get_expr(items)), names(df))}"),
          call = call, parent = e
        )
      }
    )
    if (!length(pos)) {
      abort_input("{.arg {what}} selects no column of {.arg {arg}}.", call = call)
    }
    check_item_names(names(df)[pos], call = call)
    return(df[pos])
  }
  if (is.numeric(items)) {
    if (length(items) == 0L || anyNA(items) ||
        any(items < 1 | items > ncol(df) | items != trunc(items))) {
      abort_input("{.arg {what}} must be column positions between 1 and {ncol(df)}.", call = call)
    }
    check_item_names(names(df)[unique(items)], call = call)
    return(df[unique(items)])
  }
  if (!is.character(items) || length(items) == 0L || anyNA(items)) {
    abort_input(
      c("{.arg {what}} must be column names, column positions or a tidyselect expression.",
        x = "You supplied {.obj_type_friendly {items}}."),
      call = call
    )
  }
  check_item_names(names(df), call = call, only = items)
  unknown <- setdiff(items, names(df))
  if (length(unknown)) {
    abort_input(
      c("{.arg {what}} names {cli::qty(length(unknown))}{?a column/columns} not in {.arg {arg}}: {.field {unknown}}.",
        i = "{near_match_hint(unknown, names(df))}"),
      call = call
    )
  }
  df[unique(items)]
}

# A quosure that evaluates without the data to a plain value (names,
# positions, NULL, or a quosure passed on by another verb) becomes that
# value; anything else (tidyselect helpers, bare column names) stays a
# quosure for tidyselect.
selection_value <- function(items) {
  while (rlang::is_quosure(items)) {
    if (rlang::quo_is_null(items)) return(NULL)
    expr <- rlang::quo_get_expr(items)
    if (rlang::is_symbol(expr) || rlang::is_call(expr)) {
      val <- tryCatch(suppressWarnings(rlang::eval_tidy(items)), error = function(e) e)
      if (inherits(val, "error") || !(is.null(val) || is.character(val) || is.numeric(val) ||
                                       rlang::is_quosure(val))) {
        return(items)
      }
      items <- val
    } else {
      items <- rlang::eval_tidy(items)
    }
  }
  items
}

# Item names must be present, non-empty and distinct: the fit, predict() and
# every table identify an item by its name.
check_item_names <- function(nms, call, only = NULL) {
  if (!is.null(only)) nms <- nms[nms %in% only]
  empty <- which(is.na(nms) | !nzchar(nms))
  if (length(empty)) {
    abort_input(
      c("Every item needs a name.",
        x = "Item{cli::qty(length(empty))}{?s} at position{?s} {.val {empty}} {?has/have} an empty or missing name.",
        i = "Name the columns, e.g. with {.code names(data) <- make.names(names(data), unique = TRUE)}."),
      call = call
    )
  }
  dup <- unique(nms[duplicated(nms)])
  if (length(dup)) {
    abort_input(
      c("Item names must be distinct.",
        x = "Used more than once: {.field {dup}}.",
        i = "Rename the columns, e.g. with {.code names(data) <- make.unique(names(data))}."),
      call = call
    )
  }
  invisible(nms)
}

# "Did you mean" for names not found among `choices`.
near_match_hint <- function(unknown, choices) {
  unknown <- setdiff(unknown, choices)
  near <- unique(unlist(lapply(unknown, function(u) {
    if (!nzchar(u)) return(character())
    d <- utils::adist(u, choices, ignore.case = TRUE)[1, ]
    utils::head(choices[order(d)][sort(d) <= max(2, nchar(u) %/% 3)], 3)
  })))
  near <- near[!is.na(near)]
  if (length(near)) {
    cli::format_inline("Did you mean {.field {utils::head(near, 6)}}?")
  } else {
    cli::format_inline("Available columns: {.field {utils::head(choices, 20)}}.")
  }
}

# Weights: NULL, a numeric vector, or a column of `df` named by a bare name
# or a string. Returns list(weights, column = the column's name or NULL).
select_weights <- function(df, weights, call) {
  if (rlang::is_quosure(weights)) {
    if (rlang::quo_is_null(weights)) return(list(weights = NULL, column = NULL))
    expr <- rlang::quo_get_expr(weights)
    if (rlang::is_symbol(expr) && rlang::as_string(expr) %in% names(df)) {
      name <- rlang::as_string(expr)
      return(list(weights = weight_column(df[[name]], name, call), column = name))
    }
    weights <- tryCatch(rlang::eval_tidy(weights), error = function(e) {
      abort_input(
        c("{.arg weights} must be a numeric vector or the name of a column of the data.",
          x = "{conditionMessage(e)}",
          i = if (rlang::is_symbol(expr)) "{near_match_hint(rlang::as_string(expr), names(df))}"),
        call = call
      )
    })
  }
  if (is.character(weights) && length(weights) == 1L && !is.na(weights)) {
    if (!weights %in% names(df)) {
      abort_input(
        c("{.arg weights} names a column not in the data: {.field {weights}}.",
          i = "{near_match_hint(weights, names(df))}"),
        call = call
      )
    }
    return(list(weights = weight_column(df[[weights]], weights, call), column = weights))
  }
  list(weights = weights, column = NULL)
}

weight_column <- function(v, name, call) {
  if (inherits(v, "haven_labelled") || inherits(v, "labelled")) {
    miss <- declared_missing(v)
    v <- unclass(v)
    attributes(v) <- NULL
    v[miss] <- NA
  }
  if (!is.numeric(v)) {
    abort_input(
      c("The weight column {.field {name}} must be numeric.",
        x = "It is {.obj_type_friendly {v}}."),
      call = call
    )
  }
  as.vector(v)
}

# TRUE where a value is missing as the data declare it: haven's
# labelled_spss user-missing codes (na_values, na_range) and Stata's tagged
# missing values. (System NA are FALSE here; they are NA anyway.)
declared_missing <- function(v) {
  x <- unclass(v)
  out <- rep(FALSE, length(x))
  na_values <- attr(v, "na_values", exact = TRUE)
  na_range <- attr(v, "na_range", exact = TRUE)
  if (!is.null(na_values)) out <- out | (!is.na(x) & x %in% na_values)
  if (!is.null(na_range) && is.numeric(x)) {
    out <- out | (!is.na(x) & x >= na_range[1] & x <= na_range[2])
  }
  if (is.double(x) && anyNA(x) && requireNamespace("haven", quietly = TRUE)) {
    out <- out | (is.na(x) & !is.na(haven::na_tag(x)))
  }
  out
}

# Value labels of a labelled column without the codes declared missing (a
# named numeric vector, or NULL).
value_labels_of <- function(v) {
  labs <- attr(v, "labels", exact = TRUE)
  if (is.null(labs) || !is.numeric(labs)) return(NULL)
  keep <- !is.na(labs) & !declared_missing(structure(unclass(labs), na_values = attr(v, "na_values", exact = TRUE),
                                                     na_range = attr(v, "na_range", exact = TRUE)))
  labs <- labs[keep]
  if (!length(labs)) return(NULL)
  labs <- labs[order(labs)]
  stats::setNames(as.double(unclass(labs)), names(labs))
}

# Numbers for every item, with the item's kind, (for factors) its levels,
# variable labels, value labels and which values the data declare missing.
code_items <- function(df, allow_nominal, arg, call) {
  p <- ncol(df)
  kinds <- stats::setNames(character(p), names(df))
  levels <- stats::setNames(vector("list", p), names(df))
  value_labels <- stats::setNames(vector("list", p), names(df))
  labels <- stats::setNames(rep(NA_character_, p), names(df))
  declared <- matrix(FALSE, nrow(df), p, dimnames = list(NULL, names(df)))
  cols <- vector("list", p)
  bad_type <- character()
  bad_nominal <- character()
  for (j in seq_len(p)) {
    v <- df[[j]]
    lab <- attr(v, "label", exact = TRUE)
    if (is.character(lab) && length(lab) == 1L && !is.na(lab) && nzchar(lab)) labels[j] <- lab
    if (inherits(v, "haven_labelled") || inherits(v, "labelled")) {
      miss <- declared_missing(v)
      vl <- value_labels_of(v)
      if (!is.null(vl)) value_labels[j] <- list(vl)
      v <- unclass(v)
      attributes(v) <- NULL
      if (is.numeric(v)) v[miss] <- NA
      declared[, j] <- miss
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
  list(x = x, kinds = kinds, levels = levels, row_names = row.names(df),
       labels = labels, value_labels = value_labels, declared = declared)
}

# Survey/case weights: NULL or non-negative finite numbers, one per row
# (zero only with allow_zero = TRUE: such a row is excluded by the caller).
check_weights <- function(weights, n, arg = "weights", allow_zero = FALSE,
                          call = rlang::caller_env()) {
  if (is.null(weights)) return(NULL)
  if (inherits(weights, "haven_labelled")) weights <- weight_column(weights, arg, call)
  if (!is.numeric(weights) || !is.null(dim(weights))) {
    abort_input(
      c("{.arg {arg}} must be a numeric vector (or the name of a column of the data).",
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
  bad <- which(is.na(weights) | !is.finite(weights) | weights < 0 | (!allow_zero & weights == 0))
  if (length(bad)) {
    what <- if (allow_zero) "missing, infinite or negative" else "missing, infinite, zero or negative"
    abort_input(
      c(if (allow_zero) "{.arg {arg}} must be non-negative, finite numbers (0 excludes a row)."
        else "{.arg {arg}} must be positive, finite numbers.",
        x = "{length(bad)} weight{?s} {?is/are} {what} (first: position{cli::qty(min(5, length(bad)))}{?s} {.val {utils::head(bad, 5)}})."),
      call = call
    )
  }
  as.double(weights)
}

# One line on what was treated as missing, for print methods (NULL if
# nothing was).
missing_lines <- function(m, lang = "en") {
  if (is.null(m)) return(character())
  declared <- sum(m$declared)
  system <- sum(m$system)
  out <- character()
  if (declared + system > 0) {
    out <- c(out, tr("missing_values", lang, fmt_int(declared + system, lang),
                     tr_n("value", declared + system, lang), fmt_int(declared, lang),
                     fmt_int(system, lang)))
  }
  if (isTRUE(m$rows_dropped > 0)) {
    out <- c(out, tr("rows_dropped", lang, fmt_int(m$rows_dropped, lang),
                     tr_n("row", m$rows_dropped, lang)))
  }
  if (isTRUE(m$zero_weight > 0)) {
    out <- c(out, tr("rows_zero_weight", lang, fmt_int(m$zero_weight, lang),
                     tr_n("row", m$zero_weight, lang)))
  }
  out
}
