# A data frame from named columns of equal length, without data.frame()'s
# checks and name deparsing (which cost more than the computation for the
# small tables that stability() and other repeated calls return). Character
# columns stay character.
new_frame <- function(...) {
  cols <- list(...)
  n <- if (length(cols)) length(cols[[1L]]) else 0L
  structure(cols, class = "data.frame", row.names = .set_row_names(n))
}
