# Latent class analysis: item validation, the call into the C++ core
# (inst/include/typfrage/lca.hpp) and the model criteria. Internal: the user
# reaches it through typology(method = "lca"); scan_k(method = "lca") can use
# lca_scan_row().

# Items for a latent class model. Items may be ordered factors (coded 1..L,
# with L categories even when the top levels are unused), unordered factors
# (categorical model only), logical, or whole numbers 1, 2, ..., K_j.
# Missing responses are kept (they drop out of the case's likelihood term)
# unless na_action = "omit" drops incomplete rows.
# Returns the prepare_items()-like list: x (n x p codes, NA for missing),
# raw (the same), ncat, items, n, p, rows, n_input, row_names, weights
# (frequency weights as given, or NULL), weights_input (the same), settings.
#' @noRd
lca_items <- function(data, items = NULL, weights = NULL, model = "categorical",
                      na_action = "keep", arg = "data", call = rlang::caller_env()) {
  input <- read_items(data, items, weights, allow_nominal = TRUE, arg = arg, call = call)
  x <- input$x
  n_input <- nrow(x)
  rows <- input$rows  # rows with a positive weight
  dropped <- 0L
  if (na_action == "omit") {
    complete <- intersect(rows, which(stats::complete.cases(x)))
    dropped <- length(rows) - length(complete)
    rows <- complete
    if (length(rows) < 2L) {
      abort_input(
        c("{.arg {arg}} must have at least 2 complete rows.",
          x = "It has {length(rows)}.",
          i = "Latent class models handle missing responses: keep incomplete rows with {.code na_action = \"fail\"}."),
        call = call
      )
    }
  }
  x <- take_rows(x, rows)
  weights_input <- if (is.null(input$weights)) NULL else input$weights[rows]
  coded <- list(kinds = input$settings$kinds, levels = input$settings$levels,
                row_names = input$row_names)
  if (model == "ordinal") {
    nominal <- names(coded$kinds)[coded$kinds == "nominal"]
    if (length(nominal)) {
      abort_input(
        c("The ordinal latent class model needs ordered items, but {cli::qty(length(nominal))}{?item/items} {.field {nominal}} {?is an/are} unordered factor{?s}.",
          i = "Make {cli::qty(length(nominal))}{?it an ordered factor/them ordered factors}, or use {.code lca_model = \"categorical\"}."),
        call = call
      )
    }
  }
  ncat <- lca_check_codes(x, coded$levels, arg = arg, call = call)
  w <- weights_input  # frequency weights, as everywhere (?typfrage_weights)
  missing <- input$missing
  missing$rows_dropped <- dropped
  list(
    x = x, raw = x, ncat = ncat, items = colnames(x), n = nrow(x), p = ncol(x),
    row_names = coded$row_names[rows], rows = rows, n_input = n_input,
    weights = w, weights_input = weights_input, missing = missing,
    settings = c(list(center = NULL, scale = NULL, standardize = FALSE, ncat = ncat),
                 input$settings)
  )
}

# Codes must be whole numbers 1..K_j (NA allowed), every item must use at
# least two categories and every case must answer at least one item.
# Returns K_j: the largest code, or the number of factor levels if larger.
# Column by column (#26): the per-item range and missing count come from
# cpp_column_summary() (columns.hpp) and the missing items per row from
# cpp_row_nonfinite(), so no n x p mask of the data is made; the only
# temporaries are one column and its rounding at a time.
#' @noRd
lca_check_codes <- function(x, levels = NULL, arg = "data", call = rlang::caller_env()) {
  items <- colnames(x)
  if (!is.double(x)) storage.mode(x) <- "double"
  cs <- cpp_column_summary(x, integer(), FALSE)  # NA and NaN skipped, +-Inf counted
  bad <- lca_non_integer(x, cs)
  if (length(bad)) {
    bad_items <- items[bad]
    first <- c(attr(bad, "row"), bad[[1]])  # row, column
    abort_input(
      c("Latent class items must be coded as whole numbers 1, 2, ..., K.",
        x = "{cli::qty(length(bad_items))}Item{?s} {.field {bad_items}} {?has/have} non-integer codes (first: {.val {x[first[1], first[2]]}} in row {first[[1]]}).",
        i = "Latent class analysis is for categorical answers. Round or recode the items, or leave continuous items out with {.arg items}."),
      call = call, class = "typfrage_error_lca_codes"
    )
  }
  low <- which(cs$min < 1)  # all observed codes are finite whole numbers here
  if (length(low)) {
    low_items <- items[low]
    abort_input(
      c("Latent class items must be coded as whole numbers 1, 2, ..., K.",
        x = "{cli::qty(length(low_items))}Item{?s} {.field {low_items}} {?has/have} codes below 1 (smallest: {.val {min(cs$min[low])}}).",
        i = "Recode them to start at 1 (for 0-based codes add 1), or set special codes such as -9 to {.code NA}."),
      call = call, class = "typfrage_error_lca_codes"
    )
  }
  empty <- which(cpp_row_nonfinite(x)$missing == ncol(x))
  if (length(empty)) {
    first <- utils::head(empty, 5)
    abort_input(
      c("Every case must answer at least one item.",
        x = "{length(empty)} row{?s} {?has/have} only missing items (first: row{cli::qty(length(first))}{?s} {.val {first}}).",
        i = "Drop {cli::qty(length(empty))}{?this row/these rows} before fitting: {?it carries/they carry} no information on the classes."),
      call = call, class = "typfrage_error_lca_missing"
    )
  }
  # fewer than two distinct observed codes: the largest is not above the
  # smallest (NaN for an item without observed codes)
  single <- items[is.na(cs$min) | cs$max <= cs$min]
  if (length(single)) {
    abort_input(
      c("Every latent class item needs at least two observed categories.",
        x = "{cli::qty(length(single))}Item{?s} {.field {single}} {?has/have} only one.",
        i = "Leave {cli::qty(length(single))}{?it/them} out with {.arg items}: a constant item does not separate classes."),
      call = call, class = "typfrage_error_lca_codes"
    )
  }
  ncat <- vapply(seq_len(ncol(x)), function(j) {
    lev <- levels[[items[j]]]
    as.integer(max(cs$max[[j]], length(lev)))
  }, integer(1))
  names(ncat) <- items
  ncat
}

# The items (column numbers) with an observed code that is infinite or not a
# whole number, with attribute "row": the first such row of the first of
# them. `cs` is cpp_column_summary(x): items whose range is finite are
# checked one column at a time.
lca_non_integer <- function(x, cs) {
  bad <- integer()
  row <- NA_integer_
  for (j in seq_len(ncol(x))) {
    if (is.na(cs$min[[j]])) next  # no observed code
    v <- x[, j]
    hit <- if (is.finite(cs$min[[j]]) && is.finite(cs$max[[j]])) {
      !isTRUE(all(v == round(v), na.rm = TRUE))
    } else {
      TRUE
    }
    if (hit) {
      if (!length(bad)) row <- which(is.infinite(v) | v != round(v))[1]
      bad <- c(bad, j)
    }
  }
  structure(bad, row = row)
}

# Category labels of item j (factor levels, else the codes 1..K_j).
lca_category_labels <- function(settings, ncat) {
  lapply(stats::setNames(seq_along(ncat), names(ncat)), function(j) {
    lev <- settings$levels[[names(ncat)[j]]]
    if (length(lev) == ncat[[j]]) lev else as.character(seq_len(ncat[[j]]))
  })
}

# Check the start values handed to lca_fit() (tests, reproducing poLCA runs):
# a list of starts, each a list of k x K_j matrices with rows summing to 1.
lca_check_start <- function(start, k, ncat, call) {
  if (is.null(start)) return(list())
  if (!is.list(start) || length(start) == 0L) {
    abort_input("{.arg start} must be a list of start values.", call = call)
  }
  if (!is.list(start[[1]]) || is.matrix(start[[1]])) start <- list(start)
  for (s in start) {
    ok <- is.list(s) && length(s) == length(ncat) &&
      all(vapply(seq_along(s), function(j) {
        m <- s[[j]]
        is.matrix(m) && is.numeric(m) && nrow(m) == k && ncol(m) == ncat[[j]] &&
          all(is.finite(m)) && all(m >= 0) && all(abs(rowSums(m) - 1) < 1e-8)
      }, logical(1)))
    if (!ok) {
      abort_input(
        c("{.arg start} must hold, for every item, a {k} x K matrix of response probabilities per class.",
          i = "Rows must sum to 1; K is the item's number of categories."),
        call = call
      )
    }
  }
  lapply(start, function(s) lapply(s, function(m) { storage.mode(m) <- "double"; m }))
}

# Fit a latent class model with k classes on lca_items() output.
#
# Returns a list: k, model, loglik, npar, aic, bic, abic, entropy, shares (k),
# probs (named list of k x K_j matrices, rows = classes), posterior (n x k),
# cluster (modal class), iterations, converged, starts (data frame: start,
# loglik, iterations, converged), best_start, n_disagree, ncat, n, seed,
# ordinal (intercepts b_jm and locations theta_cj of the ordinal model), and
# the settings used. Classes are ordered by decreasing share.
#' @noRd
lca_fit <- function(prep, k, model = c("categorical", "ordinal"), nstart = 10L,
                    maxiter = 1000L, tol = 1e-10, seed = NULL, threads = NULL,
                    verbose = NULL, start = NULL, seed_material = NULL,
                    call = rlang::caller_env()) {
  model <- check_choice(model, call = call)
  check_count(k, min = 1, max = prep$n, call = call)
  check_count(nstart, min = 1, call = call)
  check_count(maxiter, min = 1, call = call)
  check_number(tol, min = 0, call = call)
  threads <- resolve_threads(threads, call = call)
  verbose <- resolve_verbose(verbose, call = call)
  starts_user <- lca_check_start(start, k, prep$ncat, call)
  check_magnitude(NULL, prep$weights, call = call)  # the codes themselves are small
  if (length(starts_user) > nstart) nstart <- length(starts_user)
  material <- if (is.null(seed_material)) resolve_seed(seed, call = call) else seed_material
  # the codes are doubles already (read_items()): storage.mode<- would copy
  # them even then, since prep holds them too
  x <- prep$x
  if (!is.double(x)) storage.mode(x) <- "double"
  w <- if (is.null(prep$weights)) numeric(0) else as.double(prep$weights)
  spec <- fit_spec("lca", nstart, maxiter,
                   lca = list(model = model, ncat = prep$ncat, tol = tol))
  # the core's integer codes and posterior live outside R's heap: collect the
  # temporaries of the item checks first (as core_fit() does; ?typfrage_memory)
  if (length(x) > 5e6) invisible(gc(verbose = FALSE))
  res <- cpp_lca_fit(x, spec, as.integer(k), w, as.integer(material), threads, verbose,
                     starts_user)
  # named here, where res is not shared: dimnames<- on the posterior of a res
  # that a caller's frame also holds would copy the n x k matrix
  dimnames(res$posterior) <- list(prep$row_names, as.character(seq_len(k)))
  lca_result(res, prep, k, model, nstart, maxiter, tol, material, call)
}

lca_result <- function(res, prep, k, model, nstart, maxiter, tol, material, call) {
  # the number of cases of the criteria: rows, or the sum of the frequency weights
  n <- if (is.null(prep$weights)) prep$n else sum(prep$weights)
  classes <- as.character(seq_len(k))
  cats <- lca_category_labels(prep$settings, prep$ncat)
  probs <- lapply(seq_along(res$probs), function(j) {
    m <- res$probs[[j]]
    dimnames(m) <- list(class = classes, category = cats[[j]])
    m
  })
  names(probs) <- prep$items
  posterior <- res$posterior  # named by lca_fit()
  ll <- res$loglik
  npar <- res$npar
  starts <- data.frame(start = seq_len(nstart), loglik = res$start_loglik,
                       iterations = res$start_iterations,
                       converged = res$start_converged)
  same <- abs(starts$loglik - ll) <= lca_replicate_tol(ll)
  n_disagree <- sum(!same)
  ordinal <- res$ordinal
  if (!is.null(ordinal)) {
    names(ordinal$intercepts) <- prep$items
    dimnames(ordinal$locations) <- list(class = classes, item = prep$items)
  }
  out <- list(
    k = as.integer(k), model = model, loglik = ll, npar = npar,
    aic = -2 * ll + 2 * npar,
    bic = -2 * ll + log(n) * npar,
    abic = -2 * ll + log((n + 2) / 24) * npar,
    entropy = res$entropy,
    shares = stats::setNames(res$shares, classes),
    probs = probs, posterior = posterior,
    cluster = res$cluster, centers = res$centers,
    iterations = res$iterations, converged = res$converged,
    starts = starts, best_start = res$best_start, n_disagree = n_disagree,
    ncat = prep$ncat, n = n, seed = material, ordinal = ordinal,
    control = list(nstart = nstart, maxiter = maxiter, tol = tol)
  )
  if (!res$converged) {
    cli::cli_warn(
      c("The best latent class solution did not converge in {maxiter} EM iteration{?s}.",
        i = "Increase {.arg max_iter} or {.arg tol}."),
      class = c("typfrage_warning_convergence", "typfrage_warning"), call = call
    )
  }
  if (nstart > 1L && sum(same) < 2L) {
    cli::cli_warn(
      c("The best log-likelihood ({format(ll, nsmall = 2)}) was reached by only one of {nstart} starts.",
        i = "{n_disagree} start{?s} ended at {?a different maximum/different maxima}; the solution may be a local maximum.",
        i = "Increase {.arg nstart} until the best log-likelihood is reached by several starts."),
      class = c("typfrage_warning_lca_starts", "typfrage_warning"), call = call
    )
  }
  out
}

# Two starts reach "the same" maximum when their log-likelihoods differ by
# less than this.
lca_replicate_tol <- function(loglik) 1e-6 * (1 + abs(loglik))

# Posterior class probabilities of new cases (codes 1..K_j, NA allowed) under a
# fit; rows with no answered item get NA.
#' @noRd
lca_posterior_new <- function(fit, x, arg = "newdata", call = rlang::caller_env()) {
  x <- as.matrix(x)
  storage.mode(x) <- "double"
  obs <- !is.na(x)
  bad <- obs & (!is.finite(x) | x != round(x) | x < 1 |
                  x > matrix(fit$ncat, nrow(x), ncol(x), byrow = TRUE))
  if (any(bad)) {
    bad_items <- colnames(x)[colSums(bad) > 0]
    abort_input(
      c("{.arg {arg}} has codes the latent class model was not fitted with.",
        x = "{cli::qty(length(bad_items))}Item{?s} {.field {bad_items}} {?has/have} codes that are not whole numbers between 1 and the item's number of categories.",
        i = "Code new data exactly as the data of the fit."),
      call = call
    )
  }
  post <- matrix(NA_real_, nrow(x), fit$k, dimnames = list(rownames(x), names(fit$shares)))
  keep <- rowSums(obs) > 0
  if (any(keep)) {
    probs <- lapply(fit$probs, function(m) unname(unclass(m)))
    p <- cpp_lca_posterior(x[keep, , drop = FALSE], as.integer(fit$ncat),
                           as.double(fit$shares), probs)
    post[keep, ] <- p
  }
  post
}

# One row of the model-choice table for k classes (for scan_k(method = "lca")):
# k, loglik, npar, aic, bic, abic, entropy, converged, n_disagree.
#' @noRd
lca_scan_row <- function(prep, k, model = c("categorical", "ordinal"), nstart = 10L,
                         maxiter = 1000L, tol = 1e-10, seed_material, threads = NULL,
                         call = rlang::caller_env()) {
  fit <- suppressWarnings(
    lca_fit(prep, k, model = model, nstart = nstart, maxiter = maxiter, tol = tol,
            threads = threads, verbose = FALSE, seed_material = seed_material,
            call = call),
    classes = "typfrage_warning"
  )
  data.frame(k = fit$k, loglik = fit$loglik, npar = fit$npar, aic = fit$aic,
             bic = fit$bic, abic = fit$abic, entropy = fit$entropy,
             converged = fit$converged, n_disagree = fit$n_disagree)
}
