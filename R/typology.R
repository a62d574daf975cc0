#' Build a typology: k-means or k-medoids clustering of survey items
#'
#' `typology()` groups the rows of `data` (respondents, municipalities, ...)
#' into `k` types from the items they answered. It is the package's main
#' entry point; everything else (profiles, stability, plots) works on the
#' `typology` object it returns.
#'
#' @section Methods:
#' * `"kmeans"`: k-means (minimises the within-type sum of squared Euclidean
#'   distances). Every start is seeded by greedy k-means++, improved by Lloyd
#'   iterations (full assignment passes, eight rows at a time in vector
#'   registers), and then by
#'   Hartigan-style single-point transfers until no move of one row to
#'   another type lowers the objective. This local optimum is at least as good
#'   as the one of [stats::kmeans()]'s default (Hartigan-Wong) algorithm from
#'   the same partition. `nstart` starts run in parallel; the best wins.
#' * `"pam"`: k-medoids (partitioning around medoids; minimises the sum of
#'   distances of every row to its type's medoid, a real row of the data).
#'   The first start is Kaufman and Rousseeuw's BUILD followed by the best
#'   swap in every pass, as in [cluster::pam()] (so both find the same
#'   medoids when the distances have no ties; with tied distances, as on
#'   Likert items, the medoids may differ but the objective is the same),
#'   computed with the O(n k) evaluation of FastPAM; further starts
#'   (`nstart > 1`) begin from random medoids and use the eager swaps of
#'   FasterPAM (Schubert and Rousseeuw 2021). Distances are `"euclidean"`,
#'   `"manhattan"` or `"gower"` (ordinal items as ranks scaled by their range,
#'   unordered factors as mismatches, optional per-item weights via
#'   `item_weights`), or a `dist` object you supply. Up to about 7,000 rows
#'   the full distance matrix is computed once (in parallel) and kept in
#'   memory; beyond that distances are computed on the fly.
#' * `"lca"`: latent class analysis, a model-based typology for categorical
#'   items (see the section below).
#' * `"ward"`: Ward's hierarchical clustering (the tree of [hierarchy()] with
#'   `linkage = "ward.D2"`, Euclidean distances) cut into `k` types, as
#'   `cutree(hclust(dist(x), "ward.D2"), k)`; centres are the type means and
#'   the objective is the within-type sum of squares.
#' * `"ward_kmeans"`: the classic two-step typology: k-means started from the
#'   centres of the `"ward"` types, improved by the same Lloyd iterations and
#'   Hartigan transfers as every k-means start. Its within-type sum of
#'   squares is never larger than that of `"ward"`, and the partition is a
#'   local optimum: no single row can move to another type and lower it
#'   (so `stats::kmeans(x, centers = <its centres>)` does not change it).
#'   It need not equal `stats::kmeans(x, centers = <Ward centres>)`: the
#'   Lloyd iterations stop once at most 1 % of the rows move and the
#'   transfers take over, so the two can end in different local optima, and
#'   on data with many duplicated rows (Likert items) either can be lower.
#'
#' Both Ward methods are deterministic (no random starts, `nstart` must be 1;
#' the seed material is still stored). They keep Ward's tree as `tree`, an
#' `hclust` object as [hierarchy()] returns it, for `plot(fit$tree)` or
#' [autoplot.typology()] (the dendrogram with the types marked). As in
#' [hierarchy()] the tree is built with the memory-light algorithm for up to
#' 32 items or more than 15,811 rows, else from the stored distances; the
#' same rule applies when [stability()] refits the typology on resamples.
#'
#' @section Latent class analysis:
#' Every type (latent class) is a set of response probabilities per item;
#' items are independent within a class. Items must be coded 1, 2, ..., K
#' (ordered factors are coded by their levels, unused top levels included);
#' `standardize` is not used. The model is fitted by EM in C++, from `nstart`
#' random starts (default 20; start `s` draws its random response
#' probabilities from its own random number stream, so the result does not
#' depend on `threads`), keeping the start with the largest log-likelihood.
#' Two item models, chosen with `lca_model` (passed through `...`):
#' * `"ordinal"` (the default): the adjacent-category logit model with
#'   item-specific category intercepts and a class-specific location,
#'   \eqn{\log P(y_j = m | c) / P(y_j = m - 1 | c) = \tau_{jm} + \theta_{cj}}
#'   (the "ordinal" indicator of Latent GOLD; Vermunt and Magidson 2005). It
#'   respects the order of Likert categories: the classes share the shape of
#'   every item's answer distribution and differ in its location, so a higher
#'   class location shifts every answer towards the upper categories. It has
#'   \eqn{K_j - 1 + k - 1} parameters per item instead of \eqn{k (K_j - 1)},
#'   which makes solutions with several classes more stable in samples of a
#'   few hundred cases. With two categories it equals the categorical model.
#' * `"categorical"`: unrestricted response probabilities per class and item,
#'   the model of `poLCA::poLCA()` (same log-likelihood, parameters, AIC and
#'   BIC).
#'
#' Missing answers drop out of a case's likelihood (missing at random), so
#' `na_action = "fail"` keeps incomplete rows; `"omit"` drops them. Rows with
#' no answered item are an error. Case weights are frequency weights (see
#' [typfrage_weights]): they multiply each case's log-likelihood term, and
#' BIC and the sample-size adjusted BIC count the sum of the weights as the
#' number of cases, so integer weights give the same fit as duplicated rows.
#' EM stops when the log-likelihood improves by less than `tol` (default
#' `1e-10`) times the number of cases, or after `max_iter` (default 1000)
#' iterations. A warning of class `typfrage_warning_lca_starts` names the
#' number of starts that ended at a different maximum when the best
#' log-likelihood was reached by only one start.
#'
#' The object has, besides the common fields, `posterior` (posterior type
#' probabilities of every row), `probs` (per item a k x K matrix of response
#' probabilities per type), `shares` (estimated type shares), `loglik`,
#' `npar` (\eqn{k - 1} plus the item parameters), `aic`
#' (\eqn{-2 \log L + 2 npar}), `bic` (\eqn{-2 \log L + npar \log n}), `abic`
#' (sample-size adjusted BIC, \eqn{-2 \log L + npar \log((n + 2) / 24)},
#' Sclove 1987), `entropy` (relative entropy as reported by Mplus,
#' \eqn{1 - \sum_i w_i \sum_c -p_{ic} \log p_{ic} / (n \log k)}, where
#' \eqn{p_{ic}} are the posterior probabilities; 1 means certain assignment;
#' `NaN` for one type), `ordinal` (the intercepts and the locations relative
#' to type 1 of the ordinal model), `starts` and `n_disagree`. `cluster` is
#' the most probable type of every row and `centers` are the type means of
#' every item computed from the response probabilities, \eqn{\sum_m m P(y_j =
#' m | c)}.
#'
#' @section Weights:
#' Case (survey) weights enter the type centres (weighted means) and the
#' objective (a weighted sum), for every method. For Ward's tree they act as
#' cluster sizes: a row with weight 3 counts as three identical rows.
#'
#' @section Empty types:
#' If a k-means iteration leaves a type empty, the row that is worst fitted by
#' its own type (largest weighted squared distance to its centre, from a type
#' with at least two rows) is moved into the empty type. Transfers never empty
#' a type, so every returned type has at least one row.
#'
#' @section Labels:
#' Types are numbered by size: type 1 is the largest (most rows; with case
#' weights, largest total weight), ties are broken by first appearance in the
#' data. The same data and seed therefore
#' always give the same labels.
#'
#' @param data A data frame or numeric matrix, one row per case. Items may be
#'   numeric, logical, ordered factors (coded by their ranks 1, 2, ...) or
#'   labelled numbers (`haven`); unordered factors only with
#'   `method = "pam", distance = "gower"`.
#' @param k Number of types, a whole number between 1 and the number of
#'   distinct rows.
#' @param method `"kmeans"` (the default), `"pam"`, `"lca"`, `"ward"` or
#'   `"ward_kmeans"`.
#' @param items Columns of `data` to use as items: column names, column
#'   positions or a tidyselect expression (`starts_with("f3_")`,
#'   `c(q1:q12)`, `where(is.numeric)`); `NULL` (the default) uses every
#'   column (except a weight column named in `weights`). Item names must be
#'   distinct and non-empty.
#' @param standardize If `TRUE`, items are centred and scaled to unit
#'   (weighted) standard deviation before clustering. Centres are reported in
#'   the original units either way. A constant item (all values equal, or a
#'   standard deviation that is only rounding noise) is an error.
#' @param weights `NULL`, non-negative case weights (one per row of `data`),
#'   or the name of a column of `data` holding them (`weights = gewicht` or
#'   `"gewicht"`). A weight of 0 excludes the row (as in SPSS; its type is
#'   `NA` and the print says how many rows were excluded).
#' @param nstart Number of starts, the best of which is kept. `NULL` (the
#'   default) uses 25 for k-means, 1 for PAM (BUILD is deterministic) and 20
#'   for LCA; the Ward methods have no starts (1).
#' @param seed `NULL` (use R's random number generator, so [set.seed()]
#'   reproduces the result) or a whole number.
#' @param threads Number of threads (see [typfrage_threads()]). Results do not
#'   depend on it.
#' @param distance `NULL` for the method's default (`"euclidean"`), a
#'   distance name (PAM: `"euclidean"`, `"manhattan"` or `"gower"`), or, for
#'   PAM, a `dist` object with the dissimilarities of the rows of `data`.
#' @param verbose Show a progress bar? `NULL` uses
#'   `getOption("typfrage.verbose")`, else `interactive()`.
#' @inheritParams typfrage_missing
#' @param max_iter Maximal number of Lloyd iterations per start (k-means),
#'   swap passes (PAM) or EM iterations per start (LCA). `NULL` (the default)
#'   uses 100 for k-means and PAM and 1000 for LCA.
#' @param ... Method-specific settings. PAM with Gower's distance:
#'   `item_weights`, one non-negative weight per item. LCA: `lca_model`
#'   (`"ordinal"`, the default, or `"categorical"`), `tol` (convergence
#'   tolerance, default `1e-10`) and `start` (optional start values for the
#'   first starts: a list of starts, each a list with one k x K matrix of
#'   response probabilities per item, rows summing to 1, e.g. to repeat a run
#'   of another program; shares start equal).
#' @return An object of class `typology`, a list with
#'   * `cluster`: the type of every row of `data` (1..k; `NA` for rows
#'     dropped by `na_action = "omit"`);
#'   * `size` (and `weighted_size` with weights), `k`, `method`;
#'   * `centers`: k x items matrix of (weighted) type means in the items'
#'     original units;
#'   * `data`, `rows`, `weights`: the item matrix used (original units), the
#'     rows of `data` it came from, and the weights;
#'   * k-means: `withinss`, `tot_withinss`, `totss`, `betweenss` (in the
#'     scale clustered, i.e. standardised units when `standardize = TRUE`);
#'     PAM: `medoids` (rows of `data`) and `objective` (sum of weighted
#'     distances to the medoids); both: `starts`, a data frame with the
#'     objective, iterations and convergence of every start;
#'   * Ward methods: the k-means fields and `tree` (Ward's tree, `hclust`);
#'   * `settings`, `call`, `seed`, `type_names`.
#'
#'   It has `print()`, `summary()`, `predict()`, `fitted()`,
#'   `as.data.frame()`, [generics::tidy()], [generics::glance()] and
#'   [generics::augment()] methods.
#' @references
#' Arthur, D. and Vassilvitskii, S. (2007). k-means++: the advantages of
#' careful seeding. *Proceedings of SODA*, 1027--1035.
#'
#' Hartigan, J. A. and Wong, M. A. (1979). Algorithm AS 136: A k-means
#' clustering algorithm. *Applied Statistics*, 28, 100--108.
#'
#' Linzer, D. A. and Lewis, J. B. (2011). poLCA: An R package for polytomous
#' variable latent class analysis. *Journal of Statistical Software*, 42(10).
#'
#' Ramaswamy, V., DeSarbo, W. S., Reibstein, D. J. and Robinson, W. T.
#' (1993). An empirical pooling approach for estimating marketing mix
#' elasticities with PIMS data. *Marketing Science*, 12, 103--124.
#'
#' Sclove, S. L. (1987). Application of model-selection criteria to some
#' problems in multivariate analysis. *Psychometrika*, 52, 333--343.
#'
#' Vermunt, J. K. and Magidson, J. (2005). *Technical Guide for Latent GOLD
#' 4.0: Basic and Advanced*. Statistical Innovations, Belmont, MA.
#'
#' Schubert, E. and Rousseeuw, P. J. (2021). Fast and eager k-medoids
#' clustering: O(k) runtime improvement of the PAM, CLARA, and CLARANS
#' algorithms. *Information Systems*, 101, 101804.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' fit
#' summary(fit)
#' predict(fit, USArrests[1:5, ])
#'
#' # k-medoids with Manhattan distances
#' typology(USArrests, k = 3, method = "pam", distance = "manhattan",
#'          standardize = TRUE)
#'
#' # The two-step typology: Ward's tree, then k-means from its centres
#' two <- typology(USArrests, k = 4, method = "ward_kmeans", standardize = TRUE)
#' two
#' plot(two$tree, labels = FALSE)
#'
#' # Latent classes of ordinal items (here: the cut-up USArrests variables)
#' likert <- as.data.frame(lapply(USArrests, function(v)
#'   cut(v, quantile(v, 0:4 / 4), include.lowest = TRUE, ordered_result = TRUE)))
#' lc <- typology(likert, k = 2, method = "lca", seed = 1)
#' lc
#' head(predict(lc, likert, type = "prob"))
typology <- function(data, k, method = c("kmeans", "pam", "lca", "ward", "ward_kmeans"),
                     items = NULL,
                     standardize = FALSE, weights = NULL, nstart = NULL,
                     seed = NULL, threads = NULL, distance = NULL,
                     verbose = NULL, na_action = c("fail", "omit", "pairwise", "available"),
                     max_iter = NULL, ...) {
  call <- match.call()
  env <- rlang::current_env()
  items <- rlang::enquo(items)
  weights <- rlang::enquo(weights)
  method <- check_choice(method, names(typology_methods()), arg = "method", call = env)
  spec <- typology_methods()[[method]]
  na_action <- as_input_error(rlang::arg_match(na_action, error_call = env))

  # Distance: a name, or (PAM) a dist object.
  stored <- NULL
  if (inherits(distance, "dist")) {
    if (!spec$dist_object) {
      abort_input(
        c("{.arg distance} can be a {.cls dist} object only for {.code method = \"pam\"}.",
          i = "k-means works on the items themselves (squared Euclidean distances)."),
        call = env
      )
    }
    stored <- distance
    distance <- "stored"
  } else if (is.null(distance)) {
    distance <- spec$distances[1]
  } else {
    if (!(is.character(distance) && length(distance) == 1L && !is.na(distance) &&
          distance %in% spec$distances)) {
      abort_input(
        c(if (length(spec$distances) == 1L) "{.arg distance} must be {.val {spec$distances}} for {.code method = \"{method}\"}."
          else "{.arg distance} must be one of {.or {.val {spec$distances}}} for {.code method = \"{method}\"}.",
          x = if (is.character(distance) && length(distance) == 1L) "You supplied {.val {distance}}."
              else "You supplied {.obj_type_friendly {distance}}."),
        call = env
      )
    }
  }
  if (na_action == "pairwise" && !identical(distance, "gower")) abort_pairwise(env)
  if (na_action == "available" && !isTRUE(spec$available)) abort_available(env)
  prep <- if (is.null(spec$prepare)) {
    prepare_items(data, items = items, standardize = standardize,
                  weights = weights, na_action = na_action,
                  allow_nominal = identical(distance, "gower"),
                  pairwise_ok = TRUE, available_ok = isTRUE(spec$available), zero_weights_ok = TRUE,
                  call = env)
  } else {
    spec$prepare(data, items = items, standardize = standardize, weights = weights,
                 na_action = na_action, dots = list(...), call = env)
  }
  check_count(k, min = 1, arg = "k", call = env)
  k <- as.integer(k)
  distinct <- count_distinct_rows(prep$x, k)
  if (k > distinct) {
    abort_input(
      c("{.arg k} must not exceed the number of distinct rows of the items.",
        x = "You asked for {k} type{?s}; the data have {distinct} distinct row{?s}.",
        i = "Choose a smaller {.arg k}."),
      call = env
    )
  }
  if (is.null(nstart)) nstart <- spec$nstart
  check_count(nstart, min = 1, arg = "nstart", call = env)
  if (is.null(max_iter)) max_iter <- spec$max_iter
  check_count(max_iter, min = 1, arg = "max_iter", call = env)
  if (!is.null(stored)) stored <- check_stored_distances(stored, prep, call = env)
  threads <- resolve_threads(threads, call = env)
  verbose <- resolve_verbose(verbose, call = env)
  seed_material <- resolve_seed(seed, call = env)

  settings <- c(prep$settings,
                list(method = method, distance = distance, k = k,
                     nstart = as.integer(nstart), max_iter = as.integer(max_iter)))
  res <- spec$fit(prep, k = k, settings = settings, stored = stored,
                  seed = seed_material, threads = threads, verbose = verbose,
                  call = env, ...)
  new_typology_from_fit(res, prep, settings, call = call, seed = seed_material)
}

# Number of distinct rows, or a lower bound that is at least `enough` (a
# subset is checked first: unique() on a large matrix is slow).
count_distinct_rows <- function(x, enough) {
  head_rows <- min(nrow(x), 200L * enough)
  d <- nrow(unique(x[seq_len(head_rows), , drop = FALSE]))
  if (d >= enough || head_rows == nrow(x)) return(d)
  nrow(unique(x))
}

# The methods typology() knows. Adding a method = one entry here plus one
# fit function returning list(cluster, objective, settings, extra, starts)
# (cluster: 1..k for the rows of prep$x; settings: extra settings such as
# `prototypes` for predict(); extra: method results stored in the object).
# Optional: `prepare` (the method's own data preparation, instead of
# prepare_items()), and in the fit's result `centers` (type means, instead of
# the means of the rows of every type) and `permute(obj, ord)` (puts the
# method's own per-type results in the label order).
typology_methods <- function() {
  list(
    kmeans = list(distances = "euclidean", nstart = 25L, max_iter = 100L,
                  dist_object = FALSE, available = TRUE, fit = fit_kmeans_method),
    pam = list(distances = c("euclidean", "manhattan", "gower"), nstart = 1L,
               max_iter = 100L, dist_object = TRUE, fit = fit_pam_method),
    lca = list(distances = "none", nstart = 20L, max_iter = 1000L,
               dist_object = FALSE, available = TRUE, fit = fit_lca_method,
               prepare = lca_prepare_method),
    ward = list(distances = "euclidean", nstart = 1L, max_iter = 100L,
                dist_object = FALSE, fit = fit_ward_method),
    ward_kmeans = list(distances = "euclidean", nstart = 1L, max_iter = 100L,
                       dist_object = FALSE, fit = fit_ward_method)
  )
}

# What the dispatcher needs to refit: method, starts, iterations, distance
# (and Gower settings: list(range, nominal, weight) as typology() stores them).
# `max_matrix_bytes`: the memory limit of any stored matrix of one fit (the
# option typfrage.max_dist_gb; divided by the threads when fits run in
# parallel replicates); the C++ core decides with it between stored and
# memory-light/on-the-fly algorithms (use_light(), store_full_matrix()).
fit_spec <- function(method, nstart, max_iter, distance = "euclidean", gower = NULL,
                     max_matrix_bytes = max_dist_bytes()) {
  list(method = method, nstart = as.integer(nstart %||% 1L),
       max_iter = as.integer(max_iter %||% 100L),
       distance = distance %||% "euclidean",
       gower_range = as.double(gower$range), gower_nominal = as.logical(gower$nominal),
       gower_weight = if (is.null(gower$weight)) rep(1, length(gower$range))
                      else as.double(gower$weight),
       max_matrix_bytes = as.double(max_matrix_bytes))
}

# Arguments of cpp_fit_partition() shared by the methods.
# Every method's data reach C++ here, after the magnitude check
# (?typfrage_magnitude) and the bound on the starts.
core_fit <- function(prep, method, k, settings, seed, threads, verbose,
                     distance = "euclidean", stored = NULL, gower = NULL,
                     call = rlang::caller_env()) {
  check_magnitude(if (is.null(stored)) prep$x else stored, prep$weights, call = call)
  if (is.null(stored)) check_pairwise_overlap(prep$x, prep$rows, call = call)
  # every start keeps its labels, centres and sums of squares until the best is known
  check_replicate_memory(settings$nstart,
                         4 * prep$n + 8 * (as.double(k) * (prep$p + 2)) + 128,
                         arg = "nstart", call = call)
  x <- if (is.null(stored)) prep$x else matrix(0, 0, 0)
  cpp_fit_partition(
    x, fit_spec(method, settings$nstart, settings$max_iter, distance, gower), k,
    if (is.null(prep$weights)) numeric() else prep$weights,
    if (is.null(stored)) numeric() else stored,
    seed, threads, verbose
  )
}

starts_frame <- function(res) {
  data.frame(start = seq_along(res$start_objective),
             objective = res$start_objective,
             iterations = res$start_iterations,
             converged = res$start_converged)
}

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
  grand <- colSums(prep$x * w) / sum(w)
  totss <- sum(w * rowSums(sweep(prep$x, 2, grand)^2))
  list(
    cluster = res$cluster,
    prototypes = res$centers,
    extra = list(withinss = res$withinss, tot_withinss = res$objective,
                 totss = totss, betweenss = totss - res$objective,
                 starts = starts_frame(res), empty_repairs = res$empty_repairs)
  )
}

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
    rng <- apply(prep$x, 2, function(v) diff(range(v, na.rm = TRUE)))
    if (is.null(item_weights)) item_weights <- rep(1, prep$p)
    if (!is.numeric(item_weights) || length(item_weights) != prep$p ||
        anyNA(item_weights) || any(item_weights < 0) || !any(item_weights > 0)) {
      abort_input(
        c("{.arg item_weights} must be {prep$p} non-negative number{?s}, one per item, not all zero.",
          x = "You supplied {.obj_type_friendly {item_weights}} of length {length(item_weights)}."),
        call = call
      )
    }
    gower <- list(range = as.double(rng), nominal = unname(prep$settings$kinds == "nominal"),
                  weight = as.double(item_weights))
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

# Relabel (largest type first, ties by first appearance), add centres in the
# original units and build the object.
new_typology_from_fit <- function(res, prep, settings, call, seed) {
  k <- settings$k
  cl <- res$cluster
  w <- if (is.null(prep$weights)) rep(1, prep$n) else prep$weights
  size <- type_weights(w, cl, k)
  first <- match(seq_len(k), cl)
  ord <- order(-size, first)
  relabel <- match(seq_len(k), ord)
  cl <- relabel[cl]
  centers <- if (!is.null(res$centers)) {
    res$centers[ord, , drop = FALSE]
  } else if (anyNA(prep$raw)) {  # na_action = "pairwise": means of observed values
    obs <- !is.na(prep$raw)
    rowsum(ifelse(obs, prep$raw, 0) * w, cl, reorder = TRUE) / rowsum(obs * w, cl, reorder = TRUE)
  } else {
    rowsum(prep$raw * w, cl, reorder = TRUE) / as.vector(rowsum(w, cl, reorder = TRUE))
  }
  dimnames(centers) <- list(seq_len(k), prep$items)
  prototypes <- res$prototypes[ord, , drop = FALSE]
  dimnames(prototypes) <- list(seq_len(k), prep$items)
  settings$prototypes <- prototypes
  # ties between prototypes: the order of the core (or the fit's own rule)
  settings$tie_priority <- as.integer(if (is.null(res$tie_priority)) ord else res$tie_priority[ord])
  settings <- c(settings, res$settings)
  cluster <- rep(NA_integer_, prep$n_input)
  cluster[prep$rows] <- cl
  extra <- res$extra
  if (!is.null(extra$withinss)) extra$withinss <- extra$withinss[ord]
  if (!is.null(res$medoid_rows)) extra$medoids <- prep$rows[res$medoid_rows[ord]]
  obj <- c(
    list(cluster = cluster, size = tabulate(cl, k), k = k, method = settings$method,
         centers = centers, data = prep$raw, rows = prep$rows,
         weights = prep$weights,
         weighted_size = if (is.null(prep$weights)) NULL else type_weights(w, cl, k),
         settings = settings, type_names = NULL, call = call, seed = seed,
         missing = prep$missing),
    extra
  )
  if (!is.null(res$permute)) obj <- res$permute(obj, ord)
  validate_typology(new_typology(obj))
}

# Total weight of every type 1..k (0 for an empty type).
type_weights <- function(w, cl, k) {
  as.vector(tapply(w, factor(cl, levels = seq_len(k)), sum, default = 0))
}

# Methods whose objective is the within-type sum of squares (and partitions
# made elsewhere, as_typology(), which report it).
is_ss_method <- function(method) method %in% c("kmeans", "ward", "ward_kmeans", "external")

method_label <- function(method) {
  switch(method, kmeans = "k-means", pam = "k-medoids (PAM)", ward = "Ward",
         ward_kmeans = "Ward + k-means", lca = "latent class analysis",
         external = "partition made elsewhere", method)
}

#' @export
print.typology <- function(x, digits = 2, ...) {
  check_typology(x, arg = "x")
  n <- sum(x$size)
  p <- ncol(x$data)
  cat(sprintf("<typology> %s: %d types of %s rows from %d items%s\n",
              method_label(x$method), x$k, format(n, big.mark = ","), p,
              if (isTRUE(x$settings$standardize)) " (standardised)" else ""))
  sizes <- if (is.null(x$weighted_size)) x$size else x$weighted_size
  share <- sizes / sum(sizes)
  lab <- type_labels(x)
  cat(sprintf("%s: %s (%.0f%%)", lab, format(x$size, big.mark = ","), 100 * share),
      sep = "\n")
  if (!is.null(x$weighted_size)) cat("(percentages weighted)\n")
  miss <- missing_lines(x$missing)
  if (length(miss)) cat(miss, sep = "\n")
  if (identical(x$method, "lca")) print_lca_fit(x)
  cat("\nType means (original units):\n")
  m <- x$centers
  rownames(m) <- lab
  print(round(m, digits))
  invisible(x)
}

#' Summarise a typology
#'
#' @param object A `typology` from [typology()].
#' @param ... Unused.
#' @return An object of class `summary.typology` (a list with `sizes`, a data
#'   frame of type sizes and shares; `centers`; `fit`, a one-row data frame of
#'   fit statistics; and `starts`), printed compactly.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' summary(fit)
summary.typology <- function(object, ...) {
  check_typology(object, ..., arg = "object")
  sizes <- data.frame(type = seq_len(object$k), label = type_labels(object),
                      n = object$size, share = object$size / sum(object$size))
  if (!is.null(object$weighted_size)) {
    sizes$weighted_n <- object$weighted_size
    sizes$weighted_share <- object$weighted_size / sum(object$weighted_size)
  }
  structure(
    list(method = object$method, k = object$k, n = sum(object$size),
         items = colnames(object$data), standardize = isTRUE(object$settings$standardize),
         distance = object$settings$distance, sizes = sizes,
         centers = object$centers, fit = glance.typology(object),
         starts = object$starts, medoids = object$medoids),
    class = "summary.typology"
  )
}

#' @export
print.summary.typology <- function(x, digits = 2, ...) {
  cat(sprintf("Typology: %s, %d types, %s rows, %d items%s\n",
              method_label(x$method), x$k, format(x$n, big.mark = ","),
              length(x$items), if (x$standardize) " (standardised)" else ""))
  if (x$method == "pam") cat(sprintf("Distance: %s\n", x$distance))
  cat("\nType sizes:\n")
  s <- x$sizes
  s$share <- sprintf("%.1f%%", 100 * s$share)
  if (!is.null(s$weighted_share)) s$weighted_share <- sprintf("%.1f%%", 100 * s$weighted_share)
  print(s[setdiff(names(s), "type")], row.names = FALSE, digits = digits + 2)
  cat("\nType means (original units):\n")
  m <- x$centers
  rownames(m) <- x$sizes$label
  print(round(m, digits))
  if (!is.null(x$medoids)) {
    cat("\nMedoids (rows of the data): ", paste(x$medoids, collapse = ", "), "\n", sep = "")
  }
  f <- x$fit
  cat("\nFit:\n")
  if (is_ss_method(x$method)) {
    cat(sprintf("  within-type sum of squares %s; between / total = %.1f%%\n",
                format(signif(f$tot_withinss, 6)), 100 * f$betweenss / f$totss))
  } else if (x$method == "lca") {
    cat(sprintf("  %s model: log-likelihood %s, %d parameters\n  AIC %s, BIC %s, adjusted BIC %s, entropy %.3f\n",
                f$lca_model, format(round(f$loglik, 2), nsmall = 2), f$npar,
                format(round(f$aic, 2), nsmall = 2), format(round(f$bic, 2), nsmall = 2),
                format(round(f$abic, 2), nsmall = 2), f$entropy))
  } else {
    cat(sprintf("  sum of distances to the medoids %s\n", format(signif(f$objective, 6))))
  }
  if (!is.null(x$starts) && nrow(x$starts) > 1) {
    best <- min(x$starts$objective)
    hit <- sum(abs(x$starts$objective - best) <= 1e-9 * max(1, abs(best)))
    cat(sprintf("  %d starts; %d reached the best objective%s\n", nrow(x$starts), hit,
                if (all(x$starts$converged)) "" else "; some starts did not converge"))
  }
  invisible(x)
}

#' Types of the fitted rows
#'
#' @param object A `typology` from [typology()].
#' @param type `"cluster"` (the default): the type of every row of the data;
#'   `"centers"`: for every row the mean of its type (original units).
#' @param ... Unused.
#' @return An integer vector (`NA` for dropped rows) or a matrix.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' table(fitted(fit))
fitted.typology <- function(object, type = c("cluster", "centers"), ...) {
  check_typology(object, ..., arg = "object")
  type <- as_input_error(rlang::arg_match(type))
  if (type == "cluster") return(object$cluster)
  object$centers[object$cluster, , drop = FALSE]
}

#' @export
as.data.frame.typology <- function(x, row.names = NULL, optional = FALSE, ...) {
  tidy.typology(x)
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
