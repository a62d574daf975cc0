# agreement() vs mclust::adjustedRandIndex at n = 10^6 (10 x 8 clusters).
bench_agreement <- function(times = 7L) {
  stopifnot(requireNamespace("mclust", quietly = TRUE))
  set.seed(1)
  n <- 1e6
  x <- sample.int(10, n, replace = TRUE)
  y <- ifelse(runif(n) < 0.6, x %% 8 + 1, sample.int(8, n, replace = TRUE))
  ours <- NULL; peer <- NULL
  bench_row(
    "adjusted Rand index", n,
    function() ours <<- typfrage::agreement(x, y)$ari,
    "mclust::adjustedRandIndex",
    function() peer <<- mclust::adjustedRandIndex(x, y),
    times = times,
    check = function() sprintf("difference %.1e", abs(ours - peer))
  )
}
