# A small JSON writer for the model that self_assessment() embeds in its page:
# numbers with 17 significant digits (so the browser reads exactly the
# doubles R holds), strings escaped for a <script> element. Rules: NULL is
# null; a named list is an object, an unnamed list an array; an atomic vector
# of length 1 is a scalar unless it is wrapped in I(), otherwise an array;
# NA, NaN and infinite numbers are null.

to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    parts <- vapply(x, to_json, "", USE.NAMES = FALSE)
    if (!is.null(names(x))) {
      return(paste0("{", paste0(json_string(names(x)), ":", parts, collapse = ","), "}"))
    }
    return(paste0("[", paste(parts, collapse = ","), "]"))
  }
  array <- inherits(x, "AsIs") || length(x) != 1L
  x <- unclass(x)
  vals <- if (is.character(x) || is.factor(x)) {
    out <- json_string(as.character(x))
    out[is.na(x)] <- "null"
    out
  } else if (is.logical(x)) {
    ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else if (is.numeric(x)) {
    out <- if (is.integer(x)) as.character(x) else sprintf("%.17g", x)
    out[!is.finite(x)] <- "null"
    out
  } else {
    abort_typfrage("to_json() cannot write {.obj_type_friendly {x}}.", kind = "internal")
  }
  if (array) paste0("[", paste(vals, collapse = ","), "]") else vals
}

# Strings as JSON, safe inside an HTML <script> element: quotes, backslashes
# and control characters escaped, and "<", ">", "&", U+2028 and U+2029 as
# \u escapes.
json_string <- function(x) {
  x <- enc2utf8(x)
  x <- gsub("\\", "\\\\", x, fixed = TRUE)
  x <- gsub("\"", "\\\"", x, fixed = TRUE)
  x <- gsub("\n", "\\n", x, fixed = TRUE)
  x <- gsub("\r", "\\r", x, fixed = TRUE)
  x <- gsub("\t", "\\t", x, fixed = TRUE)
  x <- gsub("<", "\\u003c", x, fixed = TRUE)
  x <- gsub(">", "\\u003e", x, fixed = TRUE)
  x <- gsub("&", "\\u0026", x, fixed = TRUE)
  x <- gsub("\u2028", "\\u2028", x, fixed = TRUE)
  x <- gsub("\u2029", "\\u2029", x, fixed = TRUE)
  x <- gsub("[\001-\037]", " ", x, useBytes = FALSE)
  paste0("\"", x, "\"")
}

# The rows of a matrix as an unnamed list of numeric arrays.
json_rows <- function(m) {
  lapply(seq_len(nrow(m)), function(i) I(unname(as.double(m[i, ]))))
}
