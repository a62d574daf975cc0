#' Silhouette widths without a distance matrix
#'
#' The silhouette width (Rousseeuw 1987) of an observation compares its mean
#' distance \eqn{a(i)} to the other members of its own cluster with its mean
#' distance \eqn{b(i)} to the members of the nearest other cluster (its
#' *neighbour*): \eqn{s(i) = (b(i) - a(i)) / \max(a(i), b(i))}. Widths near 1
#' mean the observation sits well inside its type, near 0 that it lies between
#' two types, and negative widths that it is closer to another type.
#'
#' The widths are computed in C++, in parallel (`threads`), directly from
#' the data, keeping only sums of distances per observation and cluster, so
#' memory grows with \eqn{n}, not \eqn{n^2}, and 20,000 or 100,000
#' observations are no problem. For Euclidean, squared Euclidean and
#' Manhattan distances the observations are sorted by cluster and every
#' distance is computed once, for both of its observations, several at a time
#' in the processor's vector registers; Gower distances are computed
#' observation by observation. When `data` is a `dist` object the stored
#' distances are used instead.
#'
#' The conventions are those of [cluster::silhouette()], whose results these
#' equal: an observation alone in its cluster has width 0; when \eqn{a(i) =
#' b(i)} the width is 0; among equally near clusters the neighbour is the one
#' with the smallest code. Case weights are frequency weights (see
#' [typfrage_weights]): a row of weight 3 counts as three identical rows, so
#' \eqn{b(i)} is the weighted mean distance to the neighbour cluster and
#' \eqn{a(i) = \sum_{j \ne i} w_j d_{ij} / (W - 1)}, with \eqn{W} the total
#' weight of \eqn{i}'s cluster (the row's own other copies are at distance 0);
#' a cluster of total weight at most 1 counts as a single case (width 0). The
#' averages per cluster and overall are weighted by the observations' weights.
#'
#' @inheritParams cluster_indices
#' @param data A data frame or numeric matrix of items, a `dist` object, or a
#'   fitted `typology` (then `cluster`, the items, their standardisation, the
#'   distance and the weights are taken from it).
#' @param distance Distance between observations: `"euclidean"` (default),
#'   `"sqeuclidean"`, `"manhattan"` or `"gower"`. Ignored when `data` is a
#'   `dist` object.
#' @return An object of class `c("typology_silhouette", "silhouette")`: a
#'   matrix with one row per observation and the columns `cluster`,
#'   `neighbor` and `sil_width`, as returned by [cluster::silhouette()] (so
#'   `summary()`, `plot()` and `sortSilhouette()` of \pkg{cluster} also work).
#'   Cluster labels that are whole numbers are kept; other labels are coded
#'   1, 2, ... in sorted order and the attribute `"levels"` holds them. More
#'   attributes: `"cluster_avg"` (average width per cluster), `"avg_width"`
#'   (overall average), `"sizes"`, `"weights"`, `"distance"`.
#' @seealso [cluster_indices()], [scan_k()].
#' @references Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the
#'   interpretation and validation of cluster analysis. *Journal of
#'   Computational and Applied Mathematics*, 20, 53--65.
#' @export
#' @examples
#' x <- scale(USArrests)
#' km <- kmeans(x, 3, nstart = 10)
#' sil <- silhouette_widths(x, km$cluster)
#' sil
#' head(unclass(sil))
#' summary(sil)
silhouette_widths <- function(data, cluster = NULL, distance = "euclidean",
                              weights = NULL, items = NULL, standardize = FALSE,
                              threads = NULL, verbose = NULL) {
  call <- rlang::current_env()
  input <- index_input(data, cluster, distance, weights, rlang::enquo(items), standardize,
                       allow_dist = TRUE, call = call)
  if (input$k < 2L || input$k >= input$n) {
    abort_input(
      c("Silhouettes need between 2 and n - 1 clusters.",
        x = "{.arg cluster} has {input$k} cluster{?s} for {input$n} observation{?s}."),
      call = call
    )
  }
  threads <- resolve_threads(threads, call = call)
  verbose <- resolve_verbose(verbose, call = call)
  if (is.null(input$dist)) {
    r <- cpp_silhouette_data(input$x, input$codes, input$k, input$weights,
                             input$distance, input$gower, threads, verbose)
  } else {
    r <- cpp_pairs_dist(as.double(input$dist), input$n, input$codes, input$k,
                        input$weights, TRUE, FALSE, threads, verbose)
  }
  out <- new_typology_silhouette(input, r$sil_width, r$neighbor)
  if (inherits(data, "typology")) {  # the fit's type names and colours, for plots
    attr(out, "type_names") <- data$type_names
    attr(out, "type_colours") <- data$type_colours
  }
  out
}

new_typology_silhouette <- function(input, width, neighbor) {
  values <- suppressWarnings(as.numeric(input$levels))
  whole <- !is.factor(input$original) && !anyNA(values) && all(values == trunc(values))
  code_to_label <- if (whole) values else seq_len(input$k)
  m <- cbind(cluster = code_to_label[input$codes],
             neighbor = code_to_label[neighbor],
             sil_width = width)
  w <- if (is.null(input$weights)) rep(1, input$n) else input$weights
  avg <- vapply(split(width * w, input$codes), sum, numeric(1)) /
    vapply(split(w, input$codes), sum, numeric(1))
  names(avg) <- input$levels
  sizes <- tabulate(input$codes, input$k)
  names(sizes) <- names(avg)
  if (!whole) attr(m, "levels") <- input$levels
  attr(m, "Ordered") <- FALSE
  attr(m, "cluster_avg") <- avg
  attr(m, "avg_width") <- sum(width * w) / sum(w)
  attr(m, "sizes") <- sizes
  attr(m, "weights") <- input$weights
  attr(m, "distance") <- input$distance
  class(m) <- c("typology_silhouette", "silhouette")
  m
}

# Kaufman & Rousseeuw's (1990, p. 88) reading of the average width.
silhouette_reading <- function(avg, lang = "en") {
  if (is.na(avg)) return(NA_character_)
  tr(if (avg > 0.70) "sil_strong" else if (avg > 0.50) "sil_reasonable"
     else if (avg > 0.25) "sil_weak" else "sil_none", lang)
}

# The labels of the clusters of silhouettes: the fit's type names (from a
# typology), the labels of `cluster` that are not whole numbers, else
# "Type 1", ... by the cluster numbers.
silhouette_type_labels <- function(x, lang = "en") {
  nm <- attr(x, "type_names", exact = TRUE)
  if (!is.null(nm)) return(as.character(nm))
  lev <- attr(x, "levels", exact = TRUE)
  if (!is.null(lev)) return(as.character(lev))
  tr("type_n", lang, names(attr(x, "sizes")))
}

#' @export
print.typology_silhouette <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  avg <- attr(x, "cluster_avg")
  sizes <- attr(x, "sizes")
  neg <- tapply(x[, "sil_width"] < 0, x[, "cluster"], sum)
  cli::cat_line(tr("sil_header", lang, fmt_int(nrow(x), lang), length(avg),
                   distance_label(attr(x, "distance"), lang),
                   if (is.null(attr(x, "weights"))) "" else tr("weighted_comma", lang)))
  cli::cat_line(tr("sil_average", lang, fmt_num(attr(x, "avg_width"), digits, lang),
                   silhouette_reading(attr(x, "avg_width"), lang)))
  tab <- data.frame(cluster = names(avg), size = as.integer(sizes),
                    avg_width = fmt_num(avg, digits, lang),
                    negative = as.integer(neg),
                    stringsAsFactors = FALSE)
  if (!is.null(attr(x, "type_names"))) tab$cluster <- attr(x, "type_names")
  names(tab) <- tr_or(paste0("col_", names(tab)), lang, names(tab))
  print(tab, row.names = FALSE, right = TRUE)
  invisible(x)
}

#' @export
summary.typology_silhouette <- function(object, ...) {
  width <- object[, "sil_width"]
  structure(
    list(
      avg_width = attr(object, "avg_width"),
      clus_avg_widths = attr(object, "cluster_avg"),
      clus_sizes = attr(object, "sizes"),
      si_summary = summary(width),
      negative = tapply(width < 0, object[, "cluster"], sum),
      reading = silhouette_reading(attr(object, "avg_width")),
      weighted = !is.null(attr(object, "weights")),
      distance = attr(object, "distance")
    ),
    class = "summary.typology_silhouette"
  )
}

#' @export
print.summary.typology_silhouette <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  cli::cat_line(tr("summary_sil_header", lang, length(x$clus_sizes),
                   distance_label(x$distance, lang),
                   if (x$weighted) tr("weighted_averages", lang) else ""))
  cli::cat_line(tr("summary_sil_average", lang, fmt_num(x$avg_width, digits, lang),
                   silhouette_reading(x$avg_width, lang)))
  cli::cat_line(tr("summary_sil_table", lang))
  tab <- data.frame(size = as.integer(x$clus_sizes),
                    avg_width = round(x$clus_avg_widths, digits),
                    negative = as.integer(x$negative),
                    row.names = names(x$clus_sizes))
  if (identical(lang, "de")) {
    tab$avg_width <- fmt_num(tab$avg_width, digits, lang)
    names(tab) <- tr_or(paste0("col_", names(tab)), lang, names(tab))
    print(tab, right = TRUE)
  } else {
    print(tab)
  }
  cli::cat_line(tr("summary_sil_individual", lang))
  if (identical(lang, "de")) {
    v <- signif(x$si_summary, digits)
    print(noquote(stats::setNames(chartr(".", ",", format(unclass(v))),
                                  tr_or(paste0("stat_", c("min", "q1", "median", "mean", "q3", "max")), lang))),
          right = TRUE)
  } else {
    print(x$si_summary, digits = digits)
  }
  invisible(x)
}

#' @export
as.data.frame.typology_silhouette <- function(x, row.names = NULL, optional = FALSE, ...) {
  data.frame(observation = seq_len(nrow(x)), cluster = x[, "cluster"],
             neighbor = x[, "neighbor"], sil_width = x[, "sil_width"])
}

#' Silhouette plot
#'
#' One horizontal bar per observation, its silhouette width, grouped by type
#' and, within a type, from the widest to the narrowest, in the colours of
#' [type_colours()]. Every type is labelled with its name and average width;
#' the dashed line marks the overall average width. Types whose bars are
#' short or negative are poorly separated from their neighbours.
#'
#' @param object,x A `typology_silhouette` object from [silhouette_widths()]
#'   (made from a fitted typology, it carries the types' names and colours).
#' @param ... Unused by `autoplot()` (an argument it does not know is an
#'   error); passed on to `autoplot()` by `plot()`.
#' @inheritParams typfrage_lang
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' fit <- name_types(fit, c("High crime", "Middle", "Low crime"))
#' sil <- silhouette_widths(fit)
#' autoplot(sil)
#' autoplot(sil, lang = "de")
autoplot.typology_silhouette <- function(object, ..., lang = NULL) {
  check_plot_dots(...)
  lang <- typfrage_lang(lang)
  cl <- object[, "cluster"]
  w <- object[, "sil_width"]
  codes <- match(cl, as.numeric(names(attr(object, "sizes"))))
  if (anyNA(codes)) codes <- as.integer(factor(cl))
  labs <- silhouette_type_labels(object, lang)
  cols <- type_colours(object)
  ord <- order(codes, -w)
  gap <- max(2, round(length(w) / 100))  # a small space between the types
  position <- seq_along(ord) + gap * (codes[ord] - 1L)
  df <- data.frame(position = position, width = w[ord],
                   type_label = factor(labs[codes[ord]], levels = labs))
  avg <- attr(object, "avg_width")
  type_avg <- attr(object, "cluster_avg")
  mids <- data.frame(
    position = vapply(split(position, codes[ord]), mean, numeric(1)),
    type_label = factor(labs, levels = labs)[sort(unique(codes))],
    text = tr("sil_type_avg", lang, labs, fmt_num(type_avg, 2, lang))[sort(unique(codes))]
  )
  ggplot2::ggplot(df, ggplot2::aes(x = .data$position, y = .data$width,
                                   fill = .data$type_label)) +
    ggplot2::geom_col(width = 1) +
    ggplot2::geom_hline(yintercept = avg, linetype = "dashed", colour = "grey20") +
    ggplot2::coord_flip() +
    ggplot2::scale_x_reverse(breaks = mids$position, labels = scales::label_wrap(30)(mids$text),
                             expand = ggplot2::expansion(add = 1)) +
    ggplot2::scale_y_continuous(labels = label_num(lang),
                                expand = ggplot2::expansion(mult = c(0.02, 0.05))) +
    scale_types(cols, labs, aesthetics = "fill", guide = "none") +
    ggplot2::labs(
      x = NULL, y = tr("sil_x", lang),
      title = tr("sil_title", lang),
      subtitle = wrap_text(tr("sil_subtitle", lang, fmt_int(nrow(object), lang),
                              length(attr(object, "sizes")), fmt_num(avg, 2, lang),
                              silhouette_reading(avg, lang)))
    ) +
    theme_typfrage() +
    ggplot2::theme(panel.grid.major.y = ggplot2::element_blank(),
                   axis.text.y = ggplot2::element_text(size = 10))
}

#' @rdname autoplot.typology_silhouette
#' @export
plot.typology_silhouette <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}
