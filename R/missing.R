#' Missing values in typfrage
#'
#' @name typfrage_missing
#' @title Missing values: one policy for every function
#' @description
#' Every function of typfrage that reads items from a data frame
#' ([typology()], [hierarchy()]) has the argument
#' `na_action = c("fail", "omit", "pairwise")` ([typology()] also
#' `"available"`). A missing value is `NA` or `NaN` in a numeric, logical,
#' (ordered) factor or haven-labelled item; `Inf` and `-Inf` count as missing
#' too. No function drops rows silently.
#'
#' **Values the data declare missing are missing.** SPSS user-missing codes
#' (read with `haven::read_sav(user_na = TRUE)`: the `na_values` and
#' `na_range` of a `labelled_spss` column, such as 9 = "keine Angabe") and
#' Stata's tagged missing values (`.a`, `.b`, ...) are `NA` for every
#' function: items, covariates, weights and [predict()]. A file read with or
#' without `user_na = TRUE` therefore gives the same typology. The print of a
#' [typology()] says how many values were treated as missing (declared by the
#' data, or system-missing) and how many rows were dropped or excluded.
#'
#' * `"fail"` (the default) stops with an error of class
#'   `typfrage_error_missing` that says how many rows are incomplete, which
#'   rows come first and which items are affected.
#' * `"omit"` drops the incomplete rows and keeps track of them: the result
#'   describes the complete rows, but everything indexed by the rows of the
#'   data keeps the data's length and order. In a [typology()] `cluster`,
#'   `fitted()` and `augment()` are `NA` for the dropped rows, and `rows`
#'   holds the rows used. A [hierarchy()] tree has the complete rows as its
#'   leaves, labelled with their row numbers (or names) in the data.
#' * `"pairwise"` keeps incomplete rows and computes every dissimilarity
#'   from the items both rows answered: Gower's coefficient averages over the
#'   available items (the standard rescaling of Gower 1971, as in
#'   `cluster::daisy(metric = "gower")`). It is available only for methods
#'   that work on dissimilarities with `distance = "gower"`:
#'   `typology(method = "pam", distance = "gower")` and
#'   `hierarchy(distance = "gower")`; anything else is an error of class
#'   `typfrage_error_input`. Item ranges are taken over the observed values.
#'   Two rows without a commonly answered item have no dissimilarity: every
#'   function stops, in R and before any computation, with an error of class
#'   `typfrage_error_missing` that names the first such pair of rows (drop
#'   one of them). Infinite values are an error also with `"pairwise"`.
#'   Indices built on sums of squares of the items (`wss`, `pve`, `ch`, `db`
#'   of [cluster_indices()] and [scan_k()]) are undefined when items are
#'   missing and are `NA` on such data; silhouettes and Dunn's index use the
#'   Gower dissimilarities and are computed. The gap statistic and
#'   prediction strength need complete data: [scan_k()] refuses them (class
#'   `typfrage_error_missing`) on data with missing items.
#'
#' * `"available"` (only [typology()] with `method = "kmeans"`, and LCA)
#'   keeps incomplete rows: k-means then minimises the sum over the
#'   **answered** values of the squared deviations from the type centres.
#'   Lloyd iterations assign every row to the nearest centre on the items it
#'   answered and take the centres as the (weighted) means of the observed
#'   values, started from the best of `nstart` k-means fits on the data with
#'   every unanswered value replaced by its item's mean; they stop when no row
#'   changes its type (the "partial distance" strategy; k-POD, Chi, Chi and
#'   Baraniuk 2016, imputes instead and has the same fixed points for the
#'   centres). Hartigan's transfers are not applied. Rows without any answered
#'   item are an error. With a few values missing at random this keeps the
#'   whole sample where `"omit"` may lose a third of it. [predict()] has the
#'   matching `na_action = "available"` for new cases.
#'
#' Latent class analysis (`typology(method = "lca")`) models missing answers
#' itself: there `"fail"` keeps incomplete rows (their missing answers drop
#' out of the likelihood), `"omit"` drops them and `"pairwise"` is an error.
#'
#' Functions that take a fitted typology ([profiles()], [steckbrief()],
#' [stability()], [name_types()]) work on the rows the typology used, and
#' functions that take partitions ([agreement()], [match_labels()]) refuse
#' missing labels.
#'
#' @param na_action What to do with missing values in the items: `"fail"`
#'   (the default) stops, `"omit"` drops incomplete rows (their results are
#'   `NA`, in the original row order), `"pairwise"` (only with
#'   `distance = "gower"`) uses the items available for each pair of rows,
#'   `"available"` (only [typology()] with k-means or LCA) keeps incomplete
#'   rows and fits on the answered items. See [typfrage_missing].
#' @references
#' Chi, J. T., Chi, E. C. and Baraniuk, R. G. (2016). k-POD: A method for
#' k-means clustering of missing data. *The American Statistician*, 70,
#' 91--99.
#'
#' Gower, J. C. (1971). A general coefficient of similarity and some of its
#' properties. *Biometrics*, 27, 857--871.
#' @keywords internal
#' @examples
#' x <- USArrests
#' x[c(2, 5), "Murder"] <- NA
#' fit <- typology(x, k = 3, standardize = TRUE, na_action = "omit", seed = 1)
#' fit$cluster[1:6]
#' pw <- typology(x, k = 3, method = "pam", distance = "gower",
#'                na_action = "pairwise")
#' pw$cluster[1:6]
NULL

#' Weights in typfrage
#'
#' @name typfrage_weights
#' @title Case weights: what a weight means in every function
#' @description
#' Every function that takes `weights` treats them as **frequency weights**:
#' a row with weight 3 counts exactly as three identical rows would (integer
#' weights give the same result as duplicating rows; the package's tests
#' check this). With tied distances (Likert items), where the order of
#' equally good merges or swaps is arbitrary, the guarantee is the same
#' objective and the same merge heights, not necessarily the same
#' partition. Weights must be non-negative, finite and one per row of the
#' data (`NA`, negative or a wrong length is an error of class
#' `typfrage_error_input`). In [typology()] a weight of 0 excludes the row, as
#' in SPSS (a message says how many rows; their type is `NA`); the other
#' functions refuse zero weights. [typology()] also takes the name of a
#' weight column of `data` (`weights = gewicht` or `"gewicht"`); a weight
#' column's declared missing values are missing, hence an error. To use survey (design) weights, scale them so
#' they sum to the sample size if sizes and criteria should stay on the
#' scale of the sample.
#'
#' * [typology()], k-means: every row's squared distance to its centre is
#'   multiplied by its weight; centres are weighted means; k-means++ seeding
#'   draws rows with probability proportional to weight times distance.
#' * [typology()], PAM: the objective is the weighted sum of distances to the
#'   medoids; a weighted row is a candidate medoid like any other row.
#' * [typology()], LCA: every row's log-likelihood term is multiplied by its
#'   weight; BIC's number of cases is the sum of the weights.
#' * [hierarchy()]: weights are the initial cluster sizes (Ward's criterion,
#'   average and centroid linkage); single, complete and median linkage do
#'   not depend on sizes, so weights do not change their trees. Integer
#'   weights give the tree of duplicated rows when the distances have no
#'   other ties (with ties the merge order is arbitrary, see [hierarchy()]).
#' * [stability()]: the typology's weights are carried along; a bootstrap row
#'   drawn m times counts with m times its weight, and the type shares are
#'   weighted shares.
#' * [silhouette_widths()], [cluster_indices()] and the indices of [scan_k()]:
#'   weights that are all whole numbers count as duplicated rows, as
#'   everywhere; any other weights are first rescaled to sum to the number of
#'   rows, so that multiplying them all by a constant changes no index or
#'   silhouette (without the rescaling, constant weights of 0.1 made every
#'   own-cluster weight minus 1 negative). Sums of squares, centres
#'   and Davies-Bouldin scatters are weighted; Calinski-Harabasz uses the sum
#'   of the weights as its number of observations; a silhouette's own-cluster
#'   mean divides by the cluster's total weight minus 1 (the row's other
#'   copies sit at distance 0); averages of widths are weighted. Dunn's index
#'   (a minimum over a maximum distance) does not depend on weights.
#' * [scan_k()]: every typology and internal index is weighted as above, and
#'   the agglomeration schedule is that of the weighted Ward tree. The gap
#'   statistic and prediction strength are the exception: they compare the
#'   data with unweighted reference data and split halves, and use the rows
#'   without their weights.
#' * [profiles()] and [steckbrief()]: type sizes, shares, means, proportions
#'   and the tests use the weights as frequency weights (`NULL` uses the
#'   typology's weights).
#' * Weights with `na_action = "omit"`: the weights of dropped rows are
#'   dropped with them.
#' * `standardize = TRUE` divides by the weighted standard deviation with the
#'   factor \eqn{n / (n - 1)} for \eqn{n} rows (not the sum of the weights,
#'   which for survey weights is arbitrary); with duplicated rows the scale
#'   differs by a constant factor, which changes sums of squares but not the
#'   types.
#'
#' Functions that compare partitions ([agreement()], [match_labels()]) count
#' every row once.
#' @keywords internal
#' @examples
#' w <- rep(c(1, 2), length.out = nrow(USArrests))
#' fit <- typology(USArrests, k = 3, standardize = TRUE, weights = w, seed = 1)
#' fit$weighted_size
NULL

abort_pairwise <- function(call) {
  abort_input(
    c("{.code na_action = \"pairwise\"} needs Gower's distance.",
      i = "It is available for {.code typology(method = \"pam\", distance = \"gower\")} and {.code hierarchy(distance = \"gower\")}.",
      i = "Otherwise use {.code na_action = \"omit\"} to drop incomplete rows, or impute them first."),
    call = call
  )
}

# With na_action = "pairwise": abort (class typfrage_error_missing) naming the
# first pair of rows (i < j, in the user's row numbers `rows`) that share no
# observed item, whose Gower dissimilarity is undefined. Blocks of incomplete
# rows against all rows: O(block x n) memory.
check_pairwise_overlap <- function(x, rows = seq_len(nrow(x)), call = rlang::caller_env()) {
  if (!anyNA(x)) return(invisible(NULL))
  obs <- !is.na(x)
  storage.mode(obs) <- "double"
  incomplete <- which(rowSums(obs) < ncol(x))
  best <- NULL
  for (start in seq(1L, length(incomplete), by = 512L)) {
    ii <- incomplete[start:min(length(incomplete), start + 511L)]
    none <- which(tcrossprod(obs[ii, , drop = FALSE], obs) == 0, arr.ind = TRUE)
    if (!nrow(none)) next
    a <- ii[none[, 1]]
    b <- none[, 2]
    lo <- pmin(a, b)
    hi <- pmax(a, b)
    o <- order(lo, hi)[1]
    cand <- c(lo[o], hi[o])
    if (is.null(best) || cand[1] < best[1] || (cand[1] == best[1] && cand[2] < best[2])) best <- cand
  }
  if (is.null(best)) return(invisible(NULL))
  pair <- rows[best]
  abort_input(
    c("Rows {pair[1]} and {pair[2]} have no item answered in common.",
      x = "With {.code na_action = \"pairwise\"} their Gower dissimilarity is undefined.",
      i = "Drop one of them (or every row with too few answers), or use {.code na_action = \"omit\"}."),
    class = "typfrage_error_missing", call = call
  )
}
