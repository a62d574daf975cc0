# Argument validators. Each one aborts with class "typfrage_error_input",
# naming the argument (`arg`) and the user's function (`call`), before any
# C++ runs.

check_flag <- function(x, arg = rlang::caller_arg(x), call = rlang::caller_env()) {
  if (!(is.logical(x) && length(x) == 1L && !is.na(x))) {
    abort_input(
      c("{.arg {arg}} must be `TRUE` or `FALSE`.",
        x = "You supplied {.obj_type_friendly {x}}."),
      call = call
    )
  }
  invisible(x)
}

# A single whole number >= min (and <= max).
check_count <- function(x, min = 1, max = Inf, arg = rlang::caller_arg(x),
                        call = rlang::caller_env()) {
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) &&
    x == trunc(x) && x >= min && x <= max
  if (!ok) {
    range <- if (is.finite(max)) "between {min} and {max}" else "{min} or more"
    abort_input(
      c(paste0("{.arg {arg}} must be a single whole number, ", range, "."),
        x = if (is.numeric(x) && length(x) == 1L) "You supplied {.val {x}}."
            else "You supplied {.obj_type_friendly {x}}."),
      call = call
    )
  }
  invisible(x)
}

# A single number in [min, max] (`open = TRUE`: in the open interval).
check_number <- function(x, min = -Inf, max = Inf, open = FALSE, arg = rlang::caller_arg(x),
                         call = rlang::caller_env()) {
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) &&
    (if (open) x > min && x < max else x >= min && x <= max)
  if (!ok) {
    abort_input(
      c(paste0("{.arg {arg}} must be a single number ", if (open) "strictly ",
               "between {min} and {max}."),
        x = if (is.numeric(x) && length(x) == 1L) "You supplied {.val {x}}."
            else "You supplied {.obj_type_friendly {x}}."),
      call = call
    )
  }
  invisible(x)
}

# Cluster labels: an atomic vector (integer, numeric, factor, character,
# logical) or a fitted object with a `$cluster` component, without NA.
# Returns list(codes = 1-based integer codes, levels = the labels, k).
as_labels <- function(x, arg = rlang::caller_arg(x), call = rlang::caller_env()) {
  force(arg)  # before `x` is replaced by its `$cluster` (else the name is lost)
  if (inherits(x, "typology")) check_typology(x, arg = arg, call = call)
  if (is.list(x) && !is.data.frame(x) && !is.null(x[["cluster"]])) {
    x <- x[["cluster"]]
  }
  if (!(is.atomic(x) && is.null(dim(x))) || is.complex(x) || is.raw(x)) {
    abort_input(
      c("{.arg {arg}} must be a vector of cluster labels (integer, factor or character).",
        x = "You supplied {.obj_type_friendly {x}}."),
      call = call
    )
  }
  if (length(x) == 0L) {
    abort_input("{.arg {arg}} must not be empty.", call = call)
  }
  bad <- which(is.na(x))
  if (length(bad)) {
    abort_input(
      c("{.arg {arg}} must not contain missing labels.",
        x = "{length(bad)} label{?s} {?is/are} missing (first: position{cli::qty(min(5, length(bad)))}{?s} {.val {utils::head(bad, 5)}}).",
        i = "Drop those observations from both partitions first."),
      call = call
    )
  }
  if (is.factor(x)) {
    f <- droplevels(x)
    return(list(codes = as.integer(f), levels = levels(f), k = nlevels(f), original = x))
  }
  # match() against the sorted distinct values: much faster than factor(),
  # which converts numbers to strings.
  u <- sort(unique(x))
  list(codes = match(x, u), levels = as.character(u), k = length(u), original = x)
}

# One entry per row of the data: `x` must be `ok` (else "must be {type}"),
# then have `n` entries (its length; its rows for a data frame or matrix).
# `one` ("one value per row of the data") and `have` word the second error;
# `have` may use {n}, {size} and {arg}.
check_per_row <- function(x, n, ok, type, one, have, hint = NULL, arg,
                          call = rlang::caller_env()) {
  if (!ok) {
    abort_input(c(paste0("{.arg {arg}} must be ", type, "."),
                  x = "You supplied {.obj_type_friendly {x}}."), call = call)
  }
  size <- if (is.null(dim(x))) length(x) else nrow(x)
  if (size != n) {
    abort_input(c(paste0("{.arg {arg}} must have ", one, "."), x = have, i = hint), call = call)
  }
  invisible(x)
}

check_same_length <- function(x, y, x_arg, y_arg, call = rlang::caller_env()) {
  if (length(x) != length(y)) {
    abort_input(
      c("{.arg {x_arg}} and {.arg {y_arg}} must have the same length.",
        x = "{.arg {x_arg}} has length {length(x)}, {.arg {y_arg}} has length {length(y)}."),
      call = call
    )
  }
  invisible(TRUE)
}

# One of a set of strings: the one choice validator of the package. The
# untouched default (the whole `choices` vector, as in `arg = c("a", "b")`)
# means the first choice. `choices = NULL` takes them from that default in
# the formals of the function that calls check_choice(). Returns the choice.
check_choice <- function(x, choices = NULL, ..., arg = rlang::caller_arg(x),
                         call = rlang::caller_env()) {
  check_dots_empty_input()
  if (is.null(choices)) choices <- eval(formals(sys.function(sys.parent()))[[arg]])
  if (identical(x, choices)) return(choices[1])
  if (is.character(x) && length(x) > 1L) {
    abort_input(
      c("{.arg {arg}} must be a single string, one of {.or {.val {choices}}}.",
        x = "You supplied {length(x)} strings: {.val {x}}."),
      call = call
    )
  }
  if (!(is.character(x) && length(x) == 1L && !is.na(x) && x %in% choices)) {
    near <- if (is.character(x) && length(x) == 1L && !is.na(x)) near_choice(x, choices)
    abort_input(
      c("{.arg {arg}} must be one of {.or {.val {choices}}}.",
        x = if (is.character(x) && length(x) == 1L) "You supplied {.val {x}}."
            else "You supplied {.obj_type_friendly {x}}.",
        i = if (length(near)) "Did you mean {.val {near}}?"),
      call = call
    )
  }
  x
}

# The choices closest to the typos `unknown` (at most 3 each, within an edit
# distance of max(2, a third of the typo's letters), case ignored).
near_names <- function(unknown, choices) {
  near <- unique(unlist(lapply(unknown, function(u) {
    if (is.na(u) || !nzchar(u)) return(character())
    d <- utils::adist(u, choices, ignore.case = TRUE)[1, ]
    utils::head(choices[order(d)][sort(d) <= max(2, nchar(u) %/% 3)], 3)
  })))
  near[!is.na(near)]
}

near_choice <- function(x, choices) utils::head(near_names(x, choices), 1)
