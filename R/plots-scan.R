# ggplot2 pictures of scan_k(): the indices against k (every index's own
# recommendation and the k most indices recommend marked on every panel), and
# the flow of the cases from the types at k to those at k + 1.

#' Plot a scan over the number of types
#'
#' * `type = "indices"` (the default): one panel per index, its value against
#'   \eqn{k}, with \eqn{\pm 1} standard error bars where defined (gap
#'   statistic, prediction strength). The \eqn{k} each index recommends is a
#'   larger point in the second colour; the \eqn{k} most indices recommend is
#'   a dashed line in the same colour on every panel. For prediction strength
#'   the cutoff is drawn as a grey dashed line.
#' * `type = "flow"`: how the types split as \eqn{k} grows (after clustree):
#'   one column of boxes per \eqn{k}, one box per type (its area: the number
#'   of cases), and bands from every type at \eqn{k} to the types at
#'   \eqn{k + 1} its cases move to (width: the number of cases). Boxes are
#'   coloured by the type most of their cases belong to at the chosen
#'   \eqn{k}, so the lineage of each type can be followed; with `fit` the
#'   chosen \eqn{k} is `fit$k`, its partition, names and [type_colours()] are
#'   the fit's; without, it is the \eqn{k} most indices recommend.
#'
#' @param object,x A `typology_scan` object from [scan_k()].
#' @param type `"indices"` or `"flow"`.
#' @param fit For `type = "flow"`: optionally the [typology()] chosen from
#'   the scan (fitted to the same rows); its number of types must be one of
#'   the scanned \eqn{k}.
#' @param ... Unused by `autoplot()` (an argument it does not know is an
#'   error); passed on to `autoplot()` by `plot()`.
#' @inheritParams typfrage_lang
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' s <- scan_k(USArrests, k = 2:5, standardize = TRUE,
#'             indices = c("wss", "silhouette", "ch"), nstart = 5, seed = 1)
#' autoplot(s)
#' autoplot(s, type = "flow")
#' fit <- typology(USArrests, k = 3, standardize = TRUE, nstart = 5, seed = 1)
#' autoplot(s, type = "flow", fit = name_types(fit, c("A", "B", "C")), lang = "de")
autoplot.typology_scan <- function(object, type = c("indices", "flow"), fit = NULL, ...,
                                   lang = NULL) {
  check_plot_dots(...)
  type <- as_input_error(rlang::arg_match(type))
  lang <- typfrage_lang(lang)
  if (type == "flow") return(plot_scan_flow(object, fit, lang, call = rlang::current_env()))
  if (!is.null(fit)) {
    abort_input("{.arg fit} is used only by {.code type = \"flow\"}.",
                class = "typfrage_error_plot_argument")
  }
  plot_scan_indices(object, lang)
}

#' @rdname autoplot.typology_scan
#' @export
plot.typology_scan <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}

plot_scan_indices <- function(object, lang) {
  tab <- object$indices
  rec <- object$recommended
  # `%in%` binds tighter than `==`: compare first, then NA to FALSE
  tab$recommended <- (tab$k == rec$k[match(tab$index, rec$index)]) %in% TRUE
  ids <- unique(tab$index)
  labs <- tr_or(paste0("index_", ids), lang)
  tab$panel <- factor(labs[match(tab$index, ids)], levels = labs)
  se <- tab[!is.na(tab$se), , drop = FALSE]
  best <- scan_consensus_k(rec)
  votes <- sum(rec$k == best, na.rm = TRUE)
  p <- ggplot2::ggplot(tab, ggplot2::aes(x = .data$k, y = .data$value))
  if (!is.na(best) && votes > 1L) {
    p <- p + ggplot2::geom_vline(xintercept = best, colour = mark_colour, linetype = "dashed",
                                 alpha = 0.7)
  }
  if (nrow(se)) {
    p <- p + ggplot2::geom_errorbar(
      data = se, ggplot2::aes(ymin = .data$value - .data$se, ymax = .data$value + .data$se),
      width = 0.15, colour = "grey40")
  }
  if ("ps" %in% tab$index) {
    cut <- data.frame(panel = factor(labs[ids == "ps"], levels = labs), y = object$ps_cutoff)
    p <- p + ggplot2::geom_hline(data = cut, ggplot2::aes(yintercept = .data$y),
                                 linetype = "dashed", colour = "grey50")
  }
  p +
    ggplot2::geom_line(colour = "grey40") +
    ggplot2::geom_point(ggplot2::aes(colour = .data$recommended, size = .data$recommended),
                        show.legend = FALSE) +
    ggplot2::scale_colour_manual(values = c(`FALSE` = "grey20", `TRUE` = mark_colour)) +
    ggplot2::scale_size_manual(values = c(`FALSE` = 1.6, `TRUE` = 3.5)) +
    ggplot2::facet_wrap(~ panel, scales = "free_y",
                        labeller = ggplot2::label_wrap_gen(width = 32)) +
    ggplot2::scale_x_continuous(breaks = sort(unique(tab$k))) +
    ggplot2::scale_y_continuous(labels = label_num(lang)) +
    ggplot2::labs(x = tr("n_types_k", lang), y = NULL,
                  title = tr("scan_title", lang),
                  subtitle = wrap_text(scan_verdict_text(object, lang)),
                  caption = wrap_text(if (!is.na(best) && votes > 1L)
                    tr("scan_caption", lang, best) else tr("scan_caption_one", lang), 110)) +
    theme_typfrage()
}

# Nodes (k, type) and edges (type at k -> type at k + 1) of the flow plot.
# `ref` is the partition at the chosen k (its codes 1..kk); every node gets
# the reference type most of its cases belong to.
scan_flow_data <- function(clusters, ks, ref) {
  nodes <- list()
  pos <- list()
  for (j in seq_along(ks)) {
    cl <- clusters[, j]
    k <- ks[j]
    n <- tabulate(cl, k)
    main <- vapply(seq_len(k), function(t) {
      r <- ref[cl == t]
      if (!length(r)) NA_integer_ else as.integer(names(which.max(table(r))))
    }, integer(1))
    # vertical order: barycentre of the parents' positions (fewer crossings)
    if (j == 1L) {
      y <- seq_len(k)
    } else {
      prev <- pos[[j - 1L]][clusters[, j - 1L]]
      y <- vapply(seq_len(k), function(t) mean(prev[cl == t]), numeric(1))
      y <- rank(y, ties.method = "first")
    }
    y <- y - (k + 1) / 2
    pos[[j]] <- y
    nodes[[j]] <- data.frame(k = k, type = seq_len(k), n = n, y = y, ref = main)
  }
  edges <- list()
  for (j in seq_len(length(ks) - 1L)) {
    tab <- table(factor(clusters[, j], seq_len(ks[j])), factor(clusters[, j + 1L], seq_len(ks[j + 1L])))
    from <- rep(seq_len(ks[j]), times = ks[j + 1L])
    to <- rep(seq_len(ks[j + 1L]), each = ks[j])
    size_to <- tabulate(clusters[, j + 1L], ks[j + 1L])
    e <- data.frame(k = ks[j], from = from, to = to, n = as.vector(tab),
                    y = pos[[j]][from], yend = pos[[j + 1L]][to],
                    share = as.vector(tab) / size_to[to])
    edges[[j]] <- e[e$n > 0, , drop = FALSE]
  }
  list(nodes = do.call(rbind, nodes), edges = do.call(rbind, edges))
}

plot_scan_flow <- function(object, fit, lang, call = rlang::caller_env()) {
  ks <- object$k
  clusters <- object$clusters
  ord <- order(ks)
  ks <- ks[ord]
  clusters <- clusters[, ord, drop = FALSE]
  if (length(ks) < 2L) {
    abort_input("The flow of types needs a scan of at least two values of {.arg k}.", call = call)
  }
  if (!is.null(fit)) {
    check_typology(fit, arg = "fit", call = call)
    if (!fit$k %in% ks) {
      abort_input(
        c("{.arg fit} has {fit$k} types, a number the scan did not try.",
          i = "The scan tried k = {ks}."),
        class = "typfrage_error_plot_argument", call = call
      )
    }
    ref_cl <- fit$cluster[fit$rows]
    if (length(ref_cl) != nrow(clusters)) {
      abort_input(
        c("{.arg fit} must be fitted to the rows of the scan.",
          x = "The scan has {nrow(clusters)} rows; {.arg fit} {length(ref_cl)}."),
        class = "typfrage_error_plot_argument", call = call
      )
    }
    chosen <- fit$k
    clusters[, match(chosen, ks)] <- ref_cl
    labs <- type_labels(fit, lang)
    cols <- type_colours(fit)
  } else {
    chosen <- scan_consensus_k(object$recommended)
    if (is.na(chosen) || !chosen %in% ks) chosen <- ks[ceiling(length(ks) / 2)]
    labs <- type_labels(list(k = chosen), lang)
    cols <- default_type_colours(chosen)
  }
  d <- scan_flow_data(clusters, ks, clusters[, match(chosen, ks)])
  nodes <- d$nodes
  edges <- d$edges
  nodes$ref_label <- factor(labs[nodes$ref], levels = labs)
  edges$ref_label <- nodes$ref_label[match(paste(edges$k, edges$from),
                                           paste(nodes$k, nodes$type))]
  named <- nodes[nodes$k == chosen, , drop = FALSE]
  p <- ggplot2::ggplot() +
    ggplot2::geom_segment(
      data = edges,
      ggplot2::aes(x = .data$k, xend = .data$k + 1, y = .data$y, yend = .data$yend,
                   linewidth = .data$n, colour = .data$ref_label, alpha = .data$share),
      lineend = "round", show.legend = c(linewidth = TRUE, colour = FALSE, alpha = FALSE)) +
    ggplot2::geom_point(
      data = nodes, ggplot2::aes(x = .data$k, y = .data$y, size = .data$n, fill = .data$ref_label),
      shape = 22, colour = "grey20") +
    ggplot2::geom_label(
      data = named, ggplot2::aes(x = .data$k, y = .data$y, label = .data$ref_label),
      nudge_x = 0.12, hjust = 0, size = 3.2, label.size = 0, alpha = 0.85, fill = "white") +
    scale_types(cols, labs, aesthetics = c("colour", "fill"), name = tr("type", lang),
                guide = ggplot2::guide_legend(order = 1, nrow = if (
                  inherits(type_guide(labs), "guide")) 2 else NULL)) +
    ggplot2::scale_linewidth(range = c(0.3, 8), name = tr("flow_cases", lang),
                             guide = ggplot2::guide_legend(order = 2)) +
    ggplot2::scale_size_area(max_size = 12, guide = "none") +
    ggplot2::scale_alpha(range = c(0.25, 0.7), limits = c(0, 1)) +
    ggplot2::scale_x_continuous(breaks = ks, expand = ggplot2::expansion(add = c(0.3, 0.9))) +
    ggplot2::scale_y_continuous(breaks = NULL) +
    ggplot2::labs(
      x = tr("n_types_k", lang), y = NULL, title = tr("flow_title", lang),
      subtitle = wrap_text(if (!is.null(fit)) tr("flow_subtitle_fit", lang, chosen)
                           else tr("flow_subtitle", lang))
    ) +
    theme_typfrage(legend = "bottom") +
    ggplot2::theme(panel.grid.minor = ggplot2::element_blank())
  p
}
