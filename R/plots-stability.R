#' Plot a stability assessment
#'
#' `what = "jaccard"` shows the distribution of every type's clusterwise
#' Jaccard similarity over the replicates (box plots with the replicates as
#' points), with the dissolution and recovery thresholds as dashed lines.
#' `what = "shares"` shows each type's share of the sample with its
#' percentile interval.
#'
#' @param object,x A `typology_stability` object from [stability()].
#' @param what `"jaccard"` or `"shares"`.
#' @param ... Passed from `plot()` to `autoplot()`.
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' set.seed(1)
#' x <- rbind(matrix(rnorm(100, 0), 50), matrix(rnorm(100, 4), 50))
#' st <- stability(typology(x, k = 2, nstart = 5, threads = 1), B = 20, threads = 1)
#' autoplot(st)
#' autoplot(st, "shares")
autoplot.typology_stability <- function(object, what = c("jaccard", "shares"), ...) {
  what <- as_input_error(rlang::arg_match(what))
  labels <- object$types$name
  if (what == "jaccard") {
    df <- tidy.typology_stability(object, "replicates")
    df$name <- factor(df$name, levels = labels)
    means <- data.frame(name = factor(labels, levels = labels), jaccard = object$types$jaccard)
    ggplot2::ggplot(df, ggplot2::aes(x = .data$name, y = .data$jaccard)) +
      ggplot2::geom_hline(yintercept = c(object$dissolution, object$recovery),
                          linetype = "dashed", colour = "grey50") +
      ggplot2::geom_boxplot(outlier.shape = NA, fill = "grey92") +
      ggplot2::geom_jitter(width = 0.15, height = 0, alpha = 0.3, size = 0.8) +
      ggplot2::geom_point(data = means, colour = "firebrick", size = 3, shape = 18) +
      ggplot2::scale_y_continuous(limits = c(0, 1)) +
      ggplot2::labs(
        x = NULL, y = "Jaccard similarity with the best match",
        title = "Stability of the types",
        subtitle = sprintf("%d %s replicates; red: mean Jaccard; dashed: dissolved (%g) and recovered (%g)",
                           object$B, object$resample, object$dissolution, object$recovery)
      ) +
      ggplot2::theme_minimal()
  } else {
    df <- object$shares
    df$name <- factor(labels, levels = rev(labels))
    ggplot2::ggplot(df, ggplot2::aes(y = .data$name, x = .data$estimate)) +
      ggplot2::geom_errorbar(ggplot2::aes(xmin = .data$lower, xmax = .data$upper), width = 0.2, orientation = "y") +
      ggplot2::geom_point(size = 2.5) +
      ggplot2::scale_x_continuous(labels = function(v) paste0(round(100 * v), "%")) +
      ggplot2::labs(
        x = "Share of the sample", y = NULL,
        title = "Shares of the types",
        subtitle = sprintf("%g%% percentile intervals from %d %s replicates",
                           100 * object$level, object$B, object$resample)
      ) +
      ggplot2::theme_minimal()
  }
}

#' @rdname autoplot.typology_stability
#' @export
plot.typology_stability <- function(x, ...) {
  print(autoplot.typology_stability(x, ...))
  invisible(x)
}
