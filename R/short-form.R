#' A short typing questionnaire: the fewest items that reproduce a typology
#'
#' Market research calls it a *typing tool*: a few questions that assign a
#' new respondent to the right segment. `short_form()` chooses items of a
#' typology by greedy forward selection: starting from none, it adds the item
#' whose addition best reproduces the typology's own assignment of the fitted
#' rows, until the cross-validated agreement reaches `target` (or `max_items`
#' items are chosen).
#'
#' @section The reduced assignment:
#' The short form assigns with [predict()]'s rule on the chosen items only:
#' * k-means and Ward + k-means: the nearest type centre on the chosen items
#'   (the fit's standardisation, squared Euclidean distance and tie order);
#' * k-medoids (PAM): the nearest medoid with the fit's distance;
#' * Ward: the type of the nearest fitted row;
#' * latent class analysis: the most probable type given the chosen items
#'   (the items left out drop out of the likelihood, as unanswered items do
#'   in `predict()`).
#'
#' @section Cross-validation:
#' The rows are split into `folds` folds at random (by R's random number
#' generator: `set.seed()` or `seed` reproduces the split). For every fold
#' the whole selection is run on the other folds (for k-means and Ward +
#' k-means the type centres are the type means of those rows; Ward assigns to
#' their nearest row; medoids and latent class parameters are the fit's) and
#' the 1, 2, ... items it chose are judged on the held-out fold. `accuracy` is
#' the mean over the folds of the (weighted) share of held-out rows that get
#' the type of the full typology, with a `level` t-interval over the folds;
#' `ari` the same for the adjusted Rand index. The short form keeps the first
#' `n_items` items of the selection on all rows, where `n_items` is the
#' smallest number whose cross-validated accuracy reaches `target`. So its
#' accuracy is judged on rows the selection did not see.
#'
#' @param fit A `typology` from [typology()] (not a partition made elsewhere).
#' @param max_items The most items to choose: `NULL` (the default) allows
#'   every item and stops at the fewest that reach `target`; a number chooses
#'   at most that many (the best set of that size when `target` is not
#'   reached earlier).
#' @param target The agreement with the full typology to reach, as a share
#'   (default 0.9: 90 % of held-out rows get the same type).
#' @param folds Number of cross-validation folds (2 to the number of rows).
#' @param level Confidence level of the intervals over the folds.
#' @param labels Item labels for the print and plot: a codebook as in
#'   [profiles()]; `NULL` uses the variable labels of the data.
#' @param seed `NULL` (the default: the current state of R's random number
#'   generator) or a number for the random split into folds.
#' @param verbose Show a progress bar; `NULL` uses the option
#'   `typfrage.verbose`.
#' @param backend `"threads"` (the folds in this R session) or `"future"`
#'   (the folds split into one block per worker of the current
#'   [future::plan()]); the folds use no random numbers, so the result is
#'   identical for every backend. Needs the \pkg{future} package.
#' @param ... `short_form()`, `autoplot()`: an error if given; `print()`: unused;
#'   `predict()`: passed on to [predict.typology()].
#' @return An object of class `typology_short_form`: `items` (the chosen
#'   items, in the order chosen), `n_items`, `target`, `reached` (whether the
#'   cross-validated accuracy reached `target`), `path` (the order in which
#'   all rows' selection adds the items), `curve` (a data frame, one row per
#'   number of items: `n_items`, `item` (the item added), `label`,
#'   `accuracy_fit` (agreement on all rows with the items of `path`),
#'   `accuracy`, `accuracy_lower`, `accuracy_upper`, `ari`, `ari_lower`,
#'   `ari_upper` (cross-validated), and one column `recall_<t>` per type (the
#'   share of its held-out rows the short form gives the type)),
#'   `classifier` (the typology on the chosen items that `predict()` uses),
#'   `fitted` (the short form's type of every row of the fit's data), `fit`
#'   (the full typology), `folds`, `level`, `labels` (of all items).
#' @seealso [self_assessment()] turns a short form into a questionnaire page.
#' @export
#' @examples
#' fit <- typology(kommunen, k = 4, items = kommunen_items$variable,
#'                 seed = 1, nstart = 5, threads = 1)
#' sf <- short_form(fit, seed = 1, folds = 5)
#' sf
#' predict(sf, kommunen[1:5, ])
short_form <- function(fit, max_items = NULL, target = 0.9, folds = 10L, level = 0.95,
                       labels = NULL, seed = NULL, verbose = NULL,
                       backend = c("threads", "future"), ...) {
  check_typology(fit, ...)
  call <- rlang::current_env()
  if (identical(fit$method, "external")) abort_external_predict(call)
  p <- length(fit$settings$items)
  n <- length(fit$rows)
  if (is.null(max_items)) max_items <- p
  check_count(max_items, min = 1, max = p, arg = "max_items", call = call)
  check_number(target, min = 0, max = 1, arg = "target", call = call)
  check_count(folds, min = 2, max = n, arg = "folds", call = call)
  check_number(level, min = 0, max = 1, arg = "level", call = call)
  verbose <- resolve_verbose(verbose, call = call)
  backend <- check_backend(backend, call)
  labels <- resolve_labels(labels, fit$settings$items, call = call,
                           defaults = fit$settings$labels)
  if (!is.null(seed)) {
    check_number(seed, arg = "seed", call = call)
    old <- if (exists(".Random.seed", globalenv())) get(".Random.seed", globalenv()) else NULL
    on.exit(if (is.null(old)) rm(".Random.seed", envir = globalenv())
            else assign(".Random.seed", old, envir = globalenv()), add = TRUE)
    set.seed(seed)
  }
  fold <- sample(rep_len(seq_len(folds), n))
  d <- sf_data(fit)
  m <- as.integer(max_items)
  all_rows <- seq_len(n)

  path <- sf_greedy(fit, d, all_rows, m, centres_from = NULL)
  acc_fit <- vapply(seq_len(m), function(j) {
    sf_score(d, all_rows, sf_assign(fit, d, path[seq_len(j)], all_rows, NULL))$accuracy
  }, double(1))
  # the folds through the block runner (R/backend.R): a fold uses no random
  # numbers, so every backend gives the same folds in the same order
  cv <- run_blocks(folds, sf_fold_block(fit, d, fold, m), function(blocks) do.call(c, blocks),
                   backend = backend, verbose = verbose, label = "Short form")
  curve <- sf_curve(fit, path, acc_fit, cv, level, labels)
  ok <- which(curve$accuracy >= target)
  reached <- length(ok) > 0L
  n_items <- if (reached) min(ok) else m
  items <- path[seq_len(n_items)]
  classifier <- sub_typology(fit, items)
  fitted <- rep(NA_integer_, length(fit$cluster))
  fitted[fit$rows] <- sf_assign(fit, d, items, all_rows, NULL)
  structure(
    list(items = items, n_items = n_items, target = target, reached = reached,
         path = path, curve = curve, classifier = classifier, fitted = fitted,
         fit = fit, folds = as.integer(folds), level = level, labels = labels),
    class = "typology_short_form"
  )
}

# The block function of run_blocks(): folds first..first + count - 1, each
# the selection on the other folds judged on the fold (a list per fold of
# sf_score() results for 1..m items).
sf_fold_block <- function(fit, d, fold, m) {
  force(fit); force(d); force(fold); force(m)
  function(first, count, threads, verbose) {
    folds <- seq.int(first, length.out = count)
    bar <- if (verbose) cli::cli_progress_bar("Short form", total = count)
    lapply(folds, function(f) {
      train <- which(fold != f)
      test <- which(fold == f)
      fpath <- sf_greedy(fit, d, train, m, centres_from = train)
      out <- lapply(seq_len(m), function(j) {
        sf_score(d, test, sf_assign(fit, d, fpath[seq_len(j)], test, train), k = fit$k)
      })
      if (verbose) cli::cli_progress_update(id = bar)
      out
    })
  }
}

# The fitted rows as the reduced assignment sees them: the fitted scale
# (centre methods) or the codes (latent classes), with NaN for missing; the
# full typology's types (`ref`) and the weights.
sf_data <- function(fit) {
  x <- if (identical(fit$method, "lca")) fit$data else fitted_scale(fit)
  storage.mode(x) <- "double"
  x[is.na(x)] <- NaN
  list(x = x, ref = fit$cluster[fit$rows],
       w = if (is.null(fit$weights)) rep(1, length(fit$rows)) else fit$weights)
}

# Greedy forward selection of up to `m` items on the rows `rows`: each step
# adds the item giving the highest (weighted) agreement with the full
# typology, ties to the higher ARI, then to the item that comes first.
sf_greedy <- function(fit, d, rows, m, centres_from) {
  chosen <- character()
  items <- fit$settings$items
  for (step in seq_len(m)) {
    cand <- setdiff(items, chosen)
    sc <- vapply(cand, function(j) {
      s <- sf_score(d, rows, sf_assign(fit, d, c(chosen, j), rows, centres_from))
      c(s$accuracy, s$ari)
    }, double(2))
    best <- order(-sc[1, ], -sc[2, ], match(cand, items))[1]
    chosen <- c(chosen, cand[best])
  }
  chosen
}

# Types of the fitted rows `rows` from the items `items` by predict()'s rule
# (assign_types() / the latent class posterior of the typology restricted to
# the items). `centres_from`: rows whose type means are the centres (k-means,
# Ward + k-means) or whose nearest member decides (Ward); NULL: the fit's.
sf_assign <- function(fit, d, items, rows, centres_from) {
  sub <- sub_typology(fit, items)
  x <- d$x[rows, items, drop = FALSE]
  if (identical(fit$method, "lca")) {
    return(lca_modal_type(lca_posterior_new(lca_parameters(sub), x)))
  }
  if (!is.null(centres_from)) sub <- sf_refit_centres(sub, d, items, centres_from)
  assign_types(sub, x, "class", available = TRUE)
}

# The centres (k-means, Ward + k-means) or the fitted rows (Ward) of the
# training rows `train` only.
sf_refit_centres <- function(sub, d, items, train) {
  ref <- d$ref[train]
  if (sub$method %in% c("kmeans", "ward_kmeans")) {
    proto <- sub$settings$prototypes
    for (t in seq_len(sub$k)) {
      r <- train[ref == t]
      if (!length(r)) next
      xt <- d$x[r, items, drop = FALSE]
      w <- d$w[r]
      proto[t, ] <- vapply(seq_along(items), function(j) {
        ok <- !is.na(xt[, j])
        if (any(ok)) sum(w[ok] * xt[ok, j]) / sum(w[ok]) else proto[t, j]
      }, double(1))
    }
    sub$settings$prototypes <- proto
  } else if (identical(sub$method, "ward")) {
    sub$data <- sub$data[train, , drop = FALSE]
    sub$cluster <- ref
    sub$rows <- seq_along(train)
  }
  sub
}

# Weighted agreement (accuracy), ARI and per-type recall of `pred` with the
# full typology on the rows `rows`; a row without a type counts as wrong.
sf_score <- function(d, rows, pred, k = NULL) {
  ref <- d$ref[rows]
  w <- d$w[rows]
  hit <- !is.na(pred) & pred == ref
  pred0 <- ifelse(is.na(pred), 0L, pred)
  la <- as_labels(pred0)
  lb <- as_labels(ref)
  ari <- cpp_agreement(la$codes, la$k, lb$codes, lb$k)$ari
  out <- list(accuracy = sum(w * hit) / sum(w), ari = ari)
  if (!is.null(k)) {
    out$hits <- vapply(seq_len(k), function(t) sum(w[hit & ref == t]), double(1))
    out$totals <- vapply(seq_len(k), function(t) sum(w[ref == t]), double(1))
  }
  out
}

# The table of agreement against the number of items.
sf_curve <- function(fit, path, acc_fit, cv, level, labels) {
  m <- length(path)
  V <- length(cv)
  q <- stats::qt(1 - (1 - level) / 2, df = V - 1)
  band <- function(v) {
    mu <- mean(v)
    h <- q * stats::sd(v) / sqrt(V)
    c(mu, max(-1, mu - h), min(1, mu + h))
  }
  labels <- labels[path]
  rows <- lapply(seq_len(m), function(j) {
    acc <- band(vapply(cv, function(f) f[[j]]$accuracy, double(1)))
    ari <- band(vapply(cv, function(f) f[[j]]$ari, double(1)))
    hits <- Reduce(`+`, lapply(cv, function(f) f[[j]]$hits))
    totals <- Reduce(`+`, lapply(cv, function(f) f[[j]]$totals))
    recall <- as.list(stats::setNames(hits / totals, paste0("recall_", seq_len(fit$k))))
    data.frame(n_items = j, item = path[j], label = unname(labels[j]),
               accuracy_fit = acc_fit[j], accuracy = acc[1],
               accuracy_lower = max(0, acc[2]), accuracy_upper = acc[3],
               ari = ari[1], ari_lower = ari[2], ari_upper = ari[3],
               recall, stringsAsFactors = FALSE)
  })
  do.call(rbind, rows)
}

# A typology restricted to some of its items: the settings, prototypes,
# data, centres (and latent class parameters) of those items only, so that
# predict() assigns with the fit's rule on them.
sub_typology <- function(fit, items) {
  s <- fit$settings
  j <- match(items, s$items)
  pick <- function(v) if (is.null(v)) NULL else v[j]
  s$items <- items
  for (f in c("kinds", "levels", "center", "scale", "labels", "value_labels", "ncat")) {
    if (!is.null(s[[f]])) s[f] <- list(pick(s[[f]]))
  }
  if (!is.null(s$range)) s$range <- s$range[, j, drop = FALSE]
  if (!is.null(s$prototypes)) s$prototypes <- s$prototypes[, j, drop = FALSE]
  if (!is.null(s$gower)) s$gower <- lapply(s$gower, function(v) v[j])
  if (!is.null(s$lca)) s$lca$probs <- s$lca$probs[j]
  fit$settings <- s
  fit$data <- fit$data[, j, drop = FALSE]
  fit$centers <- fit$centers[, j, drop = FALSE]
  if (!is.null(fit$probs)) fit$probs <- fit$probs[j]
  fit
}

# What lca_posterior_new() needs from a latent class typology.
lca_parameters <- function(fit) {
  list(k = fit$k, ncat = fit$settings$ncat, shares = fit$settings$lca$shares,
       probs = fit$settings$lca$probs)
}

#' @rdname short_form
#' @param object A `typology_short_form`.
#' @param newdata A data frame with (at least) the chosen items; `NULL`: the
#'   short form's types of the rows the typology was built from.
#' @param type,na_action,out_of_range As in [predict.typology()].
#' @export
predict.typology_short_form <- function(object, newdata = NULL,
                                        type = c("class", "name", "prob", "distance"),
                                        na_action = c("omit", "available", "fail"),
                                        out_of_range = c("error", "allow"), ...) {
  check_short_form(object, arg = "object")
  if (is.null(newdata)) {
    type <- check_choice(type)
    if (type == "class") return(object$fitted)
    if (type == "name") return(type_factor(object$classifier, object$fitted))
    abort_input(
      c("{.code type = \"{type}\"} needs {.arg newdata}.",
        i = "Give the rows as {.arg newdata}, e.g. the data the typology was built from."))
  }
  stats::predict(object$classifier, newdata, type = type, na_action = na_action,
                 out_of_range = out_of_range, ...)
}

check_short_form <- function(x, arg = "x", call = rlang::caller_env()) {
  if (!inherits(x, "typology_short_form") || !inherits(x$classifier, "typology") ||
      !inherits(x$fit, "typology") || !is.character(x$items)) {
    abort_input(
      c("{.arg {arg}} must be a short form (from {.fn short_form}).",
        x = if (inherits(x, "typology_short_form")) "It was changed after {.fn short_form} made it."
            else "You supplied {.obj_type_friendly {x}}."),
      call = call
    )
  }
  invisible(x)
}
