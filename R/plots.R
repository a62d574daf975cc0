# ggplot2 pictures of typfrage results. Every autoplot() method returns a
# ggplot object that users can restyle; plot() methods print it.

#' @importFrom ggplot2 autoplot
#' @export
ggplot2::autoplot

#' Plot the cross-tabulation of two partitions
#'
#' A tile plot of the contingency table behind [agreement()]: each tile is a
#' pair of clusters, shaded and labelled by the number of observations they
#' share. Relabel one partition first with [match_labels()] to put the
#' matching clusters on the diagonal.
#'
#' @param object,x A `typology_agreement` object.
#' @param ... Unused.
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' a <- agreement(c(1, 1, 1, 2, 2, 2, 3, 3), c(1, 1, 2, 2, 2, 2, 3, 3))
#' autoplot(a)
autoplot.typology_agreement <- function(object, ...) {
  tab <- object$table
  df <- data.frame(
    x = factor(rep(rownames(tab), times = ncol(tab)), levels = rownames(tab)),
    y = factor(rep(colnames(tab), each = nrow(tab)), levels = colnames(tab)),
    n = as.vector(tab)
  )
  ggplot2::ggplot(df, ggplot2::aes(x = .data$y, y = .data$x, fill = .data$n)) +
    ggplot2::geom_tile(colour = "white") +
    ggplot2::geom_text(ggplot2::aes(label = .data$n)) +
    ggplot2::scale_fill_gradient(low = "grey95", high = "steelblue", name = "n") +
    ggplot2::scale_y_discrete(limits = rev) +
    ggplot2::labs(
      x = "y", y = "x",
      title = "Cross-tabulation of two partitions",
      subtitle = sprintf("Adjusted Rand index %.3f", object$ari)
    ) +
    ggplot2::theme_minimal()
}

#' @rdname autoplot.typology_agreement
#' @export
plot.typology_agreement <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}
