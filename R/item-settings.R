# How a fit's items are measured: the one home of the standardisation and of
# the Gower settings, applied by every verb that fits, refits or predicts.

# The items in the units the fit works in: (x - center) / scale when the
# settings say so (standardize = TRUE), else x unchanged. The one place where
# the standardisation of a fit is applied (prepare_items(), prepare_newdata(),
# the refits of stability(), the indices of a fit, the Steckbrief).
standardize_items <- function(x, settings) {
  if (!isTRUE(settings$standardize)) return(x)
  # column by column, as sweep(sweep(x, 2, center), 2, scale, "/") computes
  # it, but with one copy of x instead of four n x p temporaries
  out <- x
  storage.mode(out) <- "double"
  center <- as.double(settings$center)
  scale <- as.double(settings$scale)
  for (j in seq_len(ncol(x))) out[, j] <- (x[, j] - center[j]) / scale[j]
  out
}

# Gower settings for the core (fit_spec()'s `gower`): the range of every item
# over its answered values (0 for a constant item), the nominal flags and the
# per-item weights (NULL: all 1).
gower_settings <- function(x, kinds = NULL, weight = NULL) {
  range <- apply(x, 2L, function(v) {
    v <- v[!is.na(v)]
    if (length(v)) max(v) - min(v) else 0
  })
  nominal <- if (is.null(kinds)) rep(FALSE, ncol(x)) else unname(kinds == "nominal")
  out <- list(range = as.double(range), nominal = as.logical(nominal))
  if (!is.null(weight)) out$weight <- as.double(weight)
  out
}
