#' Prediction strength for the number of types
#'
#' Prediction strength (Tibshirani & Walther 2005) asks whether types found in
#' one half of the data predict how the other half clusters. The data are
#' split at random into two halves; both are clustered with \eqn{k} types;
#' every case of one half is assigned to the nearest centre of the other
#' half's fit, and for every type of a half the share of its pairs of cases
#' that the other half's fit also puts together is computed. A half's
#' prediction strength is the smallest of these shares (a type with fewer than
#' two members counts as 1); the value of a split is the mean over its two
#' halves, and the criterion is the mean over `B` splits. The recommended
#' number of types is the largest \eqn{k} whose prediction strength is at
#' least `cutoff` (0.8 to 0.9 in Tibshirani & Walther), or 1 when none is;
#' \eqn{k = 1} is always included (its prediction strength is 1).
#'
#' This is the quantity of `fpc::prediction.strength()` (with
#' `classification = "centroid"`), computed in C++: split \eqn{b} draws its
#' halves and the seeds of its fits from its own random number stream, so the
#' result is reproducible with `seed` and identical for any `threads` and any
#' `backend`. fpc recommends the largest \eqn{k} whose strength exceeds the
#' cutoff strictly; here "reaches" (\eqn{\ge}) is used, which differs only at
#' exact equality. [scan_k()]'s index `"ps"` is this function's computation.
#'
#' Starts: every fit of a half uses `nstart` starts, the same rule as
#' [gap_statistic()] and [scan_k()]: by default the starts of the method in
#' [typology()] (25 for k-means; the Ward methods are deterministic).
#'
#' @inheritParams gap_statistic
#' @param k The numbers of types to compare: distinct whole numbers, at least
#'   1 and at most half the number of observations; `k = 1` is always added.
#' @param method Clustering method of both halves: `"kmeans"`, `"pam"`,
#'   `"ward"` or `"ward_kmeans"` (see [typology()]).
#' @param B Number of random splits into halves (fpc's `M`).
#' @param cutoff Prediction strength a number of types must reach.
#' @param nstart Number of starts of every fit; `NULL` means the method's
#'   default in [typology()].
#' @param backend `"threads"` (this R session, `threads` threads) or
#'   `"future"` (the splits are cut into one block per worker of the current
#'   [future::plan()]; results are identical to `"threads"`, see
#'   [stability()]'s section on scaling out).
#' @return An object of class `typology_ps`: a list with `table` (a data
#'   frame with columns `k`, `ps` (mean over the splits), `sd` (their standard
#'   deviation) and `se` (`sd / sqrt(B)`)), the recommended `k`, `cutoff`,
#'   `replicates` (the B x K matrix of the splits' values), `B`, `method`,
#'   `nstart` and the seed material `seed`. It has `print()`, `autoplot()`,
#'   `plot()` and `tidy()` methods.
#' @seealso [scan_k()], [gap_statistic()].
#' @references Tibshirani, R. and Walther, G. (2005). Cluster validation by
#'   prediction strength. *Journal of Computational and Graphical Statistics*,
#'   14, 511--528.
#' @export
#' @examples
#' ps <- prediction_strength(scale(USArrests), k = 2:4, B = 10, nstart = 5,
#'                           seed = 1, threads = 1)
#' ps
prediction_strength <- function(data, k = 2:8, method = "kmeans", B = 100,
                                cutoff = 0.8, nstart = NULL, max_iter = 100,
                                items = NULL, standardize = FALSE, seed = NULL,
                                threads = NULL, backend = c("threads", "future"),
                                verbose = NULL) {
  call <- rlang::current_env()
  check_resampling_method(method, call)
  check_count(B, min = 2, call = call)
  check_number(cutoff, min = 0, max = 1, call = call)
  nstart <- resampling_nstart(method, nstart, call)
  check_count(max_iter, call = call)
  backend <- check_backend(backend, call)
  prep <- prepare_items(data, items = rlang::enquo(items), standardize = standardize, call = call)
  ks <- check_ks(k, prep$n, add_one = TRUE, call = call)
  check_ps_ks(ks, prep$n, call)
  threads <- resolve_threads(threads, call = call)
  verbose <- resolve_verbose(verbose, call = call)
  material <- resolve_seed(seed, call = call)
  check_magnitude(prep$x, call = call)
  check_replicate_memory(B, 8 * length(ks), arg = "B", call = call)
  spec <- fit_spec(method, nstart, max_iter, max_matrix_bytes = max_dist_bytes() / threads)
  reps <- ps_replicates(prep$x, ks, B, spec, material, threads, verbose, backend)
  new_typology_ps(reps, ks, cutoff, spec, material)
}

# The B x K prediction strengths of the splits 1..B (one implementation:
# prediction_strength() and scan_k()'s "ps").
ps_replicates <- function(x, ks, B, spec, material, threads, verbose, backend) {
  run_blocks(B, ps_block(x, ks, spec, material), bind_block_rows, backend, threads,
             verbose, "Prediction strength")
}

# The block function of run_blocks(): splits [first, first + count).
ps_block <- function(x, ks, spec, material) {
  force(x)
  force(ks)
  force(spec)
  force(material)
  function(first, count, threads, verbose) {
    cpp_prediction_strength(x, ks, count, spec, material, threads, verbose, first)
  }
}

new_typology_ps <- function(reps, ks, cutoff, spec, material) {
  B <- nrow(reps)
  dimnames(reps) <- list(NULL, ks)
  sd <- apply(reps, 2, stats::sd)
  table <- data.frame(k = ks, ps = unname(colMeans(reps)), sd = unname(sd),
                      se = unname(sd / sqrt(B)))
  structure(
    list(table = table, k = ps_recommended_k(table$k, table$ps, cutoff), cutoff = cutoff,
         replicates = reps, B = B, method = spec$method, nstart = spec$nstart,
         seed = material),
    class = "typology_ps"
  )
}

# The largest k whose prediction strength reaches the cutoff (1 when none).
ps_recommended_k <- function(k, ps, cutoff) {
  ok <- k[!is.na(ps) & ps >= cutoff]
  if (length(ok)) max(ok) else 1L
}

# Both halves must hold at least k observations.
check_ps_ks <- function(ks, n, call) {
  if (max(ks) > n %/% 2) {
    abort_input(
      c("Prediction strength needs at least {max(ks)} observations in each half of the data.",
        x = "With {n} observations, the largest {.arg k} can be {n %/% 2}.",
        i = "Scan fewer types (or drop {.val ps} from the indices of {.fn scan_k})."),
      call = call
    )
  }
  invisible(ks)
}

# THE starts rule of the resampling criteria (gap statistic, prediction
# strength, in their own verbs and in scan_k()): the data fits and every refit
# use `nstart`; NULL means the method's default in typology()'s registry.
resampling_nstart <- function(method, nstart, call) {
  if (is.null(nstart)) return(typology_methods()[[method]]$nstart)
  check_count(nstart, call = call)
  check_method_nstart(method, nstart, call)
  as.integer(nstart)
}

#' @export
print.typology_ps <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("ps_header", lang, method_label(x$method, lang), x$B,
                   fmt_num(x$cutoff, 2, lang)))
  tab <- x$table
  num <- c("ps", "sd", "se")
  tab[num] <- lapply(tab[num], function(v) fmt_num(v, digits, lang))
  tab$chosen <- ifelse(tab$k == x$k, "<-", "")
  names(tab) <- col_headings(names(tab), lang)
  print(tab, row.names = FALSE)
  cli::cat_line(tr("ps_recommended", lang, x$k, fmt_num(x$cutoff, 2, lang)))
  invisible(x)
}

#' @export
tidy.typology_ps <- function(x, ...) x$table

#' Plot prediction strength
#'
#' The mean prediction strength against the number of types, with the values
#' of the single splits as faint points, \eqn{\pm 1} standard error bars, the
#' cutoff as a dashed line and the recommended number marked.
#'
#' @param object,x A `typology_ps` object from [prediction_strength()].
#' @param ... Unused by `autoplot()` (an argument it does not know is an
#'   error); passed on to `autoplot()` by `plot()`.
#' @inheritParams typfrage_lang
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' ps <- prediction_strength(scale(USArrests), k = 2:4, B = 10, nstart = 5,
#'                           seed = 1, threads = 1)
#' autoplot(ps)
autoplot.typology_ps <- function(object, ..., lang = NULL) {
  check_plot_dots(...)
  lang <- typfrage_lang(lang)
  tab <- object$table
  tab$chosen <- tab$k == object$k
  splits <- data.frame(k = rep(tab$k, each = object$B), ps = as.vector(object$replicates))
  ggplot2::ggplot(tab, ggplot2::aes(x = .data$k, y = .data$ps)) +
    ggplot2::geom_point(data = splits, alpha = 0.25, colour = "grey55", size = 0.9,
                        position = ggplot2::position_jitter(width = 0.08, height = 0,
                                                            seed = 1)) +
    ggplot2::geom_hline(yintercept = object$cutoff, linetype = "dashed", colour = "grey40") +
    k_curve_layers("ps", tab$k) +
    ggplot2::scale_y_continuous(labels = label_num(lang), limits = c(0, 1)) +
    ggplot2::labs(x = tr("n_types_k", lang), y = tr("ps_y", lang),
                  title = tr("ps_title", lang),
                  subtitle = tr("ps_subtitle", lang, method_label(object$method, lang),
                                object$B, fmt_num(object$cutoff, 2, lang), object$k)) +
    theme_typfrage()
}

#' @rdname autoplot.typology_ps
#' @export
plot.typology_ps <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}
