# Checks that the shipped `kommunen` data do what the package promises (not run
# by R CMD check; the quick parts are in tests/testthat/test-simulate.R):
#   * the published marginals are reproduced;
#   * base-R Ward (ward.D2) + k-means on the 12 goal items (unstandardised)
#     recovers the simulated types (adjusted Rand index);
#   * mean silhouette width, Calinski-Harabasz and the gap statistic
#     (cluster::clusGap, B = 100) all point to k = 4.
# Run from the package root after installing: Rscript data-raw/check-kommunen.R

library(typfrage)
stopifnot(requireNamespace("cluster", quietly = TRUE))

x <- as.matrix(kommunen[kommunen_items$variable])
ward_kmeans <- function(x, k) {
  ward <- cutree(hclust(dist(x), "ward.D2"), k)
  kmeans(x, centers = aggregate(x, list(ward), mean)[, -1])
}

cat("Marginals\n")
print(round(prop.table(table(kommunen$strategy)), 3))
cat("FIM known:", round(mean(kommunen$fim_known), 3),
    " helpful among those:", round(mean(kommunen$fim_helpful, na.rm = TRUE), 3), "\n")
cat("fibre:", round(mean(kommunen$fibre), 3), "\n")
cat("e-government components: mean", round(mean(kommunen$egov_components), 2),
    " share at most 2:", round(mean(kommunen$egov_components <= 2), 3), "\n\n")

d <- dist(x)
idx <- t(sapply(2:8, function(k) {
  fit <- ward_kmeans(x, k)
  c(k = k,
    silhouette = mean(cluster::silhouette(fit$cluster, d)[, "sil_width"]),
    ch = (fit$betweenss / (k - 1)) / (fit$tot.withinss / (nrow(x) - k)),
    ari = agreement(fit$cluster, kommunen$type)$ari)
}))
print(round(idx, 3))

set.seed(1)
gap <- cluster::clusGap(x, function(x, k) list(cluster = ward_kmeans(x, k)$cluster),
                        K.max = 8, B = 100)
print(gap, method = "Tibs2001SEmax")
cat("gap, global maximum at k =", which.max(gap$Tab[, "gap"]), "\n")
