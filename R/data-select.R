# Reading the user's data: the item frame, the selection of items (names,
# positions, tidyselect), item names, and weights given as a column.

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
  near <- near_names(setdiff(unknown, choices), choices)
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
