scan_index_labels <- c(
  wss = "Within-cluster sum of squares",
  pve = "Proportion of variance explained",
  silhouette = "Average silhouette width",
  ch = "Calinski-Harabasz",
  db = "Davies-Bouldin",
  dunn = "Dunn",
  gap = "Gap statistic",
  ps = "Prediction strength",
  schedule = "Ward agglomeration schedule (ESS increase)",
  loglik = "Log-likelihood",
  aic = "AIC",
  bic = "BIC",
  abic = "Sample-size adjusted BIC",
  entropy = "Entropy (R-squared)",
  min_share = "Smallest class share", # h23 (#23)
  stats::setNames(extra_index_table$label, extra_index_table$index)
)

scan_index_rules <- c(
  wss = "elbow (Krzanowski-Lai)",
  pve = "none",
  silhouette = "maximum",
  ch = "maximum",
  db = "minimum",
  dunn = "maximum",
  gap = "gap rule",
  ps = "largest k above cutoff",
  schedule = "largest jump",
  loglik = "none",
  aic = "minimum",
  bic = "minimum",
  abic = "minimum",
  entropy = "none",
  min_share = "none", # h23 (#23)
  stats::setNames(extra_index_table$rule, extra_index_table$index)
)

scan_default_indices <- c("wss", "silhouette", "ch", "db", "gap", "ps")
scan_lca_indices <- c("loglik", "aic", "bic", "abic", "entropy", "min_share") # h23 (#23): min_share

#' How many types? Scan the number of types with the classic indices
#'
#' Fits a typology for every number of types in `k` with [typology()] (any
#' of its methods) and computes, for every \eqn{k}, the indices a reviewer
#' asks for when a study claims "there are four types": the within-cluster
#' sum of squares (the elbow), the average silhouette width, the
#' Calinski-Harabasz and Davies-Bouldin indices (and on request the
#' proportion of variance explained and Dunn's index), the gap statistic and
#' prediction strength. Every index is computed in C++; the gap statistic's
#' reference data sets and prediction strength's split halves are refitted in
#' parallel with the same fitting core as [typology()], each replicate with its
#' own random number stream.
#'
#' How each index recommends a \eqn{k}:
#' * `wss`: the elbow of the curve, located with the index of Krzanowski &
#'   Lai (1988): with \eqn{p} items and
#'   \eqn{DIFF(k) = (k-1)^{2/p} W_{k-1} - k^{2/p} W_k}, the \eqn{k}
#'   maximising \eqn{|DIFF(k) / DIFF(k+1)|} (so it needs \eqn{k - 1} and
#'   \eqn{k + 1} in the scan). `k = 1` (the total sum of squares) is added
#'   to the curve.
#' * `silhouette`, `ch`, `dunn`: the maximum; `db`: the minimum.
#' * `gap`: the decision rule `gap_rule` (see [gap_statistic()]); `k = 1` is
#'   always included, so the gap can say "no types".
#' * `ps`: the largest \eqn{k} whose mean prediction strength is at least
#'   `ps_cutoff` (0.8 as recommended by Tibshirani & Walther 2005), or 1 when
#'   none is.
#' * `pve` makes no recommendation.
#' * `schedule`: the agglomeration schedule SPSS users read their elbow
#'   from. The data (as prepared for the typologies, so standardised when
#'   `standardize = TRUE`) are clustered once with [hierarchy()] (Ward,
#'   `"ward.D2"`, Euclidean, with the case weights); the value at \eqn{k} is
#'   the increase of the within-cluster sum of squares at the merge from
#'   \eqn{k + 1} to \eqn{k} clusters (see [agglomeration_schedule()]). The
#'   recommended \eqn{k} is the one before the largest jump: the scanned
#'   \eqn{k \ge 2} maximising the increase of the merge to \eqn{k - 1}
#'   minus that of the merge to \eqn{k}. It reads the Ward tree of the same
#'   data whatever `method` fits the typologies, and needs Euclidean
#'   distances and complete data.
#'
#' Latent class models (`method = "lca"`) are chosen by their information
#' criteria rather than by distances: the log-likelihood (`loglik`), `aic`,
#' `bic` and the sample-size adjusted BIC (`abic`), and the entropy
#' (R-squared entropy, `entropy`) of every fit, as reported by
#' [typology()]`(method = "lca")`; \eqn{k = 1} is always included, so the
#' criteria can say "no types". `aic`, `bic` and `abic` recommend their
#' minimum; BIC is the one to go by (Nylund, Asparouhov & Muthen 2007), and
#' the verdict reports its choice.
#' `loglik` and `entropy` make no recommendation (the entropy of
#' \eqn{k = 1} is `NA`). Distance-based indices are
#' an error for latent class scans and the latent class criteria for the
#' other methods.
#'
#' Standard errors: the gap's simulation standard error
#' (\eqn{\sqrt{1 + 1/B}} times the standard deviation over the reference
#' sets) and, for prediction strength, the standard deviation over the `B`
#' splits divided by \eqn{\sqrt B}.
#'
#' With case `weights`, the typologies, sums of squares, Calinski-Harabasz,
#' Davies-Bouldin and silhouettes are weighted (see [cluster_indices()]); the
#' gap statistic's reference sets and prediction strength's halves are
#' refitted without weights.
#'
#' @inheritParams cluster_indices
#' @inheritParams gap_statistic
#' @param data A data frame or numeric matrix, one row per case (see
#'   [typology()]).
#' @param k The numbers of types to scan: distinct whole numbers, at least 1.
#' @param method Clustering method, any method of [typology()]. The gap
#'   statistic and prediction strength refit it on reference data and halves.
#' @param indices Which indices to compute: any of `"wss"`, `"pve"`,
#'   `"silhouette"`, `"ch"`, `"db"`, `"dunn"`, `"gap"`, `"ps"`,
#'   `"schedule"`; for `method = "lca"` any of `"loglik"`, `"aic"`, `"bic"`,
#'   `"abic"`, `"entropy"`, `"min_share"` (the smallest class share); or any index of [typfrage_indices] (NbClust,
#'   clusterCrit, fpc). The keyword `"nbclust"` selects NbClust's
#'   `index = "all"` set and `"all"` every index that needs no resampling;
#'   with either, the verdict is NbClust's majority vote, and
#'   `recommended$rule` shows each index's rule. `NULL` (the default) means
#'   `c("wss", "silhouette", "ch", "db", "gap", "ps")`, or all six latent
#'   class criteria for `method = "lca"`.
#' @param B Number of reference data sets (gap statistic) and of random
#'   splits (prediction strength).
#' @param gap_rule Decision rule of the gap statistic, see [gap_statistic()].
#' @param ps_cutoff Prediction strength a number of types must reach.
#' @param ... Further arguments for [typology()], such as `nstart`,
#'   `distance` or `max_iter`.
#' @return An object of class `typology_scan`, a list with
#'   * `indices`: a tidy data frame with one row per index and \eqn{k}:
#'     `index`, `k`, `value`, `se` (`NA` where not defined);
#'   * `recommended`: a data frame with one row per index: `index`, `label`,
#'     `k` (the recommended number of types) and `rule`;
#'   * `verdict`: a sentence saying where the indices agree and where not;
#'   * `clusters`: an \eqn{n \times} `length(k)` matrix of the types found for
#'     every \eqn{k};
#'   * `critical`: the critical values of `duda`, `pseudot2` and `beale`
#'     (Beale: the F test's p-value), or `NULL`;
#'   * `k`, `method`, `B`, `n`, `seed`, `call`.
#'
#'   It has `print()`, `summary()`, `as.data.frame()`, `autoplot()` and
#'   `plot()` methods.
#' @seealso [cluster_indices()], [silhouette_widths()], [gap_statistic()].
#' @references
#' Nylund, K. L., Asparouhov, T. and Muthen, B. O. (2007). Deciding on the
#' number of classes in latent class analysis and growth mixture modeling: a
#' Monte Carlo simulation study. *Structural Equation Modeling*, 14,
#' 535--569.
#'
#' Krzanowski, W. J. and Lai, Y. T. (1988). A criterion for determining the
#' number of groups in a data set using sum-of-squares clustering.
#' *Biometrics*, 44, 23--34.
#'
#' Tibshirani, R. and Walther, G. (2005). Cluster validation by prediction
#' strength. *Journal of Computational and Graphical Statistics*, 14,
#' 511--528.
#'
#' Tibshirani, R., Walther, G. and Hastie, T. (2001). Estimating the number
#' of clusters in a data set via the gap statistic. *Journal of the Royal
#' Statistical Society B*, 63, 411--423.
#' @export
#' @examples
#' s <- scan_k(USArrests, k = 2:5, standardize = TRUE, B = 10, nstart = 5,
#'             seed = 1)
#' s
#' s$recommended
scan_k <- function(data, k = 2:8, method = "kmeans", indices = NULL,
                   B = 100, items = NULL, standardize = FALSE, seed = NULL,
                   threads = NULL, weights = NULL, verbose = NULL,
                   gap_rule = "firstSEmax", ps_cutoff = 0.8, ...) {
  items <- rlang::enquo(items)
  call <- match.call()
  env <- rlang::current_env()
  if (!(is.character(method) && length(method) == 1L && !is.na(method) &&
        method %in% names(typology_methods()))) {
    abort_input(
      c("{.arg method} must be one of {.or {.val {names(typology_methods())}}}.",
        x = if (is.character(method) && length(method) == 1L)
          "You supplied {.val {method}}." else "You supplied {.obj_type_friendly {method}}."),
      call = env
    )
  }
  lca <- identical(method, "lca")
  if (is.null(indices)) indices <- if (lca) scan_lca_indices else scan_default_indices
  keywords <- resolve_scan_keywords(indices)
  indices <- check_index_names(keywords$indices, names(scan_index_labels), call = env)
  extra <- intersect(indices, extra_index_table$index)
  check_extra_weights(extra, weights, env)
  wrong <- if (lca) setdiff(indices, scan_lca_indices) else intersect(indices, scan_lca_indices)
  if (length(wrong)) {
    abort_input(
      if (lca) {
        c("A latent class scan reports the model's information criteria, not distance-based indices.",
          x = "{.arg indices} contains {.val {wrong}}.",
          i = "Choose from {.val {scan_lca_indices}}.")
      } else {
        c("{.val {wrong}} {cli::qty(length(wrong))}{?is a criterion/are criteria} of latent class models.",
          i = "Use {.code method = \"lca\"}, or choose from {.val {setdiff(names(scan_index_labels), c(scan_lca_indices, extra_index_table$index))}}.")
      },
      call = env
    )
  }
  resampling <- intersect(indices, c("gap", "ps"))
  if (length(resampling)) {
    check_resampling_method(method, env)
    check_count(B, min = 2, call = env)
    check_replicate_memory(B, 2 * 8 * (length(k) + 2), arg = "B", call = env)
  }
  gap_rule <- check_gap_rule(gap_rule, env)
  check_number(ps_cutoff, min = 0, max = 1, call = env)
  threads <- resolve_threads(threads, call = env)
  verbose <- resolve_verbose(verbose, call = env)
  material <- resolve_seed(seed, call = env)
  fit_seed <- material[1]

  # The data fits: typology() for every k (any method, its own validation).
  ks <- NULL
  fits <- list()
  first <- typology(data, k = 1L, method = method, items = items,
                    standardize = standardize, weights = weights, seed = fit_seed,
                    threads = threads, verbose = FALSE, ...)
  x <- typology_matrix(first)
  n <- nrow(x)
  ks <- check_ks(k, n, call = env)
  check_rank_memory(extra, n, env)
  extra_ks <- if (length(extra)) scan_extra_ks(extra, ks, n) else integer()
  if ("ps" %in% indices && max(ks) > n %/% 2) {
    abort_input(
      c("Prediction strength needs at least {max(ks)} observations in each half of the data.",
        x = "With {n} observations, the largest {.arg k} can be {n %/% 2}.",
        i = "Drop {.val ps} from {.arg indices} or scan fewer types."),
      call = env
    )
  }
  for (j in seq_along(ks)) {
    if (verbose) cli::cli_inform("Fitting k = {ks[j]}")
    fits[[j]] <- if (ks[j] == 1L) first else
      typology(data, k = ks[j], method = method, items = items,
               standardize = standardize, weights = weights, seed = fit_seed,
               threads = threads, verbose = FALSE, ...)
  }
  for (kk in extra_ks) {
    fits[[length(fits) + 1L]] <- if (kk == 1L) first else
      typology(data, k = kk, method = method, items = items,
               standardize = standardize, weights = weights, seed = fit_seed,
               threads = threads, verbose = FALSE, ...)
  }
  parts <- lapply(fits, function(f) as.integer(f$cluster[f$rows]))
  names(parts) <- c(ks, extra_ks)
  fits <- fits[seq_along(ks)]
  clusters <- vapply(fits, function(f) as.integer(f$cluster[f$rows]), integer(n))
  clusters <- matrix(clusters, nrow = n, dimnames = list(NULL, ks))
  settings <- first$settings
  distance <- if (identical(settings$distance, "stored")) "euclidean" else settings$distance
  gower <- if (identical(distance, "gower")) settings$gower else list(range = numeric(), nominal = logical())
  w <- first$weights

  rows <- list()
  add_rows <- function(index, kk, value, se = NA_real_) {
    rows[[length(rows) + 1L]] <<- data.frame(index = index, k = kk, value = value,
                                             se = se, stringsAsFactors = FALSE)
  }

  # Internal indices of every data partition (k = 1 only for wss).
  internal <- intersect(indices, c("wss", "pve", "silhouette", "ch", "db", "dunn"))
  if (length(internal)) {
    pair_indices <- intersect(internal, c("silhouette", "dunn"))
    if (length(pair_indices) && identical(settings$distance, "stored")) {
      abort_input(
        c("Silhouettes and Dunn's index need the data's distances.",
          i = "Drop {.val {pair_indices}} from {.arg indices}, or fit on the items with {.arg distance}."),
        call = env
      )
    }
    kk_all <- sort(unique(c(if ("wss" %in% internal) 1L, ks)))
    vals <- lapply(kk_all, function(kk) {
      cl <- if (kk == 1L) rep(1L, n) else clusters[, as.character(kk)]
      partition_indices(x, cl, kk, index_weights(w), distance, gower,
                        if (kk == 1L) "wss" else internal, threads, verbose)$values
    })
    for (idx in internal) {
      keep <- if (idx == "wss") kk_all else kk_all[kk_all %in% ks]
      add_rows(idx, keep, vapply(keep, function(kk) vals[[match(kk, kk_all)]][[idx]],
                                 numeric(1)))
    }
  }

  # The NbClust, clusterCrit and fpc indices (R/scan-nbclust.R).
  critical <- NULL
  if (length(extra)) {
    if (identical(settings$distance, "stored")) {
      abort_input(
        c("The NbClust and clusterCrit indices need the data's distances.",
          i = "Fit on the items with {.arg distance}."),
        call = env
      )
    }
    ev <- scan_extra_values(x, parts, ks, extra, index_weights(w), distance, gower,
                            threads, verbose)
    rows[[length(rows) + 1L]] <- ev$rows
    critical <- ev$critical
  }

  # Latent class criteria: read from the typology() fits (k = 1 included, so
  # the information criteria can say "no types").
  lca_idx <- intersect(indices, scan_lca_indices)
  if (length(lca_idx)) {
    lks <- sort(unique(c(1L, ks)))
    lfits <- lapply(lks, function(kk) if (kk %in% ks) fits[[match(kk, ks)]] else first)
    crit <- lca_scan_criteria(lfits) # h23 (#23): R/lca-blrt.R, one row per k
    for (idx in lca_idx) add_rows(idx, lks, crit[[idx]])
  }

  # The Ward agglomeration schedule of the same (prepared) data.
  schedule_k <- NA_integer_
  if ("schedule" %in% indices) {
    if (!identical(settings$distance, "euclidean")) {
      abort_input(
        c("The agglomeration schedule needs Euclidean distances on the items.",
          x = "The typologies use {.val {settings$distance}}.",
          i = "Drop {.val schedule} from {.arg indices}, or fit with {.code distance = \"euclidean\"}."),
        call = env
      )
    }
    if (anyNA(x)) {
      abort_input(
        c("The agglomeration schedule needs complete data.",
          i = "Drop {.val schedule} from {.arg indices}, or use {.code na_action = \"omit\"}."),
        call = env
      )
    }
    tree <- hierarchy(x, linkage = "ward.D2", weights = w, threads = threads,
                      verbose = verbose)
    sched <- agglomeration_schedule(tree)
    # increase of the merge from k + 1 to k clusters, for k = 1, ..., n - 1
    inc <- sched$ess_increase[match(seq_len(n - 1L), sched$clusters)]
    add_rows("schedule", ks, inc[ks])
    schedule_k <- schedule_jump_k(ks, inc)
  }

  gap <- NULL
  if (length(resampling)) {
    if (anyNA(x)) {
      abort_input(
        c("The gap statistic and prediction strength need complete data.",
          x = "The items have missing values ({.code na_action = \"pairwise\"}).",
          i = "Drop {.val {resampling}} from {.arg indices}, or use {.code na_action = \"omit\"}."),
        class = "typfrage_error_missing", call = env
      )
    }
    # refits run `threads` at a time, each within its share of the memory limit
    spec <- fit_spec(method, settings$nstart, settings$max_iter, distance, gower,
                     max_matrix_bytes = max_dist_bytes() / threads)
  }
  if ("gap" %in% indices) {
    gks <- sort(unique(c(1L, ks)))
    parts <- lapply(gks, function(kk) if (kk == 1L) rep(1L, n) else clusters[, as.character(kk)])
    gap <- gap_from_partitions(x, gks, parts, spec, B, "scaledPCA", 1, gap_rule, 1,
                               seed_offset(material, 1L), threads, verbose)
    add_rows("gap", gks, gap$table$gap, gap$table$se)
  }
  if ("ps" %in% indices) {
    pks <- sort(unique(c(1L, ks)))
    ps <- cpp_prediction_strength(x, pks, B, spec, seed_offset(material, 2L), threads,
                                  verbose)
    sd <- apply(ps, 2, stats::sd)
    keep <- pks %in% ks
    add_rows("ps", pks[keep], colMeans(ps)[keep], (sd / sqrt(B))[keep])
  }

  tab <- do.call(rbind, rows)
  tab$index <- factor(tab$index, levels = names(scan_index_labels))
  tab <- tab[order(tab$index, tab$k), ]
  tab$index <- as.character(tab$index)
  rownames(tab) <- NULL

  rec <- recommend_k(tab, indices, gap, ps_cutoff, ncol(x), schedule_k, critical)
  new_typology_scan(list(
    indices = tab, recommended = rec,
    verdict = if (lca && "bic" %in% indices) lca_verdict(rec)
              else if (!is.null(keywords$vote)) vote_verdict(rec, keywords$vote)
              else scan_verdict(rec),
    critical = critical,
    clusters = clusters, k = ks, method = method, B = B, n = n,
    gap_rule = gap_rule, ps_cutoff = ps_cutoff, seed = material, call = call
  ))
}

new_typology_scan <- function(x) {
  structure(x, class = "typology_scan")
}

# The k each index recommends (NA where an index makes no recommendation).
recommend_k <- function(tab, indices, gap, ps_cutoff, p, schedule_k = NA_integer_,
                        critical = NULL) {
  pick <- function(idx) {
    if (idx %in% extra_index_table$index) {
      return(extra_recommend(idx, tab[tab$index == idx, , drop = FALSE], critical))
    }
    d <- tab[tab$index == idx & !is.na(tab$value), , drop = FALSE]
    if (nrow(d) == 0L) return(NA_integer_)
    switch(idx,
      wss = elbow_k(d$k, d$value, p),
      pve = NA_integer_,
      silhouette = , ch = , dunn = d$k[which.max(d$value)],
      db = , aic = , bic = , abic = d$k[which.min(d$value)],
      loglik = , entropy = , min_share = NA_integer_, # h23 (#23): min_share
      schedule = schedule_k,
      gap = gap$k,
      ps = {
        ok <- d$k[d$value >= ps_cutoff]
        if (length(ok)) max(ok) else 1L
      }
    )
  }
  data.frame(
    index = indices,
    label = unname(scan_index_labels[indices]),
    k = vapply(indices, function(i) as.integer(pick(i)), integer(1), USE.NAMES = FALSE),
    rule = unname(scan_index_rules[indices]),
    stringsAsFactors = FALSE
  )
}

# The elbow of the WSS curve by Krzanowski & Lai (1988): the k maximising
# |DIFF(k) / DIFF(k + 1)|, DIFF(k) = (k-1)^(2/p) W_{k-1} - k^(2/p) W_k, over
# the k whose neighbours k - 1 and k + 1 were scanned.
elbow_k <- function(k, w, p) {
  wk <- function(kk) w[match(kk, k)]
  diff_k <- function(kk) (kk - 1)^(2 / p) * wk(kk - 1) - kk^(2 / p) * wk(kk)
  cand <- k[(k - 1) %in% k & (k + 1) %in% k]
  if (length(cand) == 0L) return(NA_integer_)
  kl <- abs(diff_k(cand) / diff_k(cand + 1))
  kl[!is.finite(kl)] <- NA
  if (all(is.na(kl))) return(NA_integer_)
  cand[which.max(kl)]
}

# The largest jump of the agglomeration schedule: inc[j] is the ESS increase
# of the merge from j + 1 to j clusters; the k in ks (k >= 2) maximising
# inc[k - 1] - inc[k], the cost of merging k clusters into k - 1 over that of
# reaching k.
schedule_jump_k <- function(ks, inc) {
  cand <- ks[ks >= 2L]
  if (length(cand) == 0L) return(NA_integer_)
  jump <- inc[cand - 1L] - inc[cand]
  if (all(is.na(jump))) return(NA_integer_)
  cand[which.max(jump)]
}

# Latent class scans recommend by BIC; AIC and aBIC are mentioned.
lca_verdict <- function(rec, lang = "en") {
  kb <- rec$k[rec$index == "bic"]
  others <- rec[rec$index %in% c("aic", "abic") & !is.na(rec$k), , drop = FALSE]
  out <- tr("verdict_bic", lang, kb)
  if (nrow(others) == 0L) return(paste0(out, "."))
  agree <- others$index[others$k == kb]
  differ <- others[others$k != kb, , drop = FALSE]
  parts <- c(if (length(agree)) tr(if (length(agree) == 1L) "verdict_agrees" else "verdict_agree",
                                   lang, paste(agree, collapse = tr("and", lang))),
             if (nrow(differ)) sprintf("%s: k = %d", differ$index, differ$k))
  sprintf("%s (%s).", out, paste(parts, collapse = "; "))
}

scan_verdict <- function(rec, lang = "en") {
  rec <- rec[!is.na(rec$k), , drop = FALSE]
  if (nrow(rec) == 0L) return(tr("verdict_none", lang))
  if (nrow(rec) == 1L) {
    return(tr("verdict_only", lang, rec$index, rec$k))
  }
  votes <- sort(table(rec$k), decreasing = TRUE)
  top <- as.integer(names(votes)[1])
  agree <- rec$index[rec$k == top]
  others <- rec[rec$k != top, , drop = FALSE]
  if (nrow(others) == 0L) {
    return(tr("verdict_all", lang, nrow(rec), top))
  }
  if (length(votes) > 1L && votes[[1]] == votes[[2]]) {
    groups <- vapply(names(votes), function(kk)
      sprintf("k = %s (%s)", kk, paste(rec$index[rec$k == as.integer(kk)], collapse = ", ")),
      character(1))
    return(tr("verdict_disagree", lang, paste(groups, collapse = "; ")))
  }
  dissent <- vapply(split(others$index, others$k), paste, character(1), collapse = ", ")
  tr("verdict_majority", lang, length(agree), nrow(rec), top, paste(agree, collapse = ", "),
     paste(sprintf("%s: k = %s", dissent, names(dissent)), collapse = "; "))
}

# The verdict of a scan in `lang` (the stored `verdict` is English).
scan_verdict_text <- function(x, lang = "en") {
  rec <- x$recommended
  if (identical(x$method, "lca") && "bic" %in% rec$index) lca_verdict(rec, lang)
  else scan_verdict(rec, lang)
}

# The k most indices recommend (ties: the smaller k); NA when none does.
scan_consensus_k <- function(rec) {
  k <- rec$k[!is.na(rec$k)]
  if (!length(k)) return(NA_integer_)
  votes <- table(k)
  as.integer(names(votes)[votes == max(votes)][1])
}

#' @export
print.typology_scan <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("scan_header", lang, x$method, paste(range(x$k), collapse = ".."),
                   fmt_int(x$n, lang),
                   if (any(x$indices$index %in% c("gap", "ps"))) sprintf(", B = %d", x$B) else ""))
  wide <- typology_scan_wide(x, digits, lang)
  print(wide, row.names = FALSE, right = TRUE)
  rec <- x$recommended[!is.na(x$recommended$k), , drop = FALSE]
  if (nrow(rec)) {
    cli::cat_line(tr("scan_recommended_line", lang,
                     paste(sprintf("%s %d", rec$index, rec$k), collapse = ", ")))
  }
  cli::cat_line(scan_verdict_text(x, lang))
  invisible(x)
}

# One row per k, one column per index ("value (se)" where an se exists).
typology_scan_wide <- function(x, digits = 3, lang = "en") {
  tab <- x$indices
  ks <- sort(unique(tab$k))
  out <- data.frame(k = ks)
  for (idx in unique(tab$index)) {
    d <- tab[tab$index == idx, ]
    v <- fmt_num(d$value, digits, lang)
    if (idx == "wss") {
      v <- formatC(d$value, digits = max(digits, 4), format = "g")
      if (identical(lang, "de")) v <- chartr(".", ",", v)
    }
    has_se <- !is.na(d$se)
    v[has_se] <- paste0(v[has_se], " (", fmt_num(d$se[has_se], digits, lang), ")")
    rec <- x$recommended$k[x$recommended$index == idx]
    v <- paste0(v, ifelse(!is.na(rec) & d$k == rec, "*", " "))
    col <- rep("", length(ks))
    col[match(d$k, ks)] <- v
    out[[idx]] <- col
  }
  out
}

#' @export
summary.typology_scan <- function(object, ...) {
  structure(list(recommended = object$recommended, verdict = object$verdict,
                 method = object$method, k = object$k, n = object$n, B = object$B,
                 gap_rule = object$gap_rule, ps_cutoff = object$ps_cutoff),
            class = "summary.typology_scan")
}

#' @export
print.summary.typology_scan <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("summary_scan_header", lang, paste(range(x$k), collapse = ".."), x$method,
                   fmt_int(x$n, lang)))
  rec <- x$recommended
  rec$rule[rec$index == "gap"] <- x$gap_rule
  rec$rule[rec$index == "ps"] <- tr("scan_ps_rule", lang, fmt_num(x$ps_cutoff, 2, lang))
  if (identical(lang, "de")) {
    rec$label <- tr_or(paste0("index_", rec$index), lang, rec$label)
    keep <- !rec$index %in% c("gap", "ps")
    rec$rule[keep] <- tr_or(paste0("rule_", rec$index[keep]), lang, rec$rule[keep])
    names(rec) <- tr_or(paste0("col_", sub("^label$", "index_label", names(rec))), lang, names(rec))
  }
  print(rec, row.names = FALSE)
  cli::cat_line(scan_verdict_text(x, lang))
  invisible(x)
}

#' @export
as.data.frame.typology_scan <- function(x, row.names = NULL, optional = FALSE, ...) {
  x$indices
}

#' @export
tidy.typology_scan <- function(x, ...) {
  x$indices
}
