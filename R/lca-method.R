# typology(method = "lca"): the registry's preparation, fit, label order,
# predict() and print of a latent class typology (the model itself: lca.R).

# Data preparation for typology(method = "lca"): missing responses are part of
# the likelihood (na_action = "fail" keeps them, "omit" drops incomplete rows);
# items are not standardised.
lca_prepare_method <- function(data, items, standardize, weights, na_action, dots,
                               call) {
  if (isTRUE(standardize)) {
    abort_input(
      c("{.arg standardize} cannot be used with {.code method = \"lca\"}.",
        i = "Latent class models work on the item categories themselves."),
      call = call
    )
  }
  model <- lca_model_arg(dots$lca_model, call)
  lca_items(data, items = items, weights = weights, model = model,
            na_action = if (na_action == "omit") "omit" else "keep", call = call)
}

lca_model_arg <- function(lca_model, call) {
  if (is.null(lca_model)) return("categorical")
  check_choice(lca_model, c("categorical", "ordinal"), arg = "lca_model", call = call)
}

fit_lca_method <- function(prep, k, settings, stored, seed, threads, verbose, call,
                           lca_model = c("categorical", "ordinal"), tol = 1e-10,
                           start = NULL, ...) {
  check_dots_empty_input(call = call)
  model <- lca_model_arg(lca_model, call)
  check_number(tol, min = 0, arg = "tol", call = call)
  fit <- lca_fit(prep, k, model = model, nstart = settings$nstart,
                 maxiter = settings$max_iter, tol = tol, threads = threads,
                 verbose = verbose, start = start, seed_material = seed, call = call)
  # class means of the item codes from the response probabilities (the core's)
  means <- fit$centers
  dimnames(means) <- list(names(fit$shares), prep$items)
  list(
    cluster = fit$cluster,
    prototypes = means,
    centers = means,
    settings = list(lca_model = model, tol = tol,
                    lca = list(shares = fit$shares, probs = fit$probs)),
    extra = list(
      posterior = fit$posterior, probs = fit$probs, shares = fit$shares,
      loglik = fit$loglik, npar = fit$npar, aic = fit$aic, bic = fit$bic,
      abic = fit$abic, entropy = fit$entropy, objective = -2 * fit$loglik,
      lca_model = model, iterations = fit$iterations, converged = fit$converged,
      starts = data.frame(start = fit$starts$start, objective = -2 * fit$starts$loglik,
                          loglik = fit$starts$loglik,
                          iterations = fit$starts$iterations,
                          converged = fit$starts$converged),
      n_disagree = fit$n_disagree, ordinal = fit$ordinal
    ),
    permute = lca_permute
  )
}

# Put the classes of a typology object in the package's label order (`ord`:
# old class of new label 1, 2, ...) and give the posterior one row per row of
# the user's data (NA for dropped rows).
lca_permute <- function(obj, ord) {
  k <- length(ord)
  lab <- as.character(seq_len(k))
  perm_probs <- function(probs) {
    lapply(probs, function(m) {
      m <- m[ord, , drop = FALSE]
      rownames(m) <- lab
      m
    })
  }
  obj$posterior <- lca_posterior_rows(obj$posterior, ord, obj$rows, length(obj$cluster))
  obj$probs <- perm_probs(obj$probs)
  obj$shares <- stats::setNames(obj$shares[ord], lab)
  obj$settings$lca <- list(shares = obj$shares, probs = obj$probs)
  if (!is.null(obj$ordinal)) {
    # locations relative to the new type 1: theta_c - theta_1, b_m + theta_1 m
    loc <- obj$ordinal$locations[ord, , drop = FALSE]
    ref <- loc[1, ]
    obj$ordinal$intercepts <- Map(function(b, r) b + r * (seq_along(b) - 1),
                                  obj$ordinal$intercepts, ref)
    obj$ordinal$locations <- sweep(loc, 2, ref)
    rownames(obj$ordinal$locations) <- lab
  }
  obj
}

# The posterior (one row per used row, classes in the core's order) with the
# classes `ord` in label order and one row per row of the user's data (NA for
# dropped rows), as
#   post <- matrix(NA_real_, n_input, k, dimnames = list(NULL, 1:k))
#   post[rows, ] <- posterior[, ord, drop = FALSE]
# but with one n x k matrix instead of two when every row was used (#26;
# the fit's posterior is shared with typology()'s result of the fit, so it
# cannot be relabelled in place).
lca_posterior_rows <- function(posterior, ord, rows, n_input) {
  k <- length(ord)
  lab <- as.character(seq_len(k))
  if (length(rows) == n_input) {  # rows = 1..n_input
    posterior <- posterior[, ord, drop = FALSE]
    dimnames(posterior) <- list(NULL, lab)
    return(posterior)
  }
  post <- matrix(NA_real_, n_input, k, dimnames = list(NULL, lab))
  post[rows, ] <- posterior[, ord, drop = FALSE]
  post
}

# predict() for a latent class typology.
predict_lca <- function(object, newdata, type, call) {
  if (is.null(newdata)) {
    return(if (type == "prob") object$posterior else object$cluster)
  }
  x <- prepare_newdata(object$settings, newdata, call = call)
  fit <- list(k = object$k, ncat = object$settings$ncat,
              shares = object$settings$lca$shares, probs = object$settings$lca$probs)
  post <- lca_posterior_new(fit, x, call = call)
  if (type == "prob") return(post)
  lca_modal_type(post)
}

# The most probable type of every row of a posterior matrix (ties: the lower
# type number; NA for rows without a posterior). The rule of predict() and of
# short_form(); self_assessment()'s page follows it.
lca_modal_type <- function(post) {
  out <- max.col(replace(post, is.na(post), 0), ties.method = "first")
  out[is.na(post[, 1])] <- NA_integer_
  as.integer(out)
}

print_lca_fit <- function(x, lang = "en") {
  cat(tr("lca_fit_line", lang, lca_model_label(x$lca_model, lang), fmt_num(x$loglik, 2, lang), fmt_num(x$bic, 2, lang),
         fmt_num(x$entropy, 3, lang)), "\n", sep = "")
  cat(tr("lca_shares_line", lang, paste0(fmt_pct(x$shares, 0, lang), collapse = ", ")), "\n", sep = "")
}
