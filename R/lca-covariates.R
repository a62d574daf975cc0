# Covariates of latent classes: who belongs to which type. One-step latent
# class regression (the covariates inside the EM, as poLCA's formula) and the
# three-step approaches (naive, bias-adjusted ML and BCH; Vermunt 2010, Bakk,
# Tekle & Vermunt 2013). The algorithms are in the C++ core
# (inst/include/typfrage/lca_regression.hpp, lca_three_step.hpp); methods of
# the result in lca-covariates-methods.R.

#' Covariates of latent classes: one-step and bias-adjusted three-step
#'
#' Relates the types of a latent class typology ([typology()] with
#' `method = "lca"`) to covariates such as size, state or party by a
#' multinomial logit of the class on the covariates, with type 1 as the
#' reference: \eqn{\log P(c | z) / P(1 | z) = z' \beta_c}.
#'
#' Four methods, as Latent GOLD's step-3 module and `poLCA` offer them:
#' * `"ml"` (the default) and `"bch"`: the bias-adjusted three-step approach.
#'   The measurement model is the fit as it is (the covariates cannot change
#'   the types); every case is assigned to its most likely type, and the
#'   classification error of that assignment,
#'   \eqn{D_{st} = P(W = t | X = s)}, estimated from the posterior, is
#'   corrected in the step-3 model: by maximum likelihood with
#'   \eqn{P(W = t | z) = \sum_s P(s | z) D_{st}} (Vermunt 2010), or by the BCH
#'   weights \eqn{(D^{-1})_{W_i s}} (Bolck, Croon & Hagenaars 2004; Bakk,
#'   Tekle & Vermunt 2013), with sandwich standard errors. ML is the more
#'   efficient; BCH needs no model for \eqn{P(W | s)} and is also the method
#'   of [lca_distal()]. Their standard errors by default (`se =
#'   "corrected"`) include the uncertainty of the measurement model (see
#'   `se`).
#' * `"naive"`: the multinomial logit of the assigned type. Classification
#'   error attenuates its effects towards zero; shown for comparison.
#' * `"one_step"`: latent class regression, the covariates inside the EM
#'   (`poLCA::poLCA(cbind(...) ~ z)`; equal log-likelihood and coefficients).
#'   The classes are refitted, from the typology's solution and `nstart - 1`
#'   random starts, so they can change: the result reports the share of cases
#'   whose modal type agrees with the typology's, and its types are matched to
#'   the typology's. Standard errors (categorical item model) from the
#'   empirical information, as `poLCA`.
#'
#' Rows: the rows of `data` the typology was fitted on with every covariate
#' observed; rows with a missing covariate are left out of the covariate model
#' (for the three-step methods the classification error is still estimated
#' on all rows of the fit). Weights of the fit are frequency weights.
#'
#' @param fit A latent class typology: [typology()] with `method = "lca"`.
#' @param data The data frame the typology was fitted on (the same rows).
#' @param covariates A one-sided formula (`~ size + land`), evaluated in
#'   `data`; or names / a tidyselect expression of columns of `data`; or a
#'   data frame with one row per row of `data`.
#' @param method `"ml"`, `"bch"`, `"naive"` or `"one_step"`.
#' @param se Standard errors of `"ml"` and `"bch"` (not used by the other
#'   methods): `"corrected"` (the default) adds the uncertainty of the
#'   measurement model of step 1, \eqn{\Sigma = \Sigma_3 + J \Sigma_1 J'}
#'   (Bakk, Oberski & Vermunt 2014), with \eqn{\Sigma_3} the step-3
#'   covariance that treats the measurement model as known (`"uncorrected"`),
#'   \eqn{\Sigma_1} the covariance of the step-1 parameters (log-odds of the
#'   response probabilities and class shares; empirical information, as
#'   [lca_se()]) and \eqn{J} the derivative of the step-3 estimate with
#'   respect to them (central differences of the step-3 score equations
#'   through the classification error, the modal assignment held fixed; by
#'   the implicit-function theorem, so step 3 is not refitted). Needs the
#'   categorical item model; for an ordinal typology the uncorrected standard
#'   errors are used, with a warning. The result also holds the stacked
#'   sandwich of all three steps (`vcov_stacked`), which adds the covariance
#'   between the steps and the sampling error of the classification error.
#' @param nstart,max_iter,tol For `"one_step"`: starts (default: the
#'   typology's), EM iterations and tolerance (default: the typology's). For
#'   `"ml"`, `max_iter` and `tol` bound its EM.
#' @param conf_level Level of the confidence intervals.
#' @inheritParams typology
#' @return An object of class `typology_lca_covariates`: `coefficients`
#'   (terms x types 2..k), `vcov`, `table` (one row per type and term:
#'   estimate, standard error, z, p-value, odds ratio and its interval),
#'   `wald` (Wald test of every term over all types), `loglik`, `n`,
#'   `method`, `se` (`"corrected"` or `"uncorrected"`; `NA` for
#'   `"one_step"`), `vcov_uncorrected` and `vcov_stacked` (ML and BCH), `error`
#'   (the classification-error matrix of the three-step methods), `prior` (the fitted type probabilities of every row used),
#'   and for `"one_step"` `probs`, `shares`, `agreement`. Methods: `print()`,
#'   `tidy()`, `predict()` (type probabilities of new covariate values),
#'   `autoplot()` (predicted type probabilities over a covariate).
#' @references
#' Vermunt, J. K. (2010). Latent class modeling with covariates: Two improved
#' three-step approaches. *Political Analysis*, 18, 450-469.
#'
#' Bakk, Z., Oberski, D. L., & Vermunt, J. K. (2014). Relating latent class
#' assignments to external variables: Standard errors for correct inference.
#' *Political Analysis*, 22, 520-540.
#'
#' Bakk, Z., Tekle, F. B., & Vermunt, J. K. (2013). Estimating the
#' association between latent class membership and external variables using
#' bias-adjusted three-step approaches. *Sociological Methodology*, 43,
#' 272-311.
#' @seealso [lca_distal()] for outcomes predicted by the types, [lca_se()],
#'   [lca_blrt()].
#' @examples
#' set.seed(1)
#' cls <- rep(1:2, each = 100)
#' d <- data.frame(
#'   a = rbinom(200, 1, c(0.2, 0.8)[cls]) + 1, b = rbinom(200, 1, c(0.2, 0.8)[cls]) + 1,
#'   c = rbinom(200, 1, c(0.3, 0.7)[cls]) + 1, d = rbinom(200, 1, c(0.2, 0.9)[cls]) + 1,
#'   age = rnorm(200, 40 + 10 * (cls == 2), 10)
#' )
#' fit <- typology(d, k = 2, method = "lca", items = a:d, seed = 1, nstart = 5,
#'                 lca_model = "categorical")
#' lca_covariates(fit, d, ~ age, method = "ml")
#' @export
lca_covariates <- function(fit, data, covariates, method = c("ml", "bch", "naive", "one_step"),
                           se = c("corrected", "uncorrected"), nstart = NULL, max_iter = NULL, tol = NULL, conf_level = 0.95,
                           seed = NULL, threads = NULL, verbose = NULL) {
  call <- rlang::current_env()
  lca_check_typology(fit, call = call)
  method <- check_choice(method, call = call)
  se <- check_choice(se, call = call)
  check_number(conf_level, min = 0.5, max = 0.9999, call = call)
  data <- lca_check_data(fit, data, call = call)
  mf <- lca_model_frame(fit, data, rlang::enquo(covariates), call = call)
  if (fit$k < 2L) {
    abort_input("A typology with one type has no covariate model; fit at least 2 types.",
                call = call)
  }
  st <- fit$settings
  max_iter <- max_iter %||% st$max_iter
  tol <- tol %||% st$tol
  check_count(max_iter, call = call)
  check_number(tol, min = 0, call = call)
  fit_rows <- which(!is.na(fit$cluster))
  w_all <- lca_fit_weights(fit, fit_rows)
  if (method == "one_step") {
    res <- lca_one_step(fit, data, mf, nstart %||% st$nstart, max_iter, tol, seed, threads,
                        verbose, call)
    se <- NA_character_
  } else {
    se <- if (method == "naive") "uncorrected" else lca_resolve_se(fit, se, call)
    post <- fit$posterior[fit_rows, , drop = FALSE]
    sub <- match(mf$rows, fit_rows)
    r <- cpp_lca_three_step(unname(post), as.double(w_all %||% numeric(0)), as.integer(sub),
                            mf$Z, method, as.integer(max_iter), tol,
                            lca_step_one(fit, data, fit_rows, se, call))
    prior <- lca_softmax(mf$Z %*% r$beta)
    res <- list(beta = r$beta, vcov = lca_se_vcov(r, se), loglik = r$loglik,
                converged = r$converged, iterations = r$iterations, error = r$error,
                prior = prior, vcov_uncorrected = r$vcov, vcov_stacked = r$corrected$stacked)
    dimnames(res$error) <- list(true = as.character(seq_len(fit$k)),
                                assigned = as.character(seq_len(fit$k)))
  }
  if (!isTRUE(res$converged)) {
    cli::cli_warn(
      c("The {method} covariate model did not converge.",
        i = if (method == "bch") "BCH weights can be negative; with strong classification error a type may have no estimable effect. Try {.code method = \"ml\"}."
            else "Increase {.arg max_iter}."),
      class = c("typfrage_warning_convergence", "typfrage_warning")
    )
  }
  res$se <- se
  lca_covariates_result(fit, mf, method, res, conf_level, w_all, fit_rows)
}

# The fit must be a latent class typology.
lca_check_typology <- function(fit, arg = "fit", call = rlang::caller_env()) {
  if (!inherits(fit, "typology") || !identical(fit$method, "lca")) {
    abort_input(
      c("{.arg {arg}} must be a latent class typology.",
        x = if (inherits(fit, "typology")) "It was fitted with {.code method = \"{fit$method}\"}."
            else "You supplied {.obj_type_friendly {fit}}.",
        i = "Fit one with {.code typology(data, k, method = \"lca\")}."),
      call = call
    )
  }
  invisible(fit)
}

lca_check_data <- function(fit, data, call) {
  if (!is.data.frame(data)) {
    abort_input(c("{.arg data} must be the data frame the typology was fitted on.",
                  x = "You supplied {.obj_type_friendly {data}}."), call = call)
  }
  if (nrow(data) != length(fit$cluster)) {
    abort_input(
      c("{.arg data} must have the rows the typology was fitted on.",
        x = "The typology has {length(fit$cluster)} row{?s}, {.arg data} has {nrow(data)}."),
      call = call
    )
  }
  as.data.frame(data)
}

# Frequency weights of the fit's rows (NULL without weights).
lca_fit_weights <- function(fit, fit_rows) {
  if (is.null(fit$weights)) return(NULL)
  as.double(fit$weights[match(fit_rows, fit$rows)])
}

lca_softmax <- function(eta) {
  eta <- eta - apply(eta, 1, max)
  e <- exp(eta)
  e / rowSums(e)
}

# The covariates as a model frame: terms, model matrix Z of the rows used
# (rows of the fit with every covariate observed), levels for predict().
lca_model_frame <- function(fit, data, covariates, call) {
  value <- if (!rlang::quo_is_missing(covariates)) {
    tryCatch(rlang::eval_tidy(covariates), error = function(e) NULL)
  }
  if (inherits(value, "formula")) {
    if (length(value) != 2L) {
      abort_input(c("{.arg covariates} must be a one-sided formula such as {.code ~ size + land}.",
                    x = "It has a left-hand side."), call = call)
    }
    fo <- value
    frame_data <- data
  } else {
    frame_data <- select_covariates(covariates, data, call)
    if (is.null(frame_data) || !is.data.frame(frame_data) || !ncol(frame_data)) {
      abort_input(
        c("{.arg covariates} must name covariates.",
          i = "Give a formula ({.code ~ size + land}), column names, or a data frame."),
        call = call, class = "typfrage_error_covariate"
      )
    }
    frame_data <- as.data.frame(frame_data)
    if (nrow(frame_data) != nrow(data)) {
      abort_input(
        c("{.arg covariates} must have one row per row of {.arg data}.",
          x = "{.arg data} has {nrow(data)} row{?s}, {.arg covariates} {nrow(frame_data)}."),
        call = call, class = "typfrage_error_covariate"
      )
    }
    fo <- stats::reformulate(paste0("`", names(frame_data), "`"))
  }
  mf <- tryCatch(stats::model.frame(fo, frame_data, na.action = stats::na.pass),
                 error = function(e) {
                   abort_input(c("{.arg covariates} could not be evaluated in {.arg data}.",
                                 x = conditionMessage(e)),
                               call = call, class = "typfrage_error_covariate")
                 })
  for (nm in names(mf)) {
    v <- mf[[nm]]
    if (inherits(v, c("haven_labelled", "labelled"))) mf[[nm]] <- labelled_to_factor(v)
    else if (is.character(v) || is.logical(v)) mf[[nm]] <- factor(v)
  }
  tt <- stats::terms(mf)
  ok <- !is.na(fit$cluster) & stats::complete.cases(mf)
  rows <- which(ok)
  if (length(rows) < 2L * fit$k) {
    abort_input(
      c("Too few rows with every covariate observed.",
        x = "{length(rows)} row{?s} of the typology {?has/have} all covariates."),
      call = call, class = "typfrage_error_covariate"
    )
  }
  used <- mf[rows, , drop = FALSE]
  Z <- stats::model.matrix(tt, used)
  if (!all(is.finite(Z))) {
    abort_input("Numeric covariates must be finite.", call = call,
                class = "typfrage_error_covariate")
  }
  rank <- qr(Z)$rank
  if (rank < ncol(Z)) {
    abort_input(
      c("The covariates are collinear (their model matrix has rank {rank} < {ncol(Z)}).",
        i = "Drop covariates that are functions of others, or constant categories."),
      call = call, class = "typfrage_error_covariate"
    )
  }
  xlev <- lapply(Filter(is.factor, used), function(f) levels(droplevels(f)))
  list(Z = unname(Z), term_names = colnames(Z),
       tt = stats::delete.response(tt), assign = attr(Z, "assign"), rows = rows,
       frame = used, xlevels = xlev, dropped = sum(!is.na(fit$cluster)) - length(rows))
}

# One-step latent class regression, started at the typology's solution (its
# probabilities, and the log-odds of its shares as intercepts); the classes
# are then matched to the typology's.
lca_one_step <- function(fit, data, mf, nstart, max_iter, tol, seed, threads, verbose, call) {
  check_count(nstart, call = call)
  threads <- resolve_threads(threads, call = call)
  verbose <- resolve_verbose(verbose, call = call)
  material <- resolve_seed(seed, call = call)
  st <- fit$settings
  x <- prepare_newdata(st, data, call = call)[mf$rows, , drop = FALSE]
  attr(x, "raw") <- NULL
  storage.mode(x) <- "double"
  k <- fit$k
  w <- lca_fit_weights(fit, mf$rows)
  spec <- fit_spec("lca", as.integer(nstart), as.integer(max_iter),
                   lca = list(model = st$lca_model, ncat = st$ncat, tol = tol))
  beta0 <- matrix(0, ncol(mf$Z), k)
  beta0[1, ] <- log(pmax(fit$shares, 1e-12) / max(fit$shares[1], 1e-12))
  start <- lapply(fit$probs, function(m) unname(unclass(m)))
  r <- cpp_lca_regression(unname(x), mf$Z, spec, as.integer(k), as.double(w %||% numeric(0)),
                          as.integer(material), threads, verbose, start, beta0)
  # match the classes to the typology's (largest posterior overlap)
  overlap <- crossprod(r$posterior, fit$posterior[mf$rows, , drop = FALSE])
  perm <- lca_match_classes(overlap)  # perm[c]: the refitted class of type c
  q <- ncol(mf$Z)
  beta_full <- r$beta[, perm, drop = FALSE]
  beta_full <- beta_full - beta_full[, 1]
  L <- lca_rebase_map(perm, q)
  vcov <- if (is.null(r$se)) NULL else L %*% r$se$beta_vcov %*% t(L)
  probs <- lapply(seq_along(r$probs), function(j) r$probs[[j]][perm, , drop = FALSE])
  se_probs <- if (!is.null(r$se)) {
    lapply(seq_along(r$se$probs), function(j) r$se$probs[[j]][perm, , drop = FALSE])
  }
  names(probs) <- names(fit$probs)
  if (!is.null(se_probs)) names(se_probs) <- names(fit$probs)
  for (j in seq_along(probs)) {
    dimnames(probs[[j]]) <- dimnames(fit$probs[[j]])
    if (!is.null(se_probs)) dimnames(se_probs[[j]]) <- dimnames(fit$probs[[j]])
  }
  post <- r$posterior[, perm, drop = FALSE]
  modal <- max.col(post, ties.method = "first")
  list(beta = beta_full, vcov = vcov, loglik = r$loglik, converged = r$converged,
       iterations = r$iterations, prior = r$prior[, perm, drop = FALSE], posterior = post,
       probs = probs, se_probs = se_probs, shares = r$shares[perm],
       se_shares = if (!is.null(r$se)) r$se$shares[perm],
       npar = r$npar, start_loglik = r$start_loglik,
       agreement = stats::weighted.mean(modal == fit$cluster[mf$rows], w %||% rep(1, length(modal))))
}

# The result object: coefficient table with odds ratios and Wald tests.
lca_covariates_result <- function(fit, mf, method, res, conf_level, w_all, fit_rows) {
  k <- fit$k
  q <- ncol(mf$Z)
  beta <- res$beta[, -1, drop = FALSE]
  dimnames(beta) <- list(term = mf$term_names,
                         type = as.character(2:k))
  V <- res$vcov
  se <- if (is.null(V)) rep(NA_real_, q * (k - 1)) else sqrt(pmax(diag(V), 0))
  z <- stats::qnorm(1 - (1 - conf_level) / 2)
  est <- as.vector(beta)
  tab <- data.frame(
    type = rep(2:k, each = q), term = rep(rownames(beta), k - 1), estimate = est,
    std.error = se, statistic = est / se, p.value = 2 * stats::pnorm(-abs(est / se)),
    odds_ratio = exp(est), or_low = exp(est - z * se), or_high = exp(est + z * se)
  )
  terms <- attr(mf$tt, "term.labels")
  wald <- do.call(rbind, lapply(seq_along(terms), function(t) {
    idx <- as.vector(outer(which(mf$assign == t), (seq_len(k - 1) - 1) * q, `+`))
    stat <- if (is.null(V)) NA_real_ else {
      b <- est[idx]
      as.numeric(t(b) %*% solve(V[idx, idx, drop = FALSE], b))
    }
    data.frame(term = terms[t], statistic = stat, df = length(idx),
               p.value = stats::pchisq(stat, length(idx), lower.tail = FALSE))
  }))
  if (is.null(wald)) wald <- data.frame(term = character(), statistic = numeric(),
                                        df = integer(), p.value = numeric())
  prior <- res$prior
  dimnames(prior) <- list(NULL, as.character(seq_len(k)))
  structure(list(
    coefficients = beta, vcov = V, table = tab, wald = wald, loglik = res$loglik,
    method = method, se = res$se, vcov_uncorrected = res$vcov_uncorrected,
    vcov_stacked = res$vcov_stacked,
    n = length(mf$rows), dropped = mf$dropped, rows = mf$rows, k = k,
    error = res$error, prior = prior, conf_level = conf_level,
    converged = res$converged, iterations = res$iterations,
    probs = res$probs, se_probs = res$se_probs, shares = res$shares,
    se_shares = res$se_shares, npar = res$npar, agreement = res$agreement,
    posterior = res$posterior,
    terms = mf$tt, xlevels = mf$xlevels, frame = mf$frame,
    type_names = fit$type_names, type_colours = fit$type_colours
  ), class = "typology_lca_covariates")
}
