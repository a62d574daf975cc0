# Helpers of simulate_kommunen(): exact type counts, ranks, a local RNG,
# validation of its assumptions, and the codebook of the simulated data.

# Counts per category that add up to n, from shares (largest remainders).
exact_counts <- function(n, shares) {
  raw <- n * shares / sum(shares)
  counts <- floor(raw)
  left <- n - sum(counts)
  if (left > 0L) {
    extra <- order(raw - counts, decreasing = TRUE)[seq_len(left)]
    counts[extra] <- counts[extra] + 1
  }
  as.integer(counts)
}

# Rank 1 for the highest value; ties broken by position (no ties in practice).
rank_order <- function(x) {
  r <- integer(length(x))
  r[order(x, decreasing = TRUE)] <- seq_along(x)
  r
}

# Set Mersenne-Twister / Inversion / Rejection and the seed; return a
# function that restores the session's generator kind and state.
local_rng <- function(seed) {
  env <- globalenv()
  had_seed <- exists(".Random.seed", envir = env, inherits = FALSE)
  old_seed <- if (had_seed) get(".Random.seed", envir = env, inherits = FALSE)
  old_kind <- RNGkind()
  RNGkind("Mersenne-Twister", "Inversion", "Rejection")
  set.seed(seed)
  function() {
    # re-applying the user's own (possibly deprecated) kind is not news
    suppressWarnings(RNGkind(old_kind[1L], old_kind[2L], old_kind[3L]))
    if (had_seed) {
      assign(".Random.seed", old_seed, envir = globalenv())
    } else if (exists(".Random.seed", envir = globalenv(), inherits = FALSE)) {
      rm(".Random.seed", envir = globalenv())
    }
  }
}

# An argument `x` of simulate_kommunen() that is not of the form of its
# shipped default: "must be {must}", what was wrong (`detail`; NULL: the type
# of `x`; NA: nothing) and how to start from the default (`hint`). The
# strings are interpolated here, where they may use {x} and {arg}.
abort_unlike <- function(x, arg, must, detail, hint, call) {
  if (is.null(detail)) detail <- "You supplied {.obj_type_friendly {x}}."
  abort_input(c(paste0("{.arg {arg}} must be ", must, "."),
                x = if (!identical(detail, NA)) detail, i = hint), call = call)
}

check_shares <- function(shares, arg = rlang::caller_arg(shares),
                         call = rlang::caller_env()) {
  if (!is.numeric(shares) || length(shares) != 4L) {
    abort_unlike(shares, arg, "a numeric vector of 4 shares, one per type",
                 if (is.numeric(shares)) "You supplied {length(x)} number{?s}.",
                 "Give one share per type, in the order of {.code names(kommunen_assumptions$shares)}.",
                 call)
  }
  if (anyNA(shares) || any(!is.finite(shares)) || any(shares < 0)) {
    abort_input(
      c("{.arg {arg}} must not contain negative or missing values.",
        x = "You supplied {.val {shares}}."),
      call = call
    )
  }
  if (abs(sum(shares) - 1) > 1e-8) {
    abort_input(
      c("{.arg {arg}} must sum to 1.",
        x = "Your shares sum to {format(sum(shares), digits = 4)}."),
      call = call
    )
  }
  names(shares) <- enc2utf8(type_names_de)
  shares
}

check_profiles <- function(profiles, arg = rlang::caller_arg(profiles),
                           call = rlang::caller_env()) {
  ok <- is.matrix(profiles) && is.numeric(profiles) && identical(dim(profiles), c(4L, 12L)) &&
    all(is.finite(profiles))
  if (!ok) {
    abort_unlike(profiles, arg, "a finite numeric 4 x 12 matrix (types by goals)", NA,
                 "Start from {.code kommunen_profiles} and change its values.", call)
  }
  invisible(profiles)
}

check_assumptions <- function(assumptions, arg = rlang::caller_arg(assumptions),
                              call = rlang::caller_env()) {
  needed <- names(kommunen_assumptions)
  missing <- setdiff(needed, names(assumptions))
  if (!is.list(assumptions) || length(missing)) {
    abort_unlike(assumptions, arg, "a list like {.code kommunen_assumptions}",
                 if (is.list(assumptions))
                   "Missing element{?s}: {.val {setdiff(names(kommunen_assumptions), names(x))}}.",
                 "Start from {.code kommunen_assumptions} and change its elements.", call)
  }
  probs <- list(kind = 4L, state = 16L, egov_probs = 10L)
  for (el in names(probs)) {
    p <- assumptions[[el]]
    if (!is.numeric(p) || length(p) != probs[[el]] || anyNA(p) || any(p < 0) || sum(p) <= 0) {
      abort_input(
        "{.code {arg}${el}} must be {probs[[el]]} non-negative numbers, not all 0.",
        call = call
      )
    }
  }
  covs <- c("strategy", "fim", "fibre", "egov")
  ok <- list(
    population = is.data.frame(assumptions$population) &&
      nrow(assumptions$population) == 4L &&
      all(c("median", "sdlog", "min", "max") %in% names(assumptions$population)),
    size_effect = is.numeric(assumptions$size_effect) &&
      all(covs %in% names(assumptions$size_effect)) &&
      all(is.finite(assumptions$size_effect[covs])),
    type_effect = is.matrix(assumptions$type_effect) && is.numeric(assumptions$type_effect) &&
      nrow(assumptions$type_effect) == 4L && all(covs %in% colnames(assumptions$type_effect)) &&
      all(is.finite(assumptions$type_effect)),
    responsibility = is.matrix(assumptions$responsibility) &&
      is.numeric(assumptions$responsibility) && nrow(assumptions$responsibility) == 4L &&
      !is.null(colnames(assumptions$responsibility)) &&
      !anyNA(assumptions$responsibility) && all(assumptions$responsibility >= 0) &&
      all(rowSums(assumptions$responsibility) > 0),
    participation = is.numeric(assumptions$participation) &&
      length(assumptions$participation) == 4L && !anyNA(assumptions$participation) &&
      all(assumptions$participation >= 0 & assumptions$participation <= 1)
  )
  bad <- names(ok)[!unlist(ok)]
  if (length(bad)) {
    abort_input(
      c("{.code {arg}${bad[1]}} does not have the layout of {.code kommunen_assumptions${bad[1]}}.",
        i = "Start from {.code kommunen_assumptions} and change its values."),
      call = call
    )
  }
  invisible(assumptions)
}

# The codebook shipped as `kommunen_items` (made by data-raw/kommunen.R).
kommunen_codebook <- function() {
  type <- rep(type_names_de, each = 3L)
  data.frame(
    variable = goal_items,
    label_de = enc2utf8(c(
      "Umsetzung rechtlicher Vorgaben",
      "F\u00f6rdermittel einwerben",
      "IT-Sicherheit",
      "Effizienz der Verwaltungsprozesse",
      "Effektivit\u00e4t und Ausbau des Leistungsangebots",
      "Nutzung von Verwaltungsdaten",
      "Attraktivit\u00e4t der Kommune",
      "B\u00fcrgern\u00e4he",
      "Zufriedenheit von Besch\u00e4ftigten und B\u00fcrgerschaft",
      "Kommunale Daseinsvorsorge",
      "\u00d6rtliche Gemeinschaft und Wirtschaft",
      "Offenheit und Beteiligung"
    )),
    label_en = c(
      "Implementing legal requirements",
      "Obtaining funding",
      "IT security",
      "Efficiency of administrative processes",
      "Effectiveness and range of services",
      "Use of administrative data",
      "Attractiveness of the municipality",
      "Closeness to citizens",
      "Satisfaction of staff and citizens",
      "Services of general interest (Daseinsvorsorge)",
      "Local community and business",
      "Openness and participation"
    ),
    type = factor(enc2utf8(type), levels = enc2utf8(type_names_de)),
    basis = c("focus", "focus", "trait",
              "focus", "focus", "trait",
              "focus", "focus", "trait",
              "focus", "focus", "trait"),
    stringsAsFactors = FALSE
  )
}
