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
#' (multisession, a cluster of machines, a batch scheduler); typfrage must be
#' installed on the workers. A long run with `backend = "threads"` can be
#' interrupted (Ctrl-C / Esc) between chunks of replicates.
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
#'   `future` plan; needs the `future.apply` package).
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
  backend <- check_choice(backend, c("threads", "future"), arg = "backend", call = call)
  check_open_unit(level, arg = "level", call = call)
  check_number(dissolution, min = 0, max = 1, arg = "dissolution", call = call)
  check_number(recovery, min = 0, max = 1, arg = "recovery", call = call)
  check_open_unit(jitter, arg = "jitter", call = call)
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
  if (backend == "future") {
    if (!requireNamespace("future.apply", quietly = TRUE)) {
      abort_input(
        c("{.code backend = \"future\"} needs the {.pkg future.apply} package.",
          i = "Install it with {.code install.packages(\"future.apply\")}."),
          call = call
      )
    }
  }
  material <- resolve_seed(seed, call = call)
  B <- as.integer(B)

  if (backend == "threads") {
    blocks <- list(stability_run_block(problem, material, 1L, B, threads, verbose))
  } else {
    workers <- max(1L, as.integer(future::nbrOfWorkers()))
    starts <- stability_blocks(B, workers)
    run_block <- stability_run_block
    blocks <- future.apply::future_lapply(
      seq_len(nrow(starts)),
      function(i) run_block(problem, material, starts$first[i], starts$count[i], threads, FALSE),
      future.seed = NULL, future.packages = "typfrage"
    )
  }
  combined <- stability_combine(blocks)
  new_typology_stability(fit, problem, combined, B = B, resample = resample,
                         level = level, dissolution = dissolution,
                         recovery = recovery, jitter = jitter, seed = material,
                         call = match.call())
}

# One of `choices` (the first when the whole default vector is passed).
check_open_unit <- function(x, arg, call) {
  if (!(is.numeric(x) && length(x) == 1L && !is.na(x) && x > 0 && x < 1)) {
    abort_input(
      c("{.arg {arg}} must be a single number strictly between 0 and 1.",
        x = if (is.numeric(x) && length(x) == 1L) "You supplied {.val {x}}."
            else "You supplied {.obj_type_friendly {x}}."),
      call = call
    )
  }
  invisible(x)
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

# Contiguous blocks of replicates for `workers` workers.
stability_blocks <- function(B, workers) {
  workers <- min(workers, B)
  count <- rep(B %/% workers, workers) + c(rep(1L, B %% workers), rep(0L, workers - B %% workers))
  first <- cumsum(c(1L, count))[seq_len(workers)]
  data.frame(first = as.integer(first), count = as.integer(count))
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


new_typology_stability <- function(fit, problem, res, B, resample, level,
                                   dissolution, recovery, jitter, seed, call) {
  k <- problem$k
  labels <- type_labels(fit)
  probs <- c((1 - level) / 2, 1 - (1 - level) / 2)

  est <- stability_estimates(problem)
  share_est <- est$share
  mean_est <- est$means

  jac <- res$jaccard
  dimnames(jac) <- list(labels, NULL)
  share_int <- cpp_row_percentiles(res$share, probs)
  means_int <- cpp_row_percentiles(res$means, probs)  # rows: type fastest, then item

  types <- new_frame(
    type = seq_len(k),
    name = unname(labels),
    size = as.vector(tabulate(problem$original, k)),
    jaccard = unname(rowMeans(jac)),
    dissolved = unname(rowMeans(jac <= dissolution)),
    recovered = unname(rowMeans(jac >= recovery))
  )
  shares <- new_frame(type = seq_len(k), estimate = share_est,
                      lower = share_int[, 1], upper = share_int[, 2])
  item_frames <- stability_item_frames(problem, mean_est, means_int)
  means <- item_frames$means
  answer_probs <- item_frames$probs
  membership <- res$membership
  dimnames(membership) <- list(NULL, labels)
  in_sample <- res$in_sample
  own <- membership[cbind(seq_along(problem$original), problem$original)]
  observations <- new_frame(
    row = as.integer(fit$rows),
    type = problem$original,
    stability = ifelse(in_sample > 0, own / pmax(in_sample, 1L), NA_real_),
    replicates = as.integer(in_sample)
  )
  attr(membership, "in_sample") <- in_sample
  share_rep <- res$share
  dimnames(share_rep) <- list(labels, NULL)

  structure(
    list(
      types = types, shares = shares, means = means, probs = answer_probs,
      observations = observations,
      jaccard = jac, share_replicates = share_rep, ari = res$ari,
      clusters = res$clusters, membership = membership,
      B = B, resample = resample, level = level, dissolution = dissolution,
      recovery = recovery,
      subsample_size = if (resample == "subsample") problem$subsample_size else NULL,
      jitter = if (resample == "jitter") jitter else NULL,
      method = problem$fit_settings$method, k = k, n = length(problem$original),
      seed = seed, call = call,
      # identifies the fit (its codes, rows and k): steckbrief() checks it
      fit_fingerprint = typology_fingerprint(fit),
      # for the plots: the fit's type names and colours (?type_colours)
      type_names = fit$type_names, type_colours = fit$type_colours
    ),
    class = "typology_stability"
  )
}

# The type means of the items and (LCA) the answer shares, with their
# percentile intervals `int` (rows: type fastest, then item column).
stability_item_frames <- function(problem, est, int) {
  k <- problem$k
  n_answers <- NROW(problem$answers)
  p <- ncol(problem$items) - n_answers
  items <- colnames(problem$items)[seq_len(p)] %||% paste0("V", seq_len(p))
  in_items <- seq_len(k * p)
  means <- new_frame(
    type = rep(seq_len(k), times = p),
    item = rep(items, each = k),
    estimate = as.vector(est[, seq_len(p)]),
    lower = int[in_items, 1], upper = int[in_items, 2]
  )
  answer_probs <- NULL
  if (n_answers > 0L) {
    in_answers <- k * p + seq_len(k * n_answers)
    answer_probs <- new_frame(
      type = rep(seq_len(k), times = n_answers),
      item = rep(problem$answers$item, each = k),
      category = rep(problem$answers$category, each = k),
      estimate = as.vector(est[, p + seq_len(n_answers)]),
      lower = int[in_answers, 1], upper = int[in_answers, 2]
    )
  }
  list(means = means, probs = answer_probs)
}

# Estimates from the original fit: weighted shares, and type means of the
# answered values of every item column (types without members: NA).
stability_estimates <- function(problem) {
  k <- problem$k
  w <- if (length(problem$weights)) problem$weights else rep(1, length(problem$original))
  wt <- type_weights(w, problem$original, k)
  answered <- !is.na(problem$items)
  sums <- rowsum(ifelse(answered, problem$items, 0) * w, problem$original, reorder = FALSE)
  denom <- rowsum(answered * w, problem$original, reorder = FALSE)
  present <- as.integer(rownames(sums))
  means <- matrix(NA_real_, k, ncol(problem$items))
  means[present, ] <- ifelse(denom > 0, sums / denom, NA_real_)
  list(share = wt / sum(w), means = means)
}

stability_verdict <- function(j, lang = "en") {
  key <- ifelse(j >= 0.85, "stab_highly",
                ifelse(j >= 0.75, "stab_stable",
                       ifelse(j >= 0.6, "stab_doubtful", "stab_unstable")))
  out <- vapply(key, function(kk) if (is.na(kk)) NA_character_ else tr(kk, lang), "")
  unname(out)
}

# The name of a resampling scheme in `lang`.
resample_label <- function(resample, lang = "en") tr_or(paste0("resample_", resample), lang, resample)

#' @export
print.typology_stability <- function(x, digits = 2, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("stab_header", lang, x$method, x$k, fmt_int(x$n, lang), x$B,
                   resample_label(x$resample, lang)))
  pct <- function(v) fmt_pct(v, 0, lang)
  tab <- data.frame(
    type = colour_labels(x, lang),
    n = x$types$size,
    share = sprintf("%s (%s-%s)", pct(x$shares$estimate), pct(x$shares$lower),
                    pct(x$shares$upper)),
    jaccard = fmt_num(x$types$jaccard, digits, lang),
    dissolved = pct(x$types$dissolved),
    recovered = pct(x$types$recovered),
    verdict = stability_verdict(x$types$jaccard, lang),
    stringsAsFactors = FALSE
  )
  if (!identical(lang, "de")) tab$type <- x$types$name
  names(tab) <- tr_or(paste0("col_", names(tab)), lang, names(tab))
  names(tab)[3] <- tr("col_share_interval", lang, fmt_pct(x$level, 0, lang))
  print(tab, row.names = FALSE, right = FALSE)
  q <- function(p) stats::quantile(x$ari, p, names = FALSE)
  cli::cat_line(tr("stab_ari", lang, fmt_num(stats::median(x$ari), 2, lang),
                   fmt_num(q(0.025), 2, lang), fmt_num(q(0.975), 2, lang)))
  cli::cat_line(tr("stab_thresholds", lang, chartr(".", if (lang == "de") "," else ".",
                                                   format(x$dissolution)),
                   chartr(".", if (lang == "de") "," else ".", format(x$recovery))))
  invisible(x)
}

#' @export
summary.typology_stability <- function(object, ...) {
  obs <- object$observations$stability
  structure(
    list(
      types = cbind(object$types,
                    share = object$shares$estimate, lower = object$shares$lower,
                    upper = object$shares$upper),
      ari = stats::quantile(object$ari, c(0, 0.025, 0.25, 0.5, 0.75, 0.975, 1)),
      observations = stats::quantile(obs, c(0, 0.1, 0.25, 0.5, 0.75, 1), na.rm = TRUE),
      unstable_cases = sum(obs < 0.5, na.rm = TRUE),
      refits_with_fewer_types = sum(object$clusters < object$k),
      B = object$B, resample = object$resample, method = object$method, k = object$k,
      n = object$n, level = object$level
    ),
    class = "summary.typology_stability"
  )
}

#' @export
print.summary.typology_stability <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("summary_stab_header", lang, x$method, x$k, fmt_int(x$n, lang), x$B,
                   resample_label(x$resample, lang)))
  cli::cat_line()
  tab <- x$types
  num <- vapply(tab, is.numeric, logical(1)) & names(tab) != "type" & names(tab) != "size"
  tab[num] <- lapply(tab[num], round, digits = digits)
  de <- identical(lang, "de")
  if (de) {
    tab[num] <- lapply(tab[num], function(v) fmt_num(v, digits, lang))
    names(tab) <- tr_or(paste0("col_", names(tab)), lang, names(tab))
  }
  print(tab, row.names = FALSE, right = !de || TRUE)
  show <- function(v) {
    if (!de) return(print(round(v, digits)))
    print(noquote(stats::setNames(fmt_num(v, digits, lang), names(v))), right = TRUE)
  }
  cli::cat_line()
  cli::cat_line(tr("summary_stab_ari", lang))
  show(x$ari)
  cli::cat_line()
  cli::cat_line(tr("summary_stab_cases", lang))
  show(x$observations)
  cli::cat_line(tr("summary_stab_unstable", lang, x$unstable_cases))
  if (x$refits_with_fewer_types > 0) {
    cli::cat_line(tr("summary_stab_fewer", lang, x$k, x$refits_with_fewer_types))
  }
  invisible(x)
}

#' Tidy a stability assessment
#'
#' @param x A `typology_stability` object from [stability()].
#' @param what Which table: `"types"` (one row per type: mean Jaccard,
#'   dissolution and recovery rates, share with its interval), `"means"`
#'   (type means of every item with intervals), `"observations"` (per-case
#'   stability) or `"replicates"` (Jaccard of every type in every replicate).
#' @param ... Unused.
#' @return A data frame.
#' @export
#' @examples
#' set.seed(1)
#' x <- rbind(matrix(rnorm(100, 0), 50), matrix(rnorm(100, 4), 50))
#' st <- stability(typology(x, k = 2, nstart = 5, threads = 1), B = 20, threads = 1)
#' tidy(st)
#' head(tidy(st, "replicates"))
tidy.typology_stability <- function(x, what = c("types", "means", "observations", "replicates"),
                                    ...) {
  what <- as_input_error(rlang::arg_match(what))
  switch(
    what,
    types = {
      out <- x$types
      out$share <- x$shares$estimate
      out$share_lower <- x$shares$lower
      out$share_upper <- x$shares$upper
      out
    },
    means = x$means,
    observations = x$observations,
    replicates = data.frame(
      replicate = rep(seq_len(ncol(x$jaccard)), each = nrow(x$jaccard)),
      type = rep(seq_len(nrow(x$jaccard)), times = ncol(x$jaccard)),
      name = rep(rownames(x$jaccard), times = ncol(x$jaccard)),
      jaccard = as.vector(x$jaccard),
      share = as.vector(x$share_replicates),
      stringsAsFactors = FALSE
    )
  )
}
