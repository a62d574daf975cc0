#' Stability of a typology under resampling
#'
#' Refits the typology's method, with the same settings, on `B` resampled
#' versions of the data and asks, for every type, whether it comes back. The
#' replicates run in the C++ core, in parallel, and can be spread over the
#' workers of a [future][future::plan] plan.
#'
#' @section What is measured:
#' * **Clusterwise Jaccard** (Hennig 2007), exactly as `fpc::clusterboot()`'s
#'   `bootmean`: in every replicate, each original type is compared with every
#'   cluster of the refit on the observations the replicate contains; the
#'   similarity with its best match is the largest Jaccard coefficient
#'   \eqn{|A \cap B| / |A \cup B|} (0 when the type has no member in the
#'   replicate). A type is *dissolved* in a replicate when this is at most
#'   `dissolution` (0.5) and *recovered* when it is at least `recovery`
#'   (0.75); fpc counts recovery as strictly greater than 0.75, which differs
#'   only for a Jaccard of exactly 0.75. Hennig suggests that types with a mean Jaccard below 0.6 should
#'   not be trusted, and above 0.75 to 0.85 are stable.
#' * **Adjusted Rand index** between the original and the refitted partition
#'   on the observations of each replicate.
#' * **Percentile intervals** (level `level`) for each type's share of the
#'   sample and its mean on every item. Labels are matched between the
#'   original and every refit with the Hungarian algorithm (the largest total
#'   overlap, see [match_labels()]), so "type 2" means the same type in every
#'   replicate.
#' * **Per-observation stability**: the share of the replicates containing a
#'   case in which it lands in (the match of) its original type. The counts
#'   behind it take \eqn{O(n k)} memory whatever `B` is.
#'
#' @section Resampling schemes:
#' * `"bootstrap"` (default, as `fpc::clusterboot(bootmethod = "boot")`): `n`
#'   rows are drawn with replacement; the method is refitted on the distinct
#'   rows drawn (duplicates are dropped for the fit, as fpc does by default,
#'   because repeated rows can form spurious clusters) and the Jaccard
#'   coefficients are computed on those distinct rows. Shares and item means
#'   count each row as often as it was drawn.
#' * `"subsample"`: `subsample_size` rows (default half the sample) are drawn
#'   without replacement (fpc's `"subset"`). With half-samples the percentile
#'   intervals have about the width of bootstrap intervals.
#' * `"jitter"`: every row, with normal noise added (fpc's `"jitter"`): in
#'   the principal-component coordinates of the data the clustering sees,
#'   the noise SD of component j is the `jitter` quantile of the positive
#'   gaps between its sorted values. The intervals then reflect only the
#'   instability of the partition, not sampling error.
#'
#' @section Latent class typologies:
#' A typology of `method = "lca"` is refitted with its own model, number of
#' starts, iterations and tolerance on every resample; its types are the
#' modal classes (every case in the class of its largest posterior
#' probability), in the original fit and in every refit, and Jaccard, ARI,
#' shares and per-observation stability are computed on them as for any other
#' method. `means` are the class means of the item codes, and `probs` holds
#' the item-response probabilities: for every class, item and answer
#' category the share of the class's members who gave that answer (among
#' those who answered the item), with its percentile interval. Both are
#' computed from the modal classes, so they differ from the model's own
#' estimates (`fit$probs`, as `poLCA`'s `probs`) by the classification
#' error, which is small when the entropy is high. `resample = "jitter"`
#' needs numeric items and is refused.
#'
#' @section Weights:
#' With survey weights, rows are drawn with equal probability and keep their
#' weights: a bootstrap row drawn m times has the frequency weight
#' \eqn{m w_i} in the shares and item means, which are the Rao-Wu bootstrap
#' replicate weights of a with-replacement sample (up to a constant factor);
#' the refit uses the distinct rows with their case weights. Jaccard
#' coefficients and the ARI count observations, unweighted, as fpc does.
#'
#' @section Reproducibility and scaling out:
#' Replicate b always draws its rows, its noise and the seeds of its refit
#' from its own random number engine, built from the seed material and b. The
#' result is therefore identical, to the last bit, for any `threads` and for
#' any `future` plan. With `backend = "future"`, the replicates are split into
#' as many contiguous blocks as the plan has workers ([future::nbrOfWorkers()]),
#' each worker runs the C++ core on its block with `threads` threads, and the
#' blocks are combined in order. Any backend of the `future` ecosystem works
#' (multisession, callr through `future.callr`, a PSOCK cluster of machines,
#' a Slurm/SGE/PBS scheduler through `future.batchtools`, with the template
#' `system.file("batchtools", "slurm.tmpl", package = "typfrage")`); typfrage
#' must be installed on the workers. A plan without a limit on its workers
#' gets `getOption("typfrage.future_blocks", 100)` blocks. Progress is
#' reported as blocks come back, through `progressr` when it is installed
#' (with the user's [progressr::handlers()]), else with a `cli` bar. The same
#' block runner serves [gap_statistic()], [prediction_strength()] and
#' [scan_k()]. A long run with `backend = "threads"` can be interrupted
#' (Ctrl-C / Esc) between chunks of replicates.
#'
#' @param fit A [typology()] fit of any method on data (not on a `dist`
#'   object), or an [as_typology()] partition with a method to refit.
#' @param B Number of replicates, a whole number of at least 2.
#' @param resample Resampling scheme: `"bootstrap"`, `"subsample"` or
#'   `"jitter"`. See the section below.
#' @param level Confidence level of the percentile intervals.
#' @param dissolution,recovery Jaccard thresholds: a type is dissolved in a
#'   replicate when its best Jaccard is at most `dissolution`, recovered when
#'   it is at least `recovery`.
#' @param subsample_size Rows per replicate for `resample = "subsample"`;
#'   default `floor(n / 2)`.
#' @param jitter Quantile of the gaps that sets the jitter noise (fpc's
#'   `jittertuning`), in (0, 1).
#' @param seed `NULL` (use R's random number generator, so [set.seed()]
#'   reproduces the result) or a whole number.
#' @param threads Number of threads, see [typfrage_threads()].
#' @param backend `"threads"` (this R session, `threads` threads) or
#'   `"future"` (split the replicates over the workers of the current
#'   `future` plan; needs the `future` package).
#' @param verbose Show a progress bar? Default: `getOption("typfrage.verbose")`,
#'   else `TRUE` in interactive sessions.
#' @return An object of class `typology_stability`, a list with
#'   * `types`: a data frame with one row per type: `type`, `name`, `size`,
#'     `jaccard` (mean Jaccard), `dissolved` and `recovered` (shares of the
#'     replicates);
#'   * `shares`: a data frame with `type`, `estimate` (the type's weighted
#'     share of the sample), `lower`, `upper` (percentile interval), as
#'     proportions;
#'   * `means`: a data frame with `type`, `item`, `estimate` (weighted type
#'     mean in the items' original units), `lower`, `upper`;
#'   * `probs` (latent class typologies only, else `NULL`): a data frame with
#'     `type`, `item`, `category`, `estimate` (the weighted share of the
#'     type's members who gave that answer), `lower`, `upper`;
#'   * `observations`: a data frame with `row` (row of the user's data), `type`,
#'     `stability` (share of the replicates containing the case in which it
#'     lands in its type) and `replicates` (how many replicates contained it);
#'   * `jaccard` (k x B), `share_replicates` (k x B), `ari` (length B),
#'     `clusters` (clusters found by each refit), `membership` (n x k counts
#'     of the matched type of every case, with attribute `in_sample`);
#'   * the settings `B`, `resample`, `level`, `dissolution`, `recovery`,
#'     `subsample_size`, `jitter`, `method`, `k`, `seed` and the `call`.
#'
#'   Methods: `print()`, `summary()`, [generics::tidy()], `autoplot()` and
#'   `plot()`.
#' @references
#' Hennig, C. (2007). Cluster-wise assessment of cluster stability.
#' *Computational Statistics & Data Analysis*, 52, 258--271.
#'
#' Rao, J. N. K. and Wu, C. F. J. (1988). Resampling inference with complex
#' survey data. *Journal of the American Statistical Association*, 83,
#' 231--241.
#' @importFrom rlang %||%
#' @export
#' @examples
#' set.seed(1)
#' x <- rbind(matrix(rnorm(100, 0), 50), matrix(rnorm(100, 4), 50))
#' fit <- typology(x, k = 2, nstart = 5, threads = 1)
#' st <- stability(fit, B = 20, threads = 1)
#' st
#' st$shares
stability <- function(fit, B = 200, resample = c("bootstrap", "subsample", "jitter"),
                      level = 0.95, dissolution = 0.5, recovery = 0.75,
                      subsample_size = NULL, jitter = 0.05, seed = NULL,
                      threads = NULL, backend = c("threads", "future"),
                      verbose = NULL) {
  call <- rlang::current_env()
  check_stability_fit(fit, call = call)
  check_count(B, min = 2, arg = "B", call = call)
  resample <- check_choice(resample, c("bootstrap", "subsample", "jitter"),
                           arg = "resample", call = call)
  backend <- check_backend(backend, call)
  check_number(level, min = 0, max = 1, open = TRUE, arg = "level", call = call)
  check_number(dissolution, min = 0, max = 1, arg = "dissolution", call = call)
  check_number(recovery, min = 0, max = 1, arg = "recovery", call = call)
  check_number(jitter, min = 0, max = 1, open = TRUE, arg = "jitter", call = call)
  threads <- resolve_threads(threads, call = call)
  verbose <- resolve_verbose(verbose, call = call)

  problem <- stability_problem(fit, resample, subsample_size, jitter, call = call)
  # Per replicate: Jaccard, shares and item means per type, the ARI and the
  # cluster count (in C++ and again in R).
  k <- as.double(fit$k)
  check_replicate_memory(B, 2 * 8 * (2 * k + k * ncol(problem$items) + 2), arg = "B",
                         call = call)
  # Refits run `threads` at a time: each may store a matrix within its share
  # of the memory limit (?check_dist_memory), else it uses the memory-light
  # or on-the-fly algorithm.
  problem$fit_settings$max_matrix_bytes <- max_dist_bytes() / threads
  material <- resolve_seed(seed, call = call)
  combined <- run_blocks(B, stability_block(problem, material), stability_combine, backend,
                         threads, verbose, "Stability")
  new_typology_stability(fit, problem, combined, B = as.integer(B), resample = resample,
                         level = level, dissolution = dissolution,
                         recovery = recovery, jitter = jitter, seed = material,
                         call = match.call())
}

check_stability_fit <- function(fit, call) {
  check_typology(fit, call = call)
  method <- refit_method(fit)  # as_typology(): the refit method, or NULL
  if (is.null(method)) abort_external_refit(call)
  if (identical(fit$method, "external") && identical(method, "lca")) {
    abort_input(
      c("{.fn stability} cannot refit a partition made elsewhere as latent classes.",
        i = "Fit the model with {.code typology(data, k, method = \"lca\")} and assess that fit, or name a distance-based method in {.fn as_typology}."),
      call = call
    )
  }
  if (!(method %in% refit_methods())) {
    abort_input(
      c("{.fn stability} cannot refit typologies of method {.val {method}}.",
        i = "Supported methods: {.val {refit_methods()}}."),
      call = call
    )
  }
  if (is.null(fit$data) && !identical(fit$settings$distance, "stored")) {
    abort_typfrage(
      c("{.fn stability} refits the typology on resamples of its data, and this typology does not carry them (it was fitted with {.code keep_data = FALSE}).",
        i = "Refit it with {.code keep_data = TRUE} to assess its stability."),
      kind = "no_data", call = call
    )
  }
  if (is.null(fit$data) || !is.matrix(fit$data) || nrow(fit$data) < 1L ||
      identical(fit$settings$distance, "stored")) {
    abort_input(
      c("{.arg fit} does not hold its data, so it cannot be refitted.",
        i = "Fit the typology with a named distance (not a {.cls dist} object) to assess its stability."),
      call = call
    )
  }
  invisible(fit)
}

# The inputs of every replicate block, in the form the glue takes.
stability_problem <- function(fit, resample, subsample_size, jitter, call) {
  raw <- fit$data
  storage.mode(raw) <- "double"
  n <- nrow(raw)
  st <- fit$settings
  x <- standardize_items(raw, st)
  storage.mode(x) <- "double"
  k <- as.integer(fit$k)
  original <- as.integer(fit$cluster[fit$rows])
  if (n < 2L * k) {
    abort_input(
      c("Too few observations to resample a typology of {k} types.",
        x = "It has {n} observations; at least {2 * k} are needed."),
      call = call
    )
  }
  if (is.null(subsample_size)) {
    subsample_size <- n %/% 2L
  } else {
    check_count(subsample_size, min = k, max = n - 1L, arg = "subsample_size", call = call)
  }
  loading <- matrix(0, 0, 0)
  lca <- identical(refit_method(fit), "lca")
  if (resample == "jitter") {
    if (identical(st$distance, "gower") || lca) {
      abort_input(
        c("{.code resample = \"jitter\"} needs numeric items.",
          i = "Use {.code resample = \"bootstrap\"} for a typology with {if (lca) \"latent classes\" else \"Gower distances\"}."),
        call = call
      )
    }
    loading <- jitter_loading(x, jitter)
  }
  # LCA: the answer shares of every class come out as the type means of the
  # answers' indicator columns (NA where the item is unanswered)
  answers <- if (lca) answer_indicators(raw, st$ncat) else NULL
  list(
    x = x, items = cbind(raw, answers$x), answers = answers$columns,
    loading = loading, original = original, k = k,
    weights = if (is.null(fit$weights)) numeric(0) else as.double(fit$weights),
    resample = resample, subsample_size = as.integer(subsample_size),
    fit_settings = stability_fit_settings(fit)
  )
}

# fpc::clusterboot's jitter: noise on the principal components of the data
# with SD equal to the `q` quantile of the positive gaps between sorted values;
# returned as the p x p loading L (noise row = z %*% L, z standard normal).
jitter_loading <- function(x, q) {
  e <- eigen(stats::cov(x), symmetric = TRUE)
  rot <- x %*% e$vectors
  sd <- apply(rot, 2, function(v) {
    d <- diff(sort(v))
    d <- d[d > 0]
    if (length(d)) stats::quantile(d, q, names = FALSE) else 0
  })
  diag(sd, nrow = length(sd)) %*% t(e$vectors)
}

# The method settings the refit needs (same as the original fit).
stability_fit_settings <- function(fit) {
  c(refit_spec(fit), list(k = as.integer(fit$k)))
}

# One 0/1 column per answer category of every item (codes 1..ncat[j]; NA
# where the item is unanswered) and a frame naming them (item, category).
answer_indicators <- function(codes, ncat) {
  items <- colnames(codes) %||% paste0("V", seq_len(ncol(codes)))
  cols <- lapply(seq_len(ncol(codes)), function(j) {
    m <- outer(codes[, j], seq_len(ncat[[j]]), `==`) * 1
    m[is.na(codes[, j]), ] <- NA_real_
    m
  })
  list(x = do.call(cbind, cols),
       columns = data.frame(item = rep(items, times = ncat),
                            category = unlist(lapply(ncat, seq_len)),
                            stringsAsFactors = FALSE))
}

# The block function of run_blocks() (R/backend.R).
stability_block <- function(problem, material) {
  force(problem)
  force(material)
  function(first, count, threads, verbose) {
    stability_run_block(problem, material, first, count, threads, verbose)
  }
}

# Runs replicates first .. first + count - 1 (1-based) in C++.
stability_run_block <- function(problem, material, first, count, threads, verbose,
                                fail_at = -1L) {
  s <- problem$fit_settings
  cpp_stability_block(
    problem$x, problem$items, problem$loading, problem$original, problem$k,
    problem$weights, problem$resample, problem$subsample_size,
    s, s$k, material, as.integer(first),
    as.integer(count), as.integer(threads), verbose, as.integer(fail_at)
  )
}

# Blocks in replicate order; per-replicate columns bound, counts summed
# (integers: exact, so the result does not depend on the blocks).
stability_combine <- function(blocks) {
  firsts <- vapply(blocks, function(b) b$first, numeric(1))
  blocks <- blocks[order(firsts)]
  membership <- Reduce(`+`, lapply(blocks, function(b) b$membership))
  in_sample <- Reduce(`+`, lapply(blocks, function(b) b$in_sample))
  list(
    jaccard = do.call(cbind, lapply(blocks, function(b) b$jaccard)),
    share = do.call(cbind, lapply(blocks, function(b) b$share)),
    means = do.call(cbind, lapply(blocks, function(b) b$means)),
    ari = unlist(lapply(blocks, function(b) b$ari)),
    clusters = unlist(lapply(blocks, function(b) b$clusters)),
    membership = membership,
    in_sample = in_sample
  )
}
