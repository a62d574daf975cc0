# ggplot2 pictures of type profiles: the profile ("snake") plot, the heatmap
# of z-profiles, the type map on the first two principal components, and the
# covariate bar plot. Every one uses the item labels of the codebook given to
# profiles() and the type names set with name_types().

#' Plot the profiles of the types
#'
#' * `"profile"`: the profile ("snake") plot, one line per type across the
#'   items, of the z-profile (type mean minus overall mean, in overall SDs) or
#'   of the type means in the items' units. With `stability`, every type mean
#'   gets its percentile interval from the bootstrap of [stability()].
#' * `"heatmap"`: the z-profiles (or means) as a type x item heatmap, with a
#'   bar in each type's colour over its column.
#' * `"map"`: the cases on the first two principal components of the items
#'   (standardised; constant items left out; unweighted), coloured by type,
#'   with the type centres (type means projected on the same components).
#' * `"covariate"`: the composition of every type by a categorical covariate
#'   (row shares as stacked bars; for more than eight categories a heatmap
#'   of the shares), or the per-type means of a numeric one.
#'
#' Items are in the order of the codebook (the order of the items in the
#' fit), the first at the top; types in their [type_colours()]; long labels
#' are wrapped, not clipped.
#'
#' @param object,x A `typology_profiles` object from [profiles()].
#' @param type Which plot: `"profile"`, `"heatmap"`, `"map"` or `"covariate"`.
#' @param scale For the profile plot and heatmap: `"z"` (z-profiles, the
#'   default) or `"mean"` (type means in the items' units).
#' @param covariate For `type = "covariate"`: the name of the covariate; the
#'   first one when `NULL`.
#' @param stability For `type = "profile"`: optionally the [stability()]
#'   assessment of the same fit; its intervals of the type means are drawn.
#' @param ... Unused by `autoplot()` (an argument it does not know is an
#'   error); passed on to `autoplot()` by `plot()`.
#' @inheritParams typfrage_lang
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' p <- profiles(fit, covariates = data.frame(region = state.region))
#' autoplot(p)
#' autoplot(p, type = "heatmap")
#' autoplot(p, type = "map")
#' autoplot(p, type = "covariate", lang = "de")
autoplot.typology_profiles <- function(object, type = c("profile", "heatmap", "map", "covariate"),
                                       scale = c("z", "mean"), covariate = NULL,
                                       stability = NULL, ..., lang = NULL) {
  check_plot_dots(...)
  type <- as_input_error(rlang::arg_match(type))
  scale <- as_input_error(rlang::arg_match(scale))
  lang <- typfrage_lang(lang)
  call <- rlang::current_env()
  if (!is.null(stability) && type != "profile") {
    abort_input("{.arg stability} is used only by {.code type = \"profile\"}.",
                class = "typfrage_error_plot_argument", call = call)
  }
  switch(type,
    profile = plot_profile(object, scale, stability, lang, call = call),
    heatmap = plot_heatmap(object, scale, lang),
    map = plot_type_map(object, lang, call = call),
    covariate = plot_covariate(object, covariate, lang, call = call)
  )
}

#' @rdname autoplot.typology_profiles
#' @export
plot.typology_profiles <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}

# Long profile data with unique item labels as a factor in item order (first
# item at the top of the plot) and the type labels in `lang`.
profile_long <- function(object, scale, lang = "en") {
  df <- object$profile
  labs <- make.unique(unname(object$labels[object$items]), sep = " ")
  df$item_label <- factor(labs[match(df$item, object$items)], levels = rev(labs))
  tl <- type_labels(object, lang)
  df$type_label <- factor(tl[df$type], levels = tl)
  df$value <- if (scale == "z") df$z else df$mean
  df <- df[order(df$type, match(df$item, object$items)), ]
  df[!is.na(df$value), ]
}

# The intervals of the type means from stability(), on the plot's scale.
profile_intervals <- function(object, st, df, scale, call) {
  if (!inherits(st, "typology_stability")) {
    abort_input(
      c("{.arg stability} must be a result of {.fn stability}.",
        x = "You supplied {.obj_type_friendly {st}}."),
      class = "typfrage_error_plot_argument", call = call
    )
  }
  m <- st$means
  if (!identical(as.integer(st$k), as.integer(object$k)) || !all(object$items %in% m$item)) {
    abort_input(
      c("{.arg stability} does not belong to these profiles.",
        x = "It has {st$k} type{?s} and items {.field {unique(m$item)}}.",
        i = "Run {.code stability(fit)} on the typology the profiles describe."),
      class = "typfrage_error_stability_mismatch", call = call
    )
  }
  m <- m[m$item %in% object$items, , drop = FALSE]
  if (scale == "z") {
    i <- match(m$item, object$item_stats$item)
    mu <- object$item_stats$mean[i]
    sd <- object$item_stats$sd[i]
    m$lower <- (m$lower - mu) / sd
    m$upper <- (m$upper - mu) / sd
  }
  key <- match(paste(m$type, m$item), paste(df$type, df$item))
  m <- m[!is.na(key), , drop = FALSE]
  key <- key[!is.na(key)]
  m$item_label <- df$item_label[key]
  m$type_label <- df$type_label[key]
  m[is.finite(m$lower) & is.finite(m$upper), , drop = FALSE]
}

plot_profile <- function(object, scale, stability, lang, call = rlang::caller_env()) {
  df <- profile_long(object, scale, lang)
  labs <- type_labels(object, lang)
  p <- ggplot2::ggplot(df, ggplot2::aes(x = .data$value, y = .data$item_label,
                                        colour = .data$type_label,
                                        group = .data$type_label))
  if (scale == "z") p <- p + ggplot2::geom_vline(xintercept = 0, colour = "grey60")
  caption <- NULL
  if (!is.null(stability)) {
    iv <- profile_intervals(object, stability, df, scale, call)
    p <- p + ggplot2::geom_errorbar(
      data = iv, ggplot2::aes(xmin = .data$lower, xmax = .data$upper, y = .data$item_label,
                              colour = .data$type_label),
      inherit.aes = FALSE, width = 0.35, orientation = "y", alpha = 0.8,
      position = ggplot2::position_dodge(width = 0.5))
    caption <- tr("profile_interval", lang, fmt_pct(stability$level, 0, lang), stability$B,
                  resample_label(stability$resample, lang))
  }
  dodge <- if (is.null(stability)) ggplot2::position_identity() else
    ggplot2::position_dodge(width = 0.5)
  p +
    ggplot2::geom_path(position = dodge, alpha = if (is.null(stability)) 1 else 0.5) +
    ggplot2::geom_point(size = 2, position = dodge) +
    scale_types(type_colours(object), labs, name = tr("type", lang)) +
    ggplot2::scale_x_continuous(labels = label_num(lang)) +
    ggplot2::scale_y_discrete(labels = scales::label_wrap(40)) +
    ggplot2::labs(
      x = tr(if (scale == "z") "profile_x_z" else "profile_x_mean", lang),
      y = NULL, title = tr("profile_title", lang), caption = wrap_text(caption, 110)
    ) +
    theme_typfrage(legend = legend_side(labs))
}

plot_heatmap <- function(object, scale, lang) {
  df <- profile_long(object, scale, lang)
  labs <- type_labels(object, lang)
  top <- data.frame(x = seq_along(labs), type_label = factor(labs, levels = labs),
                    y = nlevels(df$item_label) + 0.62)
  p <- ggplot2::ggplot(df, ggplot2::aes(x = as.integer(.data$type_label), y = as.integer(.data$item_label))) +
    ggplot2::geom_tile(ggplot2::aes(fill = .data$value), colour = "white") +
    ggplot2::geom_text(ggplot2::aes(label = fmt_num(.data$value, 1, lang)), size = 3) +
    ggplot2::geom_segment(data = top, ggplot2::aes(x = .data$x - 0.47, xend = .data$x + 0.47,
                                                   y = .data$y, yend = .data$y,
                                                   colour = .data$type_label),
                          linewidth = 3, inherit.aes = FALSE) +
    scale_types(type_colours(object), labs, guide = "none")
  p <- if (scale == "z") {
    p + ggplot2::scale_fill_gradient2(low = "#b2182b", mid = "white", high = "#2166ac",
                                      midpoint = 0, name = "z", labels = label_num(lang))
  } else {
    p + ggplot2::scale_fill_gradient(low = "grey95", high = "#0072B2",
                                     name = tr("heatmap_mean", lang), labels = label_num(lang))
  }
  p +
    ggplot2::scale_x_continuous(breaks = seq_along(labs), labels = scales::label_wrap(12)(labs),
                                expand = ggplot2::expansion(add = 0.05)) +
    ggplot2::scale_y_continuous(breaks = seq_len(nlevels(df$item_label)),
                                labels = scales::label_wrap(40)(levels(df$item_label)),
                                expand = ggplot2::expansion(add = c(0.05, 0.2))) +
    ggplot2::labs(x = NULL, y = NULL,
                  title = tr(if (scale == "z") "heatmap_title_z" else "heatmap_title_mean", lang),
                  subtitle = if (scale == "z") tr("heatmap_subtitle_z", lang) else NULL) +
    theme_typfrage() +
    ggplot2::theme(panel.grid = ggplot2::element_blank())
}

plot_type_map <- function(object, lang, call = rlang::caller_env()) {
  x <- object$x
  ok_rows <- stats::complete.cases(x)
  x <- x[ok_rows, , drop = FALSE]
  type <- object$cluster[ok_rows]
  sds <- apply(x, 2, stats::sd)
  keep <- is.finite(sds) & sds > 0
  if (sum(keep) < 2L) {
    abort_input("The type map needs at least two items that vary.", call = call)
  }
  pca <- stats::prcomp(x[, keep, drop = FALSE], center = TRUE, scale. = TRUE)
  var_share <- pca$sdev^2 / sum(pca$sdev^2)
  labs <- type_labels(object, lang)
  points <- data.frame(pc1 = pca$x[, 1], pc2 = pca$x[, 2],
                       type_label = factor(labs[type], levels = labs))
  means <- object$means[, keep, drop = FALSE]
  centres <- stats::predict(pca, newdata = means)
  centres <- data.frame(pc1 = centres[, 1], pc2 = centres[, 2],
                        type_label = factor(labs, levels = labs))
  centres <- centres[stats::complete.cases(centres), ]
  ggplot2::ggplot(points, ggplot2::aes(x = .data$pc1, y = .data$pc2,
                                       colour = .data$type_label)) +
    ggplot2::geom_point(alpha = 0.5) +
    ggplot2::geom_point(data = centres, shape = 21, size = 5, stroke = 1.5,
                        fill = "white") +
    ggplot2::geom_label(data = centres, ggplot2::aes(label = .data$type_label),
                        vjust = -0.6, show.legend = FALSE, label.size = 0,
                        fill = grDevices::adjustcolor("white", 0.8)) +
    scale_types(type_colours(object), labs, name = tr("type", lang)) +
    ggplot2::scale_x_continuous(labels = label_num(lang)) +
    ggplot2::scale_y_continuous(labels = label_num(lang)) +
    ggplot2::labs(
      x = tr("map_x", lang, fmt_pct(var_share[1], 0, lang)),
      y = tr("map_y", lang, fmt_pct(var_share[2], 0, lang)),
      colour = tr("type", lang), title = tr("map_title", lang),
      subtitle = tr("map_subtitle", lang)
    ) +
    theme_typfrage(legend = legend_side(labs))
}

# Fill colours of the categories of a covariate: viridis for ordered
# categories, a qualitative HCL palette otherwise (not the type colours: the
# types are on the axis).
category_fills <- function(levels, ordered) {
  n <- length(levels)
  cols <- if (ordered) grDevices::hcl.colors(n, "viridis") else
    grDevices::hcl.colors(n, if (n <= 8) "Set 2" else "Dark 3")
  stats::setNames(cols, levels)
}

plot_covariate <- function(object, covariate, lang, call = rlang::caller_env()) {
  if (!length(object$covariates)) {
    abort_input(c("These profiles have no covariates.",
                  i = "Give {.arg covariates} to {.fn profiles}."), call = call)
  }
  if (is.null(covariate)) covariate <- names(object$covariates)[1]
  if (!(is.character(covariate) && length(covariate) == 1L &&
        covariate %in% names(object$covariates))) {
    abort_input(c("{.arg covariate} must name one of the covariates.",
                  i = "The covariates are {.field {names(object$covariates)}}."), call = call)
  }
  cv <- object$covariates[[covariate]]
  labs <- type_labels(object, lang)
  wrap_types <- scales::label_wrap(12)
  if (cv$kind == "categorical") {
    rs <- cv$row_share
    cats <- colnames(rs)
    df <- data.frame(
      type_label = factor(rep(labs, times = ncol(rs)), levels = labs),
      category = factor(rep(cats, each = nrow(rs)), levels = cats),
      share = as.vector(rs)
    )
    df <- df[!is.na(df$share), ]
    subtitle <- tr("cov_subtitle_v", lang, fmt_num(cv$effect, 2, lang))
    title <- tr("cov_title", lang, cv$label)
    if (length(cats) > 8L) {
      # many categories (16 Laender): a heatmap of the shares reads better
      # than 16 hues
      return(
        ggplot2::ggplot(df, ggplot2::aes(x = .data$type_label, y = .data$category,
                                         fill = .data$share)) +
          ggplot2::geom_tile(colour = "white") +
          ggplot2::geom_text(ggplot2::aes(label = fmt_pct(.data$share, 0, lang)), size = 3) +
          ggplot2::scale_fill_gradient(low = "white", high = "#0072B2",
                                       name = tr("cov_y_share", lang), labels = label_pct(lang)) +
          ggplot2::scale_x_discrete(labels = wrap_types) +
          ggplot2::scale_y_discrete(limits = rev, labels = scales::label_wrap(30)) +
          ggplot2::labs(x = NULL, y = NULL, title = title, subtitle = subtitle) +
          theme_typfrage() +
          ggplot2::theme(panel.grid = ggplot2::element_blank())
      )
    }
    fills <- category_fills(cats, is.ordered(cv$value))
    ggplot2::ggplot(df, ggplot2::aes(x = .data$type_label, y = .data$share,
                                     fill = .data$category)) +
      ggplot2::geom_col(position = ggplot2::position_stack(reverse = TRUE)) +
      ggplot2::scale_fill_manual(values = fills, name = cv$label,
                                 labels = scales::label_wrap(25)) +
      ggplot2::scale_x_discrete(labels = wrap_types) +
      ggplot2::scale_y_continuous(labels = label_pct(lang)) +
      ggplot2::labs(x = NULL, y = tr("cov_y_share", lang), title = title, subtitle = subtitle) +
      theme_typfrage()
  } else {
    df <- cv$means
    df$type_label <- factor(labs, levels = labs)
    df <- df[!is.na(df$mean), ]
    ggplot2::ggplot(df, ggplot2::aes(x = .data$type_label, y = .data$mean,
                                     fill = .data$type_label)) +
      ggplot2::geom_col() +
      ggplot2::geom_hline(yintercept = cv$mean, colour = "grey40", linetype = 2) +
      scale_types(type_colours(object), labs, aesthetics = "fill", guide = "none") +
      ggplot2::scale_x_discrete(labels = wrap_types) +
      ggplot2::scale_y_continuous(labels = label_num(lang)) +
      ggplot2::labs(x = NULL, y = tr("cov_y_mean", lang, cv$label),
                    title = tr("cov_title", lang, cv$label),
                    subtitle = tr("cov_subtitle_eta", lang, fmt_num(cv$eta2, 2, lang))) +
      theme_typfrage()
  }
}
