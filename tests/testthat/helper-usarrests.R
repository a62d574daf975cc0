# Types of USArrests made elsewhere: stats::kmeans() on the scaled data
# (labels only; tests turn them into a typology with as_typology()).
usarrests_partition <- function(k = 3) {
  set.seed(1)
  stats::kmeans(scale(USArrests), k, nstart = 5)$cluster
}
