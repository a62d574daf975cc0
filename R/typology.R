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
#'   Likert items, the two may choose differently between equally good
#'   candidates and end in different local optima, so medoids and objective
#'   can differ and either can be lower; both are local optima, where no
#'   single swap of a medoid lowers the objective),
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
#'   `cutree(hclust(dist(x), "ward.D2"), k)` on data without tied distances
#'   (with ties see [hierarchy()]); centres are the type means and
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
#' * `"categorical"` (the default): unrestricted response probabilities per
#'   class and item, the model of `poLCA::poLCA()` (same log-likelihood,
#'   parameters, AIC and BIC). It is the default because BIC preferred it on
#'   the survey data we measured (`poLCA::election` for k = 3 to 6,
#'   `psych::bfi` for k = 2 to 5); compare both models by their BIC
#'   (`glance()`) when in doubt.
#' * `"ordinal"`: the adjacent-category logit model with item-specific
#'   category intercepts and a class-specific location,
#'   \eqn{\log P(y_j = m | c) / P(y_j = m - 1 | c) = \tau_{jm} + \theta_{cj}}
#'   (the "ordinal" indicator of Latent GOLD; Vermunt and Magidson 2005). It
#'   respects the order of Likert categories: the classes share the shape of
#'   every item's answer distribution and differ in its location, so a higher
#'   class location shifts every answer towards the upper categories. It has
#'   \eqn{K_j - 1 + k - 1} parameters per item instead of \eqn{k (K_j - 1)}.
#'   With two categories it equals the categorical model. Stored in
#'   `ordinal`: `intercepts`, per item the cumulative sums
#'   \eqn{b_{jm} = \tau_{j2} + \dots + \tau_{jm}} (\eqn{b_{j1} = 0}), i.e.
#'   the log-odds \eqn{\log P(y_j = m | 1) / P(y_j = 1 | 1)} of category
#'   \eqn{m} against category 1 in type 1; and `locations`
#'   \eqn{\theta_{cj}} (type 1: 0), so that
#'   \eqn{P(y_j = m | c) \propto \exp(b_{jm} + \theta_{cj} (m - 1))}.
#'
#' Next steps for a latent class typology: [lca_covariates()] (who belongs to
#' a type: one-step latent class regression or the bias-adjusted three-step
#' approach), [lca_distal()] (outcomes by type, BCH), [lca_se()] (standard
#' errors of shares and response probabilities), [lca_blrt()] (the bootstrap
#' likelihood-ratio test of k - 1 against k types) and [scan_k()] with
#' `method = "lca"` (BIC, AIC, adjusted BIC, entropy, smallest class share).
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
#' @param keep_data Keep the item matrix in the fit (`data`)? `FALSE` makes
#'   a fit that does not carry its data (the fit of 10 million rows then
#'   holds the types and row numbers, not the 10 million rows of items, and
#'   [saveRDS()] does not write them): the verbs that need the data
#'   ([profiles()], [stability()], [silhouette_widths()], `augment()`,
#'   `predict()` of a Ward typology or of the fitted rows' distances) then
#'   take it as `data =` and otherwise stop with an error of class
#'   `typfrage_error_no_data`. See `vignette("large-data")`.
#' @param ... Method-specific settings. PAM with Gower's distance:
#'   `item_weights`, one non-negative weight per item. LCA: `lca_model`
#'   (`"categorical"`, the default, or `"ordinal"`), `tol` (convergence
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
#'   * `data`, `rows`, `weights`: the item matrix used (original units;
#'     `NULL` with `keep_data = FALSE`), the rows of `data` it came from, and
#'     the weights;
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
                     max_iter = NULL, keep_data = TRUE, ...) {
  call <- match.call()
  env <- rlang::current_env()
  items <- rlang::enquo(items)
  weights <- rlang::enquo(weights)
  method <- check_choice(method, names(typology_methods()), arg = "method", call = env)
  spec <- typology_methods()[[method]]
  na_action <- check_choice(na_action, call = env)

  dist <- typology_distance(distance, spec, method, call = env)
  distance <- dist$distance
  stored <- dist$stored
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
  check_flag(keep_data, arg = "keep_data", call = env)
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
  new_typology_from_fit(res, prep, settings, call = call, seed = seed_material,
                        keep_data = keep_data)
}

# The distance of typology(): a name of the method's distances (NULL: its
# first), or for PAM a dist object (then distance "stored").
typology_distance <- function(distance, spec, method, call) {
  stored <- NULL
  if (inherits(distance, "dist")) {
    if (!spec$dist_object) {
      abort_input(
        c("{.arg distance} can be a {.cls dist} object only for {.code method = \"pam\"}.",
          i = "k-means works on the items themselves (squared Euclidean distances)."),
        call = call
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
        call = call
      )
    }
  }
  list(distance = distance, stored = stored)
}

# Number of distinct rows, or a lower bound that is at least `enough` (a
# subset is checked first: unique() on a large matrix is slow).
count_distinct_rows <- function(x, enough) {
  head_rows <- min(nrow(x), 200L * enough)
  d <- nrow(unique(x[seq_len(head_rows), , drop = FALSE]))
  if (d >= enough || head_rows == nrow(x)) return(d)
  nrow(unique(x))
}
