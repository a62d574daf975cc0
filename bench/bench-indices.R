# Silhouettes, internal indices, the gap statistic and prediction strength
# against cluster and fpc.

# Peak memory (MB) of the R process while running f(), measured by resetting
# the kernel's high-water mark (Linux only; NA elsewhere).
peak_mb <- function(f) {
  status <- "/proc/self/status"
  if (!file.exists(status)) return(NA_real_)
  read_kb <- function(key) {
    l <- grep(paste0("^", key, ":"), readLines(status), value = TRUE)
    as.numeric(gsub("[^0-9]", "", l))
  }
  gc(FALSE)
  ok <- tryCatch({ writeLines("5", "/proc/self/clear_refs"); TRUE },
                 error = function(e) FALSE, warning = function(w) FALSE)
  if (!ok) return(NA_real_)
  base <- read_kb("VmRSS")
  f()
  (read_kb("VmHWM") - base) / 1024
}

bench_indices <- function(times = 3L) {
  stopifnot(requireNamespace("cluster", quietly = TRUE),
            requireNamespace("fpc", quietly = TRUE))
  rows <- list()

  # 1. silhouettes, n = 20,000, p = 5, 4 clusters
  set.seed(1)
  n <- 20000
  x <- matrix(rnorm(n * 5), n, 5) + rep(c(0, 3, 6, 9), length.out = n)
  cl <- stats::kmeans(x, 4, nstart = 2)$cluster
  ours <- NULL; peer <- NULL
  mem_ours <- peak_mb(function() typfrage::silhouette_widths(x, cl, threads = 2))
  mem_peer <- peak_mb(function() cluster::silhouette(cl, stats::dist(x)))
  rows$sil <- bench_row(
    "silhouette widths (from the data vs dist(), 2 threads)", n,
    function() ours <<- typfrage::silhouette_widths(x, cl, threads = 2),
    "cluster::silhouette(cl, dist(x))",
    function() peer <<- cluster::silhouette(cl, stats::dist(x)),
    times = times,
    check = function() sprintf("max diff %.1e; peak memory %.0f MB vs %.0f MB",
                               max(abs(unclass(ours)[, 3] - peer[, 3])),
                               mem_ours, mem_peer)
  )
  rm(peer); gc(FALSE)

  # 2. gap statistic, k = 1..8, B = 50, n = 2,000
  set.seed(2)
  n <- 2000
  xg <- matrix(rnorm(n * 4), n, 4) + 4 * diag(4)[rep(1:4, length.out = n), ]
  g_ours <- NULL; g_peer <- NULL
  rows$gap <- bench_row(
    "gap statistic, k = 1..8, B = 50 (2 threads)", n,
    function() g_ours <<- typfrage::gap_statistic(xg, k = 1:8, B = 50, nstart = 5,
                                                  seed = 1, threads = 2),
    "cluster::clusGap(kmeans, nstart = 5)",
    function() g_peer <<- cluster::clusGap(xg, stats::kmeans, K.max = 8, B = 50,
                                          nstart = 5, verbose = FALSE),
    times = times + 2L,  # 2 threads vary from run to run: the median of five
    check = function() sprintf("k = %d vs %d; max abs. gap difference %.3f",
                               g_ours$k, cluster::maxSE(g_peer$Tab[, 3], g_peer$Tab[, 4]),
                               max(abs(g_ours$table$gap - g_peer$Tab[, 3])))
  )

  # 3. Calinski-Harabasz, n = 100,000
  set.seed(3)
  n <- 1e5
  xc <- matrix(rnorm(n * 8), n, 8)
  clc <- sample.int(6, n, replace = TRUE)
  ch_ours <- NULL; ch_peer <- NULL
  rows$ch <- bench_row(
    "Calinski-Harabasz", n,
    function() ch_ours <<- typfrage::cluster_indices(xc, clc, indices = "ch")$value,
    "fpc::calinhara",
    function() ch_peer <<- fpc::calinhara(xc, clc),
    times = times,
    check = function() sprintf("relative diff %.1e", abs(ch_ours / ch_peer - 1))
  )

  # 4. all internal indices, n = 2,000
  set.seed(4)
  n <- 2000
  xs <- matrix(rnorm(n * 5), n, 5)
  cls <- sample.int(5, n, replace = TRUE)
  cs_ours <- NULL; cs_peer <- NULL
  rows$stats <- bench_row(
    "CH, DB, Dunn, silhouette, WSS", n,
    function() cs_ours <<- typfrage::cluster_indices(xs, cls),
    "fpc::cluster.stats(dist(x), cl)",
    function() cs_peer <<- fpc::cluster.stats(stats::dist(xs), cls),
    times = times,
    check = function() sprintf("Dunn diff %.1e, CH diff %.1e",
                               abs(cs_ours$value[5] - cs_peer$dunn),
                               abs(cs_ours$value[3] - cs_peer$ch))
  )

  # 5. prediction strength, k = 2..6, 50 splits, n = 1,000
  set.seed(5)
  n <- 1000
  xp <- matrix(rnorm(n * 3), n, 3) + 5 * diag(3)[rep(1:3, length.out = n), ]
  ps_ours <- NULL; ps_peer <- NULL
  rows$ps <- bench_row(
    "prediction strength, k = 2..6, 50 splits", n,
    function() ps_ours <<- typfrage::scan_k(xp, k = 2:6, indices = "ps", B = 50,
                                            nstart = 1, seed = 1),
    "fpc::prediction.strength(M = 50)",
    function() ps_peer <<- fpc::prediction.strength(xp, Gmin = 2, Gmax = 6, M = 50),
    times = max(1L, times - 1L),
    check = function() sprintf("k = %d vs %d", ps_ours$recommended$k, ps_peer$optimalk)
  )
  do.call(rbind, rows)
}
