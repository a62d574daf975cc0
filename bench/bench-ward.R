# The two-step typology, typology(method = "ward_kmeans"), vs the classic R
# recipe: stats::hclust(dist(x), "ward.D2"), cutree(), the cluster means as
# centres of stats::kmeans(). Likert-like data, 12 items, k = 5.
bench_ward <- function(times = 3L) {
  one <- function(n) {
    set.seed(1)
    proto <- matrix(sample(1:5, 5 * 12, TRUE), 5)
    x <- proto[sample.int(5, n, TRUE), ] + matrix(rnorm(n * 12, sd = 0.8), n)
    ours <- NULL; peer <- NULL
    bench_row(
      "Ward + k-means (12 items, k = 5)", n,
      function() ours <<- typfrage::typology(x, 5, method = "ward_kmeans", verbose = FALSE),
      "hclust(dist(x), \"ward.D2\") + kmeans()",
      function() {
        cl <- stats::cutree(stats::hclust(stats::dist(x), "ward.D2"), 5)
        peer <<- stats::kmeans(x, rowsum(x, cl) / as.vector(table(cl)), iter.max = 100)
      },
      times = times,
      check = function() sprintf("objective ratio %.6f", ours$tot_withinss / peer$tot.withinss)
    )
  }
  rbind(one(2000), one(8000))
}
