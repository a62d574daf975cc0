# ggplot2 pictures of a typology itself: the dendrogram of Ward's tree with
# the types marked; other pictures are delegated to the profiles' plots.

#' Plot a typology
#'
#' * `"dendrogram"` (the default for `method = "ward"` and `"ward_kmeans"`):
#'   Ward's tree, with every branch whose rows all belong to one type drawn
#'   in that type's colour ([type_colours()]; mixed branches in grey) and the
#'   height at which the tree is cut into `k` types marked by a dashed line.
#'   For `"ward_kmeans"` the colours are the final (k-means) types, so rows
#'   that k-means moved to another type show up as differently coloured
#'   leaves.
#' * `"profile"` (the default for the other methods), `"heatmap"` and
#'   `"map"`: the plots of [profiles()], drawn by
#'   [autoplot.typology_profiles()] from `profiles(object, labels = labels)`.
#'
#' @param object,x A `typology` from [typology()].
#' @param type Which plot; `NULL` (the default) draws the dendrogram when the
#'   typology has a tree and the profile plot otherwise.
#' @param labels For the profile plots: a codebook of item labels, as in
#'   [profiles()].
#' @param leaf_labels For the dendrogram: show the row labels under the
#'   leaves? `NULL` (the default) shows them for at most 60 rows.
#' @param scale For the profile plot and heatmap: `"z"` or `"mean"`, see
#'   [autoplot.typology_profiles()].
#' @param ... Unused by `autoplot()` (an argument it does not know is an
#'   error); passed on to `autoplot()` by `plot()`.
#' @inheritParams typfrage_lang
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' fit <- typology(USArrests, k = 4, method = "ward_kmeans", standardize = TRUE)
#' autoplot(fit)
#' autoplot(fit, type = "profile", labels = c(UrbanPop = "Urban population"))
autoplot.typology <- function(object, type = NULL, labels = NULL, leaf_labels = NULL,
                              scale = c("z", "mean"), ..., lang = NULL) {
  call <- rlang::current_env()
  check_plot_dots(...)
  check_typology(object, arg = "object", call = call)
  lang <- typfrage_lang(lang)
  has_tree <- inherits(object$tree, "hclust")
  if (is.null(type)) type <- if (has_tree) "dendrogram" else "profile"
  type <- check_choice(type, c("dendrogram", "profile", "heatmap", "map"), arg = "type",
                       call = call)
  if (type != "dendrogram") {
    if (!is.null(leaf_labels)) {
      abort_input("{.arg leaf_labels} is used only by the dendrogram.",
                  class = "typfrage_error_plot_argument", call = call)
    }
    return(autoplot(profiles(object, labels = labels), type = type, scale = scale, lang = lang))
  }
  if (!has_tree) {
    abort_input(
      c("{.code type = \"dendrogram\"} needs a typology with a tree.",
        i = "Fit it with {.code method = \"ward\"} or {.code \"ward_kmeans\"}, or use {.fn hierarchy}."),
      call = call
    )
  }
  if (!is.null(labels)) {
    abort_input(
      c("{.arg labels} (a codebook of item labels) is used only by the profile plots.",
        i = "Row labels under the dendrogram's leaves: {.arg leaf_labels}."),
      class = "typfrage_error_plot_argument", call = call
    )
  }
  if (!is.null(leaf_labels)) check_flag(leaf_labels, arg = "leaf_labels", call = call)
  plot_dendrogram(object, leaf_labels, lang)
}

#' @rdname autoplot.typology
#' @export
plot.typology <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}

# Segments of a dendrogram from hclust's merge, height and order: leaves at
# x = 1..n in the tree's order and height 0, every merge at the midpoint of
# its two children. `type` gives the type of every leaf (observation order);
# a node has a type when all its leaves share it (NA otherwise). Returns one
# row per segment: x, y, xend, yend, type.
dendrogram_segments <- function(tree, type) {
  m <- tree$merge
  h <- tree$height
  steps <- nrow(m)
  leaf_x <- integer(steps + 1L)
  leaf_x[tree$order] <- seq_along(tree$order)
  node_x <- numeric(steps)
  node_type <- integer(steps)
  child <- function(code) {
    if (code < 0L) list(x = leaf_x[-code], y = 0, type = type[-code])
    else list(x = node_x[code], y = h[code], type = node_type[code])
  }
  out <- vector("list", steps)
  for (s in seq_len(steps)) {
    a <- child(m[s, 1L])
    b <- child(m[s, 2L])
    node_x[s] <- (a$x + b$x) / 2
    node_type[s] <- if (!is.na(a$type) && !is.na(b$type) && a$type == b$type) a$type else NA_integer_
    out[[s]] <- data.frame(
      x = c(a$x, b$x, a$x, b$x),
      y = c(a$y, b$y, h[s], h[s]),
      xend = c(a$x, b$x, node_x[s], node_x[s]),
      yend = c(h[s], h[s], h[s], h[s]),
      type = c(a$type, b$type, node_type[s], node_type[s])
    )
  }
  do.call(rbind, out)
}

plot_dendrogram <- function(object, labels, lang = "en") {
  tree <- object$tree
  n <- length(tree$order)
  type <- object$cluster[object$rows]
  seg <- dendrogram_segments(tree, type)
  lab <- type_labels(object, lang)
  seg$type_label <- factor(lab[seg$type], levels = lab)
  typed <- seg[!is.na(seg$type), , drop = FALSE]
  mixed <- seg[is.na(seg$type), , drop = FALSE]
  k <- object$k
  h <- sort(tree$height)
  cut <- if (k > 1L && k <= n - 1L) (h[n - k] + h[n - k + 1L]) / 2 else NULL
  if (is.null(labels)) labels <- n <= 60L
  leaf_names <- tree$labels
  if (is.null(leaf_names)) leaf_names <- as.character(seq_len(n))
  p <- ggplot2::ggplot() +
    ggplot2::geom_segment(
      data = mixed,
      ggplot2::aes(x = .data$x, y = .data$y, xend = .data$xend, yend = .data$yend),
      colour = "grey50"
    ) +
    ggplot2::geom_segment(
      data = typed,
      ggplot2::aes(x = .data$x, y = .data$y, xend = .data$xend, yend = .data$yend,
                   colour = .data$type_label)
    ) +
    scale_types(type_colours(object), lab, name = tr("type", lang))
  if (!is.null(cut)) {
    p <- p + ggplot2::geom_hline(yintercept = cut, linetype = "dashed", colour = "grey30")
  }
  p <- p + if (labels) {
    ggplot2::scale_x_continuous(breaks = seq_len(n), labels = leaf_names[tree$order],
                                expand = ggplot2::expansion(add = 0.5))
  } else {
    ggplot2::scale_x_continuous(breaks = NULL, expand = ggplot2::expansion(add = 0.5))
  }
  p +
    ggplot2::labs(
      x = NULL, y = tr("dendro_y", lang),
      title = tr("dendro_title", lang, method_label(object$method, lang), k),
      subtitle = if (!is.null(cut)) tr("dendro_subtitle", lang) else NULL
    ) +
    ggplot2::scale_y_continuous(labels = label_num(lang)) +
    theme_typfrage(legend = legend_side(lab)) +
    ggplot2::theme(
      panel.grid.major.x = ggplot2::element_blank(),
      panel.grid.minor.x = ggplot2::element_blank(),
      axis.text.x = if (labels) ggplot2::element_text(angle = 90, hjust = 1, vjust = 0.5, size = 7)
                    else ggplot2::element_blank()
    )
}
