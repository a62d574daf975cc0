#' Assign new cases to the types of a typology
#'
#' Codes `newdata` exactly as the data the typology was built from (same
#' items, factor levels, declared missing values and standardisation) and
#' assigns every row to a type, with the same code and the same tie rule as
#' the fit, so that `predict(fit, <the training data>)` returns `fit$cluster`.
#'
#' @section Assignment rules:
#' * k-means, Ward + k-means, k-means with `na_action = "available"`: the
#'   nearest type centre (squared Euclidean distance in the fitted scale).
#' * PAM: the nearest medoid, with the fit's distance (Euclidean, Manhattan or
#'   Gower). Rows equally far from two medoids go to the medoid that comes
#'   first in the data, in the fit as in `predict()`.
#' * Ward: a hierarchical cut is not a nearest-centre rule (a row may lie
#'   nearer another type's centre than its own), so a new row joins the type
#'   of its **nearest fitted row** (Euclidean distance in the fitted scale;
#'   ties: the first such row). The fitted rows therefore get exactly their
#'   types. `type = "distance"` still gives the distances to the type centres.
#' * Latent class analysis: the most probable type given the answered items
#'   (missing answers drop out of the likelihood).
#' * A partition made elsewhere ([as_typology()]) has no assignment rule and
#'   cannot predict.
#'
#' Ties among type centres (equal distances) go to the type the core
#' numbered first; for k-means, Hartigan's transfers leave no fitted row
#' exactly as near another centre as its own.
#'
#' @section Partial answers:
#' With `na_action = "available"` (centre methods), a row with unanswered
#' items is assigned on the items it answered: the distances are summed over
#' those items and multiplied by p / (answered items), the rescaling of
#' Gower (1971) (Gower's coefficient itself averages over the answered items);
#' attribute `"items_used"` of the result says how many items each row
#' answered. Rows without any answered item stay `NA`. With the default
#' `"omit"`, rows with a missing item get `NA` and a warning of class
#' `typfrage_warning_missing`; `"fail"` stops.
#'
#' @section Soft assignment:
#' `type = "prob"` gives, for latent class typologies, the posterior type
#' probabilities. For the centre methods there is no probability model; it
#' gives the fuzzy c-means memberships of Bezdek (1981) with fuzzifier
#' \eqn{m = 2}: \eqn{u_{ij} = \delta_{ij}^{-2} / \sum_l \delta_{il}^{-2}} for
#' the distances \eqn{\delta} of `type = "distance"` (a row that sits on a
#' centre belongs to it with 1). They sum to 1 per row and say how clearly a
#' row belongs to its type; they are not probabilities.
#'
#' @param object A `typology` from [typology()].
#' @param newdata A data frame or matrix with (at least) the fitted items.
#'   `NULL` returns the fitted result (types, names, posteriors or distances
#'   of the rows the typology was built from).
#' @param type `"class"` (the default): the type of every row (integer);
#'   `"name"`: the same as a factor whose levels are the type names
#'   ([name_types()]); `"prob"`: a matrix of posterior type probabilities
#'   (latent classes) or memberships (centre methods, see below), one column
#'   per type; `"distance"`: a matrix of the distance of every row to every
#'   type's centre (k-means and Ward: Euclidean in the fitted scale; PAM: the
#'   fit's distance to every medoid).
#' @param na_action Rows with unanswered items: `"omit"` (the default) gives
#'   them `NA` (with a warning), `"available"` assigns them on the answered
#'   items (centre methods; latent class typologies always do), `"fail"`
#'   stops with an error.
#' @param out_of_range Answers outside the range an item had in the fitted
#'   data (a 7 on a 1-5 item): `"error"` (the default) stops and names them;
#'   `"allow"` assigns them as they are.
#' @param data The data the typology was fitted on, for a fit made with
#'   `keep_data = FALSE`: needed by a Ward typology (new rows join the type
#'   of their nearest fitted row) and by `type = "prob"` or `"distance"`
#'   with `newdata = NULL`. Ignored when the fit carries its data.
#' @param ... Unused.
#' @return For `type = "class"` an integer vector of types (1..k); for
#'   `"name"` a factor; otherwise a numeric matrix with one row per row of
#'   `newdata` and one column per type. With `na_action = "available"` the
#'   attribute `"items_used"` holds the number of answered items per row.
#' @references
#' Bezdek, J. C. (1981). *Pattern Recognition with Fuzzy Objective Function
#' Algorithms*. Plenum, New York.
#'
#' Gower, J. C. (1971). A general coefficient of similarity and some of its
#' properties. *Biometrics*, 27, 857--871.
#' @export
#' @examples
#' fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
#' predict(fit, USArrests[c("Texas", "Vermont"), ])
#' predict(fit, USArrests[c("Texas", "Vermont"), ], type = "distance")
#'
#' # a case with one answer missing, assigned on the three answered items
#' new <- data.frame(Murder = 10, Assault = NA, UrbanPop = 60, Rape = 20)
#' predict(fit, new, na_action = "available")
predict.typology <- function(object, newdata = NULL,
                             type = c("class", "name", "prob", "distance"),
                             na_action = c("omit", "available", "fail"),
                             out_of_range = c("error", "allow"), data = NULL, ...) {
  check_typology(object, ..., arg = "object")
  call <- rlang::current_env()
  type <- check_choice(type)
  na_action <- check_choice(na_action)
  out_of_range <- check_choice(out_of_range)
  if (identical(object$method, "external")) abort_external_predict(call)
  if (identical(object$method, "lca")) {
    return(predict_lca_typology(object, newdata, type, out_of_range, call))
  }
  s <- object$settings
  if (is.null(s$prototypes)) {
    abort_input("This typology cannot assign new cases (no centres or medoids stored).",
                call = call)
  }
  if (identical(s$distance, "stored")) {
    abort_input(
      c("This typology was fitted on a {.cls dist} object and cannot assign new cases.",
        i = "Fit it with {.code distance = \"euclidean\"}, {.val manhattan} or {.val gower} to predict."),
      call = call
    )
  }
  if (is.null(newdata)) {
    if (type == "class") return(object$cluster)
    if (type == "name") return(type_factor(object, object$cluster))
    x <- fitted_scale(object, data, call)
    rows <- object$rows
    available <- anyNA(x)
  } else {
    x <- newdata_items(s, newdata, na_action, out_of_range, call)
    rows <- seq_len(nrow(x))
    available <- na_action == "available"
  }
  x[is.na(x)] <- NaN
  out <- assign_types(object, x, type, available, data, call)
  if (is.null(newdata) && type %in% c("prob", "distance")) {
    full <- matrix(NA_real_, length(object$cluster), object$k, dimnames = list(NULL, colnames(out)))
    full[rows, ] <- out
    out <- full
  }
  out
}

# predict() of a latent class typology: posterior probabilities or modal
# classes (of the fitted rows, or of new data checked like the fit's).
predict_lca_typology <- function(object, newdata, type, out_of_range, call) {
  if (type == "distance") {
    abort_input(
      c("{.code type = \"distance\"} needs a typology with type centres or medoids.",
        i = "A latent class typology assigns by posterior probabilities: use {.code type = \"prob\"}."),
      call = call
    )
  }
  if (!is.null(newdata)) {
    x <- prepare_newdata(object$settings, newdata, call = call)
    check_answer_range(object$settings, attr(x, "raw"), out_of_range, call)
  }
  res <- predict_lca(object, newdata, if (type == "prob") "prob" else "class", call = call)
  if (type == "name") type_factor(object, res) else res
}

# The items of `newdata` coded as the fit's (standardised if it was), after
# the missing-data and range policies of predict().
newdata_items <- function(s, newdata, na_action, out_of_range, call) {
  x <- prepare_newdata(s, newdata, call = call)
  if (any(is.infinite(x))) {
    bad <- which(rowSums(is.infinite(x)) > 0)
    abort_input(
      c("{.arg newdata} must not contain infinite answers.",
        x = "{length(bad)} row{?s} {?has/have} Inf or -Inf (first: row{cli::qty(min(5, length(bad)))}{?s} {.val {utils::head(bad, 5)}})."),
      call = call, class = "typfrage_error_missing"
    )
  }
  check_answer_range(s, attr(x, "raw"), out_of_range, call)
  attr(x, "raw") <- NULL
  incomplete <- !stats::complete.cases(x) & rowSums(!is.na(x)) > 0
  if (any(incomplete) && na_action == "fail") {
    abort_input(
      c("{.arg newdata} has {sum(incomplete)} row{?s} with unanswered items (first: row{cli::qty(min(5, sum(incomplete)))}{?s} {.val {utils::head(which(incomplete), 5)}}).",
        i = "Use {.code na_action = \"available\"} to assign them on the answered items."),
      call = call, class = "typfrage_error_missing"
    )
  }
  if (any(incomplete) && na_action == "omit") {
    cli::cli_warn(
      c("{sum(incomplete)} row{?s} of {.arg newdata} with unanswered items {?gets/get} no type ({.code NA}).",
        i = "Use {.code na_action = \"available\"} to assign {cli::qty(sum(incomplete))}{?it/them} on the answered items."),
      class = "typfrage_warning_missing"
    )
  }
  x
}

# The fitted rows in the fitted scale (standardised if the fit was).
fitted_scale <- function(fit, data = NULL, call = rlang::caller_env()) {
  x <- fit_data(fit, data, "predict", call)
  s <- fit$settings
  if (isTRUE(s$standardize)) x <- sweep(sweep(x, 2, s$center), 2, s$scale, "/")
  if (!is.double(x)) storage.mode(x) <- "double"
  x
}

# Types (or distances, memberships) of the rows of `x` (fitted scale, NaN =
# unanswered) by the core's assign_nearest(): the fit's distance and tie rule.
assign_types <- function(fit, x, type, available, data = NULL, call = rlang::caller_env()) {
  s <- fit$settings
  metric <- assign_metric(fit)
  complete <- stats::complete.cases(x)
  if (!available) x[!complete, ] <- NaN  # no partial answers: no type
  priority <- if (is.null(s$tie_priority)) integer() else as.integer(s$tie_priority)
  threads <- resolve_threads(NULL)
  proto <- s$prototypes
  if (!is.double(proto)) storage.mode(proto) <- "double"
  need_dist <- type %in% c("prob", "distance")
  a <- cpp_assign_nearest(x, unname(proto), metric, s$gower, priority, TRUE, need_dist, threads)
  if (identical(fit$method, "ward") && type %in% c("class", "name")) {
    # Ward: the type of the nearest fitted row
    train <- fitted_scale(fit, data, call)
    nn <- cpp_assign_nearest(x, unname(train), "sqeuclidean", NULL, integer(), TRUE, FALSE, threads)
    a$cluster <- fit$cluster[fit$rows][nn$cluster]
  }
  labs <- type_labels(fit)
  out <- switch(type,
    class = a$cluster,
    name = type_factor(fit, a$cluster),
    distance = {
      d <- a$dist
      if (metric == "sqeuclidean") d <- sqrt(d)
      dimnames(d) <- list(NULL, labs)
      d
    },
    prob = {
      d <- a$dist
      if (metric != "sqeuclidean") d <- d^2
      u <- 1 / d
      on <- d == 0 & !is.na(d)
      hit <- rowSums(on) > 0
      u[hit, ] <- on[hit, , drop = FALSE] / rowSums(on[hit, , drop = FALSE])
      u <- u / rowSums(u)
      dimnames(u) <- list(NULL, labs)
      u
    })
  if (available) attr(out, "items_used") <- a$used
  out
}

# The distance assign_types() assigns with: squared Euclidean for the
# k-means and Ward methods, the fit's distance for PAM (self_assessment()'s
# page uses the same).
assign_metric <- function(fit) {
  if (fit$method %in% c("kmeans", "ward", "ward_kmeans")) "sqeuclidean" else fit$settings$distance
}

# Types as a factor whose levels are the type names.
type_factor <- function(fit, cluster) {
  factor(type_labels(fit)[cluster], levels = type_labels(fit))
}

# Answers outside the range an item had in the fitted data.
check_answer_range <- function(settings, raw, out_of_range, call) {
  rng <- settings$range
  if (out_of_range == "allow" || is.null(rng) || is.null(raw)) return(invisible())
  numeric_items <- names(settings$kinds)[settings$kinds == "numeric"]
  bad <- character()
  for (j in intersect(numeric_items, colnames(rng))) {
    v <- raw[, j]
    out <- !is.na(v) & (v < rng["min", j] | v > rng["max", j])
    if (any(out)) {
      bad <- c(bad, sprintf("%s: %s (fitted range %s to %s)", j,
                            paste(utils::head(unique(v[out]), 3), collapse = ", "),
                            format(rng["min", j]), format(rng["max", j])))
    }
  }
  if (length(bad)) {
    abort_input(
      c("{.arg newdata} has answers outside the range of the fitted data.",
        stats::setNames(bad, rep("x", length(bad))),
        i = "Check the codes (a missing-value code such as 9 should be declared missing), or use {.code out_of_range = \"allow\"}."),
      call = call, class = "typfrage_error_range"
    )
  }
  invisible()
}
