# The content of a Steckbrief: one description per type (build_card()), from
# which every format is drawn (R/steckbrief-text.R: console and markdown,
# R/steckbrief-html.R, R/steckbrief-page.R: PDF and PNG). The words are not
# stored: headline and text are written from the numbers in the language
# asked for when a card is formatted (R/steckbrief-words.R).

# The settings of the cards: how many, the thresholds (see ?steckbrief).
card_options <- function(top, n_typical, min_d, residual, items) {
  list(top = as.integer(top), n_typical = as.integer(n_typical), min_d = min_d,
       residual = residual, min_expected = chisq_min_expected, items = items)
}

build_card <- function(fit, prof, t, stability, opts, ids = NULL) {
  labs <- type_labels(prof)
  profile <- card_profile(prof, t, stability, opts$items)
  items <- profile[!is.na(profile$d), , drop = FALSE]
  high <- items[items$d >= opts$min_d, , drop = FALSE]
  high <- utils::head(high[order(-high$d), , drop = FALSE], opts$top)
  low <- items[items$d <= -opts$min_d, , drop = FALSE]
  low <- utils::head(low[order(low$d), , drop = FALSE], opts$top)
  rownames(high) <- rownames(low) <- NULL
  cov <- covariate_findings(prof, t, opts)
  list(type = t, name = labs[t], colour = unname(type_colours(prof)[t]),
       n = unname(prof$size[t]), n_total = prof$n,
       weight = unname(prof$weight[t]), weighted = prof$weighted,
       share = card_share(stability, t, prof$share[t]),
       jaccard = card_type_stat(stability, t, "jaccard"),
       dissolved = card_type_stat(stability, t, "dissolved"),
       stability = card_stability(stability), min_d = opts$min_d, residual = opts$residual,
       profile = profile, high = high, low = low,
       covariates = cov$reported, not_testable = cov$not_testable, tests = cov$tests,
       typical = typical_members(fit, prof, t, opts$n_typical, ids))
}

# The type's profile for the chart and the tables: every chosen item in the
# codebook's order, with its type mean, the overall mean and SD, z, d and
# (when `stability` is given) the percentile interval of the type mean.
card_profile <- function(prof, t, stability, items) {
  pr <- prof$profile[prof$profile$type == t, , drop = FALSE]
  if (!is.null(items)) pr <- pr[pr$item %in% items, , drop = FALSE]
  pr <- pr[order(match(pr$item, prof$items)), , drop = FALSE]
  i <- match(pr$item, prof$item_stats$item)
  out <- data.frame(item = pr$item, label = pr$label, mean = pr$mean,
                    overall = prof$item_stats$mean[i], sd_overall = prof$item_stats$sd[i],
                    z = pr$z, d = pr$d, lower = NA_real_, upper = NA_real_,
                    stringsAsFactors = FALSE)
  # latent class typologies: probability of the item's top category
  if (!is.null(pr$p_top) && any(!is.na(pr$p_top))) out$p_top <- pr$p_top
  m <- stability$means
  if (is.data.frame(m) && all(c("type", "item", "lower", "upper") %in% names(m))) {
    m <- m[m$type == t, , drop = FALSE]
    j <- match(out$item, m$item)
    out$lower <- m$lower[j]
    out$upper <- m$upper[j]
  }
  rownames(out) <- NULL
  out
}

card_share <- function(stability, t, estimate) {
  share <- list(estimate = unname(estimate), lower = NA_real_, upper = NA_real_,
                level = NA_real_)
  sh <- stability$shares
  if (is.data.frame(sh) && all(c("type", "lower", "upper") %in% names(sh))) {
    i <- match(t, sh$type)
    if (!is.na(i)) {
      share$lower <- sh$lower[i]
      share$upper <- sh$upper[i]
      share$level <- if ("level" %in% names(sh)) sh$level[i] else stability$level %||% 0.95
    }
  }
  share
}

# A column of stability()'s per-type table (jaccard, dissolved) for type t.
card_type_stat <- function(stability, t, what) {
  ty <- stability$types
  if (!is.data.frame(ty) || !all(c("type", what) %in% names(ty))) return(NA_real_)
  i <- match(t, ty$type)
  if (is.na(i)) NA_real_ else ty[[what]][i]
}

# How the stability was assessed (for the words on the card).
card_stability <- function(stability) {
  if (is.null(stability)) return(NULL)
  list(B = stability$B, resample = stability$resample, level = stability$level)
}

# The covariates that distinguish type t, each with its test:
# * a category of a categorical covariate whose adjusted standardised
#   residual exceeds `residual` in absolute value (over- or
#   under-represented), but only where the cell's expected count is at least
#   chisq_min_expected (5): cells below the rule go to `not_testable`;
# * a numeric covariate whose Kruskal-Wallis test has p < 0.05 and whose type
#   mean lies at least `min_d` overall SDs from the overall mean.
# The `top` strongest findings are kept.
covariate_findings <- function(prof, t, opts) {
  rows <- lapply(prof$covariates, function(cv) {
    if (cv$kind == "categorical") category_findings(cv, t, opts$residual)
    else numeric_finding(cv, t, opts$min_d)
  })
  all <- do.call(rbind, c(list(empty_findings()), rows))
  testable <- is.na(all$expected) | all$expected >= opts$min_expected
  reported <- all[testable, , drop = FALSE]
  reported <- utils::head(reported[order(-abs(reported$statistic)), , drop = FALSE], opts$top)
  not_testable <- all[!testable, , drop = FALSE]
  used <- unique(c(reported$covariate, not_testable$covariate))
  tests <- prof$covariate_summary[prof$covariate_summary$covariate %in% used, , drop = FALSE]
  rownames(reported) <- rownames(not_testable) <- rownames(tests) <- NULL
  list(reported = reported, not_testable = not_testable, tests = tests)
}

category_findings <- function(cv, t, threshold) {
  if (!ncol(cv$residual)) return(NULL)
  res <- cv$residual[t, ]
  keep <- which(!is.na(res) & abs(res) > threshold)
  # two categories (yes/no): one finding, told by the over-represented one
  if (ncol(cv$residual) == 2L) keep <- keep[res[keep] > 0]
  if (!length(keep)) return(NULL)
  data.frame(covariate = cv$name, label = cv$label, kind = "categorical",
             category = colnames(cv$residual)[keep], logical = isTRUE(cv$logical),
             value = unname(cv$row_share[t, keep]), overall = unname(cv$share[keep]),
             statistic = unname(res[keep]),
             p_value = 2 * stats::pnorm(-abs(unname(res[keep]))),
             observed = unname(cv$table[t, keep]), expected = unname(cv$expected[t, keep]),
             direction = ifelse(res[keep] > 0, "over", "under"),
             test = "adjusted residual", stringsAsFactors = FALSE)
}

numeric_finding <- function(cv, t, min_d) {
  m <- cv$means
  z <- (m$mean[t] - cv$mean) / cv$sd
  if (is.na(z) || is.na(cv$p_value) || cv$p_value >= 0.05 || abs(z) < min_d) return(NULL)
  data.frame(covariate = cv$name, label = cv$label, kind = "numeric",
             category = NA_character_, logical = FALSE, value = m$mean[t],
             overall = cv$mean, statistic = z, p_value = cv$p_value,
             observed = NA_real_, expected = NA_real_,
             direction = if (z > 0) "higher" else "lower",
             test = "Kruskal-Wallis", stringsAsFactors = FALSE)
}

empty_findings <- function() {
  data.frame(covariate = character(), label = character(), kind = character(),
             category = character(), logical = logical(), value = numeric(),
             overall = numeric(), statistic = numeric(), p_value = numeric(),
             observed = numeric(), expected = numeric(), direction = character(),
             test = character(), stringsAsFactors = FALSE)
}

# The most typical members of type t: the medoid (k-medoids fits) first, then
# the members closest (Euclidean distance, in the scale the typology was
# fitted in) to the type's centre. `ids`: the user's names of the rows of the
# data (from `id =` or the row names), or NULL.
typical_members <- function(fit, prof, t, n, ids = NULL) {
  idx <- which(prof$cluster == t)
  none <- data.frame(row = integer(), id = character(), kind = character(),
                     stringsAsFactors = FALSE)
  if (!length(idx) || n < 1L) return(none)
  x <- prof$x[idx, , drop = FALSE]
  centre <- if (!is.null(fit$centers) && identical(colnames(fit$centers), prof$items))
    fit$centers[t, ] else prof$means[t, ]
  s <- fit$settings
  if (isTRUE(s$standardize) && !is.null(s$center) && !is.null(s$scale)) {
    x <- standardize_items(x, s)
    centre <- (centre - s$center) / s$scale
  }
  dev <- sweep(x, 2, centre)
  dev[!is.finite(dev)] <- 0
  rows <- prof$rows[idx[order(rowSums(dev^2))]]
  kind <- rep("closest", length(rows))
  if (!is.null(fit$medoids) && length(fit$medoids) >= t) {
    med <- as.integer(fit$medoids[t])
    rows <- c(med, setdiff(rows, med))
    kind <- c("medoid", rep("closest", length(rows) - 1L))
  }
  keep <- seq_len(min(n, length(rows)))
  rows <- rows[keep]
  id <- if (!is.null(ids)) as.character(ids[rows]) else {
    rn <- rownames(fit$data)
    if (!is.null(rn) && !identical(rn, as.character(seq_len(nrow(fit$data)))))
      rn[match(rows, fit$rows)] else rep(NA_character_, length(rows))
  }
  data.frame(row = rows, id = id, kind = kind[keep], stringsAsFactors = FALSE)
}

# The names of the rows for the typical members: the column `id` of `data`
# (tidyselect or name), a vector with one value per row, or the row names of
# `data` when they are not 1..n.
resolve_ids <- function(id, data, n_input, call) {
  if (rlang::quo_is_null(id)) {
    rn <- if (!is.null(data)) rownames(data)
    if (!is.null(rn) && !identical(rn, as.character(seq_len(nrow(data))))) return(rn)
    return(NULL)
  }
  if (is.data.frame(data)) {
    pos <- tryCatch(tidyselect::eval_select(id, as.data.frame(data), allow_rename = FALSE),
                    error = function(e) NULL)
    if (length(pos) == 1L) return(as.character(data[[pos]]))
    if (length(pos) > 1L) {
      abort_input(c("{.arg id} must select one column of {.arg data}.",
                    x = "It selected {length(pos)}: {.field {names(pos)}}."), call = call)
    }
  }
  value <- tryCatch(rlang::eval_tidy(id), error = function(e) NULL)
  if (is.atomic(value) && is.null(dim(value)) && length(value) == n_input) {
    return(as.character(value))
  }
  abort_input(
    c("{.arg id} must name one column of {.arg data} or be one name per row of the data.",
      i = if (!is.data.frame(data)) "To name the typical members by a column, give the data it is in as {.arg data}.",
      i = "The data have {n_input} row{?s}."),
    call = call
  )
}

# Is `fit` a typology of the shipped synthetic data (kommunen)? Its items
# are columns of `kommunen` with the same values in every row.
is_kommunen_fit <- function(fit) {
  x <- fit$data
  if (is.null(x) || is.null(colnames(x)) || !all(colnames(x) %in% names(typfrage::kommunen)) ||
      length(fit$cluster) != nrow(typfrage::kommunen)) {
    return(FALSE)
  }
  ref <- as.matrix(typfrage::kommunen[fit$rows, colnames(x), drop = FALSE])
  isTRUE(all.equal(unname(as.matrix(x)) + 0, unname(ref) + 0, check.attributes = FALSE))
}
