# typology() k-means vs stats::kmeans (same nstart = 25) at n = 412, 10,000
# and 100,000, and typology() PAM vs cluster::pam (default and pamonce = 6,
# its fastest variant) at n = 412 and 5,000. Data: 12 Likert-like items
# (1..5) from 4 latent types with answer noise; k = 4. The check column shows
# the objectives side by side (typfrage / peer; PAM: sum of distances).
bench_partition_likert <- function(n, p = 12, k = 4, seed = 1) {
  set.seed(seed)
  proto <- matrix(sample(1:5, k * p, TRUE), k)
  g <- sample.int(k, n, TRUE)
  x <- proto[g, ] + matrix(sample(-1:1, n * p, TRUE, prob = c(0.25, 0.5, 0.25)), n)
  x <- pmin(pmax(x, 1), 5)
  storage.mode(x) <- "double"
  colnames(x) <- paste0("q", seq_len(p))
  x
}

bench_partition <- function() {
  stopifnot(requireNamespace("cluster", quietly = TRUE))
  rows <- list()
  fmt <- function(a, b) sprintf("objective %.6g vs %.6g (%s)", a, b,
                                if (a <= b * (1 + 1e-9)) "no worse" else "WORSE")
  for (n in c(412, 1e4, 1e5)) {
    x <- bench_partition_likert(n)
    ours <- NULL; peer <- NULL
    times <- if (n > 1e4) 3L else 5L
    rows[[length(rows) + 1]] <- bench_row(
      "k-means, k = 4, nstart = 25 (2 threads)", n,
      function() ours <<- typfrage::typology(x, 4, nstart = 25, seed = 1, threads = 2, verbose = FALSE),
      "stats::kmeans",
      function() peer <<- suppressWarnings(stats::kmeans(x, 4, nstart = 25)),
      times = times,
      check = function() fmt(ours$tot_withinss, peer$tot.withinss)
    )
  }
  for (n in c(412, 5000)) {
    x <- bench_partition_likert(n)
    times <- if (n > 1000) 3L else 5L
    for (variant in c("default", "pamonce = 6")) {
      if (n > 1000 && variant == "default") times_v <- 1L else times_v <- times
      once <- if (variant == "default") FALSE else 6
      ours <- NULL; peer <- NULL
      rows[[length(rows) + 1]] <- bench_row(
        "PAM, k = 4 (2 threads)", n,
        function() ours <<- typfrage::typology(x, 4, method = "pam", threads = 2, verbose = FALSE),
        paste0("cluster::pam (", variant, ")"),
        function() peer <<- cluster::pam(x, 4, pamonce = once),
        times = times_v,
        check = function() fmt(ours$objective, peer$objective[["swap"]] * n)
      )
    }
  }
  do.call(rbind, rows)
}
