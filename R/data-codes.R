# Coding items: declared missing values, value labels, and the conversion of
# every item kind to numbers.

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
  # positions of the values declared missing, per item (not an n x p mask)
  declared <- stats::setNames(rep(list(integer()), p), names(df))
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
      declared[[j]] <- which(miss)
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
    cols[[j]] <- v  # numbers, integer codes or logical-as-integer; not copied
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
  # the item matrix in one allocation, every column converted in C++ (no
  # double copy of each column, no unlist()): one copy of the data
  x <- cpp_columns_matrix(cols, nrow(df))
  dimnames(x) <- list(NULL, names(df))
  list(x = x, kinds = kinds, levels = levels, row_names = row.names(df),
       labels = labels, value_labels = value_labels, declared = declared)
}
