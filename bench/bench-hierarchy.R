# hierarchy() vs stats::hclust(dist(x)) and fastcluster at n = 412, 5,000 and
# 20,000 rows of 12 items. Times include the distance computation. Peak
# memory (VmHWM of a fresh Rscript doing one fit, so it includes R itself,
# about 60 MB) is measured for Ward at n = 20,000 on Linux.
#
# stats::hclust() is skipped at n = 20,000: its Fortran algorithm rescans the
# nearest-neighbour list after every merge (up to O(n^3)) and needs dist()
# plus a copy (3.2 GB); at n = 5,000 it already takes several seconds.
# At n = 20,000 every timing is a single run after one warm-up run.

hierarchy_bench_data <- function(n, p = 12L) {
  set.seed(20200)
  matrix(stats::rnorm(n * p), n, p)
}

# Peak resident memory (MB) of a child Rscript running `expr` on the data.
hierarchy_peak_mb <- function(expr, n, p = 12L) {
  if (!file.exists("/proc/self/status")) return(NA_real_)
  code <- sprintf(paste(
    "suppressPackageStartupMessages(library(typfrage));",
    "set.seed(20200); x <- matrix(rnorm(%d * %d), %d, %d);",
    "invisible(%s);",
    "l <- grep('VmHWM', readLines('/proc/self/status'), value = TRUE);",
    "cat(as.numeric(gsub('[^0-9]', '', l)) / 1024)"), n, p, n, p, expr)
  out <- tryCatch(system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(code)),
                          stdout = TRUE, stderr = FALSE),
                  error = function(e) NA_character_)
  suppressWarnings(as.numeric(utils::tail(out, 1)))
}

hierarchy_check <- function(ours, peer) {
  function() sprintf("max rel. height diff %.1e",
                     max(abs(ours()$height - peer()$height) / peer()$height))
}

bench_hierarchy <- function(sizes = c(412L, 5000L, 20000L)) {
  stopifnot(requireNamespace("fastcluster", quietly = TRUE))
  rows <- list()
  add <- function(r) rows[[length(rows) + 1L]] <<- r
  for (n in sizes) {
    x <- hierarchy_bench_data(n)
    big <- n > 10000
    times <- if (big) 1L else if (n > 1000) 3L else 7L
    ours <- NULL; ours_m <- NULL; peer <- NULL
    get_ours <- function() ours
    get_ours_m <- function() ours_m
    get_peer <- function() peer
    fit_ours <- function() ours <<- typfrage::hierarchy(x, "ward.D2", verbose = FALSE)
    fit_ours_m <- function() {
      ours_m <<- typfrage::hierarchy(x, "ward.D2", memory = "matrix", verbose = FALSE)
    }
    if (!big) {
      add(bench_row("Ward (ward.D2), memory-light", n, fit_ours,
                    "stats::hclust(dist(x))",
                    function() peer <<- stats::hclust(stats::dist(x), "ward.D2"),
                    times = times, check = hierarchy_check(get_ours, get_peer)))
    }
    fc <- function() peer <<- fastcluster::hclust(stats::dist(x), "ward.D2")
    check_fc <- hierarchy_check(get_ours, get_peer)
    if (big) {
      # peak memory, measured once each in a child process
      mem_ours <- hierarchy_peak_mb("hierarchy(x, verbose = FALSE)", n)
      mem_m <- hierarchy_peak_mb("hierarchy(x, memory = 'matrix', verbose = FALSE)", n)
      mem_fc <- hierarchy_peak_mb("fastcluster::hclust(dist(x), 'ward.D2')", n)
      mem_fv <- hierarchy_peak_mb("fastcluster::hclust.vector(x, 'ward')", n)
      check_fc <- function() {
        sprintf("max rel. height diff %.1e; peak memory %.0f MB vs %.0f MB",
                max(abs(ours$height - peer$height) / peer$height), mem_ours, mem_fc)
      }
    }
    add(bench_row("Ward (ward.D2), memory-light", n, fit_ours,
                  "fastcluster::hclust(dist(x))", fc, times = times, check = check_fc))
    check_m <- hierarchy_check(get_ours_m, get_peer)
    if (big) {
      check_m <- function() {
        sprintf("max rel. height diff %.1e; peak memory %.0f MB vs %.0f MB",
                max(abs(ours_m$height - peer$height) / peer$height), mem_m, mem_fc)
      }
    }
    add(bench_row("Ward (ward.D2), stored matrix", n, fit_ours_m,
                  "fastcluster::hclust(dist(x))", fc, times = times, check = check_m))
    check_v <- function() {
      # hclust.vector's "ward" heights are those of ward.D2
      sprintf("max rel. height diff %.1e%s",
              max(abs(ours$height - peer$height) / peer$height),
              if (big) sprintf("; peak memory %.0f MB vs %.0f MB", mem_ours, mem_fv) else "")
    }
    add(bench_row("Ward (ward.D2), memory-light", n, fit_ours,
                  "fastcluster::hclust.vector(x)",
                  function() peer <<- fastcluster::hclust.vector(x, "ward"),
                  times = times, check = check_v))
    if (n <= 5000) {
      for (linkage in c("average", "single", "centroid")) {
        add(bench_row(sprintf("%s linkage", linkage), n,
                      function() ours <<- typfrage::hierarchy(x, linkage, verbose = FALSE),
                      "fastcluster::hclust(dist(x))",
                      function() peer <<- fastcluster::hclust(stats::dist(x), linkage),
                      times = times, check = hierarchy_check(get_ours, get_peer)))
      }
    }
  }
  do.call(rbind, rows)
}
