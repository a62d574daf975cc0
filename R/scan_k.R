# scan_k(): the verb (its pieces in R/scan-parts.R, the index tables and verdicts in
# R/scan-verdict.R, the class in R/scan-class.R, the NbClust set in R/scan-nbclust.R).


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
#' The fits: the data are prepared once (as by [typology()]); the partitions
#' for every \eqn{k} come from the core's multi-\eqn{k} fit (the one
#' [gap_statistic()] uses; the fit for the j-th \eqn{k} draws its seeds from
#' stream j of the seed material, so a scan's partition for one \eqn{k} is
#' not that of `typology(seed = )`), with the types numbered largest first.
#' Latent class models, data with missing items (`na_action = "pairwise"`,
#' `"available"`) and stored distances are fitted by [typology()] for every
#' \eqn{k}, which reports what they need (the criteria, the own handling of
#' missing answers).
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
#'   `"abic"`, `"entropy"`, `"min_share"` (the smallest class share); or any
#'   index of [typfrage_indices] (NbClust,
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
#' @param backend `"threads"` or `"future"`: where the gap statistic's
#'   reference sets and prediction strength's splits run, see
#'   [gap_statistic()]; identical results either way.
#' @param ... Further arguments for [typology()], such as `nstart`,
#'   `distance` or `max_iter`. `nstart` (default: the method's default in
#'   [typology()], 25 for k-means) is used by the data fits and by every refit
#'   of the gap statistic and of prediction strength, the rule of
#'   [gap_statistic()] and [prediction_strength()].
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
                   gap_rule = "firstSEmax", ps_cutoff = 0.8,
                   backend = c("threads", "future"), ...) {
  items <- rlang::enquo(items)
  call <- match.call()
  env <- rlang::current_env()
  method <- check_choice(method, names(typology_methods()), arg = "method", call = env)
  lca <- identical(method, "lca")
  keywords <- resolve_scan_keywords(indices %||% (if (lca) scan_lca_indices else scan_default_indices))
  indices <- check_scan_indices(keywords$indices, lca, weights, env)
  extra <- intersect(indices, extra_index_table$index)
  resampling <- intersect(indices, c("gap", "ps"))
  if (length(resampling)) {
    check_resampling_method(method, env)
    check_count(B, min = 2, call = env)
    check_replicate_memory(B, 2 * 8 * (length(k) + 2), arg = "B", call = env)
  }
  gap_rule <- check_gap_rule(gap_rule, env)
  check_number(ps_cutoff, min = 0, max = 1, call = env)
  backend <- check_backend(backend, env)
  threads <- resolve_threads(threads, call = env)
  verbose <- resolve_verbose(verbose, call = env)
  material <- resolve_seed(seed, call = env)

  # The data, prepared once by the fit with one type (its own validation).
  first <- typology(data, k = 1L, method = method, items = items,
                    standardize = standardize, weights = weights, seed = material[1],
                    threads = threads, verbose = FALSE, ...)
  x <- typology_matrix(first)
  n <- nrow(x)
  ks <- check_ks(k, n, call = env)
  check_rank_memory(extra, n, env)
  if ("ps" %in% indices) check_ps_ks(ks, n, env)
  all_ks <- c(ks, setdiff(if (length(extra)) scan_extra_ks(extra, ks, n), ks))
  fitted <- scan_partitions(first, all_ks, material, threads, verbose, data = data,
                            method = method, items = items, standardize = standardize,
                            weights = weights, ...)
  parts <- fitted$parts
  clusters <- matrix(unlist(parts[seq_along(ks)], use.names = FALSE), nrow = n,
                     dimnames = list(NULL, ks))
  ctx <- list(x = x, n = n, ks = ks, method = method, clusters = clusters,
              settings = first$settings,
              w = first$weights, threads = threads, verbose = verbose, env = env)

  rows <- list(scan_internal_rows(ctx, indices))
  critical <- NULL
  if (length(extra)) {
    scan_require(!identical(ctx$settings$distance, "stored"),
                 "The NbClust and clusterCrit indices need the data's distances.",
                 "Fit on the items with {.arg distance}.", env)
    ev <- scan_extra_values(x, parts, ks, extra, index_weights(ctx$w), scan_distance(ctx),
                            scan_gower(ctx), threads, verbose)
    rows <- c(rows, list(ev$rows))
    critical <- ev$critical
  }
  if (lca) rows <- c(rows, list(scan_lca_rows(first, fitted$fits[seq_along(ks)], ks, indices)))
  schedule <- scan_schedule_rows(ctx, indices)
  res <- scan_resampling_rows(ctx, indices, B, gap_rule, material, backend)
  tab <- scan_table(c(rows, list(schedule$rows), res$rows))

  rec <- recommend_k(tab, indices, res$gap, ps_cutoff, ncol(x), schedule$k, critical)
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
