# Small helpers shared by the tests.

# Random partition of n observations into k clusters (all k used when n >= k).
random_labels <- function(n, k) {
  x <- sample.int(k, n, replace = TRUE)
  x[seq_len(min(n, k))] <- seq_len(min(n, k))
  x
}

# Pair-counting quantities by brute force over all pairs (small n only).
pair_counts <- function(x, y) {
  pairs <- utils::combn(length(x), 2)
  same_x <- x[pairs[1, ]] == x[pairs[2, ]]
  same_y <- y[pairs[1, ]] == y[pairs[2, ]]
  list(both = sum(same_x & same_y), x = sum(same_x), y = sum(same_y),
       neither = sum(!same_x & !same_y), total = ncol(pairs))
}
