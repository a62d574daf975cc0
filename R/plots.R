# ggplot2 pictures of typfrage results. Every autoplot() method returns a
# ggplot object that users can restyle; plot() methods print it.

#' @importFrom ggplot2 autoplot
#' @export
ggplot2::autoplot

# --- shared by every autoplot() method ---

# The second colour of the plots: what a plot recommends or marks
# (Okabe-Ito vermillion).
mark_colour <- "#D55E00"

# The look of every plot: theme_minimal(), the title over the whole plot
# (not only the panel, so long item labels cannot push it out), the legend
# at the bottom when it holds long names.
theme_typfrage <- function(legend = "right") {
  ggplot2::theme_minimal() +
    ggplot2::theme(plot.title.position = "plot", plot.caption.position = "plot",
                   plot.caption = ggplot2::element_text(hjust = 0, colour = "grey30"),
                   legend.position = legend)
}

# Break long titles, subtitles and captions into lines of `width` characters
# (about the width of an 8 in figure).
wrap_text <- function(x, width = 95) {
  if (is.null(x) || !length(x)) return(x)
  paste(strwrap(x, width = width), collapse = "\n")
}

# The `...` of an autoplot() method must be empty: an argument it does not
# know is an error, never silently dropped. `plot = ` and `what = ` (the old
# names of `type = `) get a pointer to the new name.
check_plot_dots <- function(..., call = rlang::caller_env()) {
  if (...length() == 0L) return(invisible())
  nms <- ...names()
  if (is.null(nms)) nms <- rep("", ...length())
  old <- intersect(nms, c("plot", "what"))
  if (length(old)) {
    abort_input(
      c("{.arg {old[1]}} is not an argument of {.fn autoplot}.",
        i = "The plot is chosen with {.arg type}, as in every {.fn autoplot} of typfrage: {.code autoplot(x, type = ...)}."),
      class = "typfrage_error_plot_argument", call = call
    )
  }
  shown <- ifelse(nzchar(nms), nms, paste0("..", seq_along(nms)))
  abort_input(
    c("{.fn autoplot} got {cli::qty(length(shown))}{?an argument/arguments} it does not use: {.arg {shown}}.",
      i = "See the help page of this {.fn autoplot} method for its arguments."),
    class = "typfrage_error_plot_argument", call = call
  )
}

#' Plot the cross-tabulation of two partitions
#'
#' A tile plot of the contingency table behind [agreement()]: each tile is a
#' pair of clusters, shaded and labelled by the number of observations they
#' share. Relabel one partition first with [match_labels()] to put the
#' matching clusters on the diagonal.
#'
#' @param object,x A `typology_agreement` object.
#' @param ... Unused by `autoplot()` (an argument it does not know is an
#'   error); passed on to `autoplot()` by `plot()`.
#' @inheritParams typfrage_lang
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' a <- agreement(c(1, 1, 1, 2, 2, 2, 3, 3), c(1, 1, 2, 2, 2, 2, 3, 3))
#' autoplot(a)
autoplot.typology_agreement <- function(object, ..., lang = NULL) {
  check_plot_dots(...)
  lang <- typfrage_lang(lang)
  tab <- object$table
  df <- data.frame(
    x = factor(rep(rownames(tab), times = ncol(tab)), levels = rownames(tab)),
    y = factor(rep(colnames(tab), each = nrow(tab)), levels = colnames(tab)),
    n = as.vector(tab)
  )
  ggplot2::ggplot(df, ggplot2::aes(x = .data$y, y = .data$x, fill = .data$n)) +
    ggplot2::geom_tile(colour = "white") +
    ggplot2::geom_text(ggplot2::aes(label = fmt_int(.data$n, lang))) +
    ggplot2::scale_fill_gradient(low = "grey95", high = "#56B4E9", name = "n") +
    ggplot2::scale_y_discrete(limits = rev) +
    ggplot2::labs(
      x = "y", y = "x",
      title = tr("agreement_title", lang),
      subtitle = tr("agreement_subtitle", lang, fmt_num(object$ari, 3, lang))
    ) +
    theme_typfrage()
}

#' @rdname autoplot.typology_agreement
#' @export
plot.typology_agreement <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}
