#' Gap statistic for the number of types
#'
#' The gap statistic (Tibshirani, Walther & Hastie 2001) compares the
#' within-cluster dispersion \eqn{\log W_k} of the data with its expectation
#' under a reference distribution without clusters: uniform data over the box
#' spanned by the data. The number of types is the smallest \eqn{k} whose gap
#' is (nearly) as large as the best one, judged with the simulation standard
#' error. Unlike the other indices it can recommend \eqn{k = 1}: "no types".
#'
#' Everything runs in C++: the \eqn{B} reference sets are drawn, clustered
#' for every \eqn{k} and measured in parallel, reference set \eqn{b} with its
#' own random number stream, so results are reproducible with `seed` and do
#' not depend on `threads`. The quantities are those of
#' [cluster::clusGap()]:
#' \eqn{W_k = \frac12 \sum_r \sum_{i<j \in r} d_{ij}^{\,d} / n_r} with
#' Euclidean distances to the power `d_power`,
#' \eqn{gap(k) = \bar{\log W^*_k} - \log W_k} and
#' \eqn{SE(k) = \sqrt{1 + 1/B}\, sd(\log W^*_k)}.
#'
#' Reference data (`reference`):
#' * `"scaledPCA"` (default, as `clusGap(spaceH0 = "scaledPCA")` and
#'   Tibshirani et al.'s recommendation): uniform over the box of the
#'   principal-component scores, rotated back; it follows the shape of
#'   correlated data.
#' * `"original"`: uniform over the range of every item.
#'
#' Decision rules (`rule`), as in [cluster::maxSE()], with \eqn{f = gap} and
#' \eqn{s = SE \times} `se_factor`:
#' * `"firstSEmax"` (default): the smallest \eqn{k} with
#'   \eqn{f(k) \ge f(K) - s(K)}, where \eqn{K} is the first local maximum.
#' * `"Tibs2001SEmax"`: the smallest \eqn{k} with
#'   \eqn{f(k) \ge f(k+1) - s(k+1)} (Tibshirani et al. 2001).
#' * `"globalSEmax"`: as `firstSEmax` with the global maximum
#'   (Dudoit & Fridlyand 2002).
#' * `"firstmax"`, `"globalmax"`: the first local / the global maximum.
#'
#' Case weights are not used: reference data are unweighted by definition.
#'
#' @inheritParams cluster_indices
#' @param data A data frame or numeric matrix of items.
#' @param k The numbers of types to compare: distinct whole numbers, at least
#'   1; `k = 1` is always added. The decision rules treat them as a sequence.
#' @param method Clustering method used for the data and every reference set:
#'   `"kmeans"`, `"pam"`, `"ward"` or `"ward_kmeans"` (see [typology()]).
#' @param B Number of reference data sets.
#' @param reference Reference distribution: `"scaledPCA"` or `"original"`.
#' @param d_power Power of the Euclidean distances in \eqn{W_k}: 1 (as
#'   `clusGap`'s default) or 2 (squared distances: \eqn{W_k} is half the
#'   within-cluster sum of squares, as in Tibshirani et al.).
#' @param rule Decision rule, see Details.
#' @param se_factor Multiple of the standard error used by the rules.
#' @param nstart Number of starts of every fit, on the data and on every
#'   reference set (k-means, PAM); `NULL` (the default) means the method's
#'   default in [typology()] (25 for k-means, 1 for PAM; the Ward methods are
#'   deterministic and take only 1). The same rule holds for
#'   [prediction_strength()] and for the gap and prediction strength of
#'   [scan_k()].
#' @param max_iter Maximum number of iterations (passes) of every fit.
#' @param seed `NULL` (use R's random number generator, so [set.seed()]
#'   reproduces the result) or a whole number.
#' @param backend `"threads"` (this R session, `threads` threads) or
#'   `"future"`: the reference sets are cut into one contiguous block per
#'   worker of the current [future::plan()] (multisession, a PSOCK cluster,
#'   `future.callr`, a Slurm cluster through `future.batchtools`), every
#'   worker runs the C++ core on its block with `threads` threads, and the
#'   blocks are combined in order, so the result is identical to the last bit
#'   to the threaded run. Needs the `future` package (and typfrage on the
#'   workers); progress through `progressr` when it is installed.
#' @return An object of class `typology_gap`: a list with `table` (a data
#'   frame with columns `k`, `log_w`, `e_log_w`, `gap`, `se`), the
#'   recommended `k`, the `rule`, `se_factor`, `B`, `reference`, `d_power`,
#'   `method` and the seed material `seed`. It has `print()` and
#'   `autoplot()` methods.
#' @seealso [scan_k()], which reports the gap statistic next to the other
#'   indices; [cluster::clusGap()].
#' @references Tibshirani, R., Walther, G. and Hastie, T. (2001). Estimating
#'   the number of clusters in a data set via the gap statistic. *Journal of
#'   the Royal Statistical Society B*, 63, 411--423.
#'
#' Dudoit, S. and Fridlyand, J. (2002). A prediction-based resampling method
#' for estimating the number of clusters in a dataset. *Genome Biology*, 3(7).
#' @export
#' @examples
#' x <- scale(USArrests)
#' g <- gap_statistic(x, k = 1:5, B = 20, seed = 1)
#' g
gap_statistic <- function(data, k = 1:8, method = "kmeans", B = 100,
                          reference = c("scaledPCA", "original"), d_power = 1,
                          rule = "firstSEmax", se_factor = 1, nstart = NULL,
                          max_iter = 100, items = NULL, standardize = FALSE,
                          seed = NULL, threads = NULL, backend = c("threads", "future"),
                          verbose = NULL) {
  call <- rlang::current_env()
  reference <- check_choice(reference, call = call)
  rule <- check_gap_rule(rule, call)
  check_number(se_factor, min = 0, call = call)
  check_count(B, min = 2, call = call)
  check_d_power(d_power, call)
  check_resampling_method(method, call)
  nstart <- resampling_nstart(method, nstart, call)
  check_count(max_iter, call = call)
  backend <- check_backend(backend, call)
  prep <- prepare_items(data, items = rlang::enquo(items), standardize = standardize, call = call)
  ks <- check_ks(k, prep$n, add_one = TRUE, call = call)
  threads <- resolve_threads(threads, call = call)
  verbose <- resolve_verbose(verbose, call = call)
  material <- resolve_seed(seed, call = call)
  check_magnitude(prep$x, call = call)
  check_replicate_memory(B, 2 * 8 * (length(ks) + 1), arg = "B", call = call)
  # refits run `threads` at a time, each within its share of the memory limit
  spec <- fit_spec(method, nstart, max_iter, max_matrix_bytes = max_dist_bytes() / threads)
  parts <- cpp_fit_ks(prep$x, ks, spec, numeric(), material, threads, verbose)
  gap_from_partitions(prep$x, ks, parts, spec, B, reference, d_power, rule,
                      se_factor, seed_offset(material, 1L), threads, verbose, backend)
}

# The gap table for the data partitions `parts` (one per k in ks).
gap_from_partitions <- function(x, ks, parts, spec, B, reference, d_power, rule,
                                se_factor, material, threads, verbose,
                                backend = "threads", references = NULL, keep = FALSE) {
  log_w <- vapply(seq_along(ks), function(j) {
    log(cpp_gap_w(x, parts[[j]], max(1L, ks[j]), d_power))
  }, numeric(1))
  reps <- run_blocks(B, gap_block(x, ks, reference, d_power, spec, material, references,
                                  keep),
                     gap_combine, backend, threads, verbose, "Gap statistic")
  e_log_w <- colMeans(reps$log_w)
  se <- sqrt((1 + 1 / B) * apply(reps$log_w, 2, stats::var))
  table <- data.frame(k = ks, log_w = log_w, e_log_w = e_log_w,
                      gap = e_log_w - log_w, se = se)
  structure(
    list(table = table, k = ks[max_se(table$gap, table$se, rule, se_factor)],
         rule = rule, se_factor = se_factor, B = B, reference = reference,
         d_power = d_power, method = spec$method, seed = material,
         log_w_ref = reps$log_w, partitions = if (keep) reps$partitions),
    class = "typology_gap"
  )
}

# The block function of run_blocks(): reference sets [first, first + count).
gap_block <- function(x, ks, reference, d_power, spec, material, references, keep) {
  force(x)
  force(ks)
  force(reference)
  force(d_power)
  force(spec)
  force(material)
  force(references)
  force(keep)
  function(first, count, threads, verbose) {
    cpp_gap_replicates(x, ks, count, reference, d_power, spec, material, threads,
                       verbose, references, keep, first)
  }
}

gap_combine <- function(blocks) {
  list(log_w = bind_block_rows(lapply(blocks, `[[`, "log_w")),
       partitions = do.call(c, lapply(blocks, `[[`, "partitions")))
}

gap_rules <- c("firstSEmax", "Tibs2001SEmax", "globalSEmax", "firstmax", "globalmax")

# The decision rules of cluster::maxSE(): position of the chosen k in f.
max_se <- function(f, se, rule = "firstSEmax", se_factor = 1) {
  K <- length(f)
  fse <- se_factor * se
  first_local <- function() {
    decr <- diff(f) <= 0
    if (any(decr)) which.max(decr) else K
  }
  within_se_of <- function(nc) {
    mp <- f[seq_len(nc - 1)] >= f[nc] - fse[nc]
    if (any(mp)) which(mp)[1] else nc
  }
  switch(rule,
    firstmax = first_local(),
    globalmax = which.max(f),
    Tibs2001SEmax = {
      mp <- f[-K] >= (f - fse)[-1]
      if (any(mp)) which.max(mp) else K
    },
    firstSEmax = within_se_of(first_local()),
    globalSEmax = within_se_of(which.max(f))
  )
}

check_gap_rule <- function(rule, call) {
  if (!(is.character(rule) && length(rule) == 1L && rule %in% gap_rules)) {
    abort_input(c("{.arg rule} must be one of {.or {.val {gap_rules}}}."), call = call)
  }
  rule
}

check_d_power <- function(d_power, call) {
  if (!(is.numeric(d_power) && length(d_power) == 1L && d_power %in% c(1, 2))) {
    abort_input("{.arg d_power} must be 1 or 2.", call = call)
  }
  invisible(d_power)
}

# The typology() methods the resampling criteria (gap statistic, prediction
# strength) can refit on reference data and split halves: those of the method
# registry (typology_methods()) that the core's fit dispatcher knows and that
# cluster continuous items by Euclidean distance. Latent class models need
# category codes, which uniform reference data do not have.
resampling_methods <- function() {
  registry <- typology_methods()
  ok <- vapply(names(registry), function(m) {
    "euclidean" %in% registry[[m]]$distances && cpp_has_fit_method(m)
  }, logical(1))
  names(registry)[ok]
}

check_resampling_method <- function(method, call) {
  methods <- resampling_methods()
  if (!(is.character(method) && length(method) == 1L && !is.na(method) &&
        method %in% methods)) {
    abort_input(
      c("{.arg method} must be a clustering method the resampling criteria can refit.",
        x = if (is.character(method) && length(method) == 1L)
          "You supplied {.val {method}}." else "You supplied {.obj_type_friendly {method}}.",
        i = "Use {.or {.val {methods}}}."),
      call = call
    )
  }
  method
}

# Sorted distinct whole numbers in [1, n - 1] (1 added when asked).
check_ks <- function(k, n, add_one = FALSE, min = 1L, arg = "k", call) {
  ok <- is.numeric(k) && length(k) >= 1L && !anyNA(k) && all(is.finite(k)) &&
    all(k == trunc(k))
  if (!ok) {
    abort_input(
      c("{.arg {arg}} must be a vector of whole numbers of types.",
        x = "You supplied {.obj_type_friendly {k}}."),
      call = call
    )
  }
  bad <- k[k < min | k >= n]
  if (length(bad)) {
    abort_input(
      c("{.arg {arg}} must lie between {min} and {n - 1} (the number of observations minus 1).",
        x = "Not possible: {.val {bad}}."),
      call = call
    )
  }
  ks <- sort(unique(as.integer(k)))
  if (add_one) ks <- sort(unique(c(1L, ks)))
  ks
}

# A second, independent stream of seed material derived from the first.
seed_offset <- function(material, offset) {
  as.integer(c(material[1], bitwXor(material[2], as.integer(offset) * 0x1F3D5B79L)))
}

#' @export
print.typology_gap <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("gap_header", lang, method_label(x$method, lang), x$B,
                   tr_or(paste0("gap_ref_", x$reference), lang, x$reference), x$rule))
  tab <- x$table
  num <- c("log_w", "e_log_w", "gap", "se")
  tab[num] <- lapply(tab[num], function(v) fmt_num(v, digits, lang))
  tab$chosen <- ifelse(tab$k == x$k, "<-", "")
  names(tab) <- col_headings(names(tab), lang)
  print(tab, row.names = FALSE)
  cli::cat_line(tr("gap_recommended", lang, x$k))
  invisible(x)
}

#' Plot the gap statistic
#'
#' The gap against the number of types with \eqn{\pm 1} standard error bars;
#' the recommended number is marked.
#'
#' @param object,x A `typology_gap` object from [gap_statistic()].
#' @param ... Unused by `autoplot()` (an argument it does not know is an
#'   error); passed on to `autoplot()` by `plot()`.
#' @inheritParams typfrage_lang
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' g <- gap_statistic(scale(USArrests), k = 1:4, B = 10, seed = 1)
#' autoplot(g)
autoplot.typology_gap <- function(object, ..., lang = NULL) {
  check_plot_dots(...)
  lang <- typfrage_lang(lang)
  tab <- object$table
  tab$chosen <- tab$k == object$k
  ggplot2::ggplot(tab, ggplot2::aes(x = .data$k, y = .data$gap)) +
    k_curve_layers("gap", tab$k) +
    ggplot2::scale_y_continuous(labels = label_num(lang)) +
    ggplot2::labs(x = tr("n_types_k", lang), y = tr("gap_y", lang),
                  title = tr("gap_title", lang),
                  subtitle = tr("gap_subtitle", lang, object$method, object$B, object$rule,
                                object$k)) +
    theme_typfrage()
}

# The curve of a criterion against k (gap statistic, prediction strength):
# +-1 SE bars, line, the recommended k marked (column `chosen`).
k_curve_layers <- function(y, ks) {
  list(
    ggplot2::geom_errorbar(ggplot2::aes(ymin = .data[[y]] - .data$se,
                                        ymax = .data[[y]] + .data$se), width = 0.15),
    ggplot2::geom_line(),
    ggplot2::geom_point(ggplot2::aes(colour = .data$chosen, size = .data$chosen),
                        show.legend = FALSE),
    ggplot2::scale_colour_manual(values = c(`FALSE` = "grey20", `TRUE` = mark_colour)),
    ggplot2::scale_size_manual(values = c(`FALSE` = 1.8, `TRUE` = 3.2)),
    ggplot2::scale_x_continuous(breaks = ks)
  )
}

#' @rdname autoplot.typology_gap
#' @export
plot.typology_gap <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}
