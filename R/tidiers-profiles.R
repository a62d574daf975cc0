# tidy(), glance() and augment() for type profiles and Steckbriefe, so that
# the results drop into dplyr pipelines and gt/knitr tables.

#' Tidy type profiles and Steckbriefe
#'
#' * `tidy()` of profiles: `what = "profile"` gives one row per type and item
#'   (mean, SD, z, Cohen's d, rank); `"items"` one row per item (eta squared,
#'   ANOVA and Kruskal-Wallis, descriptive); `"covariates"` one row per type
#'   and covariate category (counts, row and column shares, expected counts,
#'   adjusted residuals) or, for numeric covariates, per type (mean, SD).
#' * `glance()` of profiles: one row with the number of types, cases and
#'   items, and the mean, smallest and largest eta squared.
#' * `augment()` of profiles: the item data of the cases used, with their row
#'   in the original data (`.row`), type (`.type`) and type name
#'   (`.type_label`).
#' * `tidy()` of a Steckbrief: the numbers of every card (as
#'   `as.data.frame()`).
#'
#' @param x A `typology_profiles` object from [profiles()], or a
#'   `typology_steckbrief` from [steckbrief()].
#' @param what Which table `tidy()` returns for profiles.
#' @param ... Unused.
#' @return A data frame.
#' @name tidy.typology_profiles
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' p <- profiles(fit, covariates = data.frame(region = state.region))
#' head(generics::tidy(p))
#' generics::tidy(p, what = "covariates")
#' generics::glance(p)
#' head(generics::augment(p))
NULL

#' @rdname tidy.typology_profiles
#' @export
tidy.typology_profiles <- function(x, what = c("profile", "items", "covariates"), ...) {
  what <- check_choice(what)
  switch(what,
    profile = x$profile,
    items = x$item_stats,
    covariates = tidy_covariates(x)
  )
}

tidy_covariates <- function(x) {
  labs <- type_labels(x)
  rows <- lapply(x$covariates, function(cv) {
    if (cv$kind == "categorical") {
      tab <- cv$table
      if (!ncol(tab)) return(NULL)
      data.frame(
        covariate = cv$name, label = cv$label, kind = cv$kind,
        type = rep(seq_len(nrow(tab)), times = ncol(tab)),
        type_label = rep(labs, times = ncol(tab)),
        category = rep(colnames(tab), each = nrow(tab)),
        n = as.vector(tab), row_share = as.vector(cv$row_share),
        col_share = as.vector(cv$col_share), expected = as.vector(cv$expected),
        residual = as.vector(cv$residual), mean = NA_real_, sd = NA_real_,
        stringsAsFactors = FALSE
      )
    } else {
      m <- cv$means
      data.frame(
        covariate = cv$name, label = cv$label, kind = cv$kind,
        type = m$type, type_label = labs, category = NA_character_,
        n = m$weight, row_share = NA_real_, col_share = NA_real_,
        expected = NA_real_, residual = NA_real_, mean = m$mean, sd = m$sd,
        stringsAsFactors = FALSE
      )
    }
  })
  out <- do.call(rbind, rows)
  if (is.null(out)) {
    out <- data.frame(covariate = character(), label = character(), kind = character(),
                      type = integer(), type_label = character(), category = character(),
                      n = numeric(), row_share = numeric(), col_share = numeric(),
                      expected = numeric(), residual = numeric(), mean = numeric(),
                      sd = numeric(), stringsAsFactors = FALSE)
  }
  rownames(out) <- NULL
  out
}

#' @importFrom generics glance augment
#' @rdname tidy.typology_profiles
#' @export
glance.typology_profiles <- function(x, ...) {
  e <- x$item_stats$eta2
  data.frame(k = x$k, n = x$n, items = length(x$items), weighted = x$weighted,
             mean_eta2 = mean(e, na.rm = TRUE), min_eta2 = min(e, na.rm = TRUE),
             max_eta2 = max(e, na.rm = TRUE), covariates = length(x$covariates))
}

#' @rdname tidy.typology_profiles
#' @export
augment.typology_profiles <- function(x, ...) {
  out <- as.data.frame(x$x, stringsAsFactors = FALSE)
  rownames(out) <- NULL
  labs <- type_labels(x)
  out$.row <- x$rows
  out$.type <- x$cluster
  out$.type_label <- labs[x$cluster]
  out
}

#' @param lang For Steckbriefe: the language of the cards' words (title,
#'   headline, text, categories), see [typfrage_lang()].
#' @rdname tidy.typology_profiles
#' @export
tidy.typology_steckbrief <- function(x, ..., lang = NULL) {
  as.data.frame(x, lang = lang)
}
