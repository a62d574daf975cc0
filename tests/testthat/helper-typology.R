# Data sets shared by the typology, k-means and PAM tests.

# Likert-like items (1..5) from k latent types plus answer noise.
likert_data <- function(n, p = 12, k = 4, seed = 1) {
  withr_seed(seed, {
    proto <- matrix(sample(1:5, k * p, TRUE), k)
    g <- sample.int(k, n, TRUE)
    x <- proto[g, , drop = FALSE] +
      matrix(sample(-1:1, n * p, TRUE, prob = c(0.25, 0.5, 0.25)), n)
    x <- pmin(pmax(x, 1), 5)
    storage.mode(x) <- "double"
    colnames(x) <- paste0("q", seq_len(p))
    x
  })
}

# Well-separated Gaussian blobs in 2 dimensions.
blob_data <- function(n_per = 60, centers = rbind(c(0, 0), c(6, 0), c(0, 6), c(6, 6)),
                      seed = 2) {
  withr_seed(seed, {
    x <- do.call(rbind, lapply(seq_len(nrow(centers)), function(j) {
      cbind(stats::rnorm(n_per, centers[j, 1]), stats::rnorm(n_per, centers[j, 2]))
    }))
    colnames(x) <- c("x1", "x2")
    x
  })
}

# Many tied rows: 300 rows drawn from 9 answer patterns of 3 items.
tied_data <- function(seed = 3) {
  withr_seed(seed, {
    patterns <- as.matrix(expand.grid(a = c(1, 3, 5), b = c(1, 5), c = c(2, 4)))[c(1:6, 9, 10, 12), ]
    x <- patterns[sample.int(nrow(patterns), 300, TRUE, prob = seq(1, 2, length.out = 9)), ]
    rownames(x) <- NULL
    storage.mode(x) <- "double"
    x
  })
}

# Evaluate expr with a fixed seed and restore the RNG state afterwards.
withr_seed <- function(seed, expr) {
  old <- if (exists(".Random.seed", globalenv())) get(".Random.seed", globalenv()) else NULL
  on.exit(if (is.null(old)) rm(".Random.seed", envir = globalenv()) else assign(".Random.seed", old, globalenv()))
  set.seed(seed)
  expr
}

kmeans_test_sets <- function() {
  sets <- list(
    likert = likert_data(412),
    blobs = blob_data(),
    tied = tied_data(),
    usarrests = scale(as.matrix(datasets::USArrests))
  )
  if (requireNamespace("cluster", quietly = TRUE)) {
    sets$ruspini <- as.matrix(cluster::ruspini)
  }
  sets
}
