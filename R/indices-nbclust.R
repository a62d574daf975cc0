# The NbClust, clusterCrit and fpc indices: one table (name, label, where the
# definition comes from, how it is computed, which way is better, and the
# decision rule scan_k() applies), the computation for one partition and the
# indices that compare neighbouring partitions (KL, Hartigan, Duda, ...).
# User-facing strings of these indices live in this table only.

# kind: "scatter" (moments, weights allowed), "pair" (all pairwise distances,
# streamed), "rank" (rank-based, stores the n(n-1)/2 distances), "silhouette"
# (from the silhouette widths), "scan" (compares partitions, scan_k() only).
extra_index_table <- local({
  rows <- list(
    # NbClust
    c("kl", "Krzanowski-Lai (KL)", "NbClust", "scan", "higher", "maximum"),
    c("hartigan", "Hartigan", "NbClust", "scan", "none", "largest difference to k - 1"),
    c("ccc", "Cubic clustering criterion", "NbClust", "scatter", "higher", "maximum"),
    c("scott", "Scott-Symons (n log det T / det W)", "NbClust", "scatter", "none", "largest difference to k - 1"),
    c("marriot", "Marriot (k^2 det W)", "NbClust", "scatter", "none", "largest second difference"),
    c("trcovw", "Trace of Cov(W)", "NbClust", "scatter", "none", "largest difference to k - 1"),
    c("tracew", "Trace of W", "NbClust", "scatter", "none", "largest second difference"),
    c("friedman", "Friedman (NbClust: sum of diag(W^-1) diag(B))", "NbClust", "scatter", "none", "largest difference to k - 1"),
    c("rubin", "Rubin (trace T / trace W)", "NbClust", "scatter", "none", "smallest second difference"),
    c("cindex", "C-index (NbClust: smallest and largest within distance)", "NbClust", "pair", "lower", "minimum"),
    c("db_nb", "Davies-Bouldin (NbClust: q = 2)", "NbClust", "scatter", "lower", "minimum"),
    c("duda", "Duda-Hart Je(2)/Je(1)", "NbClust", "scan", "none", "smallest k at or above the critical value"),
    c("pseudot2", "Pseudo t-squared", "NbClust", "scan", "none", "smallest k at or below the critical value"),
    c("beale", "Beale", "NbClust", "scan", "none", "smallest k with F p-value >= 0.1"),
    c("ratkowsky", "Ratkowsky-Lance (NbClust)", "NbClust", "scatter", "higher", "maximum"),
    c("ball", "Ball-Hall (NbClust: trace W / k)", "NbClust", "scatter", "none", "largest difference to k - 1"),
    c("ptbiserial", "Point-biserial (NbClust)", "NbClust", "pair", "higher", "maximum"),
    c("frey", "Frey-Van Groenewoud", "NbClust", "scan", "none", "k before the first ratio below 1"),
    c("mcclain", "McClain-Rao (NbClust)", "NbClust", "pair", "lower", "minimum"),
    c("gamma", "Baker-Hubert Gamma", "NbClust", "rank", "higher", "maximum"),
    c("gplus", "G+ (NbClust)", "NbClust", "rank", "lower", "minimum"),
    c("tau", "Tau (NbClust)", "NbClust", "rank", "higher", "maximum"),
    c("hubert", "Hubert's Gamma (NbClust)", "NbClust", "pair", "none", "graphical (no recommendation)"),
    c("sdindex", "SD index (NbClust)", "NbClust", "scan", "lower", "minimum"),
    c("dindex", "D index (mean distance to the centre)", "NbClust", "scatter", "none", "graphical (no recommendation)"),
    c("sdbw", "SDbw (NbClust)", "NbClust", "scatter", "lower", "minimum"),
    # clusterCrit
    c("ball_hall", "Ball-Hall (clusterCrit: mean of WSS_r / n_r)", "clusterCrit", "scatter", "none", "largest second difference"),
    c("banfeld_raftery", "Banfeld-Raftery", "clusterCrit", "scatter", "lower", "minimum"),
    c("c_index", "C-index (Hubert-Levin, clusterCrit)", "clusterCrit", "rank", "lower", "minimum"),
    c("det_ratio", "Determinant ratio det T / det W", "clusterCrit", "scatter", "none", "smallest second difference"),
    c("g_plus", "G+ (clusterCrit)", "clusterCrit", "rank", "lower", "minimum"),
    c("gamma_cc", "Baker-Hubert Gamma (clusterCrit: ties concordant)", "clusterCrit", "rank", "higher", "maximum"),
    c("ksq_detw", "k^2 det W", "clusterCrit", "scatter", "none", "largest second difference"),
    c("log_det_ratio", "n log(det T / det W)", "clusterCrit", "scatter", "none", "smallest second difference"),
    c("log_ss_ratio", "log(BSS / WSS)", "clusterCrit", "scatter", "none", "smallest second difference"),
    c("mcclain_rao", "McClain-Rao (clusterCrit)", "clusterCrit", "pair", "lower", "minimum"),
    c("pbm", "PBM", "clusterCrit", "scatter", "higher", "maximum"),
    c("point_biserial", "Point-biserial (clusterCrit)", "clusterCrit", "pair", "higher", "maximum"),
    c("ray_turi", "Ray-Turi", "clusterCrit", "scatter", "lower", "minimum"),
    c("ratkowsky_lance", "Ratkowsky-Lance (clusterCrit)", "clusterCrit", "scatter", "higher", "maximum"),
    c("scott_symons", "Scott-Symons (clusterCrit)", "clusterCrit", "scatter", "lower", "minimum"),
    c("sd_scat", "SD scattering", "clusterCrit", "scatter", "lower", "minimum"),
    c("sd_dis", "SD separation", "clusterCrit", "scatter", "lower", "minimum"),
    c("s_dbw", "S_Dbw (clusterCrit)", "clusterCrit", "scatter", "lower", "minimum"),
    c("tau_cc", "Tau (clusterCrit)", "clusterCrit", "rank", "higher", "maximum"),
    c("trace_wib", "Trace of W^-1 B", "clusterCrit", "scatter", "none", "largest second difference"),
    c("wemmert_gancarski", "Wemmert-Gancarski", "clusterCrit", "scatter", "higher", "maximum"),
    c("xie_beni", "Xie-Beni", "clusterCrit", "pair", "lower", "minimum"),
    c("silhouette_cc", "Silhouette (clusterCrit: mean of the cluster means)", "clusterCrit", "silhouette", "higher", "maximum"),
    # fpc::cluster.stats()
    c("average_between", "Average distance between clusters", "fpc", "pair", "higher", "none"),
    c("average_within", "Average distance within clusters", "fpc", "pair", "lower", "none"),
    c("sindex", "Separation index", "fpc", "pair", "higher", "none"),
    c("widestgap", "Widest within-cluster gap", "fpc", "pair", "lower", "none"),
    c("wb_ratio", "Within/between average distance ratio", "fpc", "pair", "lower", "none"),
    c("pearsongamma", "Pearson gamma (normalised gamma)", "fpc", "pair", "higher", "none"),
    c("size_entropy", "Entropy of the cluster sizes (fpc entropy)", "fpc", "scatter", "none", "none"),
    c("dunn2", "Dunn (fpc dunn2: average distances)", "fpc", "pair", "higher", "none")
  )
  gdi <- sprintf("gdi%d%d", rep(1:5, each = 3), rep(1:3, 5))
  rows <- c(rows, lapply(gdi, function(g) {
    c(g, sprintf("Generalised Dunn %s (between %s, diameter %s)", toupper(g),
                 substr(g, 4, 4), substr(g, 5, 5)),
      "clusterCrit", "pair", "higher", "maximum")
  }))
  m <- do.call(rbind, rows)
  data.frame(index = m[, 1], label = m[, 2], source = m[, 3], kind = m[, 4],
             better = m[, 5], rule = m[, 6], stringsAsFactors = FALSE)
})

# NbClust's index = "all": the 26 indices of its majority vote (without the
# gap statistic and the rank-based Gamma, G+ and Tau), in typfrage's names.
nbclust_set <- c("kl", "ch", "hartigan", "ccc", "scott", "marriot", "trcovw", "tracew",
                 "friedman", "rubin", "cindex", "db_nb", "silhouette", "duda", "pseudot2",
                 "beale", "ratkowsky", "ball", "ptbiserial", "frey", "mcclain", "dunn",
                 "hubert", "sdindex", "dindex", "sdbw")

# Names of the extra indices of one partition (for cluster_indices()).
partition_extra <- function() extra_index_table$index[extra_index_table$kind != "scan"]

extra_kind <- function(indices) {
  extra_index_table$kind[match(indices, extra_index_table$index)]
}

# Refuse weights for indices that count pairs of rows.
check_extra_weights <- function(indices, weights, call) {
  if (is.null(weights)) return(invisible())
  bad <- indices[extra_kind(indices) %in% c("pair", "rank", "silhouette") |
                   indices %in% c("frey")]
  if (length(bad)) {
    abort_typfrage(
      c("{.val {bad}} count{?s/} pairs of observations and do{?es/} not take case weights.",
        i = "Drop {.arg weights}, or choose indices based on sums of squares (see {.help typfrage::typfrage_indices})."),
      kind = "weights", call = call
    )
  }
  invisible()
}

# Memory for the rank-based indices: all n(n-1)/2 pairs are stored with
# their distances and rows, 16 bytes each (sorted_pairs() of indices_pairs.hpp).
check_rank_memory <- function(indices, n, call) {
  if (any(extra_kind(indices) == "rank")) {
    check_dist_memory(n, "Drop the rank-based indices (Gamma, G+, Tau, C-index) or use fewer rows.",
                      bytes = 16, call = call)
  }
  invisible()
}

# The extra indices of one partition (codes 1..k): a named numeric vector
# with every requested index, NA where k < 2 or the items have missing values.
extra_partition_values <- function(x, codes, k, weights, distance, gower, indices,
                                   threads, verbose) {
  extra_partitions_values(x, list(codes), k, weights, distance, gower, indices,
                          threads, verbose)[[1]]
}

# The same for partitions of the same rows (`parts`: a list of codes, `ks`
# their numbers of types), one list per partition; the rank-based indices
# sort the distances of all pairs once for all of them.
extra_partitions_values <- function(x, parts, ks, weights, distance, gower, indices,
                                    threads, verbose) {
  na <- stats::setNames(rep(NA_real_, length(indices)), indices)
  out <- rep(list(list(values = na, withinss = NULL, size = NULL)), length(ks))
  ok <- ks >= 2L & ks < nrow(x) & !anyNA(x)
  if (!any(ok)) return(out)
  kinds <- extra_kind(indices)
  pairs <- any(kinds == "pair") || any(indices %in% c("frey", "mean_within", "average_between"))
  rs <- cpp_extra_indices(x, parts[ok], as.integer(ks[ok]), weights, distance, gower, pairs,
                          any(kinds == "rank"), threads, verbose)
  for (j in seq_along(rs)) {
    r <- rs[[j]]
    at <- which(ok)[j]
    vals <- na
    have <- intersect(indices, names(r$values))
    vals[have] <- r$values[have]
    if ("silhouette_cc" %in% indices) {
      codes <- parts[[at]]
      sil <- cpp_silhouette_data(x, codes, ks[at], NULL, distance, gower, threads, verbose)
      vals[["silhouette_cc"]] <- mean(tapply(sil$sil_width, codes, mean))
    }
    vals[is.nan(vals)] <- NA_real_
    out[[at]] <- list(values = vals, withinss = r$withinss, size = r$size)
  }
  out
}

#' The NbClust, clusterCrit and fpc indices
#'
#' Besides its six classic indices, [cluster_indices()] computes, and
#' [scan_k()] scans, the indices of `NbClust` (Charrad et al. 2014), the
#' internal criteria of `clusterCrit` (Desgraupes) and the quantities of
#' `fpc::cluster.stats()`, all in the C++ core. Every index is computed as
#' the reference's code computes it; where two references define an index
#' differently, both are offered under their own names:
#'
#' * NbClust's names: `kl`, `hartigan`, `ccc`, `scott`, `marriot`, `trcovw`,
#'   `tracew`, `friedman` (NbClust's code: \eqn{\sum_j (W^{-1})_{jj} B_{jj}};
#'   the trace of \eqn{W^{-1}B} is clusterCrit's `trace_wib`), `rubin`
#'   (trace T / trace W), `cindex` (NbClust's: from the smallest and largest
#'   within-cluster distance; the Hubert-Levin C-index is `c_index`),
#'   `db_nb` (Davies-Bouldin with q = 2; `db` uses mean distances),
#'   `duda`, `pseudot2`, `beale`, `ratkowsky`, `ball` (trace W / k),
#'   `ptbiserial`, `frey`, `mcclain` (NbClust divides the mean distances once
#'   more by the numbers of pairs; clusterCrit's ratio of means is
#'   `mcclain_rao`), `gamma`, `gplus`, `tau` (ties neither concordant nor
#'   discordant), `hubert`, `sdindex`, `dindex`, `sdbw`; `ch`, `silhouette`
#'   and `dunn` are the classic ones.
#' * clusterCrit's names: `ball_hall`, `banfeld_raftery`, `c_index`,
#'   `det_ratio`, `g_plus`, `gamma_cc` and `tau_cc` (a tie counts as
#'   concordant), `gdi11` ... `gdi53` (generalised Dunn: between-cluster
#'   distance 1-5 over diameter 1-3, as clusterCrit computes them; its
#'   diameter 2 is half the mean within-cluster distance), `ksq_detw`,
#'   `log_det_ratio`, `log_ss_ratio`, `pbm`, `point_biserial`, `ray_turi`,
#'   `ratkowsky_lance`, `scott_symons` (`NA` when a cluster has no more rows
#'   than items), `sd_scat`, `sd_dis`, `s_dbw`, `trace_wib`,
#'   `wemmert_gancarski`, `xie_beni`, `silhouette_cc` (the mean of the
#'   clusters' mean widths; `silhouette` averages over observations).
#' * fpc's: `average_between`, `average_within`, `sindex`, `widestgap`,
#'   `wb_ratio`, `pearsongamma`, `size_entropy` (fpc's `entropy`), `dunn2`.
#'
#' Known differences from the references' output: clusterCrit 1.3's Gamma,
#' G+ and Tau are not reproducible (values outside \eqn{[-1, 1]}), so
#' `gamma_cc`, `g_plus` and `tau_cc` follow its code's formulas; its
#' determinants (`ksq_detw`, `det_ratio`) sometimes come out negative, typfrage's
#' are positive. NbClust gives a singleton cluster the silhouette width 1
#' (typfrage, like `cluster::silhouette()`, 0) and rounds its output to four
#' digits.
#'
#' T is the scatter about the grand mean; NbClust uses the uncentred cross
#' product \eqn{X'X} (and \eqn{B = X'X - W}), which equals T for centred
#' (e.g. standardised) items. So `ccc`, `scott`, `friedman` and `rubin` equal
#' NbClust's on centred data; on raw Likert items NbClust's values of these
#' four (and so its choice of k by them) differ: pass `scale(x, scale = FALSE)`
#' to NbClust to compare. NbClust's Tau is `NaN` when its count of tied pairs
#' of distances exceeds the number of pairs (common on Likert items); typfrage
#' returns `NA` there.
#'
#' Cost: the indices based on sums of squares and scatter matrices take one
#' pass over the data and accept case weights (frequency weights). The pair
#' indices stream all pairwise distances (time \eqn{O(n^2 p)}, memory
#' \eqn{O(n k)}); the rank-based ones (`gamma`, `gplus`, `tau`, `gamma_cc`,
#' `g_plus`, `tau_cc`, `c_index`) store the \eqn{n(n-1)/2} distances, sort
#' them and count concordant pairs by a merge (exact, \eqn{O(n^2 \log n)});
#' their memory is checked against `typfrage.max_dist_gb` first. Pair and
#' rank indices refuse weights (class `typfrage_error_weights`).
#'
#' `kl`, `hartigan`, `duda`, `pseudot2`, `beale`, `frey` and `sdindex`
#' compare neighbouring partitions and are computed by [scan_k()] only (it
#' fits \eqn{k - 1} and \eqn{k + 1} as needed); `duda`, `pseudot2` and `beale`
#' are `NA` unless the partitions are nested (hierarchical methods). For the
#' split cluster, typfrage finds the cluster of the \eqn{k}-partition that
#' the \eqn{(k+1)}-partition divides; NbClust guesses it from the labels of
#' `cutree()`, which occasionally picks the wrong clusters (a negative
#' pseudo \eqn{t^2}).
#'
#' Decision rules in [scan_k()] (`recommended$rule`): as NbClust defines them
#' for its indices (maximum, minimum, the largest difference to \eqn{k - 1},
#' the largest or smallest second difference, the critical values of Duda,
#' pseudo \eqn{t^2} and Beale, Frey's first ratio below 1) and as
#' `clusterCrit::bestCriterion()` for the others. `hubert` and `dindex` are
#' graphical in NbClust (a knee in a plot): typfrage reports their values and
#' makes no recommendation. fpc's quantities make none either.
#'
#' The majority vote (`scan_k(indices = "nbclust")` or `"all"`) counts the
#' recommendations, ties going to the smallest \eqn{k} as in NbClust. Its
#' caveats: the indices are not independent (many are functions of W and
#' B), several rules favour the ends of the scanned range (differences and
#' second differences cannot choose the first or last \eqn{k}; `ball`,
#' `tracew` and the Ward criterion favour small \eqn{k}, `ccc` and `trcovw`
#' often large ones), and the result depends on the range scanned.
#'
#' @name typfrage_indices
#' @references
#' Charrad, M., Ghazzali, N., Boiteau, V. and Niknafs, A. (2014). NbClust:
#' an R package for determining the relevant number of clusters in a data
#' set. *Journal of Statistical Software*, 61(6), 1--36.
#'
#' Desgraupes, B. (2018). clusterCrit: Clustering Indices. R package.
#'
#' Milligan, G. W. and Cooper, M. C. (1985). An examination of procedures
#' for determining the number of clusters in a data set. *Psychometrika*,
#' 50, 159--179.
#' @keywords internal
NULL
