# The `typology` object: constructor, validator of the contract in
# inst/DESIGN.md ("The `typology` object"), and the check every exported verb
# that takes a fit runs before any C++ code sees the object.
#
# A typology can be manipulated (`fit$k <- 10`), read from an old file or
# built by other code (`as_typology()`, method "external"), and the C++ core
# trusts what it is given (lengths of weights, codes in 1..k). So every verb
# validates the object first. The validator is O(n + k p) in time and makes no
# copy of the data matrix: it reads lengths, types and dimensions, tabulates
# the codes once and scans the weights once.

new_typology <- function(x) {
  stopifnot(is.list(x))
  structure(x, class = "typology")
}

# The exported verbs' check: `fit` must be a valid typology. Returns `fit`
# invisibly. S3 methods pass their own `...` on, which must then be empty
# (a misspelt argument such as `predict(fit, newdat = x)` is an error, not
# silently ignored).
check_typology <- function(fit, ..., arg = "fit", call = rlang::caller_env()) {
  if (...length()) {
    as_input_error(rlang::check_dots_empty(call = call))
  }
  if (!inherits(fit, "typology")) {
    abort_input(
      c("{.arg {arg}} must be a typology (from {.fn typology}).",
        x = "You supplied {.obj_type_friendly {fit}}."),
      call = call
    )
  }
  validate_typology(fit, arg = arg, call = call)
}

# A typology or a profiles() result (name_types(), suggest_names()).
check_typology_or_profiles <- function(fit, arg = "fit", call = rlang::caller_env()) {
  if (inherits(fit, "typology_profiles")) return(invisible(fit))
  check_typology(fit, arg = arg, call = call)
}

# Every field of the contract: type, length and consistency. The first broken
# field raises an error of class `typfrage_error_object` (an input error).
validate_typology <- function(x, arg = "fit", call = rlang::caller_env()) {
  bad <- function(field, problem) {
    abort_input(
      c(paste0("{.arg {arg}} is not a valid typology: {.field {field}} ", problem, "."),
        i = "The object was changed after fitting or built by other code; refit it with {.fn typology}, or rebuild it from data and types with {.fn as_typology}."),
      class = "typfrage_error_object",
      field = field,
      call = call
    )
  }
  if (!is.list(x)) bad("(the object)", "is not a list")
  need <- c("cluster", "size", "k", "method", "centers", "rows", "settings")
  missing <- setdiff(need, names(x))
  if (length(missing)) bad(missing[1], "is missing")

  # k and method
  k <- x[["k"]]
  if (!(is.numeric(k) && length(k) == 1L && !is.na(k) && is.finite(k) && k >= 1 &&
        k == trunc(k))) {
    bad("k", "must be a single whole number, 1 or more")
  }
  k <- as.integer(k)
  known <- c(names(typology_methods()), "external")
  if (!(is.character(x[["method"]]) && length(x[["method"]]) == 1L && !is.na(x[["method"]]) &&
        x[["method"]] %in% known)) {
    bad("method", sprintf("must be one of %s", paste0('"', known, '"', collapse = ", ")))
  }

  # cluster: integer codes 1..k of the rows of the user's data, NA = not used
  cl <- x[["cluster"]]
  if (!is.integer(cl) || !is.null(dim(cl))) bad("cluster", "must be an integer vector")
  n_input <- length(cl)
  if (n_input == 0L) bad("cluster", "is empty")
  rng <- suppressWarnings(range(cl, na.rm = TRUE))
  if (!all(is.finite(rng))) bad("cluster", "has no type code (all NA)")
  if (rng[1] < 1L || rng[2] > k) {
    bad("cluster", sprintf("must hold type codes 1 to k = %d (it has %d to %d)", k,
                           as.integer(rng[1]), as.integer(rng[2])))
  }

  # rows: the used rows, i.e. exactly the positions of the non-NA codes
  rows <- x[["rows"]]
  if (!(is.numeric(rows) && is.null(dim(rows)))) bad("rows", "must be a vector of row numbers")
  n <- length(rows)
  n_used <- n_input - sum(is.na(cl))
  if (n != n_used) {
    bad("rows", sprintf("must list the %d rows with a type (it has %d)", n_used, n))
  }
  if (anyNA(rows) || is.unsorted(rows, strictly = TRUE) || rows[1] < 1 ||
      rows[n] > n_input || anyNA(cl[rows])) {
    bad("rows", "must be the increasing positions of the rows of {.field cluster} that have a type")
  }

  # size: the number of rows of every type; every type has rows
  size <- tabulate(cl, k)
  if (!(is.numeric(x[["size"]]) && length(x[["size"]]) == k)) {
    bad("size", sprintf("must have one count per type (k = %d; it has length %d)", k,
                        length(x[["size"]])))
  }
  if (any(size == 0L)) {
    bad("cluster", sprintf("leaves type%s %s without rows (k = %d)",
                           if (sum(size == 0L) > 1L) "s" else "",
                           paste(which(size == 0L), collapse = ", "), k))
  }
  if (anyNA(x[["size"]]) || any(x[["size"]] != size)) bad("size", "must be the number of rows of every type in {.field cluster}")

  shape <- validate_object_data(x, k, n, bad)
  validate_object_results(x, k, n, n_input, shape$p, rows, bad)
  invisible(x)
}

# The item matrix, the settings and the centres of a typology (for
# validate_typology(); `bad(field, problem)` aborts).
validate_object_data <- function(x, k, n, bad) {
  # data: n x p item matrix; the settings name its items
  # (NULL for a fit made with keep_data = FALSE)
  d <- x[["data"]]
  st <- x[["settings"]]
  if (!is.list(st)) bad("settings", "must be a list")
  items <- st[["items"]]
  if (is.null(d)) {
    if (!(is.character(items) && length(items) >= 1L && !anyNA(items))) {
      bad("settings$items", "must name the items")
    }
    p <- length(items)
  } else {
    if (!(is.matrix(d) && is.numeric(d))) bad("data", "must be a numeric matrix of the items")
    if (nrow(d) != n) {
      bad("data", sprintf("must have one row per used row (%d; it has %d)", n, nrow(d)))
    }
    p <- ncol(d)
    if (p < 1L) bad("data", "has no items")
    if (!(is.character(items) && length(items) == p && !anyNA(items) &&
          identical(unname(colnames(d)), items))) {
      bad("settings$items", "must be the column names of {.field data}")
    }
  }
  for (f in c("kinds", "levels")) {
    if (!is.null(st[[f]]) && length(st[[f]]) != p) {
      bad(paste0("settings$", f), sprintf("must have one entry per item (%d)", p))
    }
  }
  if (!is.null(st[["standardize"]])) {
    if (!(is.logical(st[["standardize"]]) && length(st[["standardize"]]) == 1L &&
          !is.na(st[["standardize"]]))) {
      bad("settings$standardize", "must be TRUE or FALSE")
    }
    if (st[["standardize"]]) {
      for (f in c("center", "scale")) {
        v <- st[[f]]
        if (!(is.numeric(v) && length(v) == p && all(is.finite(v)))) {
          bad(paste0("settings$", f), sprintf("must be %d finite numbers (standardised items)", p))
        }
      }
      if (any(st[["scale"]] <= 0)) bad("settings$scale", "must be positive")
    }
  }
  if (!is.null(st[["k"]]) && !identical(as.integer(st[["k"]]), k)) bad("settings$k", "must equal {.field k}")
  if (!is.null(st[["method"]]) && !identical(st[["method"]], x[["method"]])) {
    bad("settings$method", "must equal {.field method}")
  }
  if (!is.null(st[["distance"]]) && !(is.character(st[["distance"]]) && length(st[["distance"]]) == 1L)) {
    bad("settings$distance", "must be a single string")
  }
  check_matrix_kp <- function(m, field) {
    if (!(is.matrix(m) && is.numeric(m) && nrow(m) == k && ncol(m) == p)) {
      bad(field, sprintf("must be a %d x %d matrix (types x items)", k, p))
    }
    if (!is.null(colnames(m)) && !identical(unname(colnames(m)), items)) {
      bad(field, "must have the items as column names")
    }
  }
  if (!is.null(st[["prototypes"]])) check_matrix_kp(st[["prototypes"]], "settings$prototypes")

  # centers: k x p type means named by the items
  check_matrix_kp(x[["centers"]], "centers")
  if (is.null(colnames(x[["centers"]]))) bad("centers", "must have the items as column names")

  list(p = p)
}

# Weights, names, seed and the method's own results of a typology.
validate_object_results <- function(x, k, n, n_input, p, rows, bad) {
  # weights: NULL or one positive finite weight per used row
  w <- x[["weights"]]
  if (!is.null(w)) {
    if (!(is.numeric(w) && is.null(dim(w)) && length(w) == n)) {
      bad("weights", sprintf("must be NULL or one weight per used row (%d; it has %d)", n,
                             length(w)))
    }
    if (anyNA(w) || !all(is.finite(w)) || any(w <= 0)) {
      bad("weights", "must be positive and finite")
    }
  }
  if (!is.null(x[["weighted_size"]])) {
    if (is.null(w)) bad("weighted_size", "must be NULL without weights")
    if (!(is.numeric(x[["weighted_size"]]) && length(x[["weighted_size"]]) == k)) {
      bad("weighted_size", sprintf("must have one total weight per type (k = %d)", k))
    }
  }

  # type_names: NULL or k distinct non-empty strings
  tn <- x[["type_names"]]
  if (!is.null(tn) && !(is.character(tn) && length(tn) == k && !anyNA(tn) &&
                        all(nzchar(tn)) && !anyDuplicated(tn))) {
    bad("type_names", sprintf("must be NULL or %d distinct names (set them with {.fn name_types})", k))
  }

  # seed material (NULL allowed for external partitions)
  s <- x[["seed"]]
  if (!is.null(s) && !(is.numeric(s) && length(s) == 2L && !anyNA(s))) {
    bad("seed", "must be NULL or two integers of seed material")
  }

  # method results, where present
  if (!is.null(x[["withinss"]]) && !(is.numeric(x[["withinss"]]) && length(x[["withinss"]]) == k)) {
    bad("withinss", sprintf("must have one value per type (k = %d)", k))
  }
  if (!is.null(x[["medoids"]])) {
    m <- x[["medoids"]]
    if (!(is.numeric(m) && length(m) == k && !anyNA(m) && all(m %in% rows))) {
      bad("medoids", sprintf("must be %d used rows of the data, one per type", k))
    }
  }
  if (!is.null(x[["posterior"]]) &&
      !(is.matrix(x[["posterior"]]) && nrow(x[["posterior"]]) == n_input && ncol(x[["posterior"]]) == k)) {
    bad("posterior", sprintf("must be a %d x %d matrix (rows of the data x types)", n_input, k))
  }
  if (!is.null(x[["shares"]]) && !(is.numeric(x[["shares"]]) && length(x[["shares"]]) == k)) {
    bad("shares", sprintf("must have one share per type (k = %d)", k))
  }
  if (!is.null(x[["probs"]]) &&
      !(is.list(x[["probs"]]) && length(x[["probs"]]) == p &&
        all(vapply(x[["probs"]], function(m) is.matrix(m) && nrow(m) == k, logical(1))))) {
    bad("probs", sprintf("must hold one %d-row matrix per item", k))
  }
  if (!is.null(x[["tree"]]) && !(inherits(x[["tree"]], "hclust") && length(x[["tree"]][["order"]]) == n)) {
    bad("tree", sprintf("must be an {.cls hclust} tree of the %d used rows", n))
  }
  invisible(x)
}

# What identifies a fit's partition: a hash of its codes, used rows and k.
# stability() stores it, so that steckbrief() can refuse the stability of
# another fit. O(n).
typology_fingerprint <- function(fit) {
  rlang::hash(list(as.integer(fit$cluster), as.integer(fit$rows), as.integer(fit$k)))
}

# nstart for a method of the registry (typology_methods()): the Ward methods
# (fit_ward_method) are deterministic and take only nstart = 1, in typology()
# and in every function that refits them (gap_statistic()).
is_deterministic_method <- function(method) {
  identical(typology_methods()[[method]]$fit, fit_ward_method)
}

check_method_nstart <- function(method, nstart, call = rlang::caller_env()) {
  if (is_deterministic_method(method) && !identical(as.integer(nstart), 1L)) {
    abort_input(
      c("{.arg nstart} must be 1 for {.code method = \"{method}\"}.",
        i = "Ward's method is deterministic: it has no random starts."),
      call = call
    )
  }
  invisible(nstart)
}

# A `dist` object's Size: a single whole number >= 2 whose n (n - 1) / 2 is
# the number of values. Returns n.
check_dist_size <- function(d, arg = "data", call = rlang::caller_env()) {
  n <- attr(d, "Size")
  ok <- is.numeric(n) && length(n) == 1L && !is.na(n) && n >= 2 && n == trunc(n) &&
    length(d) == as.double(n) * (n - 1) / 2
  if (!ok) {
    abort_input(
      c("{.arg {arg}} is not a valid {.cls dist} object.",
        x = "Its {.field Size} attribute must be the number of observations n, and it must hold n(n-1)/2 values (it has {length(d)}).",
        i = "Build it with {.fn stats::dist} or {.fn stats::as.dist}."),
      call = call
    )
  }
  as.integer(n)
}

# Dissimilarities are non-negative, for every function that takes a `dist`
# (PAM, hierarchy(), silhouette_widths()).
check_dist_nonnegative <- function(d, arg = "data", call = rlang::caller_env()) {
  neg <- sum(d < 0)
  if (neg > 0) {
    abort_input(
      c("{.arg {arg}} must contain non-negative dissimilarities.",
        x = "{neg} value{?s} {?is/are} negative."),
      call = call
    )
  }
  invisible(d)
}
