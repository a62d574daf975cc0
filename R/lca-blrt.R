# The number of latent classes: the bootstrap likelihood-ratio test of k - 1
# against k classes (inst/include/typfrage/lca_blrt.hpp, on the replicate
# runner) and the model-choice criteria of a set of fits (lca_scan_criteria(),
# used by scan_k(method = "lca")).

#' Bootstrap likelihood-ratio test for the number of latent classes
#'
#' Tests a latent class typology with k types against k - 1 types by the
#' parametric bootstrap of the likelihood ratio \eqn{LR = 2 (\log L_k -
#' \log L_{k-1})} (McLachlan 1987; Nylund, Asparouhov & Muthen 2007; Mplus'
#' TECH14): the (k - 1)-type model is fitted to the data; `B` data sets of the
#' same size are drawn from it (a response missing in a row stays missing in
#' its simulated row); each is fitted with k - 1 types (from the generating
#' values and `nstart - 1` random starts) and with k types (`nstart` random
#' starts); the p-value is \eqn{(1 + \#\{LR_b \ge LR\}) / (B + 1)}. Replicate
#' b draws from its own random number stream, so the result does not depend
#' on `threads`. Unweighted fits only: with frequency weights the simulated
#' samples would need the weighted number of cases.
#'
#' @inheritParams lca_covariates
#' @param B Number of bootstrap samples.
#' @param nstart Starts of every bootstrap fit (default: the typology's, at
#'   most 10).
#' @param level Significance level of the verdict in `print()`.
#' @param backend `"threads"` (this R session, `threads` threads) or
#'   `"future"` (the bootstrap samples split into one block per worker of the
#'   current `future` plan; needs the \pkg{future} package). Every backend
#'   gives the identical result.
#' @return An object of class `typology_lca_blrt`: `k`, `lr` (observed),
#'   `p_value`, `boot_lr` (B statistics), `loglik_null`, `loglik_alt` (of the
#'   data), `B`, `level`. A `print()` method.
#' @seealso [scan_k()] (`method = "lca"`) for BIC, AIC, entropy and the
#'   smallest class share over k.
#' @examples
#' set.seed(2)
#' cls <- rep(1:2, each = 60)
#' d <- as.data.frame(lapply(1:4, function(j) rbinom(120, 1, c(0.15, 0.85)[cls]) + 1))
#' names(d) <- paste0("q", 1:4)
#' fit <- typology(d, k = 2, method = "lca", seed = 1, nstart = 3, lca_model = "categorical")
#' lca_blrt(fit, d, B = 9, nstart = 2, seed = 1)
#' @export
lca_blrt <- function(fit, data, B = 99, nstart = NULL, level = 0.05, seed = NULL,
                     threads = NULL, backend = c("threads", "future"), verbose = NULL) {
  call <- rlang::current_env()
  lca_check_typology(fit, call = call)
  if (fit$k < 2L) {
    abort_input("The bootstrap likelihood-ratio test needs a typology with at least 2 types.",
                call = call)
  }
  if (!is.null(fit$weights)) {
    abort_input(
      c("The bootstrap likelihood-ratio test is for unweighted fits.",
        i = "With frequency weights, compare the models by BIC in {.fn scan_k} instead."),
      call = call
    )
  }
  check_count(B, call = call)
  check_number(level, min = 0, max = 1, call = call)
  st <- fit$settings
  nstart <- nstart %||% min(st$nstart, 10L)
  check_count(nstart, call = call)
  threads <- resolve_threads(threads, call = call)
  backend <- check_backend(backend, call)
  verbose <- resolve_verbose(verbose, call = call)
  material <- resolve_seed(seed, call = call)
  data <- lca_check_data(fit, data, call = call)
  fit_rows <- which(!is.na(fit$cluster))
  x <- prepare_newdata(st, data, call = call)[fit_rows, , drop = FALSE]
  attr(x, "raw") <- NULL
  storage.mode(x) <- "double"
  prep <- list(x = x, ncat = st$ncat, items = colnames(x), n = nrow(x), p = ncol(x),
               weights = NULL, settings = st, row_names = NULL)
  null <- suppressWarnings(
    lca_fit(prep, fit$k - 1L, model = fit$lca_model, nstart = st$nstart,
            maxiter = st$max_iter, tol = st$tol, threads = threads, verbose = FALSE,
            seed_material = seed_offset(material, 1L), call = call),
    classes = "typfrage_warning"
  )
  lr <- 2 * (fit$loglik - null$loglik)
  spec <- fit_spec("lca", as.integer(nstart), as.integer(st$max_iter),
                   lca = list(model = fit$lca_model, ncat = st$ncat, tol = st$tol))
  probs <- lapply(null$probs, function(m) unname(unclass(m)))
  r <- run_blocks(B, blrt_block(unname(x), spec, fit$k - 1L, null$shares, probs,
                                 seed_offset(material, 2L)),
                  blrt_combine, backend = backend, threads = threads, verbose = verbose,
                  label = "BLRT")
  structure(list(
    k = fit$k, lr = lr, p_value = (1 + sum(r$lr >= lr)) / (B + 1), boot_lr = r$lr,
    boot_loglik_null = r$loglik_null, boot_loglik_alt = r$loglik_alt,
    loglik_null = null$loglik, loglik_alt = fit$loglik, B = as.integer(B), level = level,
    nstart = as.integer(nstart)
  ), class = "typology_lca_blrt")
}

# The block function of run_blocks() (R/backend.R): bootstrap replicates
# first..first + count - 1 (1-based) of the (k0 = k - 1)-class model.
blrt_block <- function(x, spec, k0, shares, probs, material) {
  force(x); force(spec); force(k0); force(shares); force(probs); force(material)
  function(first, count, threads, verbose) {
    cpp_lca_blrt(x, spec, as.integer(k0), as.double(shares), probs, as.integer(first - 1L),
                 as.integer(count), material, threads, verbose)
  }
}

blrt_combine <- function(blocks) {
  parts <- c("lr", "loglik_null", "loglik_alt")
  stats::setNames(lapply(parts, function(nm) unlist(lapply(blocks, `[[`, nm))), parts)
}

#' @rdname lca_blrt
#' @param x A `typology_lca_blrt` object.
#' @param lang Language of the output, `"en"` or `"de"` (see [typfrage_lang()]).
#' @param ... Not used.
#' @export
print.typology_lca_blrt <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cat(tr("lca_blrt_header", lang, x$k - 1L, x$k, x$B), "\n", sep = "")
  cat(tr("lca_blrt_line", lang, fmt_num(x$lr, 2, lang), fmt_num(x$p_value, 3, lang)), "\n", sep = "")
  cat(if (x$p_value <= x$level) tr("lca_blrt_reject", lang, x$k, x$k - 1L)
      else tr("lca_blrt_keep", lang, x$k, x$k - 1L), "\n", sep = "")
  invisible(x)
}

# The model-choice criteria of latent class typologies, one row per fit (by
# k): k, loglik, npar, aic, bic, abic, entropy (NA for one class) and the
# smallest class share. Used by scan_k(method = "lca").
#' @noRd
lca_scan_criteria <- function(fits) {
  do.call(rbind, lapply(fits, function(f) {
    ent <- as.double(f$entropy)
    data.frame(k = as.integer(f$k), loglik = f$loglik, npar = f$npar, aic = f$aic,
               bic = f$bic, abic = f$abic, entropy = if (is.nan(ent)) NA_real_ else ent,
               min_share = min(f$shares))
  }))
}
