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
        i = "Drop {.arg weights}, or choose indices based on sums of squares (see {.help typfrage::nbclust_indices})."),
      kind = "weights", call = call
    )
  }
  invisible()
}

# Memory for the rank-based indices: all n(n-1)/2 distances are stored.
check_rank_memory <- function(indices, n, call) {
  if (any(extra_kind(indices) == "rank")) {
    check_dist_memory(n, "Drop the rank-based indices (Gamma, G+, Tau, C-index) or use fewer rows.",
                      call = call)
  }
  invisible()
}

# The extra indices of one partition (codes 1..k): a named numeric vector
# with every requested index, NA where k < 2 or the items have missing values.
extra_partition_values <- function(x, codes, k, weights, distance, gower, indices,
                                   threads, verbose) {
  out <- stats::setNames(rep(NA_real_, length(indices)), indices)
  if (k < 2L || k >= nrow(x) || anyNA(x)) return(list(values = out, withinss = NULL, size = NULL))
  kinds <- extra_kind(indices)
  pairs <- any(kinds == "pair") || any(indices %in% c("frey", "mean_within", "average_between"))
  r <- cpp_extra_indices(x, codes, k, weights, distance, gower, pairs,
                         any(kinds == "rank"), threads, verbose)
  have <- intersect(indices, names(r$values))
  out[have] <- r$values[have]
  if ("silhouette_cc" %in% indices) {
    sil <- cpp_silhouette_data(x, codes, k, NULL, distance, gower, threads, verbose)
    out[["silhouette_cc"]] <- mean(tapply(sil$sil_width, codes, mean))
  }
  out[is.nan(out)] <- NA_real_
  list(values = out, withinss = r$withinss, size = r$size)
}
