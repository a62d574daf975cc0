# ggplot2 pictures of type profiles: the profile ("snake") plot, the heatmap
# of z-profiles, the type map on the first two principal components, and the
# covariate bar plot. Every one uses the item labels of the codebook given to
# profiles() and the type names set with name_types().

#' Plot the profiles of the types
#'
#' * `"profile"`: the profile ("snake") plot, one line per type across the
#'   items, of the z-profile (type mean minus overall mean, in overall SDs) or
#'   of the type means in the items' units.
#' * `"heatmap"`: the z-profiles (or means) as a type x item heatmap.
#' * `"map"`: the cases on the first two principal components of the items
#'   (standardised; constant items left out; unweighted), coloured by type,
#'   with the type centres (type means projected on the same components).
#' * `"covariate"`: the composition of every type by a categorical covariate
#'   (row shares as stacked bars), or the per-type means of a numeric one.
#'
#' @param object,x A `typology_profiles` object from [profiles()].
#' @param plot Which plot: `"profile"`, `"heatmap"`, `"map"` or `"covariate"`.
#' @param scale For the profile plot and heatmap: `"z"` (z-profiles, the
#'   default) or `"mean"` (type means in the items' units).
#' @param covariate For `plot = "covariate"`: the name of the covariate; the
#'   first one when `NULL`.
#' @param ... Passed on to `autoplot()` by `plot()`; unused by `autoplot()`.
#' @return A ggplot object (`autoplot()`); `x`, invisibly (`plot()`).
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' p <- profiles(fit, covariates = data.frame(region = state.region))
#' autoplot(p)
#' autoplot(p, plot = "heatmap")
#' autoplot(p, plot = "map")
#' autoplot(p, plot = "covariate")
autoplot.typology_profiles <- function(object, plot = c("profile", "heatmap", "map", "covariate"),
                                       scale = c("z", "mean"), covariate = NULL, ...) {
  plot <- as_input_error(rlang::arg_match(plot))
  scale <- as_input_error(rlang::arg_match(scale))
  call <- rlang::current_env()
  switch(plot,
    profile = plot_profile(object, scale),
    heatmap = plot_heatmap(object, scale),
    map = plot_type_map(object, call = call),
    covariate = plot_covariate(object, covariate, call = call)
  )
}

#' @rdname autoplot.typology_profiles
#' @export
plot.typology_profiles <- function(x, ...) {
  print(autoplot(x, ...))
  invisible(x)
}

# Long profile data with unique item labels as a factor in item order (first
# item at the top of the plot).
profile_long <- function(object, scale) {
  df <- object$profile
  labs <- make.unique(unname(object$labels[object$items]), sep = " ")
  df$item_label <- factor(labs[match(df$item, object$items)], levels = rev(labs))
  df$type_label <- factor(df$type_label, levels = type_labels(object))
  df$value <- if (scale == "z") df$z else df$mean
  df <- df[order(df$type, match(df$item, object$items)), ]
  df[!is.na(df$value), ]
}

plot_profile <- function(object, scale) {
  df <- profile_long(object, scale)
  p <- ggplot2::ggplot(df, ggplot2::aes(x = .data$value, y = .data$item_label,
                                        colour = .data$type_label,
                                        group = .data$type_label))
  if (scale == "z") p <- p + ggplot2::geom_vline(xintercept = 0, colour = "grey60")
  p +
    ggplot2::geom_path() +
    ggplot2::geom_point(size = 2) +
    ggplot2::labs(
      x = if (scale == "z") "Type mean - overall mean (in overall SDs)" else "Type mean",
      y = NULL, colour = "Type", title = "Profiles of the types"
    ) +
    ggplot2::theme_minimal()
}

plot_heatmap <- function(object, scale) {
  df <- profile_long(object, scale)
  p <- ggplot2::ggplot(df, ggplot2::aes(x = .data$type_label, y = .data$item_label,
                                        fill = .data$value)) +
    ggplot2::geom_tile(colour = "white") +
    ggplot2::geom_text(ggplot2::aes(label = formatC(.data$value, digits = 1, format = "f")),
                       size = 3)
  p <- if (scale == "z") {
    p + ggplot2::scale_fill_gradient2(low = "#b2182b", mid = "white", high = "#2166ac",
                                      midpoint = 0, name = "z")
  } else {
    p + ggplot2::scale_fill_gradient(low = "grey95", high = "steelblue", name = "mean")
  }
  p +
    ggplot2::labs(x = NULL, y = NULL, title = if (scale == "z")
      "z-profiles: type mean - overall mean, in overall SDs" else "Type means") +
    ggplot2::theme_minimal() +
    ggplot2::theme(panel.grid = ggplot2::element_blank())
}

plot_type_map <- function(object, call = rlang::caller_env()) {
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
  labs <- type_labels(object)
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
    ggplot2::geom_text(data = centres, ggplot2::aes(label = .data$type_label),
                       vjust = -1.4, show.legend = FALSE) +
    ggplot2::labs(
      x = sprintf("First principal component (%.0f%%)", 100 * var_share[1]),
      y = sprintf("Second principal component (%.0f%%)", 100 * var_share[2]),
      colour = "Type", title = "Type map",
      subtitle = "Cases and type centres on the first two principal components"
    ) +
    ggplot2::theme_minimal()
}

plot_covariate <- function(object, covariate, call = rlang::caller_env()) {
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
  labs <- type_labels(object)
  if (cv$kind == "categorical") {
    rs <- cv$row_share
    df <- data.frame(
      type_label = factor(rep(labs, times = ncol(rs)), levels = labs),
      category = factor(rep(colnames(rs), each = nrow(rs)), levels = colnames(rs)),
      share = as.vector(rs)
    )
    df <- df[!is.na(df$share), ]
    ggplot2::ggplot(df, ggplot2::aes(x = .data$type_label, y = .data$share,
                                     fill = .data$category)) +
      ggplot2::geom_col(position = ggplot2::position_stack(reverse = TRUE)) +
      ggplot2::scale_y_continuous(labels = function(v) paste0(round(100 * v), "%")) +
      ggplot2::labs(x = NULL, y = "Share of the type", fill = cv$label,
                    title = sprintf("%s by type", cv$label),
                    subtitle = sprintf("Cramer's V = %.2f", cv$effect)) +
      ggplot2::theme_minimal()
  } else {
    df <- cv$means
    df$type_label <- factor(labs, levels = labs)
    df <- df[!is.na(df$mean), ]
    ggplot2::ggplot(df, ggplot2::aes(x = .data$type_label, y = .data$mean)) +
      ggplot2::geom_col(fill = "steelblue") +
      ggplot2::geom_hline(yintercept = cv$mean, colour = "grey40", linetype = 2) +
      ggplot2::labs(x = NULL, y = sprintf("Mean %s", cv$label),
                    title = sprintf("%s by type", cv$label),
                    subtitle = sprintf("eta squared = %.2f; dashed: overall mean", cv$eta2)) +
      ggplot2::theme_minimal()
  }
}
