#' Plot a stability assessment
#'
#' `type = "jaccard"` shows the distribution of every type's clusterwise
#' Jaccard similarity over the replicates (box plots with the replicates as
#' points), with the dissolution and recovery thresholds as dashed lines.
#' `type = "shares"` shows each type's share of the sample with its
#' percentile interval. Both draw every type in its [type_colours()]. The
#' type means of every item with their intervals are drawn by the profile
#' plot: `autoplot(profiles(fit), stability = st)`.
#'
#' @param object,x A `typology_stability` object from [stability()].
#' @param type `"jaccard"` or `"shares"`.
#' @param ... Unused by `autoplot()` (an argument it does not know is an
#'   error); passed on to `autoplot()` by `plot()`.
#' @inheritParams typfrage_lang
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' set.seed(1)
#' x <- rbind(matrix(rnorm(100, 0), 50), matrix(rnorm(100, 4), 50))
#' st <- stability(typology(x, k = 2, nstart = 5, threads = 1), B = 20, threads = 1)
#' autoplot(st)
#' autoplot(st, "shares", lang = "de")
autoplot.typology_stability <- function(object, type = c("jaccard", "shares"), ...,
                                        lang = NULL) {
  check_plot_dots(...)
  type <- as_input_error(rlang::arg_match(type))
  lang <- typfrage_lang(lang)
  labels <- colour_labels(object, lang)
  cols <- type_colours(object)
  resample <- resample_label(object$resample, lang)
  thr <- function(v) fmt_num(v, 2, lang)
  if (type == "jaccard") {
    df <- tidy.typology_stability(object, "replicates")
    df$name <- factor(labels[df$type], levels = labels)
    means <- data.frame(name = factor(labels, levels = labels), jaccard = object$types$jaccard)
    ggplot2::ggplot(df, ggplot2::aes(x = .data$name, y = .data$jaccard, colour = .data$name)) +
      ggplot2::geom_hline(yintercept = c(object$dissolution, object$recovery),
                          linetype = "dashed", colour = "grey50") +
      ggplot2::geom_boxplot(outlier.shape = NA, fill = "grey97") +
      ggplot2::geom_jitter(width = 0.15, height = 0, alpha = 0.35, size = 0.8) +
      ggplot2::geom_point(data = means, colour = "grey10", size = 3.5, shape = 18) +
      scale_types(cols, labels, guide = "none") +
      ggplot2::scale_x_discrete(labels = scales::label_wrap(14)) +
      ggplot2::scale_y_continuous(limits = c(0, 1), labels = label_num(lang)) +
      ggplot2::labs(
        x = NULL, y = tr("stab_jaccard_y", lang),
        title = tr("stab_jaccard_title", lang),
        subtitle = wrap_text(tr("stab_jaccard_subtitle", lang, object$B, resample,
                                thr(object$dissolution), thr(object$recovery)))
      ) +
      theme_typfrage()
  } else {
    df <- object$shares
    df$name <- factor(labels, levels = rev(labels))
    ggplot2::ggplot(df, ggplot2::aes(y = .data$name, x = .data$estimate, colour = .data$name)) +
      ggplot2::geom_errorbar(ggplot2::aes(xmin = .data$lower, xmax = .data$upper),
                             width = 0.2, orientation = "y", linewidth = 0.8) +
      ggplot2::geom_point(size = 3) +
      scale_types(cols, labels, guide = "none") +
      ggplot2::scale_x_continuous(labels = label_pct(lang)) +
      ggplot2::labs(
        x = tr("stab_shares_x", lang), y = NULL,
        title = tr("stab_shares_title", lang),
        subtitle = wrap_text(tr("stab_shares_subtitle", lang, fmt_pct(object$level, 0, lang),
                                object$B, resample))
      ) +
      theme_typfrage()
  }
}

#' @rdname autoplot.typology_stability
#' @export
plot.typology_stability <- function(x, ...) {
  print(autoplot.typology_stability(x, ...))
  invisible(x)
}
