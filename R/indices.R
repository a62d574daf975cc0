# Internal validation indices of a partition, and the input handling shared by
# silhouette_widths(), cluster_indices() and scan_k().

# The indices of typfrage's own (name, label, the decision rule scan_k()
# applies), in the order of scan_k()'s tables; the NbClust, clusterCrit and
# fpc indices are in extra_index_table (R/indices-nbclust.R).
base_index_table <- local({
  m <- rbind(
    c("wss", "Within-cluster sum of squares", "elbow (Krzanowski-Lai)"),
    c("pve", "Proportion of variance explained", "none"),
    c("silhouette", "Average silhouette width", "maximum"),
    c("ch", "Calinski-Harabasz", "maximum"),
    c("db", "Davies-Bouldin", "minimum"),
    c("dunn", "Dunn", "maximum"),
    c("gap", "Gap statistic", "gap rule"),
    c("ps", "Prediction strength", "largest k above cutoff"),
    c("schedule", "Ward agglomeration schedule (ESS increase)", "largest jump"),
    c("loglik", "Log-likelihood", "none"),
    c("aic", "AIC", "minimum"),
    c("bic", "BIC", "minimum"),
    c("abic", "Sample-size adjusted BIC", "minimum"),
    c("entropy", "Entropy (R-squared)", "none"),
    c("min_share", "Smallest class share", "none")
  )
  data.frame(index = m[, 1], label = m[, 2], rule = m[, 3], stringsAsFactors = FALSE)
})

# The indices of one partition (cluster_indices(), silhouette_widths()).
index_labels <- with(base_index_table, stats::setNames(label, index))[
  c("wss", "pve", "ch", "db", "dunn", "silhouette")]

pair_distances <- c("euclidean", "sqeuclidean", "manhattan", "gower")

#' Internal validation indices of a partition
#'
#' Computes, in C++, the classic internal indices that judge a partition by
#' the data alone: the within-cluster sum of squares (the "elbow" criterion),
#' the proportion of variance explained, the Calinski-Harabasz variance ratio,
#' the Davies-Bouldin index, Dunn's index and the average silhouette width.
#' Sums of squares, Calinski-Harabasz and Davies-Bouldin cost one pass over
#' the data; Dunn's index and the silhouette need all pairwise distances and
#' are streamed from the data in parallel (time \eqn{O(n^2 p)}, memory
#' \eqn{O(n k)}), so they also work for tens of thousands of observations.
#'
#' The definitions:
#' * `wss`: \eqn{\sum_i w_i \|x_i - c_{g(i)}\|^2}, with \eqn{c_r} the
#'   (weighted) cluster means; `tss` around the grand mean; `bss = tss - wss`.
#' * `pve`: `bss / tss`, the share of the total variance between clusters
#'   (\eqn{R^2}, the \eqn{\eta^2} of the partition).
#' * `ch` (Calinski & Harabasz 1974): \eqn{(BSS / (k - 1)) / (WSS / (n - k))};
#'   larger is better. It equals `fpc::cluster.stats()$ch` and
#'   `fpc::calinhara()`. With weights, \eqn{n} is the sum of the weights
#'   (frequency weights, see [typfrage_weights]).
#' * `db` (Davies & Bouldin 1979): \eqn{\frac1k \sum_r \max_{s \ne r}
#'   (S_r + S_s) / \|c_r - c_s\|}, where \eqn{S_r} is the (weighted) mean
#'   Euclidean distance of cluster \eqn{r}'s members to its mean; smaller is
#'   better.
#' * `dunn` (Dunn 1974): the smallest distance between observations of
#'   different clusters divided by the largest distance within a cluster, in
#'   the chosen `distance`; larger is better. It equals
#'   `fpc::cluster.stats()$dunn`. Weights do not change it.
#' * `silhouette`: the (weighted) mean of the silhouette widths, see
#'   [silhouette_widths()].
#'
#' Sums of squares, `ch` and `db` always use Euclidean geometry on the item
#' matrix (standardised if `standardize = TRUE`); `dunn` and `silhouette` use
#' `distance`.
#'
#' @param data A data frame or numeric matrix of items, or a fitted `typology`
#'   (then `cluster`, the items, their standardisation, the distance and the
#'   weights are taken from it).
#' @param cluster Cluster labels, one per row of `data` (integer, factor or
#'   character, without missing values), or a fitted object with a `$cluster`
#'   component such as a [stats::kmeans()] result.
#' @param indices Which indices to compute: any of `"wss"`, `"pve"`, `"ch"`,
#'   `"db"`, `"dunn"`, `"silhouette"`, or of the NbClust, clusterCrit and fpc
#'   indices listed in [typfrage_indices]; `"all"` for all of them.
#' @param distance Distance for the pair-based indices (`dunn`,
#'   `silhouette`): `"euclidean"` (default), `"sqeuclidean"`, `"manhattan"` or
#'   `"gower"`.
#' @param weights Optional case weights (positive numbers, one per row).
#' @param items Columns of `data` to use (names or positions); all by default.
#' @param standardize Standardise the items (mean 0, standard deviation 1)
#'   before computing distances?
#' @param threads Number of threads; see [typfrage_threads()].
#' @param verbose Show a progress bar? Defaults to
#'   `getOption("typfrage.verbose", interactive())`.
#' @return A data frame (class `typology_indices`) with one row per index:
#'   `index` (short name), `label`, `value`, and `better` (`"higher"` or
#'   `"lower"`). The attribute `"sums_of_squares"` holds `tss`, `wss`, `bss`
#'   and the per-cluster `withinss`. Its column names and values are English
#'   (the programming interface); `print()` shows labels and headings in the
#'   language of `lang` (see [typfrage_lang()]).
#' @seealso [silhouette_widths()], [scan_k()].
#' @references
#' Calinski, T. and Harabasz, J. (1974). A dendrite method for cluster
#' analysis. *Communications in Statistics*, 3, 1--27.
#'
#' Davies, D. L. and Bouldin, D. W. (1979). A cluster separation measure.
#' *IEEE Transactions on Pattern Analysis and Machine Intelligence*, 1,
#' 224--227.
#'
#' Dunn, J. C. (1974). Well-separated clusters and optimal fuzzy partitions.
#' *Journal of Cybernetics*, 4, 95--104.
#' @export
#' @examples
#' x <- scale(USArrests)
#' km <- kmeans(x, 4, nstart = 10)
#' cluster_indices(x, km$cluster)
cluster_indices <- function(data, cluster = NULL,
                            indices = c("wss", "pve", "ch", "db", "dunn", "silhouette"),
                            distance = "euclidean", weights = NULL, items = NULL,
                            standardize = FALSE, threads = NULL, verbose = NULL) {
  call <- rlang::current_env()
  if (identical(indices, "all")) indices <- c(names(index_labels), partition_extra())
  indices <- check_index_names(indices, c(names(index_labels), partition_extra()),
                               call = call)
  input <- index_input(data, cluster, distance, weights, rlang::enquo(items), standardize,
                       allow_dist = FALSE, call = call)
  extra <- setdiff(indices, names(index_labels))
  check_extra_weights(extra, input$weights, call)
  check_rank_memory(extra, input$n, call)
  threads <- resolve_threads(threads, call = call)
  verbose <- resolve_verbose(verbose, call = call)
  base <- intersect(indices, names(index_labels))
  res <- partition_indices(input$x, input$codes, input$k, input$weights,
                           input$distance, input$gower, c(base, "wss"), threads, verbose)
  values <- res$values[base]
  if (length(extra)) {
    values <- c(values, extra_partition_values(input$x, input$codes, input$k, input$weights,
                                               input$distance, input$gower, extra, threads,
                                               verbose)$values)
  }
  tab <- extra_index_table[match(extra, extra_index_table$index), ]
  out <- data.frame(
    index = indices,
    label = c(unname(index_labels[base]), tab$label)[match(indices, c(base, extra))],
    value = unname(values[indices]),
    better = c(ifelse(base %in% c("db", "wss"), "lower", "higher"), tab$better)[
      match(indices, c(base, extra))],
    stringsAsFactors = FALSE
  )
  attr(out, "sums_of_squares") <- res$ss
  class(out) <- c("typology_indices", "data.frame")
  out
}

#' @rdname cluster_indices
#' @param x A `typology_indices` data frame.
#' @param digits Decimals of the values.
#' @param ... Unused.
#' @inheritParams typfrage_lang
#' @export
print.typology_indices <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  print_table(data.frame(
    index = index_short(x$index, lang),
    index_label = tr_or(paste0("index_", x$index), lang, x$label),
    value = fmt_num(x$value, digits, lang),
    better = tr_or(paste0("better_", x$better), lang, x$better),
    stringsAsFactors = FALSE
  ), lang)
  invisible(x)
}

# Indices of one partition (codes 1..k) of the item matrix x. Returns the
# named values and the sums of squares.
partition_indices <- function(x, codes, k, weights, distance, gower, indices,
                              threads, verbose) {
  sil <- "silhouette" %in% indices && k >= 2L && k < nrow(x)
  dunn <- "dunn" %in% indices && k >= 2L && k < nrow(x)
  r <- cpp_cluster_indices(x, codes, k, weights, distance, gower, sil, dunn,
                           threads, verbose)
  values <- c(wss = r$tot_withinss, pve = r$betweenss / r$totss, ch = r$ch,
              db = r$db, dunn = r$dunn, silhouette = r$silhouette)
  if (k < 2L) values[c("ch", "db", "dunn", "silhouette")] <- NA_real_
  # missing items (na_action = "pairwise"): sums of squares are undefined
  # (?typfrage_missing)
  if (anyNA(x)) values[c("wss", "pve", "ch", "db")] <- NA_real_
  list(values = values,
       ss = list(tss = r$totss, wss = r$tot_withinss, bss = r$betweenss,
                 withinss = r$withinss, size = r$size))
}

check_index_names <- function(indices, allowed, arg = "indices", call) {
  if (!is.character(indices) || length(indices) == 0L || anyNA(indices)) {
    abort_input(
      c("{.arg {arg}} must be a character vector of index names.",
        i = "Choose from {.val {allowed}}."),
      call = call
    )
  }
  bad <- setdiff(indices, allowed)
  if (length(bad)) {
    shown <- setdiff(allowed, extra_index_table$index)
    abort_input(
      c("{.arg {arg}} contains unknown index{?es} {.val {bad}}.",
        i = "Choose from {.val {shown}}.",
        i = if (length(shown) < length(allowed))
          "Or any NbClust, clusterCrit or fpc index of {.help typfrage::typfrage_indices}."),
      call = call
    )
  }
  unique(indices)
}

check_distance <- function(distance, call) {
  if (!(is.character(distance) && length(distance) == 1L && !is.na(distance) &&
        distance %in% pair_distances)) {
    abort_input(
      c("{.arg distance} must be one of {.or {.val {pair_distances}}}.",
        x = if (is.character(distance) && length(distance) == 1L)
          "You supplied {.val {distance}}." else
          "You supplied {.obj_type_friendly {distance}}."),
      call = call
    )
  }
  distance
}

# The data (item matrix or a `dist`), the labels and the weights, validated.
index_input <- function(data, cluster, distance, weights, items, standardize,
                        allow_dist, call) {
  dist <- NULL
  kinds <- NULL
  gower_from_fit <- NULL
  if (inherits(data, "typology")) {
    check_typology(data, arg = "data", call = call)
    if (is.null(cluster)) cluster <- data$cluster[!is.na(data$cluster)]
    if (is.null(weights)) weights <- data$weights
    if (!is.null(data$settings$distance) && missing_distance(distance)) {
      distance <- data$settings$distance
    }
    if (identical(distance, "stored")) {
      abort_input(
        c("This typology was fitted on a {.cls dist} object.",
          i = "Give the {.cls dist} object as {.arg data} and the typology's {.field cluster} as {.arg cluster}."),
        call = call
      )
    }
    x <- typology_matrix(data)
    kinds <- data$settings$kinds
    gower_from_fit <- data$settings$gower
    weights <- check_weights(weights, nrow(x), call = call)
  } else if (inherits(data, "dist")) {
    if (!allow_dist) {
      abort_input(
        c("{.arg data} must be a data frame or a numeric matrix, not a {.cls dist}.",
          i = "Sums of squares need the data themselves."),
        call = call
      )
    }
    dist <- data
    n <- check_dist_size(dist, arg = "data", call = call)
    if (anyNA(dist) || any(!is.finite(dist))) {
      abort_input("{.arg data} (a {.cls dist}) must not contain missing or infinite distances.",
                  call = call)
    }
    check_dist_nonnegative(dist, arg = "data", call = call)
    weights <- check_weights(weights, n, call = call)
    x <- NULL
  } else {
    check_distance(distance, call)
    prep <- prepare_items(data, items = items, standardize = standardize,
                          weights = weights, allow_nominal = distance == "gower",
                          call = call)
    x <- prep$x
    kinds <- prep$settings$kinds
    weights <- prep$weights
  }
  if (is.null(dist)) check_distance(distance, call)
  n <- if (is.null(dist)) nrow(x) else attr(dist, "Size")
  if (is.null(cluster)) {
    abort_input(
      c("{.arg cluster} is missing.",
        i = "Give one cluster label per observation, or a fitted {.cls typology} as {.arg data}."),
      call = call
    )
  }
  labels <- as_labels(cluster, arg = "cluster", call = call)
  if (length(labels$codes) != n) {
    abort_input(
      c("{.arg cluster} must have one label per observation.",
        x = "The data have {n} observation{?s}; {.arg cluster} has {length(labels$codes)} label{?s}."),
      call = call
    )
  }
  weights <- index_weights(weights)
  list(x = x, dist = dist, n = n, codes = labels$codes, k = labels$k,
       levels = labels$levels, original = labels$original, weights = weights,
       distance = if (is.null(dist)) distance else "dist",
       gower = if (is.null(x) || distance != "gower") list(range = numeric(), nominal = logical())
               else if (!is.null(gower_from_fit)) gower_from_fit
               else gower_settings(x, kinds))
}

# The item matrix a typology was fitted to (standardised if it was).
typology_matrix <- function(fit, call = rlang::caller_env()) {
  if (is.null(fit$data)) abort_no_data("silhouette_widths", call = call)
  x <- standardize_items(fit$data, fit$settings)
  if (!is.double(x)) storage.mode(x) <- "double"
  x
}

missing_distance <- function(distance) identical(distance, "euclidean")

# Weights as the indices and silhouettes use them (?typfrage_weights): whole
# numbers count as duplicated rows and are used as they are; any other
# weights are rescaled to sum to the number of rows, so that multiplying all
# of them by a constant changes no result (the own-cluster mean of a
# silhouette divides by the cluster's weight minus 1, and Calinski-Harabasz
# counts the total weight as its number of observations).
index_weights <- function(w) {
  if (is.null(w) || all(w == round(w))) return(w)
  w * (length(w) / sum(w))
}
