# Distal outcomes of latent classes by the BCH method, and the standard
# errors of a latent class model (class shares and response probabilities).
# The algorithms: inst/include/typfrage/lca_three_step.hpp (bch_distal) and
# lca_regression.hpp (lca_standard_errors).

#' Distal outcomes of latent classes (BCH)
#'
#' Type means of outcomes that the types are to explain (turnout, a later
#' attitude), corrected for the classification error of assigning every case
#' to its most likely type by the BCH weights \eqn{(D^{-1})_{W_i s}}
#' (Bolck, Croon & Hagenaars 2004; Vermunt 2010; Bakk, Tekle & Vermunt 2013):
#' the mean of type \eqn{s} is \eqn{\sum_i w_i d_{is} y_i / \sum_i w_i d_{is}},
#' with sandwich standard errors that by default include the uncertainty of
#' the measurement model (`se`, as in [lca_covariates()]). Numeric outcomes give type means; factors,
#' character and logical outcomes give the type shares of every category. The
#' Wald test asks whether the means are equal across the types. Rows with a
#' missing outcome are left out of that outcome; the classification error
#' comes from all rows of the fit.
#'
#' @inheritParams lca_covariates
#' @param se `"corrected"` (default) or `"uncorrected"`, as in
#'   [lca_covariates()].
#' @param outcomes Names or a tidyselect expression of columns of `data`, or
#'   a data frame with one row per row of `data`.
#' @return An object of class `typology_lca_distal`: `table` (outcome,
#'   category, type, estimate, std.error, conf.low, conf.high), `tests`
#'   (outcome, category, statistic, df, p.value), `error`, `se`. Methods `print()`
#'   and `tidy()`.
#' @seealso [lca_covariates()]
#' @examples
#' set.seed(1)
#' cls <- rep(1:2, each = 100)
#' d <- data.frame(
#'   a = rbinom(200, 1, c(0.2, 0.8)[cls]) + 1, b = rbinom(200, 1, c(0.2, 0.8)[cls]) + 1,
#'   c = rbinom(200, 1, c(0.3, 0.7)[cls]) + 1, turnout = rnorm(200, c(50, 60)[cls], 10)
#' )
#' fit <- typology(d, k = 2, method = "lca", items = a:c, seed = 1, nstart = 5,
#'                 lca_model = "categorical")
#' lca_distal(fit, d, turnout)
#' @export
lca_distal <- function(fit, data, outcomes, se = c("corrected", "uncorrected"), conf_level = 0.95) {
  call <- rlang::current_env()
  lca_check_typology(fit, call = call)
  se <- check_choice(se, call = call)
  check_number(conf_level, min = 0.5, max = 0.9999, call = call)
  data <- lca_check_data(fit, data, call = call)
  out_df <- select_covariates(rlang::enquo(outcomes), data, call)
  if (!is.data.frame(out_df) || !ncol(out_df) || nrow(out_df) != nrow(data)) {
    abort_input(c("{.arg outcomes} must name columns of {.arg data} (or be a data frame with its rows).",
                  i = "For example {.code lca_distal(fit, data, c(turnout, trust))}."),
                call = call, class = "typfrage_error_covariate")
  }
  fit_rows <- which(!is.na(fit$cluster))
  post <- unname(fit$posterior[fit_rows, , drop = FALSE])
  w_all <- as.double(lca_fit_weights(fit, fit_rows) %||% numeric(0))
  se <- lca_resolve_se(fit, se, call)
  step_one <- lca_step_one(fit, data, fit_rows, se, call)
  k <- fit$k
  z <- stats::qnorm(1 - (1 - conf_level) / 2)
  tabs <- list()
  tests <- list()
  error <- NULL
  for (nm in names(out_df)) {
    v <- out_df[[nm]]
    if (inherits(v, c("haven_labelled", "labelled"))) v <- labelled_to_factor(v)
    if (is.character(v) || is.logical(v)) v <- factor(v)
    if (!is.numeric(v) && !is.factor(v)) {
      abort_input("Outcome {.field {nm}} must be numeric, a factor, character or logical.",
                  call = call, class = "typfrage_error_covariate")
    }
    v <- v[fit_rows]
    sub <- which(!is.na(v))
    if (length(sub) < 2L) {
      abort_input("Outcome {.field {nm}} has fewer than 2 observed values in the rows of the typology.",
                  call = call, class = "typfrage_error_covariate")
    }
    ys <- if (is.factor(v)) {
      lv <- levels(droplevels(v))
      stats::setNames(lapply(lv, function(l) as.double(v[sub] == l)), lv)
    } else {
      check_magnitude(matrix(as.double(v[sub]), ncol = 1L), what = paste0("values of outcome `", nm, "`"),
                      squares = FALSE, call = call)
      list(.numeric = as.double(v[sub]))
    }
    for (lvl in names(ys)) {
      r <- cpp_lca_distal(post, w_all, as.integer(sub), ys[[lvl]], step_one)
      error <- r$error
      r$vcov <- lca_se_vcov(r, se)
      sds <- sqrt(pmax(diag(r$vcov), 0))
      cat_lab <- if (is.factor(v)) lvl else NA_character_
      tabs[[length(tabs) + 1L]] <- data.frame(
        outcome = nm, category = cat_lab, type = seq_len(k), estimate = r$mean,
        std.error = sds, conf.low = r$mean - z * sds, conf.high = r$mean + z * sds
      )
      C <- cbind(-1, diag(k - 1))  # type s - type 1
      d <- C %*% r$mean
      VC <- C %*% r$vcov %*% t(C)
      stat <- tryCatch(as.numeric(t(d) %*% solve(VC, d)), error = function(e) NA_real_)
      tests[[length(tests) + 1L]] <- data.frame(
        outcome = nm, category = cat_lab, statistic = stat, df = k - 1L,
        p.value = stats::pchisq(stat, k - 1L, lower.tail = FALSE)
      )
    }
  }
  dimnames(error) <- list(true = as.character(seq_len(k)), assigned = as.character(seq_len(k)))
  structure(list(table = do.call(rbind, tabs), tests = do.call(rbind, tests), error = error,
                 k = k, se = se, conf_level = conf_level, type_names = fit$type_names),
            class = "typology_lca_distal")
}

#' @rdname lca_distal
#' @param x A `typology_lca_distal` or `typology_lca_se` object.
#' @param lang Language of the output, `"en"` or `"de"` (see [typfrage_lang()]).
#' @param ... Not used.
#' @export
print.typology_lca_distal <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  labs <- type_labels(x, lang)
  cat(tr("lca_distal_header", lang, x$k), "\n", sep = "")
  if (!is.null(x$se)) cat(tr(paste0("lca_step_se_", x$se), lang), "\n", sep = "")
  keys <- unique(x$table[c("outcome", "category")])
  for (i in seq_len(nrow(keys))) {
    o <- keys$outcome[i]
    cg <- keys$category[i]
    sel <- x$table$outcome == o & (is.na(cg) & is.na(x$table$category) | x$table$category %in% cg)
    t <- x$table[sel, ]
    cat("\n", o, if (!is.na(cg)) paste0(" = ", cg), "\n", sep = "")
    pct <- !is.na(cg)
    f <- if (pct) function(v) fmt_pct(v, 1, lang) else function(v) fmt_num(v, 2, lang)
    cat(paste0("  ", labs[t$type], ": ", f(t$estimate), " (", tr("lca_cov_se", lang), " ",
               f(t$std.error), ")"), sep = "\n")
    ts <- x$tests[x$tests$outcome == o & (is.na(cg) & is.na(x$tests$category) | x$tests$category %in% cg), ]
    cat("  ", tr("lca_distal_test", lang, fmt_num(ts$statistic, 2, lang), ts$df,
                 format_p(ts$p.value, lang)), "\n", sep = "")
  }
  invisible(x)
}

#' @rdname lca_distal
#' @export
tidy.typology_lca_distal <- function(x, ...) {
  x$table
}

#' Standard errors of a latent class model
#'
#' Standard errors of the type shares and the item-response probabilities of
#' a categorical latent class typology, as `poLCA`'s `calc.se`: the
#' empirical information (the sum of the outer products of the cases' score
#' vectors of the log-ratio parameters) inverted as `MASS::ginv()`, and the
#' delta method. Frequency weights multiply the outer products. The ordinal
#' item model is not covered.
#'
#' @inheritParams lca_covariates
#' @return An object of class `typology_lca_se`: `shares` (data frame type,
#'   estimate, std.error), `probs` (item, category, type, estimate,
#'   std.error), and `se_probs`, a list of k x K matrices of standard errors
#'   (as `poLCA`'s `probs.se`). Methods `print()` and `tidy()`.
#' @examples
#' lc <- typology(data.frame(a = rep(1:2, 50), b = rep(c(1, 1, 2, 2), 25),
#'                           c = rep(1:2, each = 50)), k = 2, method = "lca",
#'                lca_model = "categorical", seed = 1, nstart = 5)
#' lca_se(lc, data.frame(a = rep(1:2, 50), b = rep(c(1, 1, 2, 2), 25),
#'                       c = rep(1:2, each = 50)))
#' @export
lca_se <- function(fit, data) {
  call <- rlang::current_env()
  lca_check_typology(fit, call = call)
  if (!identical(fit$lca_model, "categorical")) {
    abort_input(
      c("Standard errors are available for the categorical item model only.",
        i = "Refit with {.code lca_model = \"categorical\"}."),
      call = call
    )
  }
  data <- lca_check_data(fit, data, call = call)
  fit_rows <- which(!is.na(fit$cluster))
  x <- prepare_newdata(fit$settings, data, call = call)[fit_rows, , drop = FALSE]
  attr(x, "raw") <- NULL
  storage.mode(x) <- "double"
  w <- as.double(lca_fit_weights(fit, fit_rows) %||% numeric(0))
  probs <- lapply(fit$probs, function(m) unname(unclass(m)))
  r <- cpp_lca_se(unname(x), as.integer(fit$settings$ncat), as.double(fit$shares), probs, w)
  se_probs <- stats::setNames(lapply(seq_along(r$probs), function(j) {
    m <- r$probs[[j]]
    dimnames(m) <- dimnames(fit$probs[[j]])
    m
  }), names(fit$probs))
  probs_tab <- do.call(rbind, lapply(names(fit$probs), function(it) {
    est <- fit$probs[[it]]
    data.frame(item = it, category = rep(colnames(est), each = nrow(est)),
               type = rep(seq_len(nrow(est)), ncol(est)), estimate = as.vector(est),
               std.error = as.vector(se_probs[[it]]))
  }))
  structure(list(
    shares = data.frame(type = seq_len(fit$k), estimate = unname(fit$shares),
                        std.error = r$shares),
    probs = probs_tab, se_probs = se_probs, k = fit$k, type_names = fit$type_names
  ), class = "typology_lca_se")
}

#' @rdname lca_se
#' @param x A `typology_lca_se` object.
#' @param lang Language of the output, `"en"` or `"de"` (see [typfrage_lang()]).
#' @param ... Not used.
#' @export
print.typology_lca_se <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  labs <- type_labels(x, lang)
  cat(tr("lca_se_header", lang, tr("method_lca", lang)), "\n", tr("lca_se_shares", lang), "\n", sep = "")
  cat(paste0("  ", labs, ": ", fmt_pct(x$shares$estimate, 1, lang), " (", tr("lca_cov_se", lang),
             " ", fmt_pct(x$shares$std.error, 1, lang), ")"), sep = "\n")
  for (it in names(x$se_probs)) {
    t <- x$probs[x$probs$item == it, ]
    cat("\n", it, "\n", sep = "")
    m <- matrix(paste0(fmt_num(t$estimate, 3, lang), " (", fmt_num(t$std.error, 3, lang), ")"),
                nrow = x$k, dimnames = list(labs, unique(t$category)))
    print(noquote(m))
  }
  invisible(x)
}

#' @rdname lca_se
#' @export
tidy.typology_lca_se <- function(x, ...) {
  rbind(
    data.frame(parameter = "share", item = NA_character_, category = NA_character_,
               type = x$shares$type, estimate = x$shares$estimate, std.error = x$shares$std.error),
    data.frame(parameter = "prob", x$probs)
  )
}
