# One colour per type: type_colours() gives the colours of a fit's types,
# used by every plot (profile lines, heatmap columns, map, silhouettes,
# stability, covariates, dendrogram branches, the flow over k). A fit's
# colours are set once, with `type_colours(fit) <- ...`, and travel with
# the objects made from it (profiles(), stability(), silhouette_widths()).

# Okabe & Ito (2008), colour-blind safe; yellow late (weak on white) and no
# grey (the colour of mixed branches and reference lines).
okabe_ito <- c("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00",
               "#F0E442", "#000000")

# The default colours of k types: Okabe-Ito, for more than 8 types an HCL
# palette of distinct hues.
default_type_colours <- function(k) {
  if (k <= length(okabe_ito)) return(okabe_ito[seq_len(k)])
  grDevices::hcl.colors(k, "Dark 3")
}

#' The colour of each type, the same in every plot
#'
#' Every plot of a typology draws type 1 in the first of these colours, type
#' 2 in the second, and so on: the profile lines, the heatmap's type labels,
#' the type map, the silhouettes, the stability plots, the covariate plots,
#' the dendrogram's branches and the flow of types over k. The default is the
#' colour-blind safe palette of Okabe and Ito (2008) (for more than eight
#' types, an HCL palette). Set other colours once on the fit, before
#' [profiles()], [stability()] or [silhouette_widths()] are called: these
#' results take the fit's colours with them.
#'
#' @param x A `typology`, or a result made from one: `typology_profiles`,
#'   `typology_stability`, `typology_silhouette`.
#' @param value `NULL` (back to the default), or one colour per type (names
#'   or hex codes that [grDevices::col2rgb()] knows), in the order of the
#'   types; a named vector may name the types instead (in any order).
#' @return `type_colours()`: a character vector of hex colours, named by the
#'   type labels. The replacement form returns `x` with the colours set.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' type_colours(fit)
#' type_colours(fit) <- c("darkred", "navy", "darkgreen")
#' type_colours(fit)
#' autoplot(profiles(fit))
type_colours <- function(x) {
  k <- colours_k(x)
  cols <- if (is.list(x)) x$type_colours else attr(x, "type_colours", exact = TRUE)
  if (is.null(cols) || length(cols) != k) cols <- default_type_colours(k)
  stats::setNames(unname(cols), colour_labels(x))
}

#' @rdname type_colours
#' @export
`type_colours<-` <- function(x, value) {
  if (!inherits(x, c("typology", "typology_profiles"))) {
    abort_input(
      c("{.arg x} must be a typology or its profiles.",
        x = "You supplied {.obj_type_friendly {x}}.",
        i = "Set the colours on the fit; results made from it take them along."),
      class = "typfrage_error_colours"
    )
  }
  if (!is.null(value)) value <- check_type_colours(value, x)
  x["type_colours"] <- list(value)
  x
}

check_type_colours <- function(value, x, call = rlang::caller_env()) {
  k <- x$k
  labs <- type_labels(x)
  if (!is.character(value) || anyNA(value) || length(value) != k) {
    abort_input(
      c("The colours must be a character vector with one colour per type.",
        x = "The typology has {k} type{?s}; you supplied {.obj_type_friendly {value}} of length {length(value)}."),
      class = "typfrage_error_colours", call = call
    )
  }
  if (!is.null(names(value)) && all(nzchar(names(value)))) {
    hit <- match(labs, names(value))
    if (anyNA(hit)) {
      abort_input(
        c("The names of the colours must be the type labels.",
          x = "Not named: {.val {labs[is.na(hit)]}}.",
          i = "The types are {.val {labs}}."),
        class = "typfrage_error_colours", call = call
      )
    }
    value <- value[hit]
  }
  ok <- vapply(value, function(v) !inherits(try(grDevices::col2rgb(v), silent = TRUE),
                                            "try-error"), logical(1))
  if (!all(ok)) {
    abort_input(
      c("Every colour must be a colour name or a hex code.",
        x = "Not a colour: {.val {value[!ok]}}."),
      class = "typfrage_error_colours", call = call
    )
  }
  rgb <- grDevices::col2rgb(value, alpha = TRUE)
  unname(grDevices::rgb(rgb[1, ], rgb[2, ], rgb[3, ],
                        alpha = if (all(rgb[4, ] == 255)) NULL else rgb[4, ],
                        maxColorValue = 255))
}

colours_k <- function(x) {
  if (inherits(x, "typology_silhouette")) return(length(attr(x, "sizes")))
  if (inherits(x, c("typology", "typology_profiles", "typology_stability")) ||
      is.list(x) && !is.null(x$k)) return(as.integer(x$k))
  abort_input(
    c("{.arg x} must be a typology or a result made from one.",
      x = "You supplied {.obj_type_friendly {x}}."),
    class = "typfrage_error_colours"
  )
}

colour_labels <- function(x, lang = "en") {
  if (inherits(x, "typology_silhouette")) return(silhouette_type_labels(x, lang))
  if (inherits(x, "typology_stability")) {
    if (!is.null(x$type_names)) return(as.character(x$type_names))
    return(type_labels(list(k = x$k), lang))
  }
  type_labels(x, lang)
}

# The manual colour (or fill) scale of a plot of types: one colour per type
# label, in type order; `labels` are the labels the plot shows. A legend at
# the bottom (long names, see legend_side()) takes two rows when one would
# be wider than an 8 in figure.
scale_types <- function(cols, labels, aesthetics = "colour", name = NULL,
                        guide = type_guide(labels), ...) {
  ggplot2::scale_discrete_manual(aesthetics = aesthetics,
                                 values = stats::setNames(unname(cols), labels),
                                 limits = labels, breaks = labels, name = name, drop = FALSE,
                                 guide = guide, ...)
}

# Where the legend of the types goes: at the bottom for long type names.
legend_side <- function(labels) if (max(nchar(labels)) > 14) "bottom" else "right"

type_guide <- function(labels) {
  if (legend_side(labels) == "bottom" && sum(nchar(labels)) + 6 * length(labels) > 80) {
    ggplot2::guide_legend(nrow = 2, byrow = TRUE)
  } else {
    "legend"
  }
}
