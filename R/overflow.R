# Overflow guard: one check, used by every verb before its data reach C++.

#' Magnitude of the data and weights: the range typfrage accepts
#'
#' Every sum of squares, distance, Ward criterion and weighted mean typfrage
#' reports is a double. When the items' values, their squares or the total
#' weight times a squared distance leave the range of doubles (about
#' \eqn{10^{\pm 308}}), the C++ core would compute infinities, zeros (for
#' underflow) or NaN, and neither a tree nor a partition could be trusted.
#' typfrage therefore checks the magnitudes, in R and before any C++ runs,
#' and **refuses** data it cannot represent, with an error of class
#' `typfrage_error_overflow` that says what would overflow and how to fix it.
#' It does not rescale silently: the results it reports (heights, within-type
#' sums of squares, objectives, weighted sizes) would themselves be outside
#' the range of doubles, so a rescaled fit could not report them.
#'
#' The rules (with \eqn{W} the total weight, \eqn{n} when there are no
#' weights, \eqn{p} the number of items, \eqn{m} the largest absolute value
#' and \eqn{r} the largest range of an item):
#' * weights: \eqn{W \le 2^{500}} (about \eqn{3 \cdot 10^{150}}; Ward's
#'   method multiplies two cluster sizes) and \eqn{W \ge 2^{-500}};
#' * items: \eqn{W \cdot p \cdot (2m)^2 \le 2^{1000}} (about \eqn{10^{301}}:
#'   every sum of squares and every Lance-Williams update stays finite), and
#'   \eqn{r \ge 2^{-450}} (about \eqn{3 \cdot 10^{-136}}) unless all rows are
#'   equal: smaller differences have squares that underflow to zero, so
#'   distinct rows would look identical;
#' * covariates in [profiles()]: \eqn{W \cdot m^2 \le 2^{1000}}.
#'
#' Every fix is a change of unit, which does not change the types:
#' k-means, PAM, Ward and Ward + k-means partitions are equivariant to
#' multiplying all items by a constant (heights, centres and distances scale
#' by it, sums of squares by its square), and invariant to multiplying all
#' weights by a constant (only weighted sizes, objectives and sums of squares
#' scale by it; Ward's heights by its square root). Divide large weights by
#' their mean, and multiply or divide the items by a power of ten (or use
#' `standardize = TRUE` where the verb has it).
#'
#' @name typfrage_magnitude
#' @keywords internal
NULL

# log2 of sum(w), without overflow (w positive, finite).
log2_sum <- function(w) {
  mx <- max(w)
  log2(mx) + log2(sum(w / mx))
}

# Abort with class typfrage_error_overflow when the weights or the matrix `x`
# (NA allowed) are outside the range of ?typfrage_magnitude. `squares = FALSE`
# checks only W * m^2 (weighted moments of covariates) and not the ranges.
check_magnitude <- function(x, weights = NULL, what = "items", squares = TRUE,
                            call = rlang::caller_env()) {
  n <- NROW(x)
  lw <- if (is.null(weights) || !length(weights)) log2(max(1, n)) else log2_sum(weights)
  fix_w <- "Divide the weights by a constant, e.g. their mean: only relative weights matter for the types."
  if (lw > 500) {
    abort_typfrage(
      c("The weights are too large: their total is about 2^{round(lw)} (10^{round(lw * log10(2))}).",
        x = "Products of cluster sizes and weighted sums of squares would overflow (limit 2^500).",
        i = fix_w),
      kind = "overflow", call = call
    )
  }
  if (lw < -500) {
    abort_typfrage(
      c("The weights are too small: their total is about 2^{round(lw)} (10^{round(lw * log10(2))}).",
        x = "Weighted sums of squares would underflow to zero (limit 2^-500).",
        i = fix_w),
      kind = "overflow", call = call
    )
  }
  if (!length(x)) return(invisible(NULL))
  # per item in C++, without n x p temporaries (columns.hpp)
  if (!is.matrix(x)) x <- matrix(x, ncol = 1L)
  if (!is.double(x)) storage.mode(x) <- "double"
  cs <- cpp_column_summary(x, integer(), TRUE)
  seen <- !is.na(cs$min)
  m <- if (any(seen)) max(abs(c(cs$min[seen], cs$max[seen]))) else -Inf
  r <- ifelse(seen, cs$max - cs$min, 0)
  if (!is.finite(m)) return(invisible(NULL))
  if (m == 0) return(invisible(NULL))
  p <- max(1, NCOL(x))
  need <- lw + (if (squares) log2(p) + 2 * log2(2 * m) else 2 * log2(m))
  unit <- "Express the {what} in a larger unit (divide them by a power of ten); the types do not depend on the unit."
  if (need > 1000) {
    abort_typfrage(
      c("The {what} are too large: the largest absolute value is {format(m, digits = 3)}.",
        x = if (squares) "Their squared distances, summed over {p} item{?s} and weighted, would overflow (limit 2^1000, about 1e301)."
            else "Their weighted sums of squares would overflow (limit 2^1000, about 1e301).",
        i = unit),
      kind = "overflow", call = call
    )
  }
  if (squares) {
    rmax <- max(r)
    if (rmax > 0 && log2(rmax) < -450) {
      abort_typfrage(
        c("The {what} are too small: the largest difference between two rows in one item is {format(rmax, digits = 3)}.",
          x = "Squares of such differences underflow to zero (limit 2^-450, about 3e-136), so distinct rows would look identical.",
          i = "Express the {what} in a smaller unit (multiply them by a power of ten); the types do not depend on the unit."),
        kind = "overflow", call = call
      )
    }
  }
  invisible(NULL)
}
