# Methods of lca_covariates() results: print, tidy, predict, autoplot.

lca_method_label <- function(method, lang) {
  tr(paste0("lca_cov_method_", method), lang)
}

#' @rdname lca_covariates
#' @param x,object A `typology_lca_covariates` object.
#' @param lang Language of the output, `"en"` or `"de"` (see [typfrage_lang()]).
#' @param ... Not used.
#' @export
print.typology_lca_covariates <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  labs <- type_labels(x, lang)
  cat(tr("lca_cov_header", lang, lca_method_label(x$method, lang), x$k,
         fmt_num(x$n, 0, lang)), "\n", sep = "")
  if (x$dropped > 0) cat(tr("lca_cov_dropped", lang, fmt_num(x$dropped, 0, lang)), "\n", sep = "")
  if (identical(x$method, "one_step")) {
    cat(tr("lca_cov_one_step", lang, fmt_num(x$loglik, 2, lang), fmt_pct(x$agreement, 0, lang)),
        "\n", sep = "")
  }
  if (!is.null(x$se) && !is.na(x$se)) cat(tr(paste0("lca_step_se_", x$se), lang), "\n", sep = "")
  cat(tr("lca_cov_reference", lang, labs[1]), "\n\n", sep = "")
  tab <- x$table
  show <- data.frame(
    type = labs[tab$type],
    term = ifelse(tab$term == "(Intercept)", tr("lca_cov_intercept", lang), tab$term),
    b = fmt_num(tab$estimate, 3, lang), se = fmt_num(tab$std.error, 3, lang),
    or = fmt_num(tab$odds_ratio, 2, lang),
    ci = paste0("[", fmt_num(tab$or_low, 2, lang), "; ", fmt_num(tab$or_high, 2, lang), "]"),
    p = format_p(tab$p.value, lang)
  )
  names(show) <- c(tr("type", lang), tr("lca_cov_term", lang), "b", tr("lca_cov_se", lang),
                   tr("lca_cov_or", lang), tr("lca_cov_ci", lang, fmt_pct(x$conf_level, 0, lang)), "p")
  print(show, row.names = FALSE, right = FALSE)
  if (nrow(x$wald)) {
    cat("\n", tr("lca_cov_wald", lang), "\n", sep = "")
    for (i in seq_len(nrow(x$wald))) {
      w <- x$wald[i, ]
      cat("  ", w$term, ": ", tr("lca_cov_wald_line", lang, fmt_num(w$statistic, 2, lang), w$df,
                                format_p(w$p.value, lang)), "\n", sep = "")
    }
  }
  invisible(x)
}

#' @rdname lca_covariates
#' @param exponentiate In `tidy()`: odds ratios (and their interval) instead
#'   of log-odds.
#' @param conf.int In `tidy()`: add `conf.low` and `conf.high`.
#' @export
tidy.typology_lca_covariates <- function(x, exponentiate = FALSE, conf.int = TRUE, ...) {
  tab <- x$table
  z <- stats::qnorm(1 - (1 - x$conf_level) / 2)
  out <- data.frame(type = tab$type, type_label = type_labels(x)[tab$type], term = tab$term,
                    estimate = tab$estimate, std.error = tab$std.error,
                    statistic = tab$statistic, p.value = tab$p.value)
  if (conf.int) {
    out$conf.low <- tab$estimate - z * tab$std.error
    out$conf.high <- tab$estimate + z * tab$std.error
  }
  if (exponentiate) {
    out$estimate <- exp(out$estimate)
    if (conf.int) {
      out$conf.low <- exp(out$conf.low)
      out$conf.high <- exp(out$conf.high)
    }
  }
  out$method <- x$method
  out
}

#' @rdname lca_covariates
#' @param newdata A data frame with the covariates; `NULL`: the rows used.
#' @export
predict.typology_lca_covariates <- function(object, newdata = NULL, ...) {
  if (is.null(newdata)) return(object$prior)
  if (!is.data.frame(newdata)) {
    abort_input(c("{.arg newdata} must be a data frame of the covariates.",
                  x = "You supplied {.obj_type_friendly {newdata}}."))
  }
  mf <- tryCatch(stats::model.frame(object$terms, as.data.frame(newdata),
                                    xlev = object$xlevels, na.action = stats::na.pass),
                 error = function(e) {
                   abort_input(c("{.arg newdata} does not have the covariates of the model.",
                                 x = conditionMessage(e)), class = "typfrage_error_covariate")
                 })
  Z <- stats::model.matrix(object$terms, mf, xlev = object$xlevels)
  beta <- cbind(0, object$coefficients)
  p <- lca_softmax(Z %*% beta)
  dimnames(p) <- list(rownames(newdata), as.character(seq_len(object$k)))
  p
}

#' @rdname lca_covariates
#' @param covariate In `autoplot()`: the covariate on the x axis (default:
#'   the first); the others are held at their mean (numeric) or most
#'   frequent category.
#' @export
autoplot.typology_lca_covariates <- function(object, covariate = NULL, ..., lang = NULL) {
  check_plot_dots(...)
  lang <- typfrage_lang(lang)
  vars <- all.vars(object$terms)
  if (is.null(covariate)) covariate <- vars[1]
  if (!(is.character(covariate) && length(covariate) == 1L && covariate %in% vars)) {
    abort_input(c("{.arg covariate} must name one of the covariates.",
                  i = "The covariates are {.field {vars}}."))
  }
  fr <- object$frame
  typical <- lapply(fr[vars], function(v) {
    if (is.numeric(v)) mean(v) else {
      tb <- table(v)
      factor(names(tb)[which.max(tb)], levels = levels(v))
    }
  })
  focal <- fr[[covariate]]
  grid <- if (is.numeric(focal)) seq(min(focal), max(focal), length.out = 60) else
    factor(levels(droplevels(focal)), levels = levels(focal))
  nd <- as.data.frame(lapply(typical, function(v) rep(v, length(grid))))
  names(nd) <- vars
  nd[[covariate]] <- grid
  p <- stats::predict(object, nd)
  labs <- type_labels(object, lang)
  long <- data.frame(x = rep(grid, object$k), type = factor(rep(labs, each = length(grid)), levels = labs),
                     prob = as.vector(p))
  cols <- stats::setNames(type_colours(object), labs)
  g <- ggplot2::ggplot(long, ggplot2::aes(x = .data$x, y = .data$prob, colour = .data$type,
                                          group = .data$type))
  g <- if (is.numeric(focal)) g + ggplot2::geom_line(linewidth = 1) else
    g + ggplot2::geom_point(size = 3) + ggplot2::geom_line(linetype = "dashed")
  g + ggplot2::scale_colour_manual(values = cols, name = NULL) +
    ggplot2::scale_y_continuous(labels = function(v) fmt_pct(v, 0, lang), limits = c(0, 1)) +
    ggplot2::labs(x = covariate, y = tr("lca_cov_plot_y", lang),
                  title = tr("lca_cov_plot_title", lang),
                  subtitle = tr("lca_cov_plot_subtitle", lang, lca_method_label(object$method, lang))) +
    theme_typfrage()
}
