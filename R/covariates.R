# Covariates of the types: who belongs to which type. Categorical covariates
# (factors, character, logical) get the type x category table with row and
# column shares, Pearson's chi-squared test, Cramer's V and adjusted
# standardised residuals; numeric covariates get per-type means and SDs, eta
# squared with the one-way ANOVA, and the Kruskal-Wallis test. The numbers
# come from the C++ core (inst/include/typfrage/profiles.hpp); R adds the
# p-values. Used by profiles() and steckbrief().

# Covariates as a named list of vectors, one value per row of the user's data
# (n_input). Accepts a data frame (or tibble) or a named list of vectors.
prepare_covariates <- function(covariates, n_input, arg = "covariates",
                               call = rlang::caller_env()) {
  if (is.null(covariates)) return(list())
  if (is.data.frame(covariates)) {
    covariates <- as.list(as.data.frame(covariates))
  }
  if (!is.list(covariates) || is.null(names(covariates)) ||
      any(!nzchar(names(covariates)))) {
    abort_input(
      c("{.arg {arg}} must be a data frame or a named list of vectors.",
        x = "You supplied {.obj_type_friendly {covariates}}."),
      call = call
    )
  }
  out <- list()
  var_labels <- stats::setNames(rep(NA_character_, length(covariates)), names(covariates))
  for (nm in names(covariates)) {
    v <- covariates[[nm]]
    lab <- attr(v, "label", exact = TRUE)
    if (is.character(lab) && length(lab) == 1L) var_labels[[nm]] <- lab
    if (inherits(v, "haven_labelled") || inherits(v, "labelled")) {
      v <- labelled_to_factor(v)
    }
    if (is.logical(v) && is.null(dim(v))) {
      # yes/no: levels "FALSE", "TRUE", printed as "no"/"yes" ("nein"/"ja")
      out[[nm]] <- list(kind = "categorical", logical = TRUE,
                        value = factor(v, levels = c(FALSE, TRUE)))
    } else if ((is.factor(v) || is.character(v)) && is.null(dim(v))) {
      out[[nm]] <- list(kind = "categorical",
                        value = if (is.factor(v)) v else factor(v))
    } else if (is.numeric(v) && is.null(dim(v)) && !is.null(v)) {
      v <- as.double(v)
      # weighted moments must stay finite (?typfrage_magnitude); the weights
      # themselves are checked with the items by profiles()
      check_magnitude(matrix(v, ncol = 1L), what = paste0("values of covariate `", nm, "`"),
                      squares = FALSE, call = call)
      out[[nm]] <- list(kind = "numeric", value = v)
    } else {
      abort_input(
        c("Covariate {.field {nm}} must be a factor, character, logical or numeric vector.",
          x = "It is {.obj_type_friendly {v}}."),
        call = call, class = "typfrage_error_covariate"
      )
    }
  }
  lens <- vapply(covariates, NROW, integer(1))
  wrong <- names(covariates)[lens != n_input]
  if (length(wrong)) {
    abort_input(
      c("{.arg {arg}} must have one value per row of the data the typology was built from.",
        x = "The data have {n_input} row{?s}; wrong length: {paste0(wrong, ' (', lens[lens != n_input], ')')}."),
      call = call, class = "typfrage_error_covariate"
    )
  }
  structure(out, labels = var_labels)
}

# `covariates` as profiles() and steckbrief() take it: a data frame or named
# list (returned as is), or a tidyselect expression or column names picking
# columns of `data`.
select_covariates <- function(covariates, data, call) {
  value <- covariates
  while (rlang::is_quosure(value)) {
    if (rlang::quo_is_null(value)) return(NULL)
    before <- value
    value <- tryCatch(rlang::eval_tidy(value), error = function(e) before)
    if (identical(value, before)) break  # not evaluable: a tidyselect expression
  }
  if (!rlang::is_quosure(value) && !is.character(value) && !is.numeric(value)) return(value)
  if (is.null(data) || !is.data.frame(data)) {
    abort_input(
      c("To select {.arg covariates} by name, give the data they are in as {.arg data}.",
        i = "Or give {.arg covariates} as a data frame, e.g. {.code covariates = d[c(\"land\", \"groesse\")]}."),
      call = call, class = "typfrage_error_covariate"
    )
  }
  df <- as.data.frame(data)
  df[names(select_items(df, value, arg = "data", call = call, what = "covariates"))]
}

# haven-labelled numbers to a factor of their value labels (unlabelled values
# keep their number as the level), without needing haven.
labelled_to_factor <- function(v) {
  labs <- value_labels_of(v)  # without the codes declared missing
  miss <- declared_missing(v)
  x <- unclass(v)
  attributes(x) <- NULL
  x[miss] <- NA
  if (is.null(labs)) return(factor(x))
  values <- sort(unique(c(unname(labs), x[!is.na(x)])))
  level_names <- as.character(values)
  hit <- match(values, labs)
  level_names[!is.na(hit)] <- names(labs)[hit[!is.na(hit)]]
  factor(level_names[match(x, values)], levels = unique(level_names))
}

# The analysis of every covariate, on the typed rows only.
# type: 1..k codes (NA: no type); w: weights or NULL; labs: type labels.
analyse_covariates <- function(covs, type, k, w, labs, var_labels) {
  results <- list()
  for (nm in names(covs)) {
    cv <- covs[[nm]]
    res <- if (cv$kind == "categorical") {
      covariate_categorical(cv$value, type, k, w, labs)
    } else {
      covariate_numeric(cv$value, type, k, w, labs)
    }
    res$name <- nm
    res$label <- unname(var_labels[[nm]])
    res$logical <- isTRUE(cv$logical)
    results[[nm]] <- res
  }
  results
}

# THE rule for small expected counts, as chisq.test(): the chi-squared
# approximation (of the covariate's test and of its adjusted residuals) is
# doubtful where an expected count is below 5. Cells of empty types or
# categories (expected 0) carry no information and are not counted.
chisq_min_expected <- 5

# The covariates whose chi-squared approximation is doubtful: a warning worded
# as chisq.test()'s, naming them and the share of their cells below the rule.
warn_small_expected <- function(results, call = rlang::caller_env()) {
  bad <- Filter(function(r) r$kind == "categorical" && isFALSE(r$approx_ok), results)
  if (!length(bad)) return(invisible())
  what <- vapply(bad, function(r) sprintf("`%s` (%s of the cells)", r$name,
                                          fmt_pct(r$small_expected, 0)), "")
  cli::cli_warn(
    c("Chi-squared approximation may be incorrect for {cli::qty(length(bad))}covariate{?s} {what}: expected counts below {chisq_min_expected}.",
      i = paste("Their chi-squared tests and adjusted residuals are doubtful;",
                "steckbrief() reports no category whose expected count is below {chisq_min_expected}.",
                "Pool rare categories to test them.")),
    class = "typfrage_warning_chisq", call = call
  )
}

covariate_categorical <- function(value, type, k, w, labs) {
  value <- droplevels(value[!is.na(type)])
  if (!is.null(w)) w <- w[!is.na(type)]
  type <- type[!is.na(type)]
  lev <- levels(value)
  codes <- as.integer(value)
  if (!length(lev)) {
    codes <- rep(NA_integer_, length(type))
    lev <- character()
  }
  r <- cpp_cross_table(as.integer(type), k, codes, max(1L, length(lev)), w)
  if (!length(lev)) {
    r$table <- r$table[, 0, drop = FALSE]
    r$expected <- r$expected[, 0, drop = FALSE]
    r$residual <- r$residual[, 0, drop = FALSE]
  }
  dn <- list(type = labs, category = lev)
  table <- r$table
  dimnames(table) <- dimnames(r$expected) <- dimnames(r$residual) <- dn
  row_sum <- rowSums(table)
  col_sum <- colSums(table)
  row_share <- table / ifelse(row_sum > 0, row_sum, NA)
  col_share <- sweep(table, 2, ifelse(col_sum > 0, col_sum, NA), "/")
  list(
    kind = "categorical", n = sum(!is.na(codes)), total = r$n,
    table = table, row_share = row_share, col_share = col_share,
    share = if (r$n > 0) col_sum / r$n else col_sum * NA,
    expected = r$expected, residual = r$residual,
    # share of the informative cells (expected > 0) whose expected count is
    # below the rule (chisq_min_expected)
    small_expected = small_expected_share(r$expected),
    approx_ok = !any(r$expected > 0 & r$expected < chisq_min_expected),
    statistic = r$chisq, df = r$df,
    p_value = stats::pchisq(r$chisq, r$df, lower.tail = FALSE),
    effect = r$cramers_v
  )
}

small_expected_share <- function(expected) {
  informative <- expected > 0
  if (!any(informative)) return(NA_real_)
  mean(expected[informative] < chisq_min_expected)
}

covariate_numeric <- function(value, type, k, w, labs) {
  x <- matrix(value, ncol = 1L)
  r <- cpp_profile(x, as.integer(type), k, w)
  kw <- weighted_kruskal(value, type, k, w)
  means <- data.frame(
    type = seq_len(k), type_label = labs,
    n = r$count[, 1], weight = r$weight[, 1],
    mean = r$mean[, 1], sd = r$sd[, 1],
    stringsAsFactors = FALSE
  )
  list(
    kind = "numeric", n = r$item_count, total = r$item_weight,
    means = means, mean = r$item_mean, sd = r$item_sd,
    eta2 = r$eta2, f = r$f, df_between = r$df_between, df_within = r$df_within,
    p_anova = stats::pf(r$f, r$df_between, r$df_within, lower.tail = FALSE),
    statistic = kw$statistic, df = kw$df, p_value = kw$p_value,
    effect = r$eta2
  )
}

# Kruskal-Wallis test with frequency weights (in C++: the mid-ranks of the
# data with every case repeated `w` times, so integer weights give exactly
# kruskal.test() on the repeated data, with its correction for ties), for
# every column of the matrix x. g: types 1..k (NA: no type).
weighted_kruskal <- function(x, g, k, w = NULL) {
  x <- as.matrix(x)
  storage.mode(x) <- "double"
  r <- cpp_kruskal(x, as.integer(g), as.integer(k), w)
  data.frame(statistic = r$statistic, df = r$df,
             p_value = stats::pchisq(r$statistic, r$df, lower.tail = FALSE))
}

# One row per covariate: its test, statistic, p-value and effect size.
covariate_summary <- function(results) {
  if (!length(results)) {
    return(data.frame(covariate = character(), label = character(),
                      kind = character(), n = numeric(), test = character(),
                      statistic = numeric(), df = numeric(), p_value = numeric(),
                      effect = character(), effect_size = numeric(),
                      small_expected = numeric(), stringsAsFactors = FALSE))
  }
  do.call(rbind, lapply(results, function(r) {
    data.frame(
      covariate = r$name, label = r$label, kind = r$kind, n = r$n,
      test = if (r$kind == "categorical") "chi-squared" else "Kruskal-Wallis",
      statistic = r$statistic, df = r$df, p_value = r$p_value,
      effect = if (r$kind == "categorical") "Cramer's V" else "eta squared",
      effect_size = r$effect,
      small_expected = if (r$kind == "categorical") r$small_expected else NA_real_,
      stringsAsFactors = FALSE, row.names = NULL
    )
  }))
}
