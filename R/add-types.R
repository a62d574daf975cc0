#' Write the types back to the data, ready for SPSS and Stata
#'
#' Adds the type of every row to `data` as a labelled integer column
#' (`haven::labelled()`: values 1..k, value labels = the type names of
#' [name_types()], a variable label), so that `haven::write_sav()` and
#' `haven::write_dta()` write it in one line. Rows the typology did not use
#' (dropped by `na_action`, excluded by a weight of 0) get `NA`. For latent
#' class typologies the posterior probabilities of every type are added as
#' `<name>_p1`, `<name>_p2`, ...; for the centre methods (k-means, PAM, Ward)
#' the distance of every row to each type's centre or medoid as
#' `<name>_d1`, ... (as `predict(fit, type = "distance")`), each with a
#' variable label naming the type.
#'
#' @param data The data the typology was built from (one row per row of it),
#'   for example as read by `haven::read_sav()`.
#' @param fit A `typology`.
#' @param name Name of the type column: letters, digits and `_`, starting
#'   with a letter, at most 32 characters (valid in SPSS and Stata).
#' @param prob,distance Add the posterior probabilities (LCA) or the
#'   distances to the type centres (other methods)?
#' @param overwrite Replace columns of these names if `data` has them?
#' @return `data` with the new columns.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' fit <- name_types(fit, c("A", "B", "C"))
#' if (requireNamespace("haven", quietly = TRUE)) {
#'   out <- add_types(USArrests, fit)
#'   head(out)
#'   # haven::write_sav(out, "arrests-types.sav")
#' }
add_types <- function(data, fit, name = "type", prob = TRUE, distance = TRUE,
                      overwrite = FALSE) {
  check_typology(fit)
  check_flag(prob)
  check_flag(distance)
  check_flag(overwrite)
  if (!is.data.frame(data)) {
    abort_input(c("{.arg data} must be a data frame.",
                  x = "You supplied {.obj_type_friendly {data}}."))
  }
  if (nrow(data) != length(fit$cluster)) {
    abort_input(
      c("{.arg data} must have one row per row the typology was fitted on.",
        x = "It has {nrow(data)} row{?s}; the typology has {length(fit$cluster)}.")
    )
  }
  if (!(is.character(name) && length(name) == 1L && !is.na(name) &&
        grepl("^[A-Za-z][A-Za-z0-9_]{0,31}$", name))) {
    abort_input(
      c("{.arg name} must be a valid SPSS and Stata variable name.",
        i = "Letters, digits and {.code _}, starting with a letter, at most 32 characters (e.g. {.val typ})."),
      class = "typfrage_error_names"
    )
  }
  rlang::check_installed("haven", "to write SPSS/Stata-ready type columns.")
  labs <- type_labels(fit)
  k <- fit$k
  cols <- list()
  cols[[name]] <- haven::labelled(
    as.integer(fit$cluster), labels = stats::setNames(seq_len(k), labs),
    label = sprintf("Type (%s, %d types)", method_label(fit$method), k)
  )
  extra <- NULL
  if (identical(fit$method, "lca") && prob) {
    extra <- list(values = fit$posterior, suffix = "_p", what = "Posterior probability")
  } else if (!identical(fit$method, "lca") && !identical(fit$method, "external") && distance &&
             !identical(fit$settings$distance, "stored")) {
    extra <- list(values = predict(fit, type = "distance"), suffix = "_d",
                  what = "Distance to the centre of")
  }
  if (!is.null(extra)) {
    for (t in seq_len(k)) {
      v <- as.double(extra$values[, t])
      attr(v, "label") <- paste(extra$what, labs[t])
      cols[[paste0(name, extra$suffix, t)]] <- v
    }
  }
  clash <- intersect(names(cols), names(data))
  if (length(clash) && !overwrite) {
    abort_input(
      c("{.arg data} already has {cli::qty(length(clash))}{?a column/columns} {.field {clash}}.",
        i = "Choose another {.arg name}, or use {.code overwrite = TRUE}."),
      class = "typfrage_error_names"
    )
  }
  for (nm in names(cols)) data[[nm]] <- cols[[nm]]
  data
}
