# The fit function of every method in the registry (typology-registry.R).

fit_kmeans_method <- function(prep, k, settings, stored, seed, threads, verbose,
                              call, ...) {
  check_dots_empty_input(call = call)
  if (anyNA(prep$x)) {  # na_action = "available"
    return(fit_kmeans_available(prep, k, settings, seed, threads, verbose))
  }
  res <- core_fit(prep, "kmeans", k, settings, seed, threads, verbose, call = call)
  kmeans_fit_stats(prep, res)
}

# Result of a fit minimising the within-type sum of squares (k-means, Ward):
# clusters, centres as prototypes, sums of squares in the fitted scale.
kmeans_fit_stats <- function(prep, res) {
  w <- if (is.null(prep$weights)) rep(1, prep$n) else prep$weights
  totss <- total_ss(prep$x, w)
  list(
    cluster = res$cluster,
    prototypes = res$centers,
    extra = list(withinss = res$withinss, tot_withinss = res$objective,
                 totss = totss, betweenss = totss - res$objective,
                 starts = starts_frame(res), empty_repairs = res$empty_repairs)
  )
}

# The weighted total sum of squares about the weighted grand mean,
# sum(w * rowSums(sweep(x, 2, colSums(x * w) / sum(w))^2)), to the last bit,
# without n x p temporaries.
total_ss <- function(x, w) cpp_total_ss(x, as.double(w))  # columns.hpp

# Ward and Ward + k-means: the C++ fit also returns Ward's tree, kept as the
# hclust object hierarchy() would build.
fit_ward_method <- function(prep, k, settings, stored, seed, threads, verbose,
                            call, ...) {
  check_dots_empty_input(call = call)
  if (!identical(settings$nstart, 1L)) {
    abort_input(
      c("{.arg nstart} must be 1 for {.code method = \"{settings$method}\"}.",
        i = "Ward's method is deterministic: it has no random starts."),
      call = call
    )
  }
  res <- core_fit(prep, settings$method, k, settings, seed, threads, verbose, call = call)
  fit <- kmeans_fit_stats(prep, res)
  tree <- new_hclust(res$tree, labels = prep$row_names, linkage = "ward.D2",
                     call = NULL, dist_method = "euclidean", weights = prep$weights)
  tree$call <- NULL
  fit$extra$tree <- tree
  fit
}

fit_pam_method <- function(prep, k, settings, stored, seed, threads, verbose,
                           call, item_weights = NULL, ...) {
  check_dots_empty_input(call = call)
  gower <- NULL
  if (identical(settings$distance, "gower")) {
    if (is.null(item_weights)) item_weights <- rep(1, prep$p)
    if (!is.numeric(item_weights) || length(item_weights) != prep$p ||
        anyNA(item_weights) || any(item_weights < 0) || !any(item_weights > 0)) {
      abort_input(
        c("{.arg item_weights} must be {prep$p} non-negative number{?s}, one per item, not all zero.",
          x = "You supplied {.obj_type_friendly {item_weights}} of length {length(item_weights)}."),
        call = call
      )
    }
    gower <- gower_settings(prep$x, prep$settings$kinds, item_weights)
  } else if (!is.null(item_weights)) {
    abort_input("{.arg item_weights} is used only with {.code distance = \"gower\"}.",
                call = call)
  }
  # No memory check here: the core keeps the full n x n matrix only when it
  # fits the limit of check_dist_memory() (store_full_matrix() in fit.hpp,
  # given the limit by fit_spec()) and computes distances on the fly otherwise.
  res <- core_fit(prep, "pam", k, settings, seed, threads, verbose,
                  distance = if (is.null(stored)) settings$distance else "euclidean",
                  stored = stored, gower = gower, call = call)
  # Rows equally far from two medoids go to the medoid first in the data: the
  # tie rule predict() uses (assign.hpp); the objective is unchanged.
  priority <- rank(res$medoids, ties.method = "first")
  res$cluster <- if (is.null(stored)) {
    cpp_assign_nearest(
      ifelse(is.na(prep$x), NaN, prep$x), unname(prep$x[res$medoids, , drop = FALSE]),
      settings$distance, gower, as.integer(priority), TRUE, FALSE, threads
    )$cluster
  } else {
    stored_nearest_medoid(stored, prep$n, res$medoids, priority)
  }
  list(
    cluster = res$cluster,
    prototypes = prep$x[res$medoids, , drop = FALSE],
    tie_priority = priority,
    medoid_rows = res$medoids,
    settings = list(gower = gower),
    extra = list(objective = res$objective, starts = starts_frame(res))
  )
}

# The nearest medoid of every row from a stored dist (R's order), with the
# tie rule of assign.hpp: the medoid of smallest priority.
stored_nearest_medoid <- function(v, n, medoids, priority) {
  i <- rep(seq_len(n), length(medoids))
  m <- rep(medoids, each = n)
  a <- pmax(i, m)
  b <- pmin(i, m)
  d <- ifelse(i == m, 0, v[pmax(1, (b - 1) * n - b * (b - 1) / 2 + a - b)])
  d <- matrix(d, n)
  ord <- order(priority)
  ord[max.col(-d[, ord, drop = FALSE], ties.method = "first")]
}

check_stored_distances <- function(d, prep, call) {
  n <- attr(d, "Size")
  if (is.null(n) || n != prep$n_input) {
    abort_input(
      c("{.arg distance} must hold the dissimilarities of all rows of {.arg data}.",
        x = "It is of size {if (is.null(n)) 0 else n}; {.arg data} has {prep$n_input} row{?s}."),
      call = call
    )
  }
  if (prep$n != prep$n_input) {
    abort_input(
      c("A {.cls dist} object cannot be combined with dropped rows.",
        i = "Remove the incomplete rows from {.arg data} and {.arg distance} first."),
      call = call
    )
  }
  v <- as.double(d)
  if (anyNA(v) || any(!is.finite(v)) || any(v < 0)) {
    abort_input("{.arg distance} must contain finite, non-negative dissimilarities.",
                call = call)
  }
  v
}
# k-means on the answered items (na_action = "available"): Lloyd iterations
# with partial distances (each row's squared distance over the items it
# answered) and centres from the observed values only, started from the
# best of `nstart` core k-means fits on the data with every unanswered value
# replaced by its item's mean. Each step lowers the objective, the sum over
# the answered values of the weighted squared deviations from the type
# centres (the "partial distance" strategy; Chi, Chi and Baraniuk 2016 impute
# instead, with the same fixed points for the centres), so it stops when no
# row changes its type. Assignment ties: the lowest type, as in predict().
fit_kmeans_available <- function(prep, k, settings, seed, threads, verbose) {
  x <- prep$x
  obs <- !is.na(x)
  w <- if (is.null(prep$weights)) rep(1, prep$n) else prep$weights
  fill <- colSums(ifelse(obs, x, 0) * w) / colSums(obs * w)
  x0 <- x
  x0[!obs] <- fill[col(x)[!obs]]
  imputed <- prep
  imputed$x <- x0
  start <- core_fit(imputed, "kmeans", k, settings, seed, threads, verbose)
  cl <- start$cluster
  centers <- start$centers
  xs <- ifelse(obs, x, NaN)
  iter <- 0L
  converged <- FALSE
  repairs <- 0L
  while (iter < settings$max_iter) {
    iter <- iter + 1L
    centers <- available_centers(x, obs, w, cl, k, centers)
    a <- cpp_assign_nearest(xs, centers, "sqeuclidean", NULL, integer(), FALSE, TRUE, threads)
    new <- a$cluster
    for (t in which(tabulate(new, k) == 0L)) {  # an empty type takes the worst-fitted row
      own <- a$dist[cbind(seq_along(new), new)]
      own[tabulate(new, k)[new] < 2L] <- -Inf
      new[which.max(own)] <- t
      repairs <- repairs + 1L
    }
    if (identical(new, cl)) {
      converged <- TRUE
      break
    }
    cl <- new
  }
  centers <- available_centers(x, obs, w, cl, k, centers)
  dev <- ifelse(obs, (x - centers[cl, , drop = FALSE])^2, 0)
  withinss <- as.vector(rowsum(w * rowSums(dev), factor(cl, levels = seq_len(k)), reorder = TRUE))
  grand <- colSums(ifelse(obs, x, 0) * w) / colSums(obs * w)
  totss <- sum(w * ifelse(obs, sweep(x, 2, grand)^2, 0))
  list(
    cluster = cl,
    prototypes = centers,
    extra = list(withinss = withinss, tot_withinss = sum(withinss), totss = totss,
                 betweenss = totss - sum(withinss),
                 starts = data.frame(start = 1L, objective = sum(withinss), iterations = iter,
                                     converged = converged),
                 empty_repairs = repairs)
  )
}

# Weighted means of the observed values per type and item (a type without
# an observed value of an item keeps its previous centre there).
available_centers <- function(x, obs, w, cl, k, previous) {
  f <- factor(cl, levels = seq_len(k))
  num <- rowsum(ifelse(obs, x, 0) * w, f, reorder = TRUE)
  den <- rowsum(obs * w, f, reorder = TRUE)
  out <- num / den
  out[den == 0] <- previous[den == 0]
  dimnames(out) <- NULL
  out
}
