# print() and autoplot() of a short form (short_form(), R/short-form.R).

#' @rdname short_form
#' @param x A `typology_short_form`.
#' @inheritParams typfrage_lang
#' @export
print.typology_short_form <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  fit <- x$fit
  cv <- x$curve[x$n_items, ]
  pct <- function(v) fmt_pct(v, 1, lang)
  cat(tr("sf_header", lang, x$n_items, length(fit$settings$items),
         method_label(fit$method, lang), fit$k), "\n", sep = "")
  cat(tr("sf_accuracy", lang, pct(cv$accuracy), fmt_pct(x$level, 0, lang),
         pct(cv$accuracy_lower), pct(cv$accuracy_upper), x$folds,
         fmt_num(cv$ari, 2, lang)), "\n", sep = "")
  cat(if (x$reached) tr("sf_reached", lang, pct(x$target))
      else tr("sf_not_reached", lang, pct(x$target), x$n_items), "\n", sep = "")
  cat(tr("sf_items", lang), "\n", sep = "")
  labels <- x$labels[x$items]
  shown <- ifelse(labels == x$items, x$items, paste0(labels, " (", x$items, ")"))
  cat(paste0("  ", seq_along(x$items), ". ", shown), sep = "\n")
  cat(tr("sf_curve", lang), "\n", sep = "")
  tab <- data.frame(
    a = x$curve$n_items, b = x$curve$item, c = pct(x$curve$accuracy_fit),
    d = pct(x$curve$accuracy),
    e = paste0(pct(x$curve$accuracy_lower), " - ", pct(x$curve$accuracy_upper)),
    f = fmt_num(x$curve$ari, 2, lang), stringsAsFactors = FALSE
  )
  names(tab) <- c(tr("sf_col_n", lang), tr("sf_col_added", lang), tr("sf_col_fit", lang),
                  tr("sf_col_cv", lang), tr("sf_col_interval", lang, fmt_pct(x$level, 0, lang)),
                  "ARI")
  print(tab, row.names = FALSE, right = FALSE)
  invisible(x)
}

#' @rdname short_form
#' @export
autoplot.typology_short_form <- function(object, ..., lang = NULL) {
  check_plot_dots(...)
  lang <- typfrage_lang(lang)
  fit <- object$fit
  cv <- object$curve
  labels <- type_labels(fit, lang)
  cols <- type_colours(fit)
  names(cols) <- labels
  recall <- do.call(rbind, lapply(seq_len(fit$k), function(t) {
    data.frame(n_items = cv$n_items, recall = cv[[paste0("recall_", t)]],
               name = labels[t], stringsAsFactors = FALSE)
  }))
  recall$name <- factor(recall$name, levels = labels)
  ggplot2::ggplot(cv, ggplot2::aes(x = .data$n_items)) +
    ggplot2::geom_hline(yintercept = object$target, linetype = "dashed", colour = "grey50") +
    ggplot2::geom_vline(xintercept = object$n_items, linetype = "dotted", colour = "grey50") +
    ggplot2::geom_line(data = recall, ggplot2::aes(y = .data$recall, colour = .data$name),
                       linewidth = 0.6, alpha = 0.8) +
    ggplot2::geom_ribbon(ggplot2::aes(ymin = .data$accuracy_lower, ymax = .data$accuracy_upper),
                         fill = "grey20", alpha = 0.15) +
    ggplot2::geom_line(ggplot2::aes(y = .data$accuracy), colour = "grey10", linewidth = 1) +
    ggplot2::geom_point(ggplot2::aes(y = .data$accuracy), colour = "grey10", size = 2) +
    scale_types(cols, labels, name = tr("sf_plot_recall", lang)) +
    ggplot2::scale_x_continuous(breaks = cv$n_items, labels = label_num(lang)) +
    ggplot2::scale_y_continuous(limits = c(0, 1), labels = label_pct(lang)) +
    ggplot2::labs(
      x = tr("sf_plot_x", lang), y = tr("sf_plot_y", lang),
      title = tr("sf_plot_title", lang),
      subtitle = wrap_text(tr("sf_plot_subtitle", lang, object$folds,
                              fmt_pct(object$level, 0, lang), fmt_pct(object$target, 0, lang),
                              object$n_items))
    ) +
    theme_typfrage(legend_side(labels))
}
