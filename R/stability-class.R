# The typology_stability class of stability() (R/stability.R): constructor,
# estimates, print, summary and tidy (plots in R/plots-stability.R).

new_typology_stability <- function(fit, problem, res, B, resample, level,
                                   dissolution, recovery, jitter, seed, call) {
  k <- problem$k
  labels <- type_labels(fit)
  probs <- c((1 - level) / 2, 1 - (1 - level) / 2)

  est <- stability_estimates(problem)
  share_est <- est$share
  mean_est <- est$means

  jac <- res$jaccard
  dimnames(jac) <- list(labels, NULL)
  share_int <- cpp_row_percentiles(res$share, probs)
  means_int <- cpp_row_percentiles(res$means, probs)  # rows: type fastest, then item

  types <- new_frame(
    type = seq_len(k),
    name = unname(labels),
    size = as.vector(tabulate(problem$original, k)),
    jaccard = unname(rowMeans(jac)),
    dissolved = unname(rowMeans(jac <= dissolution)),
    recovered = unname(rowMeans(jac >= recovery))
  )
  shares <- new_frame(type = seq_len(k), estimate = share_est,
                      lower = share_int[, 1], upper = share_int[, 2])
  item_frames <- stability_item_frames(problem, mean_est, means_int)
  means <- item_frames$means
  answer_probs <- item_frames$probs
  membership <- res$membership
  dimnames(membership) <- list(NULL, labels)
  in_sample <- res$in_sample
  own <- membership[cbind(seq_along(problem$original), problem$original)]
  observations <- new_frame(
    row = as.integer(fit$rows),
    type = problem$original,
    stability = ifelse(in_sample > 0, own / pmax(in_sample, 1L), NA_real_),
    replicates = as.integer(in_sample)
  )
  attr(membership, "in_sample") <- in_sample
  share_rep <- res$share
  dimnames(share_rep) <- list(labels, NULL)

  structure(
    list(
      types = types, shares = shares, means = means, probs = answer_probs,
      observations = observations,
      jaccard = jac, share_replicates = share_rep, ari = res$ari,
      clusters = res$clusters, membership = membership,
      B = B, resample = resample, level = level, dissolution = dissolution,
      recovery = recovery,
      subsample_size = if (resample == "subsample") problem$subsample_size else NULL,
      jitter = if (resample == "jitter") jitter else NULL,
      method = problem$fit_settings$method, k = k, n = length(problem$original),
      seed = seed, call = call,
      # identifies the fit (its codes, rows and k): steckbrief() checks it
      fit_fingerprint = typology_fingerprint(fit),
      # for the plots: the fit's type names and colours (?type_colours)
      type_names = fit$type_names, type_colours = fit$type_colours
    ),
    class = "typology_stability"
  )
}

# The type means of the items and (LCA) the answer shares, with their
# percentile intervals `int` (rows: type fastest, then item column).
stability_item_frames <- function(problem, est, int) {
  k <- problem$k
  n_answers <- NROW(problem$answers)
  p <- ncol(problem$items) - n_answers
  items <- colnames(problem$items)[seq_len(p)] %||% paste0("V", seq_len(p))
  in_items <- seq_len(k * p)
  means <- new_frame(
    type = rep(seq_len(k), times = p),
    item = rep(items, each = k),
    estimate = as.vector(est[, seq_len(p)]),
    lower = int[in_items, 1], upper = int[in_items, 2]
  )
  answer_probs <- NULL
  if (n_answers > 0L) {
    in_answers <- k * p + seq_len(k * n_answers)
    answer_probs <- new_frame(
      type = rep(seq_len(k), times = n_answers),
      item = rep(problem$answers$item, each = k),
      category = rep(problem$answers$category, each = k),
      estimate = as.vector(est[, p + seq_len(n_answers)]),
      lower = int[in_answers, 1], upper = int[in_answers, 2]
    )
  }
  list(means = means, probs = answer_probs)
}

# Estimates from the original fit: weighted shares, and type means of the
# answered values of every item column (types without members: NA).
stability_estimates <- function(problem) {
  k <- problem$k
  w <- if (length(problem$weights)) problem$weights else rep(1, length(problem$original))
  wt <- type_weights(w, problem$original, k)
  answered <- !is.na(problem$items)
  sums <- rowsum(ifelse(answered, problem$items, 0) * w, problem$original, reorder = FALSE)
  denom <- rowsum(answered * w, problem$original, reorder = FALSE)
  present <- as.integer(rownames(sums))
  means <- matrix(NA_real_, k, ncol(problem$items))
  means[present, ] <- ifelse(denom > 0, sums / denom, NA_real_)
  list(share = wt / sum(w), means = means)
}

stability_verdict <- function(j, lang = "en") {
  key <- ifelse(j >= 0.85, "stab_highly",
                ifelse(j >= 0.75, "stab_stable",
                       ifelse(j >= 0.6, "stab_doubtful", "stab_unstable")))
  out <- vapply(key, function(kk) if (is.na(kk)) NA_character_ else tr(kk, lang), "")
  unname(out)
}

# The name of a resampling scheme in `lang`.
resample_label <- function(resample, lang = "en") tr_or(paste0("resample_", resample), lang, resample)

#' @export
print.typology_stability <- function(x, digits = 2, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("stab_header", lang, method_label(x$method, lang), x$k, fmt_int(x$n, lang), x$B,
                   resample_label(x$resample, lang)))
  pct <- function(v) fmt_pct(v, 0, lang)
  tab <- data.frame(
    type = colour_labels(x, lang),
    n = x$types$size,
    share = sprintf("%s (%s-%s)", pct(x$shares$estimate), pct(x$shares$lower),
                    pct(x$shares$upper)),
    jaccard = fmt_num(x$types$jaccard, digits, lang),
    dissolved = pct(x$types$dissolved),
    recovered = pct(x$types$recovered),
    verdict = stability_verdict(x$types$jaccard, lang),
    stringsAsFactors = FALSE
  )
  if (!identical(lang, "de")) tab$type <- x$types$name
  names(tab) <- tr_or(paste0("col_", names(tab)), lang, names(tab))
  names(tab)[3] <- tr("col_share_interval", lang, fmt_pct(x$level, 0, lang))
  print(tab, row.names = FALSE, right = FALSE)
  q <- function(p) stats::quantile(x$ari, p, names = FALSE)
  cli::cat_line(tr("stab_ari", lang, fmt_num(stats::median(x$ari), 2, lang),
                   fmt_num(q(0.025), 2, lang), fmt_num(q(0.975), 2, lang)))
  cli::cat_line(tr("stab_thresholds", lang, chartr(".", if (lang == "de") "," else ".",
                                                   format(x$dissolution)),
                   chartr(".", if (lang == "de") "," else ".", format(x$recovery))))
  invisible(x)
}

#' @export
summary.typology_stability <- function(object, ...) {
  obs <- object$observations$stability
  structure(
    list(
      types = cbind(object$types,
                    share = object$shares$estimate, lower = object$shares$lower,
                    upper = object$shares$upper),
      ari = stats::quantile(object$ari, c(0, 0.025, 0.25, 0.5, 0.75, 0.975, 1)),
      observations = stats::quantile(obs, c(0, 0.1, 0.25, 0.5, 0.75, 1), na.rm = TRUE),
      unstable_cases = sum(obs < 0.5, na.rm = TRUE),
      refits_with_fewer_types = sum(object$clusters < object$k),
      B = object$B, resample = object$resample, method = object$method, k = object$k,
      n = object$n, level = object$level
    ),
    class = "summary.typology_stability"
  )
}

#' @export
print.summary.typology_stability <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("summary_stab_header", lang, method_label(x$method, lang), x$k, fmt_int(x$n, lang), x$B,
                   resample_label(x$resample, lang)))
  cli::cat_line()
  tab <- x$types
  num <- vapply(tab, is.numeric, logical(1)) & names(tab) != "type" & names(tab) != "size"
  tab[num] <- lapply(tab[num], round, digits = digits)
  de <- identical(lang, "de")
  if (de) {
    tab[num] <- lapply(tab[num], function(v) fmt_num(v, digits, lang))
    names(tab) <- tr_or(paste0("col_", names(tab)), lang, names(tab))
  }
  print(tab, row.names = FALSE, right = !de || TRUE)
  show <- function(v) {
    if (!de) return(print(round(v, digits)))
    p <- as.numeric(sub("%$", "", names(v))) / 100
    print(noquote(stats::setNames(fmt_num(v, digits, lang), quantile_names(p, lang))), right = TRUE)
  }
  cli::cat_line()
  cli::cat_line(tr("summary_stab_ari", lang))
  show(x$ari)
  cli::cat_line()
  cli::cat_line(tr("summary_stab_cases", lang))
  show(x$observations)
  cli::cat_line(tr("summary_stab_unstable", lang, x$unstable_cases))
  if (x$refits_with_fewer_types > 0) {
    cli::cat_line(tr("summary_stab_fewer", lang, x$k, x$refits_with_fewer_types))
  }
  invisible(x)
}

#' Tidy a stability assessment
#'
#' @param x A `typology_stability` object from [stability()].
#' @param what Which table: `"types"` (one row per type: mean Jaccard,
#'   dissolution and recovery rates, share with its interval), `"means"`
#'   (type means of every item with intervals), `"observations"` (per-case
#'   stability) or `"replicates"` (Jaccard of every type in every replicate).
#' @param ... Unused.
#' @return A data frame.
#' @export
#' @examples
#' set.seed(1)
#' x <- rbind(matrix(rnorm(100, 0), 50), matrix(rnorm(100, 4), 50))
#' st <- stability(typology(x, k = 2, nstart = 5, threads = 1), B = 20, threads = 1)
#' tidy(st)
#' head(tidy(st, "replicates"))
tidy.typology_stability <- function(x, what = c("types", "means", "observations", "replicates"),
                                    ...) {
  what <- as_input_error(rlang::arg_match(what))
  switch(
    what,
    types = {
      out <- x$types
      out$share <- x$shares$estimate
      out$share_lower <- x$shares$lower
      out$share_upper <- x$shares$upper
      out
    },
    means = x$means,
    observations = x$observations,
    replicates = data.frame(
      replicate = rep(seq_len(ncol(x$jaccard)), each = nrow(x$jaccard)),
      type = rep(seq_len(nrow(x$jaccard)), times = ncol(x$jaccard)),
      name = rep(rownames(x$jaccard), times = ncol(x$jaccard)),
      jaccard = as.vector(x$jaccard),
      share = as.vector(x$share_replicates),
      stringsAsFactors = FALSE
    )
  )
}
