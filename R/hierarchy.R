hierarchy_linkages <- c("ward.D2", "ward.D", "complete", "average", "single",
                        "mcquitty", "centroid", "median")
hierarchy_distances <- c("euclidean", "manhattan", "gower")

#' Hierarchical clustering (Ward and the classic linkages) in C++
#'
#' Builds a hierarchical cluster tree of the rows of `data` with a C++ core
#' and returns a standard [stats::hclust()] object, so [plot()],
#' [stats::cutree()], [stats::as.dendrogram()] and every dendrogram package
#' work with it. On data without tied distances the merge heights (and
#' merges, and leaf order) equal those of
#' `stats::hclust(dist(x), method = linkage)`; the distances are computed in
#' parallel and never copied into an R `dist` object.
#'
#' @section Tied distances:
#' With tied distances (as on Likert items, where many pairs of rows are
#' equally far apart) several pairs are equally close at some step, and which
#' of them merges first is arbitrary. `stats::hclust()`, the stored-matrix and
#' the memory-light algorithm may then pick different pairs and build
#' different trees, with different merges, heights and cuts; each is a valid
#' tree of the linkage (for Ward: heights never decrease, and every height is
#' the Ward distance of the two clusters it merges). What is guaranteed is
#' only that validity and, for a given algorithm, the same tree on every run
#' and for any number of threads. Likewise, a row with integer weight 3 and
#' three copies of the row give the same tree only when there are no other
#' ties.
#'
#' @section Linkages:
#' The linkages have the meaning and heights of [stats::hclust()]:
#' `"ward.D2"` (Ward's minimum-variance method; heights are the square roots
#' of the Ward criterion, so the squared height halved is the increase of the
#' within-cluster sum of squares), `"ward.D"` (the Lance-Williams Ward update
#' applied to the *unsquared* distances, as `hclust(dist(x), "ward.D")` does),
#' `"complete"`, `"average"` (UPGMA), `"single"`, `"mcquitty"` (WPGMA),
#' `"centroid"` and `"median"`. As in `stats::hclust()`, `"centroid"` and
#' `"median"` work on the distances as given (here: unsquared Euclidean
#' distances, so they equal `hclust(dist(x), "centroid")`, not the geometric
#' centroid method, which needs squared distances); their heights may
#' decrease from one merge to the next (inversions).
#'
#' @section Algorithms and memory:
#' Ward, complete, average and McQuitty use the nearest-neighbour chain on
#' the stored matrix of the \eqn{n(n-1)/2} distances, single linkage a minimum
#' spanning tree (Prim), centroid and median the stored-nearest-neighbour
#' algorithm of `stats::hclust()`; all take \eqn{O(n^2)} time (typically) and
#' \eqn{8 n(n-1)/2} bytes for the matrix. Ward (`"ward.D2"`, Euclidean
#' distances) also has a **memory-light** mode that never stores the
#' distances: the nearest-neighbour chain on the cluster centroids and sizes,
#' \eqn{O(n \cdot p)} memory and \eqn{O(n^2 p)} time for \eqn{p} items.
#' With few items it is also the faster one, so `memory = "auto"` uses it for
#' Ward with Euclidean distances when there are at most 32 items, or when the
#' matrix would need more than 1 GB (above 15,811 rows); `"matrix"` and
#' `"light"` force either algorithm. Without tied distances both give the
#' same tree up to rounding (about 1e-15 relative); see the section on ties. 50,000 rows with 12 items need well under 1 GB in
#' the memory-light mode, where the matrix alone would take 10 GB. The
#' computation can be interrupted (Ctrl-C / Esc).
#'
#' @section Weights:
#' Case weights act as initial cluster sizes: a row with weight 3 counts as
#' three identical rows (the trees agree when there are no other ties). For Ward the starting dissimilarity of rows \eqn{i}
#' and \eqn{j} is \eqn{2 w_i w_j / (w_i + w_j)} times their (squared, for
#' `"ward.D2"`) distance, the value Ward's method reaches once duplicated rows
#' have merged; for average and centroid linkage the weights are the sizes in
#' the update, as the `members` argument of `stats::hclust()`. Single,
#' complete, McQuitty and median linkage do not depend on cluster sizes (nor
#' on duplicated rows), so weights do not change their trees.
#'
#' @param data A data frame or numeric matrix of items (rows are respondents
#'   or units), or a `dist` object of dissimilarities (then `items`,
#'   `standardize` and `distance` do not apply). Items may be numeric,
#'   logical, ordered factors (their ranks) or labelled numbers; with
#'   `distance = "gower"` also unordered factors. Missing and infinite values
#'   are an error.
#' @param linkage The agglomeration method, one of `"ward.D2"` (the default),
#'   `"ward.D"`, `"complete"`, `"average"`, `"single"`, `"mcquitty"`,
#'   `"centroid"` or `"median"`; see the section Linkages.
#' @param items Columns of `data` to use (names or positions); `NULL` uses all.
#' @param standardize Whether to z-standardise the items (weighted, when
#'   weights are given) before computing distances.
#' @param distance `"euclidean"` (the default), `"manhattan"` or `"gower"`.
#' @param weights `NULL` or positive case weights, one per row; see the
#'   section Weights.
#' @param threads Number of threads for the distances and the memory-light
#'   sweeps; see [typfrage_threads()]. The tree does not depend on it.
#' @param memory `"auto"`, `"matrix"` or `"light"`; see the section
#'   Algorithms and memory.
#' @param verbose Show a progress bar; defaults to
#'   `getOption("typfrage.verbose", interactive())`.
#' @inheritParams typfrage_missing
#' @return An object of class `typology_hierarchy`, a subclass of `hclust`
#'   (so `plot()`, [stats::cutree()] and [stats::as.dendrogram()] work as for
#'   [stats::hclust()]; `print()` reads in the session's language), with the
#'   components of
#'   [stats::hclust()] (`merge`, `height`, `order`, `labels`, `method`,
#'   `call`, `dist.method`) and, in addition, `ess_increase` (the increase of
#'   the within-cluster sum of squares at each merge, see
#'   [agglomeration_schedule()]), `weights` and `memory` (the algorithm used:
#'   `"matrix"` or `"light"`).
#' @seealso [agglomeration_schedule()] for the table SPSS users read the
#'   elbow from; [stats::cutree()] to cut the tree into types.
#' @export
#' @examples
#' tree <- hierarchy(USArrests, standardize = TRUE)
#' plot(tree, cex = 0.6)
#' table(cutree(tree, k = 4))
#' agglomeration_schedule(tree)
#'
#' # the same tree as stats::hclust()
#' ref <- hclust(dist(scale(USArrests)), "ward.D2")
#' all.equal(tree$height, ref$height)
hierarchy <- function(data, linkage = "ward.D2", items = NULL, standardize = FALSE,
                      distance = "euclidean", weights = NULL, threads = NULL,
                      memory = c("auto", "matrix", "light"), verbose = NULL,
                      na_action = c("fail", "omit", "pairwise")) {
  cl <- match.call()
  items <- rlang::enquo(items)
  na_action <- check_choice(na_action, c("fail", "omit", "pairwise"))
  linkage <- check_choice(linkage, hierarchy_linkages)
  memory <- check_choice(memory, c("auto", "matrix", "light"))
  threads <- resolve_threads(threads)
  verbose <- resolve_verbose(verbose)

  part <- if (inherits(data, "dist")) {
    hierarchy_from_dist(data, items, standardize, distance, weights, linkage, memory,
                        threads, verbose, call = rlang::current_env())
  } else {
    hierarchy_from_data(data, items, standardize, distance, weights, linkage, memory,
                        na_action, threads, verbose, call = rlang::current_env())
  }
  new_hclust(part$res, labels = part$labels, linkage = linkage, call = cl,
             dist_method = part$dist_method, weights = part$weights)
}

# hierarchy() of a `dist` object.
hierarchy_from_dist <- function(data, items, standardize, distance, weights, linkage,
                                memory, threads, verbose, call) {
  not_applicable <- c(items = !is_null_selection(items), standardize = !identical(standardize, FALSE),
                      distance = !identical(distance, "euclidean"))
  if (any(not_applicable)) {
    bad <- names(not_applicable)[not_applicable]
    abort_input(
      c("{.arg {bad}} do{?es/} not apply when {.arg data} is a {.cls dist} object.",
        i = "Compute the dissimilarities the way you want them, or pass the data instead."),
      call = call
    )
  }
  n <- check_dist_size(data, arg = "data", call = call)
  d <- as.double(data)
  if (any(!is.finite(d))) {
    abort_input(
      c("{.arg data} must not contain missing or infinite dissimilarities.",
        x = "{sum(!is.finite(d))} value{?s} {?is/are} NA, NaN or Inf."),
      class = "typfrage_error_missing", call = call
    )
  }
  check_dist_nonnegative(d, arg = "data", call = call)
  if (memory == "light") {
    abort_input(c("{.code memory = \"light\"} needs the data, not a {.cls dist} object.",
                  i = "It works on the rows themselves and never stores the distances."),
                call = call)
  }
  weights <- check_weights(weights, n, call = call)
  check_magnitude(matrix(d, ncol = 1L), weights, what = "dissimilarities", call = call)
  res <- cpp_hierarchy_dist(d, as.integer(n), weights, linkage, threads, verbose)
  labels <- attr(data, "Labels")
  dist_method <- attr(data, "method")
  if (is.null(dist_method)) dist_method <- "unknown"
  res$ess <- if (linkage == "ward.D2") res$height^2 / 2 else rep(NA_real_, n - 1L)
  res$light <- FALSE
  list(res = res, labels = labels, dist_method = dist_method, weights = weights)
}

# hierarchy() of the items of a data frame or matrix.
hierarchy_from_data <- function(data, items, standardize, distance, weights, linkage,
                                memory, na_action, threads, verbose, call) {
  check_choice(distance, hierarchy_distances, arg = "distance", call = call)
  if (memory == "light" && !(linkage == "ward.D2" && distance == "euclidean")) {
    abort_input(
      c("{.code memory = \"light\"} is only available for Ward's method with Euclidean distances.",
        x = "You asked for {.code linkage = \"{linkage}\"} with {.code distance = \"{distance}\"}.",
        i = "Use {.code linkage = \"ward.D2\", distance = \"euclidean\"}, or {.code memory = \"matrix\"}."),
      call = call
    )
  }
  prep <- prepare_items(data, items = items, standardize = standardize, weights = weights,
                        na_action = na_action, allow_nominal = distance == "gower",
                        pairwise_ok = distance == "gower", call = call)
  weights <- prep$weights
  x <- prep$x
  gower <- if (distance == "gower") gower_settings(x, prep$settings$kinds)
           else list(range = numeric(), nominal = logical())
  check_magnitude(x, weights, call = call)
  check_pairwise_overlap(x, prep$rows, call = call)
  # The core's rule (use_light() in hierarchy.hpp) picks the algorithm; a
  # stored matrix is checked against the memory limit first.
  limit <- max_dist_bytes()
  if (cpp_tree_memory(prep$n, prep$p, linkage, distance, memory, limit) == "matrix") {
    check_dist_memory(prep$n, hint = "Use {.code hierarchy(memory = \"light\")} (Ward's method, Euclidean distances) or {.code typology(method = \"kmeans\")}, which need memory linear in the rows.", call = call)
  }
  res <- cpp_hierarchy_data(x, weights, linkage, distance, gower$range, gower$nominal,
                            memory, limit, threads, verbose)
  labels <- user_row_labels(data)
  if (length(prep$rows) < prep$n_input) {
    labels <- if (is.null(labels)) as.character(prep$rows) else labels[prep$rows]
  }
  dist_method <- distance
  list(res = res, labels = labels, dist_method = dist_method, weights = weights)
}

# The hclust object from the glue's tree (merge, height, order, ess, light);
# used by hierarchy() and by typology()'s Ward methods.
new_hclust <- function(res, labels, linkage, call, dist_method, weights) {
  structure(
    list(merge = res$merge, height = res$height, order = res$order,
         labels = labels, method = linkage, call = call, dist.method = dist_method,
         ess_increase = res$ess, weights = weights,
         memory = if (isTRUE(res$light)) "light" else "matrix"),
    class = c("typology_hierarchy", "hclust")
  )
}

# Row labels as stats::dist() would give them: row names a user set, else NULL.
user_row_labels <- function(data) {
  if (is.matrix(data)) return(rownames(data))
  if (is.data.frame(data) && .row_names_info(data) > 0L) return(row.names(data))
  NULL
}

#' Agglomeration schedule of a hierarchical clustering
#'
#' The table of merges that SPSS prints as the "agglomeration schedule": for
#' every step, the two clusters merged, the height of the merge, the size of
#' the new cluster, and the increase of the within-cluster sum of squares.
#' A large jump of the height or of the sum of squares near the end of the
#' schedule (the "elbow") suggests stopping before that merge, that is,
#' keeping `k` types where `k` is the number of clusters *before* it.
#'
#' `ess_increase` is the increase of the total (weighted) within-cluster sum
#' of squares of the items (Euclidean, standardised if the tree was built
#' with `standardize = TRUE`) caused by the merge, whatever the linkage and
#' distance used to build the tree: for `"ward.D2"` it equals half the squared
#' height; for the other linkages it shows what a merge costs in Ward's sense.
#' `within_ss` is its running total, the within-cluster sum of squares of the
#' partition into `clusters` types (SPSS's Ward coefficient). For trees built
#' from a `dist` object, and for `hclust` objects from other functions, it is
#' known only for `"ward.D2"` (half the squared height, which assumes the
#' dissimilarities were Euclidean distances) and `NA` otherwise.
#'
#' @param tree An `hclust` object, from [hierarchy()] or [stats::hclust()].
#' @return A data frame of class `typology_schedule` with one row per merge:
#'   `step`, `clusters` (the number of clusters after the merge), `cluster1`,
#'   `cluster2` (the merged clusters in `hclust` notation: `-i` is row `i`, a
#'   positive number the cluster formed at that step), `height`, `size` (rows
#'   in the new cluster), `ess_increase`, `within_ss` and `next_step` (the
#'   step at which the new cluster is merged again, 0 for the last).
#' @export
#' @examples
#' tree <- hierarchy(USArrests, standardize = TRUE)
#' sched <- agglomeration_schedule(tree)
#' sched
#' print(sched, n = 5)
agglomeration_schedule <- function(tree) {
  if (!inherits(tree, "hclust")) {
    abort_input(c("{.arg tree} must be an {.cls hclust} object.",
                  x = "You supplied {.obj_type_friendly {tree}}."))
  }
  m <- tree$merge
  steps <- nrow(m)
  size <- integer(steps)
  next_step <- integer(steps)
  for (s in seq_len(steps)) {
    a <- m[s, 1L]
    b <- m[s, 2L]
    size[s] <- (if (a < 0L) 1L else size[a]) + (if (b < 0L) 1L else size[b])
    if (a > 0L) next_step[a] <- s
    if (b > 0L) next_step[b] <- s
  }
  ess <- tree$ess_increase
  if (is.null(ess)) {
    ess <- if (identical(tree$method, "ward.D2")) tree$height^2 / 2 else rep(NA_real_, steps)
  }
  out <- data.frame(
    step = seq_len(steps), clusters = steps + 1L - seq_len(steps),
    cluster1 = m[, 1L], cluster2 = m[, 2L], height = tree$height, size = size,
    ess_increase = ess, within_ss = cumsum(ess), next_step = next_step
  )
  attr(out, "method") <- tree$method
  class(out) <- c("typology_schedule", "data.frame")
  out
}

#' @param x A `typology_schedule`.
#' @param n Number of merges to show: the last `n` (the top of the tree,
#'   where the elbow is read). `Inf` shows all.
#' @param ... Passed to [print.data.frame()].
#' @inheritParams typfrage_lang
#' @rdname agglomeration_schedule
#' @export
print.typology_schedule <- function(x, n = 15, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  steps <- nrow(x)
  cli::cat_line(tr("schedule_header", lang, fmt_int(steps, lang), fmt_int(steps + 1L, lang),
                   if (is.null(attr(x, "method"))) tr("unknown", lang) else attr(x, "method")))
  shown <- if (is.finite(n)) utils::tail(seq_len(steps), n) else seq_len(steps)
  if (length(shown) < steps) {
    cli::cat_line(tr("schedule_last", lang, length(shown)))
  }
  df <- as.data.frame(unclass(x), stringsAsFactors = FALSE)[shown, , drop = FALSE]
  # Four significant digits of the shown rows (the table keeps all digits),
  # with the decimal comma in German.
  num <- vapply(df, is.double, logical(1))
  df[num] <- lapply(df[num], function(v) {
    out <- format(v, digits = 4)
    if (identical(lang, "de")) chartr(".", ",", out) else out
  })
  names(df) <- col_headings(names(df), lang)
  print.data.frame(df, row.names = FALSE, ...)
  invisible(x)
}
