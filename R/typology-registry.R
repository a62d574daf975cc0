# The method registry: what typology(), predict(), the scans and the
# resampling ask about a method, and the one call into the fit dispatcher.

# The methods typology() knows. Adding a method = one entry here plus one
# fit function returning list(cluster, objective, settings, extra, starts)
# (cluster: 1..k for the rows of prep$x; settings: extra settings such as
# `prototypes` for predict(); extra: method results stored in the object).
# Optional: `prepare` (the method's own data preparation, instead of
# prepare_items()), and in the fit's result `centers` (type means, instead of
# the means of the rows of every type) and `permute(obj, ord)` (puts the
# method's own per-type results in the label order).
typology_methods <- function() {
  list(
    kmeans = list(distances = "euclidean", nstart = 25L, max_iter = 100L,
                  dist_object = FALSE, available = TRUE, fit = fit_kmeans_method),
    pam = list(distances = c("euclidean", "manhattan", "gower"), nstart = 1L,
               max_iter = 100L, dist_object = TRUE, fit = fit_pam_method),
    lca = list(distances = "none", nstart = 20L, max_iter = 1000L,
               dist_object = FALSE, available = TRUE, fit = fit_lca_method,
               prepare = lca_prepare_method),
    ward = list(distances = "euclidean", nstart = 1L, max_iter = 100L,
                dist_object = FALSE, fit = fit_ward_method),
    ward_kmeans = list(distances = "euclidean", nstart = 1L, max_iter = 100L,
                       dist_object = FALSE, fit = fit_ward_method)
  )
}

# What the dispatcher needs to refit: method, starts, iterations, distance
# (and Gower settings: list(range, nominal, weight) as typology() stores them;
# for LCA `lca`: list(model, ncat, tol)). The one place where R builds the
# settings the glue's fit_settings() reads.
# `max_matrix_bytes`: the memory limit of any stored matrix of one fit (the
# option typfrage.max_dist_gb; divided by the threads when fits run in
# parallel replicates); the C++ core decides with it between stored and
# memory-light/on-the-fly algorithms (use_light(), store_full_matrix()).
fit_spec <- function(method, nstart, max_iter, distance = "euclidean", gower = NULL,
                     max_matrix_bytes = max_dist_bytes(), lca = NULL) {
  out <- list(method = method, nstart = as.integer(nstart %||% 1L),
       max_iter = as.integer(max_iter %||% 100L),
       distance = distance %||% "euclidean",
       gower_range = as.double(gower$range), gower_nominal = as.logical(gower$nominal),
       gower_weight = if (is.null(gower$weight)) rep(1, length(gower$range))
                      else as.double(gower$weight),
       max_matrix_bytes = as.double(max_matrix_bytes))
  if (identical(method, "lca")) {
    out$distance <- "none"
    out$lca_model <- lca$model
    out$lca_ncat <- as.integer(lca$ncat)
    out$lca_tol <- as.double(lca$tol)
  }
  out
}

# The methods whose fits stability() (and every other refit of a fit) can
# redo: those of the registry that the core's fit dispatcher knows.
refit_methods <- function() {
  methods <- names(typology_methods())
  methods[vapply(methods, cpp_has_fit_method, logical(1))]
}

# The settings a refit of `fit` needs (stability(), short forms): those of the
# fit itself, by the method the registry refits it with.
refit_spec <- function(fit, max_matrix_bytes = max_dist_bytes()) {
  st <- fit$settings
  method <- refit_method(fit)
  fit_spec(method, st$nstart, st$max_iter, st$distance, st$gower,
           max_matrix_bytes = max_matrix_bytes,
           lca = if (identical(method, "lca"))
             list(model = st$lca_model, ncat = st$ncat, tol = st$tol))
}

# Arguments of cpp_fit_partition() shared by the methods.
# Every method's data reach C++ here, after the magnitude check
# (?typfrage_magnitude) and the bound on the starts.
core_fit <- function(prep, method, k, settings, seed, threads, verbose,
                     distance = "euclidean", stored = NULL, gower = NULL,
                     call = rlang::caller_env()) {
  check_magnitude(if (is.null(stored)) prep$x else stored, prep$weights, call = call)
  if (is.null(stored)) check_pairwise_overlap(prep$x, prep$rows, call = call)
  # every start keeps its labels, centres and sums of squares until the best is known
  check_replicate_memory(settings$nstart,
                         4 * prep$n + 8 * (as.double(k) * (prep$p + 2)) + 128,
                         arg = "nstart", call = call)
  x <- if (is.null(stored)) prep$x else matrix(0, 0, 0)
  # The core allocates outside R's heap, which R's garbage collector does
  # not see: collect R's temporaries of the data preparation first, so that
  # they do not add to the peak of a large fit (?typfrage_memory).
  if (length(x) > 5e6) invisible(gc(verbose = FALSE))
  cpp_fit_partition(
    x, fit_spec(method, settings$nstart, settings$max_iter, distance, gower), k,
    if (is.null(prep$weights)) numeric() else prep$weights,
    if (is.null(stored)) numeric() else stored,
    seed, threads, verbose
  )
}

starts_frame <- function(res) {
  data.frame(start = seq_along(res$start_objective),
             objective = res$start_objective,
             iterations = res$start_iterations,
             converged = res$start_converged)
}

# Methods whose objective is the within-type sum of squares (and partitions
# made elsewhere, as_typology(), which report it).
is_ss_method <- function(method) method %in% c("kmeans", "ward", "ward_kmeans", "external")

method_label <- function(method, lang = "en") {
  key <- paste0("method_", method)
  if (is.null(.typfrage_strings[[key]])) method else tr(key, lang)  # R/strings.R
}
