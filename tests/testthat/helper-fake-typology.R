# TEST HELPER ONLY: builds an object that follows the `typology` contract in
# inst/DESIGN.md from a data matrix and a cluster vector, so that the
# describing code (profiles(), steckbrief(), ...) can be tested before
# typology() lands. Not a typology constructor: it fits nothing. The
# integrator switches these tests to real typology() fits after merging.
#
# data: numeric matrix or data frame of the items (original units), one row
#   per row of the user's data; cluster: labels (NA = row not used);
# weights: case weights of all rows (or NULL).
fake_typology_for_tests <- function(data, cluster, weights = NULL,
                                    method = "kmeans", standardize = FALSE,
                                    medoids = FALSE, type_names = NULL,
                                    relabel = TRUE) {
  x <- as.matrix(data)
  storage.mode(x) <- "double"
  if (is.null(colnames(x))) colnames(x) <- paste0("V", seq_len(ncol(x)))
  cluster <- unname(cluster)
  rows <- which(!is.na(cluster))
  cl <- cluster[rows]
  # contract: type 1 is the largest, ties by first appearance
  u <- unique(cl)
  sizes <- tabulate(match(cl, u), length(u))
  ord <- order(-sizes, seq_along(u))
  code <- match(match(cl, u), ord)
  k <- length(u)
  if (!relabel) {
    code <- as.integer(cl)
    k <- max(code)
  }
  full <- rep(NA_integer_, length(cluster))
  full[rows] <- code
  raw <- x[rows, , drop = FALSE]
  w <- if (is.null(weights)) NULL else as.double(weights[rows])
  ww <- if (is.null(w)) rep(1, length(rows)) else w
  centers <- do.call(rbind, lapply(seq_len(k), function(t) {
    colSums(raw[code == t, , drop = FALSE] * ww[code == t]) / sum(ww[code == t])
  }))
  colnames(centers) <- colnames(x)
  center <- scale <- NULL
  if (standardize) {
    center <- colMeans(raw)
    scale <- apply(raw, 2, stats::sd)
  }
  items <- colnames(x)
  fit <- list(
    cluster = full, size = tabulate(code, k), k = k, method = method,
    centers = centers, data = raw, rows = rows, weights = w,
    settings = list(items = items,
                    kinds = stats::setNames(rep("numeric", length(items)), items),
                    levels = stats::setNames(vector("list", length(items)), items),
                    center = center, scale = scale, standardize = standardize,
                    distance = "euclidean"),
    type_names = type_names, call = quote(fake_typology_for_tests()),
    seed = c(1L, 2L)
  )
  if (!is.null(w)) fit$weighted_size <- as.vector(rowsum(w, code, reorder = TRUE))
  if (medoids) {
    # the member nearest to its type's centre, as a 1-based row of the user's data
    fit$medoids <- vapply(seq_len(k), function(t) {
      idx <- which(code == t)
      d2 <- rowSums(sweep(raw[idx, , drop = FALSE], 2, centers[t, ])^2)
      rows[idx[which.min(d2)]]
    }, integer(1))
  }
  if (method %in% c("kmeans", "ward_kmeans")) {
    fit$withinss <- vapply(seq_len(k), function(t) {
      sum(ww[code == t] * rowSums(sweep(raw[code == t, , drop = FALSE], 2, centers[t, ])^2))
    }, numeric(1))
  }
  class(fit) <- "typology"
  fit
}

# A small fixed example: USArrests, k-means with 3 types on scaled data.
fake_usarrests_fit <- function(k = 3, ...) {
  set.seed(1)
  km <- stats::kmeans(scale(USArrests), k, nstart = 5)
  fake_typology_for_tests(USArrests, km$cluster, ...)
}
