#' Profiles of the types: what characterises each type
#'
#' Describes every type of a typology by the items it was built from: the
#' type's mean and standard deviation of every item, how far the type mean
#' lies from the overall mean in overall standard deviations (the z-profile),
#' Cohen's d of the type against all other types, and per item the share of
#' variance the types explain (\eqn{\eta^2}). Items are ranked within each
#' type by how strongly they distinguish it (largest \eqn{|d|} first).
#' Covariates (kind of municipality, size class, federal state, ...) show who
#' belongs to which type.
#'
#' @section Statistics:
#' With \eqn{W_t} the number (or sum of weights) of the cases of type
#' \eqn{t}, \eqn{W} that of all cases, \eqn{\bar x_t} and \eqn{\bar x} the
#' type and overall means and \eqn{SS_t} the type's sum of squared deviations
#' from its mean:
#' * `sd`: \eqn{\sqrt{SS_t / (W_t - 1)}}, the within-type SD.
#' * `z`: \eqn{(\bar x_t - \bar x) / s}, with \eqn{s} the overall SD
#'   (divisor \eqn{W - 1}).
#' * `d` (Cohen's d, type vs rest): \eqn{(\bar x_t - \bar x_{rest}) / s_p},
#'   with the pooled SD \eqn{s_p = \sqrt{(SS_t + SS_{rest}) / (W - 2)}}.
#' * `eta2`: \eqn{SS_{between} / SS_{total}}, the share of the item's
#'   variance explained by the types. The one-way ANOVA
#'   \eqn{F = (SS_{between} / (k - 1)) / (SS_{within} / (W - k))}
#'   (`p_anova`) and the Kruskal-Wallis test (`p_kw`, with the correction for
#'   ties) complete it. **These p-values are descriptive only**: the types
#'   were built to differ on these items, so the tests cannot show that the
#'   differences are real. They are useful to compare items, not as tests.
#'
#' Missing values in an item are left out of that item only (available-case
#' analysis); a covariate's missing values are left out of that covariate.
#' Ordered factors are described by their ranks (1 to the number of levels),
#' as the typology used them; unordered factors (nominal items of a Gower
#' fit) only by their codes, which have no meaning as numbers: describe such
#' items as `covariates` instead, to get their type x category tables.
#'
#' @section Weights:
#' Weights are treated as frequency weights: a case with weight 3 counts as
#' three identical cases. Every weighted statistic above (means, SDs, z, d,
#' \eqn{\eta^2}, the ANOVA with \eqn{W - k} residual degrees of freedom, the
#' Kruskal-Wallis test on mid-ranks of the weighted data, and the covariate
#' tables) equals the unweighted statistic on the data with every row repeated
#' as often as its weight says. Survey weights should therefore be scaled to
#' sum to the number of cases (mean 1), as is usual; then the SDs keep their
#' familiar \eqn{n - 1} basis and the degrees of freedom match the sample.
#' (The weighted ANOVA of [stats::lm()] gives the same \eqn{F} statistic but
#' uses \eqn{n - k} residual degrees of freedom.)
#'
#' @section Covariates:
#' Factors, character and logical vectors (and haven-labelled numbers, by
#' their value labels) are categorical: each gets the type x category table of
#' (weighted) counts, row shares (the composition of each type), column shares
#' (how a category spreads over the types), Pearson's \eqn{\chi^2} test
#' without continuity correction (`chisq.test(correct = FALSE)`), Cramér's
#' \eqn{V = \sqrt{\chi^2 / (N (\min(r, c) - 1))}}, and adjusted standardised
#' residuals \eqn{(O - E) / \sqrt{E (1 - r_i/N)(1 - c_j/N)}} (as
#' `chisq.test()$stdres`): above 1.96 a category is over-represented in a
#' type, below -1.96 under-represented (when the cell's expected count is at
#' least 5, see below). As with [stats::chisq.test()], the chi-squared
#' approximation behind the test and the residuals is doubtful where
#' expected counts are below 5: `profiles()` then warns (class
#' `typfrage_warning_chisq`, "Chi-squared approximation may be incorrect"),
#' and the covariate's `small_expected` (also a column of
#' `covariate_summary`) is the share of its cells with an expected count
#' below 5 (`approx_ok` is then `FALSE`). [steckbrief()] never reports a
#' category of a type whose expected count is below 5. Logical covariates
#' have the categories `FALSE` and `TRUE` (Steckbriefe print "no"/"yes",
#' "nein"/"ja"). Numeric covariates get per-type means
#' and SDs, \eqn{\eta^2} with the ANOVA, and the Kruskal-Wallis test (the
#' covariates were not used to build the types, so these tests are ordinary
#' tests of association).
#'
#' @param fit A `typology` (from `typology()`).
#' @param data Optional: the data the typology was built from (a data frame or
#'   matrix with one row per row of the original data and at least the fitted
#'   items), for example to describe the types in the items' original units
#'   after a fit on standardised data. `NULL` (the default) uses the items
#'   stored in `fit`.
#' @param covariates Optional: a data frame (or named list of vectors) with one
#'   row per row of the original data, holding variables that were not used to
#'   build the types.
#' @param weights Optional case weights, one per row of the original data.
#'   `NULL` uses the typology's weights (if any).
#' @param labels Optional codebook of item and covariate labels used by every
#'   table and plot: a data frame with a column `variable` and a column
#'   `label`, or columns per language (`label_en`, `label_de`: the one of
#'   `lang` is used), or else its first other character column; or a named
#'   character vector (`c(item = "label")`). Variables without a label keep
#'   their name. For the shipped data, `kommunen_items` gives the labels in
#'   the language of `lang` (German with `lang = "de"`, English with
#'   `lang = "en"`).
#' @param lang Language of the labels taken from a codebook with one label
#'   column per language: `"en"` or `"de"`; `NULL` (the default) means
#'   [typfrage_lang()]. The print and plot methods have their own `lang`.
#' @return An object of class `typology_profiles`, a list with
#'   * `profile`: one row per type and item with `type`, `type_label`,
#'     `item`, `label`, `n`, `weight`, `mean`, `sd`, `z`, `d` and `rank`
#'     (1 = the item that distinguishes the type most), and for latent class
#'     typologies (`method = "lca"`) `model_mean`, the class's expected item
#'     code from the response probabilities (the fit's `centers`), and
#'     `p_top`, the probability that a member of the class answers the item's
#'     top (highest) category (`NA` for other methods);
#'   * `item_stats`: one row per item with the overall `n`, `weight`, `mean`,
#'     `sd`, `eta2`, `f`, `df_between`, `df_within`, `p_anova`, `kw`, `kw_df`
#'     and `p_kw`;
#'   * `means`, `sds`, `z`, `d`: k x items matrices;
#'   * `covariates`: a list with one analysis per covariate, and
#'     `covariate_summary`, one row per covariate;
#'   * `k`, `size` (cases per type), `weight` (weighted size), `share`,
#'     `items`, `labels`, `type_names`, `weighted`, and the data used (`x`,
#'     `cluster`, `rows`, `weights`).
#'
#'   It has `print()`, `summary()`, `autoplot()`, [generics::tidy()],
#'   [generics::glance()] and [generics::augment()] methods.
#' @seealso [steckbrief()] for one card per type, [name_types()].
#' @export
#' @examples
#' # The synthetic municipalities: twelve goal items, German labels
#' fit <- typology(kommunen, k = 4, items = kommunen_items$variable, seed = 1)
#' p <- profiles(fit, covariates = kommunen[c("kind", "strategy", "egov_components")],
#'               labels = kommunen_items, lang = "de")
#' p
#' p$covariates$kind$residual
#'
#' # English labels
#' profiles(fit, labels = kommunen_items, lang = "en")
profiles <- function(fit, data = NULL, covariates = NULL, weights = NULL,
                     labels = NULL, lang = NULL) {
  check_typology(fit)
  call <- rlang::current_env()
  covariates <- select_covariates(rlang::enquo(covariates), data, call = call)
  prep <- profile_data(fit, data, weights, call = call)
  covs <- prepare_covariates(covariates, length(fit$cluster), call = call)
  var_labels <- resolve_labels(labels, c(prep$items, names(covs)), call = call,
                               defaults = c(fit$settings$labels, attr(covs, "labels")),
                               lang = lang)
  k <- as.integer(fit$k)
  labs <- type_labels(fit)

  check_magnitude(prep$x, prep$weights, squares = FALSE, call = call)  # ?typfrage_magnitude
  r <- cpp_profile(prep$x, prep$type, k, prep$weights)
  items <- prep$items
  dn <- list(labs, items)
  for (m in c("mean", "sd", "z", "d", "count", "weight")) dimnames(r[[m]]) <- dn

  kw <- weighted_kruskal(prep$x, prep$type, k, prep$weights)
  item_stats <- data.frame(
    item = items, label = unname(var_labels[items]),
    n = r$item_count, weight = r$item_weight,
    mean = r$item_mean, sd = r$item_sd, eta2 = r$eta2,
    f = r$f, df_between = r$df_between, df_within = r$df_within,
    p_anova = stats::pf(r$f, r$df_between, r$df_within, lower.tail = FALSE),
    kw = kw$statistic, kw_df = kw$df, p_kw = kw$p_value,
    stringsAsFactors = FALSE
  )

  rank <- t(apply(-abs(r$d), 1, rank, ties.method = "first", na.last = "keep"))
  if (length(items) == 1L) rank <- t(rank)
  profile <- data.frame(
    type = rep(seq_len(k), times = length(items)),
    type_label = rep(labs, times = length(items)),
    item = rep(items, each = k),
    label = rep(unname(var_labels[items]), each = k),
    n = as.vector(r$count), weight = as.vector(r$weight),
    mean = as.vector(r$mean), sd = as.vector(r$sd),
    z = as.vector(r$z), d = as.vector(r$d),
    rank = as.integer(as.vector(rank)),
    stringsAsFactors = FALSE
  )
  profile <- profile[order(profile$type, match(profile$item, items)), ]
  rownames(profile) <- NULL
  lca_cols <- lca_profile_columns(fit, profile$type, profile$item)
  profile$model_mean <- lca_cols$model_mean
  profile$p_top <- lca_cols$p_top

  size <- tabulate(prep$type, nbins = k)
  wsize <- if (is.null(prep$weights)) as.double(size) else
    as.vector(rowsum(prep$weights, factor(prep$type, levels = seq_len(k)),
                     reorder = TRUE))
  # covariates have one value per row of the user's data: types and weights
  # spread back to that length (NA type: row not used)
  n_input <- length(fit$cluster)
  type_full <- rep(NA_integer_, n_input)
  type_full[prep$rows] <- prep$type
  w_full <- NULL
  if (!is.null(prep$weights)) {
    w_full <- rep(1, n_input)
    w_full[prep$rows] <- prep$weights
  }
  cov_results <- analyse_covariates(covs, type_full, k, w_full, labs, var_labels)
  warn_small_expected(cov_results, call = call)

  structure(list(
    profile = profile, item_stats = item_stats,
    means = r$mean, sds = r$sd, z = r$z, d = r$d,
    covariates = cov_results, covariate_summary = covariate_summary(cov_results),
    k = k, size = stats::setNames(size, labs), weight = stats::setNames(wsize, labs),
    share = stats::setNames(wsize / sum(wsize), labs),
    items = items, labels = var_labels, type_names = fit$type_names,
    type_colours = fit$type_colours,
    weighted = !is.null(prep$weights), n = length(prep$type),
    x = prep$x, cluster = prep$type, rows = prep$rows, weights = prep$weights
  ), class = "typology_profiles")
}

# The item matrix, types and weights of the rows the typology used.
profile_data <- function(fit, data, weights, call) {
  rows <- if (!is.null(fit$rows)) fit$rows else which(!is.na(fit$cluster))
  n_input <- length(fit$cluster)
  if (is.null(data)) {
    x <- fit$data
    if (is.null(x)) {
      abort_input(
        c("{.arg fit} holds no data.",
          i = "Supply the data the typology was built from in {.arg data}."),
        call = call
      )
    }
    x <- as.matrix(x)
  } else {
    check_per_row(data, n_input, ok = is.data.frame(data) || is.matrix(data),
                  type = "a data frame or a matrix",
                  one = "one row per row of the data the typology was built from",
                  have = "The typology was built from {n} row{?s}; {.arg {arg}} has {size}.",
                  arg = "data", call = call)
    settings <- fit$settings
    settings$standardize <- FALSE
    if (is.null(settings$items)) settings$items <- colnames(fit$data)
    x <- prepare_newdata(settings, data, arg = "data", call = call)[rows, , drop = FALSE]
  }
  storage.mode(x) <- "double"
  w <- if (is.null(weights)) fit$weights else
    check_weights(weights, n_input, call = call)[rows]
  list(x = x, type = as.integer(fit$cluster[rows]), weights = w,
       items = colnames(x), rows = rows)
}

#' @export
print.typology_profiles <- function(x, top = 3L, digits = 2L, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  labs <- type_labels(x, lang)
  cli::cat_line(tr("profiles_header", lang, x$k, length(x$items), fmt_int(x$n, lang),
                   if (x$weighted) tr("weighted_paren", lang) else ""))
  cli::cat_line()
  cli::cat_line(tr("profiles_by_eta", lang))
  st <- x$item_stats[order(-x$item_stats$eta2), ]
  tab <- data.frame(
    item = st$label,
    eta2 = fmt_num(st$eta2, 3, lang),
    p_anova = format_p(st$p_anova, lang),
    p_kw = format_p(st$p_kw, lang),
    stringsAsFactors = FALSE
  )
  print_table(tab, lang)
  cli::cat_line(wrap_note(tr("profiles_p_note", lang)))
  cli::cat_line()
  cli::cat_line(wrap_note(tr("profiles_top", lang, top), indent = 0L))
  for (t in seq_len(x$k)) {
    pr <- x$profile[x$profile$type == t & !is.na(x$profile$rank) &
                      x$profile$rank <= top, ]
    pr <- pr[order(pr$rank), ]
    # an item's d stays on its label's line: while wrapping they are joined by
    # U+E000 (private use area, one column wide, not a space to strwrap());
    # the no-break spaces inside numbers are left as they are
    line <- strwrap(sprintf("%s (n = %s, %s): %s", labs[t], fmt_int(x$size[t], lang),
                            fmt_pct(x$share[t], 0, lang),
                            paste(sprintf("%s\ue000%s", pr$label, fmt_signed(pr$d, digits, lang)),
                                  collapse = ", ")),
                    width = print_width(), indent = 2L, exdent = 4L)
    cli::cat_line(gsub("\ue000", " ", line, fixed = TRUE))
  }
  if (length(x$covariates)) {
    cli::cat_line()
    cli::cat_line(tr("profiles_covariates", lang))
    cs <- x$covariate_summary
    print_table(data.frame(
      covariate = cs$label,
      test = test_label(cs$test, lang),
      p = format_p(cs$p_value, lang),
      effect = sprintf("%s %s", tr_or(ifelse(cs$kind == "categorical", "effect_v", "effect_eta2"), lang),
                       fmt_num(cs$effect_size, 3, lang)),
      stringsAsFactors = FALSE
    ), lang)
  }
  invisible(x)
}

#' @export
summary.typology_profiles <- function(object, ...) {
  structure(list(
    k = object$k, n = object$n, weighted = object$weighted,
    items = object$item_stats[order(-object$item_stats$eta2), ],
    types = data.frame(type = seq_len(object$k), type_label = type_labels(object),
                       n = unname(object$size), share = unname(object$share),
                       stringsAsFactors = FALSE),
    covariates = object$covariate_summary, type_names = object$type_names
  ), class = "summary.typology_profiles")
}

#' @export
print.summary.typology_profiles <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("summary_profiles_header", lang, x$k, fmt_int(x$n, lang),
                   if (x$weighted) tr("weighted_comma", lang) else ""))
  cli::cat_line()
  print_table(data.frame(type = type_labels(x, lang), n = fmt_int(x$types$n, lang),
                         share = fmt_pct(x$types$share, 1, lang),
                         stringsAsFactors = FALSE), lang)
  cli::cat_line()
  print_table(data.frame(
    item = x$items$label,
    eta2 = fmt_num(x$items$eta2, 3, lang),
    F = fmt_num(x$items$f, 2, lang),
    p_anova = format_p(x$items$p_anova, lang),
    p_kw = format_p(x$items$p_kw, lang),
    stringsAsFactors = FALSE
  ), lang)
  cli::cat_line(wrap_note(tr("summary_profiles_p_note", lang)))
  if (nrow(x$covariates)) {
    cli::cat_line()
    print_table(data.frame(
      covariate = x$covariates$label,
      test = test_label(x$covariates$test, lang),
      statistic = fmt_num(x$covariates$statistic, 2, lang),
      df = format(x$covariates$df),
      p = format_p(x$covariates$p_value, lang),
      effect = fmt_num(x$covariates$effect_size, 3, lang),
      stringsAsFactors = FALSE
    ), lang)
  }
  invisible(x)
}

# --- small formatting helpers shared by the profile and Steckbrief prints ---

# The width prints wrap to: the console's, within 60 to 100 columns.
print_width <- function() min(max(getOption("width", 80L), 60L), 100L)

# A note (the string table's line breaks and indents undone) wrapped at the
# print width.
wrap_note <- function(text, indent = 2L, width = print_width()) {
  strwrap(gsub("\\s*\n\\s*", " ", trimws(text)), width = width, indent = indent, exdent = indent)
}

# The name of a test of the covariate tables in `lang`.
test_label <- function(test, lang = "en") {
  tr_or(paste0("test_", gsub("[^a-z]+", "_", tolower(test))), lang, test)
}

# Print a data frame of strings as an aligned table, indented by two spaces,
# that fits the console (text_table() of R/steckbrief-text.R: text columns
# wrap their cells, never cut); its headings in `lang` (col_headings()).
print_table <- function(df, lang = "en", width = print_width()) {
  text <- vapply(df, function(v) {
    !is.numeric(v) && !all(grepl("^[-+<0-9.,%NA \u00a0]*$", v))
  }, logical(1))
  rows <- vapply(df, as.character, character(nrow(df)))
  cli::cat_line(text_table(col_headings(names(df), lang), rows, width, wrap = which(text)))
}

# The model-based columns of a latent class typology's profile: the class
# means from the response probabilities and the probability of each item's
# top (highest) category; NA for the other methods.
lca_profile_columns <- function(fit, type, item) {
  na <- rep(NA_real_, length(type))
  if (!identical(fit$method, "lca") || is.null(fit$probs)) {
    return(list(model_mean = na, p_top = na))
  }
  model_mean <- na
  p_top <- na
  for (j in unique(item)) {
    if (!j %in% names(fit$probs)) next
    m <- fit$probs[[j]]
    at <- which(item == j)
    p_top[at] <- m[type[at], ncol(m)]
    if (j %in% colnames(fit$centers)) model_mean[at] <- fit$centers[type[at], j]
  }
  list(model_mean = model_mean, p_top = p_top)
}
