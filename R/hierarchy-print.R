#' Print a hierarchical clustering
#'
#' A short description of a tree from [hierarchy()] (or the `tree` of a Ward
#' typology): the number of objects, the linkage, the distance and the
#' algorithm, in English or German. It replaces the print of
#' [stats::hclust()] objects (which is English only); the object is
#' otherwise an `hclust`.
#'
#' @param x A `typology_hierarchy` from [hierarchy()].
#' @param ... Ignored (for compatibility with [print()]).
#' @inheritParams typfrage_lang
#' @return `x`, invisibly.
#' @export
#' @examples
#' tree <- hierarchy(USArrests, standardize = TRUE)
#' tree
#' print(tree, lang = "de")
print.typology_hierarchy <- function(x, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  n <- length(x$order)
  dist <- if (is.null(x$dist.method)) tr("unknown", lang) else distance_label(x$dist.method, lang)
  cli::cat_line(tr("hier_header", lang, fmt_int(n, lang), x$method, dist))
  if (identical(x$memory, "light")) cli::cat_line(tr("hier_memory_light", lang))
  if (identical(x$memory, "matrix")) cli::cat_line(tr("hier_memory_matrix", lang))
  if (!is.null(x$weights)) cli::cat_line(tr("hier_weighted", lang))
  cli::cat_line(tr("hier_hint", lang))
  invisible(x)
}
