# add_types(): the types of a typology written back to the user's data as
# SPSS/Stata-ready columns (haven-labelled integers with value labels).

#' Write the types back to the data, ready for SPSS and Stata
#'
#' Adds the type of every row to `data` as an integer column `1..k` of class
#' `haven_labelled` whose value labels are the type names (the names set by
#' [name_types()], else "Type 1", "Type 2", ...) and whose variable label
#' says where it comes from (e.g. "Type (k-means, 4 types)"). Written with
#' [haven::write_sav()] or [haven::write_dta()], it arrives in SPSS or Stata
#' as a labelled variable. Rows the typology did not use (dropped by
#' `na_action = "omit"`, untyped rows of [as_typology()]) are `NA`.
#'
#' With `prob = TRUE`, a latent class typology (`method = "lca"`) also gets
#' the posterior probability of every type, `<name>_p1` ... `<name>_pk`. With
#' `distance = TRUE`, a typology with centres or medoids (k-means, Ward, PAM)
#' gets the distance of every row to every type's centre (or medoid),
#' `<name>_d1` ... `<name>_dk`: the distance the typology was fitted with
#' (Euclidean for k-means and Ward, the PAM distance otherwise), in the
#' fitted scale (standardised items when `standardize = TRUE`); `NA` for rows
#' with missing items. Partitions made elsewhere and PAM fits on a `dist`
#' object have no distances. Every added column has a variable label
#' (attribute `label`) naming the type; labels are cut to the 80 characters
#' Stata allows.
#'
#' @section Names:
#' `name` must be a valid variable name in SPSS and Stata: letters, digits
#' and `_`, starting with a letter, at most 32 characters including the
#' suffixes `_p<k>` and `_d<k>`, and not a reserved word of either program
#' (such as `ALL`, `BY`, `TO`, `if`, `in`, `int`). SPSS does not tell upper
#' from lower case, so a column that differs only in case counts as
#' existing. Existing columns are replaced only with `overwrite = TRUE`.
#'
#' @param data The data the typology was built from (a data frame with one
#'   row per row of that data, in the same order).
#' @param fit A `typology` (from [typology()] or [as_typology()]).
#' @param name Name of the type column, and the stem of the probability and
#'   distance columns.
#' @param prob Add the posterior type probabilities (latent class typologies
#'   only)?
#' @param distance Add the distances to the type centres or medoids?
#' @param overwrite Replace columns of `data` that have the names of the
#'   added columns? With `FALSE` (the default) such a clash is an error.
#' @return `data` with the added columns.
#' @seealso [augment()][typology-tidiers] for the types as a factor.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' fit <- name_types(fit, c("Low", "Middle", "High"))
#' out <- add_types(USArrests, fit)
#' head(out)
#' attr(out$type, "labels")
#' \dontrun{
#' haven::write_sav(out, "arrests.sav")
#' haven::write_dta(out, "arrests.dta")
#' }
add_types <- function(data, fit, name = "type", prob = TRUE, distance = TRUE,
                      overwrite = FALSE) {
  call <- rlang::current_env()
  check_typology(fit, call = call)
  if (!is.data.frame(data)) {
    abort_input(
      c("{.arg data} must be a data frame.",
        x = "You supplied {.obj_type_friendly {data}}.",
        i = "Convert a matrix with {.code as.data.frame()} first."),
      call = call
    )
  }
  n <- length(fit$cluster)
  if (nrow(data) != n) {
    abort_input(
      c("{.arg data} must have one row per row of the data the typology was built from.",
        x = "The typology was built from {n} row{?s}; {.arg data} has {nrow(data)}."),
      call = call
    )
  }
  check_flag(prob, arg = "prob", call = call)
  check_flag(distance, arg = "distance", call = call)
  check_flag(overwrite, arg = "overwrite", call = call)
  k <- as.integer(fit$k)
  check_variable_name(name, k, call = call)
  rlang::check_installed("haven", "to write SPSS/Stata-ready type columns.", call = call)

  add_prob <- prob && identical(fit$method, "lca") && !is.null(fit$posterior)
  d <- if (distance) type_distances(fit, data, call = call) else NULL
  new <- c(name,
           if (add_prob) paste0(name, "_p", seq_len(k)),
           if (!is.null(d)) paste0(name, "_d", seq_len(k)))
  clash <- names(data)[tolower(names(data)) %in% tolower(new)]
  if (length(clash) && !overwrite) {
    abort_input(
      c("{.arg data} already has {cli::qty(length(clash))}{?a column/columns} {.field {clash}}.",
        i = "Choose another {.arg name}, or use {.code overwrite = TRUE} to replace {cli::qty(length(clash))}{?it/them}."),
      call = call
    )
  }
  drop <- setdiff(clash, new)  # same name up to case: SPSS would clash
  if (length(drop)) data <- data[setdiff(names(data), drop)]

  labs <- type_labels(fit)
  data[[name]] <- haven::labelled(
    as.integer(fit$cluster),
    labels = stats::setNames(seq_len(k), labs),
    label = stata_label(sprintf("Type (%s, %d type%s)", method_label(fit$method), k,
                                if (k == 1L) "" else "s"))
  )
  ref <- type_reference(fit)
  if (add_prob) {
    post <- fit$posterior
    for (t in seq_len(k)) {
      data[[paste0(name, "_p", t)]] <- structure(
        as.double(post[, t]),
        label = stata_label(sprintf("Probability of %s", ref[t]))
      )
    }
  }
  if (!is.null(d)) {
    what <- if (!is.null(fit$medoids)) "medoid" else "centre"
    for (t in seq_len(k)) {
      data[[paste0(name, "_d", t)]] <- structure(
        as.double(d[, t]),
        label = stata_label(sprintf("Distance to the %s of %s", what, ref[t]))
      )
    }
  }
  data
}

# Distances of every fitted row to every type's centre (or medoid), as
# predict(type = "distance") gives them (fitted scale, the fit's distance;
# NA for rows not used); NULL when the typology has no prototypes (LCA,
# partitions made elsewhere, PAM on a dist object).
type_distances <- function(fit, data, call = rlang::caller_env()) {
  if (is.null(fit$settings$prototypes) || fit$method %in% c("lca", "external") ||
      identical(fit$settings$distance, "stored")) {
    return(NULL)
  }
  unname(stats::predict(fit, type = "distance"))
}

# "type 2" or "type 2 (Optimierer)" for variable labels.
type_reference <- function(fit) {
  ref <- paste("type", seq_len(fit$k))
  if (!is.null(fit$type_names)) ref <- sprintf("%s (%s)", ref, fit$type_names)
  ref
}

# Stata's variable labels have at most 80 characters.
stata_label <- function(x) {
  if (nchar(x) > 80L) x <- paste0(substr(x, 1L, 77L), "...")
  x
}

# Reserved words: SPSS (any case) and Stata (case-sensitive; those that start
# with a letter).
spss_reserved <- c("ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT",
                   "OR", "TO", "WITH")
stata_reserved <- c("byte", "double", "float", "if", "in", "int", "long", "strL",
                    "using", "with")

# A name valid in SPSS and Stata, also with the suffixes _p<k> and _d<k>.
check_variable_name <- function(name, k, arg = "name", call = rlang::caller_env()) {
  if (!(is.character(name) && length(name) == 1L && !is.na(name))) {
    abort_input(
      c("{.arg {arg}} must be a single string.",
        x = "You supplied {.obj_type_friendly {name}}."),
      call = call
    )
  }
  max_len <- 32L - nchar(paste0("_p", k))
  problem <- if (!grepl("^[A-Za-z][A-Za-z0-9_]*$", name)) {
    "It must start with a letter and contain only letters, digits and {.code _}."
  } else if (nchar(name) > max_len) {
    "It has {nchar(name)} characters; with the suffixes {.code _p{k}} and {.code _d{k}} at most {max_len} fit in the 32 characters SPSS and Stata allow."
  } else if (toupper(name) %in% spss_reserved || name %in% stata_reserved) {
    "{.val {name}} is a reserved word in SPSS or Stata."
  }
  if (!is.null(problem)) {
    abort_input(
      c("{.arg {arg}} must be a valid variable name in SPSS and Stata.",
        x = problem,
        i = "Use a name such as {.val type} or {.val type_kmeans4}."),
      call = call
    )
  }
  invisible(name)
}
