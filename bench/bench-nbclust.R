# scan_k(method = "ward", indices = "all") against NbClust(index = "all",
# method = "ward.D2"), k = 2..8, in the same process, with the agreement of
# the recommended k per NbClust index.

nbclust_bench_map <- c(kl = "KL", ch = "CH", hartigan = "Hartigan", ccc = "CCC",
  scott = "Scott", marriot = "Marriot", trcovw = "TrCovW", tracew = "TraceW",
  friedman = "Friedman", rubin = "Rubin", cindex = "Cindex", db_nb = "DB",
  silhouette = "Silhouette", duda = "Duda", pseudot2 = "PseudoT2", beale = "Beale",
  ratkowsky = "Ratkowsky", ball = "Ball", ptbiserial = "PtBiserial", frey = "Frey",
  mcclain = "McClain", dunn = "Dunn", sdindex = "SDindex", sdbw = "SDbw")

bench_nbclust <- function(times = 3L) {
  stopifnot(requireNamespace("NbClust", quietly = TRUE))
  rows <- list()
  for (n in c(412L, 2000L)) {
    set.seed(n)
    x <- matrix(stats::rnorm(n * 6), n, 6) + 3 * diag(6)[rep(1:4, length.out = n), ]
    # centred: NbClust's CCC, Scott, Friedman and Rubin use the uncentred X'X
    # as the total scatter (see ?typfrage_indices), equal to it only here
    x <- scale(x, scale = FALSE)
    ours <- NULL; peer <- NULL
    grDevices::pdf(NULL)
    rows[[as.character(n)]] <- bench_row(
      "scan_k(ward, indices = \"all\") vs NbClust(index = \"all\"), k = 2..8", n,
      function() ours <<- typfrage::scan_k(x, k = 2:8, method = "ward", indices = "all"),
      "NbClust::NbClust(method = \"ward.D2\", index = \"all\")",
      function() utils::capture.output(peer <<- suppressWarnings(
        NbClust::NbClust(x, distance = "euclidean", min.nc = 2, max.nc = 8,
                         method = "ward.D2", index = "all"))),
      times = if (n > 1000L) 1L else times,
      check = function() {
        got <- ours$recommended$k[match(names(nbclust_bench_map), ours$recommended$index)]
        ref <- as.integer(peer$Best.nc[1, nbclust_bench_map])
        same <- got == ref
        sprintf("same k for %d of %d indices%s", sum(same, na.rm = TRUE), length(same),
                if (all(same, na.rm = TRUE)) "" else
                  paste0(" (differ: ", paste(names(nbclust_bench_map)[!same %in% TRUE],
                                            collapse = ", "), ")"))
      }
    )
    grDevices::dev.off()
  }
  do.call(rbind, rows)
}
