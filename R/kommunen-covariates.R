# The covariates of `kommunen` in the reader's language.
kommunen_covariate_vars <- c("kind", "state", "size_class", "strategy", "fim_known",
                             "fim_helpful", "fibre", "egov_components", "responsibility",
                             "participation")
# Categories that are translated: the keys of their levels, in the data's order.
kommunen_level_keys <- list(size_class = paste0("kom_size_", 1:6),
                            strategy = paste0("kom_strategy_", 1:3),
                            responsibility = paste0("kom_responsibility_", 1:3))

#' The covariates of the municipal data in English or German
#'
#' The covariates of [kommunen] (or of data from [simulate_kommunen()]) as a
#' table for reports, Steckbriefe and `profiles(covariates = )`: one row per
#' municipality in the order of `data`, the columns named and the categories
#' labelled in `lang`. The values are unchanged: factors keep their order
#' (`size_class` stays ordered), logical answers become the factor yes/no
#' (ja/nein) with `NA` where the data have `NA` (`fim_helpful` was asked
#' only of those who know FIM), counts stay integers. `kind` and `state`
#' keep their German names in both languages (the names the study and the
#' Länder use). The data's own columns keep their English names and
#' categories: they are the programming interface.
#'
#' @param data `kommunen` or a data frame from [simulate_kommunen()].
#' @inheritParams typfrage_lang
#' @return A data frame with the columns kind, state, size class, strategy,
#'   knows FIM, FIM helpful, fibre, e-government components, responsibility
#'   and participation, named in `lang`.
#' @export
#' @examples
#' head(kommunen_covariates(lang = "de"))
#' fit <- typology(kommunen, k = 4, items = starts_with("goal_"), seed = 1)
#' covs <- kommunen_covariates(lang = "de")[c("Gr\u00f6\u00dfenklasse", "Strategie")]
#' print(profiles(fit, covariates = covs), lang = "de")
kommunen_covariates <- function(data = typfrage::kommunen, lang = NULL) {
  lang <- typfrage_lang(lang)
  if (!is.data.frame(data)) {
    abort_input("{.arg data} must be a data frame like {.code kommunen}, not {.obj_type_friendly {data}}.")
  }
  absent <- setdiff(kommunen_covariate_vars, names(data))
  if (length(absent)) {
    abort_input(c("{.arg data} lacks the covariate{?s} {.val {absent}} of {.code kommunen}.",
                  i = "Use {.code kommunen} or data from {.fn simulate_kommunen}."))
  }
  out <- lapply(kommunen_covariate_vars, function(v) kommunen_relabel(data[[v]], v, lang))
  names(out) <- tr_or(paste0("kom_", kommunen_covariate_vars), lang)
  structure(out, class = "data.frame", row.names = .set_row_names(nrow(data)))
}

# One covariate in `lang`: logicals as yes/no, the translated categories by
# their English names (an unknown category is an error), the rest unchanged.
kommunen_relabel <- function(x, var, lang, call = rlang::caller_env()) {
  if (is.logical(x)) {
    return(factor(x, levels = c(TRUE, FALSE), labels = c(tr("kom_yes", lang), tr("kom_no", lang))))
  }
  keys <- kommunen_level_keys[[var]]
  if (is.null(keys)) return(x)
  en <- tr_or(keys, "en")
  if (!is.factor(x) || !identical(levels(x), en)) {
    abort_input(c("{.field {var}} must be a factor with the categories {.val {en}}, as in {.code kommunen}.",
                  i = "Use {.code kommunen} or data from {.fn simulate_kommunen}."), call = call)
  }
  levels(x) <- tr_or(keys, lang)
  x
}
