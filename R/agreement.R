#' Agreement between two partitions
#'
#' Compares two partitions of the same observations, for example two
#' typologies built with different methods, or a typology and a known
#' grouping. All indices are computed in C++ from the contingency table, in
#' time linear in the number of observations (no loop over pairs), so
#' partitions of millions of observations compare in a fraction of a second.
#'
#' The indices:
#' * **Adjusted Rand index** (Hubert & Arabie 1985): the Rand index corrected
#'   for chance; 1 for identical partitions, about 0 for independent ones. It
#'   equals `mclust::adjustedRandIndex()`.
#' * **Rand index**: the share of pairs of observations on which the two
#'   partitions agree (together in both, or apart in both).
#' * **Jaccard index** (pair counting): pairs together in both partitions
#'   divided by pairs together in at least one.
#' * **Normalised mutual information**: mutual information divided by the
#'   geometric mean of the two entropies (Strehl & Ghosh 2002); between 0 and 1.
#' * **Variation of information** (Meila 2007): \eqn{H(x) + H(y) - 2 I(x, y)},
#'   a distance between partitions, in nats (natural logarithm); 0 for
#'   identical partitions.
#'
#' When both partitions are the same trivial partition (everything in one
#' cluster, or every observation alone), the adjusted Rand and Jaccard indices
#' are defined as 1.
#'
#' @param x,y Cluster labels for the same observations, in the same order:
#'   integer, numeric, factor, character or logical vectors of equal length
#'   without missing values, or fitted objects with a `$cluster` component
#'   (such as [stats::kmeans()] results). The labels themselves do not matter,
#'   only which observations share one.
#' @return An object of class `typology_agreement`: a list with the indices
#'   `ari`, `rand`, `jaccard`, `nmi` and `vi`, the mutual information `mi` and
#'   the entropies `entropy_x` and `entropy_y` (nats), the number of
#'   observations `n`, and the contingency `table`. It has `print()`,
#'   `as.data.frame()` and [generics::tidy()] methods.
#' @seealso [match_labels()] to relabel one partition to match another.
#' @references
#' Hubert, L. and Arabie, P. (1985). Comparing partitions. *Journal of
#' Classification*, 2, 193--218.
#'
#' Meila, M. (2007). Comparing clusterings -- an information based distance.
#' *Journal of Multivariate Analysis*, 98, 873--895.
#'
#' Strehl, A. and Ghosh, J. (2002). Cluster ensembles -- a knowledge reuse
#' framework for combining multiple partitions. *Journal of Machine Learning
#' Research*, 3, 583--617.
#' @export
#' @examples
#' x <- c(1, 1, 1, 2, 2, 2, 3, 3, 3)
#' y <- c("a", "a", "b", "b", "b", "b", "c", "c", "c")
#' agreement(x, y)
#' agreement(x, y)$ari
#'
#' # Two k-means solutions of the same data
#' set.seed(1)
#' km3 <- kmeans(scale(USArrests), 3)
#' km4 <- kmeans(scale(USArrests), 4)
#' agreement(km3, km4)
agreement <- function(x, y) {
  lx <- as_labels(x)
  ly <- as_labels(y)
  check_same_length(lx$codes, ly$codes, "x", "y")
  res <- cpp_agreement(lx$codes, lx$k, ly$codes, ly$k)
  dimnames(res$table) <- list(x = lx$levels, y = ly$levels)
  res$n <- length(lx$codes)
  structure(res[c("ari", "rand", "jaccard", "nmi", "vi", "mi", "entropy_x",
                  "entropy_y", "n", "table")],
            class = "typology_agreement")
}

# The labels of the agreement indices (R/strings.R), named by index.
agreement_labels <- function(lang = "en") {
  ids <- c("ari", "rand", "jaccard", "nmi", "vi")
  stats::setNames(vapply(paste0("agreement_", ids), tr, "", lang = lang), ids)
}

#' @export
print.typology_agreement <- function(x, digits = 3, ..., lang = NULL) {
  lang <- typfrage_lang(lang)
  labs <- agreement_labels(lang)
  cli::cat_line(tr("agreement_header", lang, fmt_int(x$n, lang), nrow(x$table), ncol(x$table)))
  values <- stats::setNames(unlist(x[names(labs)]), names(labs))
  cli::cat_line("  ", format(labs), "  ", fmt_num(values, digits, lang))
  invisible(x)
}

#' @export
as.data.frame.typology_agreement <- function(x, row.names = NULL, optional = FALSE, ...) {
  data.frame(
    index = names(agreement_labels()),
    label = unname(agreement_labels()),
    value = vapply(names(agreement_labels()), function(i) x[[i]], numeric(1),
                   USE.NAMES = FALSE),
    stringsAsFactors = FALSE
  )
}

#' @importFrom generics tidy
#' @export
generics::tidy

#' @export
tidy.typology_agreement <- function(x, ...) {
  as.data.frame(x)
}

#' Relabel a partition to match a reference partition
#'
#' Cluster labels are arbitrary: two runs of the same method can return the
#' same types under different numbers ("label switching"). `match_labels()`
#' renames the clusters of `x` so that they agree as far as possible with
#' `reference`, using the Hungarian algorithm (in C++, \eqn{O(k^3)}) to find
#' the one-to-one assignment of clusters that maximises the number of
#' observations with the same label in both.
#'
#' The partitions may have different numbers of clusters. When `x` has fewer
#' clusters than `reference`, some reference labels are simply not used. When
#' `x` has more, its clusters that find no partner get new labels: for numeric
#' references the next whole numbers after the largest reference label, for
#' character and factor references `"new1"`, `"new2"`, ... (skipping labels
#' already in use).
#'
#' @param x Cluster labels to relabel (see [agreement()] for what is accepted).
#' @param reference Cluster labels of the same observations to match.
#' @return The labels of `x`, renamed, of the same type as `reference`
#'   (integer, numeric, character or factor; a factor keeps the reference's
#'   levels and appends new ones). The attribute `"mapping"` is a data frame
#'   with columns `from` (label in `x`), `to` (new label) and `overlap`
#'   (observations the two clusters share).
#' @seealso [agreement()]
#' @export
#' @examples
#' reference <- c(1, 1, 1, 2, 2, 2, 3, 3, 3)
#' x         <- c(2, 2, 2, 3, 3, 1, 1, 1, 1)
#' match_labels(x, reference)
#'
#' # Different numbers of clusters
#' match_labels(c("a", "a", "b", "b", "c", "d"), c(1, 1, 2, 2, 2, 2))
match_labels <- function(x, reference) {
  lx <- as_labels(x)
  lr <- as_labels(reference)
  check_same_length(lx$codes, lr$codes, "x", "reference")
  to_code <- cpp_match_labels(lx$codes, lx$k, lr$codes, lr$k)
  overlap <- cpp_agreement(lx$codes, lx$k, lr$codes, lr$k)$table

  ref <- lr$original
  extra <- sum(is.na(to_code))
  if (is.numeric(ref)) {
    used <- unique(ref)
    new_labels <- max(used) + seq_len(extra)
    target <- suppressWarnings(as.numeric(lr$levels))
  } else {
    used <- lr$levels
    candidates <- paste0("new", seq_len(extra + length(used)))
    new_labels <- utils::head(setdiff(candidates, used), extra)
    target <- lr$levels
  }
  to <- target[to_code]
  to[is.na(to_code)] <- new_labels
  mapping <- data.frame(
    from = lx$levels,
    to = to,
    overlap = vapply(seq_len(lx$k), function(i) {
      if (is.na(to_code[i])) 0 else overlap[i, to_code[i]]
    }, numeric(1)),
    stringsAsFactors = FALSE
  )
  out <- to[lx$codes]
  if (is.factor(ref)) {
    out <- factor(out, levels = c(levels(ref), new_labels))
  } else if (is.integer(ref)) {
    out <- as.integer(out)
  }
  attr(out, "mapping") <- mapping
  out
}
