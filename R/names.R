# Type names and item labels: name_types(), suggest_names(), and the helpers
# every print and plot uses (type_labels(), resolve_labels()).

# The labels of the types of a fit (a typology or any object with `k` and
# `type_names`): the names set by name_types(), else "Type 1".."Type k"
# ("Typ 1".. in German; stored tables use English, prints and plots `lang`).
type_labels <- function(fit, lang = "en") {
  if (!is.null(fit$type_names)) return(as.character(fit$type_names))
  tr("type_n", lang, seq_len(fit$k))
}

#' Name the types of a typology
#'
#' Attaches names to the types, for example the four types of the
#' municipal digitalisation study ("Bed\enc{ä}{ae}chtige", "Optimierer",
#' "Serviceorientierte", "Community Manager"). Every later print, plot,
#' table and [steckbrief()] uses them instead of "Type 1", "Type 2", ...
#'
#' @param fit A `typology` (or a `typology_profiles` object from
#'   [profiles()]).
#' @param names A character vector with one distinct, non-empty name per type,
#'   in the order of the types (type 1 first). `NULL` removes the names.
#' @return `fit` with its `type_names` set.
#' @seealso [suggest_names()] to propose names from the items that
#'   characterise each type.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 4, standardize = TRUE, seed = 1)
#' fit <- name_types(fit, c("Bed\u00e4chtige", "Optimierer",
#'                          "Serviceorientierte", "Community Manager"))
#' fit$type_names
name_types <- function(fit, names) {
  check_typology_or_profiles(fit)
  if (is.null(names)) {
    fit["type_names"] <- list(NULL)
    return(relabel_types(fit))
  }
  if (is.factor(names)) names <- as.character(names)
  if (!is.character(names) || !is.null(dim(names))) {
    abort_input(
      c("{.arg names} must be a character vector.",
        x = "You supplied {.obj_type_friendly {names}}."),
      class = "typfrage_error_names"
    )
  }
  if (length(names) != fit$k) {
    abort_input(
      c("{.arg names} must have one name per type.",
        x = "The typology has {fit$k} type{?s}; {.arg names} has length {length(names)}."),
      class = "typfrage_error_names"
    )
  }
  empty <- which(is.na(names) | !nzchar(trimws(names)))
  if (length(empty)) {
    abort_input(
      c("{.arg names} must not contain missing or empty names.",
        x = "{cli::qty(length(empty))}Name{?s} for type{?s} {.val {empty}} {cli::qty(length(empty))}{?is/are} missing or empty."),
      class = "typfrage_error_names"
    )
  }
  dup <- unique(names[duplicated(names)])
  if (length(dup)) {
    abort_input(
      c("{.arg names} must be distinct.",
        x = "Used more than once: {.val {dup}}."),
      class = "typfrage_error_names"
    )
  }
  fit$type_names <- unname(names)
  relabel_types(fit)
}

# Profiles carry the type labels in their tables: renew them after renaming.
relabel_types <- function(fit) {
  if (!inherits(fit, "typology_profiles")) return(fit)
  labs <- type_labels(fit)
  fit$profile$type_label <- labs[fit$profile$type]
  for (m in c("means", "sds", "z", "d")) rownames(fit[[m]]) <- labs
  for (m in c("size", "weight", "share")) names(fit[[m]]) <- labs
  for (nm in names(fit$covariates)) {
    cv <- fit$covariates[[nm]]
    if (cv$kind == "categorical") {
      for (m in c("table", "row_share", "col_share", "expected", "residual")) {
        rownames(cv[[m]]) <- labs
      }
    } else {
      cv$means$type_label <- labs
    }
    fit$covariates[[nm]] <- cv
  }
  fit
}

#' Suggest names for the types from their most distinctive items
#'
#' Proposes a name for every type from the label of the item that type
#' prioritises most compared with all other types (the largest Cohen's d in
#' [profiles()]). When two types would get the same name, the later one takes
#' its next item. The suggestions are a starting point: read the profiles and
#' confirm or change them, then attach them with [name_types()].
#'
#' @param fit A `typology` or a `typology_profiles` object.
#' @param labels An optional codebook of item labels (see [profiles()]);
#'   without one the item names are used.
#' @return A character vector with one suggested name per type. Its attribute
#'   `"basis"` is a data frame with the type, the item the name comes from,
#'   its label and Cohen's d.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 4, standardize = TRUE, seed = 1)
#' suggest_names(fit, c(Murder = "Murder", Assault = "Assault",
#'                      UrbanPop = "Urban population", Rape = "Rape"))
suggest_names <- function(fit, labels = NULL) {
  check_typology_or_profiles(fit)
  prof <- if (inherits(fit, "typology_profiles")) fit else profiles(fit, labels = labels)
  lab <- if (is.null(labels)) prof$labels else
    resolve_labels(labels, prof$items, defaults = prof$labels)
  d <- prof$d
  k <- nrow(d)
  chosen <- character(k)
  item <- character(k)
  d_used <- numeric(k)
  for (t in seq_len(k)) {
    ord <- order(-d[t, ], na.last = NA)
    if (!length(ord)) ord <- seq_len(ncol(d))
    candidates <- unname(lab[colnames(d)[ord]])
    pick <- which(!candidates %in% chosen)[1]
    if (is.na(pick)) {
      pick <- 1L
      candidates[1] <- paste(candidates[1], t)
    }
    chosen[t] <- candidates[pick]
    item[t] <- colnames(d)[ord[pick]]
    d_used[t] <- d[t, ord[pick]]
  }
  structure(chosen, basis = data.frame(
    type = seq_len(k), item = item, label = chosen, d = d_used,
    stringsAsFactors = FALSE
  ))
}

# A codebook (data frame with `variable` and a label column, or a named
# character vector) to a named character vector of labels for `vars`, falling
# back to the variable name where the codebook has no label. The label column
# of a data frame: `label`, else `label_<lang>` (e.g. `label_de` in German, as
# in `kommunen_items`), else the first other character column.
resolve_labels <- function(labels, vars, arg = "labels", call = rlang::caller_env(),
                           defaults = NULL, lang = NULL) {
  out <- stats::setNames(vars, vars)
  if (!is.null(defaults)) {  # labels the data carry (SPSS/Stata variable labels)
    hit <- intersect(vars, names(defaults))
    hit <- hit[!is.na(defaults[hit]) & nzchar(defaults[hit])]
    out[hit] <- defaults[hit]
  }
  if (is.null(labels)) return(out)
  if (is.list(labels) && !is.data.frame(labels) && !is.null(names(labels)) &&
      all(vapply(labels, function(v) is.null(v) || (is.character(v) && length(v) == 1L),
                 logical(1)))) {
    # sapply(data, attr, "label") with some columns unlabelled
    labels <- vapply(labels, function(v) if (is.null(v)) NA_character_ else v, "")
  }
  if (is.data.frame(labels)) {
    if (!"variable" %in% names(labels)) {
      abort_input(
        c("A codebook in {.arg {arg}} must have a column {.field variable}.",
          x = "Its columns are {.field {names(labels)}}."),
        call = call
      )
    }
    by_lang <- paste0("label_", typfrage_lang(lang))
    label_col <- if ("label" %in% names(labels)) "label" else
      if (by_lang %in% names(labels)) by_lang else {
      cand <- setdiff(names(labels), "variable")
      cand <- cand[vapply(labels[cand], function(v) is.character(v) || is.factor(v), logical(1))]
      if (!length(cand)) {
        abort_input(
          c("A codebook in {.arg {arg}} needs a column of labels.",
            i = "Add a character column {.field label} next to {.field variable}."),
          call = call
        )
      }
      cand[1]
    }
    labels <- stats::setNames(as.character(labels[[label_col]]),
                              as.character(labels$variable))
  }
  if (!is.character(labels) || is.null(names(labels))) {
    abort_input(
      c("{.arg {arg}} must be a named character vector or a data frame with columns {.field variable} and {.field label}.",
        x = "You supplied {.obj_type_friendly {labels}}."),
      call = call
    )
  }
  hit <- intersect(vars, names(labels))
  hit <- hit[!is.na(labels[hit]) & nzchar(labels[hit])]
  out[hit] <- labels[hit]
  out
}

#' The codebook of a data set or typology: variable and value labels
#'
#' Returns the labels typfrage reads from the data by itself: the variable
#' labels (attribute `"label"`, as `haven::read_sav()` and
#' `haven::read_dta()` set them), the value labels (attribute `"labels"`)
#' and the codes the data declare missing (SPSS user-missing values). Every
#' table, plot and [steckbrief()] uses the variable labels without further
#' ado; edit the codebook and pass it as `labels` to [profiles()],
#' [steckbrief()] or [suggest_names()] to change them (a codebook given there
#' overrides the labels of the data).
#'
#' @param x A data frame (for example from `haven::read_sav()`), or a
#'   `typology`: then the codebook of its items as the fit read them.
#' @return A data frame with one row per variable: `variable`, `label`
#'   (`NA` where the data carry none), `values` (the value labels as
#'   `"1 = ...; 2 = ..."`, without the codes declared missing) and `missing`
#'   (the codes declared missing).
#' @export
#' @examples
#' d <- data.frame(q1 = 1:3, q2 = c(2, 9, 1))
#' attr(d$q1, "label") <- "Wie wichtig ist Ihnen ...?"
#' codebook(d)
#' fit <- typology(kommunen, k = 4, items = kommunen_items$variable, seed = 1)
#' head(codebook(fit))
codebook <- function(x) {
  if (inherits(x, "typology")) {
    s <- x$settings
    items <- s$items
    lab <- if (is.null(s$labels)) rep(NA_character_, length(items)) else unname(s$labels[items])
    vals <- vapply(items, function(j) format_value_labels(s$value_labels[[j]]), "")
    return(data.frame(variable = items, label = lab, values = unname(vals),
                      missing = NA_character_, stringsAsFactors = FALSE))
  }
  if (!is.data.frame(x)) {
    abort_input(
      c("{.arg x} must be a data frame or a typology.",
        x = "You supplied {.obj_type_friendly {x}}.")
    )
  }
  rows <- lapply(names(x), function(nm) {
    v <- x[[nm]]
    lab <- attr(v, "label", exact = TRUE)
    lab <- if (is.character(lab) && length(lab) == 1L) lab else NA_character_
    na_values <- attr(v, "na_values", exact = TRUE)
    na_range <- attr(v, "na_range", exact = TRUE)
    miss <- c(if (length(na_values)) paste(na_values, collapse = ", "),
              if (length(na_range)) paste(na_range, collapse = " to "))
    data.frame(variable = nm, label = lab, values = format_value_labels(value_labels_of(v)),
               missing = if (length(miss)) paste(miss, collapse = "; ") else NA_character_,
               stringsAsFactors = FALSE)
  })
  do.call(rbind, rows)
}

format_value_labels <- function(vl) {
  if (is.null(vl) || !length(vl)) return(NA_character_)
  paste(paste(as.character(unname(vl)), "=", names(vl)), collapse = "; ")
}
