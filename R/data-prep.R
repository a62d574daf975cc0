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
  na_action <- check_choice(na_action, call = call)
  if (na_action == "pairwise" && !pairwise_ok) abort_pairwise(call)
  if (na_action == "available" && !available_ok) abort_available(call)
  check_flag(standardize, arg = "standardize", call = call)
  input <- read_items(data, items, weights, allow_nominal = allow_nominal,
                      zero_weights_ok = zero_weights_ok, arg = arg, call = call)
  raw <- input$x
  n_input <- nrow(raw)
  weights <- input$weights
  rows <- input$rows  # rows with a positive weight

  usable <- usable_rows(raw, rows, na_action, available_ok, input$missing, arg, call)
  raw <- usable$raw
  rows <- usable$rows
  dropped_na <- usable$dropped
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
    mom <- standardize_moments(raw, weights, call)
    center <- mom$center
    scale <- mom$scale
    x <- standardize_items(raw, list(standardize = TRUE, center = center, scale = scale))
  }
  if (!is.double(x)) storage.mode(x) <- "double"
  missing <- input$missing
  missing$rows_dropped <- dropped_na
  list(
    x = x, raw = raw, items = colnames(raw), n = nrow(raw), p = ncol(raw),
    row_names = if (length(rows) == n_input) input$row_names else input$row_names[rows],
    rows = rows, n_input = n_input,
    weights = weights, missing = missing,
    settings = c(list(center = center, scale = scale, standardize = standardize),
                 input$settings)
  )
}

# The rows of `raw` the fit uses: those in `rows` (positive weight) without
# missing or infinite items ("fail": an error; "omit": dropped), or, for
# "pairwise" and "available", with NA kept as NaN (infinite values and rows
# without any answered item are errors). list(raw = those rows, rows, dropped).
usable_rows <- function(raw, rows, na_action, available_ok, missing, arg, call) {
  # "pairwise" and "available" keep NA/NaN (as NaN, skipped by the distance);
  # infinite values and rows without any observed item are still errors.
  # Column by column: no n x p mask of the data.
  keep_na <- na_action %in% c("pairwise", "available")
  n <- nrow(raw)
  restrict <- length(rows) < n
  if (keep_na) {
    bad_row <- logical(n)
    n_na <- integer(n)
    for (j in seq_len(ncol(raw))) {
      v <- raw[, j]
      na <- is.na(v)
      if (any(na)) {
        v[na] <- NaN
        raw[, j] <- v
        n_na <- n_na + na
      }
      bad_row <- bad_row | is.infinite(v)
    }
    bad_row <- bad_row | n_na == ncol(raw)
  } else {
    counts <- cpp_row_nonfinite(raw)  # columns.hpp: no n x p mask
    bad_row <- counts$missing + counts$infinite > 0L
  }
  if (restrict) bad_row[-rows] <- FALSE
  bad_rows <- which(bad_row)
  if (length(bad_rows) && keep_na) {
    abort_input(
      c("{.arg {arg}} must not contain infinite values or rows without any answered item.",
        x = "{length(bad_rows)} row{?s} {?has/have} Inf or only missing items (first: row{cli::qty(min(5, length(bad_rows)))}{?s} {.val {utils::head(bad_rows, 5)}}).",
        i = "Drop those rows first."),
      call = call, class = "typfrage_error_missing"
    )
  }
  if (length(bad_rows)) {
    bad_items <- colnames(raw)[vapply(seq_len(ncol(raw)), function(j) {
      any(!is.finite(raw[bad_rows, j]))
    }, logical(1))]
    if (na_action == "fail") {
      n_bad <- length(bad_rows)
      first <- utils::head(bad_rows, 5)
      declared <- sum(missing$declared)
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
  list(raw = take_rows(raw, rows), rows = rows, dropped = length(bad_rows))
}

# Weighted centre and scale of every item for standardize = TRUE; constant
# items are an error.
standardize_moments <- function(raw, weights, call) {
  mom <- item_moments(raw, weights)
  constant <- colnames(raw)[mom$constant]
  if (length(constant)) {
    abort_input(
      c("Cannot standardise {cli::qty(length(constant))}{?a/} constant item{?s}: {.field {constant}}.",
        i = "Drop {cli::qty(length(constant))}{?it/them} from {.arg items}: a constant item does not separate types."),
      call = call
    )
  }
  mom
}

# Weighted centre and scale of every item (moments of the observed values;
# the scale with the factor n / (n - 1) for n rows), and which items are
# constant: all observed values equal, or a scale that is only rounding noise
# relative to the item's magnitude.
item_moments <- function(raw, weights = NULL) {
  # column by column, in the order of the matrix formulas colSums(w * obs),
  # colSums(ifelse(obs, raw, 0) * w), ...; for an item without missing
  # values (obs all TRUE) those are the same numbers through one column
  # temporary instead of eight (#26): the centre from colSums() (a long
  # double sum, as sum()) without weights, the range from cpp_column_summary()
  if (!is.double(raw)) storage.mode(raw) <- "double"
  p <- ncol(raw)
  m_all <- nrow(raw)
  cs <- cpp_column_summary(raw, integer(), FALSE)  # NaN skipped, +-Inf counted
  complete <- cs$missing == 0
  sums <- if (is.null(weights) && any(complete)) colSums(raw)
  w_all <- if (is.null(weights)) as.double(m_all) else sum(weights)
  center <- scale <- lo <- hi <- stats::setNames(numeric(p), colnames(raw))
  for (j in seq_len(p)) {
    if (complete[[j]]) {
      center[j] <- if (is.null(weights)) sums[[j]] / w_all else sum(raw[, j] * weights) / w_all
      ss <- if (is.null(weights)) sum((raw[, j] - center[[j]])^2)
            else sum((raw[, j] - center[[j]])^2 * weights)
      scale[j] <- sqrt(ss / w_all * m_all / (m_all - 1))
      lo[j] <- cs$min[[j]]
      hi[j] <- cs$max[[j]]
      next
    }
    w <- if (is.null(weights)) rep(1, m_all) else weights
    v <- raw[, j]
    obs <- !is.na(v)
    wo <- sum(w * obs)
    center[j] <- sum(ifelse(obs, v, 0) * w) / wo
    dev <- v - center[[j]]
    m <- sum(obs)
    scale[j] <- sqrt(sum(ifelse(obs, dev^2, 0) * w) / wo * m / (m - 1))
    lo[j] <- suppressWarnings(min(v, na.rm = TRUE))
    hi[j] <- suppressWarnings(max(v, na.rm = TRUE))
  }
  magnitude <- pmax(abs(lo), abs(hi))
  constant <- !(hi > lo) | !(scale > 64 * .Machine$double.eps * magnitude)
  list(center = center, scale = scale, constant = unname(constant))
}

# The rows `rows` of the matrix x, without a copy when they are all of them.
take_rows <- function(x, rows) {
  if (length(rows) == nrow(x) && (!length(rows) || (rows[1] == 1 && rows[length(rows)] == nrow(x)))) {
    return(x)
  }
  x[rows, , drop = FALSE]
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
  # per item, without an n x p copy: range and missing values of the used rows
  all_rows <- length(rows) == n_input
  cs <- cpp_column_summary(x, if (all_rows) integer() else as.integer(rows), FALSE)
  rng <- rbind(cs$min, cs$max)
  dimnames(rng) <- list(c("min", "max"), colnames(x))
  na_count <- stats::setNames(cs$missing, colnames(x))
  rng[!is.finite(rng)] <- NA_real_
  declared <- vapply(coded$declared, function(pos) {
    as.double(if (all_rows) length(pos) else sum(pos %in% rows))
  }, numeric(1))
  system <- na_count - declared
  list(
    x = x, rows = rows, weights = weights, row_names = coded$row_names,
    missing = list(declared = declared, system = system, zero_weight = length(zero)),
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
  x <- standardize_items(raw, settings)
  if (!is.double(x)) storage.mode(x) <- "double"
  attr(x, "raw") <- raw
  x
}

# Survey/case weights: NULL or non-negative finite numbers, one per row
# (zero only with allow_zero = TRUE: such a row is excluded by the caller).
check_weights <- function(weights, n, arg = "weights", allow_zero = FALSE,
                          call = rlang::caller_env()) {
  if (is.null(weights)) return(NULL)
  if (inherits(weights, "haven_labelled")) weights <- weight_column(weights, arg, call)
  check_per_row(weights, n, ok = is.numeric(weights) && is.null(dim(weights)),
                type = "a numeric vector (or the name of a column of the data)",
                one = "one value per row of the data",
                have = "The data have {n} row{?s}; {.arg {arg}} has length {size}.",
                arg = arg, call = call)
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
