# stability() vs fpc::clusterboot(x, B, clustermethod = kmeansCBI, krange = k,
# runs = nstart, bootmethod = "boot"): same data, same B, same number of
# k-means starts, at n = 412 and n = 10,000 (12 Likert-like items, k = 4).
# typfrage uses 2 threads (this machine's cores; typfrage_threads() would
# default to one here); fpc is single-threaded R.

bench_stability_data <- function(n, k = 4, p = 12, seed = 1) {
  set.seed(seed)
  centres <- matrix(sample(1:5, k * p, replace = TRUE), k, p)
  type <- sample.int(k, n, replace = TRUE, prob = c(0.35, 0.3, 0.2, 0.15)[seq_len(k)])
  x <- centres[type, ] + matrix(rnorm(n * p, sd = 0.8), n, p)
  x <- pmin(pmax(round(x), 1), 5)
  colnames(x) <- sprintf("q%02d", seq_len(p))
  x
}

# Five repetitions per side: on this 2-vCPU machine a 2-thread run varies by
# up to a quarter from run to run, and the median of five is steadier.
bench_stability <- function(times = 5L) {
  stopifnot(requireNamespace("fpc", quietly = TRUE))
  k <- 4L
  nstart <- 10L
  cases <- list(list(n = 412L, B = 100L), list(n = 10000L, B = 20L))
  rows <- lapply(cases, function(cs) {
    x <- bench_stability_data(cs$n, k)
    fit <- typfrage::typology(x, k = k, nstart = nstart, seed = 1)
    ours <- NULL
    peer <- NULL
    bench_row(
      sprintf("bootstrap stability, k-means (k = %d, nstart = %d, B = %d, 2 threads)", k, nstart, cs$B),
      cs$n,
      function() ours <<- typfrage::stability(fit, B = cs$B, threads = 2, verbose = FALSE),
      "fpc::clusterboot(kmeansCBI)",
      function() {
        peer <<- fpc::clusterboot(x, B = cs$B, bootmethod = "boot",
                                  clustermethod = fpc::kmeansCBI, krange = k,
                                  runs = nstart, count = FALSE)
      },
      times = times,
      check = function() {
        # the types in the same order: match fpc's partition to ours
        m <- typfrage::match_labels(peer$partition, fit$cluster)
        ord <- attr(m, "mapping")
        jp <- peer$bootmean[as.integer(ord$from[order(ord$to)])]
        sprintf("mean Jaccard: ours %s, fpc %s",
                paste(sprintf("%.2f", ours$types$jaccard), collapse = "/"),
                paste(sprintf("%.2f", jp), collapse = "/"))
      }
    )
  })
  do.call(rbind, rows)
}
