# profiles() vs base R (tapply means/SDs, one aov() and one kruskal.test() per
# item) at n = 100,000 (12 Likert items, k = 4), and the covariate table vs
# chisq.test(). The typology object is assembled from a known partition (the
# contract in inst/DESIGN.md), so only the description is timed.
bench_profiles_fit <- function(x, g) {
  k <- max(g)
  structure(list(
    cluster = g, size = tabulate(g, k), k = k, method = "kmeans",
    centers = rowsum(x, g) / tabulate(g, k), data = x, rows = seq_len(nrow(x)),
    weights = NULL, settings = list(items = colnames(x), standardize = FALSE),
    type_names = NULL
  ), class = "typology")
}

bench_profiles <- function(times = 5L) {
  set.seed(1)
  n <- 1e5
  p <- 12
  x <- matrix(sample.int(5, n * p, replace = TRUE), n,
              dimnames = list(NULL, paste0("goal", seq_len(p))))
  g <- sample.int(4, n, replace = TRUE)
  region <- factor(sample(c("Nord", "Ost", "S\u00fcd", "West"), n, replace = TRUE))
  fit <- bench_profiles_fit(x, g)
  ours <- NULL
  peer <- NULL
  base_profiles <- function() {
    gf <- factor(g)
    lapply(seq_len(p), function(j) {
      y <- x[, j]
      tab <- summary(stats::aov(y ~ gf))[[1]]
      list(mean = tapply(y, gf, mean), sd = tapply(y, gf, stats::sd),
           eta2 = tab[1, "Sum Sq"] / sum(tab[, "Sum Sq"]), p = tab[1, "Pr(>F)"],
           kw = stats::kruskal.test(y, gf)$p.value)
    })
  }
  row1 <- bench_row(
    "type profiles: means, SDs, d, eta2, ANOVA, Kruskal-Wallis (12 items, k = 4)", n,
    function() ours <<- typfrage::profiles(fit),
    "base R: tapply + aov + kruskal.test",
    function() peer <<- base_profiles(),
    times = times,
    check = function() sprintf("max eta2 difference %.1e",
                               max(abs(ours$item_stats$eta2 -
                                         vapply(peer, `[[`, numeric(1), "eta2"))))
  )
  cov <- data.frame(region = region)
  row2 <- bench_row(
    "covariate table: chi-squared, V, adjusted residuals", n,
    function() ours <<- typfrage:::covariate_categorical(region, g, 4L, NULL, paste("Type", 1:4)),
    "stats::chisq.test(table())",
    function() peer <<- stats::chisq.test(table(g, region), correct = FALSE),
    times = times,
    check = function() sprintf("max residual difference %.1e",
                               max(abs(ours$residual - unclass(peer$stdres))))
  )
  rbind(row1, row2)
}
