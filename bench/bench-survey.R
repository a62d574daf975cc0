# Resampling at survey shape (issue #26, point 4): the gap statistic on
# 12 Likert items (1-5) and the whole study pipeline on `kommunen`, each
# against the equivalent calls of cluster, fpc and stats. Like for like:
# the same B, the same number of k-means starts, the same k range and the
# same reference distribution (clusGap's default spaceH0 = "scaledPCA",
# typfrage's default reference = "scaledPCA"; d.power = 1 on both sides).
# typfrage runs on 2 threads (this machine's cores); the peers are
# single-threaded R. The survey data come from bench_stability_data()
# (bench-stability.R, sourced by run.R before this file is used).

# On a shared machine the elapsed times of a 2-thread run suffer more from
# other load than those of a single-threaded peer, so the check column also
# gives the CPU time (user + system) of one more run of each side.
cpu_seconds <- function(f) {
  t <- system.time(f())
  t[["user.self"]] + t[["sys.self"]] + t[["user.child"]] + t[["sys.child"]]
}

cpu_note <- function(ours, peer) {
  a <- cpu_seconds(ours)
  b <- cpu_seconds(peer)
  sprintf("CPU time %.2f s vs %.1f s (%.1fx)", a, b, b / a)
}

bench_survey <- function(times = 3L) {
  stopifnot(requireNamespace("cluster", quietly = TRUE),
            requireNamespace("fpc", quietly = TRUE))
  rbind(bench_survey_gap(times + 2L), bench_survey_pipeline(times))
}

# The gap statistic, k = 1..8, B = 50, nstart = 5, n = 2,000 Likert rows.
bench_survey_gap <- function(times) {
  x <- bench_stability_data(2000L, k = 4, p = 12, seed = 26)
  ours <- NULL
  peer <- NULL
  run_ours <- function() ours <<- typfrage::gap_statistic(x, k = 1:8, B = 50, nstart = 5,
                                                          seed = 1, threads = 2)
  run_peer <- function() peer <<- cluster::clusGap(x, stats::kmeans, K.max = 8, B = 50,
                                                   nstart = 5, verbose = FALSE)
  bench_row(
    "gap statistic, 12 Likert items, k = 1..8, B = 50, nstart = 5 (2 threads)", nrow(x),
    run_ours, "cluster::clusGap(kmeans, nstart = 5)", run_peer,
    times = times,  # 2 threads vary from run to run: the median of five
    check = function() paste0(bench_gap_check(ours, peer), "; ", cpu_note(run_ours, run_peer))
  )
}

bench_gap_check <- function(ours, peer) {
  sprintf("k = %d vs %d; max abs. gap difference %.3f",
          ours$k, cluster::maxSE(peer$Tab[, "gap"], peer$Tab[, "SE.sim"]),
          max(abs(ours$table$gap - peer$Tab[, "gap"])))
}

# The study pipeline at n = 412: scan k = 2..8 (silhouette, Calinski-Harabasz,
# Ward's agglomeration schedule, gap statistic with B = 100), the typology at
# k = 4, its bootstrap stability (B = 500) and the type profiles. Every
# k-means fit has 10 starts on both sides.
bench_survey_pipeline <- function(times) {
  items <- grep("^goal_", names(typfrage::kommunen), value = TRUE)
  x <- as.matrix(typfrage::kommunen[items])
  storage.mode(x) <- "double"
  nstart <- 10L
  ours <- NULL
  peer <- NULL
  run_ours <- function() ours <<- pipeline_typfrage(typfrage::kommunen, items, nstart)
  run_peer <- function() peer <<- pipeline_peer(x, nstart)
  bench_row(
    "study pipeline: scan k = 2..8 (silhouette, CH, schedule, gap B = 100), k-means k = 4, stability B = 500, profiles; nstart = 10 (2 threads)",
    nrow(x),
    run_ours, "hclust + kmeans scan, cluster::clusGap, fpc::clusterboot, aov", run_peer,
    times = times,
    check = function() paste0(pipeline_check(ours, peer), "; ", cpu_note(run_ours, run_peer))
  )
}

# What a user of typfrage calls.
pipeline_typfrage <- function(data, items, nstart) {
  scan <- typfrage::scan_k(data, k = 2:8, items = tidyselect::all_of(items),
                           indices = c("silhouette", "ch", "schedule", "gap"),
                           B = 100, nstart = nstart, seed = 1, threads = 2,
                           verbose = FALSE)
  fit <- typfrage::typology(data, k = 4, items = tidyselect::all_of(items),
                            nstart = nstart, seed = 1, threads = 2)
  st <- typfrage::stability(fit, B = 500, seed = 1, threads = 2, verbose = FALSE)
  prof <- typfrage::profiles(fit)
  list(scan = scan, fit = fit, stability = st, profiles = prof)
}

# The same study with stats, cluster and fpc.
pipeline_peer <- function(x, nstart) {
  d <- stats::dist(x)
  tree <- stats::hclust(d, method = "ward.D2")
  scan <- lapply(2:8, function(k) {
    km <- stats::kmeans(x, k, nstart = nstart)
    c(k = k, silhouette = summary(cluster::silhouette(km$cluster, d))$avg.width,
      ch = fpc::calinhara(x, km$cluster))
  })
  gap <- cluster::clusGap(x, stats::kmeans, K.max = 8, B = 100, nstart = nstart,
                          verbose = FALSE)
  boot <- fpc::clusterboot(x, B = 500, bootmethod = "boot",
                           clustermethod = fpc::kmeansCBI, krange = 4,
                           runs = nstart, count = FALSE)
  cl <- boot$partition
  means <- stats::aggregate(x, list(type = cl), mean)
  anova <- lapply(seq_len(ncol(x)), function(j) summary(stats::aov(x[, j] ~ factor(cl))))
  list(tree = tree, scan = do.call(rbind, scan), gap = gap, boot = boot,
       means = means, anova = anova)
}

pipeline_check <- function(ours, peer) {
  ix <- ours$scan$indices
  sil <- ix$value[ix$index == "silhouette"]
  gap <- ix[ix$index == "gap", ]
  rec <- ours$scan$recommended
  k_peer_gap <- cluster::maxSE(peer$gap$Tab[, "gap"], peer$gap$Tab[, "SE.sim"])
  sprintf(paste("gap k = %d vs %d (max abs. gap difference %.3f); silhouette k = %d vs %d",
                "(max diff %.3f); bootstrap Jaccard: ours %s, fpc %s"),
          rec$k[rec$index == "gap"], k_peer_gap,
          max(abs(gap$value - peer$gap$Tab[gap$k, "gap"])),
          rec$k[rec$index == "silhouette"],
          peer$scan[which.max(peer$scan[, "silhouette"]), "k"],
          max(abs(sil - peer$scan[, "silhouette"])),
          paste(sprintf("%.2f", sort(ours$stability$types$jaccard)), collapse = "/"),
          paste(sprintf("%.2f", sort(peer$boot$bootmean)), collapse = "/"))
}
